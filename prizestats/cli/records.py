"""The commands that manage one kind of record: edition add|set, published add|list|remove."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from prizestats.cli import arguments
from prizestats.cli.common import MOMENT_HELP, db_option, reason_needed, reason_option
from prizestats.core.times import KST
from prizestats.store import db, records, releases


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """edition and published."""
    _edition_parsers(commands)
    _published_parsers(commands)


def _edition_parsers(commands) -> None:
    p = commands.add_parser(
        "edition", help="add an edition or change its dates",
        description="Editions drive the call window, the pace on the Intake page and the "
                    "embargo. Each change is checked (dates in order, numbers without gaps), "
                    "kept as a database version (see restore) and logged in the import history.")
    p.set_defaults(handler=cmd_edition)
    verbs = p.add_subparsers(dest="verb", required=True, metavar="add|set")
    for verb, text in (("add", "add the next edition"), ("set", "change fields of an edition")):
        v = verbs.add_parser(verb, help=text, description=text)
        v.add_argument("--edition", type=arguments.edition, required=True, metavar="N")
        v.add_argument("--year", required=verb == "add", metavar="Y")
        v.add_argument("--call-opens-at", required=verb == "add", metavar="T",
                       help=MOMENT_HELP.format("the start of that day"))
        v.add_argument("--call-closes-at", required=verb == "add", metavar="T",
                       help=MOMENT_HELP.format("the end of that day"))
        v.add_argument("--finalists-announced-at", metavar="T",
                       help=MOMENT_HELP.format("the end of that day") + "; none: finalists are "
                            "announced at the ceremony")
        v.add_argument("--ceremony-at", metavar="T",
                       help=MOMENT_HELP.format("the end of that day, so that no result is "
                                               "shown early"))
        v.add_argument("--venue", metavar="TEXT")
        v.add_argument("--note", metavar="TEXT", help="where the dates come from, assumptions")
        reason_option(v)
        db_option(v)


def _published_parsers(commands) -> None:
    p = commands.add_parser(
        "published", help="record, list or remove a figure the organisers published",
        description="Published figures are shown beside the computed ones (the reconciliation) "
                    "and, to everyone but organisers, only once public: from the end of "
                    "--published-on in Seoul (or from its hour when given), never before the "
                    "result they state is announced.")
    p.set_defaults(handler=cmd_published)
    verbs = p.add_subparsers(dest="verb", required=True, metavar="add|list|remove")
    v = verbs.add_parser("add", help="record a published figure")
    v.add_argument("--edition", type=arguments.edition, required=True, metavar="N")
    v.add_argument("--metric", required=True, metavar="M",
                   help="one of " + ", ".join(records.METRICS))
    v.add_argument("--dimension", metavar="D",
                   help="a region, applicant type or award group, for the metrics that take one")
    v.add_argument("--value", required=True, metavar="V")
    v.add_argument("--unit", choices=("count", "percent"), default=None,
                   help="default: the metric's own")
    v.add_argument("--published-on", required=True, metavar="DATE[Ttime]",
                   help="the day of publication (public from the end of it in Seoul), or the "
                        "moment of release when its hour is known")
    v.add_argument("--source-url", required=True, metavar="URL")
    v.add_argument("--note", metavar="TEXT")
    reason_option(v)
    db_option(v)
    v = verbs.add_parser("list", help="list the recorded figures and when each is public")
    v.add_argument("--edition", type=arguments.edition, default=None, metavar="N")
    db_option(v)
    v = verbs.add_parser("remove", help="remove a recorded figure")
    v.add_argument("--edition", type=arguments.edition, required=True, metavar="N")
    v.add_argument("--metric", required=True, metavar="M")
    v.add_argument("--dimension", metavar="D")
    reason_option(v)
    db_option(v)


def _fields(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, str | None]:
    return {name: getattr(args, name) for name in names}


def _record_failed(error: records.RecordError) -> int:
    for problem in error.problems:
        print(f"error: {records.describe(problem)}", file=sys.stderr)
    return 2


def cmd_edition(args: argparse.Namespace) -> int:
    target = args.db or db.db_path()
    given = _fields(args, records.EDITION_FIELDS)
    try:
        if args.verb == "add":
            added = records.add_edition(target, args.edition, given, args.reason)
            print(f"added edition {added.number} ({added.year}) to {target}")
            return 0
        changes = records.set_edition(target, args.edition, given, args.reason)
    except records.RecordError as error:
        return _record_failed(error)
    except releases.ReasonNeeded as error:
        return reason_needed(error)
    if not changes:
        print(f"edition {args.edition}: nothing to change")
    for field, change in changes.items():
        print(f"edition {args.edition} {field}: {change['from']} -> {change['to']}")
    return 0


def cmd_published(args: argparse.Namespace) -> int:
    target = args.db or db.db_path()
    try:
        if args.verb == "add":
            record = records.add_published(target, _fields(args, (
                "edition", "metric", "dimension", "value", "unit", "published_on",
                "source_url", "note")) | {"edition": str(args.edition)}, args.reason)
            dimension = f" {record['dimension']}" if record["dimension"] else ""
            print(f"recorded {record['metric']}{dimension} = {record['value']:g} for edition "
                  f"{record['edition']}")
            return 0
        if args.verb == "remove":
            records.remove_published(target, args.edition, args.metric, args.dimension,
                                     args.reason)
            print(f"removed {args.metric} for edition {args.edition}")
            return 0
    except records.RecordError as error:
        return _record_failed(error)
    except releases.ReasonNeeded as error:
        return reason_needed(error)
    con = db.connect(target)
    with con:
        listed = db.run(con, "published_figures", {"edition": args.edition,
                                                   "as_of": datetime.now(KST), "public": False})
    print(records.listing(listed))
    return 0
