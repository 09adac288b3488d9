"""The edition report: a PDF per language and role, read back with pypdf."""

from __future__ import annotations

import re

import pandas as pd
import pypdf
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from prizestats.__main__ import main
from prizestats.core.times import parse_as_of
from prizestats.figures import charts
from prizestats.outputs import report
from prizestats.store import db

NOW = parse_as_of("2026-11-30T12:00:00+09:00")
BEFORE = "2025-09-30T17:29:59+09:00"  # one second before the 2025 ceremony
AFTER = "2025-09-30T17:30:00+09:00"
ANNOUNCEMENT_EVE = "2025-08-23T23:59:59+09:00"  # the finalists are announced on 24 August


@pytest.fixture(scope="module")
def run(sample_db):
    con = db.connect(sample_db)
    yield lambda name, params: db.run(con, name, params)
    con.close()


@pytest.fixture(scope="module")
def reports(run, tmp_path_factory) -> dict[tuple[str, str, str], pypdf.PdfReader]:
    """The reports the tests read: press in both languages one second before and after the
    ceremony, and one for the organisers."""
    out = tmp_path_factory.mktemp("reports")
    made = {}
    for moment, langs, role in ((BEFORE, ("en", "ko"), "press"), (AFTER, ("en",), "press"),
                                (ANNOUNCEMENT_EVE, ("en",), "organiser")):
        folder = out / f"{role}-{moment[11:19].replace(':', '')}"
        paths = report.build(run, folder, 3, langs, role, parse_as_of(moment), NOW,
                             progress=lambda total: report.Progress(total, stream=_Quiet()))
        for lang, path in zip(langs, paths, strict=True):
            assert path.name == f"report-3-{lang}-{role}.pdf"
            made[(moment, lang, role)] = pypdf.PdfReader(path)
    return made


class _Quiet:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def text(reader: pypdf.PdfReader) -> str:
    """The report's text with its line breaks as spaces (a table cell wraps its words)."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize(("lang", "headings"), [
    ("en", ["Contents", "Headline figures", "Entries by region and country",
            "Entries by category and applicant type", "Stages and conversion",
            "Trends across editions", "Finalists and winners", "Definitions and rules",
            "Citation"]),
    ("ko", ["목차", "주요 수치", "지역·국가별 접수", "부문·신청자 유형별 접수", "심사 단계와 진출률",
            "회차별 추이", "본선 진출과 수상", "정의와 규칙", "인용 표기"]),
])
def test_the_report_has_its_sections_in_each_language(reports, lang, headings):
    reader = reports[(BEFORE, lang, "press")]
    assert len(reader.pages) >= 10
    pages = [page.extract_text() for page in reader.pages]
    for heading in headings:
        assert any(heading in page for page in pages), heading
    # page numbers and the sample's mark in every footer
    total = len(reader.pages)
    mark = "Sample data" if lang == "en" else "샘플 데이터"
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {total}" in page
        assert mark in page


def test_the_figures_are_those_the_overview_shows(reports):
    content = text(reports[(BEFORE, "en", "press")])
    # the 2025 sample as press see it on the Overview at that moment, written out
    for row in (r"Entries 220 \+4", r"Countries 52 -6", r"Cities 115 -8", r"Eligible 197 \+3",
                r"Finalists 45 \+3"):
        assert re.search(row, content), row
    assert "The Americas sent the most entries" in content
    # dated by the figures' last change (the finalists' announcement), not the moment asked
    assert "Figures as of 24 August 2025, 00:00 KST" in content
    # no seconds in any moment of the report, in either language
    for lang in ("en", "ko"):
        shown = text(reports[(BEFORE, lang, "press")])
        assert re.findall(r"\d:\d\d:\d\d|\d+초", shown) == [], lang
    assert "Prepared for: the press" in content


def fonts(reader: pypdf.PdfReader) -> list[tuple[int, str, str, str]]:
    """Every font of every page, and of the forms a page draws (chromium puts an SVG's text in
    one): (page, base name without its subset tag, subtype, the file it is embedded as)."""
    found = []

    def walk(number: int, resources, seen: set) -> None:
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            subtype = str(font["/Subtype"])
            if subtype == "/Type3":  # glyphs drawn as procedures: no font file
                found.append((number, "", subtype, ""))
                continue
            if subtype == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
                subtype = str(font["/Subtype"])
            descriptor = font["/FontDescriptor"].get_object()
            files = [key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor]
            found.append((number, str(font["/BaseFont"]).split("+")[-1], subtype,
                          "".join(files)))
        for form in (resources.get("/XObject") or {}).values():
            form = form.get_object()
            if form.get("/Subtype") == "/Form" and id(form) not in seen:
                seen.add(id(form))
                walk(number, form.get("/Resources"), seen)

    for number, page in enumerate(reader.pages, start=1):
        walk(number, page.get("/Resources"), set())
    return found


# TrueType, embedded (FontFile2): NanumBarunGothic (fonts-nanum) for the text and the charts' text,
# DejaVu Sans for the signs it lacks (✓, ⚠), DejaVu Sans Mono for `code`. With Noto Sans CJK
# first (CFF), chromium drew every letter as Type3 glyph procedures.
EMBEDDED = {("NanumBarunGothic", "/CIDFontType2", "/FontFile2"),
            ("NanumBarunGothicBold", "/CIDFontType2", "/FontFile2"),
            ("DejaVuSans", "/CIDFontType2", "/FontFile2"),
            ("DejaVuSansMono", "/CIDFontType2", "/FontFile2")}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_font_of_every_page_is_embedded_truetype_and_none_is_type3(reports, lang):
    reader = reports[(BEFORE, lang, "press")]
    found = fonts(reader)
    assert [f for f in found if f[2] == "/Type3"] == []
    assert {f[1:] for f in found} == EMBEDDED
    # every page has its fonts: no page drawn as outlines or images only
    assert {f[0] for f in found} == set(range(1, len(reader.pages) + 1))


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Seoul Smart City Prize", "The Americas sent the most entries",
            # the charts' titles, axes and source lines: SVG text, printed as text
            "Human-CentriCity was the most entered category: 106 of 220",
            "Source: Sample data · Seoul Smart City Prize entry data (prizestats)", "Entries"]),
    ("ko", ["제3회 서울 스마트도시 상", "지역별로는 미주가 71건으로 가장 많았고",
            "부문별 본선 진출률은 리더십(31.8%)에서 가장 높았습니다",
            "출처: 샘플 데이터 · 서울 스마트도시 상 접수 자료 (prizestats)", "접수"]),
])
def test_the_words_of_the_text_and_the_charts_are_extractable(reports, lang, words):
    content = text(reports[(BEFORE, lang, "press")])
    for words_ in words:
        assert words_ in content, words_


def printed_sizes(reader: pypdf.PdfReader) -> dict[float, list[str]]:
    """Every run of text by the size it prints at, in points (its font size through the text
    and graphics matrices: an SVG chart is drawn scaled to the page's width)."""
    sizes: dict[float, list[str]] = {}

    def visit(run_text, cm, tm, font, size):
        if run_text.strip():
            m = pypdf.mult(tm, cm)
            printed = round(size * abs(m[0] * m[3] - m[1] * m[2]) ** 0.5, 2)
            sizes.setdefault(printed, []).append(run_text.strip())

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_text_prints_smaller_than_8_points(reports, lang):
    sizes = printed_sizes(reports[(BEFORE, lang, "press")])
    assert min(sizes) >= 8, {size: runs[:3] for size, runs in sizes.items() if size < 8}
    # the charts' smallest text (source lines, labels in bars) is there, at 8 points
    source = "Source:" if lang == "en" else "출처:"
    assert any(source in run for size in sizes if size < 8.1 for run in sizes[size])


def test_a_charts_svg_text_is_at_least_8_points_at_the_printed_scale():
    """The SVG the report prints: its width is the page's (180 mm, report.html.j2), so a font
    size in its px prints at size * PRINTED_WIDTH_PT / width points."""
    figure = charts.stage_funnel(220, 197, 45, 21, "en", "Source: test · as of 24 August 2025")
    svg = str(report._svgs([figure])[0])
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg)[1])
    assert width == report.CHART_SIZE["width"]
    sizes = {float(size) for size in re.findall(r"font-size: ?([\d.]+)px", svg)}
    # the source line 11 px (10 on screen), the stages' names and labels 13, the title 15
    assert sorted(sizes) == [11, 13, 15]
    printed = sorted(round(size * report.PRINTED_WIDTH_PT / width, 2) for size in sizes)
    assert printed == [8.02, 9.48, 10.93]


# Before issue 30, each section started a page and a chart was drawn 1000 px wide: 14 pages in
# each language for this report.
PAGES_BEFORE = 14


@pytest.mark.parametrize(("lang", "at_most"), [("en", 12), ("ko", 11)])
def test_the_report_takes_fewer_pages_two_charts_to_a_page(reports, lang, at_most):
    assert len(reports[(BEFORE, lang, "press")].pages) <= at_most < PAGES_BEFORE


def test_a_rows_name_is_printed_whole(reports):
    """A table's first cell on one line: "본선 진출" was split over two in a narrow column."""
    lines = " ".join(page.extract_text() for page in reports[(BEFORE, "ko", "press")].pages)
    assert re.search(r"\n본선 진출 45 ", lines), lines[:2000]


def test_press_sees_no_result_before_the_ceremony_and_all_of_it_after(reports):
    before = text(reports[(BEFORE, "en", "press")]) + text(reports[(BEFORE, "ko", "press")])
    after = text(reports[(AFTER, "en", "press")])
    for secret in ("Gold", "금상", "iCen Co. Ltd.", "Mayor of Fullerton"):
        assert secret not in before, secret
    for public in ("Gold", "iCen Co. Ltd.", "Mayor of Fullerton"):
        assert public in after, public
    assert re.search(r"Winners under embargo until 30 September 2025", before)
    assert re.search(r"Winners 21\b", before) is None
    assert re.search(r"Winners 21 \+1", after)
    assert "21 entries won awards" in after


def test_the_organisers_report_holds_the_intake_and_what_is_under_embargo(reports):
    content = text(reports[(ANNOUNCEMENT_EVE, "en", "organiser")])
    assert "Prepared for: the organisers" in content
    assert "For the organisers only: it holds results under embargo" in content
    assert "Intake and the projection" in content
    # the finalists before their announcement: for the organisers only
    assert re.search(r"Finalists 45 \+3", content)
    assert "Finalists under embargo" not in content


def _cli(*args: str) -> int:
    return main(["report", *args])


@pytest.mark.parametrize(("args", "message"), [
    (("--edition", "9"), "--edition 9: there is no such edition in the database"),
    (("--as-of", "2999-01-01"), "later than now: a press report can only show"),
    (("--as-of", "2999-01-01", "--role", "wego"), "later than now: a wego report"),
])
def test_bad_input_is_refused_with_a_message_and_no_file(sample_db, tmp_path, capsys, args,
                                                          message):
    out = tmp_path / "out"
    assert _cli("--out", str(out), "--db", str(sample_db), *args) == 2
    assert message in capsys.readouterr().err
    assert not out.exists() or list(out.iterdir()) == []


def test_an_unwritable_out_is_refused(sample_db, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert _cli("--out", str(blocker), "--db", str(sample_db), "--lang", "en") == 2
    assert f"--out {blocker}" in capsys.readouterr().err
    assert blocker.read_text() == "not a folder"


def test_the_button_makes_the_report_for_the_viewer(monkeypatch, sample_db):
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    monkeypatch.setenv("PRIZESTATS_ROLE", "wego")
    at = AppTest.from_file(str(ROOT / "pages" / "trends.py"), default_timeout=180)
    at.query_params.update({"edition": "3", "as_of": "2025-10-31", "lang": "ko"})
    at.run()
    assert not at.exception
    assert [b.label for b in at.button if b.key == "report_make"] == ["보고서(PDF)"]
    at.button(key="report_make").click().run()
    assert not at.exception
    downloads = [d for d in at.get("download_button") if d.proto.label == "보고서 내려받기"]
    assert len(downloads) == 1


def test_the_report_changes_only_final_figures():
    """An open call's count or a screening under way is not set against the previous edition's
    final figure (issue 27): the change column is empty there."""
    from prizestats.outputs.report import _change_table

    result = {"entries": 103, "countries": 47, "cities": 81, "eligible": 0, "finalists": 0,
              "winners": 0}
    previous = {"entries": 220, "countries": 52, "cities": 115, "eligible": 197,
                "finalists": 45, "winners": 21}
    empty = pd.DataFrame(columns=["metric", "dimension", "unit", "published", "computed",
                                  "matches", "published_on", "source_url", "public_at"])
    table = _change_table(result, previous, empty, "en", {}, 2025, frozenset())
    assert list(table["Change on 2025"]) == [""] * 6
    table = _change_table(result, previous, empty, "en", {}, 2025, frozenset({"entries"}))
    assert list(table["Change on 2025"]) == ["-117", "", "", "", "", ""]
