"""A phone and a desktop in a real browser (issue 30, points 3 and 6): every page and the press
kit fit a 390 px screen without sideways scrolling, chart titles and source lines inside their
chart; the KPI cards two a row with the first chart on the first screen; the navigation lists
every page at 1400 px and on a phone; a second click on the same chart adds a second value.

One organiser server for the whole file (it sees every page). No fixed waits: each step waits
for the page's script to finish and its charts to be drawn.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from playwright.sync_api import Page, expect
from test_e2e import ARTIFACTS, browser, from_disk_only, offline_context  # noqa: F401
from test_e2e_clicks import (  # noqa: F401 (organiser: a fixture)
    TIMEOUT,
    bar,
    chart,
    chips,
    click,
    open_page,
    organiser,
    wait_for_chips,
    wait_for_entries,
    wait_for_param,
)

from prizestats.app.context import PAGES
from prizestats.figures.charts import DIMMED
from prizestats.words import i18n

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 3}
DESKTOP = {"viewport": {"width": 1400, "height": 900}}
DAY = "edition=3&as_of=2025-10-31"

# Everything wider than its place: the document (sideways scrolling), and in each chart a
# title or annotation (the source line) that runs past the chart's edges (plotly clips it).
OVERFLOW = """() => {
  const root = document.documentElement;
  const found = [];
  if (root.scrollWidth > root.clientWidth)
    found.push(`document ${root.scrollWidth} > ${root.clientWidth}`);
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    for (const text of plot.querySelectorAll('.gtitle, .annotation-text')) {
      const r = text.getBoundingClientRect();
      if (r.width && (r.right > box.right + 1 || r.left < box.left - 1))
        found.push(`${text.textContent.slice(0, 50)}: ${Math.round(r.left)}..` +
                   `${Math.round(r.right)} outside ${Math.round(box.left)}..` +
                   `${Math.round(box.right)}`);
    }
  }
  return found;
}"""

# The page's script has run to its end (Streamlit's own mark on the app) and every chart is
# drawn, marks and titles.
SETTLED = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return app && app.dataset.testScriptState === 'notRunning'
    && document.querySelector('[data-testid=stSidebar] [data-testid=stDateInput]')
    && plots.every(p => p.data && p._fullLayout && p.querySelector('.main-svg'));
}"""


# The pages that draw charts on DAY: each is settled only once its first chart is there (the
# script's "not running" mark is also set before its first run, with nothing drawn yet).
CHARTED = {"overview", "regions", "categories", "stages", "trends", "intake"}


def settle(page: Page, url: str) -> None:
    page.goto(url)
    name = url.split("?")[0].rsplit("/", 1)[-1]
    if name not in ("press", "about"):
        page.locator("[data-testid=stMain] h1").first.wait_for(timeout=TIMEOUT)
    if name in CHARTED:
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=TIMEOUT)
    page.wait_for_function(SETTLED, timeout=TIMEOUT)


def boxes(page: Page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width)}; })")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_fits_a_phone(organiser, browser, lang):  # noqa: F811
    context, guard = offline_context(browser, **PHONE)
    page = context.new_page()
    try:
        for spec in PAGES:
            settle(page, f"{organiser}/{spec.name}?{DAY}&lang={lang}")
            assert page.evaluate(OVERFLOW) == [], spec.name
            if spec.name == "overview":
                # two cards a row, three rows; the first chart begins on the first screen
                page.wait_for_function(
                    "() => document.querySelectorAll('[data-testid=stMetric]').length === 6",
                    timeout=TIMEOUT)
                cards = boxes(page, "[data-testid=stMetric]")
                assert len(cards) == 6
                rows = sorted({card["y"] for card in cards})
                assert len(rows) == 3, cards
                assert [sum(card["y"] == y for card in cards) for y in rows] == [2, 2, 2]
                assert all(card["w"] < 390 / 2 for card in cards), cards
                first_chart = boxes(page, ".js-plotly-plot")[0]
                assert first_chart["y"] < 844, first_chart
            if spec.name in ("overview", "regions", "press"):
                page.screenshot(path=ARTIFACTS / f"phone-{spec.name}-{lang}.png")
    finally:
        context.close()
    guard.check()


# The table cells a word is split in: a first cell on more than one line, or any cell whose
# longest word is wider than the cell's text box.
SPLIT_CELLS = """() => [...document.querySelectorAll('td')].filter(td => {
  const range = document.createRange();
  range.selectNodeContents(td);
  if (td.cellIndex === 0 && range.getClientRects().length > 1) return true;
  const style = getComputedStyle(td);
  const box = td.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const probe = document.createElement('span');
  probe.style.whiteSpace = 'nowrap';
  document.body.appendChild(probe);
  const widest = Math.max(0, ...td.textContent.split(/[\\s-]+/).map(word => {
    probe.textContent = word; probe.style.font = style.font; return probe.offsetWidth; }));
  probe.remove();
  return widest > box + 1;
}).map(td => td.textContent.slice(0, 40))"""


@pytest.fixture(scope="module")
def press_kit(sample_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("kit") / "kit"
    result = subprocess.run(
        [sys.executable, "-m", "prizestats", "press-kit", "--out", str(out), "--edition", "3",
         "--as-of", "2025-10-01", "--db", str(sample_db)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("path", ["index.html", "en/index.html", "ko/index.html",
                                  "en/charts/entries_by_country.html",
                                  "ko/charts/entries_by_region.html"])
def test_the_press_kit_fits_a_phone(press_kit, browser, path):  # noqa: F811
    context, guard = offline_context(browser, **PHONE)
    context.route("**/*", from_disk_only)
    page = context.new_page()
    try:
        page.goto((press_kit / path).as_uri())
        page.wait_for_load_state("load")
        if "charts/" in path:
            page.wait_for_function("() => document.querySelector('.js-plotly-plot .main-svg')",
                                   timeout=TIMEOUT)
        # the page lays out at the phone's width (a viewport setting), not at 980 px
        assert page.evaluate("() => document.documentElement.clientWidth") == 390
        assert page.evaluate(OVERFLOW) == [], path
        if path.endswith("n/index.html"):
            # a table scrolls in its box rather than break a word: each row's name on one line,
            # no word of any cell split ("Entrie|s", "Decemb|er")
            assert page.evaluate(SPLIT_CELLS) == [], path
            page.screenshot(path=ARTIFACTS / f"phone-presskit-{path.split('/')[0]}.png",
                            full_page=True)
    finally:
        context.close()
    guard.check()


def page_titles(lang: str) -> list[str]:
    return [i18n.t(spec.title_key, lang) for spec in PAGES]


def test_the_navigation_lists_every_page_on_a_desktop_and_a_phone(organiser, browser):  # noqa: F811
    for device in (DESKTOP, PHONE):
        context, guard = offline_context(browser, **device)
        page = context.new_page()
        try:
            settle(page, f"{organiser}/overview?{DAY}&lang=en")
            if device is PHONE:  # the page list is in the sidebar, folded away until opened
                page.get_by_test_id("stExpandSidebarButton").click()
            nav = page.get_by_test_id("stSidebarNav")
            for title in page_titles("en"):
                expect(nav.get_by_role("link", name=title, exact=True)).to_be_in_viewport(
                    timeout=TIMEOUT)
            assert "more" not in nav.inner_text().lower()
        finally:
            context.close()
        guard.check()


def test_a_second_click_on_the_same_chart_adds_a_second_value(organiser, browser):  # noqa: F811
    context, guard = offline_context(browser, **DESKTOP)
    tab = context.new_page()
    try:
        open_page(tab, f"{organiser}/overview?{DAY}&lang=en")
        wait_for_entries(tab, "220")
        regions = chart(tab, "entries_by_region")
        counts = regions.evaluate("el => el.data[0].x")
        click(bar(regions, "Europe"))
        wait_for_param(tab, "region", ["Europe"])
        wait_for_entries(tab, "26")
        # the clicked chart keeps its other bars, at their values: Europe highlighted, the
        # others dimmed, each still clickable
        regions = chart(tab, "entries_by_region", region=("Europe",))
        assert regions.evaluate("el => el.data[0].x") == counts
        labels = regions.evaluate("el => el.data[0].y")
        opacity = regions.evaluate("el => el.data[0].marker.opacity")
        assert opacity == [1.0 if label == "Europe" else DIMMED for label in labels]
        click(bar(regions, "Asia"))
        wait_for_param(tab, "region", ["Europe", "Asia"])
        wait_for_chips(tab, ["Region: Europe ✕", "Region: Asia ✕"])
        wait_for_entries(tab, "92")  # 26 + 66
        regions = chart(tab, "entries_by_region", region=("Europe", "Asia"))
        opacity = regions.evaluate("el => el.data[0].marker.opacity")
        assert opacity == [1.0 if label in ("Europe", "Asia") else DIMMED for label in labels]
        tab.screenshot(path=ARTIFACTS / "click-twice-europe-asia.png", full_page=True)
        click(bar(regions, "Europe"))  # a chosen bar again: removed
        wait_for_param(tab, "region", ["Asia"])
        wait_for_entries(tab, "66")
        assert chips(tab) == ["Region: Asia ✕"]
    finally:
        context.close()
    guard.check()
