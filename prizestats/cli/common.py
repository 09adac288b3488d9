"""What every command shares: the --db option, a failure's one line, a read-only database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prizestats.cli import arguments
from prizestats.store import db, releases

MOMENT_HELP = "a date-time (2027-02-15T18:00; no offset means Seoul) or a date ({})"


def db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="database file (default: $PRIZESTATS_DB, else data/prizestats.duckdb)")


def edition_files_options(parser: argparse.ArgumentParser, as_of_help: str) -> None:
    """The options of the commands that write files about one edition (press-kit, report)."""
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--edition", type=arguments.edition, default=None,
                        help="edition number, 1 = 2023 (default: the latest edition with "
                             "entries)")
    parser.add_argument("--lang", type=arguments.languages, default=("en", "ko"),
                        metavar="en,ko", help="languages, comma-separated (default: en,ko)")
    parser.add_argument("--as-of", type=arguments.as_of, default=None, metavar="T",
                        help=as_of_help)
    db_option(parser)


REASON_HELP = ("why the data change (kept with the release, shown beside each public figure "
               "it moves); needed when a figure already public would move")


def reason_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reason", metavar="TEXT", default=None, help=REASON_HELP)


def reason_needed(error: releases.ReasonNeeded) -> int:
    """A change refused for want of a reason: each public figure it would move, one a line."""
    for line in error.lines():
        print(f"error: {line}", file=sys.stderr)
    return 2


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def with_database(command):
    """Open the database read-only for a command, which receives a query runner over it."""
    def run_command(args: argparse.Namespace) -> int:
        try:
            con = db.connect(args.db)
        except FileNotFoundError as error:
            return fail(str(error))
        with con:
            return command(args, lambda name, params: db.run(con, name, params))
    return run_command
