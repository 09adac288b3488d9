"""Chart builders are pure: a frame in, a figure out; checked on the figure's JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from prizestats.figures import charts

SOURCE = "Source: test · as of 1 May 2025"


def as_json(figure) -> dict:
    return json.loads(figure.to_json())


REGIONS = pd.DataFrame({
    "region": ["Asia", "Europe", "Americas", "Oceania"],
    "entries": [66, 26, 71, 2],
})


def test_entries_by_region_sorts_largest_first():
    spec = as_json(charts.entries_by_region(REGIONS, "en", SOURCE))
    bar = spec["data"][0]
    # plotly draws the first y value at the bottom: the largest region comes last
    assert bar["y"] == ["Oceania", "Europe", "Asia", "Americas"]
    assert bar["x"] == [2, 26, 66, 71]
    assert spec["layout"]["title"]["text"] == "The Americas sent the most entries:<br>71 of 165"
    assert spec["layout"]["annotations"][0]["text"] == "Source: test · as of 1 May 2025"


# As disclosure.disclose leaves them for press and WeGO: counts of 1 or 2 are NA.
HIDDEN_REGIONS = pd.DataFrame({
    "region": ["Oceania", "Africa", "Asia", "Europe", "Americas"],
    "entries": pd.array([pd.NA, 0, 5, pd.NA, 3], dtype="Int64"),
})


def test_hidden_counts_have_no_length_read_as_small_and_sort_as_a_tie():
    spec = as_json(charts.entries_by_region(HIDDEN_REGIONS, "en", SOURCE, total=10))
    bar = spec["data"][0]
    # 5, 3, then the two hidden ones as a tie by name (Europe was 2, Oceania 1), then 0
    assert bar["y"] == ["Africa", "Oceania", "Europe", "Americas", "Asia"]
    assert bar["x"] == [0, 0, 0, 3, 5]
    assert bar["text"] == ["0", "<3", "<3", "3", "5"]
    assert "%{text}" in bar["hovertemplate"]
    # the total is the view's, not the sum of what is shown (8)
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == (
        "Asia sent the most entries: 5 of 10")


def test_when_every_readable_count_is_zero_the_title_names_no_group():
    frame = pd.DataFrame({"region": ["Asia", "Europe"],
                          "entries": pd.array([pd.NA, 0], dtype="Int64")})
    spec = as_json(charts.entries_by_region(frame, "en", SOURCE, total="<3"))
    title = spec["layout"]["title"]["text"].replace("<br>", " ")
    assert title == "No group has 3 entries or more here: counts under 3 show as &lt;3"
    assert charts.finding(charts.entries_by_region(frame, "en", SOURCE)) == (
        "No group has 3 entries or more here: counts under 3 show as <3")


def test_heatmap_hidden_cells_have_no_colour_and_read_small():
    frame = pd.DataFrame({"category": ["leadership", "leadership", "human_centricity",
                                       "human_centricity"],
                          "region": ["Asia", "Europe", "Asia", "Europe"],
                          "entries": pd.array([4, pd.NA, 0, 7], dtype="Int64")})
    shown, hidden = charts.two_way_heatmap(frame, "region", "category", "en", SOURCE, "t").data
    assert list(shown.text) == ["4", "0", "7"]
    assert list(shown.marker.color) == [4, 0, 7]
    assert (list(shown.x), list(shown.y)) == (["Leadership", "Human-CentriCity", "Human-CentriCity"],
                                              ["Asia", "Asia", "Europe"])
    # the hidden cell: one grey outside the scale, no count of its own
    assert (list(hidden.text), hidden.marker.color) == (["<3"], "#d9d9d9")
    assert (list(hidden.x), list(hidden.y)) == (["Leadership"], ["Europe"])
    # a click on a cell sets both its values
    assert [c[0] for c in hidden.customdata] == ["region=Europe|category=leadership"]


def test_funnel_leaves_out_a_stage_under_embargo_and_hides_small_ones():
    spec = as_json(charts.stage_funnel(40, 30, None, None, "en", SOURCE))
    assert spec["data"][0]["y"] == ["Received", "Eligible"]
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == (
        "Of 40 entries, 30 passed screening")
    spec = as_json(charts.stage_funnel(40, 30, 5, "<3", "en", SOURCE))
    assert spec["data"][0]["text"] == ["40 (100%)", "30 (75%)", "5 (12.5%)", "<3"]
    assert spec["data"][0]["x"] == [40, 30, 5, 0]


def test_entries_by_region_in_korean():
    spec = as_json(charts.entries_by_region(REGIONS, "ko", SOURCE))
    assert spec["data"][0]["y"][-1] == "미주"
    assert "미주 지역 접수가 가장 많았습니다" in spec["layout"]["title"]["text"]
    assert "Noto Sans CJK KR" in spec["layout"]["font"]["family"]


def test_entries_by_category_title_states_the_finding():
    frame = pd.DataFrame({"category": ["human_centricity", "tech_innovacity", "leadership"],
                          "entries": [106, 92, 22]})
    spec = as_json(charts.entries_by_category(frame, "en", SOURCE))
    assert spec["data"][0]["y"] == ["Leadership", "Tech-InnovaCity", "Human-CentriCity"]
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == (
        "Human-CentriCity was the most entered category: 106 of 220")


STAGES = pd.DataFrame({"stage": ["received", "ineligible", "eligible", "finalist", "winner",
                                 "withdrawn"], "entries": [0, 20, 152, 24, 21, 3]})


@pytest.mark.parametrize(("lang", "title", "bars"), [
    ("en", "Of 220 entries, 197 passed screening; 45 finalists, 21 winners",
     ["Entries", "Eligible", "Finalists", "Winners"]),
    ("ko", "220건 중 197건이 적격 심사를 통과했고, 본선 진출 45건, 수상 21건입니다",
     ["접수", "적격", "본선 진출", "수상"]),
])
def test_the_stage_chart_bars_count_what_its_title_counts(lang, title, bars):
    """One count per chart (issue 27, 6): the bars count the stages reached, as the title
    does: 45 finalists is a bar of 45 (24 finalists not awarded and 21 winners), never a bar
    "Finalist 24" under "45 finalists", and no bar "Received 0"."""
    spec = as_json(charts.entries_by_stage(STAGES, lang, SOURCE))
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == title
    bar = spec["data"][0]
    # plotly draws the first y value at the bottom: entries on top, winners at the bottom
    assert bar["y"][::-1] == bars
    assert bar["x"][::-1] == [220, 197, 45, 21]
    # a click on a bar sets the stage it counts, and a stage filter keeps the entries that
    # reached it (queries/_macros.sql): the same count again; every entry sets nothing
    assert bar["customdata"][::-1] == ["", "stage=eligible", "stage=finalist", "stage=winner"]


def test_the_stage_chart_follows_the_views_figures_and_leaves_out_an_embargo():
    embargoed = {"entries": 220, "eligible": 197, "finalists": None, "winners": None}
    spec = as_json(charts.entries_by_stage(STAGES, "en", SOURCE, result=embargoed))
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == (
        "Of 220 entries, 197 passed screening; results under embargo")
    # no row of nothing for a stage under embargo
    assert spec["data"][0]["y"] == ["Eligible", "Entries"]
    assert spec["data"][0]["x"] == [197, 220]
    # a hidden count (<3) has no length and says so, in the bar as in the title
    hidden = {"entries": 12, "eligible": 10, "finalists": "<3", "winners": None}
    spec = as_json(charts.entries_by_stage(STAGES, "ko", SOURCE, result=hidden))
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == (
        "12건 중 10건이 적격 심사를 통과했고 &lt;3건이 본선에 진출했습니다(수상은 엠바고)")
    assert spec["data"][0]["x"] == [0, 10, 12]
    assert spec["data"][0]["text"] == ["<3", "10", "12"]


@pytest.mark.parametrize("builder", [charts.entries_by_category, charts.entries_by_stage])
def test_no_entries_gives_an_empty_figure_that_says_so(builder):
    column = "category" if builder is charts.entries_by_category else "stage"
    frame = pd.DataFrame({column: ["leadership"], "entries": [0]})
    spec = as_json(builder(frame, "en", SOURCE))
    assert spec["data"] == []
    assert spec["layout"]["title"]["text"] == "No entries by this date."


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("short title", 36, "short title"),
    ("one two three four", 9, "one two<br>three<br>four"),
    ("가나다 라마바", 8, "가나다<br>라마바"),  # Korean letters count double
])
def test_wrap(text, width, expected):
    assert charts.wrap(text, width) == expected


# Korean titles break between words (at spaces), as in English: never inside a word, which
# would read as two words (the same in exported images: the title is the figure's own text).
@pytest.mark.parametrize(("text", "width", "expected"), [
    ("아시아·태평양에서 가장 많은 출품작이 접수됐습니다", 20,
     "아시아·태평양에서<br>가장 많은 출품작이<br>접수됐습니다"),
    ("스마트도시상수상작발표", 6, "스마트도시상수상작발표"),  # longer than the line: kept whole
    ("아메리카 대륙에서 가장 많이 접수됐습니다: 165건 중 71건", 36,
     "아메리카 대륙에서 가장 많이<br>접수됐습니다: 165건 중 71건"),
    ("중동의 출품작이 늘었습니다", 10, "중동의<br>출품작이<br>늘었습니다"),
])
def test_wrap_never_breaks_inside_a_korean_word(text, width, expected):
    assert charts.wrap(text, width) == expected


# ---------------------------------------------------------------------------------------------
# Rankings that hold (issue 27, 4): ties named as ties, nothing leads at 0, rates ranked only on
# bases of at least 10 entries; otherwise the title describes the chart.

def title_of(figure) -> str:
    return charts.finding(figure)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Asia and Europe sent the most entries: 29 each of 70"),
    ("ko", "아시아, 유럽 지역 접수가 가장 많았습니다: 전체 70건 중 각 29건"),
])
def test_a_tie_at_the_top_is_named_as_a_tie(lang, expected):
    frame = pd.DataFrame({"region": ["Asia", "Europe", "Africa"], "entries": [29, 29, 12]})
    assert title_of(charts.entries_by_region(frame, lang, SOURCE)) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Tech-InnovaCity and Leadership were the most entered categories: 40 each of 100"),
    ("ko", "가장 많이 접수된 부문은 기술 혁신, 리더십입니다: 전체 100건 중 각 40건"),
])
def test_a_tie_of_categories_is_named_as_a_tie(lang, expected):
    frame = pd.DataFrame({"category": ["human_centricity", "tech_innovacity", "leadership"],
                          "entries": [20, 40, 40]})
    assert title_of(charts.entries_by_category(frame, lang, SOURCE)) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Entries came from 3 countries; the largest numbers from South Korea and the "
           "United States (5 each)"),
    ("ko", "3개국에서 접수됐고, 가장 많은 국가는 한국, 미국(각 5건)입니다"),
])
def test_a_tie_on_the_map_is_named_as_a_tie(lang, expected):
    frame = pd.DataFrame({"iso3": ["KOR", "USA", "FRA"],
                          "name_en": ["South Korea", "United States", "France"],
                          "name_ko": ["한국", "미국", "프랑스"], "entries": [5, 5, 3]})
    assert title_of(charts.entries_by_country(frame, lang, SOURCE)) == expected


def test_nothing_leads_at_zero():
    frame = pd.DataFrame({"region": ["Asia", "Europe"], "entries": [0, 0]})
    for lang in ("en", "ko"):
        assert title_of(charts.entries_by_region(frame, lang, SOURCE)) == (
            charts.t("no_entries", lang))


def conversion(groups, entries, finalists, dimension="region"):
    count = lambda values: pd.array(values, dtype="Int64")  # noqa: E731
    return pd.DataFrame({"dimension": [dimension] * len(groups), "group": groups,
                         "entries": count(entries), "eligible": count(finalists),
                         "finalists": count(finalists), "winners": count([0] * len(groups))})


@pytest.mark.parametrize(("frame", "en", "ko"), [
    # Oceania's 2 of 2 (100 %) is drawn with its ⚠ but leads nothing: a base under 10
    (conversion(["Asia", "Europe", "Oceania"], [66, 26, 2], [18, 6, 2]),
     "Finalist rate by region: highest for Asia (27.3%)",
     "지역별 본선 진출률은 아시아(27.3%)에서 가장 높았습니다"),
    # a tie of rates is named as one
    (conversion(["Asia", "Europe", "Africa"], [40, 20, 10], [10, 5, 1]),
     "Finalist rate by region: highest for Asia and Europe (25% each)",
     "지역별 본선 진출률은 아시아, 유럽(각 25%)에서 가장 높았습니다"),
    # no base of 10: no rate in the title, not "<3 of 2" nor "0 of 2"
    (conversion(["Asia", "Oceania"], [2, 2], [pd.NA, 0]),
     "Finalist rate by region: too few entries to compare rates",
     "지역별 본선 진출률: 접수 건이 적어 비교하지 않습니다"),
    # nothing is highest at 0: the title names the chart
    (conversion(["Asia", "Europe"], [66, 26], [0, 0]),
     "Finalist rate by region", "지역별 본선 진출률"),
    # a hidden count (<3 of 10: up to 20 %) might be as high as the highest shown (20 %)
    (conversion(["Asia", "Europe"], [20, 10], [4, pd.NA]),
     "Finalist rate by region", "지역별 본선 진출률"),
])
def test_rates_are_ranked_only_on_bases_of_ten(frame, en, ko):
    assert title_of(charts.conversion_rates(frame, "region", "en", SOURCE)) == en
    assert title_of(charts.conversion_rates(frame, "region", "ko", SOURCE)) == ko
    # the small bases keep their bars and their ⚠
    figure = charts.conversion_rates(frame, "region", "en", SOURCE)
    assert len(figure.data[0].y) == len(frame)


def test_a_label_too_long_for_its_bar_stands_beside_it():
    """A narrow funnel stage or rate bar carries its label outside ("21 (9.5%)" ran over the
    winners' bar; "10 of 66" over a 15 % bar on a phone)."""
    funnel = charts.stage_funnel(220, 197, 45, 21, "en", SOURCE).data[0]
    assert list(funnel.textposition) == ["inside", "inside", "outside", "outside"]
    assert list(funnel.text) == ["220 (100%)", "197 (89.5%)", "45 (20.5%)", "21 (9.5%)"]
    # Asia 18 of 66 (27.3 %) holds its label; Europe 6 of 26 (23.1 %) and a 0 do not
    frame = conversion(["Asia", "Europe", "Oceania"], [66, 26, 2], [18, 6, 0])
    finalists = charts.conversion_rates(frame, "region", "en", SOURCE).data[1]
    assert list(finalists.y) == ["Oceania ⚠", "Europe", "Asia"]
    assert list(finalists.textposition) == ["outside", "outside", "auto"]


def test_an_eligible_rate_under_a_finalist_embargo_follows_the_same_rules():
    frame = conversion(["Asia", "Oceania"], [2, 2], [pd.NA, 0])
    embargoed = frozenset({"finalists", "winners"})
    assert title_of(charts.conversion_rates(frame, "region", "en", SOURCE, embargoed)) == (
        "Eligible rate by region: too few entries to compare rates")
    frame = conversion(["Asia", "Europe"], [20, 10], [10, 5])
    assert title_of(charts.conversion_rates(frame, "region", "ko", SOURCE, embargoed)) == (
        "지역별 적격률은 아시아, 유럽(각 50%)에서 가장 높았습니다")


# A small view (Oceania, one country) has counts of 1 or 2: its axes step by whole numbers from
# 0 (plotly would step by 0.5 and label 0.5, 1.5), its legends too.
ONE_REGION = pd.DataFrame({"region": ["Oceania", "Africa"], "entries": [2, 1]})


def test_a_small_count_axis_steps_by_whole_numbers_from_zero():
    axis = as_json(charts.entries_by_region(ONE_REGION, "en", SOURCE))["layout"]["xaxis"]
    assert (axis["tickformat"], axis["tick0"], axis["dtick"], axis["rangemode"]) == (
        ",d", 0, 1, "tozero")


def test_a_long_count_axis_keeps_plotlys_steps_in_whole_numbers():
    axis = as_json(charts.entries_by_region(REGIONS, "en", SOURCE))["layout"]["xaxis"]
    assert axis["tickformat"] == ",d"
    assert "dtick" not in axis  # 71 entries: plotly's own steps (10, 20, ...) are whole


def test_the_count_axes_of_the_trend_and_intake_charts_are_whole_numbers():
    summary = pd.DataFrame({"edition": [3], "year": [2025], "entries": [2], "countries": [1],
                            "cities": [1], "finalists": [pd.NA]})
    curve = pd.DataFrame({"edition": [3, 3], "year": [2025, 2025], "days_before": [5, 2],
                          "cumulative": [1, 2]})
    daily = pd.DataFrame({"day": ["2025-05-01", "2025-05-02"], "entries": [1, 1]})
    for figure in (charts.editions_side_by_side(summary, "en", SOURCE),
                   charts.intake_curve(curve, 3, 2, "Title", "en", SOURCE),
                   charts.daily_arrivals(daily, "en", SOURCE, "Title")):
        axis = as_json(figure)["layout"]["yaxis"]
        assert (axis["tickformat"], axis["tick0"], axis["dtick"]) == (",d", 0, 1)


def test_a_map_of_one_count_has_a_whole_number_legend_from_zero():
    frame = pd.DataFrame({"iso3": ["AUS"], "name_en": ["Australia"], "name_ko": ["호주"],
                          "entries": [23]})
    trace = as_json(charts.entries_by_country(frame, "en", SOURCE))["data"][0]
    # not 22.6 to 23.4 around the one count
    assert (trace["zmin"], trace["zmax"]) == (0, 23)
    assert trace["colorbar"]["tickformat"] == ",d"
    assert "dtick" not in trace["colorbar"]


def test_a_map_of_small_counts_has_a_tick_at_each_whole_number():
    frame = pd.DataFrame({"iso3": ["AUS", "NZL"], "name_en": ["Australia", "New Zealand"],
                          "name_ko": ["호주", "뉴질랜드"], "entries": [1, 2]})
    trace = as_json(charts.entries_by_country(frame, "en", SOURCE))["data"][0]
    assert (trace["zmin"], trace["zmax"]) == (1, 2)
    assert (trace["colorbar"]["tickformat"], trace["colorbar"]["tick0"],
            trace["colorbar"]["dtick"]) == (",d", 0, 1)


def test_labels_in_bars_and_funnels_are_never_shrunk_below_a_readable_size():
    figure = charts.stage_funnel(220, 150, 45, 21, "en", SOURCE)
    assert as_json(figure)["layout"]["uniformtext"] == {"minsize": 11, "mode": "show"}


# ---------------------------------------------------------------------------------------------
# A phone (issue 30, point 3): titles wrap to a phone's width, between phrases where they can,
# in Korean between 어절; never inside a name of several words.

@pytest.mark.parametrize(("text", "width", "expected"), [
    # greedy lines would break "the largest | number"; the phrase ends at the semicolon
    ("Entries came from 52 countries; the largest number from the United States (23)", 40,
     ["Entries came from 52 countries;", "the largest number from the",
      "United States (23)"]),
    ("The Americas sent the most entries: 71 of 220", 40,
     ["The Americas sent the most entries:", "71 of 220"]),
    # a phrase end that would leave its line less than half full is not used
    ("Note: entries from every city of the Middle East are counted once", 30,
     ["Note: entries from every city", "of the Middle East are counted", "once"]),
    ("52개국에서 출품작이 접수됐습니다. 가장 많은 나라는 미국(23건)입니다", 40,
     ["52개국에서 출품작이 접수됐습니다.", "가장 많은 나라는 미국(23건)입니다"]),
    ("아메리카 대륙에서 가장 많이 접수됐습니다: 220건 중 71건", 36,
     ["아메리카 대륙에서 가장 많이", "접수됐습니다: 220건 중 71건"]),
    ("아시아, 유럽 지역 접수가 가장 많았습니다: 전체 70건 중 각 29건", 42,
     ["아시아, 유럽 지역 접수가 가장 많았습니다:", "전체 70건 중 각 29건"]),
])
def test_titles_wrap_at_phrase_boundaries(text, width, expected):
    assert charts.wrap(text, width).split("<br>") == expected


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_page_wide_chart_title_fits_a_phone(lang):
    """A page-wide chart is as narrow as any on a phone: its title and source line are wrapped
    to charts.TITLE_WIDTH[True] and SOURCE_LINE_WIDTH[True] letters (Korean counting two)."""
    frame = pd.DataFrame({"iso3": ["USA", "KOR", "BRA"], "name_en": ["United States",
                          "Korea", "Brazil"], "name_ko": ["미국", "대한민국", "브라질"],
                          "entries": [23, 9, 7]})
    source = ("Source: Sample data · Seoul Smart City Prize entry data (prizestats) · "
              "as of 30 September 2025, 17:30 KST · KOGL Type 1")
    spec = as_json(charts.entries_by_country(frame, lang, source))
    title = spec["layout"]["title"]["text"].split("<br>")
    note = spec["layout"]["annotations"][0]["text"].split("<br>")
    assert len(title) >= 2, title
    assert max(charts.display_width(line) for line in title) <= 40, title
    assert max(charts.display_width(line) for line in note) <= 44, note


# ---------------------------------------------------------------------------------------------
# Click to explore (issue 30, point 6): a clickable chart of a filtered view keeps its other
# marks at their values, the chosen ones in full and the others dimmed, so a second click on
# it can add one.

def test_a_chosen_region_is_highlighted_and_the_others_keep_their_values():
    figure = charts.highlighted(charts.entries_by_region(REGIONS, "en", SOURCE),
                                {"region": ("Europe",)})
    spec = as_json(figure)
    bar = spec["data"][0]
    assert bar["y"] == ["Oceania", "Europe", "Asia", "Americas"]
    assert bar["x"] == [2, 26, 66, 71]  # not zeroed
    assert bar["marker"]["opacity"] == [0.3, 1.0, 0.3, 0.3]
    assert charts.DIMMED == 0.3
    # a dimmed bar's number beside it, and room for the longest one's
    assert bar["textposition"] == ["outside", "auto", "outside", "outside"]
    assert spec["layout"]["xaxis"]["range"] == [0, pytest.approx(71 * 1.15)]
    assert bar["unselected"] == {"marker": {"opacity": 0.3}}
    assert charts.is_clickable(figure)


def test_the_americas_are_chosen_when_both_of_their_regions_are():
    both = {"region": ("North America", "South America")}
    half = {"region": ("North America",)}
    assert as_json(charts.highlighted(charts.entries_by_region(REGIONS, "en", SOURCE), both)
                   )["data"][0]["marker"]["opacity"] == [0.3, 0.3, 0.3, 1.0]
    assert as_json(charts.highlighted(charts.entries_by_region(REGIONS, "en", SOURCE), half)
                   )["data"][0]["marker"]["opacity"] == [0.3, 0.3, 0.3, 0.3]


def test_nothing_is_dimmed_without_a_choice_of_the_charts_own_filter():
    plain = as_json(charts.entries_by_region(REGIONS, "en", SOURCE))
    for chosen in ({}, {"category": ("leadership",)}, {"region": ()}):
        assert as_json(charts.highlighted(charts.entries_by_region(REGIONS, "en", SOURCE),
                                          chosen)) == plain


def test_a_cell_of_a_two_way_table_is_chosen_by_both_of_its_values():
    frame = pd.DataFrame({"category": ["leadership", "leadership", "tech_innovacity",
                                       "tech_innovacity"],
                          "applicant_type": ["city", "company", "city", "company"],
                          "entries": [5, 7, 9, 11]})
    figure = charts.two_way_heatmap(frame, "category", "applicant_type", "en", SOURCE, "t")
    spec = as_json(charts.highlighted(figure, {"category": ("leadership",),
                                               "applicant_type": ("company",)}))
    cells = spec["data"][0]
    assert cells["text"] == ["5", "7", "9", "11"]
    assert cells["marker"]["opacity"] == [0.3, 1.0, 0.3, 0.3]


def test_a_chosen_country_on_the_world_map_keeps_the_other_countries():
    frame = pd.DataFrame({"iso3": ["USA", "KOR", "BRA"], "name_en": ["United States",
                          "Korea", "Brazil"], "name_ko": ["미국", "대한민국", "브라질"],
                          "entries": [23, 9, 7]})
    spec = as_json(charts.highlighted(charts.entries_by_country(frame, "en", SOURCE),
                                      {"country": ("BRA",)}))
    world = spec["data"][0]
    assert world["locations"] == ["USA", "KOR", "BRA"]
    assert world["z"] == [23, 9, 7]
    assert world["marker"]["opacity"] == [0.3, 0.3, 1.0]


def test_a_chosen_stage_of_the_funnel_keeps_the_other_stages():
    figure = charts.stage_funnel(220, 197, 45, 21, "en", SOURCE)
    spec = as_json(charts.highlighted(figure, {"stage": ("eligible", "finalist")}))
    funnel = spec["data"][0]
    assert funnel["x"] == [220, 197, 45, 21]
    assert funnel["marker"]["opacity"] == [0.3, 1.0, 1.0, 0.3]
    assert funnel["textposition"] == ["outside", "inside", "outside", "outside"]


@pytest.mark.parametrize(("fit", "expected"), [(True, "locations"), (False, None)])
def test_the_map_zooms_to_a_filtered_region(fit, expected):
    frame = pd.DataFrame({"iso3": ["AUS", "NZL"], "name_en": ["Australia", "New Zealand"],
                          "name_ko": ["호주", "뉴질랜드"], "entries": [1, 1]})
    geo = as_json(charts.entries_by_country(frame, "en", SOURCE, fit=fit))["layout"]["geo"]
    assert geo.get("fitbounds") == expected
    assert ("lataxis" in geo) == (not fit)


def test_the_flow_charts_labels_read_over_pale_flows():
    frame = pd.DataFrame({"region": ["Asia", "Asia", "Europe"],
                          "stage": ["eligible", "finalist", "eligible"],
                          "entries": [30, 5, 12]})
    sankey = as_json(charts.region_stage_flow(frame, "en", SOURCE))["data"][0]
    assert sankey["textfont"] == {"size": 14, "weight": 600}
    assert sankey["link"]["color"] == "rgba(0,114,178,0.15)"
