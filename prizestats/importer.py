"""Import an export of the entry system, whatever shape it comes in, without losing anything.

Steps: read (CSV in any common encoding and delimiter, or XLSX) -> map headers and values through
data/reference/aliases.csv -> validate each row against the data contract (build.py) -> replace
the editions the file holds -> write a new database beside the live one and rename it into place.
The live database is copied to data/versions/ first, and the raw file is kept in data/imports/.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import json
import re
import shutil
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path

import duckdb
import pandas as pd
import pycountry
from babel import Locale

from prizestats import build, db, reference
from prizestats.build import Problem
from prizestats.cities import canonical_city
from prizestats.times import KST

VERSIONS_KEPT = 5
CANONICAL = ("submission_id", "edition", "submitted_at", "applicant_type", "applicant_name",
             "project_title", "category", "sector", "technologies", "city", "country", "stage",
             "screened_at", "finalist_at", "award", "wego_member")
ENUM_FIELDS = ("category", "applicant_type", "stage", "award", "sector")
TRUE_WORDS = {"true", "yes", "y", "1", "o", "예", "네", "회원", "member"}
FALSE_WORDS = {"false", "no", "n", "0", "x", "아니오", "아니요", "비회원", "non-member"}
EXCEL_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?E\+\d+$", re.IGNORECASE)
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d",
                "%Y. %m. %d.", "%Y. %m. %d. %H:%M", "%Y. %m. %d. %H:%M:%S",
                # Excel in Korean: "2025. 5. 1. 오후 1:45" (오전/오후 become AM/PM first)
                "%Y. %m. %d. %p %I:%M", "%Y. %m. %d. %p %I:%M:%S", "%Y-%m-%d %p %I:%M",
                "%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M:%S %p")


class ImportError_(ValueError):
    """The file cannot be imported at all (not a table, wrong sheet, missing columns ...)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _key(text: str) -> str:
    """Headers and values are compared without case, outer spaces, _ - or repeated spaces."""
    return re.sub(r"[\s_\-]+", " ", str(text)).strip().casefold()


@cache
def aliases() -> dict[str, dict[str, str]]:
    """field -> {normalised alias -> canonical value}; canonical names map to themselves."""
    table: dict[str, dict[str, str]] = {"column": {_key(c): c for c in CANONICAL}}
    for name, values in (("category", reference.CATEGORIES),
                         ("applicant_type", reference.APPLICANT_TYPES),
                         ("stage", reference.STAGES), ("award", reference.AWARDS),
                         ("sector", reference.SECTORS)):
        table[name] = {_key(v): v for v in values}
    for row in reference.read_csv(reference.REFERENCE_DIR / "aliases.csv"):
        table.setdefault(row["field"], {})[_key(row["alias"])] = row["value"]
    return table


@cache
def country_names() -> dict[str, str]:
    """Every spelling we know of a country -> ISO-3: codes, English and Korean names."""
    names: dict[str, str] = {}
    korean = Locale("ko").territories
    english = Locale("en").territories
    for iso3, row in reference.countries().items():
        for name in (iso3, row["iso2"], row["name_en"], row["name_ko"],
                     korean.get(row["iso2"], ""), english.get(row["iso2"], "")):
            if name:
                names[_key(name)] = iso3
    for alias, iso3 in aliases().get("country", {}).items():
        names[alias] = iso3
    for country in pycountry.countries:
        if country.alpha_3 not in reference.countries():
            continue
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(_key(value), country.alpha_3)
    return names


def country_code(text: str) -> str | None:
    return country_names().get(_key(text))


def country_suggestion(text: str) -> str | None:
    close = difflib.get_close_matches(_key(text), list(country_names()), n=1, cutoff=0.6)
    return country_names()[close[0]] if close else None


# -- reading ----------------------------------------------------------------------------------

@dataclass
class Table:
    """What a file held: its header, its rows (spreadsheet row number, cells) and how it was read."""
    header: list[str]
    rows: list[tuple[int, list[str]]]
    described: str


def _sniff_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp949"):
        try:
            data.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ValueError("not text in UTF-8, UTF-16 or CP949/EUC-KR")


def _looks_binary(data: bytes) -> str | None:
    signatures = {b"\x89PNG": "a PNG image", b"%PDF": "a PDF document", b"\xff\xd8\xff": "a JPEG "
                  "image", b"GIF8": "a GIF image", b"\xd0\xcf\x11\xe0": "an old Excel (.xls) file: "
                  "save it as .xlsx or CSV"}
    for start, what in signatures.items():
        if data.startswith(start):
            return what
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path, sheet: str | None = None) -> Table:
    name = path.name
    data = path.read_bytes()
    if not data.strip():
        raise ImportError_([Problem(name, None, None, None, "is empty")])
    binary = _looks_binary(data)
    if binary:
        raise ImportError_([Problem(name, None, None, None, f"is {binary}, not a table of entries"
                                    )])
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(name, data, sheet)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ImportError_([Problem(name, None, None, None, "is named .xlsx but is not an Excel "
                                    "workbook (it looks like text: save it as .csv, or export "
                                    "it again as .xlsx)")])
    if sheet:
        raise ImportError_([Problem(name, None, None, None, "--sheet applies to XLSX files only")])
    try:
        encoding = _sniff_encoding(data)
    except ValueError as error:
        raise ImportError_([Problem(name, None, None, None, f"is {error}")]) from None
    text = data.decode(encoding)
    if "\x00" in text:
        raise ImportError_([Problem(name, None, None, None, "is not a text table")])
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max(",;\t", key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    label = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    return _table(name, rows, f"CSV, {encoding}, {label}-separated")


def _read_xlsx(name: str, data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportError_([Problem(name, None, None, None, f"is a damaged or truncated XLSX "
                                    f"workbook ({error.__class__.__name__})")]) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise ImportError_([Problem(name, None, None, None, f"has no sheet {sheet!r} (sheets: "
                                        f"{', '.join(workbook.sheetnames)})")])
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
    except zipfile.BadZipFile:
        raise ImportError_([Problem(name, None, None, None, "is a damaged or truncated XLSX "
                                    "workbook")]) from None
    finally:
        workbook.close()
    return _table(name, rows, f"XLSX, sheet {worksheet.title!r}")


def _table(name: str, rows: list[list[str]], described: str) -> Table:
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise ImportError_([Problem(name, None, None, None, "is empty")])
    _, header = numbered[0]
    return Table([h.strip() for h in header], numbered[1:], described)


# -- mapping ----------------------------------------------------------------------------------

def map_header(name: str, header: list[str], edition_given: bool) -> dict[int, str]:
    """Column position -> canonical column. Unknown columns are ignored (and reported)."""
    columns = aliases()["column"]
    mapped: dict[int, str] = {}
    problems = []
    for position, title in enumerate(header):
        canonical = columns.get(_key(title))
        if canonical is None:
            continue
        if canonical in mapped.values():
            problems.append(Problem(name, 1, title, None, f"is a second column for {canonical}"))
        mapped[position] = canonical
    required = [c for c in build.REQUIRED_SUBMISSION_COLUMNS
                if c not in mapped.values() and not (c == "edition" and edition_given)]
    for column in required:
        hint = " (or give --edition N)" if column == "edition" else ""
        problems.append(Problem(name, 1, column, None, f"required column is missing{hint}"))
    if problems:
        raise ImportError_(problems)
    return mapped


def unknown_columns(header: list[str]) -> list[str]:
    columns = aliases()["column"]
    return [h for h in header if h and _key(h) not in columns]


def parse_moment(text: str) -> datetime:
    """ISO 8601 or a common spreadsheet form; no offset means Asia/Seoul."""
    text = text.strip()
    try:
        return build.parse_datetime(text)
    except ValueError:
        pass
    cleaned = text.replace("오전", "AM").replace("오후", "PM")
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).replace(tzinfo=KST)
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # an Excel serial day number
        return (datetime(1899, 12, 30) + timedelta(days=float(text))).replace(tzinfo=KST)
    raise ValueError(text)


@dataclass
class Mapped:
    """One row in canonical text form, plus the problems found while mapping it."""
    row: int
    cells: dict[str, str]
    problems: list[Problem] = field(default_factory=list)


def map_row(name: str, row_no: int, cells: list[str], columns: dict[int, str],
            edition: int | None, editions_by_year: dict[int, int]) -> Mapped:
    raw = {column: (cells[i].strip() if i < len(cells) else "") for i, column in columns.items()}
    mapped = Mapped(row_no, {c: "" for c in CANONICAL})
    problem = lambda column, value, reason: mapped.problems.append(  # noqa: E731
        Problem(name, row_no, column, value, reason))
    for column, value in raw.items():
        mapped.cells[column] = value
    if not raw.get("edition") and edition is not None:
        mapped.cells["edition"] = str(edition)
    elif raw.get("edition", "").isdigit() and int(raw["edition"]) in editions_by_year:
        mapped.cells["edition"] = str(editions_by_year[int(raw["edition"])])  # a year: 2025 -> 3
    identifier = raw.get("submission_id", "")
    if EXCEL_SCIENTIFIC.match(identifier):
        problem("submission_id", identifier, "looks like a number Excel turned into scientific "
                "notation: the id is lost; format the id column as text and export again")
    for column in ENUM_FIELDS:
        value = raw.get(column, "")
        if value:
            mapped.cells[column] = aliases()[column].get(_key(value), value)
    country = raw.get("country", "")
    if country:
        code = country_code(country)
        if code:
            mapped.cells["country"] = code
        else:
            hint = country_suggestion(country)
            problem("country", country, "unknown country" + (f" (did you mean {hint}?)"
                                                              if hint else ""))
    if raw.get("city") and mapped.cells["country"]:
        mapped.cells["city"] = canonical_city(raw["city"], mapped.cells["country"])
    for column in ("submitted_at", "screened_at", "finalist_at"):
        value = raw.get(column, "")
        if value:
            try:
                mapped.cells[column] = parse_moment(value).isoformat()
            except ValueError:
                problem(column, value, "not a date and time (2025-05-01 13:45, 2025-05-01T13:45"
                        ":00+09:00, 2025/05/01 ...)")
                mapped.cells[column] = ""
    member = _key(raw.get("wego_member", ""))
    if member:
        if member in TRUE_WORDS:
            mapped.cells["wego_member"] = "true"
        elif member in FALSE_WORDS:
            mapped.cells["wego_member"] = "false"
    return mapped


# -- the import -------------------------------------------------------------------------------

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
    version_saved: str | None = None

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
            "diff": self.diff,
            "problems": [{"row": p.row, "column": p.column, "value": p.value,
                          "reason": p.reason} for p in self.problems],
        }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _current(target: Path) -> dict:
    con = db.connect(target)
    with con:
        tables = {name: con.execute(f"select * from {name}").df()
                  for name in ("editions", "submissions", "imports")}
        tables["meta"] = db.meta(con)
    return tables


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


def _run_import(path: Path, target: Path, *, edition: int | None = None, sheet: str | None = None,
               dry_run: bool = False, partial: bool = False,
               progress: Callable[[str], None] = lambda _: None) -> Report:
    """Import `path` into the database at `target`; all or nothing unless `partial`."""
    if not target.exists():
        raise ImportError_([Problem(str(target), None, None, None, "no database to import into: "
                                    "build one first (make run, or prizestats build)")])
    started = datetime.now(KST)
    digest = sha256_file(path)
    progress(f"reading {path.name}")
    table = read_table(path, sheet)
    columns = map_header(path.name, table.header, edition is not None)
    current = _current(target)
    editions_by_year = dict(zip(current["editions"]["year"], current["editions"]["edition"],
                                strict=True))
    known = set(current["editions"]["edition"]) or None
    mapped = []
    for i, (row_no, cells) in enumerate(table.rows):
        mapped.append(map_row(path.name, row_no, cells, columns, edition, editions_by_year))
        if i and i % 20_000 == 0:
            progress(f"mapped {i:,} of {len(table.rows):,} rows")
    progress(f"checking {len(mapped):,} rows")
    clean = [(m.row, m.cells) for m in mapped if not m.problems]
    accepted, problems = build.validate_submissions(path.name, clean, known)
    problems = sorted([p for m in mapped for p in m.problems] + problems,
                      key=lambda p: (p.row or 0, p.column or ""))
    report = Report(path.name, digest, table.described, len(table.rows), accepted, problems,
                    unknown_columns(table.header),
                    sorted({record["edition"] for _, record in accepted}))
    if not table.rows:
        report.problems.append(Problem(path.name, None, None, None, "has a header but no rows"))
    if (problems and not partial) or not accepted:
        return report
    incoming = build.submissions_frame([record for _, record in accepted])
    previous = current["submissions"]
    if current["meta"].get("dataset") == "sample":
        # Real entries never mix with invented ones: the first import replaces the sample.
        report.replaced_sample = True
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
    report.diff = _diff(previous, merged, report.editions)
    report.unchanged = not report.replaced_sample and len(previous) == len(merged) and all(
        not any(v for v in d.values()) for d in report.diff.values())
    if dry_run or report.unchanged:
        return report
    progress("writing the new database")
    report.version_saved = save_version(target)
    _keep_raw(path, digest, target)
    history = _history(current["imports"], report, started)
    tables = {"editions": current["editions"], "submissions": build.submissions_frame(
        merged.to_dict("records")), "cities": build.city_table(merged), "imports": history,
        **build.reference_tables()}
    db.write_database(target, tables, {"dataset": "imported", "fingerprint": digest,
                                       "source": path.name})
    report.written = True
    return report


def _history(previous: pd.DataFrame, report: Report, started: datetime) -> pd.DataFrame:
    row = {"import_id": int(previous["import_id"].max()) + 1 if len(previous) else 1,
           "file_name": report.file, "sha256": report.sha256, "rows_read": report.rows_read,
           "rows_accepted": len(report.accepted), "rows_rejected": len(report.rejected_rows),
           "editions_replaced": ",".join(map(str, report.editions)),
           "diff": json.dumps(report.diff, ensure_ascii=False), "started_at": started,
           "finished_at": datetime.now(KST)}
    new = pd.DataFrame([row])
    return pd.concat([previous, new], ignore_index=True) if len(previous) else new


def data_dir(target: Path) -> Path:
    return target.parent


def _keep_raw(path: Path, digest: str, target: Path) -> Path:
    folder = data_dir(target) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{digest}{path.suffix.lower() or '.dat'}"
    if not kept.exists():
        shutil.copyfile(path, kept)
    return kept


# -- versions ---------------------------------------------------------------------------------

def versions_dir(target: Path) -> Path:
    return data_dir(target) / "versions"


def save_version(target: Path) -> str:
    """Copy the live database aside (then keep the newest VERSIONS_KEPT)."""
    folder = versions_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    name = datetime.now(KST).strftime("%Y%m%d-%H%M%S-%f")
    staging = folder / f".{name}.copying"
    shutil.copyfile(target, staging)
    staging.replace(folder / f"{name}.duckdb")
    for old in list_versions(target)[VERSIONS_KEPT:]:
        (folder / f"{old['version']}.duckdb").unlink()
    return name


def list_versions(target: Path) -> list[dict[str, object]]:
    """Newest first: version name, when it was built, what it held."""
    folder = versions_dir(target)
    found = []
    for path in sorted(folder.glob("*.duckdb"), reverse=True) if folder.exists() else []:
        meta = db.read_meta(path) or {}
        found.append({"version": path.stem, "built_at": meta.get("built_at", "?"),
                      "dataset": meta.get("dataset", "?"), "source": meta.get("source", "?")})
    return found


def _restore(target: Path, version: str) -> str:
    """Bring a saved version back (the current database is saved as a version first)."""
    source = versions_dir(target) / f"{version}.duckdb"
    if not re.fullmatch(r"[0-9-]+", version) or not source.is_file():
        names = ", ".join(v["version"] for v in list_versions(target)) or "none"
        raise ImportError_([Problem(version, None, None, None, f"no such version (versions: "
                                    f"{names})")])
    try:
        duckdb.connect(str(source), read_only=True).close()
    except duckdb.Error as error:
        raise ImportError_([Problem(version, None, None, None, f"cannot be opened: {error}")]
                           ) from None
    # Copy the version out first: saving the current database prunes old versions, which may
    # include the very one being restored.
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex}.restoring")
    shutil.copyfile(source, staging)
    try:
        saved = save_version(target) if target.exists() else None
        staging.replace(target)
    finally:
        staging.unlink(missing_ok=True)
    return saved or ""


def purge_uploads(target: Path, days: int, now: datetime | None = None) -> list[Path]:
    """Delete kept raw uploads older than `days` days (they hold personal data)."""
    folder = data_dir(target) / "imports"
    cutoff = (now or datetime.now(KST)).timestamp() - days * 86400
    removed = []
    for path in sorted(folder.glob("*")) if folder.exists() else []:
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink()
            removed.append(path)
    return removed


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
                problems.append(Problem("edition dates", n, column, text,
                                        "not an ISO 8601 date-time"))
                continue
            if moment.tzinfo is None:
                problems.append(Problem("edition dates", n, column, text, "needs its offset, "
                                        "e.g. +09:00 for Seoul"))
                continue
            record[column] = moment
        order = [(c, record[c]) for c in DATE_COLUMNS if record[c] is not None]
        for (first, a), (second, b) in pairwise(order):
            if a >= b:
                problems.append(Problem("edition dates", n, second, str(b),
                                        f"must come after {first}"))
        parsed.append(record)
    return parsed, problems


def _update_editions(target: Path, rows: list[dict[str, str]]) -> dict[str, dict]:
    """Write new edition dates (a new database, swapped in) and log what changed."""
    parsed, problems = check_edition_dates(rows)
    if problems:
        raise ImportError_(problems)
    current = _current(target)
    before = current["editions"].set_index("edition")
    changes: dict[str, dict] = {}
    for record in parsed:
        edition = record["edition"]
        for column in DATE_COLUMNS:
            old = before.loc[edition, column] if edition in before.index else None
            old_value = None if old is None or pd.isna(old) else pd.Timestamp(old)
            new_value = None if record[column] is None else pd.Timestamp(record[column])
            if old_value != new_value:
                changes.setdefault(str(edition), {})[column] = {
                    "from": None if old_value is None else old_value.isoformat(),
                    "to": None if new_value is None else new_value.isoformat()}
    if not changes:
        return changes
    save_version(target)
    editions = pd.DataFrame(parsed, columns=list(build.EDITION_COLUMNS))
    for column in DATE_COLUMNS:
        editions[column] = pd.to_datetime(editions[column], utc=True)
    now = datetime.now(KST)
    log = pd.DataFrame([{
        "import_id": int(current["imports"]["import_id"].max()) + 1 if len(current["imports"])
        else 1, "file_name": "(edition dates)", "sha256": None, "rows_read": len(rows),
        "rows_accepted": len(rows), "rows_rejected": 0,
        "editions_replaced": ",".join(sorted(changes)), "diff": json.dumps(changes),
        "started_at": now, "finished_at": now}])
    history = pd.concat([current["imports"], log], ignore_index=True) \
        if len(current["imports"]) else log
    submissions = current["submissions"]
    db.write_database(target, {
        "editions": editions, "submissions": submissions, "cities": build.city_table(submissions),
        "imports": history, **build.reference_tables()},
        {k: v for k, v in current["meta"].items() if k not in ("schema_version", "built_at")})
    return changes


def run_import(path: Path, target: Path, **options) -> Report:
    """Import `path` into the database at `target`; all or nothing unless partial=True."""
    with db.writing(target):
        return _run_import(path, target, **options)


def restore(target: Path, version: str) -> str:
    with db.writing(target):
        return _restore(target, version)


def update_editions(target: Path, rows: list[dict[str, str]]) -> dict[str, dict]:
    with db.writing(target):
        return _update_editions(target, rows)
