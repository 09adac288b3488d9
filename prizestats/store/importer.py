"""Import an export of the entry system, whatever shape it comes in, without losing anything.

Steps: read (CSV in any common encoding and delimiter, or XLSX) -> map headers and values through
data/reference/aliases.csv -> validate each row against the data contract (build.py) -> replace
the editions the file holds -> write a new database beside the live one and rename it into place.
The live database is copied to data/versions/ first, and the raw file is kept in data/imports/.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import duckdb
import pandas as pd

from prizestats.core.times import KST
from prizestats.store import build, db, releases
from prizestats.store.archive import (
    discard_version,
    keep_raw,
    prune_versions,
    restore_version,
    save_version,
    saved_version,
)
from prizestats.store.build import Problem
from prizestats.store.guards import ImportRefused, Limits, limits, refuse
from prizestats.store.mapping import CANONICAL, Mapped, map_header, map_row, unknown_columns
from prizestats.store.reading import Source, Upload, load, read_table
from prizestats.words import grammar


@dataclass
class Report:
    file: str
    sha256: str
    described: str
    rows_read: int
    accepted: list[tuple[int, dict]]
    problems: list[Problem]
    ignored_columns: list[str]
    editions: list[int]
    diff: dict[str, dict] = field(default_factory=dict)
    written: bool = False
    unchanged: bool = False
    replaced_sample: bool = False
    # the sample's entries the import removes, per edition (only when it replaces the sample)
    sample_removed: dict[int, int] = field(default_factory=dict)
    version_saved: str | None = None
    # public figures the import would move (each needs the reason it is refused without)
    moves: list[releases.Move] = field(default_factory=list)
    reason: str | None = None

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None and p.row > 1})

    def as_json(self) -> dict:
        return {
            "file": self.file, "sha256": self.sha256, "read_as": self.described,
            "rows_read": self.rows_read, "rows_accepted": len(self.accepted),
            "rows_rejected": len(self.rejected_rows), "editions": self.editions,
            "ignored_columns": self.ignored_columns, "written": self.written,
            "unchanged": self.unchanged, "replaced_sample": self.replaced_sample,
            "diff": self.diff, "reason": self.reason,
            "public_figures_moved": [{"edition": m.edition, "metric": m.metric,
                                      "dimension": m.dimension, "before": m.before,
                                      "after": m.after} for m in self.moves],
            "problems": [{"row": p.row, "column": p.column, "value": p.value,
                          "reason": p.reason} for p in self.problems],
        }


def _current(target: Path) -> dict:
    """The tables an import or an edit carries over, as they are in the live database."""
    con = db.connect(target)
    with con:
        tables = {name: con.execute(f"select * from {name}").df()
                  for name in ("editions", "submissions", "imports", "published_figures")}
        tables.update(db.signal_tables(con))
        tables["meta"] = db.meta(con)
        tables["release_figures"] = releases.current_figures(con)
    return tables


def kept_tables(current: dict) -> dict[str, pd.DataFrame]:
    """What every write carries over unless it changes it: the editions and the published
    figures organisers recorded (not the bundled file's), and the countries of the reference
    table, which an organiser may have edited since."""
    kept = {"editions": current["editions"], "published_figures": current["published_figures"],
            "countries": build.reference_tables()["countries"]}
    # the organisers' events and alerts (prizestats/store/signals.py), when there are any
    return kept | {name: current[name] for name in db.SIGNAL_TABLES
                   if name in current and len(current[name])}


def history_row(current: dict, file_name: str, diff: dict, rows: int,
                editions: str = "") -> pd.DataFrame:
    """The import history with one more row: for an edit by hand (edition dates, an edition, a
    published figure), `file_name` says what it was, in parentheses."""
    now = datetime.now(KST)
    previous = current["imports"]
    row = pd.DataFrame([{
        "import_id": int(previous["import_id"].max()) + 1 if len(previous) else 1,
        "file_name": file_name, "sha256": None, "rows_read": rows, "rows_accepted": rows,
        "rows_rejected": 0, "editions_replaced": editions,
        "diff": json.dumps(diff, ensure_ascii=False, default=str), "started_at": now,
        "finished_at": now}])
    return pd.concat([previous, row], ignore_index=True) if len(previous) else row


def rewrite(target: Path, current: dict, history: pd.DataFrame, reason: str | None = None,
            **changed: pd.DataFrame) -> str:
    """A new database from the live one with `changed` tables and `history`, saved as a
    version first (restore brings the old one back); nothing changes if the write fails, or
    if it would move a public figure without a `reason` (releases.ReasonNeeded)."""
    tables = {**kept_tables(current), "submissions": current["submissions"], **changed,
              "imports": history}
    tables["cities"] = build.city_table(tables["submissions"])
    with_release(target, tables, current, reason, touched(history))
    return _replace(target, tables, _carried_meta(current["meta"]))


def _replace(target: Path, tables: dict, meta: dict) -> str:
    """Write `tables` as the live database, the one it replaces kept as a version first; a
    failed write leaves every file as it was (no version of a database that stayed)."""
    version = save_version(target, prune=False)
    try:
        db.write_database(target, tables, meta)
    except BaseException:
        discard_version(target, version)
        raise
    prune_versions(target)
    return version


def _carried_meta(meta: dict) -> dict:
    """A database's meta without what every write sets afresh."""
    return {k: v for k, v in meta.items() if k not in ("schema_version", "built_at")}


def with_release(target: Path, tables: dict, current: dict, reason: str | None,
                 editions: releases.Editions, fresh: bool = False) -> releases.Release:
    """`tables` (about to be written) with this release in: the reason and moment on the last
    history row, the figures of the `editions` it touches as they now stand added to
    release_figures. A `fresh` start (the first import over the sample, whose figures were
    never real) begins the figures anew."""
    release = releases.prepare(target, tables, reason, editions, check=not fresh)
    history = releases.history_with(tables["imports"], release)
    tables["imports"] = history
    previous = releases.empty() if fresh else current["release_figures"]
    tables["release_figures"] = releases.figures_with(
        previous, release, int(history["import_id"].iloc[-1]))
    return release


def touched(history: pd.DataFrame) -> frozenset[int]:
    """The editions the last row of the history says its change touched (editions_replaced):
    only their figures can move."""
    text = str(history["editions_replaced"].iloc[-1] or "")
    return frozenset(int(e) for e in text.split(",") if e.strip().isdigit())


def _diff(old: pd.DataFrame, new: pd.DataFrame, editions: list[int]) -> dict[str, dict]:
    """Per edition: ids added, removed, and changed (with the stage changes listed)."""
    compared = [c for c in CANONICAL if c not in ("submission_id", "edition")]
    result = {}
    for edition in editions:
        before = old[old["edition"] == edition]
        after = new[new["edition"] == edition]
        both = before.merge(after, on="submission_id", suffixes=("_before", "_after"))
        changed = pd.Series(False, index=both.index)
        for column in compared:
            a, b = both[f"{column}_before"], both[f"{column}_after"]
            same = (a == b) | (a.isna() & b.isna())
            changed |= ~same.fillna(False).astype(bool)
        moved = both[both["stage_before"] != both["stage_after"]]
        result[str(edition)] = {
            "added": sorted(set(after["submission_id"]) - set(before["submission_id"])),
            "removed": sorted(set(before["submission_id"]) - set(after["submission_id"])),
            "changed": sorted(both.loc[changed, "submission_id"]),
            "stage_changes": [{"id": i, "from": f, "to": t} for i, f, t in zip(
                moved["submission_id"], moved["stage_before"], moved["stage_after"],
                strict=True)],
        }
    return result


def _run_import(source: Source, target: Path, *, edition: int | None = None,
                sheet: str | None = None, dry_run: bool = False, partial: bool = False,
                reason: str | None = None, progress: Callable[[str], None] = lambda _: None,
                bounds: Limits | None = None) -> Report:
    """Import `source` into the database at `target`; all or nothing unless `partial`. A pure
    plan (read, map, validate, merge, diff), then the write."""
    started = datetime.now(KST)
    upload = load(source, bounds or limits())
    current = _current(target)
    report, mapped = _checked(upload, current, edition, sheet, progress, bounds or limits())
    if (report.problems and not partial) or not report.accepted:
        return report
    previous, merged = _merged(report, current, mapped, partial)
    report.diff = _diff(previous, merged, report.editions)
    report.unchanged = not report.replaced_sample and len(previous) == len(merged) and all(
        not any(v for v in d.values()) for d in report.diff.values())
    report.reason = (reason or "").strip() or None
    if report.unchanged:
        return report
    if dry_run:
        if not report.replaced_sample:
            progress("comparing the public figures")
            report.moves = releases.prepare(target, _new_tables(current, merged, None), None,
                                            frozenset(report.editions), require=False).moves
        return report
    progress("writing the new database")
    _write(target, upload, report, current, merged, started)
    return report


def _checked(upload: Upload, current: dict, edition: int | None, sheet: str | None,
             progress: Callable[[str], None], bounds: Limits) -> tuple[Report, list[Mapped]]:
    """Read, map and validate every row: the report of what would be accepted and why not."""
    name = upload.name
    progress(f"reading {name}")
    table = read_table(upload, sheet, bounds)
    columns = map_header(name, table.header, edition is not None)
    editions_by_year = dict(zip(current["editions"]["year"], current["editions"]["edition"],
                                strict=True))
    known = set(current["editions"]["edition"]) or None
    mapped = []
    for i, (row_no, cells) in enumerate(table.rows):
        mapped.append(map_row(name, row_no, cells, columns, edition, editions_by_year))
        if i and i % 20_000 == 0:
            progress(f"mapped {i:,} of {len(table.rows):,} rows")
    progress(f"checking {len(mapped):,} {grammar.plural(len(mapped), 'row|rows')}")
    clean = [(m.row, m.cells) for m in mapped if not m.problems]
    accepted, problems = build.validate_submissions(name, clean, known)
    problems = sorted([p for m in mapped for p in m.problems] + problems,
                      key=lambda p: (p.row or 0, p.column or ""))
    report = Report(name, hashlib.sha256(upload.data).hexdigest(), table.described,
                    len(table.rows), accepted, problems, unknown_columns(table.header),
                    sorted({record["edition"] for _, record in accepted}))
    if not table.rows:
        report.problems.append(Problem(name, None, None, None, "header_no_rows"))
    return report, mapped


def _merged(report: Report, current: dict, mapped: list[Mapped], partial: bool
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The entries before, and after: the incoming ones with those kept (other editions, and
    with --partial the old records of rejected rows)."""
    incoming = build.submissions_frame([record for _, record in report.accepted])
    previous = current["submissions"]
    if current["meta"].get("dataset") == "sample":
        # Real entries never mix with invented ones: the first import replaces the sample.
        report.replaced_sample = True
        report.sample_removed = {int(e): int(n) for e, n in
                                 previous["edition"].value_counts().sort_index().items()}
        previous = previous.iloc[0:0]
    kept = previous[~previous["edition"].isin(report.editions)]
    if partial:
        # A rejected row is not a deletion: its entry keeps its previous record, if any.
        cells_by_row = {m.row: m.cells for m in mapped}
        rejected = {(cells_by_row[row]["edition"], cells_by_row[row]["submission_id"])
                    for row in report.rejected_rows if row in cells_by_row}
        keys = zip(previous["edition"].astype(str), previous["submission_id"], strict=True)
        held = previous[pd.Series([key in rejected for key in keys], index=previous.index)
                        & previous["edition"].isin(report.editions)]
        kept = pd.concat([kept, held], ignore_index=True) if len(held) else kept
    merged = pd.concat([kept, incoming], ignore_index=True) if len(kept) else incoming
    return previous, merged


def _write(target: Path, upload: Upload, report: Report, current: dict, merged: pd.DataFrame,
           started: datetime) -> None:
    """The new database beside the live one, renamed into place; the old one kept as a
    version; the raw file kept only once all of that worked."""
    tables = _new_tables(current, merged, _history(current["imports"], report, started))
    report.moves = with_release(target, tables, current, report.reason,
                                None if report.replaced_sample else frozenset(report.editions),
                                fresh=report.replaced_sample).moves
    report.version_saved = _replace(target, tables, {
        "dataset": "imported", "fingerprint": report.sha256, "source": report.file})
    keep_raw(upload, report.sha256, target)  # only now: a refused or failed upload leaves no copy
    report.written = True


def _new_tables(current: dict, merged: pd.DataFrame, history: pd.DataFrame | None) -> dict:
    return {**kept_tables(current), "submissions": build.submissions_frame(
        merged.to_dict("records")), "cities": build.city_table(merged),
        "imports": current["imports"] if history is None else history}


def _history(previous: pd.DataFrame, report: Report, started: datetime) -> pd.DataFrame:
    row = {"import_id": int(previous["import_id"].max()) + 1 if len(previous) else 1,
           "file_name": report.file, "sha256": report.sha256, "rows_read": report.rows_read,
           "rows_accepted": len(report.accepted), "rows_rejected": len(report.rejected_rows),
           "editions_replaced": ",".join(map(str, report.editions)),
           "diff": json.dumps(report.diff, ensure_ascii=False), "started_at": started,
           "finished_at": datetime.now(KST)}
    new = pd.DataFrame([row])
    return pd.concat([previous, new], ignore_index=True) if len(previous) else new


DATE_COLUMNS = ("call_opens_at", "call_closes_at", "finalists_announced_at", "ceremony_at")


def check_edition_dates(rows: list[dict[str, str]]) -> tuple[list[dict], list[Problem]]:
    """Edition dates as organisers type them: ISO 8601 with an offset, in a sensible order."""
    problems, parsed = [], []
    for n, row in enumerate(rows, start=1):
        edition = row.get("edition")
        record: dict[str, object] = {"edition": int(edition), "year": int(row["year"]),
                                     "venue": row.get("venue") or None,
                                     "note": row.get("note") or None}
        for column in DATE_COLUMNS:
            text = (row.get(column) or "").strip()
            record[column] = None
            if not text:
                continue
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                problems.append(Problem("edition dates", n, column, text, "not_iso_moment"))
                continue
            if moment.tzinfo is None:
                problems.append(Problem("edition dates", n, column, text, "needs_offset"))
                continue
            record[column] = moment
        order = [(c, record[c]) for c in DATE_COLUMNS if record[c] is not None]
        for (first, a), (second, b) in pairwise(order):
            if a >= b:
                problems.append(Problem("edition dates", n, second, str(b), "must_come_after",
                                        first=first))
        parsed.append(record)
    return parsed, problems


def _update_editions(target: Path, rows: list[dict[str, str]], reason: str | None = None
                     ) -> dict[str, dict]:
    """Write new edition dates (a new database, swapped in) and log what changed."""
    parsed, problems = check_edition_dates(rows)
    if problems:
        raise ImportRefused(problems)
    current = _current(target)
    before = current["editions"].set_index("edition")
    changes: dict[str, dict] = {}
    for record in parsed:
        edition = record["edition"]
        for column in (*DATE_COLUMNS, "venue", "note"):
            old = before.loc[edition, column] if edition in before.index else None
            old_value = None if old is None or pd.isna(old) or old == "" else (
                pd.Timestamp(old) if column in DATE_COLUMNS else str(old))
            new_value = None if record[column] in (None, "") else (
                pd.Timestamp(record[column]) if column in DATE_COLUMNS else str(record[column]))
            if old_value != new_value:
                changes.setdefault(str(edition), {})[column] = {
                    "from": _iso_or_text(old_value), "to": _iso_or_text(new_value)}
    if not changes:
        return changes
    editions = pd.DataFrame(parsed, columns=list(build.EDITION_COLUMNS))
    for column in DATE_COLUMNS:
        editions[column] = pd.to_datetime(editions[column], utc=True)
    history = history_row(current, "(edition dates)", changes, len(rows), ",".join(sorted(changes)))
    rewrite(target, current, history, reason, editions=editions)
    return changes


def _iso_or_text(value: object) -> object:
    return value.isoformat() if isinstance(value, pd.Timestamp) else value


def run_import(source: Source, target: Path, **options) -> Report:
    """Import `source` (a file, or an Upload held in memory) into the database at `target`; all
    or nothing unless partial=True."""
    if not target.is_file():  # before the lock, which would create the folder
        raise refuse(str(target), "no_database")
    if options.get("dry_run"):
        # A dry run only reads, and the live file is only ever swapped whole: no lock needed,
        # so it also works where the database cannot be written (a read-only copy).
        return _run_import(source, target, **options)
    with db.writing(target):
        return _run_import(source, target, **options)


def restore(target: Path, version: str, reason: str | None = None) -> str:
    """Bring a saved version back as a release: its data, with the history of releases so far
    and this one added (a restore never erases the record of what was public)."""
    source = saved_version(target, version)  # before the lock, which would create the folder
    with db.writing(target):
        if not target.is_file():  # nothing to carry over: the version as it was
            return restore_version(target, version)
        try:
            restored = _current(source)
        except duckdb.Error as error:
            raise refuse(version, "version_unreadable", detail=str(error)) from None
        current = _current(target)
        history = history_row(current, f"(version {version} restored)", {"restored": version},
                              0, ",".join(map(str, sorted(set(restored["submissions"]["edition"])
                                                          | set(current["submissions"][
                                                              "edition"])))))
        tables = {name: restored[name] for name in ("editions", "submissions",
                                                    "published_figures")}
        tables["countries"] = build.reference_tables()["countries"]
        tables["cities"] = build.city_table(tables["submissions"])
        tables["imports"] = history
        with_release(target, tables, current, reason, None)
        return _replace(target, tables, _carried_meta(restored["meta"]))


def update_editions(target: Path, rows: list[dict[str, str]], reason: str | None = None
                    ) -> dict[str, dict]:
    with db.writing(target):
        return _update_editions(target, rows, reason)
