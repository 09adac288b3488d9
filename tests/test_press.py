"""Press: sentences, citation, exports (CSV/XLSX/PNG/SVG), the embargo in the press kit."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image

from prizestats import charts, db, export, press, presskit
from prizestats.times import parse_as_of

RESULT_2025 = {
    "edition": 3, "entries": 220, "countries": 52, "cities": 115, "finalists": 45, "winners": 21,
    "by_region6": {"Americas": 71, "Asia": 66, "Middle East": 45, "Europe": 26, "Africa": 10,
                   "Oceania": 2},
}
CEREMONY = parse_as_of("2025-09-30T17:30:00+09:00")


def test_english_sentences():
    assert press.headlines(RESULT_2025, "en", call_open=False, ceremony_at=CEREMONY) == [
        "The 3rd Seoul Smart City Prize received 220 entries from 115 cities in 52 countries.",
        "Most came from Americas (71), followed by Asia (66) and Middle East (45).",
        "45 entries were selected as finalists.",
        "21 awards were presented at the ceremony on 30 September 2025.",
    ]


def test_korean_sentences():
    assert press.headlines(RESULT_2025, "ko", call_open=False, ceremony_at=CEREMONY) == [
        "제3회 서울 스마트도시 상에는 52개국 115개 도시에서 220건이 접수됐다.",
        "지역별로는 미주 71건, 아시아 66건, 중동 45건 순으로 많았다.",
        "본선 진출작은 45건이다.",
        "2025년 9월 30일 시상식에서 21개 상이 수여됐다.",
    ]


def test_sentences_during_the_call_and_under_embargo():
    during = {**RESULT_2025, "entries": 64, "countries": 33, "cities": 51, "finalists": 0,
              "winners": 0}
    assert press.headlines(during, "en", call_open=True, ceremony_at=CEREMONY)[0] == (
        "The 3rd Seoul Smart City Prize has received 64 entries from 51 cities in 33 countries "
        "so far.")
    assert len(press.headlines(during, "en", call_open=True, ceremony_at=CEREMONY)) == 2


@pytest.mark.parametrize(("lang", "sample", "expected"), [
    ("en", False, 'Seoul Metropolitan Government and WeGO, "Seoul Smart City Prize entry '
                  'statistics, 3rd edition (2025)", as of 30 Sept 2025, 17:30:00 KST, compiled '
                  'with prizestats.'),
    ("ko", True, "[샘플 데이터] 서울특별시·WeGO, 「제3회 서울 스마트도시 상 접수 통계」(2025), "
                 "2025. 9. 30. 오후 5:30:00 KST 기준, prizestats로 집계."),
])
def test_citation(lang, sample, expected):
    assert press.citation(3, 2025, CEREMONY, lang, sample) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+82 2 120", "'+82 2 120"), ("-5", "'-5"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Seoul", "Seoul"), ("서울", "서울"), (-5, -5), (3.5, 3.5),
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
    assert "Winners,\"under embargo until 30 Sept 2025, 17:30:00 KST\"" in (
        before / "en" / "figures.csv").read_text(encoding="utf-8-sig")
    assert json.loads((after / "figures.json").read_text())["winners"] == 21
    assert (after / "en" / "results.csv").exists()


def test_press_kit_before_the_finalist_announcement_has_no_results(sample_run, tmp_path):
    kit = _kit(sample_run, tmp_path, "2025-08-23T23:59:59+09:00")
    figures = json.loads((kit / "figures.json").read_text())
    assert (figures["finalists"], figures["winners"]) == (None, None)
    assert figures["by_stage"]["finalist"] is None
    assert set(figures["winners_by_award_group"].values()) == {None}
    assert not (kit / "en" / "results.csv").exists()
    assert "No finalists or winners to show yet." in (kit / "en" / "index.html").read_text()
    table = (kit / "en" / "figures.csv").read_text(encoding="utf-8-sig")
    assert "Finalists,\"under embargo until 24 Aug 2025, 00:00:00 KST\"" in table
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
