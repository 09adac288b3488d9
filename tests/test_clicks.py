"""Click to explore: what a click on each chart sets, the chips that undo it, the drill-down."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from prizestats.figures import charts, picks


@pytest.fixture(autouse=True)
def sample_environment(monkeypatch, sample_db):
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    monkeypatch.setenv("PRIZESTATS_NOW", "2025-10-31T12:00:00+09:00")
    monkeypatch.delenv("PRIZESTATS_ROLE", raising=False)


def marks(figure) -> dict[object, str]:
    """Each mark's name (a bar's label, a country's code, a city's text, a cell's two labels)
    and the pick its click sends."""
    found = {}
    for trace in figure.data:
        data = [d[0] if isinstance(d, list | tuple) else d for d in trace.customdata]
        if trace.type in ("bar", "funnel"):
            names = trace.y
        elif trace.type == "choropleth":
            names = trace.locations
        elif trace.type == "scattergeo":
            names = trace.text
        else:  # the grid of a two-way table
            names = list(zip(trace.x, trace.y, strict=True))
        found.update(zip(names, data, strict=True))
    return found


def click(figure, mark, filters=None) -> dict[str, tuple[str, ...]]:
    """The filters after a click on `mark`, as Streamlit reports the selection."""
    points = [{"curve_number": 0, "point_number": 0, "customdata": marks(figure)[mark]}]
    result = dict.fromkeys(picks.FILTERS, ())
    for values in picks.picks_of(points):
        result = picks.toggled(filters or result, values)
    return {name: values for name, values in result.items() if values}


REGIONS7 = pd.DataFrame({"region": ["Asia", "Africa", "North America", "South America"],
                         "entries": pd.array([66, 10, 40, 15], dtype="Int64")})
REGIONS6 = pd.DataFrame({"region": ["Americas", "Asia", "Africa"],
                         "entries": pd.array([71, 66, 10], dtype="Int64")})
CATEGORIES = pd.DataFrame({"category": ["human_centricity", "tech_innovacity", "leadership"],
                           "entries": pd.array([106, 92, 22], dtype="Int64")})
STAGES = pd.DataFrame({"stage": ["received", "ineligible", "eligible", "finalist", "winner",
                                 "withdrawn"], "entries": pd.array([0, 20, 152, 24, 21, 3],
                                                                   dtype="Int64")})
COUNTRIES = pd.DataFrame({"iso3": ["KOR", "AUS"], "name_en": ["South Korea", "Australia"],
                          "name_ko": ["한국", "호주"], "entries": pd.array([12, pd.NA],
                                                                        dtype="Int64")})
CITIES = pd.DataFrame({"city": ["Seoul", "Dubai"], "country": ["KOR", "ARE"],
                       "name_en": ["South Korea", "United Arab Emirates"],
                       "name_ko": ["한국", "아랍에미리트"], "entries": pd.array([5, 4], dtype="Int64"),
                       "latitude": [37.5, 25.2], "longitude": [127.0, 55.3]})
TWO_WAY = pd.DataFrame({"category": ["leadership", "leadership", "human_centricity"],
                        "applicant_type": ["company", "individual", "company"],
                        "entries": pd.array([4, pd.NA, 7], dtype="Int64")})
CONVERSION = pd.DataFrame({"dimension": ["region", "region"], "group": ["Europe", "Asia"],
                           "entries": [26, 66], "eligible": [24, 56], "finalists": [6, 18],
                           "winners": [3, 10]})


@pytest.mark.parametrize(("figure", "mark", "expected"), [
    (charts.entries_by_region(REGIONS7, "en", "s"), "Africa", {"region": ("Africa",)}),
    (charts.entries_by_region(REGIONS7, "ko", "s"), "북중미", {"region": ("North America",)}),
    # the six regions' Americas sets both regions it joins
    (charts.entries_by_region(REGIONS6, "en", "s"), "Americas",
     {"region": ("North America", "South America")}),
    (charts.entries_by_category(CATEGORIES, "en", "s"), "Leadership",
     {"category": ("leadership",)}),
    (charts.entries_by_stage(STAGES, "en", "s"), "Finalists", {"stage": ("finalist",)}),
    (charts.stage_funnel(220, 197, 45, 21, "en", "s"), "Eligible", {"stage": ("eligible",)}),
    (charts.entries_by_country(COUNTRIES, "en", "s"), "KOR", {"country": ("KOR",)}),
    (charts.entries_by_country(COUNTRIES, "en", "s"), "AUS", {"country": ("AUS",)}),  # <3 too
    # a city sets its country: there is no city filter
    (charts.entries_by_city(CITIES, "en", "s"), "Dubai, United Arab Emirates",
     {"country": ("ARE",)}),
    (charts.two_way_heatmap(TWO_WAY, "category", "applicant_type", "en", "s", "t"),
     ("Individual", "Leadership"), {"category": ("leadership",),
                                    "applicant_type": ("individual",)}),
    (charts.conversion_rates(CONVERSION, "region", "en", "s"), "Europe", {"region": ("Europe",)}),
])
def test_a_click_sets_what_the_mark_stands_for(figure, mark, expected):
    assert charts.is_clickable(figure)
    assert click(figure, mark) == expected


@pytest.mark.parametrize("figure", [
    charts.ranked_bars(pd.DataFrame({"sector": ["mobility"], "entries": [3]}), "sector", "en",
                       "s", "t"),
    charts.region_stage_flow(pd.DataFrame({"region": ["Asia"], "stage": ["eligible"],
                                           "entries": [5]}), "en", "s"),
    charts.editions_side_by_side(pd.DataFrame({
        "edition": [3], "year": [2025], "entries": [220], "countries": [52], "cities": [115],
        "finalists": [45]}), "en", "s"),
])
def test_charts_without_a_filter_are_not_clickable(figure):
    assert not charts.is_clickable(figure)


def test_the_funnels_received_sets_nothing():
    """Received is every entry in the funnel: a click would keep only those not yet screened."""
    figure = charts.stage_funnel(220, 197, 45, 21, "en", "s")
    assert marks(figure)["Received"] == ""
    assert click(figure, "Received") == {}


def test_a_second_click_undoes_the_first():
    figure = charts.entries_by_region(REGIONS6, "en", "s")
    once = click(figure, "Americas")
    assert click(figure, "Americas", {**dict.fromkeys(picks.FILTERS, ()), **once}) == {}
    # with only one of the two regions chosen, the Americas add the other
    only_north = {**dict.fromkeys(picks.FILTERS, ()), "region": ("North America", "Asia")}
    assert click(figure, "Americas", only_north) == {
        "region": ("North America", "Asia", "South America")}


@pytest.mark.parametrize(("text", "expected"), [
    ("region=Africa", {"region": ("Africa",)}),
    ("category=leadership|applicant_type=company",
     {"category": ("leadership",), "applicant_type": ("company",)}),
    ("city=Seoul", {}), ("region=", {}), ("nonsense", {}), (None, {}), (3, {}),
])
def test_parse_a_pick(text, expected):
    assert picks.parse(text) == expected


@pytest.mark.parametrize(("pairs", "expected"), [
    ((("region", "Africa"),), "region=Africa"),
    ((("country", "KOR"),), "country=KOR"),
    ((("region", "Atlantis"),), ""),  # a value no filter offers sets nothing
    ((("country", "<b>x</b>"),), ""),
])
def test_a_pick_only_holds_values_the_filters_offer(pairs, expected):
    assert picks.pick(*pairs) == expected


def test_a_chart_is_drawn_afresh_when_the_filters_change():
    empty = dict.fromkeys(picks.FILTERS, ())
    africa = {**empty, "region": ("Africa",)}
    assert picks.chart_key("x", empty) == picks.chart_key("x", dict(empty))
    assert picks.chart_key("x", empty) != picks.chart_key("x", africa)
    assert picks.chart_key("x", empty).startswith("chart_x_")


# -- chips and the drill-down, on the pages ---------------------------------------------------

def page(script: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def chips(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("chip_")]


def test_chips_show_every_chosen_value_and_remove_it():
    at = page("pages/overview.py", edition="3", region=["Africa", "Europe"],
              category="human_centricity")
    # a label is markdown: the name's hyphen is escaped (and shown as a hyphen)
    assert chips(at) == ["Region: Africa ✕", "Region: Europe ✕", r"Category: Human\-CentriCity ✕",
                         "Clear all"]
    assert {m.label: m.value for m in at.metric}["Entries"] == "24"
    at.button(key="chip_region_Africa").click().run()
    assert chips(at) == ["Region: Europe ✕", r"Category: Human\-CentriCity ✕", "Clear all"]
    assert at.query_params["region"] == "Europe"
    assert at.multiselect(key="widget_region").value == ["Europe"]
    assert {m.label: m.value for m in at.metric}["Entries"] == "19"
    at.button(key="chip_clear_all").click().run()
    assert chips(at) == []
    assert "region" not in at.query_params
    assert "category" not in at.query_params
    assert at.multiselect(key="widget_category").value == []
    assert {m.label: m.value for m in at.metric}["Entries"] == "220"


def test_chips_speak_the_page_language():
    at = page("pages/regions.py", edition="3", lang="ko", country="KOR", stage="finalist")
    assert chips(at) == ["국가: 한국 ✕", "도달 단계: 본선 진출 ✕", "모두 지우기"]


def test_no_chip_without_a_filter():
    assert chips(page("pages/overview.py", edition="3")) == []


@pytest.mark.parametrize(("role", "links"), [("organiser", 3), ("press", 0), ("wego", 0)])
def test_only_organisers_get_the_entries_behind_a_chart(monkeypatch, role, links):
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = page("pages/overview.py", edition="3", region="Africa")
    found = [link for link in at.get("page_link") if link.proto.label == "See these entries"]
    assert len(found) == links
    if found:
        assert found[0].proto.page.endswith("entries")
        assert "region=Africa" in found[0].proto.query_string


def test_press_sentences_only_for_the_whole_edition():
    """A click on the Overview follows the reader to the press room: a sentence about the
    edition cannot carry the filter, so none is offered under one."""
    whole = page("pages/press.py", edition="3")
    assert len(whole.code) == 3  # English, Korean, the citation
    narrowed = page("pages/press.py", edition="3", region="Africa")
    assert [c.value for c in narrowed.code] == [whole.code[2].value]
    assert [i.value for i in narrowed.info][-1] == (
        "The sentences describe the whole edition: clear the filters (the chips above) to quote "
        "them.")


# -- a second click adds (issue 30, point 6) --------------------------------------------------

def drawn(at: AppTest) -> list[dict]:
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_a_filtered_overview_keeps_the_clicked_charts_other_marks():
    """With Europe chosen, the region chart still has every region at its count (the view
    without its own filter), Europe in full and the others dimmed; the category chart, of
    another filter, counts Europe's entries only."""
    whole = drawn(page("pages/overview.py", edition="3"))
    europe = drawn(page("pages/overview.py", edition="3", region="Europe"))
    regions, categories = europe[0]["data"][0], europe[1]["data"][0]
    assert regions["y"] == whole[0]["data"][0]["y"]
    assert regions["text"] == ["2", "10", "26", "45", "66", "71"]  # every region, not zeroed
    assert regions["marker"]["opacity"] == [charts.DIMMED] * 2 + [1.0] + [charts.DIMMED] * 3
    assert "opacity" not in whole[0]["data"][0]["marker"]
    assert sum(int(t) for t in categories["text"]) == 26
    assert "opacity" not in categories["marker"]


def test_a_region_filter_zooms_the_world_map():
    assert drawn(page("pages/regions.py", edition="3", region="Oceania")
                 )[0]["layout"]["geo"]["fitbounds"] == "locations"
    assert "fitbounds" not in drawn(page("pages/regions.py", edition="3"))[0]["layout"]["geo"]
