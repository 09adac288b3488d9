"""Page render: each page's server-side run in AppTest, warm caches, vs the bare page.

One AppTest per page is run once to fill the caches, then rerun: a rerun is what a viewer's
change costs the server. The bare page draws as many plotly charts as the page did, from
constant frames, through the same AppTest machinery, so the ratio is the dashboard's own work.
"""

from __future__ import annotations

import logging
import os
import statistics
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest

from prizestats.bench.timing import ms, timed
from prizestats.core.reference import ROOT

BARE_PAGE = Path(__file__).with_name("bare_page.py")


def page_files() -> list[Path]:
    return sorted((ROOT / "pages").glob("*.py"))


@contextmanager
def environment(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _rerun_ms(script: Path, runs: int) -> tuple[float, int]:
    """Median rerun time of a warm script, and how many plotly charts it drew."""
    app = AppTest.from_file(str(script), default_timeout=120)
    app.run()
    if app.exception:
        raise RuntimeError(f"{script.name} failed: {app.exception[0].message}")
    charts = len(app.get("plotly_chart"))
    return ms(statistics.median(timed(app.run, runs))), charts


@contextmanager
def quiet_streamlit():
    """AppTest outside a server warns about a missing ScriptRunContext on every run."""
    logger = logging.getLogger("streamlit")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def pages(db_path: Path, runs: int, only: tuple[str, ...] | None = None) -> list[dict]:
    results = []
    with environment(PRIZESTATS_DB=str(db_path), PRIZESTATS_ROLE="organiser"), quiet_streamlit():
        for script in page_files():
            if only and script.stem not in only:
                continue
            render, charts = _rerun_ms(script, runs)
            with environment(PRIZESTATS_BENCH_CHARTS=str(max(charts, 1))):
                baseline, _ = _rerun_ms(BARE_PAGE, runs)
            results.append({"page": script.stem, "charts": charts, "render_ms": render,
                             "baseline_ms": baseline, "ratio": round(render / baseline, 2)})
    return results
