"""The protocol-level load client against real Streamlit servers: the bare page and the app.

The tests ask for a number of changes, not for a duration: a busy machine makes every run
slower, and a fixed duration then holds fewer changes (or none). Each change waits for the
server however long it takes, up to a generous timeout, so what is checked is what the server
did with each change, not how many fitted in the time."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

import pytest
from conftest import ROOT

from prizestats.bench import load
from prizestats.ops import serve

pytestmark = pytest.mark.browser  # starts real Streamlit servers

BARE_PAGE = ROOT / "prizestats" / "bench" / "bare_page.py"
NO_THINK = (0.0, 0.0)  # each change right after the server answered the one before


def regions_chosen(query_strings: list[str]) -> list[list[str]]:
    return [parse_qs(query).get("region", []) for query in query_strings]


def test_bare_page_under_two_sessions():
    port = serve.free_port()
    with serve.serve(BARE_PAGE, port, env={"PRIZESTATS_BENCH_CHARTS": "5"}) as server:
        result = load.run_load(port, sessions=2, duration_s=None, changes=3, page_name="",
                               query_string="", widget_label="Regions",
                               values=[["Europe"], ["Africa", "Asia"], []], think_s=NO_THINK)
        assert server.rss_mb() > 20
    assert result["sessions"] == 2
    assert result["errors"] == 0
    assert result["timed_out"] == 0
    assert result["changes"] == 6  # three from each session
    assert result["p50_ms"] > 0
    assert result["p95_ms"] >= result["p50_ms"]
    assert result["page_load_p50_ms"] > 0
    assert result["charts_per_change"] == [5]  # every change redrew every chart


@pytest.mark.parametrize(("plan", "message"), [
    ({"sessions": 201, "duration_s": 1}, "sessions"),
    ({"sessions": 1, "duration_s": 601}, "duration"),
    ({"sessions": 1, "duration_s": None}, "exactly one"),
    ({"sessions": 1, "duration_s": 5, "changes": 3}, "exactly one"),
    ({"sessions": 1, "duration_s": None, "changes": 0}, "changes"),
    ({"sessions": 1, "duration_s": None, "changes": 2.5}, "changes"),
    ({"sessions": 1, "duration_s": None, "changes": 3, "timeout_s": 0}, "timeout"),
    ({"sessions": 1, "duration_s": None, "changes": 3, "timeout_s": 601}, "timeout"),
])
def test_bounds_are_checked_before_anything_runs(plan, message):
    # Port 1: nothing listens there, so reaching the network would fail differently.
    with pytest.raises(ValueError, match=message):
        load.run_load(1, page_name="", query_string="", widget_label="Region", values=["Asia"],
                      **plan)


def test_a_session_checks_its_plan_before_connecting():
    with pytest.raises(ValueError, match="exactly one"):
        asyncio.run(load.session_run(1, "", "", "Region", ["Asia"]))
    with pytest.raises(ValueError, match="changes"):
        asyncio.run(load.session_run(1, "", "", "Region", ["Asia"], changes=-1))


def test_a_session_that_cannot_connect_is_an_error_not_a_change():
    port = serve.free_port()  # nothing listens there
    result = asyncio.run(load.session_run(port, "", "", "Region", ["Asia"], changes=2,
                                          think_s=NO_THINK))
    assert result.errors == 1
    assert result.latencies_ms == []
    assert result.load_ms is None


def test_the_overview_region_filter_under_one_session(sample_db):
    port = serve.free_port()
    with serve.serve(ROOT / "dashboard.py", port, env={"PRIZESTATS_DB": str(sample_db)}):
        result = asyncio.run(load.session_run(
            port, "overview", "lang=en", "Regions", [["Europe"], ["Asia", "Africa"], []],
            think_s=NO_THINK, seed=1, changes=3))
    assert result.errors == 0
    assert not result.timed_out
    assert result.load_ms is not None
    assert len(result.latencies_ms) == 3
    assert result.charts == [3, 3, 3]  # the overview's three breakdowns, redrawn each time
    # Every choice reached the page, in order: the app wrote each into the URL.
    assert regions_chosen(result.query_strings) == [["Europe"], ["Asia", "Africa"], []]
    assert all(parse_qs(query)["lang"] == ["en"] for query in result.query_strings)


def test_the_overview_edition_selectbox_under_one_session(sample_db):
    port = serve.free_port()
    with serve.serve(ROOT / "dashboard.py", port, env={"PRIZESTATS_DB": str(sample_db)}):
        result = asyncio.run(load.session_run(
            port, "overview", "lang=en", "Edition",
            ["2024 (second edition)", "2023 (first edition)", "2024 (second edition)"],
            think_s=NO_THINK, seed=1, changes=3))
    assert result.errors == 0
    assert not result.timed_out
    assert result.charts == [3, 3, 3]
    assert [parse_qs(query)["edition"] for query in result.query_strings] == [["2"], ["1"], ["2"]]
