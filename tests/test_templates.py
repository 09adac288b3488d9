"""HTML in templates: the outputs build no HTML in Python strings, and every template escapes
hostile text (a title, a name, a link) wherever it puts it, in text and in attributes."""

from __future__ import annotations

import re
import tokenize
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pandas as pd
import pytest
from conftest import ROOT
from markupsafe import Markup

from prizestats.core.editions import Edition
from prizestats.core.times import parse_as_of
from prizestats.figures import share
from prizestats.ops import serve
from prizestats.outputs import presskit, report, templates

# -- no HTML in Python strings ------------------------------------------------------------------

# A tag: "<p>", "</td>", '<a href="...">', and in an f-string "<{tag}>".
TAG = re.compile(r"<[a-zA-Z/{][^>]*>")
CHECKED = ("prizestats/outputs", "prizestats/ops")
# (file, the text the pattern finds): why it is not HTML
NOT_HTML = {
    ("prizestats/outputs/mail.py", "<{name}.{uuid.uuid4().hex[:16]}@{domain}>"):
        "an email's Content-ID is written in angle brackets (RFC 2392), in a header",
}
SKIPPED_BEFORE = {tokenize.NL, tokenize.COMMENT}
STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}


def documentation(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """Whether the string at tokens[i] is a statement of its own (a docstring): what it says
    about markup is for a reader of the code, not output."""
    before = next((t for t in reversed(tokens[:i]) if t.type not in SKIPPED_BEFORE), None)
    after = next((t for t in tokens[i + 1:] if t.type not in SKIPPED_BEFORE), None)
    return ((before is None or before.type in STATEMENT_START)
            and after is not None and after.type in (tokenize.NEWLINE, tokenize.ENDMARKER))


def html_in_strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every tag the pattern finds in a string literal of the file."""
    with path.open("rb") as handle:
        tokens = list(tokenize.tokenize(handle.readline))
    name = path.relative_to(ROOT).as_posix()
    return [(token.start[0], found)
            for i, token in enumerate(tokens)
            if token.type == tokenize.STRING and not documentation(tokens, i)
            for found in TAG.findall(token.string) if (name, found) not in NOT_HTML]


def python_files() -> list[Path]:
    return sorted(p for folder in CHECKED for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", python_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_html_is_built_in_python_strings(path):
    assert html_in_strings(path) == [], (
        f"{path.name} builds HTML in a string: put it in a template of outputs/templates/ "
        "(or, when it is not HTML, list it in NOT_HTML with the reason)")


def test_the_check_finds_html_in_strings_and_not_in_docstrings(tmp_path, monkeypatch):
    """The check itself: a tag in an f-string, a concatenation or a plain string is found; a
    tag a docstring mentions is not."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    module = tmp_path / "module.py"
    module.write_text('"""Makes <p> elements."""\n\n\n'
                      'def page(title):\n'
                      '    """The <title> of a page."""\n'
                      '    head = f"<title>{title}</title>"\n'
                      '    return head + "<body>" + f"<{title}>"\n', encoding="utf-8")
    assert html_in_strings(module) == [(6, "<title>"), (6, "</title>"), (7, "<body>"),
                                       (7, "<{title}>")]


def test_every_exception_is_still_there():
    """An entry of NOT_HTML that matches nothing any more is removed, not kept as a hole."""
    for (name, found), _reason in NOT_HTML.items():
        path = ROOT / name
        with path.open("rb") as handle:
            strings = [t.string for t in tokenize.tokenize(handle.readline)
                       if t.type == tokenize.STRING]
        assert any(found in TAG.findall(s) for s in strings), (name, found)


# -- hostile text in every template -------------------------------------------------------------

# A script, an element with a handler, a quote and an apostrophe that would end an attribute,
# an ampersand and an entity: each must come out as the same text, nothing else.
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\" onmouseover='alert(3)' &amp;"
BENIGN = "harmless words"


class Structure(HTMLParser):
    """A document's elements with their attribute names, its text and its attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.attribute_values: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple(name for name, _ in attrs)))
        self.attribute_values += [value or "" for _, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        self.elements.append((f"/{tag}", ()))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(document: str) -> Structure:
    parser = Structure()
    parser.feed(document)
    parser.close()
    return parser


def report_values(text: str) -> dict:
    """Every value of report.html.j2, each piece of text `text` (the link too)."""
    table = templates.Table([text, text], [[templates.Cell(text), templates.Cell(text, number=True),
                                            templates.Cell(text, link=text)]])
    return {
        "lang": "en", "prize": text, "edition_name": text, "title": text, "as_of": text,
        "prepared_for": text, "rules": text, "sample": text, "contents": text,
        "sections": [report.Section(text, text, [
            ("paragraph", text), ("list", [text, text]), ("table", table),
            ("figure", Markup("<svg><text>chart</text></svg>")),
            ("markdown", [("paragraph", [("text", text), ("strong", text), ("em", text),
                                         ("code", text)]),
                          ("list", [[("text", text)], [("strong", text)]])])])]}


def presskit_values(text: str) -> dict:
    table = templates.Table([text], [[templates.Cell(text)]])
    return {
        "lang": "en", "title": text, "edition_name": text, "other": "ko",
        "other_language": text, "prize": text, "as_of": text, "sample": text,
        "embargo": text, "headings": dict.fromkeys(
            ("headlines", "key_figures", "results", "charts", "files", "citation", "licence"),
            text),
        "quotes": [("en", text), ("ko", text)], "figures": table, "results": table,
        "no_results": text, "charts": [("entries_by_region", text)],
        "chart_links": {"html": text, "zip": text}, "citation": text, "licence": text}


def digest_values(text: str) -> dict:
    return {
        "lang": "en", "subject": text, "heading": text, "title": text, "as_of": text,
        "new_heading": text, "new_line": text, "first_run": text,
        "tables": [{"caption": text, "column": text, "entries": text, "rows": [(text, text)]}],
        "total_heading": text, "paces": [text], "projection_heading": text,
        "projection": text, "missing_heading": text, "missing": [text, text],
        "late_heading": text, "late": text, "charts_heading": text,
        "images": [("intake_curve", text)], "width": 640, "link": text, "link_text": text,
        "source": text, "footer": text, "alerts": [text], "alerts_heading": text}


TEMPLATES = {
    "report.html.j2": report_values,
    "report_footer.html.j2": lambda text: {"text": text},
    "presskit.html.j2": presskit_values,
    "presskit_index.html.j2": lambda text: {"title": text, "heading": text,
                                            "languages": [("en", text)]},
    "digest.html.j2": digest_values,
    "chart.html.j2": lambda text: {"lang": "en", "title": text, "scripts": [text],
                                   "chart": Markup("<div id=\"chart\"></div>"),
                                   "citation": text, "licence": text},
    "embed.html.j2": lambda text: {"lang": "en", "theme": "auto", "title": text,
                                   "scripts": [text], "chart": Markup("<div id=\"c\"></div>"),
                                   "chart_id": "c", "light": share.EMBED_COLOURS["light"],
                                   "dark": share.EMBED_COLOURS["dark"],
                                   "light_layout": {"paper_bgcolor": "#FFFFFF"},
                                   "dark_layout": {"paper_bgcolor": "#171614"},
                                   "full_view": text, "full_view_words": text},
}
# the templates that put a value in an attribute: a chart's finding as alt, a link as href
IN_ATTRIBUTES = {"report.html.j2", "presskit.html.j2", "digest.html.j2", "chart.html.j2",
                 "embed.html.j2"}


def test_every_template_is_tested():
    names = {p.name for p in templates.FOLDER.glob("*.html.j2")}
    assert names - {"table.html.j2", "report_header.html.j2"} == set(TEMPLATES)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_hostile_text_renders_as_text_in_every_template(name):
    values = TEMPLATES[name]
    benign = structure(templates.render(name, **values(BENIGN)))
    hostile = structure(templates.render(name, **values(HOSTILE)))
    # the same elements with the same attributes: the text added no element, no attribute
    assert hostile.elements == benign.elements
    assert not any(tag in ("script", "img") and "onerror" in attrs
                   for tag, attrs in hostile.elements)
    # and it is all there, as the same text, in the text and in the attributes
    assert "".join(hostile.text).count(HOSTILE) == "".join(benign.text).count(BENIGN) > 0
    if name in IN_ATTRIBUTES:
        assert hostile.attribute_values.count(HOSTILE) == benign.attribute_values.count(BENIGN) > 0


def test_a_value_is_markup_only_when_it_comes_as_markup():
    """The charts' SVG comes in as Markup and stays markup; the same text as a str is text."""
    svg = "<svg><text>chart</text></svg>"
    values = report_values(BENIGN)
    values["sections"][0].blocks[3] = ("figure", svg)
    assert "&lt;svg&gt;" in templates.render("report.html.j2", **values)
    values["sections"][0].blocks[3] = ("figure", Markup(svg))
    assert f"<figure>{svg}</figure>" in templates.render("report.html.j2", **values)


def test_a_missing_value_is_an_error_not_an_empty_string():
    values = presskit_values(BENIGN)
    del values["citation"]
    with pytest.raises(jinja2.UndefinedError, match="citation"):
        templates.render("presskit.html.j2", **values)


# -- the modules' own values ----------------------------------------------------------------------

def links(document: str) -> list[str]:
    """The href of every link that leaves the document (the contents' own #anchors aside)."""
    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(value or "" for name, value in attrs
                         if tag == "a" and name == "href" and not (value or "").startswith("#"))

    Links(convert_charrefs=True).feed(document)
    return found


def test_the_press_kit_page_escapes_titles_and_names(monkeypatch):
    """Through the press kit's own code: a chart's finding (which quotes the data) in the alt
    attribute, names in the tables, sentences and the citation as text."""
    monkeypatch.setattr(presskit.press, "headlines", lambda *_, **__: [HOSTILE])
    monkeypatch.setattr(presskit.press, "citation", lambda *_: HOSTILE)
    edition = Edition(number=3, year=2025,
                      ceremony_at=datetime.fromisoformat("2025-09-30T17:30:00+09:00"))
    table = pd.DataFrame({HOSTILE: [HOSTILE]})
    page = presskit._page("en", edition, parse_as_of("2025-10-01"), parse_as_of("2025-10-01"), False,
                          {}, pd.DataFrame(),
                          table, table, {"entries_by_region": HOSTILE}, "ko")
    found = structure(page)
    assert not any(tag in ("script", "img") and "onerror" in attrs
                   for tag, attrs in found.elements)
    assert found.attribute_values.count(HOSTILE) == 1  # the chart's alt
    # two quotes, a column and a cell in each of the two tables, the citation, and the citation
    # again in the licence's attribution sentence
    assert "".join(found.text).count(HOSTILE) == 8
    assert all(link.startswith(("../ko/", "charts/", "figures.", "../figures.", "results."))
               for link in links(page))


@pytest.mark.parametrize(("source", "linked"), [
    ("https://www.segye.com/newsView/1?a=1&b=2", True),
    ("javascript:alert(1)//https://x.example", False),
    ('https://x.example/"onmouseover="alert(1)', False),
    (HOSTILE, False),
])
def test_the_report_links_only_a_checked_source(source, linked):
    """Through the report's own table: only the source column, and only an http(s) address
    safe.web_link accepts, is a link; anything else there, and every other cell, is text."""
    frame = pd.DataFrame({"Figure": [source], "Source": [source], "Count": [3]})
    document = templates.render("report.html.j2", **{
        **report_values(BENIGN), "sections": [report.Section("headline", BENIGN, [
            ("table", report._table(frame, "en", link_column="Source"))])]})
    assert links(document) == ([source] if linked else [])
    text = "".join(structure(document).text)
    assert text.count(source) == (1 if linked else 2)
    assert '<td class="number">3</td>' in document


def test_the_nginx_template_is_not_escaped_as_html(tmp_path):
    """nginx's configuration is not HTML: a folder named with & < > ' stays as it is named
    (serve.nginx_conf refuses what nginx could not read in quotes: " \\ $ and control
    characters; the address and the port are checked by the command line)."""
    folder = tmp_path / "R&D <state>'s"
    conf = serve.nginx_conf(folder, "127.0.0.1", 8501, [8601], upload_mb=50)
    assert f'pid "{folder}/nginx.pid";' in conf
    assert '"" "prizestats_replica=$request_id; Path=/; HttpOnly; SameSite=Lax";' in conf
    assert "&amp;" not in conf
