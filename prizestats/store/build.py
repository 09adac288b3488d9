"""Build a database from canonical CSVs (data-contract.md), all or nothing.

Every rule of the data contract is checked before anything is written; each problem names its
file, the row as a spreadsheet shows it (the header is row 1), the column and the value.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from prizestats.core import reference
from prizestats.core.times import KST, parse_datetime
from prizestats.store import db
from prizestats.words import i18n, rejections
from prizestats.words.cities import coordinates

REQUIRED_SUBMISSION_COLUMNS = (
    "submission_id", "edition", "submitted_at", "applicant_type", "category", "country", "stage",
)
EDITION_COLUMNS = (
    "edition", "year", "call_opens_at", "call_closes_at", "finalists_announced_at", "ceremony_at",
    "venue", "note",
)
MAX_PROBLEMS_LISTED = 50


@dataclass(frozen=True, init=False)
class Problem:
    """What is wrong, where. Made from a key of rejections.REASONS and the values its texts take
    (Problem(file, row, column, value, "unknown_country_hint", hint="KOR")), never from free
    text: every reason reads in English and Korean. `reason` is the English text."""
    file: str
    row: int | None  # as a spreadsheet shows it: the header is row 1
    column: str | None
    value: str | None
    reason: str
    key: str = field(compare=False, repr=False)
    values: tuple[tuple[str, object], ...] = field(compare=False, repr=False)

    def __init__(self, file: str, row: int | None, column: str | None, value: str | None,
                 key: str, /, **values: object) -> None:
        rejections.check(key, values)
        for name, given in (("file", file), ("row", row), ("column", column), ("value", value),
                            ("reason", rejections.text(key, "en", values)), ("key", key),
                            ("values", tuple(sorted(values.items())))):
            object.__setattr__(self, name, given)

    def reason_in(self, lang: str) -> str:
        """The reason in `lang` (en or ko)."""
        return rejections.text(self.key, lang, dict(self.values))

    def located(self, lang: str) -> str:
        """One line: where, the value, why. English is str(self); Korean leaves the file out
        (the page it shows on says which file or form it is about)."""
        if lang == "en":
            return str(self)
        where = [i18n.t("problem.row", lang, row=self.row)] if self.row is not None else []
        where += [i18n.t("problem.column", lang, column=self.column)] if self.column else []
        value = [repr(self.value)] if self.value not in (None, "") else []
        return ": ".join([", ".join(where)] * bool(where) + value + [self.reason_in(lang)])

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        value = f" {self.value!r}:" if self.value not in (None, "") else ""
        return f"{where}:{value} {self.reason}"


class BuildError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:MAX_PROBLEMS_LISTED])
        more = len(problems) - MAX_PROBLEMS_LISTED
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{len(problems)} problem(s), nothing was written:\n{shown}{tail}")


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            return list(reader.fieldnames or []), rows
    except UnicodeDecodeError as error:
        raise BuildError([Problem(path.name, None, None, None, "not_utf8", detail=error.reason,
                                  position=error.start)]) from None
    except csv.Error as error:
        raise BuildError([Problem(path.name, None, None, None, "invalid_csv", detail=str(error))]
                         ) from None


class _Checker:
    """Collects problems while converting one CSV's text cells into typed values."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, row: int | None, column: str | None, value: str | None, key: str, /,
            **values: object) -> None:
        """A problem: `key` names its reason in rejections.REASONS, `values` fill it in."""
        self.problems.append(Problem(self.file, row, column, value, key, **values))

    def convert(self, row_no: int, column: str, value: str, parse: Callable, key: str, /,
                **values: object):
        try:
            return parse(value)
        except (ValueError, TypeError):
            self.add(row_no, column, value, key, **values)
            return None


def _enum(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(value)
        return value
    return parse


def _boolean(value: str) -> bool:
    lowered = value.lower()
    if lowered not in ("true", "false"):
        raise ValueError(value)
    return lowered == "true"


def _integer(value: str) -> int:
    if not value.strip().isdigit():
        raise ValueError(value)
    return int(value)


def read_editions(path: Path) -> pd.DataFrame:
    check = _Checker(path.name)
    header, rows = read_rows(path)
    missing = [c for c in ("edition", "year") if c not in header]
    for column in missing:
        check.add(1, column, None, "missing_column")
    if missing:
        raise BuildError(check.problems)
    records, seen = [], set()
    for n, row in enumerate(rows, start=2):
        record = {"edition": check.convert(n, "edition", row["edition"], _integer,
                                           "edition_number"),
                  "year": check.convert(n, "year", row["year"], _integer, "year_number")}
        if record["edition"] in seen:
            check.add(n, "edition", row["edition"], "edition_twice")
        seen.add(record["edition"])
        for column in EDITION_COLUMNS[2:6]:
            value = (row.get(column) or "").strip()
            record[column] = check.convert(n, column, value, parse_datetime,
                                           "not_iso_moment") if value else None
        record["venue"] = row.get("venue") or None
        record["note"] = row.get("note") or None
        records.append(record)
    if check.problems:
        raise BuildError(check.problems)
    return _with_utc_times(pd.DataFrame(records, columns=list(EDITION_COLUMNS)),
                           EDITION_COLUMNS[2:6])


def read_submissions(path: Path, known_editions: set[int] | None) -> pd.DataFrame:
    header, rows = read_rows(path)
    if not header:
        raise BuildError([Problem(path.name, None, None, None, "empty_no_header")])
    problems = [Problem(path.name, 1, column, None, "missing_column")
                for column in REQUIRED_SUBMISSION_COLUMNS if column not in header]
    if problems:
        raise BuildError(problems)
    numbered = []
    for n, row in enumerate(rows, start=2):
        if None in row:  # DictReader puts surplus cells under the key None
            problems.append(Problem(path.name, n, None, None, "cells_beyond_header",
                                    cells=len(header) + len(row[None]), header=len(header)))
        else:
            numbered.append((n, {k: (v or "").strip() for k, v in row.items()}))
    records, row_problems = validate_submissions(path.name, numbered, known_editions)
    problems += row_problems
    if not rows and not problems:
        problems.append(Problem(path.name, None, None, None, "header_no_rows"))
    if problems:
        raise BuildError(problems)
    return submissions_frame([record for _, record in records])


def validate_submissions(file: str, rows: list[tuple[int, dict[str, str]]],
                         known_editions: set[int] | None
                         ) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """Check canonical text rows (row number, cells) against the data contract.

    Returns the rows that passed, typed, with their numbers, and every problem found. A row with
    a problem is not among the passed rows; a duplicate id rejects the later row.
    """
    check = _Checker(file)
    countries = reference.countries()
    seen: dict[tuple[int, str], int] = {}
    accepted = []
    for n, row in rows:
        before = len(check.problems)
        record = _read_submission(check, n, row, countries, known_editions)
        key = (record["edition"], record["submission_id"])
        if record["submission_id"] and key in seen:
            check.add(n, "submission_id", record["submission_id"], "duplicate_id",
                      edition=record["edition"], first=seen[key])
        seen.setdefault(key, n)
        if len(check.problems) == before:
            accepted.append((n, record))
    return accepted, check.problems


def submissions_frame(records: list[dict]) -> pd.DataFrame:
    columns = ["submission_id", "edition", "submitted_at", "applicant_type", "applicant_name",
               "project_title", "category", "sector", "technologies", "city", "country", "stage",
               "screened_at", "finalist_at", "award", "wego_member"]
    frame = pd.DataFrame(records, columns=columns)
    return _with_utc_times(frame, ("submitted_at", "screened_at", "finalist_at"))


def _with_utc_times(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    # Rows may carry different offsets; one UTC column keeps the instants exact.
    for column in columns:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _read_submission(check: _Checker, n: int, row: dict[str, str], countries: dict,
                     known_editions: set[int] | None) -> dict:
    def required(column: str) -> str:
        if not row.get(column):
            check.add(n, column, None, "required_value")
        return row.get(column, "")

    def optional(column: str, parse: Callable, key: str, **values: object):
        value = row.get(column, "")
        return check.convert(n, column, value, parse, key, **values) if value else None

    record = {"submission_id": required("submission_id")}
    edition = required("edition")
    record["edition"] = edition and check.convert(
        n, "edition", edition, _integer, "edition_number_listed")
    if known_editions is not None and isinstance(record["edition"], int) \
            and record["edition"] not in known_editions:
        check.add(n, "edition", edition, "edition_not_listed")
    submitted = required("submitted_at")
    record["submitted_at"] = submitted and check.convert(
        n, "submitted_at", submitted, parse_datetime, "not_iso_moment")
    for column, allowed in (("applicant_type", reference.APPLICANT_TYPES),
                            ("category", reference.CATEGORIES), ("stage", reference.STAGES)):
        value = required(column)
        record[column] = value and check.convert(
            n, column, value, _enum(allowed), "one_of", allowed=", ".join(allowed))
    country = required("country")
    _check_country(check, n, country, countries)
    record["country"] = country
    record["sector"] = optional("sector", _enum(reference.SECTORS), "one_of",
                                allowed=", ".join(reference.SECTORS))
    for column in ("screened_at", "finalist_at"):
        record[column] = optional(column, parse_datetime, "not_iso_moment")
    record["award"] = optional("award", _enum(reference.AWARDS), "one_of",
                               allowed=", ".join(reference.AWARDS))
    record["wego_member"] = optional("wego_member", _boolean, "true_or_false")
    for column in ("applicant_name", "project_title", "technologies", "city"):
        record[column] = row.get(column) or None
    _check_together(check, n, row, record)
    return record


def _check_country(check: _Checker, n: int, country: str, countries: dict) -> None:
    """An ISO alpha-3 code of the countries table; a hint when it is the alpha-2 or the name."""
    if country and country not in countries:
        hint = next((iso3 for iso3, c in countries.items()
                     if country.upper() in (c["iso2"], c["name_en"].upper(), iso3)), None)
        if hint:
            check.add(n, "country", country, "not_alpha3_hint", hint=hint)
        else:
            check.add(n, "country", country, "not_alpha3")


def _check_together(check: _Checker, n: int, row: dict[str, str], record: dict) -> None:
    """The values that must agree with each other: category and applicant type, stage and
    award."""
    if record["applicant_type"] == "individual" and record["category"] not in (None, "leadership"):
        check.add(n, "category", record["category"], "individual_leadership")
    if record["stage"] == "winner" and not row.get("award"):
        check.add(n, "award", None, "winner_needs_award")
    if row.get("award") and record["stage"] and record["stage"] != "winner":
        check.add(n, "award", row["award"], "award_not_winner", stage=record["stage"])


def sha256_of(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


# The country names go into the database: a sample build with older names is stale.
COUNTRIES_CSV = reference.REFERENCE_DIR / "countries_regions.csv"


def sample_fingerprint() -> str:
    """The identity of the committed sample, the schema and the country names: a sample build
    older than it is stale."""
    files = [reference.SAMPLE_DIR / "submissions.csv", reference.SAMPLE_DIR / "editions.csv",
             COUNTRIES_CSV]
    return f"{db.SCHEMA_VERSION}:{sha256_of(files)}"


def reference_tables() -> dict[str, pd.DataFrame]:
    # `the` (the Netherlands) is for English running text (prizestats.words.names), not a table column
    countries = pd.DataFrame(list(reference.countries().values())).drop(columns="the",
                                                                        errors="ignore")
    published = pd.DataFrame(reference.published_figures()).drop(columns=["year"])
    published = published.replace({"": None})
    published["value"] = published["value"].astype(float)
    published["published_on"] = pd.to_datetime(published["published_on"]).dt.date
    published["edition"] = published["edition"].astype(int)
    years = {int(e["edition"]): int(e["year"]) for e in reference.editions()}
    published["year"] = published["edition"].map(years)
    return {"countries": countries, "published_figures": published}


def city_table(submissions: pd.DataFrame) -> pd.DataFrame:
    places = (submissions.loc[submissions["city"].notna(), ["city", "country"]]
              .drop_duplicates().sort_values(["country", "city"]))
    rows = [(city, country, *(coordinates(city, country) or (None, None)))
            for city, country in places.itertuples(index=False)]
    return pd.DataFrame(rows, columns=["city", "country", "latitude", "longitude"])


def source_fingerprint(source: Path) -> str:
    inputs = [p for p in (source / "submissions.csv", source / "editions.csv") if p.is_file()]
    return f"{db.SCHEMA_VERSION}:{sha256_of([*inputs, COUNTRIES_CSV])}"


def stale_reason(source: Path, target: Path) -> tuple[bool, str]:
    """Whether `target` should be (re)built from `source`, and why.

    Only a missing database or an older build of the sample is replaced: a database that holds
    imported or other data is never overwritten by `build --if-stale`.
    """
    if not target.exists():
        return True, "no database yet"
    meta = db.read_meta(target)
    if meta is None:
        return False, "the file is not a prizestats database: move it away to build a new one"
    if meta.get("dataset") != "sample":
        return False, f"the database holds {meta.get('dataset', 'other')} data: left as it is"
    if meta.get("fingerprint") != source_fingerprint(source):
        return True, "the database is an older build of the sample"
    return False, "the database is up to date"


def build(source: Path, target: Path) -> dict[str, int]:
    """Validate source/submissions.csv (and editions.csv when present) and write `target`."""
    submissions_path = source / "submissions.csv"
    editions_path = source / "editions.csv"
    if not submissions_path.is_file():
        raise BuildError([Problem(str(submissions_path), None, None, None, "file_not_found")])
    editions = read_editions(editions_path) if editions_path.is_file() else None
    known = set(editions["edition"]) if editions is not None else None
    submissions = read_submissions(submissions_path, known)
    if editions is None:
        editions = pd.DataFrame(columns=list(EDITION_COLUMNS))
    fingerprint = source_fingerprint(source)
    dataset = "sample" if fingerprint == sample_fingerprint() else "canonical"
    tables = {"editions": editions, "submissions": submissions, "cities": city_table(submissions),
              **reference_tables()}
    tables["imports"] = _build_release(target, tables, source)
    db.write_database(target, tables, {"dataset": dataset, "fingerprint": fingerprint,
                                       "source": str(source)})
    return {"submissions": len(submissions), "editions": len(editions)}


def _build_release(target: Path, tables: dict[str, pd.DataFrame], source: Path) -> pd.DataFrame:
    """A build is a release too (a fresh start: it moves nothing, it only begins the history):
    the first row of the new database's history, and its figures in `tables`."""
    from prizestats.store import releases  # it reads build's Problem: imported once both exist

    now = datetime.now(KST)
    history = pd.DataFrame([{
        "import_id": 1, "file_name": f"(build from {source.name or source})", "sha256": None,
        "rows_read": len(tables["submissions"]), "rows_accepted": len(tables["submissions"]),
        "rows_rejected": 0, "editions_replaced": "", "diff": "{}", "started_at": now,
        "finished_at": now}])
    release = releases.prepare(target, {**tables, "imports": history}, None, None, check=False)
    tables["release_figures"] = releases.figures_with(releases.empty(), release, 1)
    return releases.history_with(history, release)
