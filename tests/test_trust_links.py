"""Imported text never becomes a link, in any medium: hostile text in every imported text field
(and in the countries' names), then per medium every link, annotation and anchor is read back.

Only a published figure's source (checked as an http(s) address when it was recorded) may be a
link; a project title, an applicant's name or a city that looks like an address is text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from email.headerregistry import Address
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from conftest import FIXTURE_SUBMISSIONS, entry, write_fixture_csvs
from openpyxl import load_workbook

from prizestats.app import views
from prizestats.core import reference
from prizestats.core.times import parse_as_of
from prizestats.figures import export, press
from prizestats.outputs import digest, mail, presskit, report
from prizestats.store import build, db

EVIL = "evil.example"
# A link, an anchor, a script address, a markdown link, an autolink, a bare host, and the
# spreadsheet formulas that make a link (or worse) of a cell.
HOSTILE = [
    "https://evil.example/x",
    '<a href="https://evil.example/x">x</a>',
    "javascript:alert(1)//evil.example",
    "[x](https://evil.example/x)",
    "<https://evil.example/x>",
    "www.evil.example",
    '=HYPERLINK("https://evil.example/x","x")',
    '+HYPERLINK("https://evil.example/x","x")',
    '-1+HYPERLINK("https://evil.example/x","x")',
    '@HYPERLINK("https://evil.example/x","x")',
    '\t=HYPERLINK("https://evil.example/x","x")',
    ' =HYPERLINK("https://evil.example/x","x")',
]
NOW = parse_as_of("2026-11-26T12:00:00+09:00")
# edition 2 a day after its call closed: edition 1's countries not (yet) seen in it are missing
DIGEST_AS_OF = parse_as_of("2024-07-15T12:00:00+09:00")
# the only addresses a link may have: the published figures' sources
SOURCES = {row["source_url"] for row in reference.published_figures()}
# attributes a browser or a mail reader follows or runs
# what a spreadsheet reads as the start of a formula (written out: not the code's own list)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster",
                  "background", "data", "cite", "longdesc", "ping"}


def hostile_rows() -> list[dict]:
    """The fixture's entries, and winners of edition 1 (public since its ceremony) with hostile
    text in every imported text field: the id, the applicant, the project, the city and the
    technologies."""
    rows = [dict(row) for row in FIXTURE_SUBMISSIONS]
    for i, text in enumerate(HOSTILE):
        row = entry(f"L{i}", 1, "2023-05-02T10:00:00+09:00", "company", "tech_innovacity", text,
                    "KOR", "winner", "2023-06-20T10:00:00+09:00", "2023-07-14T15:00:00+09:00",
                    "special_mention", name=text)
        row.update(submission_id=f"{text} L{i}", project_title=text, technologies=f"{text};IoT")
        rows.append(row)
    return rows


def hostile_countries() -> dict[str, dict[str, str]]:
    """The countries' reference table with a hostile name for every country of the fixture: the
    last ones of HOSTILE, as a reference table is not trimmed as an import is (" =HYPERLINK")."""
    countries = {iso3: dict(row) for iso3, row in reference.countries().items()}
    used = sorted({row["country"] for row in FIXTURE_SUBMISSIONS})
    for iso3, name in zip(used, HOSTILE[-len(used):], strict=True):
        countries[iso3]["name_en"] = countries[iso3]["name_ko"] = name
    return countries


@pytest.fixture(scope="module")
def links_db(tmp_path_factory) -> Path:
    folder = write_fixture_csvs(tmp_path_factory.mktemp("links_csv"), hostile_rows())
    path = tmp_path_factory.mktemp("links_db") / "links.duckdb"
    countries = hostile_countries()
    with pytest.MonkeyPatch.context() as patch:  # the names go into the database's countries
        patch.setattr(reference, "countries", lambda: countries)
        build.build(folder, path)
    return path


@pytest.fixture(scope="module")
def run(links_db):
    con = db.connect(links_db)
    yield lambda name, params: db.run(con, name, params)
    con.close()


class Quiet:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def quiet(total: int) -> presskit.Progress:
    return presskit.Progress(total, stream=Quiet())


# -- what each medium's links are -------------------------------------------------------------

class Addresses(HTMLParser):
    """Every address an HTML (or SVG) document links to or loads, and every event handler."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[tuple[str, str, str]] = []
        self.handlers: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES:
                self.addresses.append((tag, name, value or ""))
            if name.startswith("on"):
                self.handlers.append((tag, name))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def addresses(document: str) -> Addresses:
    parser = Addresses()
    parser.feed(document)
    parser.close()
    return parser


def assert_no_hostile_link(document: str, allowed) -> None:
    """No address in the document carries the hostile text, each is one `allowed` accepts,
    and the hostile text is there, as text."""
    found = addresses(document)
    assert found.handlers == []
    assert [a for a in found.addresses if EVIL in a[2] or not allowed(a[2])] == []
    assert EVIL in "".join(found.text)


def pdf_links(path: Path) -> list[dict]:
    """Every link annotation's action, on every page."""
    actions = []
    for page in pypdf.PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/A" in annotation:
                actions.append(dict(annotation["/A"].get_object()))
    return actions


def assert_plain_spreadsheet(data: bytes, hostile: bool = True) -> None:
    """No formula and no hyperlink in any cell, and no part of the workbook that holds one."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            part = archive.read(name).decode("utf-8", errors="replace")
            # a cell's text may say HYPERLINK; no <hyperlinks> element nor link relationship
            assert "<hyperlink" not in part, name
            assert "relationships/hyperlink" not in part, name
            if name.startswith("xl/worksheets/"):
                assert re.search(r"<f[ >]", part) is None, name
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f" or c.hyperlink] == []
    assert any(EVIL in str(c.value) for c in cells) == hostile


def number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_plain_csv(data: bytes, hostile: bool = True) -> None:
    """No cell a spreadsheet would read as a formula (numbers aside), even with its leading
    spaces trimmed."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c.lstrip().startswith(FORMULA_STARTS) and not number(c)] == []
    assert any(EVIL in c for c in cells) == hostile


# -- each medium ------------------------------------------------------------------------------

def test_the_report_links_only_the_published_sources(run, tmp_path):
    (path,) = report.build(run, tmp_path, 1, ("en",), "press", NOW, NOW, progress=quiet)
    actions = pdf_links(path)
    uris = [str(a["/URI"]) for a in actions if "/URI" in a]
    assert uris  # the published figures' sources are links ...
    assert set(uris) <= SOURCES  # ... and nothing else is
    # nothing else that leaves the document (the contents link to its own pages)
    assert {str(a.get("/S")) for a in actions} <= {"/URI", "/GoTo"}
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert "https://evil.example/x" in text  # shown, as text
    assert "www.evil.example" in text


def test_the_press_kit_links_only_its_own_files(run, tmp_path):
    presskit.build(run, tmp_path, 1, ("en",), NOW, NOW, progress=quiet)

    def own_file(address: str) -> bool:
        return ":" not in address and not address.startswith(("/", "\\"))

    assert_no_hostile_link((tmp_path / "en" / "index.html").read_text(encoding="utf-8"),
                           own_file)
    for svg in (tmp_path / "en" / "charts").glob("*.svg"):
        found = addresses(svg.read_text(encoding="utf-8"))
        assert found.handlers == []
        assert [a for a in found.addresses if EVIL in a[2]] == [], svg.name
    for stem, hostile in (("results", True), ("figures", False)):
        assert_plain_csv((tmp_path / "en" / f"{stem}.csv").read_bytes(), hostile)
        assert_plain_spreadsheet((tmp_path / "en" / f"{stem}.xlsx").read_bytes(), hostile)


def test_the_digest_links_only_the_dashboard(run):
    link = "https://stats.example.org/intake?edition=2&lang=en"
    figures = digest.intake_figures(run, 2, DIGEST_AS_OF)
    new = digest.new_entries(run, 2, None, DIGEST_AS_OF)
    rendered = digest.render(figures, new, "en", link)
    images = {("en", name): b"\x89PNG\r\n\x1a\n" for name in digest.CHARTS}
    message = mail.build_message(rendered, images, Address(addr_spec="a@stats.example.org"),
                                   [], NOW)
    # the message's HTML, and the .html file that --out writes beside the message
    html = message.get_body(preferencelist=("html",)).get_content()
    assert_no_hostile_link(html, lambda a: a == link or a.startswith("cid:"))
    assert_no_hostile_link(mail.html_with_images(message),
                           lambda a: a == link or a.startswith("data:image/png;base64,"))


def test_the_downloads_hold_no_formula_and_no_link(run):
    from test_views import context

    params = {**context(public=False).view.params(), "edition": 1, "as_of": NOW}
    entries = views.entries_table(context(public=False), run("entries_list", {
        **params, "search": None, "limit": None, "offset": 0}))
    results = press.results_table(run("results", params), "en")
    for table in (entries, results):
        assert_plain_csv(export.csv_bytes(table))
        # the sheet's title is a chart's finding, which can quote the data
        assert_plain_spreadsheet(export.xlsx_bytes(table, HOSTILE[6], "Source: test"))
