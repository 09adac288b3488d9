"""Screenshots of the dashboard as the press sees it, for the README's press section.

Makes docs/screenshots/<page>-<lang>.png for the press room, Overview and Regions pages, in
English and Korean (6 files), from the sample data (edition 3, as of 2025-10-31).

Run from the repository root:

    .venv/bin/python docs/screenshots.py

Needs Debian's chromium (apt-get install chromium) and the project's .venv (Playwright).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
VENV_BIN = ROOT / ".venv" / "bin"
PAGES = {"press": "/press", "overview": "/", "regions": "/regions"}
PAGES_WITH_CHARTS = {"overview", "regions"}
LANGS = ("en", "ko")
QUERY = "?edition=3&lang={lang}&as_of=2025-10-31"
MAX_BYTES = 600_000
CLIP_HEIGHT = 2400
TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1280, "height": 900}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError(f"streamlit did not start:\n{log.read_text()}")
        time.sleep(0.3)


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


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="prizestats-shots-") as tmp:
        db = Path(tmp) / "sample.duckdb"
        subprocess.run([str(VENV_BIN / "python"), "-m", "prizestats", "build",
                        "--from", "data/sample", "--db", str(db)], cwd=ROOT, check=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "server.log"
        env = {**os.environ, "PRIZESTATS_DB": str(db), "PRIZESTATS_ROLE": "press"}
        with log.open("wb") as log_file:
            server = subprocess.Popen(
                [str(VENV_BIN / "streamlit"), "run", "dashboard.py", "--server.headless", "true",
                 "--server.port", str(port), "--server.address", "127.0.0.1",
                 "--browser.gatherUsageStats", "false"],
                cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            wait_healthy(base, server, log)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=shutil.which("chromium"),
                    args=["--no-sandbox", "--headless=new", "--disable-gpu"])
                context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
                page = context.new_page()
                for lang in LANGS:
                    for name, path in PAGES.items():
                        page.goto(base + path + QUERY.format(lang=lang))
                        wait_rendered(page, name)
                        target = OUT / f"{name}-{lang}.png"
                        shoot(page, target)
                        print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
                browser.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
