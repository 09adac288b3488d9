"""Accessibility in a real browser: axe-core on every page in both languages and two roles,
keyboard use, phone width, dark theme, page titles. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from test_e2e import (  # noqa: F401
    ARTIFACTS,
    PAGES_WITHOUT_CHARTS,
    browser,
    kpis,
    offline_context,
    streamlit_server,
    wait_for_app,
    wait_for_frame_and_charts,
)

from prizestats.app.frame import PAGES

pytestmark = pytest.mark.browser
AXE = Axe()
TITLES = {"overview": ("Overview", "개요"), "regions": ("Regions & countries", "지역·국가"),
          "about": ("About the data", "데이터 안내")}


@pytest.fixture(scope="module", params=["organiser", "press"])
def server(request, sample_db):
    with streamlit_server(sample_db, PRIZESTATS_ROLE=request.param) as base:
        yield request.param, base


@pytest.fixture
def new_page(browser):  # noqa: F811
    """new_page(**context options) -> a page in a context of its own; once the test is over,
    fails naming any request that would have left this machine."""
    opened = []

    def make(**options) -> Page:
        context, guard = offline_context(browser, **options)
        opened.append((context, guard))
        return context.new_page()

    yield make
    for context, _ in opened:
        context.close()
    for _, guard in opened:
        guard.check()


def serious_violations(page: Page) -> list[tuple[str, str]]:
    result = AXE.run(page)
    return [(v["id"], node["target"][-1]) for v in result.response["violations"]
            if v["impact"] in ("serious", "critical") for node in v["nodes"]]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_axe_finds_nothing_serious(server, new_page, lang):
    role, base = server
    page = new_page()
    found = {}
    for spec in PAGES:
        page.goto(f"{base}/{spec.name}?edition=3&lang={lang}")
        if role in spec.roles:
            wait_for_frame_and_charts(page, spec.name)
        else:
            page.get_by_role("alert").first.wait_for(timeout=60_000)
        violations = serious_violations(page)
        if violations:
            found[spec.name] = violations
    page.context.close()
    assert found == {}


@pytest.mark.parametrize(("name", "lang"), [(n, lang) for n in TITLES for lang in ("en", "ko")])
def test_page_titles_follow_the_page_and_language(server, new_page, name, lang):
    _, base = server
    page = new_page()
    page.goto(f"{base}/{name}?lang={lang}")
    wait_for_frame_and_charts(page, name)
    assert page.title().startswith(TITLES[name][lang == "ko"])
    page.context.close()


def test_keyboard_alone_changes_the_edition_and_opens_downloads(server, new_page):
    _, base = server
    page = new_page()
    page.goto(f"{base}/overview?edition=3")
    wait_for_app(page)
    edition = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").locator("input")
    for _ in range(40):  # Tab through the page until the edition box has the focus
        page.keyboard.press("Tab")
        if edition.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the edition filter cannot be reached with Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Home")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        ".some(e => e.innerText.trim() === '240')", timeout=30_000)
    download = page.get_by_test_id("stPopoverButton").first
    download.focus()
    page.keyboard.press("Enter")
    page.get_by_test_id("stPopoverBody").get_by_role("button", name="CSV").wait_for(
        timeout=30_000)
    page.context.close()


@pytest.mark.parametrize(("device", "width", "height"), [("phone", 390, 844),
                                                       ("tablet", 820, 1180)])
def test_small_screens(server, new_page, device, width, height):
    """Every page the role may see, in Korean (the longer labels), with nothing sideways."""
    role, base = server
    page = new_page(viewport={"width": width, "height": height}, is_mobile=True,
                    has_touch=True, device_scale_factor=2)
    ARTIFACTS.mkdir(exist_ok=True)
    too_wide = {}
    for spec in PAGES:
        if role not in spec.roles:
            continue
        page.goto(f"{base}/{spec.name}?edition=3&lang=ko")
        page.wait_for_selector("[data-testid='stMain']", timeout=60_000)
        if spec.name not in PAGES_WITHOUT_CHARTS:
            page.wait_for_selector(".js-plotly-plot .plot-container svg", timeout=60_000)
        page.wait_for_timeout(800)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width + 2:
            too_wide[spec.name] = scroll_width
        page.screenshot(path=ARTIFACTS / f"{device}-{role}-{spec.name}.png", full_page=True)
    page.context.close()
    assert too_wide == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_follow_the_theme(server, new_page, scheme):
    _, base = server
    page = new_page(color_scheme=scheme)
    page.goto(f"{base}/overview?edition=3")
    wait_for_app(page)
    fill = page.eval_on_selector(".js-plotly-plot .gtitle",
                                 "e => getComputedStyle(e).fill || e.style.fill")
    red, green, blue = (int(x) for x in fill[fill.index("(") + 1:fill.index(")")].split(",")[:3])
    brightness = (red + green + blue) / 3
    assert (brightness > 160) == (scheme == "dark"), fill
    page.screenshot(path=ARTIFACTS / f"theme-{scheme}.png", full_page=True)
    page.context.close()


def test_charts_carry_their_finding_as_accessible_name(server, new_page):
    _, base = server
    page = new_page()
    page.goto(f"{base}/overview?edition=3&lang=en")
    wait_for_app(page)
    for finding in ("The Americas sent the most entries: 71 of 220",
                    "Human-CentriCity was the most entered category: 106 of 220"):
        assert page.get_by_label(finding, exact=True).count() == 1
    page.context.close()
