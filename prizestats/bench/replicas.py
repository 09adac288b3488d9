"""One dashboard server against two behind Debian's nginx on 127.0.0.1, under the same load.

    apt-get install nginx-light        # once, as root
    python -m prizestats.bench.replicas [--db PATH]

Not part of `prizestats bench` (it needs nginx); the result is in BENCHMARKS.md. Connections go
to the server with the fewest (least_conn): a session's websocket is one connection and stays
where it landed, which is all the protocol-level load needs (see BENCHMARKS.md on stickiness).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from prizestats import db
from prizestats.bench import load
from prizestats.bench.run import APP, APP_LOAD, load_levels

LEVELS = (50, 100)
THINK_S = (2.0, 5.0)
NGINX_CONF = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  upstream dashboard {{ least_conn; {servers} }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://dashboard;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 1h;
    }}
  }}
}}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="database (default: the usual one)")
    args = parser.parse_args()
    if shutil.which("nginx") is None:
        parser.error("nginx is not installed: apt-get install nginx-light")
    env = {"PRIZESTATS_DB": str((args.db or db.db_path()).resolve()),
           "PRIZESTATS_ROLE": "organiser"}
    with load.serve(APP, load.free_port(), env) as one:
        rows = load_levels(one.port, "one server", APP_LOAD, LEVELS, 60, THINK_S, one.rss_mb)
    with ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
        servers = [stack.enter_context(load.serve(APP, load.free_port(), env)) for _ in range(2)]
        port = load.free_port()
        conf = Path(folder) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(
            folder=folder, port=port,
            servers=" ".join(f"server 127.0.0.1:{s.port};" for s in servers)))
        nginx = subprocess.Popen(["nginx", "-p", folder, "-c", str(conf), "-g", "daemon off;"])
        stack.callback(nginx.wait, 10)
        stack.callback(nginx.terminate)
        deadline = time.monotonic() + 10
        while not load._health(port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not answer on 127.0.0.1:{port}")
            time.sleep(0.2)
        rows += load_levels(port, "two servers behind nginx", APP_LOAD, LEVELS, 60, THINK_S,
                            lambda: sum(s.rss_mb() for s in servers))
    print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
