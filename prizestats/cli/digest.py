"""The `digest` command's options; the digest itself is prizestats.outputs.digest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prizestats.cli import arguments
from prizestats.outputs import digest
from prizestats.outputs.digest import DEFAULT_SECRETS


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `digest` command, for python -m prizestats."""
    p = commands.add_parser(
        "digest", help="email the daily intake digest to organisers",
        description="Email the intake digest of an edition to organisers: one message per "
                    "language (HTML and plain text, charts inline as PNG) with the entries that "
                    "arrived since the moment the previous digest covered (by region and "
                    "category), the running total against each earlier edition at the same "
                    "number of days before the deadline, the projection with its 80% interval, "
                    "countries and regions missing compared with the last edition, late entries "
                    "and a link to the Intake page. Every recipient must be an organiser in the "
                    "role map ([prizestats.roles] of the secrets file); SMTP settings come from "
                    "its [prizestats.smtp]. Only a send that the server accepted whole moves "
                    "the covered moment on (a file beside the database); --out and --dry-run "
                    "move nothing. Exit status 2, and nothing moved on, on any problem.")
    p.add_argument("--edition", type=arguments.edition, default=None,
                   help="edition number, 1 = 2023 (default: the latest edition with entries)")
    p.add_argument("--as-of", type=arguments.as_of, default=None, metavar="T",
                   help="a date (end of that day, Asia/Seoul) or date-time (default: now); a "
                        "send cannot cover a moment later than now")
    p.add_argument("--lang", type=arguments.languages, default=("ko",), metavar="ko,en",
                   help="languages, one message each, comma-separated (default: ko)")
    p.add_argument("--to", action="extend", nargs="+", default=None, metavar="ADDR",
                   help="recipients, each an organiser in the role map (\"kim@seoul.go.kr\" or "
                        "\"Kim Minsu <kim@seoul.go.kr>\"; default: every organiser the role map "
                        "names by exact email)")
    p.add_argument("--secrets", type=Path, default=None, metavar="PATH",
                   help=f"the secrets file with [prizestats.roles] and [prizestats.smtp] "
                        f"(default: {DEFAULT_SECRETS})")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="write each message as DIR/digest-EDITION-DAY-LANG.eml (exactly what "
                        "would be sent) and .html instead of sending; moves nothing")
    p.add_argument("--dry-run", action="store_true",
                   help="check everything and show what would be sent, without sending; moves "
                        "nothing")
    p.add_argument("--db", type=Path, default=None,
                   help="database file (default: $PRIZESTATS_DB, else data/prizestats.duckdb)")
    p.set_defaults(handler=digest.run)
    return p


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m prizestats")
    add_parser(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """`python -m prizestats.cli.digest ARGS`: the same as `python -m prizestats digest ARGS`."""
    args = make_parser().parse_args(["digest", *(sys.argv[1:] if argv is None else argv)])
    return digest.run(args)


if __name__ == "__main__":
    sys.exit(main())
