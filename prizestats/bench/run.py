"""`python -m prizestats bench`: every measurement of issue 9 in one run, with its baseline.

These machines are noisy, so every figure is paired with a baseline measured in the same run
and the targets are ratios: DuckDB vs pandas on the same rows, each page vs a bare page with as
many charts, the dashboard's cold start, browser latency and load capacity vs the bare page's.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from prizestats.bench import browser, load, pdf, queries, readers, render, synthetic
from prizestats.bench.plan import FULL, QUICK, Plan
from prizestats.core import access, reference
from prizestats.core.reference import ROOT
from prizestats.ops import serve
from prizestats.outputs import presskit
from prizestats.store import build, db

APP = ROOT / "dashboard.py"
# The region filter (labels as displayed, English) of the dashboard's Overview and of the bare
# page: the same choices on both, every change redraws every chart.
REGION_CHOICES = [["Europe"], ["Asia"], ["Africa", "Asia"], [], ["Middle East"], ["Oceania", "Europe"]]
APP_LOAD = ("overview", "lang=en&edition=3", "Regions", REGION_CHOICES)
BARE_LOAD = ("", "", "Regions", REGION_CHOICES)
MAX_P95_MS = 300
# Decided (issue 20): queries of a few fixed rows, which read no entries, are out of the "each
# query 2x pandas" target (no SQL engine beats a sort of five rows in memory), and editions is
# accepted at the 1.7-1.9x it reaches (BENCHMARKS.md).
OUT_OF_THE_2X_TARGET = ("dataset", "import_history", "published_figures", "editions")
MAX_FIRST_RENDER_P95_MS = 1000  # arrivals: a new visitor waits at most a second
GIVE_UP_P95_MS = 3000  # a level this slow (or with errors): higher levels are not measured
# A click on a chart must cost what the same change in the sidebar costs (click to explore).
MAX_CLICK_RATIO = 1.2


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _timed_section(name: str, action: Callable[[], object]) -> object:
    say(f"{name} ...")
    started = time.perf_counter()
    result = action()
    say(f"{name}: {time.perf_counter() - started:.1f} s")
    return result


def load_levels(port: int, target: str, scenario: tuple, levels: tuple[int, ...], seconds: float,
                think_s: tuple[float, float], rss_mb: Callable[[], float]) -> list[dict]:
    """One row per number of sessions against the server(s) on `port`, after a warm-up."""
    page, query, label, values = scenario
    load.run_load(port, 1, 3, page, query, label, values, (0.2, 0.5))  # warm up
    rows = []
    for sessions in levels:
        result = load.run_load(port, sessions, seconds, page, query, label, values, think_s)
        row = {"target": target, "sessions": sessions, "p50_ms": result["p50_ms"],
               "p95_ms": result["p95_ms"], "errors": result["errors"],
               "changes": result["changes"], "rss_mb": round(rss_mb(), 1)}
        say(f"  {target} at {sessions} sessions: p50 {row['p50_ms']} ms, p95 "
            f"{row['p95_ms']} ms, {row['errors']} errors, {row['rss_mb']} MB")
        rows.append(row)
    return rows


def load_section(sample: Path, plan: Plan) -> tuple[list[dict], dict]:
    rows = []
    targets = (("app", APP, {"PRIZESTATS_DB": str(sample), "PRIZESTATS_ROLE": "organiser"},
                APP_LOAD),
               ("bare", render.BARE_PAGE, {"PRIZESTATS_BENCH_CHARTS": "4"}, BARE_LOAD))
    for target, script, env, scenario in targets:
        with serve.serve(script, serve.free_port(), env) as server:
            rows += load_levels(server.port, target, scenario, plan.load_sessions,
                                plan.load_seconds, plan.think_s, server.rss_mb)
    return rows, {target: capacity(rows, target) for target in ("app", "bare")}


def _targets(sample: Path) -> tuple:
    """The dashboard (as the press sees it: the public pages) and the bare page, with what their
    readers open."""
    return (("app", APP, {"PRIZESTATS_DB": str(sample), "PRIZESTATS_ROLE": "press"}, readers.APP),
            ("bare", render.BARE_PAGE, {"PRIZESTATS_BENCH_CHARTS": "4"}, readers.BARE))


def _held(row: dict, limit_ms: float) -> bool:
    return bool(row["p95_ms"] is not None and row["p95_ms"] <= limit_ms and not row["errors"])


def gave_up(row: dict) -> bool:
    return bool(row["errors"] or row["p95_ms"] is None or row["p95_ms"] > GIVE_UP_P95_MS)


def reader_loads(port: int, pages: readers.Target, name: str, rss_mb: Callable[[], float],
                 sessions: tuple[int, ...], seconds: float, think_s: tuple[float, float],
                 rates: tuple[float, ...], arrival_seconds: float,
                 servers: tuple[int, ...] | None = None) -> tuple[list[dict], list[dict]]:
    """Mixed reading at each number of sessions, then arrivals at each rate, on the server(s)
    at `port`, after a warm-up that visits every page and edition once on each server (their
    own ports, `servers`, when a proxy is at `port`). Each load's levels stop at the first one
    that took over 3 s at p95 or had errors: the next could only be worse."""
    for server in servers or (port,):
        say(f"  {name}: warm-up, {len(pages.visits())} pages, "
            f"{readers.warm_up(server, pages).errors} errors")

    def mixed(level: int) -> dict:
        row = {**readers.mixed_reading(port, pages, level, seconds, think_s),
               "rss_mb": round(rss_mb(), 1)}
        say(f"  {name}, mixed reading, {level} sessions: p50 {row['p50_ms']} ms, "
            f"p95 {row['p95_ms']} ms (first page p95 {row['first_p95_ms']} ms), "
            f"{row['errors']} errors")
        return row

    def arriving(rate: float) -> dict:
        row = {**readers.arrivals(port, pages, rate, arrival_seconds),
               "rss_mb": round(rss_mb(), 1)}
        say(f"  {name}, arrivals, {rate}/s: first render p50 {row['p50_ms']} ms, "
            f"p95 {row['p95_ms']} ms, {row['errors']} errors")
        return row
    return _until_given_up(sessions, mixed), _until_given_up(rates, arriving)


def _until_given_up(levels: tuple, measure: Callable[[object], dict]) -> list[dict]:
    rows = []
    for level in levels:
        rows.append(measure(level))
        if gave_up(rows[-1]):
            break
    return rows


def readers_section(sample: Path, plan: Plan) -> dict:
    """Mixed reading and arrivals against the app and the bare page (reader_loads)."""
    mixed, arriving = [], []
    for target, script, env, pages in _targets(sample):
        with serve.serve(script, serve.free_port(), env) as server:
            rows = reader_loads(server.port, pages, target, server.rss_mb, plan.reader_sessions,
                                plan.reader_seconds, plan.think_s, plan.arrival_rates,
                                plan.arrival_seconds)
            # the embed page, on the app's server, as the press see it
            embedded = embed_arrivals(server.port, server.rss_mb, plan.arrival_rates,
                                      plan.arrival_seconds) if target == "app" else []
        mixed += [{"target": target, **row} for row in rows[0]]
        arriving += [{"target": target, **row} for row in rows[1]]
        arriving += [{"target": "embed", **row} for row in embedded]
    return {"mixed_reading": mixed, "arrivals": arriving,
            "mixed_capacity": {t: readers_capacity(mixed, t) for t in ("app", "bare")},
            "arrival_capacity": {t: arrival_capacity(arriving, t)
                                 for t in ("app", "bare", "embed")}}


def embed_arrivals(port: int, rss_mb: Callable[[], float], rates: tuple[float, ...],
                   seconds: float) -> list[dict]:
    """New visitors opening one embedded chart (readers.EMBED) at each rate, after one visit
    that warms its caches; levels stop as reader_loads' do."""
    say(f"  embed: warm-up, {readers.warm_up(port, readers.EMBED).errors} errors")

    def arriving(rate: float) -> dict:
        row = {**readers.arrivals(port, readers.EMBED, rate, seconds),
               "rss_mb": round(rss_mb(), 1)}
        say(f"  embed, arrivals, {rate}/s: first render p50 {row['p50_ms']} ms, "
            f"p95 {row['p95_ms']} ms, {row['errors']} errors")
        return row
    return _until_given_up(rates, arriving)


def readers_capacity(rows: list[dict], target: str) -> int:
    """The most mixed-reading sessions held with p95 <= 300 ms and no errors (0: none)."""
    return max((r["sessions"] for r in rows if r["target"] == target and r["moves"]
                and _held(r, MAX_P95_MS)), default=0)


def arrival_capacity(rows: list[dict], target: str) -> float:
    """The most new visitors per second held with first-render p95 <= 1 s, no errors (0: none)."""
    return max((r["per_second"] for r in rows if r["target"] == target
                and _held(r, MAX_FIRST_RENDER_P95_MS)), default=0)


def capacity(rows: list[dict], target: str) -> int:
    """The most sessions held with p95 <= 300 ms and no errors (0 when none was)."""
    held = [r["sessions"] for r in rows if r["target"] == target and r["changes"]
            and not r["errors"] and r["p95_ms"] is not None and r["p95_ms"] <= MAX_P95_MS]
    return max(held, default=0)


def press_kit_seconds(sample: Path, langs: tuple[str, ...]) -> float:
    con = db.connect(sample)
    try:
        def run(name: str, params: dict) -> object:
            return db.run(con, name, params)
        now = access.now()
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            presskit.build(run, Path(out), 3, langs, now, now,
                           progress=lambda total: presskit.Progress(total, stream=sys.stderr))
            return round(time.perf_counter() - started, 2)
    finally:
        con.close()


def run(quick: bool = False) -> dict:
    plan = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="prizestats-bench-") as folder:
        sample = Path(folder) / "sample.duckdb"
        build.build(reference.SAMPLE_DIR, sample)
        result: dict = {"quick": quick, "machine": machine()}

        def query_rows() -> list[dict]:
            rows = []
            for size in plan.query_rows:
                path = sample
                if size:
                    say(f"  writing {size:,} synthetic entries ...")
                    path = synthetic.write(Path(folder) / f"synthetic-{size}.duckdb", size)
                rows += queries.queries(path, plan.query_repeat, progress=say)
            return rows

        result["queries"] = _timed_section("queries", query_rows)
        result["pages"] = _timed_section(
            "page render", lambda: render.pages(sample, plan.page_runs, plan.pages))
        result.update(_timed_section(
            "cold start and browser latency",
            lambda: browser.browser(sample, plan.cold_starts, plan.browser_changes)))
        result["load"], result["capacity"] = _timed_section(
            "load", lambda: load_section(sample, plan))
        result.update(_timed_section("readers", lambda: readers_section(sample, plan)))
        result["press_kit_langs"] = list(plan.press_kit_langs)
        result["press_kit_s"] = _timed_section(
            "press kit", lambda: press_kit_seconds(sample, plan.press_kit_langs))
        result["report"] = _timed_section("edition report", lambda: pdf.report_section(
            sample, plan.report_langs, plan.report_prints, say))
    result["targets"] = targets(result)
    return result


def machine() -> dict:
    import os
    import platform

    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform()}


def targets(result: dict) -> dict[str, bool]:
    """Each target of issue 9, met or not (queries at 1M rows only when measured)."""
    big = [q for q in result["queries"] if q["rows"] >= 1_000_000]
    speedups = sorted(q["speedup"] for q in big)
    met = {}
    if big:
        met["queries_each_2x"] = all(q["speedup"] >= 2 for q in big
                                     if q["name"] not in OUT_OF_THE_2X_TARGET)
        met["queries_median_4x"] = speedups[len(speedups) // 2] >= 4
    met["pages_1_3x"] = all(p["ratio"] <= 1.3 for p in result["pages"])
    cold = result["cold_start"]
    met["cold_start_1_2x"] = cold["app_s"] <= 1.2 * cold["baseline_s"]
    latency = result["browser"]
    met["browser_1_2x"] = latency["app_ms"] <= 1.2 * latency["baseline_ms"]
    met["click_a_bar_1_2x"] = result["click_a_bar"]["ratio"] <= MAX_CLICK_RATIO
    cap = result["capacity"]
    met["capacity_50_and_5x"] = cap["app"] >= 50 and cap["app"] >= 5 * max(cap["bare"], 1)
    mixed, arriving = result["mixed_capacity"], result["arrival_capacity"]
    met["mixed_reading_50_and_5x"] = mixed["app"] >= 50 and mixed["app"] >= 5 * max(
        mixed["bare"], 1)
    met["arrivals_8_and_3x"] = arriving["app"] >= 8 and arriving["app"] >= 3 * max(
        arriving["bare"], 1)
    if "embed" in arriving:  # issue 28: the live embed against the bare page, same run
        met["embed_arrivals_3x"] = arriving["embed"] >= 3 * max(arriving["bare"], 1)
    rss = {r["target"]: r["rss_mb"] for r in result["load"] if r["sessions"] == 50}
    if len(rss) == 2:
        met["rss_at_50_2x"] = rss["app"] <= 2 * rss["bare"]
    return met


def click_lines(click: dict) -> list[str]:
    return [f"click a bar vs sidebar change (Overview, Europe in and out, same session, "
            f"{click['changes']} each, ms):",
            f"  click a bar     p50 {click['click_p50_ms']:>7}  p95 {click['click_p95_ms']:>7}",
            f"  sidebar change  p50 {click['sidebar_change_p50_ms']:>7}  "
            f"p95 {click['sidebar_change_p95_ms']:>7}",
            f"  ratio click / sidebar change: p50 {click['ratio']}x, p95 {click['ratio_p95']}x "
            f"(target p50 <= {MAX_CLICK_RATIO}x)"]


def text(result: dict) -> str:
    lines = [f"prizestats bench{' --quick' if result['quick'] else ''} on {result['machine']}", "",
             "queries (DuckDB vs pandas, ms)",
             f"  {'query':<28} {'rows':>9} {'p50':>8} {'p95':>8} {'pandas':>8} {'speedup':>8}"]
    lines += [f"  {q['name']:<28} {q['rows']:>9,} {q['p50_ms']:>8} {q['p95_ms']:>8} "
              f"{q['pandas_p50_ms']:>8} {q['speedup']:>7}x" for q in result["queries"]]
    lines += ["", "page render (AppTest rerun, warm caches, ms)",
              f"  {'page':<12} {'charts':>6} {'render':>8} {'bare':>8} {'ratio':>6}"]
    lines += [f"  {p['page']:<12} {p['charts']:>6} {p['render_ms']:>8} {p['baseline_ms']:>8} "
              f"{p['ratio']:>6}" for p in result["pages"]]
    cold, latency = result["cold_start"], result["browser"]
    lines += ["", f"cold start to first chart: app {cold['app_s']} s, bare {cold['baseline_s']} s",
              f"browser latency, choice to charts redrawn: app {latency['app_ms']} ms, "
              f"bare {latency['baseline_ms']} ms",
              *click_lines(result["click_a_bar"]), "",
              "load (protocol-level sessions, change to script_finished)",
              f"  {'target':<6} {'sessions':>8} {'changes':>8} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'errors':>6} {'RSS MB':>7}"]
    lines += [f"  {r['target']:<6} {r['sessions']:>8} {r['changes']:>8} {r['p50_ms']!s:>8} "
              f"{r['p95_ms']!s:>8} {r['errors']:>6} {r['rss_mb']:>7}" for r in result["load"]]
    cap = result["capacity"]
    lines += [f"capacity (p95 <= {MAX_P95_MS} ms, no errors): app {cap['app']} sessions, "
              f"bare {cap['bare']}", "", *reader_lines(result), "",
              f"press kit, edition 3: {result['press_kit_s']} s", "",
              *pdf.lines(result.get("report", [])), "", "targets"]
    lines += [f"  {'met' if ok else 'NOT MET':<8} {name}" for name, ok in result["targets"].items()]
    return "\n".join(lines)


def reader_lines(result: dict) -> list[str]:
    lines = ["mixed reading (random page and edition every 2-5 s; a move to script_finished, "
             "first pages apart)",
             f"  {'target':<6} {'sessions':>8} {'moves':>6} {'p50 ms':>8} {'p95 ms':>8} "
             f"{'first p50':>9} {'first p95':>9} {'errors':>6} {'RSS MB':>7}"]
    lines += [f"  {r['target']:<6} {r['sessions']:>8} {r['moves']:>6} {r['p50_ms']!s:>8} "
              f"{r['p95_ms']!s:>8} {r['first_p50_ms']!s:>9} {r['first_p95_ms']!s:>9} "
              f"{r['errors']:>6} {r['rss_mb']:>7}" for r in result["mixed_reading"]]
    mixed = result["mixed_capacity"]
    lines += [f"mixed-reading capacity (p95 <= {MAX_P95_MS} ms, no errors): app {mixed['app']} "
              f"sessions, bare {mixed['bare']}", "",
              "arrivals (new visitors opening the first page once, staying 3 s; connect to "
              "script_finished)",
              f"  {'target':<6} {'per s':>6} {'visitors':>8} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'errors':>6}"]
    lines += [f"  {r['target']:<6} {r['per_second']:>6} {r['visitors']:>8} {r['p50_ms']!s:>8} "
              f"{r['p95_ms']!s:>8} {r['errors']:>6}" for r in result["arrivals"]]
    arriving = result["arrival_capacity"]
    lines.append(f"arrival capacity (first render p95 <= {MAX_FIRST_RENDER_P95_MS} ms, no "
                 f"errors): app {arriving['app']}/s, bare {arriving['bare']}/s"
                 + (f", embed {arriving['embed']}/s" if "embed" in arriving else ""))
    return lines
