"""What one person sees in a real browser (Playwright, Debian's chromium): cold start, latency.

Cold start: from starting the server (packages installed, database built) to the first chart
drawn. Latency: from choosing a value in the sidebar's Regions filter to the last change inside
any chart, found with a MutationObserver, so no fixed wait is counted. Both are measured for the
dashboard and for the bare page in the same run. Click a bar: on the dashboard, in the same
session, the same change made by a click on the Europe bar of the Overview's regions chart (click
to explore), in turns with the sidebar's, timed the same way; the click must cost what the
sidebar change costs. Only 127.0.0.1 is reached: every other request is aborted.

    python -m prizestats.bench.browser [--quick]     # this section alone
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from playwright.sync_api import sync_playwright

from prizestats.bench import timing
from prizestats.core.reference import ROOT
from prizestats.ops.serve import free_port, serve

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


class Action(NamedTuple):
    """A way to make a change: `choose(value)` starts it; `done(value)`, when given, checks
    after the redraw that it took effect (outside the time measured)."""
    choose: Callable[[str], None]
    done: Callable[[str], None] | None = None


def _latency(page, action: Action, value: str) -> float:
    """Milliseconds from the click that makes the change to the last change inside a chart."""
    count = page.evaluate("window.__charts.count")
    since = page.evaluate("performance.now()")
    action.choose(value)
    page.mouse.move(1, 1)  # away from the charts: hover labels are not a redraw
    page.wait_for_function(REDRAWN, arg=[since, count, QUIET_MS], timeout=TIMEOUT_MS)
    taken = page.evaluate("window.__charts.last - window.__charts.clicked")
    if action.done is not None:
        action.done(value)
    return taken


def _latencies(page, actions: dict[str, Action], values: list[str], times: int
               ) -> dict[str, list[float]]:
    """`times` changes by each action, in turns of one pass through `values` each (Europe in,
    Europe out by the sidebar, then by a click, ...), so every action starts from the same
    states and meets the same spells of a noisy machine."""
    page.evaluate(WATCH_CHARTS)
    taken: dict[str, list[float]] = {name: [] for name in actions}
    while any(len(t) < times for t in taken.values()):
        for name, action in actions.items():
            for value in values[:times - len(taken[name])]:
                taken[name].append(_latency(page, action, value))
    return taken


def _choose_in(page, widget: str) -> Action:
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
    return Action(choose)


# The region named `value` is in the page's address (region=Europe) or, for "-value", is not.
REGION_IN_URL = """([name, wanted]) => new URLSearchParams(location.search).getAll('region')
  .flatMap((v) => v.split(',')).includes(name) === wanted"""


def _click_bar(page, chart: int = 0) -> Action:
    """A click on the bar labelled `value` of the page's `chart`-th chart (horizontal bars; the
    Overview's first is entries by region) toggles its filter: "value" adds it, "-value" is a
    second click on the same bar, which removes it. The chart is keyed on the filters, so each
    change draws it afresh: the bar is found again every time, by its label in the figure's data
    (plotly lists bars bottom-up, in the order of the data)."""
    def choose(value: str) -> None:
        plot = page.locator(".js-plotly-plot").nth(chart)
        index = plot.evaluate("(gd, name) => gd.data[0].y.indexOf(name)", value.lstrip("-"))
        if index < 0:
            raise RuntimeError(f"no bar labelled {value.lstrip('-')!r} in chart {chart}")
        plot.locator("g.barlayer .point").nth(index).locator("path").click(force=True)

    def done(value: str) -> None:
        """A click plotly took as a drag, or one the server did not act on, must not pass for
        a fast change: the address must follow."""
        page.wait_for_function(REGION_IN_URL, arg=[value.lstrip("-"), not value.startswith("-")],
                               timeout=TIMEOUT_MS)
    return Action(choose, done)


def measure(browser, script: Path, path: str, env: dict[str, str],
            actions: dict[str, Callable[[object], Action]], values: list[str], changes: int
            ) -> tuple[float, dict[str, list[float]]]:
    """On a new server: seconds from its start to the first chart visible (cold start), then in
    that one session the milliseconds from each change (`changes` by each action) to the charts
    redrawn."""
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
            return cold, {}
        made = {name: action(page) for name, action in actions.items()}
        _latencies(page, made, values, len(values))  # every value once by each: warm caches
        return cold, _latencies(page, made, values, changes)


# The same action on both pages: in the sidebar's Regions filter, Europe in, Europe out. Each
# change redraws every chart on its page. On the dashboard the same change is also made by a
# click on the Europe bar of the Overview's regions chart (click to explore), in the same session.
REGIONS_FILTER = "[data-testid='stSidebar'] [data-testid='stMultiSelect']"
SIDEBAR = {"sidebar": lambda page: _choose_in(page, REGIONS_FILTER)}
APP_CHOICES = ("overview?edition=3&lang=en", SIDEBAR | {"click": _click_bar},
               ["Europe", "-Europe"])
BARE_CHOICES = ("", SIDEBAR, ["Europe", "-Europe"])
BARE_ENV = {"PRIZESTATS_BENCH_CHARTS": "3"}


def _spread(taken: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(taken), 1),
            "p95_ms": round(timing.percentile(taken, 0.95), 1)}


def browser(db_path: Path, runs: int, changes: int) -> dict:
    """Cold start: the median of `runs` new servers with a one-chart page (the dashboard's
    Overview draws three, the bare page one). Latency: the region filter on the dashboard vs
    on the bare page with as many charts, measured in the last run; in that run's dashboard
    session also a click on the Europe bar vs the same change in the sidebar."""
    app_env = {"PRIZESTATS_DB": str(db_path), "PRIZESTATS_ROLE": "organiser"}
    measured: dict[str, list[tuple[float, dict[str, list[float]]]]] = {"app": [], "bare": []}
    with launched() as chrome:
        for run in range(runs):
            last = run == runs - 1
            path, actions, values = APP_CHOICES
            measured["app"].append(measure(chrome, APP, path, app_env, actions, values,
                                           changes if last else 0))
            path, actions, values = BARE_CHOICES
            measured["bare"].append(measure(chrome, BARE_PAGE, path, BARE_ENV, actions, values,
                                            changes if last else 0))
    app, bare = measured["app"][-1][1], measured["bare"][-1][1]
    click, sidebar = _spread(app["click"]), _spread(app["sidebar"])
    return {
        "cold_start": {"app_s": round(statistics.median(c for c, _ in measured["app"]), 2),
                       "baseline_s": round(statistics.median(c for c, _ in measured["bare"]), 2)},
        "browser": {"app_ms": sidebar["p50_ms"], "baseline_ms": _spread(bare["sidebar"])["p50_ms"]},
        # Click to explore: the same change as the sidebar's, made by a click on the chart
        "click_a_bar": {
            "changes": len(app["click"]),
            "click_p50_ms": click["p50_ms"], "click_p95_ms": click["p95_ms"],
            "sidebar_change_p50_ms": sidebar["p50_ms"],
            "sidebar_change_p95_ms": sidebar["p95_ms"],
            "ratio": round(statistics.median(app["click"]) / statistics.median(app["sidebar"]), 2),
            "ratio_p95": round(timing.percentile(app["click"], 0.95)
                               / timing.percentile(app["sidebar"], 0.95), 2),
            # each change in the order made: Europe in, Europe out, ...
            "click_ms": [round(t, 1) for t in app["click"]],
            "sidebar_change_ms": [round(t, 1) for t in app["sidebar"]]},
    }


def main() -> int:
    """This section alone, as `prizestats bench` runs it: python -m prizestats.bench.browser."""
    import argparse
    import json
    import tempfile

    from prizestats.bench.plan import FULL, QUICK
    from prizestats.core import reference
    from prizestats.store import build

    parser = argparse.ArgumentParser(description="Cold start and browser latency of `prizestats "
                                                 "bench` alone (JSON on stdout).")
    parser.add_argument("--quick", action="store_true", help="as `prizestats bench --quick`")
    plan = QUICK if parser.parse_args().quick else FULL
    with tempfile.TemporaryDirectory(prefix="prizestats-bench-") as folder:
        sample = Path(folder) / "sample.duckdb"
        build.build(reference.SAMPLE_DIR, sample)
        print(json.dumps(browser(sample, plan.cold_starts, plan.browser_changes), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
