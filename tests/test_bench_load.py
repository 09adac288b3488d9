"""The protocol-level load client against real Streamlit servers: the bare page and the app."""

from __future__ import annotations

import asyncio

import pytest
from conftest import ROOT

from prizestats.bench import load

pytestmark = pytest.mark.browser  # starts real Streamlit servers

BARE_PAGE = ROOT / "prizestats" / "bench" / "bare_page.py"
THINK = (0.3, 0.6)


def test_bare_page_under_two_sessions():
    port = load.free_port()
    with load.serve(BARE_PAGE, port, env={"PRIZESTATS_BENCH_CHARTS": "5"}) as server:
        result = load.run_load(port, sessions=2, duration_s=4, page_name="", query_string="",
                               widget_label="Regions", values=[["Europe"], ["Africa", "Asia"], []],
                               think_s=THINK)
        assert server.rss_mb() > 20
    assert result["sessions"] == 2
    assert result["changes"] > 0
    assert result["errors"] == 0
    assert result["p50_ms"] > 0
    assert result["p95_ms"] >= result["p50_ms"]
    assert result["charts_per_change"] == [5]  # every change redrew every chart


def test_bounds_are_checked_before_anything_runs():
    with pytest.raises(ValueError, match="sessions"):
        load.run_load(1, sessions=201, duration_s=1, page_name="", query_string="",
                      widget_label="Region", values=["Asia"])
    with pytest.raises(ValueError, match="duration"):
        load.run_load(1, sessions=1, duration_s=601, page_name="", query_string="",
                      widget_label="Region", values=["Asia"])


def test_the_overview_region_filter_under_one_session(sample_db):
    port = load.free_port()
    with load.serve(ROOT / "dashboard.py", port, env={"PRIZESTATS_DB": str(sample_db)}):
        result = asyncio.run(load.session_run(
            port, "overview", "lang=en", "Regions", [["Europe"], ["Asia", "Africa"], []],
            duration_s=10, think_s=THINK, seed=1))
    assert result.errors == 0
    assert result.load_ms is not None
    assert result.latencies_ms
    assert set(result.charts) == {3}  # the overview's three breakdowns, redrawn each time
    # Every choice reached the page, each right after the one before: the app wrote it into the URL.
    assert len(result.query_strings) >= 3
    assert "region=Europe" in result.query_strings[0]
    assert "region=Asia&region=Africa" in result.query_strings[1]
    assert "region=" not in result.query_strings[2]


def test_the_overview_edition_selectbox_under_one_session(sample_db):
    port = load.free_port()
    with load.serve(ROOT / "dashboard.py", port, env={"PRIZESTATS_DB": str(sample_db)}):
        result = asyncio.run(load.session_run(
            port, "overview", "lang=en", "Edition", ["2024 (2nd edition)", "2023 (1st edition)"],
            duration_s=6, think_s=THINK, seed=1))
    assert result.errors == 0
    assert set(result.charts) == {3}
    assert "edition=2" in result.query_strings[0]
    assert "edition=1" in result.query_strings[1]
