"""The readers' loads (mixed reading, arrivals) on one and on two dashboard servers behind
Debian's nginx on 127.0.0.1, and the Overview filter load of `prizestats bench`.

    apt-get install nginx-light        # once, as root (make test and make bench install it)
    python -m prizestats.bench.replicas [--db PATH]

Not part of `prizestats bench` (it needs nginx); the result is in BENCHMARKS.md. The servers and
nginx are started as `python -m prizestats serve --replicas N` starts them, with its nginx
configuration (prizestats.ops.serve.nginx_conf: the one in the codebase), so what is measured is
what is deployed; one server is measured behind nginx too, so that both go through the proxy.
That configuration keeps a visitor on one server by a cookie; the load clients send none, so
each session's websocket lands on a server chosen by a random value. Each server is warmed up
on its own port first (every public page and edition once).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from prizestats.bench import readers, run
from prizestats.ops import serve
from prizestats.store import db, guards

READER_SESSIONS = (80, 120, 160)
ARRIVAL_RATES = (16, 32, 48)
SECONDS = 60
ARRIVAL_SECONDS = 30
THINK_S = (2.0, 5.0)


def measure(database: Path, replicas: tuple[int, ...] = (1, 2),
            sessions: tuple[int, ...] = READER_SESSIONS, rates: tuple[float, ...] = ARRIVAL_RATES,
            seconds: float = SECONDS, arrival_seconds: float = ARRIVAL_SECONDS) -> list[dict]:
    """One row per load and level, for each number of replicas; levels stop at the first that
    took over 3 s at p95 or had errors (run.readers_section's rule)."""
    env = {"PRIZESTATS_DB": str(database.absolute()), "PRIZESTATS_ROLE": "press"}
    rows = []
    for count in replicas:
        with tempfile.TemporaryDirectory(prefix="prizestats-replicas-") as folder, \
                serve.replicas_behind_nginx(count, serve.HOST, serve.free_port(), env,
                                            guards.upload_limit_mb(), Path(folder)) as group:
            mixed, arriving = run.reader_loads(
                group.port, readers.APP, f"{count} replica(s)",
                lambda: sum(s.rss_mb() for s in group.servers), sessions, seconds, THINK_S,
                rates, arrival_seconds, servers=tuple(s.port for s in group.servers))
        rows += [{"replicas": count, "load": "mixed reading", "level": r["sessions"], **r}
                 for r in mixed]
        rows += [{"replicas": count, "load": "arrivals", "level": r["per_second"], **r}
                 for r in arriving]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="database (default: the usual one)")
    args = parser.parse_args()
    try:
        serve.nginx_path()
    except serve.ServeError as error:
        parser.error(str(error))
    print(json.dumps(measure(args.db or db.db_path()), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
