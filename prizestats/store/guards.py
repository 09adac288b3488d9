"""The bounds of an import: how large a file, an archive, a sheet may be, and the refusal of a
file that is not one (a zip bomb, an XML bomb, an external entity). Nothing here keeps a file."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from prizestats.core import settings
from prizestats.store.build import Problem


class ImportRefused(ValueError):
    """The file cannot be imported at all (not a table, wrong sheet, missing columns ...)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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
        raise ImportRefused([Problem(UPLOAD_SIZE_VARIABLE, None, None, text,
                                    "upload_size_setting")])
    return int(text)


def limits() -> Limits:
    return Limits(max_bytes=upload_limit_mb() * MEGABYTE)


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:,.1f} MB"


def refuse(name: str, key: str, row: int | None = None, column: str | None = None, /,
            **values: object) -> ImportRefused:
    """The file refused: `key` names the reason in rejections.REASONS, `values` fill it in."""
    return ImportRefused([Problem(name, row, column, None, key, **values)])


def check_size(name: str, size: int, bounds: Limits) -> None:
    if size > bounds.max_bytes:
        raise refuse(name, "file_too_large", size=size, limit=bounds.max_bytes,
                      limit_mb=_megabytes(bounds.max_bytes))


def check_zip(name: str, data: bytes, bounds: Limits) -> None:
    """Refuse a zip bomb before anything is unpacked, from the sizes the archive declares (Python's
    zipfile stops a member at its declared size, then fails its checksum, so a member cannot
    unpack to more than the archive admits to); then walk each part's XML as openpyxl would,
    refusing a DTD or an entity (a billion laughs, a file read from disk) and broken XML."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > bounds.max_unpacked:
                raise refuse(name, "xlsx_unpacks_too_large", size=_megabytes(unpacked),
                              limit=_megabytes(bounds.max_unpacked))
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > MEGABYTE and ratio > bounds.max_ratio:
                    raise refuse(name, "xlsx_zip_bomb", part=member.filename, ratio=ratio,
                                  limit=bounds.max_ratio)
            for member in members:
                _check_part(name, archive, member, bounds)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        if isinstance(error, ImportRefused):
            raise
        raise refuse(name, "xlsx_damaged", detail=error.__class__.__name__) from None


class _PartShape:
    """What openpyxl would hold in memory while it parses one part of a workbook, counted from
    expat's events (which build nothing). Its parsers keep each finished row of a sheet (and each
    shared string), emptied but in place, until the sheet (the strings) end; a whole row (string)
    until it ends; and every other element of the part, whole. Bounding the three bounds the
    memory, whatever the part holds. Given the parser's events as its target, it builds nothing."""

    def __init__(self, name: str, part: str, bounds: Limits):
        self.name, self.part, self.bounds = name, part, bounds
        self.depth = self.inside = 0  # inside: the depth of <sheetData> or <sst> while in it
        self.container = ""
        self.items = self.in_item = self.other = 0
        self.row_no: int | None = None

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        local = tag.rpartition("}")[2]  # "{namespace}sheetData"
        if not self.inside and local in ("sheetData", "sst"):
            self.inside, self.container, self.items = self.depth, local, 0
        elif not self.inside:
            self.other += 1
            if self.other > self.bounds.max_part_elements:
                raise refuse(self.name, "xlsx_too_many_elements", part=self.part,
                              limit=self.bounds.max_part_elements)
        elif self.depth == self.inside + 1:
            self.items += 1
            self.in_item = 0
            if self.container == "sst":
                if self.items > self.bounds.max_shared_strings:
                    raise refuse(self.name, "xlsx_too_many_texts",
                                  limit=self.bounds.max_shared_strings)
                return
            declared = attributes.get("r", "")
            self.row_no = max(int(declared) if declared.isdigit() else 0, self.items)
            if self.items > self.bounds.max_rows + 1:
                raise refuse(self.name, "too_many_rows", self.row_no,
                              **too_many_rows(self.bounds))
        else:
            self.in_item += 1
            if self.in_item > self.bounds.max_row_elements:
                raise refuse(self.name, "xlsx_row_too_wide", self.row_no, part=self.part,
                              limit=self.bounds.max_row_elements)

    def end(self, _tag: str) -> None:
        if self.depth == self.inside:
            self.inside = 0
        self.depth -= 1


def _check_part(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo,
                bounds: Limits) -> None:
    shape = _PartShape(name, member.filename, bounds)
    # No part of a workbook has a DTD: refusing any refuses every entity, nested (a billion
    # laughs) or external (a file read from disk), before one is expanded or read. openpyxl
    # parses with defusedxml too, but only after this check has seen every part.
    parser = DefusedXMLParser(target=shape, forbid_dtd=True)
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(MEGABYTE):
                parser.feed(chunk)
        parser.close()
    except DefusedXmlException:
        raise refuse(name, "xlsx_xml_entities", part=member.filename) from None
    except ParseError as error:
        # Parts named .xml or .rels are XML; the rest (images, printer settings) need not be.
        if member.filename.lower().endswith((".xml", ".rels")):
            line, column = error.position
            raise refuse(name, "xlsx_bad_xml", part=member.filename, line=line,
                          column=column + 1) from None


def too_many_rows(bounds: Limits) -> dict[str, int]:
    """The values of the reason too_many_rows: the last row allowed, and the rows under it."""
    return {"last": bounds.max_rows + 1, "limit": bounds.max_rows}
