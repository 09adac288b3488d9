"""`prizestats bench`: the quick run end to end, and the rules that turn numbers into verdicts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from prizestats.bench import run, timing
from prizestats.store import db


def load_row(target: str, sessions: int, p95: float | None, errors: int = 0,
             changes: int = 10) -> dict:
    return {"target": target, "sessions": sessions, "p50_ms": p95, "p95_ms": p95,
            "errors": errors, "changes": changes, "rss_mb": 200.0}


@pytest.mark.parametrize(("rows", "expected"), [
    ([load_row("app", 5, 120), load_row("app", 10, 250), load_row("app", 20, 900)], 10),
    ([load_row("app", 5, 120), load_row("app", 10, 250, errors=1)], 5),
    ([load_row("app", 5, 301)], 0),
    ([load_row("app", 5, 300), load_row("app", 10, None, changes=0)], 5),
    ([load_row("bare", 50, 100)], 0),  # another target's rows do not count
])
def test_capacity_is_the_most_sessions_held_at_300_ms(rows, expected):
    assert run.capacity(rows, "app") == expected


@pytest.mark.parametrize(("values", "share", "expected"), [
    ([5.0, 1.0, 3.0], 0.5, 3.0),
    ([1.0, 2.0, 3.0, 4.0], 0.5, 2.0),
    ([float(v) for v in range(1, 21)], 0.95, 19.0),
    ([7.0], 0.95, 7.0),
])
def test_percentile_is_nearest_rank(values, share, expected):
    assert timing.percentile(values, share) == expected


def big_query(name, speedup):
    return {"name": name, "rows": 1_000_000, "speedup": speedup}


@pytest.mark.parametrize(("speedups", "met"), [
    ({"entries_by_region": 2.1, "editions": 1.7}, True),  # editions is accepted as it is
    ({"entries_by_region": 1.9, "editions": 2.5}, False),
    ({"entries_by_region": 2.1, "results": 1.99}, False),
    # queries of a few fixed rows read no entries: out of this target
    ({"entries_by_region": 2.1, "dataset": 0.3, "import_history": 0.5,
      "published_figures": 0.9}, True),
])
def test_each_query_2x_pandas_with_the_decided_exceptions(speedups, met):
    result = {"queries": [big_query(name, s) for name, s in speedups.items()], "pages": [],
              "cold_start": {"app_s": 1, "baseline_s": 1}, "browser": {"app_ms": 1,
                                                                       "baseline_ms": 1},
              "click_a_bar": {"ratio": 1}, "capacity": {"app": 0, "bare": 0}, "load": [],
              "mixed_capacity": {"app": 0, "bare": 0}, "arrival_capacity": {"app": 0, "bare": 0}}
    assert run.targets(result)["queries_each_2x"] is met


def test_targets():
    result = {
        "queries": [{"name": "a", "rows": 1_000_000, "speedup": 2.5},
                    {"name": "b", "rows": 1_000_000, "speedup": 5.0},
                    {"name": "c", "rows": 1_000_000, "speedup": 4.0},
                    {"name": "a", "rows": 911, "speedup": 0.5}],
        "pages": [{"ratio": 1.3}, {"ratio": 0.4}],
        "cold_start": {"app_s": 6.1, "baseline_s": 5.0},
        "browser": {"app_ms": 250.0, "baseline_ms": 200.0},
        "click_a_bar": {"ratio": 1.2},
        "capacity": {"app": 50, "bare": 10},
        "mixed_capacity": {"app": 50, "bare": 10},
        "arrival_capacity": {"app": 8, "bare": 4},
        "load": [load_row("app", 50, 200) | {"rss_mb": 401.0}, load_row("bare", 50, 9000)],
    }
    assert run.targets(result) == {
        "queries_each_2x": True, "queries_median_4x": True, "pages_1_3x": True,
        "cold_start_1_2x": False, "browser_1_2x": False, "click_a_bar_1_2x": True,
        "capacity_50_and_5x": True, "mixed_reading_50_and_5x": True,
        "arrivals_8_and_3x": False, "rss_at_50_2x": False}


@pytest.mark.parametrize(("mixed", "arrivals", "expected"), [
    ({"app": 80, "bare": 10}, {"app": 16, "bare": 4}, (True, True)),
    ({"app": 50, "bare": 20}, {"app": 8, "bare": 2}, (False, True)),  # 2.5x the bare page
    ({"app": 30, "bare": 0}, {"app": 4, "bare": 1}, (False, False)),  # under 50 and 8/s
    ({"app": 50, "bare": 0}, {"app": 8, "bare": 0}, (True, True)),  # the bare page held none
])
def test_reader_targets(mixed, arrivals, expected):
    result = {"queries": [], "pages": [], "cold_start": {"app_s": 1, "baseline_s": 1},
              "browser": {"app_ms": 1, "baseline_ms": 1}, "click_a_bar": {"ratio": 1},
              "capacity": {"app": 0, "bare": 0}, "load": [],
              "mixed_capacity": mixed, "arrival_capacity": arrivals}
    met = run.targets(result)
    assert (met["mixed_reading_50_and_5x"], met["arrivals_8_and_3x"]) == expected


@pytest.mark.browser
def test_quick_bench_measures_every_section(tmp_path):
    """The whole of `bench --quick`, as a person would run it: real servers, a real chromium."""
    done = subprocess.run([sys.executable, "-m", "prizestats", "bench", "--quick", "--format",
                           "json"], cwd=ROOT, capture_output=True, text=True, timeout=900,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert [q["name"] for q in result["queries"]] == db.query_names()
    assert {q["rows"] for q in result["queries"]} == {911}  # the sample's entries
    assert all(q["p50_ms"] > 0 and q["pandas_p50_ms"] > 0 for q in result["queries"])
    assert [(p["page"], p["charts"]) for p in result["pages"]] == [("about", 0), ("overview", 3)]
    assert result["cold_start"]["app_s"] > 0
    assert result["cold_start"]["baseline_s"] > 0
    assert result["browser"]["app_ms"] > 0
    assert result["browser"]["baseline_ms"] > 0
    # click to explore: a click on a bar of the Overview, the sidebar's change beside it
    click = result["click_a_bar"]
    assert click["changes"] == 2  # as many as the sidebar's changes in --quick
    assert click["click_p50_ms"] > 0
    assert click["click_p95_ms"] >= click["click_p50_ms"]
    assert click["sidebar_change_p50_ms"] == result["browser"]["app_ms"]
    assert click["ratio"] > 0
    assert "click_a_bar_1_2x" in result["targets"]
    report = "\n".join(run.click_lines(click))  # the text output names both
    assert "click a bar" in report
    assert "sidebar change" in report
    assert [(r["target"], r["sessions"], r["errors"]) for r in result["load"]] == [
        ("app", 2, 0), ("bare", 2, 0)]
    assert all(r["changes"] > 0 and r["rss_mb"] > 50 for r in result["load"])
    assert set(result["capacity"]) == {"app", "bare"}
    assert [(r["target"], r["sessions"], r["errors"]) for r in result["mixed_reading"]] == [
        ("app", 2, 0), ("bare", 2, 0)]
    assert all(r["first_p50_ms"] > 0 for r in result["mixed_reading"])
    assert [(r["target"], r["per_second"], r["visitors"], r["rendered"], r["errors"])
            for r in result["arrivals"]] == [("app", 1, 2, 2, 0), ("embed", 1, 2, 2, 0),
                                             ("bare", 1, 2, 2, 0)]
    assert set(result["mixed_capacity"]) == {"app", "bare"}
    assert set(result["arrival_capacity"]) == {"app", "bare", "embed"}
    assert {"mixed_reading_50_and_5x", "arrivals_8_and_3x", "embed_arrivals_3x"} <= set(
        result["targets"])
    assert result["press_kit_s"] > 0
    [made] = result["report"]  # the edition report against itself in Noto Sans CJK (issue 30)
    assert made["lang"] == "en"
    assert made["make_s"] > made["report_print_s"] > 0
    assert "Type3" not in made["report_fonts"]
    assert made["baseline_fonts"]["Type3"] > 0
    assert made["size_ratio"] > 0
    assert made["print_ratio"] > 0
    assert "edition report" in run.text(result)
    assert "targets" in result
    assert "press kit" in done.stderr  # progress goes to stderr, the report to stdout


def reader_row(target, sessions, p95, errors=0, moves=10):
    return {"target": target, "sessions": sessions, "p95_ms": p95, "errors": errors,
            "moves": moves}


@pytest.mark.parametrize(("rows", "expected"), [
    ([reader_row("app", 30, 120), reader_row("app", 50, 300), reader_row("app", 80, 301)], 50),
    ([reader_row("app", 30, 120), reader_row("app", 50, 200, errors=1)], 30),
    ([reader_row("app", 5, 900)], 0),
    ([reader_row("app", 5, None, moves=0)], 0),
    ([reader_row("bare", 80, 100)], 0),  # another target's rows do not count
])
def test_mixed_reading_capacity(rows, expected):
    assert run.readers_capacity(rows, "app") == expected


def arrival_row(target, rate, p95, errors=0):
    return {"target": target, "per_second": rate, "p95_ms": p95, "errors": errors}


@pytest.mark.parametrize(("rows", "expected"), [
    ([arrival_row("app", 4, 200), arrival_row("app", 8, 1000), arrival_row("app", 16, 1001)], 8),
    ([arrival_row("app", 4, 200), arrival_row("app", 8, 500, errors=2)], 4),
    ([arrival_row("app", 1, None, errors=1)], 0),
    ([arrival_row("bare", 16, 100)], 0),
])
def test_arrival_capacity(rows, expected):
    assert run.arrival_capacity(rows, "app") == expected


@pytest.mark.parametrize(("arrivals", "expected"), [
    ({"app": 16, "bare": 8, "embed": 24}, True),
    ({"app": 16, "bare": 8, "embed": 16}, False),  # 2x the bare page
    ({"app": 16, "bare": 0, "embed": 3}, True),  # the bare page held none
    ({"app": 16, "bare": 8}, None),  # not measured: no target
])
def test_embed_arrivals_target(arrivals, expected):
    result = {"queries": [], "pages": [], "cold_start": {"app_s": 1, "baseline_s": 1},
              "browser": {"app_ms": 1, "baseline_ms": 1}, "click_a_bar": {"ratio": 1},
              "capacity": {"app": 0, "bare": 0}, "load": [],
              "mixed_capacity": {"app": 0, "bare": 0}, "arrival_capacity": arrivals}
    assert run.targets(result).get("embed_arrivals_3x") == expected
