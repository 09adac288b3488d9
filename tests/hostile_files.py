"""Hostile files for the import limits, built for real (no mocks): huge, deep, wide or bombs.

XLSX files are written as zips by hand, so that a sheet can declare what it likes and hold
millions of rows without a spreadsheet library ever holding them.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

MEGABYTE = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
PARTS = {
    "[Content_Types].xml":
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PACKAGE}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>',
    "_rels/.rels":
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
        f'xmlns:r="{RELATIONSHIPS}"><sheets><sheet name="entries" sheetId="1" r:id="rId1"/>'
        '</sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
}


def column_letter(position: int) -> str:
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(row: int, column: int, text: str) -> str:
    return (f'<c r="{column_letter(column)}{row}" t="inlineStr"><is><t>{text}</t></is></c>')


def row_xml(row: int, texts: Iterable[str], first_column: int = 1) -> str:
    cells = "".join(cell(row, column, text) for column, text in enumerate(texts, first_column))
    return f'<row r="{row}">{cells}</row>'


def write_xlsx(path: Path, rows: Iterable[str], dimension: str | None = None,
               before_rows: Iterable[str] = (), shared_strings: Iterable[str] | None = None,
               doctype: str = "") -> Path:
    """A workbook of one sheet whose <sheetData> is `rows` (XML text, streamed into the zip),
    after the <dimension> it declares and any other elements; with shared strings if given, and
    the sheet's <!DOCTYPE> if given."""
    parts = dict(PARTS)
    if shared_strings is not None:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            "</Relationships>", f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            declared = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet '
                        f'xmlns="{MAIN}">{declared}'.encode())
            _write_batched(sheet, before_rows)
            sheet.write(b"<sheetData>")
            _write_batched(sheet, rows)
            sheet.write(b"</sheetData></worksheet>")
        if shared_strings is not None:
            with archive.open("xl/sharedStrings.xml", "w") as strings:
                strings.write(f'<sst xmlns="{MAIN}">'.encode())
                _write_batched(strings, (f"<si><t>{text}</t></si>" for text in shared_strings))
                strings.write(b"</sst>")
    return path


def _write_batched(stream, parts: Iterable[str]) -> None:
    batch: list[str] = []
    for part in parts:
        batch.append(part)
        if len(batch) == 10_000:
            stream.write("".join(batch).encode())
            batch.clear()
    stream.write("".join(batch).encode())


def declared_dimension_xlsx(path: Path) -> Path:
    """A sheet that declares the whole grid A1:XFD1048576 and holds one cell, in its last row."""
    return write_xlsx(path, [row_xml(1_048_576, ["x"])], dimension="A1:XFD1048576")


def million_rows_xlsx(path: Path, rows: int = 2_000_000) -> Path:
    """A header and `rows` short rows: 21 MB packed, 165 MB of XML unpacked (for 2,000,000)."""
    header = row_xml(1, ["submission_id", "edition", "country"])
    body = (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>1</v></c></row>'
            for n in range(2, rows + 2))
    return write_xlsx(path, chain([header], body))


def rows_all_numbered_1_xlsx(path: Path, rows: int = 1_000_000) -> Path:
    """Rows that all claim to be row 1: openpyxl passes over every row after the first without
    a word, so only the importer's own count of the rows can stop them."""
    body = (f'<row r="1"><c r="A1"><v>{n}</v></c></row>' for n in range(rows))
    return write_xlsx(path, body)


def junk_xlsx(path: Path, elements: int = 2_000_000) -> Path:
    """A sheet with `elements` unknown elements before its rows, each with random attributes (so
    they pack only about 2.6 to 1): openpyxl keeps every one of them, whole, in memory."""
    rnd = random.Random(1)
    junk = (f'<x a="{rnd.randrange(10**12)}" b="{rnd.randrange(10**12)}"/>'
            for _ in range(elements))
    return write_xlsx(path, [], before_rows=junk)


def billion_laughs_xlsx(path: Path) -> Path:
    """A sheet whose one cell is an entity of 10 levels, each ten of the one below: 10 GB of
    text from under a kilobyte, if a parser expands it."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return write_xlsx(path, [row_xml(1, ["submission_id", "&lol9;"])],
                      doctype=f"<!DOCTYPE worksheet [{''.join(levels)}]>")


def external_entity_xlsx(path: Path, secret: Path) -> Path:
    """A sheet whose header names an external entity, the file `secret` (XXE): a parser that
    reads it puts the file's content into the table."""
    return write_xlsx(path, [row_xml(1, ["submission_id", "&secret;"])],
                      doctype=f'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "{secret.as_uri()}">]>')


def malformed_xml_xlsx(path: Path) -> Path:
    """A sheet whose XML is broken: a cell closed by the end of its row."""
    return write_xlsx(path, ['<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></row>'])


def spaces(megabytes: int) -> Iterator[bytes]:
    chunk = b" " * MEGABYTE
    for _ in range(megabytes):
        yield chunk


def zip_bomb_xlsx(path: Path, megabytes: int = 1024) -> Path:
    """A workbook whose sheet unpacks to `megabytes` of blanks packed about 1,000 to 1."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for chunk in spaces(megabytes):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def one_line_csv(path: Path, size: int) -> Path:
    """`size` bytes of one field on one line: no newline, no delimiter."""
    with path.open("wb") as handle:
        left = size
        while left:
            step = min(left, MEGABYTE)
            handle.write(b"x" * step)
            left -= step
    return path


# The CLI in a child process that measures it: its exit status, its stderr, and the child's
# largest resident set (ru_maxrss of RUSAGE_CHILDREN, in kB on Linux) once it has ended.
MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=float(sys.argv[1]))
print(json.dumps({"returncode": done.returncode, "stderr": done.stderr, "stdout": done.stdout,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def measured_cli(root: Path, *args: str, timeout: float = 300) -> dict:
    """Run `python -m prizestats ARGS` and return its returncode, stderr, stdout, max_rss_kb."""
    command = [sys.executable, "-c", MEASURE, str(timeout), sys.executable, "-m", "prizestats",
               *args]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True,
                            timeout=timeout + 30, check=True)
    return json.loads(result.stdout)
