"""The prizestats command line: python -m prizestats COMMAND --help."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime
from pathlib import Path

from prizestats import access, build, db, export, press, presskit, sample, times


def _as_of(text: str) -> datetime:
    try:
        return times.parse_as_of(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (2025-05-01) or an ISO 8601 date-time") from None


def _edition(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not an edition number (1 = 2023)")
    return int(text)


def _languages(text: str) -> tuple[str, ...]:
    langs = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in ("en", "ko")]
    if unknown or not langs:
        raise argparse.ArgumentTypeError(f"{text!r}: the languages are en and ko (e.g. en,ko)")
    return langs


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="database file (default: $PRIZESTATS_DB, else data/prizestats.duckdb)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m prizestats",
        description="Seoul Smart City Prize entry statistics: sample data, database, figures.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("sample", help="write the deterministic sample CSVs",
                            description="Write submissions.csv and editions.csv of the sample "
                                        "(editions 1-4); the same bytes on every run.")
    p.add_argument("--out", type=Path, required=True, help="folder to write into")

    p = commands.add_parser("build", help="build a database from canonical CSVs",
                            description="Validate DIR/submissions.csv (and DIR/editions.csv when "
                                        "present) and write a new database; on any problem "
                                        "nothing is written.")
    p.add_argument("--from", dest="source", type=Path, required=True, metavar="DIR",
                   help="folder with the canonical CSVs")
    p.add_argument("--if-stale", action="store_true",
                   help="build only when the database is missing or is an older build of the "
                        "sample; never over a database that holds other data (used by make run)")
    _db_option(p)

    p = commands.add_parser("figures", help="print the headline figures of an edition",
                            description="Print the figures object of the data contract.")
    p.add_argument("--edition", type=_edition, default=None,
                   help="edition number, 1 = 2023 (default: the latest edition with entries)")
    p.add_argument("--as-of", type=_as_of, default=None, metavar="T",
                   help="a date (end of that day, Asia/Seoul) or date-time (default: now)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    _db_option(p)

    p = commands.add_parser(
        "press-kit", help="write the static press kit of an edition",
        description="Write a folder that opens from disk with no server and no internet: "
                    "index.html per language with sentences, figures, results and charts, PNG/SVG "
                    "per chart, figures as CSV/XLSX/JSON and a README with the citation. The "
                    "embargo applies at --as-of, which cannot be later than now.")
    p.add_argument("--out", type=Path, required=True, help="folder to write into")
    p.add_argument("--edition", type=_edition, default=None,
                   help="edition number, 1 = 2023 (default: the latest edition with entries)")
    p.add_argument("--lang", type=_languages, default=("en", "ko"), metavar="en,ko",
                   help="languages, comma-separated (default: en,ko)")
    p.add_argument("--as-of", type=_as_of, default=None, metavar="T",
                   help="a date (end of that day, Asia/Seoul) or date-time, not later than now "
                        "(default: now)")
    _db_option(p)
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def cmd_sample(args: argparse.Namespace) -> int:
    for path in sample.write_sample(args.out):
        print(f"wrote {path}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    target = args.db or db.db_path()
    if args.if_stale:
        rebuild, reason = build.stale_reason(args.source, target)
        print(f"{target}: {reason}", file=sys.stderr)
        if not rebuild:
            return 0
    print(f"building {target} from {args.source} ...", file=sys.stderr)
    try:
        counts = build.build(args.source, target)
    except build.BuildError as error:
        return _fail(str(error))
    print(f"wrote {target}: {counts['submissions']} entries, {counts['editions']} editions")
    return 0


def _with_database(command):
    """Open the database read-only for a command, which receives a query runner over it."""
    def run_command(args: argparse.Namespace) -> int:
        try:
            con = db.connect(args.db)
        except FileNotFoundError as error:
            return _fail(str(error))
        with con:
            return command(args, lambda name, params: db.run(con, name, params))
    return run_command


@_with_database
def cmd_figures(args: argparse.Namespace, run: press.QueryRunner) -> int:
    edition = args.edition or press.latest_edition_with_entries(run)
    if edition is None:
        return _fail("the database holds no entries")
    known = set(run("editions", {})["edition"])
    if edition not in known:
        return _fail(f"edition {edition} is not in the database "
                     f"(editions: {', '.join(map(str, sorted(known)))})")
    # The CLI is an organiser tool: the as-of rules apply, the embargo does not.
    result = press.figures(run, edition, args.as_of or access.now(), public=False)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(("metric", "dimension", "value"))
        writer.writerows(press.figures_rows(result))
    else:
        print(press.figures_text(result))
    return 0


@_with_database
def cmd_press_kit(args: argparse.Namespace, run: press.QueryRunner) -> int:
    edition = args.edition or press.latest_edition_with_entries(run)
    now = access.now()
    try:
        written = presskit.build(run, args.out, edition, args.lang, args.as_of or now, now)
    except (presskit.PressKitError, export.ExportError) as error:
        return _fail(str(error))
    print(f"wrote {len(written)} files to {args.out}; open {args.out / 'index.html'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    handlers = {"sample": cmd_sample, "build": cmd_build, "figures": cmd_figures,
                "press-kit": cmd_press_kit}
    return handlers[args.command](args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head and the like
        sys.exit(0)
