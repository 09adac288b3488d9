"""The commands that make or change the database from files: sample, build, import, restore,
purge-uploads."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from prizestats.cli import arguments
from prizestats.cli.common import db_option, fail, reason_needed, reason_option
from prizestats.core import settings
from prizestats.core.safe_write import atomic_file
from prizestats.figures import export
from prizestats.store import archive, build, db, guards, importer, releases, sample
from prizestats.words import grammar


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """sample, build, import, restore and purge-uploads."""
    _build_parsers(commands)
    _import_parsers(commands)


def _build_parsers(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("sample", help="write the deterministic sample CSVs",
                            description="Write submissions.csv and editions.csv of the sample "
                                        "(editions 1-4); the same bytes on every run.")
    p.add_argument("--out", type=Path, required=True, help="folder to write into")
    p.set_defaults(handler=cmd_sample)

    p = commands.add_parser("build", help="build a database from canonical CSVs",
                            description="Validate DIR/submissions.csv (and DIR/editions.csv when "
                                        "present) and write a new database; on any problem "
                                        "nothing is written.")
    p.add_argument("--from", dest="source", type=Path, required=True, metavar="DIR",
                   help="folder with the canonical CSVs")
    p.add_argument("--if-stale", action="store_true",
                   help="build only when the database is missing or is an older build of the "
                        "sample; never over a database that holds other data (used by make run)")
    db_option(p)
    p.set_defaults(handler=cmd_build)


def _import_parsers(commands: argparse._SubParsersAction) -> None:
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
    reason_option(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    db_option(p)
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser(
        "restore", help="list or bring back an earlier database version",
        description=f"Every import keeps the database it replaced; the last "
                    f"{archive.VERSIONS_KEPT} are kept. Restoring saves the current one first.")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--list", action="store_true", help="list the saved versions")
    group.add_argument("version", nargs="?", metavar="VERSION", help="the version to bring back")
    reason_option(p)
    db_option(p)
    p.set_defaults(handler=cmd_restore)

    p = commands.add_parser(
        "purge-uploads", help="delete kept raw uploads older than N days (personal data)",
        description="Imported files are kept in data/imports/ so an import can be checked later; "
                    "they hold personal data. Delete those older than --days (default: "
                    "$PRIZESTATS_UPLOAD_RETENTION_DAYS, else 365).")
    p.add_argument("--days", type=int, default=None)
    db_option(p)
    p.set_defaults(handler=cmd_purge_uploads)


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
    saved = archive.save_version(target) if replaced else None
    try:
        counts = build.build(args.source, target)
    except build.BuildError as error:
        if saved:  # nothing was replaced: no version of it either
            archive.discard_version(target, saved)
        return fail(str(error))
    if replaced:
        print(f"build is a fresh start: editions come from {args.source}/editions.csv and "
              f"published figures from the bundled published_figures.csv; anything recorded in "
              f"the database it replaced is in version {saved} (restore {saved} brings it back)",
              file=sys.stderr)
    print(f"wrote {target}: {_count(counts['submissions'], 'entry|entries')}, "
          f"{_count(counts['editions'], 'edition|editions')}")
    return 0


def _count(count: int, forms: str) -> str:
    """"1 row", "2 rows": the noun agrees with the count (docs/style.md)."""
    return f"{count:,} {grammar.plural(count, forms)}"


def _report_text(report: importer.Report, dry_run: bool, target: Path) -> str:
    """What the import did, or with --dry-run what it would do: a dry run never says
    "replaced" or "added" about what it did not write."""
    lines = [f"{report.file} ({report.described}): {_count(report.rows_read, 'row|rows')} read, "
             f"{len(report.accepted):,} accepted, {len(report.rejected_rows):,} rejected"]
    lines += [f"  {problem}" for problem in report.problems[:200]]
    if len(report.problems) > 200:
        lines.append(f"  ... and {_count(len(report.problems) - 200, 'more problem|more problems')}")
    if report.ignored_columns:
        lines.append(f"ignored columns (not in the alias table): "
                     f"{', '.join(report.ignored_columns)}")
    if report.replaced_sample:
        lines.append("the import would replace the sample data: real entries are never mixed "
                     "with them" if dry_run else
                     "the sample data are replaced: real entries are never mixed with them")
    for edition, change in report.diff.items():
        stages = ", ".join(f"{c['id']} {c['from']} -> {c['to']}"
                           for c in change["stage_changes"][:10])
        added, removed, changed = (len(change[k]) for k in ("added", "removed", "changed"))
        counts = (f"would add {added}, remove {removed} and change {changed}" if dry_run
                  else f"{added} added, {removed} removed, {changed} changed")
        lines.append(f"edition {edition}: {counts}" + (f" (stage changes: {stages})"
                                                       if stages else ""))
    if report.moves:
        lines.append(("would move public figures:" if dry_run else "public figures revised:")
                     + "".join(f"\n  {move}" for move in report.moves))
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
        return fail(f"{args.file}: file not found")
    try:
        report = importer.run_import(
            args.file, target, edition=args.edition, sheet=args.sheet, dry_run=args.dry_run,
            partial=args.partial, reason=args.reason,
            progress=lambda text: print(text, file=sys.stderr, flush=True))
    except releases.ReasonNeeded as error:
        if args.format == "json":
            print(json.dumps({"file": args.file.name, "written": False,
                              "public_figures_moved": [str(m) for m in error.moves]},
                             ensure_ascii=False))
        return reason_needed(error)
    except guards.ImportRefused as error:
        if args.format == "json":
            print(json.dumps({"file": args.file.name, "written": False, "problems": [
                {"row": p.row, "column": p.column, "value": p.value, "reason": p.reason}
                for p in error.problems]}, ensure_ascii=False))
        return fail(str(error))
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
        versions = archive.list_versions(target)
        if not versions:
            print("no saved versions yet: each import saves the database it replaces")
        for version in versions:
            print(f"{version['version']}  built {version['built_at']}  {version['dataset']}"
                  f"  from {version['source']}")
        return 0
    try:
        saved = importer.restore(target, args.version, args.reason)
    except releases.ReasonNeeded as error:
        return reason_needed(error)
    except guards.ImportRefused as error:
        return fail(str(error))
    print(f"restored {args.version} to {target}" + (f"; the database it replaced is version "
                                                    f"{saved}" if saved else ""))
    return 0


def cmd_purge_uploads(args: argparse.Namespace) -> int:
    if args.days is None:
        setting = settings.upload_retention_days()
        if not setting.isdigit():
            return fail(f"PRIZESTATS_UPLOAD_RETENTION_DAYS={setting!r} is not a whole number of days")
    days = args.days if args.days is not None else int(setting)
    if days < 0:
        return fail("--days must be 0 or more")
    removed = archive.purge_uploads(args.db or db.db_path(), days)
    print(f"deleted {_count(len(removed), 'upload|uploads')} older than "
          f"{_count(days, 'day|days')}")
    return 0
