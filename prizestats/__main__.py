"""The prizestats command line: python -m prizestats COMMAND --help."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import datetime
from pathlib import Path

import duckdb

from prizestats import (
    access,
    arguments,
    build,
    db,
    digest,
    export,
    importer,
    press,
    presskit,
    records,
    sample,
)
from prizestats import report as edition_report
from prizestats import serve as serving
from prizestats.safe_write import atomic_file
from prizestats.times import KST

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def _edition_files_options(parser: argparse.ArgumentParser, as_of_help: str) -> None:
    """The options of the commands that write files about one edition (press-kit, report)."""
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--edition", type=arguments.edition, default=None,
                        help="edition number, 1 = 2023 (default: the latest edition with "
                             "entries)")
    parser.add_argument("--lang", type=arguments.languages, default=("en", "ko"),
                        metavar="en,ko", help="languages, comma-separated (default: en,ko)")
    parser.add_argument("--as-of", type=arguments.as_of, default=None, metavar="T",
                        help=as_of_help)
    _db_option(parser)


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
    p.add_argument("--edition", type=arguments.edition, default=None,
                   help="edition number, 1 = 2023 (default: the latest edition with entries)")
    p.add_argument("--as-of", type=arguments.as_of, default=None, metavar="T",
                   help="a date (end of that day, Asia/Seoul) or date-time (default: now)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    _db_option(p)

    p = commands.add_parser(
        "import", help="import an export of the entry system (CSV or XLSX)",
        description="Read FILE (CSV in UTF-8, UTF-8 with BOM, CP949/EUC-KR or UTF-16, comma, "
                    "semicolon or tab; or XLSX), map Korean and English headers and values, "
                    "validate every row, and replace the editions the file holds. All or nothing "
                    "unless --partial. The previous database is kept as a version (see restore).")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--edition", type=arguments.edition, default=None,
                   help="the edition of every row, when the file has no edition column")
    p.add_argument("--sheet", default=None, help="the sheet of an XLSX file (default: the first)")
    p.add_argument("--dry-run", action="store_true",
                   help="check and show what would change; write nothing")
    p.add_argument("--partial", action="store_true",
                   help="import the valid rows and write the rejected ones to FILE.rejects.csv")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _db_option(p)

    p = commands.add_parser(
        "restore", help="list or bring back an earlier database version",
        description=f"Every import keeps the database it replaced; the last "
                    f"{importer.VERSIONS_KEPT} are kept. Restoring saves the current one first.")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--list", action="store_true", help="list the saved versions")
    group.add_argument("version", nargs="?", metavar="VERSION", help="the version to bring back")
    _db_option(p)

    p = commands.add_parser(
        "purge-uploads", help="delete kept raw uploads older than N days (personal data)",
        description="Imported files are kept in data/imports/ so an import can be checked later; "
                    "they hold personal data. Delete those older than --days (default: "
                    "$PRIZESTATS_UPLOAD_RETENTION_DAYS, else 365).")
    p.add_argument("--days", type=int, default=None)
    _db_option(p)

    _edition_parsers(commands)
    _published_parsers(commands)

    p = commands.add_parser(
        "press-kit", help="write the static press kit of an edition",
        description="Write a folder that opens from disk with no server and no internet: "
                    "index.html per language with sentences, figures, results and charts, PNG/SVG "
                    "per chart, figures as CSV/XLSX/JSON and a README with the citation. The "
                    "embargo applies at --as-of, which cannot be later than now.")
    _edition_files_options(p, "a date (end of that day, Asia/Seoul) or date-time, not later "
                              "than now (default: now)")

    p = commands.add_parser(
        "report", help="write the edition report as PDF (A4, English and Korean)",
        description="A print-ready report of one edition for WeGO and the organisers' board: "
                    "cover, contents, headline figures with the change on the previous edition "
                    "and the published values, regions, categories, stages, trends, results once "
                    "announced, definitions and the citation; for organisers the intake and the "
                    "projection's backtest too. Writes DIR/report-<edition>-<lang>-<role>.pdf. A "
                    "press or WeGO report shows what that role may see at --as-of (not later "
                    "than now); a report with results under embargo is made only with --role "
                    "organiser.")
    _edition_files_options(p, "a date (end of that day, Asia/Seoul) or date-time (default: "
                              "now)")
    p.add_argument("--role", choices=edition_report.ROLES, default="press",
                   help="whose view: press (default), wego or organiser")

    digest.add_parser(commands)

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
    _db_option(p)

    p = commands.add_parser(
        "bench", help="measure queries, pages, cold start, latency, load and the press kit",
        description="Every measurement against a baseline taken in the same run (see "
                    "BENCHMARKS.md): DuckDB vs pandas at sample size and 1,000,000 rows, page "
                    "render vs a bare page, cold start and browser latency (Debian chromium), "
                    "protocol-level load at 5-100 sessions, press kit time. About 25 minutes; "
                    "--quick checks that it all works in under a minute. Needs the test "
                    "dependencies (make bench). Progress goes to stderr, the report to stdout.")
    p.add_argument("--quick", action="store_true", help="a reduced run, under a minute")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people (default), json for programs")
    return parser


MOMENT_HELP = "a date-time (2027-02-15T18:00; no offset means Seoul) or a date ({})"


def _edition_parsers(commands) -> None:
    p = commands.add_parser(
        "edition", help="add an edition or change its dates",
        description="Editions drive the call window, the pace on the Intake page and the "
                    "embargo. Each change is checked (dates in order, numbers without gaps), "
                    "kept as a database version (see restore) and logged in the import history.")
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
        _db_option(v)


def _published_parsers(commands) -> None:
    p = commands.add_parser(
        "published", help="record, list or remove a figure the organisers published",
        description="Published figures are shown beside the computed ones (the reconciliation) "
                    "and, to everyone but organisers, only once public: from the end of "
                    "--published-on in Seoul (or from its hour when given), never before the "
                    "result they state is announced.")
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
    _db_option(v)
    v = verbs.add_parser("list", help="list the recorded figures and when each is public")
    v.add_argument("--edition", type=arguments.edition, default=None, metavar="N")
    _db_option(v)
    v = verbs.add_parser("remove", help="remove a recorded figure")
    v.add_argument("--edition", type=arguments.edition, required=True, metavar="N")
    v.add_argument("--metric", required=True, metavar="M")
    v.add_argument("--dimension", metavar="D")
    _db_option(v)


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
            added = records.add_edition(target, args.edition, given)
            print(f"added edition {added.number} ({added.year}) to {target}")
            return 0
        changes = records.set_edition(target, args.edition, given)
    except records.RecordError as error:
        return _record_failed(error)
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
                "source_url", "note")) | {"edition": str(args.edition)})
            dimension = f" {record['dimension']}" if record["dimension"] else ""
            print(f"recorded {record['metric']}{dimension} = {record['value']:g} for edition "
                  f"{record['edition']}")
            return 0
        if args.verb == "remove":
            records.remove_published(target, args.edition, args.metric, args.dimension)
            print(f"removed {args.metric} for edition {args.edition}")
            return 0
    except records.RecordError as error:
        return _record_failed(error)
    con = db.connect(target)
    with con:
        listed = db.run(con, "published_figures", {"edition": args.edition,
                                                   "as_of": datetime.now(KST), "public": False})
    print(records.listing(listed))
    return 0


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
    replaced = target.is_file()
    saved = importer.save_version(target) if replaced else None
    try:
        counts = build.build(args.source, target)
    except build.BuildError as error:
        if saved:  # nothing was replaced: no version of it either
            importer.discard_version(target, saved)
        return _fail(str(error))
    if replaced:
        print(f"build is a fresh start: editions come from {args.source}/editions.csv and "
              f"published figures from the bundled published_figures.csv; anything recorded in "
              f"the database it replaced is in version {saved} (restore {saved} brings it back)",
              file=sys.stderr)
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


@_with_database
def cmd_report(args: argparse.Namespace, run: press.QueryRunner) -> int:
    edition = args.edition or press.latest_edition_with_entries(run)
    now = access.now()
    try:
        written = edition_report.build(run, args.out, edition, args.lang, args.role,
                                       args.as_of or now, now)
    except (edition_report.ReportError, export.ExportError) as error:
        return _fail(str(error))
    for path in written:
        print(f"wrote {path}")
    return 0


def _report_text(report: importer.Report, dry_run: bool, target: Path) -> str:
    lines = [f"{report.file} ({report.described}): {report.rows_read:,} rows read, "
             f"{len(report.accepted):,} accepted, {len(report.rejected_rows):,} rejected"]
    lines += [f"  {problem}" for problem in report.problems[:200]]
    if len(report.problems) > 200:
        lines.append(f"  ... and {len(report.problems) - 200:,} more problems")
    if report.ignored_columns:
        lines.append(f"ignored columns (not in the alias table): "
                     f"{', '.join(report.ignored_columns)}")
    if report.replaced_sample:
        lines.append("the sample data are replaced: real entries are never mixed with them")
    for edition, change in report.diff.items():
        stages = ", ".join(f"{c['id']} {c['from']} -> {c['to']}"
                           for c in change["stage_changes"][:10])
        lines.append(f"edition {edition}: {len(change['added'])} added, "
                     f"{len(change['removed'])} removed, {len(change['changed'])} changed"
                     + (f" (stage changes: {stages})" if stages else ""))
    if report.unchanged:
        lines.append("nothing changed: the database already holds exactly these entries")
    elif report.written:
        lines.append(f"written to {target}; the previous database is version "
                     f"{report.version_saved} (python -m prizestats restore --list)")
    elif dry_run and not report.problems:
        lines.append("dry run: nothing was written")
    else:
        lines.append("nothing was written" + ("" if report.accepted else ": no valid rows")
                     + (" (use --partial to import the valid rows)" if report.problems and
                        report.accepted else ""))
    return "\n".join(lines)


def _write_rejects(file: Path, report: importer.Report) -> Path:
    path = file.with_name(f"{file.name}.rejects.csv")
    with atomic_file(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("row", "column", "value", "reason"))
        writer.writerows((p.row, p.column, export.neutralise(p.value or ""), p.reason)
                         for p in report.problems)
    return path


def cmd_import(args: argparse.Namespace) -> int:
    target = args.db or db.db_path()
    if not args.file.is_file():
        return _fail(f"{args.file}: file not found")
    try:
        report = importer.run_import(
            args.file, target, edition=args.edition, sheet=args.sheet, dry_run=args.dry_run,
            partial=args.partial, progress=lambda text: print(text, file=sys.stderr, flush=True))
    except importer.ImportError_ as error:
        if args.format == "json":
            print(json.dumps({"file": args.file.name, "written": False, "problems": [
                {"row": p.row, "column": p.column, "value": p.value, "reason": p.reason}
                for p in error.problems]}, ensure_ascii=False))
        return _fail(str(error))
    if args.partial and report.problems and not args.dry_run:
        print(f"rejected rows written to {_write_rejects(args.file, report)}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, default=str))
    else:
        print(_report_text(report, args.dry_run, target))
    failed = (report.problems and not args.partial) or not report.accepted
    return 2 if failed else 0


def cmd_restore(args: argparse.Namespace) -> int:
    target = args.db or db.db_path()
    if args.list:
        versions = importer.list_versions(target)
        if not versions:
            print("no saved versions yet: each import saves the database it replaces")
        for version in versions:
            print(f"{version['version']}  built {version['built_at']}  {version['dataset']}"
                  f"  from {version['source']}")
        return 0
    try:
        saved = importer.restore(target, args.version)
    except importer.ImportError_ as error:
        return _fail(str(error))
    print(f"restored {args.version} to {target}" + (f"; the database it replaced is version "
                                                    f"{saved}" if saved else ""))
    return 0


def cmd_purge_uploads(args: argparse.Namespace) -> int:
    days = args.days if args.days is not None else int(
        os.environ.get("PRIZESTATS_UPLOAD_RETENTION_DAYS", "365"))
    if days < 0:
        return _fail("--days must be 0 or more")
    removed = importer.purge_uploads(args.db or db.db_path(), days)
    print(f"deleted {len(removed)} uploads older than {days} days")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        return serving.run(args.replicas, args.address, args.port, args.db or db.db_path(),
                           importer.upload_limit_mb(), args.state)
    except serving.ServeError as error:
        return _fail(str(error))


def cmd_bench(args: argparse.Namespace) -> int:
    try:
        from prizestats.bench import run as bench
    except ImportError as error:  # playwright is a test dependency
        return _fail(f"bench needs the test dependencies ({error.name} is missing): run `make bench`")
    try:
        result = bench.run(quick=args.quick)
    except (RuntimeError, TimeoutError) as error:
        return _fail(str(error))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.format == "json"
          else bench.text(result))
    return 0


def _database_use(args: argparse.Namespace) -> str | None:
    """How a command uses its database: "creates" it, "writes" a new one (or files) beside it,
    "reads" it, or None when it has none."""
    if args.command == "build":
        return "creates"
    if args.command == "import":
        return "reads" if args.dry_run else "writes"
    if args.command == "restore":
        return "reads" if args.list else "writes"
    if args.command == "digest":  # it writes its state file beside the database, not into it
        return "reads"
    if args.command in ("edition", "published"):
        return "reads" if getattr(args, "verb", None) == "list" else "writes"
    return {"purge-uploads": "writes", "figures": "reads", "press-kit": "reads",
            "report": "reads", "serve": "reads"}.get(args.command)


def _database_problem(path: Path, use: str, command: str) -> str | None:
    """What is wrong with the database path for this use, checked before a command touches it:
    a build over /etc/passwd would replace it, and an import would leave a lock file beside it."""
    if path.is_dir():
        return f"{path}: is a folder, not a database file"
    if path.exists():
        if not os.access(path, os.R_OK):
            return f"{path}: cannot be read (permission denied)"
        with path.open("rb") as handle:
            header = handle.read(12)
        if header[8:12] != DUCKDB_MAGIC:
            return f"{path}: is not a DuckDB database (move it away, or give another --db)"
    elif use != "creates" and not (command == "restore" and importer.versions_dir(path).is_dir()):
        # restore may bring a saved version back where the database was deleted
        return f"no database at {path}: build one with `python -m prizestats build --from " \
               f"data/sample`"
    if use in ("creates", "writes"):
        folder = path.absolute().parent
        while not folder.exists():  # build makes the missing folders
            folder = folder.parent
        if not folder.is_dir():
            return f"{path}: {folder} is not a folder"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"{path}: the folder {folder} is not writable, and {command} writes there"
    return None


def _one_line(error: Exception, database: Path | None) -> str:
    if isinstance(error, duckdb.Error):
        first = (str(error).strip() or type(error).__name__).splitlines()[0]
        if isinstance(error, duckdb.CatalogException):  # a DuckDB file, but not one of ours
            first = f"is not a prizestats database ({first})"
        return f"{database}: {first}" if database else first
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror or error}"
    return str(error)


HANDLERS = {"sample": cmd_sample, "build": cmd_build, "figures": cmd_figures,
            "import": cmd_import, "restore": cmd_restore, "purge-uploads": cmd_purge_uploads,
            "press-kit": cmd_press_kit, "bench": cmd_bench, "edition": cmd_edition,
            "published": cmd_published, "digest": digest.run, "report": cmd_report,
            "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    use = _database_use(args)
    database = (args.db or db.db_path()) if use else None
    # One place for what can go wrong with files and the database, whatever the command: a line
    # naming the path and the trouble, exit status 2, never a traceback.
    try:
        problem = _database_problem(database, use, args.command) if database else None
        if problem:
            return _fail(problem)
        return HANDLERS[args.command](args)
    except BrokenPipeError:
        raise  # output piped into head: not a failure (see below)
    except (duckdb.Error, OSError, importer.ImportError_, build.BuildError,
            presskit.PressKitError, edition_report.ReportError, export.ExportError) as error:
        return _fail(_one_line(error, database))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head and the like
        sys.exit(0)
