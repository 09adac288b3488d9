"""The prizestats command line: python -m prizestats COMMAND --help.

Each module of prizestats.cli adds its commands' parsers, each with its handler; this one
checks the database a command uses before the command runs, and turns whatever goes wrong with
files and the database into one line and exit status 2.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import duckdb

from prizestats.cli import bench, data, outputs, records, serve, signals
from prizestats.cli import digest as digest_cli
from prizestats.cli.common import fail
from prizestats.core.settings import SettingsError
from prizestats.figures import export
from prizestats.outputs import presskit
from prizestats.outputs import report as edition_report
from prizestats.store import archive, build, db, guards

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m prizestats",
        description="Seoul Smart City Prize entry statistics: sample data, database, figures.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data.add_parsers(commands)
    records.add_parsers(commands)
    signals.add_parsers(commands)
    outputs.add_parsers(commands)
    digest_cli.add_parser(commands)
    serve.add_parsers(commands)
    bench.add_parsers(commands)
    return parser


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
    if args.command in ("edition", "published", "event", "alert"):
        return "reads" if getattr(args, "verb", None) == "list" else "writes"
    return {"purge-uploads": "writes", "figures": "reads", "press-kit": "reads",
            "report": "reads", "bundle": "reads", "calendar": "reads", "revisions": "reads",
            "serve": "reads"}.get(args.command)


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
    elif use != "creates" and not (command == "restore" and archive.versions_dir(path).is_dir()):
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


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    use = _database_use(args)
    database = (args.db or db.db_path()) if use else None
    # One place for what can go wrong with files and the database, whatever the command: a line
    # naming the path and the trouble, exit status 2, never a traceback.
    try:
        problem = _database_problem(database, use, args.command) if database else None
        if problem:
            return fail(problem)
        return args.handler(args)
    except BrokenPipeError:
        raise  # output piped into head: not a failure (see below)
    except (duckdb.Error, OSError, guards.ImportRefused, build.BuildError,
            presskit.PressKitError, edition_report.ReportError, export.ExportError,
            SettingsError) as error:
        return fail(_one_line(error, database))
