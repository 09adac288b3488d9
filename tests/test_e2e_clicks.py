"""Click to explore in a real browser: a click on a chart's mark sets its filter (URL, chips,
every chart), back, forward and reload follow, a chip's ✕ (by mouse or keyboard) undoes it.

One server per role for the whole file. No fixed waits: each step waits for the address, a chip
or a chart to change, with long timeouts (the machine may be busy).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect
from test_e2e import (  # noqa: F401 (browser: a fixture)
    ARTIFACTS,
    browser,
    offline_context,
    streamlit_server,
    wait_for_app,
)

from prizestats.figures import picks
from prizestats.figures.charts import DIMMED

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
# A day after the sample's 2025 ceremony: results are announced, for the press too.
DAY = "edition=3&as_of=2025-10-31&lang=en"


@pytest.fixture(scope="module")
def organiser(sample_db):
    with streamlit_server(sample_db, PRIZESTATS_ROLE="organiser") as base:
        yield base


@pytest.fixture(scope="module")
def press(sample_db):
    with streamlit_server(sample_db, PRIZESTATS_ROLE="press") as base:
        yield base


@pytest.fixture
def tab(browser):  # noqa: F811
    """A page in a context of its own; fails naming any request that left this machine."""
    context, guard = offline_context(browser)
    yield context.new_page()
    context.close()
    guard.check()


# -- finding a mark through plotly's own data -------------------------------------------------

# A chart plotly has drawn, marks and all.
DRAWN = """selector => { const el = document.querySelector(selector);
  return Boolean(el && el.data && el.data.length && el.querySelector('.point, .choroplethlocation'));
}"""


def chart(page: Page, name: str, **filters: tuple[str, ...]) -> Locator:
    """The page's clickable chart `name` as drawn for `filters`, once plotly has its data. Its
    Streamlit key holds the filters (picks.chart_key): waiting for it waits for the run that
    followed a click to reach the chart, never for a stale chart of the previous run."""
    key = picks.chart_key(name, filters)
    plot = page.locator(f".st-key-{key} .js-plotly-plot")
    plot.locator(".main-svg").first.wait_for(timeout=TIMEOUT)
    page.wait_for_function(DRAWN, arg=f".st-key-{key} .js-plotly-plot", timeout=TIMEOUT)
    return plot


def title(plot: Locator) -> str:
    """A chart's title, its finding sentence (lines joined by spaces)."""
    return plot.evaluate("el => [...el.querySelectorAll('.gtitle tspan.line')]"
                         ".map(l => l.textContent).join(' ') || el.querySelector('.gtitle')"
                         ".textContent")


def bar(plot: Locator, label: str) -> Locator:
    """The bar (or funnel stage) labelled `label` on its axis. Plotly draws a trace's points in
    the order of its data (a bar chart's first y value at the bottom), so the label's index in
    `data[0].y` is the index of its `.point`."""
    labels = plot.evaluate("el => el.data[0].y")
    assert label in labels, labels
    point = plot.locator(".trace.bars").first.locator(".point").nth(labels.index(label))
    return point.locator("path")


def country(plot: Locator, iso3: str) -> Locator:
    """A country's shape on a choropleth: each path carries its location in its d3 datum."""
    locations = plot.evaluate("el => [...el.querySelectorAll('path.choroplethlocation')]"
                              ".map(p => p.__data__ && p.__data__.loc)")
    assert iso3 in locations, locations
    return plot.locator("path.choroplethlocation").nth(locations.index(iso3))


def click(mark: Locator) -> None:
    """Plotly takes clicks on its drag layer, above the marks: a click at the mark's centre."""
    mark.click(force=True)


# -- what the page shows ----------------------------------------------------------------------

def params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_for_param(page: Page, name: str, values: list[str]) -> None:
    """Until the address holds exactly `values` for `name` (none: the name is gone)."""
    page.wait_for_function(
        "([name, values]) => JSON.stringify(new URLSearchParams(location.search).getAll(name))"
        " === JSON.stringify(values)", arg=[name, values], timeout=TIMEOUT)


def chips(page: Page) -> list[str]:
    """The labels of the filter chips (without Clear all)."""
    buttons = page.locator(".st-key-filter_chips").get_by_role("button")
    return [text.strip() for text in buttons.all_inner_texts() if "✕" in text]


def wait_for_chips(page: Page, expected: list[str]) -> None:
    if expected:
        for label in expected:
            page.get_by_role("button", name=label, exact=True).wait_for(timeout=TIMEOUT)
    else:
        page.locator(".st-key-filter_chips").wait_for(state="detached", timeout=TIMEOUT)
    assert chips(page) == expected


def wait_for_entries(page: Page, value: str) -> None:
    """Until the Entries card reads `value` (the page has run with the new filters)."""
    expect(page.get_by_test_id("stMetric").filter(has_text="Entries")
           .get_by_test_id("stMetricValue")).to_have_text(value, timeout=TIMEOUT)


def open_page(page: Page, url: str) -> None:
    """Go to `url` and wait until the sidebar and a chart are drawn."""
    page.goto(url)
    page.get_by_test_id("stSidebar").get_by_test_id("stDateInput").wait_for(timeout=TIMEOUT)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=TIMEOUT)


# -- the tests --------------------------------------------------------------------------------

EUROPE = {"region": ("Europe",)}


def overview_titles(page: Page, **filters: tuple[str, ...]) -> list[str]:
    """The titles of the Overview's three charts as drawn for `filters`."""
    return [title(chart(page, name, **filters))
            for name in ("entries_by_region", "entries_by_category", "entries_by_stage")]


def test_a_click_on_a_region_sets_it_and_the_browser_follows(organiser, tab):
    open_page(tab, f"{organiser}/overview?{DAY}")
    wait_for_entries(tab, "220")
    assert chips(tab) == []
    before = overview_titles(tab)
    click(bar(chart(tab, "entries_by_region"), "Europe"))
    wait_for_param(tab, "region", ["Europe"])
    wait_for_chips(tab, ["Region: Europe ✕"])
    wait_for_entries(tab, "26")
    # the category and stage charts now count Europe's 26 entries only
    after = overview_titles(tab, **EUROPE)
    assert after[1] != before[1]
    assert after[2] != before[2]
    assert "26" in after[1], after
    assert "26" in after[2], after
    tab.screenshot(path=ARTIFACTS / "click-region-europe.png", full_page=True)

    tab.go_back()  # the same session follows the address it is sent back to
    wait_for_param(tab, "region", [])
    wait_for_chips(tab, [])
    wait_for_entries(tab, "220")
    assert overview_titles(tab) == before

    tab.go_forward()
    wait_for_param(tab, "region", ["Europe"])
    wait_for_chips(tab, ["Region: Europe ✕"])
    wait_for_entries(tab, "26")
    assert overview_titles(tab, **EUROPE) == after

    tab.reload()  # a new session, from the address
    wait_for_app(tab)
    wait_for_chips(tab, ["Region: Europe ✕"])
    assert params(tab)["region"] == ["Europe"]
    wait_for_entries(tab, "26")
    assert overview_titles(tab, **EUROPE) == after

    tab.get_by_role("button", name="Region: Europe ✕", exact=True).click()
    wait_for_param(tab, "region", [])
    wait_for_chips(tab, [])
    wait_for_entries(tab, "220")
    assert overview_titles(tab) == before


def test_a_second_click_on_the_same_bar_removes_its_filter(organiser, tab):
    open_page(tab, f"{organiser}/overview?{DAY}")
    click(bar(chart(tab, "entries_by_region"), "Asia"))
    wait_for_param(tab, "region", ["Asia"])
    wait_for_entries(tab, "66")
    click(bar(chart(tab, "entries_by_region", region=("Asia",)), "Asia"))
    wait_for_param(tab, "region", [])
    wait_for_chips(tab, [])
    wait_for_entries(tab, "220")


def test_the_americas_of_six_regions_set_both_of_seven(organiser, tab):
    open_page(tab, f"{organiser}/overview?{DAY}")
    click(bar(chart(tab, "entries_by_region"), "Americas"))
    wait_for_param(tab, "region", ["North America", "South America"])
    wait_for_chips(tab, ["Region: North America ✕", "Region: South America ✕"])
    wait_for_entries(tab, "71")


def test_a_click_on_a_country_of_the_world_map(organiser, tab):
    open_page(tab, f"{organiser}/regions?{DAY}")
    click(country(chart(tab, "entries_by_country"), "BRA"))  # of one piece: its centre is in it
    wait_for_param(tab, "country", ["BRA"])
    wait_for_chips(tab, ["Country: Brazil ✕"])
    world = chart(tab, "entries_by_country", country=("BRA",))
    # every country still drawn (a second click may add one), Brazil in full, the others dimmed
    locations = world.evaluate("el => el.data[0].locations")
    assert len(locations) > 1
    assert world.evaluate("el => el.data[0].marker.opacity") == [
        1.0 if iso3 == "BRA" else DIMMED for iso3 in locations]
    tab.screenshot(path=ARTIFACTS / "click-country-brazil.png", full_page=True)


def test_a_click_on_a_stage_of_the_funnel(organiser, tab):
    open_page(tab, f"{organiser}/stages?{DAY}")
    funnel = chart(tab, "stage_funnel")
    assert funnel.evaluate("el => el.data[0].type") == "funnel"
    assert funnel.evaluate("el => el.data[0].text[0]") == "220 (100%)"
    click(bar(funnel, "Eligible"))
    wait_for_param(tab, "stage", ["eligible"])
    wait_for_chips(tab, ["Stage reached: Eligible ✕"])
    # the funnel keeps every stage (a second click may add one), Eligible in full
    funnel = chart(tab, "stage_funnel", stage=("eligible",))
    assert funnel.evaluate("el => el.data[0].text[0]") == "220 (100%)"
    assert funnel.evaluate("el => el.data[0].marker.opacity") == [DIMMED, 1.0, DIMMED, DIMMED]


def test_a_chip_is_removed_with_the_keyboard(organiser, tab):
    open_page(tab, f"{organiser}/overview?{DAY}&region=Africa")
    wait_for_chips(tab, ["Region: Africa ✕"])
    focused = ""
    for _ in range(150):
        tab.keyboard.press("Tab")
        focused = tab.evaluate("() => document.activeElement.innerText.trim()")
        if focused == "Region: Africa ✕":
            break
    assert focused == "Region: Africa ✕", "Tab never reached the chip"
    tab.keyboard.press("Enter")
    wait_for_param(tab, "region", [])
    wait_for_chips(tab, [])
    wait_for_entries(tab, "220")


def test_press_reads_small_counts_as_under_three_after_a_click(press, tab):
    open_page(tab, f"{press}/overview?{DAY}")
    categories = chart(tab, "entries_by_category")
    assert categories.evaluate("el => el.data[0].text") == ["22", "92", "106"]
    click(bar(chart(tab, "entries_by_region"), "Oceania"))  # two entries in 2025
    wait_for_param(tab, "region", ["Oceania"])
    wait_for_chips(tab, ["Region: Oceania ✕"])
    wait_for_entries(tab, "2")  # a count of one dimension: exact
    categories = chart(tab, "entries_by_category", region=("Oceania",))
    texts = categories.evaluate("el => el.data[0].text")
    assert "<3" in texts, texts
    assert not {"1", "2"} & set(texts), texts
    drawn = categories.locator(".bartext").evaluate_all("els => els.map(e => e.textContent)")
    assert "<3" in drawn, drawn
    assert not {"1", "2"} & set(drawn), drawn
    # the category chart's CSV (the second chart's Download menu) says the same
    tab.get_by_test_id("stPopoverButton").filter(has_text="Download").nth(1).click()
    with tab.expect_download(timeout=TIMEOUT) as download:
        tab.get_by_test_id("stPopoverBody").get_by_role("button", name="CSV").click()
    assert download.value.suggested_filename == "sscp-2025-entries_by_category-en.csv"
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Category,Entries"), lines
    cells = [cell for line in lines[1:] for cell in line.split(",")[1:]]
    assert "<3" in cells, lines
    assert not {"1", "2"} & set(cells), lines


def test_organisers_follow_see_these_entries_with_the_filters(organiser, tab):
    open_page(tab, f"{organiser}/overview?{DAY}")
    click(bar(chart(tab, "entries_by_region"), "Europe"))
    wait_for_param(tab, "region", ["Europe"])
    chart(tab, "entries_by_region", **EUROPE)
    links = tab.get_by_role("link", name="See these entries")
    expect(links).to_have_count(3, timeout=TIMEOUT)
    expect(links.first).to_have_attribute("href", re.compile(r"[?&]region=Europe(&|$)"),
                                          timeout=TIMEOUT)
    links.first.click()
    tab.wait_for_url("**/entries?**", timeout=TIMEOUT)
    tab.get_by_test_id("stDataFrame").wait_for(timeout=TIMEOUT)
    assert params(tab)["region"] == ["Europe"]
    assert params(tab)["edition"] == ["3"]
    assert params(tab)["as_of"] == ["2025-10-31"]
    wait_for_chips(tab, ["Region: Europe ✕"])
    tab.get_by_text("26 of 26 entries").wait_for(timeout=TIMEOUT)


def test_the_press_gets_no_link_to_the_entries(press, tab):
    open_page(tab, f"{press}/overview?{DAY}&region=Europe")
    wait_for_chips(tab, ["Region: Europe ✕"])
    chart(tab, "entries_by_stage", **EUROPE)  # the last chart: the run is over
    assert tab.get_by_role("link", name="See these entries").count() == 0
