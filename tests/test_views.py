"""View helpers that take their data from the page: one frame gives a chart, its table, its
download and its selection. Each is tested here with frames built in the test."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from prizestats.app import headline, views
from prizestats.app import intake_page as intake_page
from prizestats.app.frame import PageContext
from prizestats.core.editions import Edition
from prizestats.core.scope import EVERYTHING, Scope
from prizestats.core.times import KST, parse_as_of
from prizestats.figures import charts

AS_OF = parse_as_of("2025-10-31")


def context(scope: Scope = EVERYTHING, public: bool = True, lang: str = "en") -> PageContext:
    return PageContext(
        page="test", lang=lang, role="press" if public else "organiser", edition=3, year=2025,
        editions={1: 2023, 2: 2024, 3: 2025}, as_of=AS_OF, data_as_of=AS_OF, public=public,
        dataset={"dataset": "sample"}, scope=scope, editions_shown=(3,),
        dates=Edition(3, 2025, ceremony_at=datetime(2025, 9, 30, 17, 30, tzinfo=KST)))


PUBLISHED = pd.DataFrame({
    "metric": ["entries", "countries"], "dimension": ["", ""], "unit": ["entries", "countries"],
    "value": [220, 53], "published_on": [pd.Timestamp("2025-08-25").date()] * 2,
    "public_at": [parse_as_of("2025-08-25")] * 2, "source_url": ["https://example.org"] * 2})
RESULT = {"entries": 220, "countries": 52, "cities": 115, "eligible": 197, "finalists": 45,
          "winners": 21, "by_region6": {}, "eligible_by_region6": {},
          "eligible_korea_by_applicant_type": {}, "winners_by_award_group": {}}


def test_reconciliation_compares_the_published_figures_it_is_given():
    table = headline.reconciliation(context(), RESULT, PUBLISHED)
    assert list(table["metric"]) == ["entries", "countries"]
    assert list(table["computed"]) == [220, 52]
    assert list(table["matches"]) == [True, False]


def test_reconciliation_is_empty_under_a_filter():
    table = headline.reconciliation(context(Scope(regions=("Asia",))), RESULT, PUBLISHED)
    assert table.empty


@pytest.mark.parametrize(("total", "title"), [
    (220, "Mobility was the most common sector: 40 of 220"),
    ("<3", "Mobility was the most common sector: 40 of <3"),
])
def test_ranked_bars_title_uses_the_total_given(total, title):
    frame = pd.DataFrame({"sector": ["mobility", "energy"],
                          "entries": pd.array([40, 12], dtype="Int64")})
    figure = views.ranked(context(), frame, "sector", "sector_title", total)
    assert views.finding(figure) == title


def test_ranked_bars_with_hidden_counts_say_so():
    frame = pd.DataFrame({"sector": ["mobility"], "entries": pd.array([pd.NA], dtype="Int64")})
    figure = views.ranked(context(), frame, "sector", "sector_title", 2)
    assert views.finding(figure) == (
        "No group has 3 entries or more here: counts under 3 show as <3")


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Mobility and Energy were the most common sectors: 40 each of 220"),
    ("ko", "가장 많은 분야는 모빌리티, 에너지입니다: 전체 220건 중 각 40건"),
])
def test_a_tie_of_sectors_is_named_as_a_tie(lang, title):
    frame = pd.DataFrame({"sector": ["mobility", "energy", "health"],
                          "entries": pd.array([40, 40, 12], dtype="Int64")})
    figure = views.ranked(context(lang=lang), frame, "sector", "sector_title", 220)
    assert views.finding(figure) == title


def cells(rows: str, columns: str, table: list[tuple[str, str, object]]) -> pd.DataFrame:
    return pd.DataFrame({rows: [r for r, _, _ in table], columns: [c for _, c, _ in table],
                         "entries": pd.array([v for _, _, v in table], dtype="Int64")})


@pytest.mark.parametrize(("table", "en", "ko"), [
    # "Asia led in Human-CentriCity" at 29-29 would be a lead that is not one
    ([("Asia", "human_centricity", 29), ("Europe", "human_centricity", 29),
      ("Asia", "leadership", 5)],
     "Asia and Europe led in Human-CentriCity (29 entries each)",
     "사람 중심 부문은 아시아, 유럽 지역이 가장 많았습니다(각 29건)"),
    ([("Asia", "human_centricity", 29), ("Europe", "human_centricity", 12)],
     "Asia led in Human-CentriCity (29 entries)",
     "사람 중심 부문은 아시아 지역이 가장 많았습니다(29건)"),
    # a tie across categories: no one category holds the lead, the title names the chart
    ([("Asia", "human_centricity", 29), ("Europe", "leadership", 29)],
     "Entries by region and category", "지역별·부문별 접수"),
    # nothing leads at 0
    ([("Asia", "human_centricity", 0), ("Europe", "leadership", 0)],
     "No entries by this date.", "이 날짜까지 접수된 건이 없습니다."),
])
def test_a_two_way_table_names_a_tie_at_the_top(table, en, ko):
    frame = cells("region", "category", table)
    assert views.finding(views.two_way(context(lang="en"), frame, "region", "category")) == en
    assert views.finding(views.two_way(context(lang="ko"), frame, "region", "category")) == ko


def test_a_tie_of_applicant_types_in_one_category():
    frame = cells("category", "applicant_type", [("leadership", "company", 7),
                                                 ("leadership", "city_government", 7)])
    assert views.finding(views.two_way(context(), frame, "category", "applicant_type")) == (
        "Company and City government entries led in Leadership (7 each)")


def test_entries_counts_from_the_listed_rows():
    listed = pd.DataFrame({"matching": [12, 12], "in_view": [220, 220]})
    asked = []
    assert views.entries_counts(listed, lambda: asked.append(1)) == (12, 220)
    assert asked == []  # the list itself holds both counts


def test_entries_counts_when_the_search_finds_nothing():
    empty = pd.DataFrame({"matching": [], "in_view": []})
    assert views.entries_counts(empty, lambda: pd.DataFrame({"in_view": [220]})) == (0, 220)
    assert views.entries_counts(empty, lambda: empty) == (0, 0)


def test_earlier_editions_come_from_the_editions_given():
    editions = pd.DataFrame({
        "edition": [1, 2, 3], "year": [2023, 2024, 2025],
        "call_closes_at": [parse_as_of("2023-07-15"), parse_as_of("2024-07-14"),
                           parse_as_of("2025-05-30")]})
    curve = pd.DataFrame({"edition": [1, 2, 3], "year": [2023, 2024, 2025],
                          "days_before": [0, 0, 0], "cumulative": [240, 216, 220]})
    assert intake_page.earlier_editions(context(), editions, curve) == [1, 2]
    # an edition whose call had not closed at the moment shown is not complete
    late = editions.assign(call_closes_at=[parse_as_of("2023-07-15"), parse_as_of("2026-01-01"),
                                           parse_as_of("2025-05-30")])
    assert intake_page.earlier_editions(context(), late, curve) == [1]


# A chart of each shape: bars in a row of three, a page-wide map, a grid of squares.
REGIONS6 = pd.DataFrame({"region": ["Asia", "Europe", "Americas"], "entries": [120, 60, 40]})
COUNTRIES = pd.DataFrame({"iso3": ["KOR", "JPN", "FRA"], "name_en": ["South Korea", "Japan",
                                                                      "France"],
                          "name_ko": ["한국", "일본", "프랑스"], "entries": [50, 12, 9]})


def as_json(figure) -> dict:
    """What st.plotly_chart sends of the figure, read back."""
    import plotly.io

    return json.loads(plotly.io.to_json(figure.to_dict(), validate=False))


def built_once(builder):
    """The builder, counting its calls."""
    def counted(*args, **kwargs):
        counted.calls += 1
        return builder(*args, **kwargs)
    counted.calls = 0
    counted.__name__ = f"counted_{builder.__name__}_{id(counted)}"
    return counted


@pytest.mark.parametrize(("builder", "frame"), [
    (charts.entries_by_region, REGIONS6),
    (charts.entries_by_country, COUNTRIES),
])
def test_a_new_source_line_takes_the_figure_built_without_it(builder, frame):
    """Each minute's source line goes into the figure kept without it: what is drawn is what
    building it with that line gives, and the builder runs once."""
    counted = built_once(builder)
    lines = ["Source: entry data · as of 31 October 2025, 10:07 KST",
             "Source: entry data · as of 31 October 2025, 10:08 KST",
             "출처: 서울 스마트도시 상 접수 자료 (prizestats) · 2025년 10월 31일 오전 10시 9분 기준"]
    for line in lines:
        drawn = views.figure(counted, frame, "en", charts.SourceLine(line))
        expected = views.SharedFigure(builder(frame, "en", line))
        assert as_json(drawn) == as_json(expected)
        assert drawn.to_dict()["layout"]["annotations"][-1]["text"].replace("<br>", " ") == line
        # an image of it is made of the figure as drawn, source line included
        image = views.drawn(drawn)
        assert image.layout.annotations[-1].text.replace("<br>", " ") == line
        assert as_json(views.SharedFigure(image)) == as_json(expected)
    assert counted.calls == 1
    # the same line again is the same figure, made no more
    assert views.figure(counted, frame, "en", charts.SourceLine(lines[0])) is views.figure(
        counted, frame, "en", charts.SourceLine(lines[0]))


@pytest.mark.parametrize(("builder", "frame"), [
    (charts.entries_by_region, REGIONS6),
    (charts.entries_by_country, COUNTRIES),
])
def test_a_figure_serialised_twice_is_unchanged(builder, frame):
    """st.plotly_chart serialises the shared dict on every run of every session: it must not
    change it (its arrays are already in plotly's typed form)."""
    import plotly.io

    shared = views.SharedFigure(builder(frame, "en", "Source: x"))
    first = plotly.io.to_json(shared.to_dict(), validate=False)
    assert plotly.io.to_json(shared.to_dict(), validate=False) == first
    assert json.loads(first) == json.loads(plotly.io.to_json(
        builder(frame, "en", "Source: x"), validate=False))
