"""A real Streamlit server and Debian's chromium driven by Playwright, offline.

Screenshots are written to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pypdf
import pytest
from conftest import FIXTURE_SUBMISSIONS, ROOT
from playwright.sync_api import BrowserContext, Page, Request, expect
from playwright.sync_api import Error as PlaywrightError

from prizestats.app.frame import PAGES
from prizestats.bench.browser import launched
from prizestats.ops.serve import free_port

ARTIFACTS = ROOT / "test-artifacts"
PAGES_WITHOUT_CHARTS = {"about", "press", "results", "entries", "data"}
CHROMIUM = shutil.which("chromium")

pytestmark = pytest.mark.browser

if CHROMIUM is None:  # pragma: no cover - make test installs it on Debian as root
    pytest.fail("chromium is not installed: run `make test` as root, or apt-get install chromium",
                pytrace=False)


@contextmanager
def streamlit_server(db_path: Path, *, port: int | None = None, args: tuple[str, ...] = (),
                     **env: str):
    """A fresh server process: nothing has run dashboard.py in it yet."""
    port = port or free_port()
    environment = {**os.environ, "PRIZESTATS_DB": str(db_path), **env}
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false", *args],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(
                        f"streamlit did not start: {log_path.read_text()}") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if "Traceback" not in log_path.read_text():
            log_path.unlink()  # kept only when the server failed, for a person to read


@pytest.fixture(scope="module")
def browser():
    with launched() as chrome:  # Debian's chromium, as the benchmarks launch it
        yield chrome


LOCAL_HOSTS = ("127.0.0.1", "localhost")


def is_local(url: str) -> bool:
    """A request this machine answers: its own servers, a file, or data held by the page."""
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob") or parts.hostname in LOCAL_HOSTS


class Offline:
    """A context's route handler: requests to this machine go through; any other one is
    aborted (the machine is offline) and recorded, so that the test fails naming it: a page
    that needs the internet must not pass here just because nothing could answer."""

    def __init__(self) -> None:
        self.remote: list[str] = []
        self.tolerated: list[str] = []  # origins of test tools, not of the app

    def tolerate(self, origin: str) -> None:
        """Record nothing that pages served from `origin` ask for (still aborted)."""
        self.tolerated.append(origin.rstrip("/") + "/")

    def __call__(self, route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
            return
        if not self._from_tolerated(route.request):
            self.remote.append(url)
        route.abort()

    def _from_tolerated(self, request: Request) -> bool:
        try:
            document = request.frame.url
        except PlaywrightError:  # a service worker's request has no frame
            return False
        return any(document.startswith(origin) for origin in self.tolerated)

    def check(self) -> None:
        if self.remote:
            pytest.fail("requests left this machine:\n" + "\n".join(dict.fromkeys(self.remote)),
                        pytrace=False)


def offline_context(browser, guard: Offline | None = None,
                    **options) -> tuple[BrowserContext, Offline]:
    """A new browser context, every request of which goes through the Offline guard returned."""
    context = browser.new_context(**{"viewport": {"width": 1400, "height": 1000}, **options})
    guard = guard or Offline()
    context.route("**/*", guard)
    return context, guard


@pytest.fixture
def offline() -> Offline:
    """The guard of the `page` fixture's context."""
    return Offline()


@pytest.fixture
def page(browser, offline):
    context, _ = offline_context(browser, offline)
    yield context.new_page()
    context.close()
    offline.check()


@pytest.fixture(scope="module")
def server(sample_db):
    """One server for the page tests, to keep the run short."""
    with streamlit_server(sample_db) as base:
        yield base


def wait_for_app(page: Page) -> None:
    page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .plot-container svg", timeout=60_000)
    page.wait_for_timeout(500)  # let plotly finish drawing before a screenshot


def wait_for_frame_and_charts(page: Page, name: str) -> None:
    page.wait_for_selector("[data-testid='stSidebar'] [data-testid='stDateInput']",
                           timeout=60_000)
    if name not in PAGES_WITHOUT_CHARTS:
        page.wait_for_selector(".js-plotly-plot .plot-container svg", timeout=60_000)
        page.wait_for_timeout(800)


def kpis(page: Page) -> dict[str, str]:
    labels = page.locator("[data-testid='stMetricLabel']").all_inner_texts()
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    return dict(zip([x.strip() for x in labels], [v.strip() for v in values], strict=True))


def test_overview_in_the_browser(sample_db, page):
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(sample_db) as base:
        page.goto(f"{base}/overview?edition=3")
        wait_for_app(page)
        assert kpis(page) == {"Entries": "220", "Countries": "52", "Cities": "115",
                              "Eligible": "197", "Finalists": "45", "Winners": "21"}
        assert page.locator(".js-plotly-plot").count() == 3
        assert page.locator("g.barlayer .point").count() > 0
        body = page.inner_text("body")
        assert "Sample data" in body
        assert "The Americas sent the most entries" in body
        page.screenshot(path=ARTIFACTS / "overview-en.png", full_page=True)

        page.goto(f"{base}/?edition=3&lang=ko")
        wait_for_app(page)
        assert kpis(page)["접수"] == "220"
        assert "page=" not in page.url
        page.screenshot(path=ARTIFACTS / "overview-ko.png", full_page=True)


def test_filter_change_goes_into_the_url(sample_db, page):
    with streamlit_server(sample_db) as base:
        page.goto(f"{base}/overview?edition=3")
        wait_for_app(page)
        page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
        page.get_by_role("option", name="2023 (first edition)").click()
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
            ".some(e => e.innerText.trim() === '240')", timeout=30_000)
        assert "edition=1" in page.url
        page.reload()
        wait_for_app(page)
        assert kpis(page)["Entries"] == "240"


@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_cold_deep_link_shows_the_shared_frame(sample_db, page, spec):
    """The first request to a fresh server is a deep link: Streamlit's legacy pages/ mode."""
    with streamlit_server(sample_db) as base:
        page.goto(f"{base}/{spec.name}?edition=3")
        wait_for_frame_and_charts(page, spec.name)
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.get_by_text("As of", exact=True).count() == 1
        assert sidebar.get_by_text("Viewing as: organiser").count() == 1
        # st.navigation's page list, by the pages' titles: never the legacy pages/ list, which
        # names the files (the embed page's among them)
        nav = page.get_by_test_id("stSidebarNav")
        nav.get_by_role("link", name="About the data", exact=True).wait_for(timeout=60_000)
        assert nav.get_by_role("link", name="embed").count() == 0
        assert "Sample data" in page.inner_text("body")
        assert f"/{spec.name}" in page.url
        page.screenshot(path=ARTIFACTS / f"cold-{spec.name}.png", full_page=True)


def no_error_on(page: Page) -> None:
    assert page.get_by_test_id("stException").count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert "Error" not in body


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_every_page_in_both_languages(server, page, spec, lang):
    page.goto(f"{server}/{spec.name}?edition=3&lang={lang}")
    wait_for_frame_and_charts(page, spec.name)
    no_error_on(page)
    if lang == "ko":
        assert "Sample data" not in page.inner_text("body")
        assert "샘플 데이터" in page.inner_text("body")
    page.screenshot(path=ARTIFACTS / f"{spec.name}-{lang}.png", full_page=True)


BREAKS = ("() => [...document.querySelectorAll('[data-testid=stMarkdownContainer] p')]"
          ".map(p => [getComputedStyle(p).wordBreak, getComputedStyle(p).overflowWrap])")


@pytest.mark.parametrize(("lang", "expected"), [
    ("ko", ["keep-all", "anywhere"]),  # between words only, never between two syllables
    ("en", ["break-word", "break-word"]),  # Streamlit's own
])
def test_korean_text_breaks_between_words_only(server, page, lang, expected):
    page.goto(f"{server}/about?lang={lang}")
    wait_for_frame_and_charts(page, "about")
    breaks = page.evaluate(BREAKS)
    assert len(breaks) > 5
    assert all(b == expected for b in breaks), breaks


def test_world_map_draws_country_shapes_offline(server, page):
    page.goto(f"{server}/regions?edition=3")
    page.wait_for_selector("path.choroplethlocation", timeout=60_000)
    # 52 countries entered 2025; the outlines file has 177, all drawn as locations
    assert page.locator("path.choroplethlocation").count() >= 52
    assert page.locator(".scattergeo .point").count() >= 100  # city bubbles


def test_filter_in_the_url_in_the_browser(server, page):
    page.goto(f"{server}/overview?edition=3&region=Africa")
    wait_for_app(page)
    assert kpis(page)["Entries"] == "10"


def test_press_downloads_before_the_ceremony_hold_no_result(sample_db, page):
    with streamlit_server(sample_db, PRIZESTATS_ROLE="press",
                          PRIZESTATS_NOW="2025-09-30T17:29:59+09:00") as base:
        page.goto(f"{base}/results?edition=3")
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
        assert "Results under embargo until" in page.inner_text("body")
        page.get_by_test_id("stPopoverButton").click()
        with page.expect_download(timeout=60_000) as download:
            page.get_by_test_id("stPopoverBody").get_by_role("button", name="CSV").click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert text.count("\n") == 46  # header and 45 finalists
        for secret in ("Gold", "Silver", "Winner", "iCen"):
            assert secret not in text
        assert "Gold" not in page.content()


def from_disk_only(route) -> None:
    """The press kit needs no server at all; a remote request is left to the page fixture's
    guard, which records it and fails the test."""
    url = route.request.url
    if url.startswith("file://"):
        route.continue_()
    elif is_local(url):
        route.abort()
    else:
        route.fallback()


def test_press_kit_opens_from_disk_offline(sample_db, page, tmp_path):
    out = tmp_path / "kit"
    result = subprocess.run(
        [sys.executable, "-m", "prizestats", "press-kit", "--out", str(out), "--edition", "3",
         "--as-of", "2025-10-01", "--db", str(sample_db)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "[####################] 8/8" in result.stderr  # the progress bar ran to the end
    page.context.route("**/*", from_disk_only)
    page.goto((out / "index.html").as_uri())
    page.get_by_role("link", name="한국어").click()
    page.wait_for_load_state()
    assert ("기준 제3회 서울 스마트도시 상에는 52개국 115개 도시에서 모두 220건이 접수됐다."
            in page.inner_text("body"))
    images = page.locator("img")
    assert images.count() == 4
    widths = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
    assert all(width > 0 for width in widths)  # every chart loaded from disk
    assert "금상" in page.inner_text("body")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "press-kit-ko.png", full_page=True)


def test_upload_on_the_data_page_then_the_dashboard_shows_it(fixture_db, page, tmp_path):
    """Import through the browser; the running server picks the new data up without a restart."""
    target = tmp_path / "data" / "live.duckdb"
    target.parent.mkdir()
    shutil.copyfile(fixture_db, target)
    export = tmp_path / "접수_2023.csv"
    rows = [r for r in FIXTURE_SUBMISSIONS if r["edition"] == "1"][:5]
    with export.open("w", encoding="cp949", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**r, "applicant_name": "서울특별시"} for r in rows)
    with streamlit_server(target) as base:
        page.goto(f"{base}/overview?edition=1")
        wait_for_app(page)
        assert kpis(page)["Entries"] == "8"
        page.goto(f"{base}/data")
        page.wait_for_selector("[data-testid='stFileUploader']", timeout=60_000)
        page.locator("input[type=file]").set_input_files(str(export))
        page.get_by_text("5 rows read, 5 accepted, 0 rejected").wait_for(timeout=60_000)
        body = page.inner_text("body")
        assert "Edition 1: the import would add 0, remove 3 and change 5 entries" in body, body[-1500:]
        # edition 1's figures are public: the import moves them, and asks why first
        assert "This change would move figures that are already public." in body, body[-1500:]
        assert "\nEntries (edition 1): 8 → 5\nCountries (edition 1): 6 → 4\n" in body
        assert page.get_by_role("button", name="Import now").is_disabled()
        # the import's own field comes first (restore and edition dates have theirs below)
        reason = page.get_by_role("textbox", name="Reason for this change").first
        reason.fill("three duplicates removed")
        reason.press("Enter")
        expect(page.get_by_role("button", name="Import now")).to_be_enabled(timeout=60_000)
        page.get_by_role("button", name="Import now").click()
        page.get_by_text("Imported 접수_2023.csv. The database it replaced is kept under "
                         "Earlier versions").wait_for(timeout=60_000)
        page.screenshot(path=ARTIFACTS / "data-import.png", full_page=True)
        page.goto(f"{base}/overview?edition=1")
        wait_for_app(page)
        # the figure was public (edition 1 is long over) and moved for a reason: revised
        assert kpis(page)["Entries"] == "5 (r)"
    assert len(list((target.parent / "versions").glob("*.duckdb"))) == 1


@contextmanager
def oidc_provider():
    """A real OpenID Connect provider on this machine (oidc-provider-mock), in its own process."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "-p", str(port),
                                "-H", "127.0.0.1"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/.well-known/openid-configuration",
                                            timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the OIDC provider did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def login_app(sample_db, tmp_path_factory):
    """The app with login configured against the local provider; ceremony of 2025 not yet."""
    folder = tmp_path_factory.mktemp("secrets")
    app_port = free_port()
    with oidc_provider() as provider:
        secrets = folder / "secrets.toml"
        secrets.write_text(f"""
[auth]
redirect_uri = "http://localhost:{app_port}/oauth2callback"
cookie_secret = "a-long-random-string-for-the-test-only"
client_id = "prizestats"
client_secret = "prizestats-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[prizestats.roles]
"kim@seoul.go.kr" = "organiser"
"@wego-cities.org" = "wego"
""", encoding="utf-8")
        with streamlit_server(sample_db, port=app_port, args=("--secrets.files", str(secrets)),
                              PRIZESTATS_NOW="2025-09-30T17:29:59+09:00"):
            yield f"http://localhost:{app_port}", provider


def log_in(page: Page, app: str, email: str) -> None:
    page.goto(f"{app}/overview?edition=3")
    page.get_by_role("button", name="Log in").click()
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    # the address as the page shows it: escaped, with a word joiner after "@" so that no
    # viewer turns it into a link (safe.markdown)
    shown = email.replace("@", "@\u2060")
    page.get_by_text(f"Signed in as {shown}").wait_for(timeout=60_000)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    end = page.get_by_role("button", name="End session")  # the provider asks to confirm
    end.wait_for(timeout=60_000)
    end.click()
    page.get_by_role("button", name="Log in").wait_for(timeout=60_000)


@pytest.mark.parametrize(("email", "role", "organiser_pages"), [
    ("kim@seoul.go.kr", "organiser", True),
    ("park@wego-cities.org", "WeGO", False),
    ("reporter@news.example", "press", False),
])
def test_real_login_flow(login_app, page, offline, email, role, organiser_pages):
    app, provider = login_app
    # oidc-provider-mock's own pages link a stylesheet on a CDN: that is the test's provider,
    # not the app (whose requests are still checked).
    offline.tolerate(provider)
    log_in(page, app, email)
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text(f"Viewing as: {role}").count() == 1
    nav = page.get_by_test_id("stSidebarNav")
    names = " ".join(nav.all_inner_texts())
    assert ("Intake" in names) == organiser_pages
    assert ("Entries" in names) == organiser_pages
    page.goto(f"{app}/intake?edition=3")
    refused = page.get_by_text("This page is for organisers only.")
    if organiser_pages:
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        assert refused.count() == 0
    else:
        refused.wait_for(timeout=60_000)
        assert page.locator(".js-plotly-plot").count() == 0
    page.goto(f"{app}/results?edition=3")
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
    html = page.content()
    if organiser_pages:
        assert "Results under embargo" not in html
    else:
        assert "Results under embargo until 30 September 2025, 17:30 KST" in html
        page.get_by_test_id("stPopoverButton").click()
        with page.expect_download(timeout=60_000) as download:
            page.get_by_test_id("stPopoverBody").get_by_role("button", name="CSV").click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        for secret in ("Gold", "Silver", "Winner", "iCen", "Mayor of Fullerton"):
            assert secret not in text
            assert secret not in html
    page.screenshot(path=ARTIFACTS / f"login-{role}.png", full_page=True)
    page.keyboard.press("Escape")
    log_out(page)


@pytest.mark.parametrize("name", ["intake", "entries", "data"])
def test_cold_deep_link_to_an_organiser_page_as_press(sample_db, page, name):
    with streamlit_server(sample_db, PRIZESTATS_ROLE="press") as base:
        page.goto(f"{base}/{name}?edition=3")
        page.get_by_text("This page is for organisers only.").wait_for(timeout=60_000)
        assert page.locator(".js-plotly-plot").count() == 0
        assert page.get_by_test_id("stDataFrame").count() == 0
        assert page.get_by_test_id("stFileUploader").count() == 0
        nav = " ".join(page.get_by_test_id("stSidebarNav").all_inner_texts())
        assert "Intake" not in nav


def test_public_mode_server(sample_db, page):
    with streamlit_server(sample_db, PRIZESTATS_PUBLIC="1", PRIZESTATS_ALLOW_SAMPLE="1",
                          PRIZESTATS_ROLE="organiser") as base:
        page.goto(f"{base}/overview")
        wait_for_app(page)
        assert "Sample data — not real results." in page.inner_text("body")
        assert "Viewing as: press" in page.inner_text("body")
        assert page.get_by_role("button", name="Log in").count() == 0
        page.goto(f"{base}/data")
        page.get_by_text("This page is for organisers only.").wait_for(timeout=60_000)
        assert page.get_by_test_id("stFileUploader").count() == 0


def first_chart_csv(page: Page, url: str) -> tuple[str, list[str]]:
    """The file name and lines of the CSV download of the page's first chart."""
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.get_by_test_id("stPopoverButton").first.click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_test_id("stPopoverBody").get_by_role("button", name="CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    return download.value.suggested_filename, lines


def test_a_charts_csv_holds_the_charts_numbers(server, page):
    # the table behind a chart is made only when asked for: here by the download alone
    name, lines = first_chart_csv(page, f"{server}/overview?edition=3&lang=en")
    assert name == "sscp-2025-entries_by_region-en.csv"
    assert lines[:3] == ["Region,Entries,Eligible,Finalists,Winners", "Americas,71,64,6,3",
                         "Asia,66,56,18,10"]
    assert len(lines) == 7  # the header and six regions


def test_a_link_to_a_chart_scrolls_to_it_marks_it_and_shares_it(press_server, page):
    """?chart=<id> (issue 28): the page opens at that chart, ringed; its Share menu holds the
    link, the embed code and the citation, as press may read them."""
    page.goto(f"{press_server}/stages?edition=3&lang=en&chart=conversion_by_group")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    block = page.locator(".st-key-chartbox_conversion_by_group")
    block.wait_for(timeout=60_000)
    # scrolled: the chart's anchor near the top of the window, under the navigation bar
    page.wait_for_function(
        "() => { const top = document.getElementById('chart-conversion_by_group')"
        ".getBoundingClientRect().top; return top > 0 && top < 120; }", timeout=15_000)
    assert block.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    assert page.locator(".st-key-chartbox_stage_funnel").evaluate(
        "e => getComputedStyle(e).outlineStyle") == "none"
    assert "chart=conversion_by_group" in page.url
    block.get_by_test_id("stPopoverButton").filter(has_text="Share").click()
    menu = page.get_by_test_id("stPopoverBody")
    menu.locator("code").nth(2).wait_for(timeout=30_000)  # code blocks are drawn a moment later
    page.screenshot(path=ARTIFACTS / "share-menu-en.png")
    link, embed, citation = [text.strip() for text in menu.locator("code").all_inner_texts()]
    assert link == f"{press_server}/stages?edition=3&lang=en&chart=conversion_by_group"
    title = "Finalist rate by region: highest for Africa (40%)"
    assert embed == (
        f'<iframe src="{press_server}/embed?chart=conversion_by_group&amp;edition=3&amp;lang=en'
        f'&amp;theme=auto" width="100%" height="520" title="{title}" style="border:0" '
        'loading="lazy"></iframe>')
    assert citation.startswith(f'[Sample data] Seoul Metropolitan Government and World Smart '
                               f'Sustainable Cities Organization (WeGO), "{title}", ')
    assert citation.endswith(f"compiled with prizestats. {link}")
    # one click copies each: the button Streamlit shows over a code block (its English name)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    for block, text in zip(menu.get_by_test_id("stCode").all(), (link, embed, citation),
                           strict=True):
        block.hover()
        block.get_by_role("button", name="Copy to clipboard").click()
        assert page.evaluate("() => navigator.clipboard.readText()") == text


def test_entries_search_and_download_of_every_match(server, page):
    page.goto(f"{server}/entries?edition=3&lang=en")
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
    page.get_by_label("Search (id, applicant, project, city, country)").fill("seoul")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.innerText.includes('6 of 220 entries')",
                           timeout=30_000)
    page.get_by_test_id("stPopoverButton").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_test_id("stPopoverBody").get_by_role("button", name="CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 7  # the header and the six entries from Seoul
    assert all("Seoul" in line for line in lines[1:])


@pytest.fixture(scope="module")
def press_server(sample_db):
    """A server that sees everyone as press, now (the sample's 2025 results are announced)."""
    with streamlit_server(sample_db, PRIZESTATS_ROLE="press") as base:
        yield base


def test_press_download_of_a_chart_reads_small_counts_as_under_three(press_server, page):
    # the organisers' CSV of the same chart says Europe,26,24,6,2 (test above, as organiser)
    _, lines = first_chart_csv(page, f"{press_server}/overview?edition=3&lang=en")
    assert "Europe,26,24,6,<3" in lines
    assert "Oceania,2,<3,0,0" in lines  # entries one-way: exact; beside a stage: <3


def test_markup_in_the_url_is_shown_as_text(press_server, page):
    hostile = {"lang": "[Click here](https://evil.example/x)",
               "region": "![t](http://127.0.0.1:9/track.png)",
               "stage": "**BOLD** :red[RED] $x^2$ <b>b</b> www.evil.example"}
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{press_server}/overview?edition=3&" + urlencode(hostile))
    wait_for_app(page)
    notices = page.get_by_test_id("stAlertContainer")
    # an invisible word joiner keeps an address from becoming a link (prizestats.core.safe)
    text = " ".join(notices.all_inner_texts()).replace("\u2060", "")
    for value in hostile.values():
        assert value in text  # shown as it was typed ...
    # ... and nothing of it acted on: no link, no image fetched, no bold, no colour, no maths
    assert page.locator("a[href*='evil']").count() == 0
    assert [url for url in asked if ":9/" in url] == []
    assert notices.locator("strong, img, .katex, span[style*='color']").count() == 0


def test_a_new_edition_from_the_data_page_then_its_entries_on_the_overview(sample_db, page,
                                                                            tmp_path):
    """Edition 5 added and filled through the browser; the running server shows it at once."""
    target = tmp_path / "data" / "live.duckdb"
    target.parent.mkdir()
    shutil.copyfile(sample_db, target)
    export = tmp_path / "entries-2027.csv"
    rows = [{**{c: "" for c in FIXTURE_SUBMISSIONS[0]}, "submission_id": f"N{i}", "edition": "5",
             "submitted_at": f"2027-03-0{i + 1}T10:00:00+09:00",
             "applicant_type": "city_government", "category": "human_centricity",
             "city": city, "country": country, "stage": "received"}
            for i, (city, country) in enumerate([("Seoul", "KOR"), ("Paris", "FRA"),
                                                 ("Lagos", "NGA")])]
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with streamlit_server(target) as base:
        page.goto(f"{base}/data")
        form = page.get_by_test_id("stForm").first
        form.wait_for(timeout=60_000)
        form.get_by_role("textbox", name="Call opens").fill("2027-02-15")
        form.get_by_role("textbox", name="Call closes").fill("2027-05-31")
        form.get_by_role("button", name="Add the edition").click()
        page.get_by_text("Added edition 5 (2027), its call from 15 February 2027").wait_for(
            timeout=60_000)
        page.locator("input[type=file]").set_input_files(str(export))
        page.get_by_text("3 rows read, 3 accepted, 0 rejected").wait_for(timeout=60_000)
        page.get_by_text("I understand the sample data will be replaced").click()
        page.get_by_role("button", name="Import now").click()
        page.get_by_text("Imported entries-2027.csv. The database it replaced is kept under "
                         "Earlier versions").wait_for(timeout=60_000)
        page.goto(f"{base}/overview?edition=5&as_of=2027-06-01")  # (the entries are of 2027)
        wait_for_app(page)
        assert kpis(page)["Entries"] == "3"
        assert "The fifth Seoul Smart City Prize (2027)" in page.inner_text("body")


def test_the_report_button_downloads_a_pdf(press_server, page):
    """The Trends page's Report (PDF) for press, in Korean: a spinner, then the file."""
    page.goto(f"{press_server}/trends?edition=3&as_of=2025-10-31&lang=ko")
    wait_for_frame_and_charts(page, "trends")
    page.get_by_role("button", name="보고서(PDF)").click()
    download_button = page.get_by_role("button", name="보고서 내려받기")
    download_button.wait_for(timeout=180_000)  # made once, then cached
    with page.expect_download(timeout=60_000) as download:
        download_button.click()
    assert download.value.suggested_filename == "report-3-ko-press.pdf"
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(download.value.path()).pages)
    assert "열람 대상: 언론" in text


EMBED_QUERY = "chart=entries_by_region&edition=3&lang=en"
# The page's background by theme (share.EMBED_COLOURS), as the browser computes it.
EMBED_BACKGROUNDS = {"dark": "rgb(23, 22, 20)", "light": "rgb(255, 255, 255)"}


def embed_background(page: Page) -> str:
    return page.evaluate(
        "() => getComputedStyle(document.querySelector(\"[data-testid='stApp']\"))"
        ".backgroundColor")


@pytest.mark.parametrize(("theme", "scheme", "background"), [
    ("dark", "light", EMBED_BACKGROUNDS["dark"]),  # dark, whatever the reader's system says
    ("light", "dark", EMBED_BACKGROUNDS["light"]),
    ("auto", "dark", EMBED_BACKGROUNDS["dark"]),  # the reader's system
    ("auto", "light", EMBED_BACKGROUNDS["light"]),
])
def test_an_embed_is_the_chart_alone_in_its_theme(sample_db, browser, theme, scheme,
                                                  background):
    context, guard = offline_context(browser, color_scheme=scheme,
                                     viewport={"width": 800, "height": 520})
    page = context.new_page()
    try:
        # a fresh server whose first request is the embed: the cold deep link of an article
        with streamlit_server(sample_db, PRIZESTATS_ROLE="press") as base:
            page.goto(f"{base}/embed?{EMBED_QUERY}&theme={theme}")
            page.wait_for_selector(".js-plotly-plot .plot-container svg", timeout=60_000)
            page.wait_for_timeout(800)
            assert page.locator(".js-plotly-plot").count() == 1
            assert embed_background(page) == background
            # plotly's own background, the paper's rect, in the same colour
            paper = page.evaluate("() => getComputedStyle(document.querySelector("
                                  "'.js-plotly-plot .main-svg')).backgroundColor")
            assert paper in (background, "rgba(0, 0, 0, 0)")
            assert "The Americas sent the most entries" in page.inner_text("body")
            # no sidebar, header, navigation or toolbar on screen
            for test_id in ("stSidebar", "stSidebarCollapsedControl", "stHeader", "stToolbar"):
                assert not page.get_by_test_id(test_id).is_visible(), test_id
            assert not page.get_by_role("link", name="Regions & countries").is_visible()
            assert page.get_by_role("link", name="Open this chart on the dashboard").is_visible()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / f"embed-{theme}-{scheme}.png")
    finally:
        context.close()
    guard.check()
