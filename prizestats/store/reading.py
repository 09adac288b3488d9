"""Reading an export into a table of text cells: CSV in any common encoding and delimiter, or
XLSX, within the bounds of prizestats.store.guards."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from defusedxml.ElementTree import ParseError

from prizestats.store.guards import (
    ImportRefused,
    Limits,
    check_size,
    check_zip,
    limits,
    refuse,
    too_many_rows,
)
from prizestats.store.mapping import alias_key, aliases


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
        check_size(name, source.stat().st_size, bounds)
        with source.open("rb") as handle:  # a byte more at most: it may have grown since
            data = handle.read(bounds.max_bytes + 1)
    check_size(name, len(data), bounds)
    return Upload(name, data)


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
        raise refuse(name, "file_empty")
    binary = _looks_binary(data)
    if binary:
        raise refuse(name, binary[0], **binary[1])
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(name, data, sheet, bounds)
    if Path(name).suffix.lower() in (".xlsx", ".xlsm"):
        raise refuse(name, "xlsx_is_text")
    if sheet:
        raise refuse(name, "sheet_for_csv")
    try:
        encoding = _sniff_encoding(data)
    except ValueError:
        raise refuse(name, "unknown_encoding") from None
    text = data.decode(encoding)
    if "\x00" in text:
        raise refuse(name, "not_text_table")
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
            raise refuse(name, "csv_cell_too_long", row_no, limit=bounds.max_field_chars
                          ) from None
        raise refuse(name, "csv_unreadable", row_no, detail=str(error)) from None
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
            raise refuse(self.name, "too_many_rows", row_no, **too_many_rows(self.bounds))
        width = len(cells)
        while width and not cells[width - 1].strip():
            width -= 1
        if width > self.bounds.max_columns:
            column = _column_letter(width) if self.letters else f"{width:,}"
            raise refuse(self.name, "too_many_columns", row_no, column,
                          limit=self.bounds.max_columns)
        if not width:
            return
        if max(map(len, cells[:width])) > self.bounds.max_field_chars:
            position, cell = next((p, c) for p, c in enumerate(cells[:width], start=1)
                                  if len(c) > self.bounds.max_field_chars)
            column = _column_letter(position) if self.letters else f"{position:,}"
            raise refuse(self.name, "cell_too_long", row_no, column, length=len(cell),
                          limit=self.bounds.max_field_chars)
        if self.header is None:
            self.header = [h.strip() for h in cells[:width]]
            known = aliases()["column"]
            self.used = [alias_key(h) in known for h in self.header]
            return
        # Only the cells under a known header are read later: the others are dropped now, so a
        # file of many short cells cannot take a hundred times its size in memory.
        self.rows.append((row_no, [cell if position < len(self.used) and self.used[position]
                                   else "" for position, cell in enumerate(cells[:width])]))

    def table(self, described: str) -> Table:
        if self.header is None:
            raise refuse(self.name, "file_empty")
        return Table(self.header, self.rows, described)


def _read_xlsx(name: str, data: bytes, sheet: str | None, bounds: Limits) -> Table:
    from openpyxl import load_workbook

    check_zip(name, data, bounds)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, ParseError, KeyError, OSError, ValueError) as error:
        raise refuse(name, "xlsx_damaged", detail=error.__class__.__name__) from None
    rows = _Rows(name, bounds, letters=True)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise refuse(name, "no_such_sheet", sheet=sheet,
                          sheets=", ".join(workbook.sheetnames))
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        # The sheet's declared size is the writer's claim: A1:XFD1048576 would pad every row to
        # 16,384 cells. Without it each row is as long as its last cell, and the rows are read
        # one at a time until the limits say stop.
        worksheet.reset_dimensions()
        for row_no, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            rows.add(row_no, [_cell_text(v) for v in values])
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, ParseError, zlib.error, EOFError, KeyError, ValueError) as error:
        raise refuse(name, "xlsx_damaged", rows.last + 1, detail=error.__class__.__name__
                      ) from None
    finally:
        workbook.close()
    return rows.table(f"XLSX, sheet {worksheet.title!r}")
