"""The serve command: the dashboard on one server, or several behind nginx."""

from __future__ import annotations

import argparse
from pathlib import Path

from prizestats.cli import arguments
from prizestats.cli.common import db_option, fail
from prizestats.ops import serve as serving
from prizestats.store import db, guards


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """serve."""
    p = commands.add_parser(
        "serve", help="run the dashboard: one server, or several behind nginx (one per core)",
        description="Run the dashboard on --address:--port. One server (the default) is "
                    "`streamlit run dashboard.py`, which uses one core. With --replicas N, N "
                    "servers run on free ports of 127.0.0.1 behind Debian's nginx (run as an "
                    "ordinary program; apt-get install nginx-light), and every visitor stays "
                    "on one server (a cookie, prizestats_replica). Prints where to open it once "
                    "every server answers; Ctrl-C or SIGTERM stops them all, and so does any "
                    "of them dying (the message names its log).")
    p.add_argument("--replicas", type=arguments.replicas, default=1, metavar="N",
                   help=f"servers, 1 to {serving.MAX_REPLICAS}; about one per core (default: 1)")
    p.add_argument("--port", type=arguments.port, default=8501, metavar="P",
                   help="the port to open (default: 8501)")
    p.add_argument("--address", type=arguments.address, default="127.0.0.1", metavar="A",
                   help="the address to listen on (default: 127.0.0.1; 0.0.0.0 for every one)")
    p.add_argument("--state", type=Path, default=None, metavar="DIR",
                   help="folder for nginx's configuration and the logs, kept (default: a "
                        "temporary folder, removed on a clean stop)")
    db_option(p)
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        return serving.run(args.replicas, args.address, args.port, args.db or db.db_path(),
                           guards.upload_limit_mb(), args.state)
    except serving.ServeError as error:
        return fail(str(error))
