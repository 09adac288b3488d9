"""Chart builders are pure: a frame in, a figure out; checked on the figure's JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from prizestats import charts

SOURCE = "Source: test · as of 1 May 2025"


def as_json(figure) -> dict:
    return json.loads(figure.to_json())


REGIONS = pd.DataFrame({
    "region": ["Asia", "Europe", "North America", "South America", "Oceania"],
    "region6": ["Asia", "Europe", "Americas", "Americas", "Oceania"],
    "entries": [66, 26, 40, 31, 2],
})


def test_entries_by_region6_joins_the_americas_and_sorts():
    spec = as_json(charts.entries_by_region(REGIONS, "en", SOURCE, region_column="region6"))
    bar = spec["data"][0]
    # plotly draws the first y value at the bottom: the largest region comes last
    assert bar["y"] == ["Oceania", "Europe", "Asia", "Americas"]
    assert bar["x"] == [2, 26, 66, 71]
    assert spec["layout"]["title"]["text"] == "Americas sent the most entries: 71<br>of 165"
    assert spec["layout"]["annotations"][0]["text"] == "Source: test · as of 1 May 2025"


def test_entries_by_region_in_korean():
    spec = as_json(charts.entries_by_region(REGIONS, "ko", SOURCE))
    assert spec["data"][0]["y"][-1] == "아시아"
    assert "아시아 지역 접수가 가장 많았습니다" in spec["layout"]["title"]["text"]
    assert "Noto Sans CJK KR" in spec["layout"]["font"]["family"]


def test_entries_by_category_title_states_the_finding():
    frame = pd.DataFrame({"category": ["human_centricity", "tech_innovacity", "leadership"],
                          "entries": [106, 92, 22]})
    spec = as_json(charts.entries_by_category(frame, "en", SOURCE))
    assert spec["data"][0]["y"] == ["Leadership", "Tech-innovacity", "Human-centricity"]
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == (
        "Human-centricity was the most entered category: 106 of 220")


def test_entries_by_stage_title_gives_the_funnel():
    frame = pd.DataFrame({"stage": ["received", "ineligible", "eligible", "finalist", "winner",
                                    "withdrawn"], "entries": [0, 20, 152, 24, 21, 3]})
    spec = as_json(charts.entries_by_stage(frame, "en", SOURCE))
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == (
        "197 of 220 entries passed screening; 45 finalists, 21 winners")
    assert spec["data"][0]["x"] == [3, 21, 24, 152, 20, 0]


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
