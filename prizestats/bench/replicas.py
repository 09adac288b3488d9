"""One dashboard server against two behind Debian's nginx on 127.0.0.1, under the same load.

    apt-get install nginx-light        # once, as root
    python -m prizestats.bench.replicas [--db PATH]

Not part of `prizestats bench` (it needs nginx); the result is in BENCHMARKS.md. The two servers
and nginx are started as `python -m prizestats serve --replicas 2` starts them, with its nginx
configuration (prizestats.serve.nginx_conf: the one in the codebase), so what is measured is
what is deployed. That configuration keeps a visitor on one server by a cookie; the load
clients send none, so each session's websocket lands on a server chosen by a random value.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from prizestats import db, importer, serve
from prizestats.bench.run import APP, APP_LOAD, load_levels

LEVELS = (50, 100)
SECONDS = 60
THINK_S = (2.0, 5.0)


def measure(database: Path, levels: tuple[int, ...] = LEVELS, seconds: float = SECONDS,
            think_s: tuple[float, float] = THINK_S) -> list[dict]:
    env = {"PRIZESTATS_DB": str(database.absolute()), "PRIZESTATS_ROLE": "organiser"}
    with serve.serve(APP, serve.free_port(), env) as one:
        rows = load_levels(one.port, "one server", APP_LOAD, levels, seconds, think_s,
                           one.rss_mb)
    with tempfile.TemporaryDirectory(prefix="prizestats-replicas-") as folder, \
            serve.replicas_behind_nginx(2, serve.HOST, serve.free_port(), env,
                                        importer.upload_limit_mb(), Path(folder)) as two:
        rows += load_levels(two.port, "two servers behind nginx", APP_LOAD, levels, seconds,
                            think_s, lambda: sum(s.rss_mb() for s in two.servers))
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
