"""Import an export of the entry system, whatever shape it comes in, without losing anything.

Steps: read (CSV in any common encoding and delimiter, or XLSX) -> map headers and values through
data/reference/aliases.csv -> validate each row against the data contract (build.py) -> replace
the editions the file holds -> write a new database beside the live one and rename it into place.
The live database is copied to data/versions/ first, and the raw file is kept in data/imports/.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import difflib
import hashlib
import io
import json
import re
import shutil
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import duckdb
import pandas as pd
import pycountry
from babel import Locale

from prizestats.core import reference, settings
from prizestats.core.times import KST
from prizestats.store import build, db
from prizestats.store.build import Problem
from prizestats.words.cities import canonical_city

VERSIONS_KEPT = 5
CANONICAL = ("submission_id", "edition", "submitted_at", "applicant_type", "applicant_name",
             "project_title", "category", "sector", "technologies", "city", "country", "stage",
             "screened_at", "finalist_at", "award", "wego_member")
ENUM_FIELDS = ("category", "applicant_type", "stage", "award", "sector")
# A WeGO membership as an export may write it; its Korean words are in aliases.csv (wego_member).
TRUE_WORDS = {"true", "yes", "y", "1", "o", "member"}
FALSE_WORDS = {"false", "no", "n", "0", "x", "non-member"}
KOREAN_DAY_PERIODS = {period: Locale("ko").day_periods["format"]["abbreviated"][period]
                      for period in ("am", "pm")}
EXCEL_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?E\+\d+$", re.IGNORECASE)
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d",
                "%Y. %m. %d.", "%Y. %m. %d. %H:%M", "%Y. %m. %d. %H:%M:%S",
                # Excel in Korean: "2025. 5. 1." then the day period, then "1:45" (Korean's AM
                # and PM, from babel, become AM/PM first)
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


# -- limits -----------------------------------------------------------------------------------

UPLOAD_SIZE_VARIABLE = settings.UPLOAD_SIZE_VARIABLE
MEGABYTE = 1024 * 1024  # as Streamlit counts server.maxUploadSize


@dataclass(frozen=True)
class Limits:
    """What one import may hold. The size is Streamlit's upload limit (upload_limit_mb), so the
    uploader and the importer refuse the same files; the rest fit the real export (a few hundred
    rows per edition, 16 columns) many times over, and bound the memory an import can take."""
    max_bytes: int
    max_rows: int = 100_000  # after the header
    max_columns: int = 100
    max_field_chars: int = 100_000
    unpack_factor: int = 4  # an XLSX may unpack to 4 x max_bytes (its XML compresses ~5-10 x)
    max_ratio: int = 100  # deflate packs XML 5-20 to 1; a zip bomb packs ~1,000 to 1
    # What openpyxl may have to hold at once (_PartShape): XML elements in one row (Excel's
    # 16,384 columns, each a cell with an inline string), different texts (shared strings), and
    # other XML elements in one part of the workbook (styles, sheet settings; measured: 200,000
    # of them take 160 MB)
    max_row_elements: int = 4 * 16_384
    max_shared_strings: int = 500_000
    max_part_elements: int = 200_000

    @property
    def max_unpacked(self) -> int:
        return self.unpack_factor * self.max_bytes


def upload_limit_mb(config: Path = settings.STREAMLIT_CONFIG) -> int:
    """The largest upload (prizestats.core.settings.upload_limit_text), checked."""
    text = settings.upload_limit_text(config)
    if not text.isdigit() or int(text) < 1:
        raise ImportError_([Problem(UPLOAD_SIZE_VARIABLE, None, None, text,
                                    "upload_size_setting")])
    return int(text)


def limits() -> Limits:
    return Limits(max_bytes=upload_limit_mb() * MEGABYTE)


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:,.1f} MB"


def _refuse(name: str, key: str, row: int | None = None, column: str | None = None, /,
            **values: object) -> ImportError_:
    """The file refused: `key` names the reason in rejections.REASONS, `values` fill it in."""
    return ImportError_([Problem(name, row, column, None, key, **values)])


# -- reading ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    """A file held in memory: an upload stays off the disk until its import is confirmed (it
    holds personal data), and is then kept in data/imports/ like any imported file."""
    name: str
    data: bytes


Source = Path | Upload


def load(source: Source, bounds: Limits) -> Upload:
    """The file in memory, refused on its size before a byte of it is read."""
    if isinstance(source, Upload):
        name, data = Path(source.name).name or "upload", source.data
    else:
        name = source.name
        _check_size(name, source.stat().st_size, bounds)
        with source.open("rb") as handle:  # a byte more at most: it may have grown since
            data = handle.read(bounds.max_bytes + 1)
    _check_size(name, len(data), bounds)
    return Upload(name, data)


def _check_size(name: str, size: int, bounds: Limits) -> None:
    if size > bounds.max_bytes:
        raise _refuse(name, "file_too_large", size=size, limit=bounds.max_bytes,
                      limit_mb=_megabytes(bounds.max_bytes))


@dataclass
class Table:
    """What a file held: its header, its rows (spreadsheet row number, cells) and how it was read."""
    header: list[str]
    rows: list[tuple[int, list[str]]]
    described: str


def _sniff_encoding(data: bytes) -> str:
    """The encoding of a text file; ValueError if it is none of those an export comes in."""
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


def _looks_binary(data: bytes) -> tuple[str, dict[str, str]] | None:
    """The reason (key, values) to refuse a file that is not text but something else known."""
    signatures = {b"\x89PNG": ("file_image", {"kind": "PNG"}), b"%PDF": ("file_pdf", {}),
                  b"\xff\xd8\xff": ("file_image", {"kind": "JPEG"}),
                  b"GIF8": ("file_image", {"kind": "GIF"}), b"\xd0\xcf\x11\xe0": ("file_xls", {})}
    for start, reason in signatures.items():
        if data.startswith(start):
            return reason
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


def read_table(source: Source, sheet: str | None = None, bounds: Limits | None = None) -> Table:
    bounds = bounds or limits()
    upload = load(source, bounds)
    name, data = upload.name, upload.data
    if not data.strip():
        raise _refuse(name, "file_empty")
    binary = _looks_binary(data)
    if binary:
        raise _refuse(name, binary[0], **binary[1])
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(name, data, sheet, bounds)
    if Path(name).suffix.lower() in (".xlsx", ".xlsm"):
        raise _refuse(name, "xlsx_is_text")
    if sheet:
        raise _refuse(name, "sheet_for_csv")
    try:
        encoding = _sniff_encoding(data)
    except ValueError:
        raise _refuse(name, "unknown_encoding") from None
    text = data.decode(encoding)
    if "\x00" in text:
        raise _refuse(name, "not_text_table")
    end = text.find("\n")
    first = text[:end] if end >= 0 else text
    delimiter = max(",;\t", key=first.count)
    label = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    # A module-wide setting, the same value on every call: csv's own default (131,072) is close.
    csv.field_size_limit(bounds.max_field_chars)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    rows = _Rows(name, bounds)
    try:
        for row_no, cells in enumerate(reader, start=1):
            rows.add(row_no, cells)
    except csv.Error as error:
        row_no = rows.last + 1
        if "field larger than field limit" in str(error):
            raise _refuse(name, "csv_cell_too_long", row_no, limit=bounds.max_field_chars
                          ) from None
        raise _refuse(name, "csv_unreadable", row_no, detail=str(error)) from None
    return rows.table(f"CSV, {encoding}, {label}-separated")


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their ends, one at a time: a list of them, or a StringIO (four
    bytes per character), would take several times the memory of the text itself."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _column_letter(position: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD, as a spreadsheet names its columns."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Rows:
    """The rows of a table as they are read, each checked against the limits on the way in, so
    a hostile file is refused at the first row too many, too wide or too long."""

    def __init__(self, name: str, bounds: Limits, letters: bool = False):
        self.name, self.bounds, self.letters = name, bounds, letters
        self.header: list[str] | None = None
        self.used: list[bool] = []
        self.rows: list[tuple[int, list[str]]] = []
        self.last = 0

    def add(self, row_no: int, cells: list[str]) -> None:
        self.last = row_no
        if row_no > self.bounds.max_rows + 1:
            raise _refuse(self.name, "too_many_rows", row_no, **_too_many_rows(self.bounds))
        width = len(cells)
        while width and not cells[width - 1].strip():
            width -= 1
        if width > self.bounds.max_columns:
            column = _column_letter(width) if self.letters else f"{width:,}"
            raise _refuse(self.name, "too_many_columns", row_no, column,
                          limit=self.bounds.max_columns)
        if not width:
            return
        if max(map(len, cells[:width])) > self.bounds.max_field_chars:
            position, cell = next((p, c) for p, c in enumerate(cells[:width], start=1)
                                  if len(c) > self.bounds.max_field_chars)
            column = _column_letter(position) if self.letters else f"{position:,}"
            raise _refuse(self.name, "cell_too_long", row_no, column, length=len(cell),
                          limit=self.bounds.max_field_chars)
        if self.header is None:
            self.header = [h.strip() for h in cells[:width]]
            known = aliases()["column"]
            self.used = [_key(h) in known for h in self.header]
            return
        # Only the cells under a known header are read later: the others are dropped now, so a
        # file of many short cells cannot take a hundred times its size in memory.
        self.rows.append((row_no, [cell if position < len(self.used) and self.used[position]
                                   else "" for position, cell in enumerate(cells[:width])]))

    def table(self, described: str) -> Table:
        if self.header is None:
            raise _refuse(self.name, "file_empty")
        return Table(self.header, self.rows, described)


def _check_zip(name: str, data: bytes, bounds: Limits) -> None:
    """Refuse a zip bomb before anything is unpacked, from the sizes the archive declares (Python's
    zipfile stops a member at its declared size, then fails its checksum, so a member cannot
    unpack to more than the archive admits to); then walk each part's XML as openpyxl would."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > bounds.max_unpacked:
                raise _refuse(name, "xlsx_unpacks_too_large", size=_megabytes(unpacked),
                              limit=_megabytes(bounds.max_unpacked))
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > MEGABYTE and ratio > bounds.max_ratio:
                    raise _refuse(name, "xlsx_zip_bomb", part=member.filename, ratio=ratio,
                                  limit=bounds.max_ratio)
            for member in members:
                _check_part(name, archive, member, bounds)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        if isinstance(error, ImportError_):
            raise
        raise _refuse(name, "xlsx_damaged", detail=error.__class__.__name__) from None


class _PartShape:
    """What openpyxl would hold in memory while it parses one part of a workbook, counted from
    expat's events (which build nothing). Its parsers keep each finished row of a sheet (and each
    shared string), emptied but in place, until the sheet (the strings) end; a whole row (string)
    until it ends; and every other element of the part, whole. Bounding the three bounds the
    memory, whatever the part holds."""

    def __init__(self, name: str, part: str, bounds: Limits):
        self.name, self.part, self.bounds = name, part, bounds
        self.depth = self.inside = 0  # inside: the depth of <sheetData> or <sst> while in it
        self.container = ""
        self.items = self.in_item = self.other = 0
        self.row_no: int | None = None

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        local = tag.rpartition(":")[2]
        if not self.inside and local in ("sheetData", "sst"):
            self.inside, self.container, self.items = self.depth, local, 0
        elif not self.inside:
            self.other += 1
            if self.other > self.bounds.max_part_elements:
                raise _refuse(self.name, "xlsx_too_many_elements", part=self.part,
                              limit=self.bounds.max_part_elements)
        elif self.depth == self.inside + 1:
            self.items += 1
            self.in_item = 0
            if self.container == "sst":
                if self.items > self.bounds.max_shared_strings:
                    raise _refuse(self.name, "xlsx_too_many_texts",
                                  limit=self.bounds.max_shared_strings)
                return
            declared = attributes.get("r", "")
            self.row_no = max(int(declared) if declared.isdigit() else 0, self.items)
            if self.items > self.bounds.max_rows + 1:
                raise _refuse(self.name, "too_many_rows", self.row_no,
                              **_too_many_rows(self.bounds))
        else:
            self.in_item += 1
            if self.in_item > self.bounds.max_row_elements:
                raise _refuse(self.name, "xlsx_row_too_wide", self.row_no, part=self.part,
                              limit=self.bounds.max_row_elements)

    def end(self, _tag: str) -> None:
        if self.depth == self.inside:
            self.inside = 0
        self.depth -= 1


def _check_part(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo,
                bounds: Limits) -> None:
    shape = _PartShape(name, member.filename, bounds)
    parser = expat.ParserCreate()
    parser.StartElementHandler = shape.start
    parser.EndElementHandler = shape.end
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(MEGABYTE):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        pass  # not XML (an image), or broken: openpyxl would stop at the same place, or not read it


def _too_many_rows(bounds: Limits) -> dict[str, int]:
    """The values of the reason too_many_rows: the last row allowed, and the rows under it."""
    return {"last": bounds.max_rows + 1, "limit": bounds.max_rows}


def _read_xlsx(name: str, data: bytes, sheet: str | None, bounds: Limits) -> Table:
    from openpyxl import load_workbook

    _check_zip(name, data, bounds)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise _refuse(name, "xlsx_damaged", detail=error.__class__.__name__) from None
    rows = _Rows(name, bounds, letters=True)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise _refuse(name, "no_such_sheet", sheet=sheet,
                          sheets=", ".join(workbook.sheetnames))
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        # The sheet's declared size is the writer's claim: A1:XFD1048576 would pad every row to
        # 16,384 cells. Without it each row is as long as its last cell, and the rows are read
        # one at a time until the limits say stop.
        worksheet.reset_dimensions()
        for row_no, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            rows.add(row_no, [_cell_text(v) for v in values])
    except ImportError_:
        raise
    except (zipfile.BadZipFile, ParseError, zlib.error, EOFError, KeyError, ValueError) as error:
        raise _refuse(name, "xlsx_damaged", rows.last + 1, detail=error.__class__.__name__
                      ) from None
    finally:
        workbook.close()
    return rows.table(f"XLSX, sheet {worksheet.title!r}")


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
            problems.append(Problem(name, 1, title, None, "second_column", canonical=canonical))
        mapped[position] = canonical
    required = [c for c in build.REQUIRED_SUBMISSION_COLUMNS
                if c not in mapped.values() and not (c == "edition" and edition_given)]
    for column in required:
        problems.append(Problem(name, 1, column, None, "missing_edition_column"
                                if column == "edition" else "missing_column"))
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
    cleaned = text
    for period, name in KOREAN_DAY_PERIODS.items():
        cleaned = cleaned.replace(name, period.upper())
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

    def problem(column: str, value: str, key: str, /, **values: object) -> None:
        mapped.problems.append(Problem(name, row_no, column, value, key, **values))

    for column, value in raw.items():
        mapped.cells[column] = value
    if not raw.get("edition") and edition is not None:
        mapped.cells["edition"] = str(edition)
    elif raw.get("edition", "").isdigit() and int(raw["edition"]) in editions_by_year:
        mapped.cells["edition"] = str(editions_by_year[int(raw["edition"])])  # a year: 2025 -> 3
    identifier = raw.get("submission_id", "")
    if EXCEL_SCIENTIFIC.match(identifier):
        problem("submission_id", identifier, "excel_scientific")
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
            if hint:
                problem("country", country, "unknown_country_hint", hint=hint)
            else:
                problem("country", country, "unknown_country")
    if raw.get("city") and mapped.cells["country"]:
        mapped.cells["city"] = canonical_city(raw["city"], mapped.cells["country"])
    for column in ("submitted_at", "screened_at", "finalist_at"):
        value = raw.get(column, "")
        if value:
            try:
                mapped.cells[column] = parse_moment(value).isoformat()
            except ValueError:
                problem(column, value, "not_a_moment")
                mapped.cells[column] = ""
    member = _key(raw.get("wego_member", ""))
    if member:
        member = aliases().get("wego_member", {}).get(member, member)
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


def _current(target: Path) -> dict:
    """The tables an import or an edit carries over, as they are in the live database."""
    con = db.connect(target)
    with con:
        tables = {name: con.execute(f"select * from {name}").df()
                  for name in ("editions", "submissions", "imports", "published_figures")}
        tables["meta"] = db.meta(con)
    return tables


def kept_tables(current: dict) -> dict[str, pd.DataFrame]:
    """What every write carries over unless it changes it: the editions and the published
    figures organisers recorded (not the bundled file's), and the countries of the reference
    table, which an organiser may have edited since."""
    return {"editions": current["editions"], "published_figures": current["published_figures"],
            "countries": build.reference_tables()["countries"]}


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


def rewrite(target: Path, current: dict, history: pd.DataFrame, **changed: pd.DataFrame) -> str:
    """A new database from the live one with `changed` tables and `history`, saved as a
    version first (restore brings the old one back); nothing changes if the write fails."""
    tables = {**kept_tables(current), "submissions": current["submissions"], **changed,
              "imports": history}
    tables["cities"] = build.city_table(tables["submissions"])
    version = save_version(target, prune=False)
    try:
        db.write_database(target, tables, {k: v for k, v in current["meta"].items()
                                           if k not in ("schema_version", "built_at")})
    except BaseException:
        discard_version(target, version)
        raise
    prune_versions(target)
    return version


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
                progress: Callable[[str], None] = lambda _: None,
                bounds: Limits | None = None) -> Report:
    """Import `source` into the database at `target`; all or nothing unless `partial`."""
    started = datetime.now(KST)
    bounds = bounds or limits()
    upload = load(source, bounds)
    name = upload.name
    digest = hashlib.sha256(upload.data).hexdigest()
    progress(f"reading {name}")
    table = read_table(upload, sheet, bounds)
    columns = map_header(name, table.header, edition is not None)
    current = _current(target)
    editions_by_year = dict(zip(current["editions"]["year"], current["editions"]["edition"],
                                strict=True))
    known = set(current["editions"]["edition"]) or None
    mapped = []
    for i, (row_no, cells) in enumerate(table.rows):
        mapped.append(map_row(name, row_no, cells, columns, edition, editions_by_year))
        if i and i % 20_000 == 0:
            progress(f"mapped {i:,} of {len(table.rows):,} rows")
    progress(f"checking {len(mapped):,} rows")
    clean = [(m.row, m.cells) for m in mapped if not m.problems]
    accepted, problems = build.validate_submissions(name, clean, known)
    problems = sorted([p for m in mapped for p in m.problems] + problems,
                      key=lambda p: (p.row or 0, p.column or ""))
    report = Report(name, digest, table.described, len(table.rows), accepted, problems,
                    unknown_columns(table.header),
                    sorted({record["edition"] for _, record in accepted}))
    if not table.rows:
        report.problems.append(Problem(name, None, None, None, "header_no_rows"))
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
    history = _history(current["imports"], report, started)
    tables = {**kept_tables(current), "submissions": build.submissions_frame(
        merged.to_dict("records")), "cities": build.city_table(merged), "imports": history}
    report.version_saved = save_version(target, prune=False)
    try:
        db.write_database(target, tables, {"dataset": "imported", "fingerprint": digest,
                                           "source": name})
    except BaseException:
        # A failed import leaves every file as it was: no version of a database that stayed.
        discard_version(target, report.version_saved)
        raise
    prune_versions(target)
    _keep_raw(upload, digest, target)  # only now: a refused or failed upload leaves no copy
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


def _keep_raw(upload: Upload, digest: str, target: Path) -> Path:
    """The imported file, kept beside the database so an import can be checked later (and
    purged: purge_uploads)."""
    folder = data_dir(target) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{digest}{Path(upload.name).suffix.lower() or '.dat'}"
    if not kept.exists():
        staging = folder / f".{digest}.{uuid.uuid4().hex}.copying"
        try:
            staging.write_bytes(upload.data)
            staging.replace(kept)
        finally:
            staging.unlink(missing_ok=True)
    return kept


# -- versions ---------------------------------------------------------------------------------

def versions_dir(target: Path) -> Path:
    return data_dir(target) / "versions"


def save_version(target: Path, prune: bool = True) -> str:
    """Copy the live database aside (then keep the newest VERSIONS_KEPT, unless told not to yet)."""
    folder = versions_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    name = datetime.now(KST).strftime("%Y%m%d-%H%M%S-%f")
    staging = folder / f".{name}.copying"
    shutil.copyfile(target, staging)
    staging.replace(folder / f"{name}.duckdb")
    if prune:
        prune_versions(target)
    return name


def discard_version(target: Path, version: str) -> None:
    """Undo save_version after a write that failed: leave every file as it was."""
    (versions_dir(target) / f"{version}.duckdb").unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # a folder this version made, and nothing else holds
        versions_dir(target).rmdir()


def prune_versions(target: Path) -> None:
    for old in list_versions(target)[VERSIONS_KEPT:]:
        (versions_dir(target) / f"{old['version']}.duckdb").unlink()


def list_versions(target: Path) -> list[dict[str, object]]:
    """Newest first: version name, when it was built, what it held."""
    folder = versions_dir(target)
    found = []
    for path in sorted(folder.glob("*.duckdb"), reverse=True) if folder.exists() else []:
        meta = db.read_meta(path) or {}
        found.append({"version": path.stem, "built_at": meta.get("built_at", "?"),
                      "dataset": meta.get("dataset", "?"), "source": meta.get("source", "?")})
    return found


def _saved_version(target: Path, version: str) -> Path:
    source = versions_dir(target) / f"{version}.duckdb"
    if not re.fullmatch(r"[0-9-]+", version) or not source.is_file():
        names = ", ".join(v["version"] for v in list_versions(target))
        raise (_refuse(version, "no_such_version", names=names) if names
               else _refuse(version, "no_such_version_none"))
    return source


def _restore(target: Path, version: str) -> str:
    """Bring a saved version back (the current database is saved as a version first)."""
    source = _saved_version(target, version)
    try:
        duckdb.connect(str(source), read_only=True).close()
    except duckdb.Error as error:
        raise _refuse(version, "version_unreadable", detail=str(error)) from None
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
    rewrite(target, current, history, editions=editions)
    return changes


def _iso_or_text(value: object) -> object:
    return value.isoformat() if isinstance(value, pd.Timestamp) else value


def run_import(source: Source, target: Path, **options) -> Report:
    """Import `source` (a file, or an Upload held in memory) into the database at `target`; all
    or nothing unless partial=True."""
    if not target.is_file():  # before the lock, which would create the folder
        raise _refuse(str(target), "no_database")
    if options.get("dry_run"):
        # A dry run only reads, and the live file is only ever swapped whole: no lock needed,
        # so it also works where the database cannot be written (a read-only copy).
        return _run_import(source, target, **options)
    with db.writing(target):
        return _run_import(source, target, **options)


def restore(target: Path, version: str) -> str:
    _saved_version(target, version)  # before the lock, which would create the folder
    with db.writing(target):
        return _restore(target, version)


def update_editions(target: Path, rows: list[dict[str, str]]) -> dict[str, dict]:
    with db.writing(target):
        return _update_editions(target, rows)
