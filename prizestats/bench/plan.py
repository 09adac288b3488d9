"""How much the benchmarks measure: the full run of BENCHMARKS.md, or --quick."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """How much to measure: --quick checks that everything works in under a minute."""
    query_rows: tuple[int, ...]
    query_repeat: int
    pages: tuple[str, ...] | None  # None: every page
    page_runs: int
    cold_starts: int
    browser_changes: int
    load_sessions: tuple[int, ...]
    load_seconds: float
    think_s: tuple[float, float]
    reader_sessions: tuple[int, ...]  # mixed reading
    reader_seconds: float
    arrival_rates: tuple[float, ...]  # new visitors per second
    arrival_seconds: float
    press_kit_langs: tuple[str, ...]
    report_langs: tuple[str, ...] = ("en",)  # the edition report (bench.pdf)
    report_prints: int = 1


FULL = Plan(query_rows=(0, 1_000_000), query_repeat=7, pages=None, page_runs=9, cold_starts=3,
            browser_changes=8, load_sessions=(5, 10, 20, 50, 100), load_seconds=60,
            think_s=(2.0, 5.0), reader_sessions=(5, 10, 20, 30, 50, 80, 100, 120),
            reader_seconds=60, arrival_rates=(1, 2, 4, 8, 16, 24, 32), arrival_seconds=30,
            press_kit_langs=("en", "ko"), report_langs=("en", "ko"), report_prints=5)
QUICK = Plan(query_rows=(0,), query_repeat=3, pages=("overview", "about"), page_runs=3,
             cold_starts=1, browser_changes=2, load_sessions=(2,), load_seconds=4,
             think_s=(0.5, 1.0), reader_sessions=(2,), reader_seconds=6, arrival_rates=(1,),
             arrival_seconds=2, press_kit_langs=("en",))
