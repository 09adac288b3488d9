"""What one person sees in a real browser (Playwright, Debian's chromium): cold start, latency.

Cold start: from starting the server (packages installed, database built) to the first chart
drawn. Latency: from choosing a value in the sidebar's Regions filter to the last change inside
any chart, found with a MutationObserver, so no fixed wait is counted. Both are measured for the
dashboard and for the bare page in the same run. Only 127.0.0.1 is reached: every other request
is aborted.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

from prizestats.bench.load import free_port, serve
from prizestats.reference import ROOT

APP = ROOT / "dashboard.py"
BARE_PAGE = Path(__file__).with_name("bare_page.py")
FIRST_CHART = ".js-plotly-plot .main-svg"
TIMEOUT_MS = 60_000
QUIET_MS = 700  # no chart changed for this long: the redraw is over

# Records the moment of the last click (the option chosen) and of the last change inside a
# chart (hover labels aside).
WATCH_CHARTS = """() => {
  window.__charts = {last: 0, count: 0, clicked: 0};
  document.addEventListener('click', () => { window.__charts.clicked = performance.now(); }, true);
  new MutationObserver((changes) => {
    for (const change of changes) {
      const node = change.target.nodeType === 1 ? change.target : change.target.parentElement;
      if (node && node.closest('.js-plotly-plot') && !node.closest('.hoverlayer')) {
        window.__charts.last = performance.now();
        window.__charts.count += 1;
      }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
REDRAWN = """([since, count, quiet]) => window.__charts.count > count
  && window.__charts.last > since && performance.now() - window.__charts.last > quiet"""


def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError("the browser benchmarks need Debian's chromium (apt-get install chromium;"
                           " `make test` installs it)")
    return path


@contextmanager
def launched() -> Iterator[object]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(),
            args=["--no-sandbox", "--headless=new", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"])
        try:
            yield browser
        finally:
            browser.close()


def local_only(route) -> None:
    """Only this machine answers (the tests use it too): a map that needed the internet would
    draw no countries, a page that needed a CDN would not load."""
    host = route.request.url.split("/")[2].split(":")[0]
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


@contextmanager
def _page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", local_only)
    try:
        yield context.new_page()
    finally:
        context.close()


def _latencies(page, choose: Callable[[str], None], values: list[str], times: int) -> list[float]:
    page.evaluate(WATCH_CHARTS)
    taken = []
    for i in range(times):
        count = page.evaluate("window.__charts.count")
        since = page.evaluate("performance.now()")
        choose(values[i % len(values)])
        page.mouse.move(1, 1)  # away from the charts: hover labels are not a redraw
        page.wait_for_function(REDRAWN, arg=[since, count, QUIET_MS], timeout=TIMEOUT_MS)
        taken.append(page.evaluate("window.__charts.last - window.__charts.clicked"))
    return taken


def _choose_in(page, widget: str) -> Callable[[str], None]:
    """In the first element matching `widget`: a selectbox gets the value; a multiselect gets it
    added, or removed when it is written "-value"."""
    def choose(value: str) -> None:
        element = page.locator(widget).first
        if value.startswith("-"):
            element.get_by_label(f"Remove {value[1:]}", exact=True).click()
            return
        element.click()
        page.get_by_role("option", name=value, exact=True).click()
        page.keyboard.press("Escape")  # a multiselect keeps its list open
    return choose


def measure(browser, script: Path, path: str, env: dict[str, str], widget: str,
            values: list[str], changes: int) -> tuple[float, float]:
    """On a new server: seconds from its start to the first chart visible (cold start), then in
    that one session the median milliseconds from choosing a value to the charts redrawn."""
    port = free_port()
    started = time.perf_counter()
    with serve(script, port, env), _page(browser) as page:
        # The address people open first: the server's root (the dashboard's Overview)
        page.goto(f"http://127.0.0.1:{port}/", timeout=TIMEOUT_MS)
        page.wait_for_selector(FIRST_CHART, state="visible", timeout=TIMEOUT_MS)
        cold = time.perf_counter() - started
        if path:
            page.goto(f"http://127.0.0.1:{port}/{path}", timeout=TIMEOUT_MS)
            page.wait_for_selector(FIRST_CHART, state="visible", timeout=TIMEOUT_MS)
        if not changes:
            return cold, 0.0
        choose = _choose_in(page, widget)
        _latencies(page, choose, values, len(values))  # every value once: warm caches
        return cold, statistics.median(_latencies(page, choose, values, changes))


# The same action on both pages: in the sidebar's Regions filter, Europe in, Europe out. Each
# change redraws every chart on its page.
REGIONS_FILTER = "[data-testid='stSidebar'] [data-testid='stMultiSelect']"
APP_CHOICES = ("overview?edition=3&lang=en", REGIONS_FILTER, ["Europe", "-Europe"])
BARE_CHOICES = ("", REGIONS_FILTER, ["Europe", "-Europe"])
BARE_ENV = {"PRIZESTATS_BENCH_CHARTS": "3"}


def browser(db_path: Path, runs: int, changes: int) -> dict:
    """Cold start: the median of `runs` new servers with a one-chart page (the dashboard's
    Overview draws three, the bare page one). Latency: the region filter on the dashboard vs
    on the bare page with as many charts, measured in the last run."""
    app_env = {"PRIZESTATS_DB": str(db_path), "PRIZESTATS_ROLE": "organiser"}
    measured: dict[str, list[tuple[float, float]]] = {"app": [], "bare": []}
    with launched() as chrome:
        for run in range(runs):
            last = run == runs - 1
            path, widget, values = APP_CHOICES
            measured["app"].append(measure(chrome, APP, path, app_env, widget, values,
                                           changes if last else 0))
            path, widget, values = BARE_CHOICES
            measured["bare"].append(measure(chrome, BARE_PAGE, path, BARE_ENV, widget, values,
                                            changes if last else 0))
    return {
        "cold_start": {"app_s": round(statistics.median(c for c, _ in measured["app"]), 2),
                       "baseline_s": round(statistics.median(c for c, _ in measured["bare"]), 2)},
        "browser": {"app_ms": round(measured["app"][-1][1], 1),
                    "baseline_ms": round(measured["bare"][-1][1], 1)},
    }
