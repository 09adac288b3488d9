"""Press: sentences, citation, exports (CSV/XLSX/PNG/SVG), the embargo in the press kit."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from PIL import Image

from prizestats.core.editions import Edition
from prizestats.core.times import parse_as_of
from prizestats.figures import charts, export, press
from prizestats.outputs import presskit
from prizestats.store import db

RESULT_2025 = {
    "edition": 3, "entries": 220, "countries": 52, "cities": 115, "finalists": 45, "winners": 21,
    "by_region6": {"Americas": 71, "Asia": 66, "Middle East": 45, "Europe": 26, "Africa": 10,
                   "Oceania": 2},
}
CEREMONY = parse_as_of("2025-09-30T17:30:00+09:00")


AS_OF = parse_as_of("2025-10-31")
# The third edition's dates, and the same with a call still open on 25 August 2025 (AS_OF's
# sentences are about a closed call; the "during" ones about an open one).
CLOSED = Edition(3, 2025, call_opens_at=parse_as_of("2025-03-01T00:00:00+09:00"),
                 call_closes_at=parse_as_of("2025-05-30T18:00:00+09:00"), ceremony_at=CEREMONY)
OPEN = replace(CLOSED, call_closes_at=parse_as_of("2025-09-01T18:00:00+09:00"))


def published(*figures: tuple[str, str, int, bool], public_at: str = "2025-09-01") -> pd.DataFrame:
    """A reconciliation (press.reconcile's columns) of published figures: metric, dimension,
    value, whether the computed one matches."""
    return pd.DataFrame([{
        "metric": metric, "dimension": dimension, "unit": "entries", "published": value,
        "computed": value if matches else value + 1, "matches": matches,
        "published_on": parse_as_of(public_at).date(), "public_at": parse_as_of(public_at),
        "source_url": "https://example.org"} for metric, dimension, value, matches in figures])


HEADLINE_FIGURES = published(("entries", "", 220, True), ("countries", "", 52, True),
                             ("cities", "", 115, True), ("entries_by_region", "Americas", 71, True),
                             ("entries_by_region", "Asia", 66, True),
                             ("entries_by_region", "Middle East", 45, True))


def test_english_sentences_say_their_source_and_date():
    assert press.headlines(RESULT_2025, "en", CLOSED, AS_OF, HEADLINE_FIGURES) == [
        "The third Seoul Smart City Prize received 220 entries from 115 cities in 52 countries, "
        "according to the Seoul Metropolitan Government as of the end of 31 October 2025 "
        "(24:00 KST).",
        "The largest number came from the Americas (71), followed by Asia (66) and the Middle "
        "East (45).",
        "Of the 220 entries, 45 were selected as finalists (entry data).",
        "At the award ceremony on 30 September 2025, 21 entries won awards (entry data).",
    ]


def test_korean_sentences_say_their_source_and_date():
    assert press.headlines(RESULT_2025, "ko", CLOSED, AS_OF, HEADLINE_FIGURES) == [
        "서울시에 따르면 2025년 10월 31일 24시 기준 제3회 서울 스마트도시 상에는 "
        "52개국 115개 도시에서 모두 220건이 접수됐다.",
        "지역별로는 미주가 71건으로 가장 많았고, 아시아(66건), 중동(45건) 순이었다.",
        "전체 220건 가운데 45건이 본선에 진출했다(접수 자료 기준).",
        "2025년 9월 30일 시상식에서는 21건이 상을 받았다(접수 자료 기준).",
    ]


@pytest.mark.parametrize(("reconciled", "is_sample", "source"), [
    (None, False, "the prize's entry data"),
    (HEADLINE_FIGURES, True, "the sample data"),  # the sample matches, but is not theirs
    # a published figure that differs, or one not public yet at the as-of, is not theirs either
    (published(("entries", "", 221, False), ("countries", "", 52, True), ("cities", "", 115, True)),
     False, "the prize's entry data"),
    (published(("entries", "", 220, True), ("countries", "", 52, True), ("cities", "", 115, True),
               public_at="2025-11-01"), False, "the prize's entry data"),
    (published(("entries", "", 220, True), ("countries", "", 52, True)), False,
     "the prize's entry data"),  # cities not published
])
def test_the_organisers_are_named_only_for_their_public_matching_figures(reconciled, is_sample,
                                                                          source):
    first = press.headlines(RESULT_2025, "en", CLOSED, AS_OF, reconciled, is_sample)[0]
    assert f"according to {source} as of" in first
    assert first.startswith("[Sample data]") is False  # the source says it


def test_a_later_sentence_names_its_source_only_where_it_differs():
    everything = pd.concat([HEADLINE_FIGURES, published(("finalists", "", 45, True),
                                                        ("winners", "", 21, True))])
    sentences = press.headlines(RESULT_2025, "en", CLOSED, AS_OF, everything)
    assert sentences[2:] == ["Of the 220 entries, 45 were selected as finalists.",
                             "At the award ceremony on 30 September 2025, 21 entries won awards."]
    unattributed = press.headlines(RESULT_2025, "en", CLOSED, AS_OF)
    assert "(entry data)" not in " ".join(unattributed)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "The call for entries of the third Seoul Smart City Prize opens on 1 March 2025."),
    ("ko", "제3회 서울 스마트도시 상 공모 접수는 2025년 3월 1일에 시작된다."),
])
def test_before_the_call_the_sentence_says_when_it_opens(lang, expected):
    """Never "had received 0 entries from 0 cities in 0 countries" (issue 27, 2)."""
    nothing = {**RESULT_2025, **{m: 0 for m in ("entries", "countries", "cities", "eligible",
                                                "finalists", "winners")}}
    assert press.headlines(nothing, lang, CLOSED, parse_as_of("2025-02-28")) == [expected]


def test_sentences_during_the_call_and_under_embargo():
    during = {**RESULT_2025, "entries": 64, "countries": 33, "cities": 51, "finalists": 0,
              "winners": 0}
    as_of = parse_as_of("2025-08-25")
    assert press.headlines(during, "en", OPEN, as_of)[0] == (
        "As of the end of 25 August 2025 (24:00 KST), the third Seoul Smart City Prize had "
        "received 64 entries from 51 cities in 33 countries, according to the prize's entry data.")
    assert press.headlines(during, "ko", OPEN, as_of)[0] == (
        "접수 자료에 따르면 2025년 8월 25일 24시 기준 제3회 서울 스마트도시 상에는 "
        "33개국 51개 도시에서 64건이 접수됐다.")
    assert len(press.headlines(during, "en", OPEN, as_of)) == 2
    one = {**during, "entries": 1, "countries": 1, "cities": 1, "finalists": 1, "winners": 1}
    assert press.headlines(one, "en", CLOSED, AS_OF)[2:] == [
        "Of the one entry, one was selected as a finalist.",
        "At the award ceremony on 30 September 2025, one entry won an award."]


@pytest.mark.parametrize(("lang", "sample", "expected"), [
    ("en", False, 'Seoul Metropolitan Government and World Smart Sustainable Cities Organization '
                  '(WeGO), "Seoul Smart City Prize entry statistics, third edition (2025)", as of '
                  '30 September 2025, 17:30 KST, compiled with prizestats.'),
    ("ko", True, "[샘플 데이터] 서울특별시·세계스마트시티기구(WeGO), 「제3회 서울 스마트도시 상 접수 "
                 "통계」(2025), 2025년 9월 30일 오후 5시 30분 기준, prizestats로 집계."),
])
def test_citation(lang, sample, expected):
    assert press.citation(3, 2025, CEREMONY, lang, sample) == expected


def test_citation_as_of_a_days_end():
    assert press.citation(3, 2025, AS_OF, "en", False).endswith(
        "as of the end of 31 October 2025 (24:00 KST), compiled with prizestats.")


@pytest.mark.parametrize(("value", "expected"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+82 2 120", "'+82 2 120"), ("-5", "'-5"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Seoul", "Seoul"), ("서울", "서울"), (-5, -5), (3.5, 3.5),
    (" =SUM(A1)", "' =SUM(A1)"),  # a program that trims cells on import would run it
])
def test_neutralise(value, expected):
    assert export.neutralise(value) == expected


TABLE = pd.DataFrame({"지역": ["아시아", "=cmd()", "-Europe"], "entries": [66, 26, -3],
                      "share": [0.3, 0.1, 0.0]})


def test_csv_has_a_bom_and_reads_back():
    data = export.csv_bytes(TABLE)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["지역", "entries", "share"], ["아시아", "66", "0.3"], ["'=cmd()", "26", "0.1"],
                    ["'-Europe", "-3", "0.0"]]


def test_xlsx_keeps_numbers_numbers(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(export.xlsx_bytes(TABLE, "=Title", "Source: test"))
    sheet = load_workbook(path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "'=Title"
    assert values[1] == ["지역", "entries", "share"]
    assert values[2] == ["아시아", 66, 0.3]
    assert values[3] == ["'=cmd()", 26, 0.1]
    assert values[4] == ["'-Europe", -3, 0.0]
    assert values[-1][0] == "Source: test"


REGIONS = pd.DataFrame({"region": ["Asia", "Europe"], "region6": ["Asia", "Europe"],
                        "entries": [66, 26]})


def test_png_image_has_pixels(tmp_path):
    figure = charts.entries_by_region(REGIONS, "ko", "출처: 테스트")
    data = export.image(figure, "png")
    path = tmp_path / "chart.png"
    path.write_bytes(data)
    image = Image.open(path).convert("L")
    assert image.size == (2000, 1240)
    histogram = image.histogram()
    assert sum(histogram[:200]) > 20_000  # bars, text and axes, not a blank page


def test_svg_image_carries_korean_text():
    figure = charts.entries_by_region(REGIONS, "ko", "출처: 테스트")
    svg = export.image(figure, "svg").decode("utf-8")
    assert svg.startswith("<svg")
    assert "아시아" in svg
    assert "출처: 테스트" in svg


def test_world_map_image_draws_countries_offline():
    countries = pd.DataFrame({"iso3": ["KOR", "USA"], "name_en": ["Korea", "US"],
                              "name_ko": ["한국", "미국"], "entries": [3, 5]})
    svg = export.image(charts.entries_by_country(countries, "en", "Source"), "svg").decode()
    assert svg.count('class="choroplethlocation"') >= 2


@pytest.fixture(scope="module")
def sample_run(sample_db):
    con = db.connect(sample_db)
    with con:
        yield lambda name, params: db.run(con, name, params)


# a clock time with seconds, in either language ("17:29:59", "29분 59초")
SECONDS = re.compile(r"\d:\d\d:\d\d|\d+초")


def _kit(sample_run, tmp_path, as_of: str):
    moment = parse_as_of(as_of)
    out = tmp_path / as_of.replace(":", "")
    presskit.build(sample_run, out, 3, ("en", "ko"), moment, now=parse_as_of("2026-11-26"),
                   progress=lambda total: presskit.Progress(total, stream=io.StringIO()))
    return out


def _all_text(folder) -> str:
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".html", ".csv", ".json", ".md", ".svg"):
            texts.append(path.read_text(encoding="utf-8-sig"))
        elif path.suffix == ".xlsx":
            sheet = load_workbook(path).active
            texts += [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    return "\n".join(texts)


def test_press_kit_one_second_before_and_after_the_ceremony(sample_run, tmp_path):
    before = _kit(sample_run, tmp_path, "2025-09-30T17:29:59+09:00")
    after = _kit(sample_run, tmp_path, "2025-09-30T17:30:00+09:00")
    before_text, after_text = _all_text(before), _all_text(after)
    # Finalists (Prague among them) are public by then; awards and winner names are not.
    for secret in ("Gold", "금상", "Leadership award", "iCen Co. Ltd.", "Mayor of Fullerton"):
        assert secret not in before_text, secret
    # The named 2025 winners are in the sample under their own names and cities.
    for public in ("Gold", "금상", "iCen Co. Ltd.", "Mayor of Fullerton"):
        assert public in after_text, public
    # under embargo is not a zero: null in JSON, words in the tables
    assert json.loads((before / "figures.json").read_text())["winners"] is None
    assert json.loads((before / "figures.json").read_text())["finalists"] == 45
    assert "Winners,\"under embargo until 30 September 2025, 17:30 KST\"" in (
        before / "en" / "figures.csv").read_text(encoding="utf-8-sig")
    assert json.loads((after / "figures.json").read_text())["winners"] == 21
    # each figure's status flag: the contract's keys kept, "flags" added
    before_flags = json.loads((before / "figures.json").read_text())["flags"]
    assert (before_flags["winners"], before_flags["winners_by_award_group.special"],
            before_flags["finalists"], before_flags["entries"]) == ("x", "x", "", "")
    assert json.loads((after / "figures.json").read_text())["flags"]["winners"] == ""
    figures_rows = list(csv.reader(io.StringIO((before / "en" / "figures.csv").read_text(
        encoding="utf-8-sig"))))
    assert figures_rows[0][-1] == "Flag"
    assert [row[-1] for row in figures_rows[1:]] == ["", "", "", "", "", "x"]
    assert "- `x`: not yet public (embargo)" in (before / "README.md").read_text(encoding="utf-8")
    # the release calendar in each language's folder: moments, never the embargoed result
    for lang in ("en", "ko"):
        assert (before / lang / f"sscp-2025-calendar-{lang}.ics").exists()
    # it does not depend on what is announced by --as-of: the same bytes either side
    assert (before / "en" / "sscp-2025-calendar-en.ics").read_bytes() == (
        after / "en" / "sscp-2025-calendar-en.ics").read_bytes()
    assert (after / "en" / "results.csv").exists()
    # each chart's data bundle, as the press may see it at that second
    for kit, winners in ((before, ["\"under embargo until 30 September 2025, 17:30 KST\""] * 6),
                         (after, ["3", "10", "4", "<3", "<3", "0"])):
        with zipfile.ZipFile(kit / "en" / "charts" / "entries_by_region.zip") as archive:
            assert archive.namelist() == ["sscp-2025-entries_by_region-en.csv",
                                          "sscp-2025-entries_by_region-en.flags.csv",
                                          "metadata.json", "README.md"]
            rows = archive.read("sscp-2025-entries_by_region-en.csv").decode(
                "utf-8-sig").splitlines()
            flag_rows = archive.read("sscp-2025-entries_by_region-en.flags.csv").decode(
                "utf-8-sig").splitlines()
            meta = json.loads(archive.read("metadata.json"))
        # the flags file: the table's shape, each winners cell x under embargo, c when <3
        assert [row.split(",")[-1] for row in flag_rows[1:]] == (
            ["x"] * 6 if kit is before else ["", "", "", "c", "c", ""])
        assert [row.split(",", 4)[4] for row in rows[1:]] == winners
        assert (meta["role"], meta["licence"]["code"]) == ("press", "kogl-1")
        # the interactive chart opens from disk: plotly.js and the world outlines beside it
        page = (kit / "ko" / "charts" / "entries_by_country.html").read_text(encoding="utf-8")
        assert '<html lang="ko">' in page
        assert '<script src="../../plotly.min.js"></script>' in page
        assert '<script src="../../world_110m.js"></script>' in page
        assert "https://" not in page.split("<main>")[0]  # nothing fetched from the internet
        assert "이 자료는 공공누리 제1유형(출처표시) 조건으로 공개되어" in page
        assert (kit / "world_110m.js").read_text().startswith(
            "window.PlotlyGeoAssets = {topojson: {world_110m: {")
        assert (kit / "plotly.min.js").stat().st_size > 1_000_000
    # the README in both languages, the sample said as such; quotes dated and sourced: by the
    # figures' last change (the finalists' announcement), not the moment the kit was asked for
    readme = (before / "README.md").read_text(encoding="utf-8")
    for line in ("# Seoul Smart City Prize 2025: press kit", "**Sample data: not the real entries.**",
                 "Figures as of 24 August 2025, 00:00 KST; results are shown only once "
                 "announced.", "# 2025년 서울 스마트도시 상: 프레스 키트",
                 "**샘플 데이터: 실제 접수 자료가 아닙니다.**",
                 "2025년 8월 24일 오전 0시 기준 수치입니다. 결과는 발표된 뒤에만 "
                 "싣습니다.", "## 인용 표기", "## Licence", "## 이용 조건"):
        assert f"{line}\n" in readme, line
    assert ("Published under KOGL Type 1 (source must be credited), whose terms are at "
            "https://www.kogl.or.kr/info/licenseType1.do: anyone may reuse these figures, "
            "commercially too, crediting the source as follows: [Sample data] Seoul "
            "Metropolitan Government") in readme
    page = (before / "ko" / "index.html").read_text(encoding="utf-8")
    assert ("샘플 데이터에 따르면 2025년 8월 24일 오전 0시 기준 제3회 서울 "
            "스마트도시 상에는 52개국 115개 도시에서 모두 220건이 접수됐다.") in page
    assert "<title>프레스 키트: 2025년 (제3회)</title>" in page
    assert "이 자료는 공공누리 제1유형(출처표시) 조건으로 공개되어" in page
    assert '<a href="charts/entries_by_stage.zip">데이터와 메타데이터(ZIP)</a>' in page
    assert '<a href="charts/entries_by_stage.html">대화형 차트(HTML)</a>' in page
    # no seconds in any moment a person reads: the kit's pages and README, before and after
    for kit in (before, after):
        for path in (kit / "README.md", kit / "en" / "index.html", kit / "ko" / "index.html"):
            shown = path.read_text(encoding="utf-8")
            assert SECONDS.findall(shown) == [], path


def test_press_kit_before_the_finalist_announcement_has_no_results(sample_run, tmp_path):
    kit = _kit(sample_run, tmp_path, "2025-08-23T23:59:59+09:00")
    figures = json.loads((kit / "figures.json").read_text())
    assert (figures["finalists"], figures["winners"]) == (None, None)
    assert figures["by_stage"]["finalist"] is None
    assert set(figures["winners_by_award_group"].values()) == {None}
    assert not (kit / "en" / "results.csv").exists()
    assert "No finalists or winners to show yet." in (kit / "en" / "index.html").read_text()
    table = (kit / "en" / "figures.csv").read_text(encoding="utf-8-sig")
    assert "Finalists,\"under embargo until 24 August 2025, 00:00 KST\"" in table
    # The 2025 figures were published on 25 August (entries) and 30 September (finalists,
    # winners): none of them is public yet, so no published value is in the kit.
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [row["Published"] for row in rows] == [""] * 6
    assert [row["Computed"] for row in rows][:3] == ["220", "52", "115"]


@pytest.mark.parametrize(("as_of", "published"), [
    ("2025-08-25T23:59:59+09:00", set()),
    ("2025-08-26T00:00:00+09:00", {"entries", "countries", "cities"}),
    ("2025-09-30T23:59:59+09:00", {"entries", "countries", "cities"}),
    ("2025-10-01T00:00:00+09:00", {"entries", "countries", "cities", "finalists", "winners"}),
])
def test_published_figures_reach_the_kit_from_the_end_of_their_day(sample_run, as_of,
                                                                    published):
    moment = parse_as_of(as_of)
    shown = sample_run("published_figures", {"edition": 3, "as_of": moment, "public": True})
    headline = set(shown.loc[shown["dimension"] == "", "metric"])
    assert headline == published


def test_press_kit_refuses_a_time_later_than_now(sample_run, tmp_path):
    with pytest.raises(presskit.PressKitError, match="later than now"):
        presskit.build(sample_run, tmp_path / "kit", 3, ("en",), parse_as_of("2027-01-01"),
                       now=parse_as_of("2026-11-26"))
    assert not (tmp_path / "kit").exists()


# ---------------------------------------------------------------------------------------------
# Dated by the edition (data contract, "What may be said"): a closed edition's figures are dated
# by their last change, or the ceremony for results; an open call by the moment read; never
# with seconds.

def _dated_lines(run, edition: int, as_of: str, public: bool = True) -> list[str]:
    moment = parse_as_of(as_of)
    dated = press.dated(run, edition, moment, public)
    return [press.source_line(lang, True, dated) for lang in ("en", "ko")] + [
        press.citation(edition, 2022 + edition, dated, lang, False) for lang in ("en", "ko")]


def test_the_finished_edition_read_months_later_is_dated_by_the_ceremony(sample_run):
    assert _dated_lines(sample_run, 3, "2026-03-20T12:00:00+09:00") == [
        "Source: Sample data · Seoul Smart City Prize entry data (prizestats) · as of "
        "30 September 2025, 17:30 KST · KOGL Type 1",
        "출처: 샘플 데이터 · 서울 스마트도시 상 접수 자료 (prizestats) · "
        "2025년 9월 30일 오후 5시 30분 기준 · 공공누리 제1유형",
        "Seoul Metropolitan Government and World Smart Sustainable Cities Organization (WeGO), "
        "\"Seoul Smart City Prize entry statistics, third edition (2025)\", as of "
        "30 September 2025, 17:30 KST, compiled with prizestats.",
        "서울특별시·세계스마트시티기구(WeGO), 「제3회 서울 스마트도시 상 접수 통계」(2025), "
        "2025년 9월 30일 오후 5시 30분 기준, prizestats로 집계."]


def test_an_open_call_is_dated_by_the_moment_read_to_the_minute(sample_run):
    assert _dated_lines(sample_run, 4, "2026-05-01T10:07:31+09:00")[:2] == [
        "Source: Sample data · Seoul Smart City Prize entry data (prizestats) · as of "
        "1 May 2026, 10:07 KST · KOGL Type 1",
        "출처: 샘플 데이터 · 서울 스마트도시 상 접수 자료 (prizestats) · "
        "2026년 5월 1일 오전 10시 7분 기준 · 공공누리 제1유형"]


def test_before_the_ceremony_the_press_see_the_announcement_organisers_the_decision(sample_run):
    moment = parse_as_of("2025-08-25")
    assert press.dated(sample_run, 3, moment, public=True) == parse_as_of(
        "2025-08-24T00:00:00+09:00")
    assert press.dated(sample_run, 3, moment, public=False) == parse_as_of(
        "2025-08-19T15:00:00+09:00")


def test_a_closed_edition_is_dated_by_the_last_import_that_touched_it(fixture_db, tmp_path):
    from prizestats.store import records

    target = tmp_path / "edited.duckdb"
    target.write_bytes(fixture_db.read_bytes())
    records.set_edition(target, 1, {"note": "hall changed"})
    con = db.connect(target)
    with con:
        run = lambda name, params: db.run(con, name, params)  # noqa: E731
        changed = db.run(con, "import_history")["finished_at"].iloc[0].to_pydatetime()
        later = changed + pd.Timedelta(days=30)
        assert press.dated(run, 1, later, public=True) == changed  # the edit, not the reading
        # edition 2 was not touched: its ceremony dates it
        assert press.dated(run, 2, later, public=True) == parse_as_of("2024-10-10T16:00:00+09:00")
        # read before the edit: the edit is not yet a change
        assert press.dated(run, 1, changed - pd.Timedelta(days=1), public=True) == parse_as_of(
            "2023-09-25T17:30:00+09:00")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "The largest numbers came from Asia and the Americas (66 each)."),
    ("ko", "지역별로는 아시아, 미주가 각 66건으로 가장 많았다."),
])
def test_a_tie_between_regions_is_named_as_one(lang, expected):
    """No region "came first" at 66-66 (issue 27, 4): the sentence names both."""
    result = {**RESULT_2025, "by_region6": {"Americas": 66, "Asia": 66, "Middle East": 45,
                                            "Europe": 26, "Africa": 10, "Oceania": "<3"}}
    assert press.headlines(result, lang, CLOSED, AS_OF)[1] == expected


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Of 220 entries, 197 passed screening; 45 finalists, 21 winners"),
    ("ko", "220건 중 197건이 적격 심사를 통과했고, 본선 진출 45건, 수상 21건입니다"),
])
def test_the_kits_stage_chart_counts_what_its_title_counts(sample_run, lang, title):
    """One count per chart (issue 27, 6), in the kit's image as on the Overview: the bar of
    finalists is the 45 of the title (finalists not awarded and winners), not 24."""
    from prizestats.core.editions import edition as edition_of
    from prizestats.core.scope import View

    as_of = parse_as_of("2025-10-31")
    result = press.figures(sample_run, 3, as_of, public=True)
    dates = edition_of(sample_run("editions", {}), 3)
    figure, _ = presskit._charts_for(sample_run, View(3, as_of, public=True), lang, "s",
                                     result, dates)["entries_by_stage"]
    assert charts.finding(figure) == title
    assert list(figure.data[0].x[::-1]) == [result[k] for k in
                                            ("entries", "eligible", "finalists", "winners")]
    assert list(figure.data[0].x[::-1]) == [220, 197, 45, 21]


# -- exported images: titles and source lines wrapped to the image's width (issue 30) -----------

LONG_TITLE = {
    "en": "Entries came from 52 countries; the largest number from the United States (23), then "
          "Korea (18), Brazil (12) and the Middle East (9) in the last edition of the prize",
    "ko": "2025년에는 52개국에서 접수되었고, 가장 많은 국가는 미국(23건), 그다음은 한국(18건), "
          "브라질(12건)과 중동(9건) 순이었으며 지난 회차보다 여러 지역에서 늘었습니다"}
SOURCE = {
    "en": "Source: Sample data · Seoul Smart City Prize entry data (prizestats) · as of 24 August "
          "2025, 00:00 KST · KOGL Type 1",
    "ko": "출처: 샘플 데이터 · 서울 스마트도시 상 접수 자료 (prizestats) · 2025년 8월 24일 오전 0시 "
          "기준 · 공공누리 제1유형"}


@pytest.mark.parametrize(("lang", "title", "source"), [
    ("en", ["Entries came from 52 countries; the largest number from the United States (23), "
            "then Korea (18),",  # where a phrase ends
            "Brazil (12) and the Middle East (9) in the last edition of the prize"],
     ["Source: Sample data · Seoul Smart City Prize entry data (prizestats) · as of 24 August "
      "2025, 00:00 KST ·", "KOGL Type 1"]),
    ("ko", ["2025년에는 52개국에서 접수되었고, 가장 많은 국가는 미국(23건), 그다음은 한국(18건),",
            "브라질(12건)과 중동(9건) 순이었으며 지난 회차보다 여러 지역에서 늘었습니다"],  # between 어절
     ["출처: 샘플 데이터 · 서울 스마트도시 상 접수 자료 (prizestats) · 2025년 8월 24일 오전 0시 기준 · "
      "공공누리 제1유형"]),
])
def test_an_exported_image_wraps_its_title_and_source_line_to_its_width(lang, title, source):
    figure = charts.base_layout(go.Figure(), LONG_TITLE[lang], SOURCE[lang])
    # on screen, a chart a third of a page wide (or a phone): six lines of title, broken where
    # phrases end, four of source
    assert len(figure.layout.title.text.split("<br>")) == 6
    assert len(figure.layout.annotations[0].text.split("<br>")) == 4
    drawn = export.for_image(figure)  # 1000 px (a PNG of 2000 px at twice the scale)
    assert drawn.layout.title.text.split("<br>") == title
    assert drawn.layout.annotations[0].text.split("<br>") == source
    # the room above and below the chart shrinks with the lines
    assert (drawn.layout.margin.t, drawn.layout.margin.b) == (
        figure.layout.margin.t - 4 * 22, 72 + 14 * len(source))
    # the figure the page shows is left as it was
    assert len(figure.layout.title.text.split("<br>")) == 6


@pytest.mark.parametrize(("lang", "lines"), [
    ("en", ["Source: Sample data ·", "Seoul Smart City Prize entry data", "(prizestats) ·",
            "as of 24 August 2025, 00:00 KST ·", "KOGL Type 1"]),
    ("ko", ["출처: 샘플 데이터 ·", "서울 스마트도시 상 접수 자료", "(prizestats) ·",
            "2025년 8월 24일 오전 0시 기준 ·", "공공누리 제1유형"]),
])
def test_a_source_line_breaks_between_its_parts(lang, lines):
    assert export.wrap_phrases(SOURCE[lang], 40).split("<br>") == lines


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_drawn_svg_has_the_title_on_two_lines(lang):
    figure = charts.base_layout(go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h")),
                                LONG_TITLE[lang], SOURCE[lang])
    svg = export.image(figure, "svg").decode("utf-8")
    title = re.search(r'<g class="g-gtitle">(.*?)</g>', svg)[1]
    lines = re.findall(r'<tspan class="line"[^>]*>(.*?)</tspan>', title)
    assert len(lines) == 2, lines
    assert "font-family: NanumBarunGothic" in svg  # the files' font (export.PAPER_FONT)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_chart_of_the_kit_exports_with_at_most_two_lines_of_title_and_of_source(
        sample_run, tmp_path, monkeypatch, lang):
    drawn: list = []
    monkeypatch.setattr(export, "write_images", lambda jobs: drawn.extend(jobs))
    presskit.build(sample_run, tmp_path, 3, (lang,), parse_as_of("2025-09-30T17:30:00+09:00"),
                   now=parse_as_of("2026-11-26"),
                   progress=lambda total: presskit.Progress(total, stream=io.StringIO()))
    pngs = [figure for figure, path in drawn if path.suffix == ".png"]
    assert len(pngs) == len(presskit.CHARTS)
    def lines(figure: go.Figure) -> tuple[int, int]:
        source = next(a.text for a in figure.layout.annotations
                      if a.name.startswith(charts.SOURCE_LINE))
        return figure.layout.title.text.count("<br>") + 1, source.count("<br>") + 1

    # what the images had before: a chart's title and source line as wrapped for the page, at
    # 36 and 40 letters (the last chart spans the page: 40 and 44, a phone's width)
    assert [lines(figure) for figure in pngs] == {
        "en": [(2, 4), (2, 4), (2, 4), (3, 4)], "ko": [(2, 4), (2, 4), (3, 4), (2, 3)]}[lang]
    assert [lines(export.for_image(figure)) for figure in pngs] == [(1, 2)] * 4
