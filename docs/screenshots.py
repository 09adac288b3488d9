"""Screenshots of the dashboard as the press sees it, for the README's press section.

Makes docs/screenshots/<page>-<lang>.png for the press room, Overview and Regions pages, in
English and Korean (6 files), from the sample data (edition 3, as of 2025-10-31).

Run from the repository root:

    .venv/bin/python docs/screenshots.py

Needs Debian's chromium (apt-get install chromium) and the project's .venv (Playwright).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from the repository root

from prizestats.bench.browser import launched  # noqa: E402  the server and browser the bench
from prizestats.ops.serve import free_port, serve  # noqa: E402  and the tests use

OUT = ROOT / "docs" / "screenshots"
VENV_BIN = ROOT / ".venv" / "bin"
PAGES = {"press": "/press", "overview": "/", "regions": "/regions"}
PAGES_WITH_CHARTS = {"overview", "regions"}
LANGS = ("en", "ko")
QUERY = "?edition=3&lang={lang}&as_of=2025-10-31"
MAX_BYTES = 600_000
CLIP_HEIGHT = 2400
TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1400, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def wait_rendered(page: Page, name: str) -> None:
    """As tests/test_e2e.py waits: the shared sidebar, the charts, then no script running."""
    page.wait_for_selector("[data-testid='stSidebar'] [data-testid='stDateInput']",
                           timeout=TIMEOUT_MS)
    if name in PAGES_WITH_CHARTS:
        page.wait_for_selector(".js-plotly-plot .plot-container svg", timeout=TIMEOUT_MS)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="hidden", timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)  # let plotly finish drawing


# Streamlit scrolls inside its main section and its sidebar, not the document, so a plain
# full_page screenshot stops at the viewport: grow the viewport to the content first.
CONTENT_HEIGHT = """() => Math.max(...['stMain', 'stSidebarContent'].map(id =>
  document.querySelector(`[data-testid='${id}']`)?.scrollHeight || 0))"""


def shoot(page: Page, path: Path) -> None:
    width, height = VIEWPORT["width"], VIEWPORT["height"]
    for _ in range(3):  # the layout may settle after a resize
        wanted = max(height, page.evaluate(CONTENT_HEIGHT))
        if wanted == page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": width, "height": wanted})
        page.wait_for_timeout(800)
    page.screenshot(path=path, full_page=True)
    if path.stat().st_size > MAX_BYTES:
        page.screenshot(path=path, clip={"x": 0, "y": 0, "width": width,
                                         "height": min(CLIP_HEIGHT, wanted)})
    page.set_viewport_size(VIEWPORT)


def press_kit(db: Path, out: Path) -> Path:
    subprocess.run([str(VENV_BIN / "python"), "-m", "prizestats", "press-kit", "--out", str(out),
                    "--edition", "3", "--as-of", "2025-10-01", "--db", str(db)], cwd=ROOT,
                   check=True)
    return out


def report(target: Path) -> None:
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="prizestats-shots-") as tmp:
        db = Path(tmp) / "sample.duckdb"
        subprocess.run([str(VENV_BIN / "python"), "-m", "prizestats", "build",
                        "--from", "data/sample", "--db", str(db)], cwd=ROOT, check=True)
        kit = press_kit(db, Path(tmp) / "kit")
        port = free_port()
        env = {"PRIZESTATS_DB": str(db), "PRIZESTATS_ROLE": "press"}
        with serve(ROOT / "dashboard.py", port, env), launched() as browser:
            desktop = browser.new_context(viewport=VIEWPORT, device_scale_factor=1).new_page()
            phone = browser.new_context(**PHONE).new_page()
            for lang in LANGS:
                for name, path in PAGES.items():
                    for page, suffix in ((desktop, ""), (phone, "-phone")):
                        page.goto(f"http://127.0.0.1:{port}{path}{QUERY.format(lang=lang)}")
                        wait_rendered(page, name)
                        target = OUT / f"{name}-{lang}{suffix}.png"
                        if suffix:  # the first screen, as a phone shows it
                            page.screenshot(path=target)
                        else:
                            shoot(page, target)
                        report(target)
                for page, suffix in ((desktop, ""), (phone, "-phone")):
                    page.goto((kit / lang / "index.html").as_uri())
                    page.wait_for_load_state("load")
                    target = OUT / f"presskit-{lang}{suffix}.png"
                    if suffix:
                        page.screenshot(path=target)
                    else:
                        height = min(CLIP_HEIGHT, page.evaluate(
                            "() => document.documentElement.scrollHeight"))
                        page.screenshot(path=target, full_page=True, clip={
                            "x": 0, "y": 0, "width": VIEWPORT["width"], "height": height})
                    report(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
