"""The open call: days to the deadline, pace, projection, backtest, who is missing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from prizestats.core.scope import View
from prizestats.core.times import parse_as_of
from prizestats.figures import intake


def curve(rows: dict[int, dict[int, int]], years: dict[int, int] | None = None) -> pd.DataFrame:
    """{edition: {days_before: entries}} as intake_curve.sql returns it."""
    records = []
    for edition, days in rows.items():
        running = 0
        for day in sorted(days, reverse=True):
            running += days[day]
            records.append({"edition": edition, "year": (years or {}).get(edition, 2022 + edition),
                            "days_before": day, "entries": days[day], "late": int(day < 0),
                            "cumulative": running})
    return pd.DataFrame(records)


# Edition 1: 10 entries 30 days out, 40 at 7 days out, 100 in the end.
# Edition 2: the same shape at twice the size.
CURVES = curve({
    1: {30: 10, 14: 10, 7: 20, 0: 60},
    2: {30: 20, 14: 20, 7: 40, 0: 120},
    3: {30: 15, 14: 15},
})


@pytest.mark.parametrize(("moment", "expected"), [
    ("2025-05-01T23:59:59+09:00", 29),
    ("2025-05-01T15:00:00+00:00", 28),  # already 2 May in Seoul
    ("2025-05-30T00:00:00+09:00", 0),
    ("2025-05-31T00:00:00+09:00", -1),
])
def test_days_before_counts_calendar_days_in_seoul(moment, expected):
    closes = datetime(2025, 5, 30, 23, 59, 59, tzinfo=timezone(timedelta(hours=9)))
    assert intake.days_before(datetime.fromisoformat(moment), closes) == expected


@pytest.mark.parametrize(("edition", "days", "expected"), [
    (1, 30, 10), (1, 29, 10), (1, 14, 20), (1, 7, 40), (1, 0, 100), (1, -5, 100), (3, 14, 30),
    (1, 31, 0),
])
def test_count_at(edition, days, expected):
    assert intake.count_at(CURVES, edition, days) == expected


def test_pace():
    paces = intake.pace(CURVES, 3, 14, [1, 2])
    assert [(p.year, p.entries_then, p.difference, round(p.ratio, 3)) for p in paces] == [
        (2023, 20, 10, 0.5), (2024, 40, -10, -0.25)]


def test_a_curve_identical_to_another_projects_its_final_count():
    same_as_1 = curve({1: {30: 10, 14: 10, 7: 20, 0: 60}, 9: {30: 10, 14: 10, 7: 20}})
    projection = intake.project(same_as_1, intake.count_at(same_as_1, 9, 7), 7, [1])
    assert projection.point == 100
    assert (projection.low, projection.high) == (None, None)  # one edition: no interval


def test_projection_from_two_shapes_with_an_interval():
    # Edition 3 has 30 at 14 days out; editions 1 and 2 both had 20 % by then: 150 from both.
    projection = intake.project(CURVES, 30, 14, [1, 2])
    assert projection.basis == {1: 150.0, 2: 150.0}
    assert (projection.point, projection.low, projection.high) == (150.0, 150.0, 150.0)


def test_projection_interval_follows_the_spread():
    shapes = curve({1: {10: 10, 0: 90}, 2: {10: 20, 0: 80}, 3: {10: 10}})
    projection = intake.project(shapes, 10, 10, [1, 2])
    # implied finals 100 and 50: mean 75, sd 35.355, t(1) = 3.078, sqrt(1.5) = 1.2247
    assert projection.point == 75
    assert round(projection.high, 1) == round(75 + 3.078 * 35.3553 * 1.224745, 1)
    assert projection.low == 10  # never below what has already arrived


def test_no_projection_without_a_comparable_edition():
    assert intake.project(CURVES, 30, 14, []) is None
    assert intake.project(CURVES, 5, 45, [1, 2]) is None  # nobody had entered 45 days out


def test_backtest_leaves_each_edition_out():
    table = intake.backtest(CURVES[CURVES["edition"] < 3], [1, 2], days=(30, 7))
    assert table[["year", "days_before", "entries_then", "projected", "actual"]].to_dict(
        "records") == [
        {"year": 2023, "days_before": 30, "entries_then": 10, "projected": 100, "actual": 100},
        {"year": 2023, "days_before": 7, "entries_then": 40, "projected": 100, "actual": 100},
        {"year": 2024, "days_before": 30, "entries_then": 20, "projected": 200, "actual": 200},
        {"year": 2024, "days_before": 7, "entries_then": 80, "projected": 200, "actual": 200},
    ]
    assert table["inside"].isna().all()  # one edition left to learn from: no interval
    assert list(table["error"]) == [0.0, 0.0, 0.0, 0.0]


FIRST_ARRIVALS = pd.DataFrame([
    {"edition": 1, "country": "KOR", "region": "Asia", "first_days_before": 40},
    {"edition": 1, "country": "KEN", "region": "Africa", "first_days_before": 20},
    {"edition": 1, "country": "FRA", "region": "Europe", "first_days_before": 5},
    {"edition": 2, "country": "KOR", "region": "Asia", "first_days_before": 10},
])


@pytest.mark.parametrize(("days", "countries", "regions"), [
    (30, [], []),
    (14, ["KEN"], ["Africa"]),
    (3, ["KEN", "FRA"], ["Africa", "Europe"]),
])
def test_who_is_missing(days, countries, regions):
    missing = intake.missing(FIRST_ARRIVALS, 2, 1, days)
    assert list(missing["country"]) == countries
    assert intake.missing_regions(FIRST_ARRIVALS, 2, 1, days) == regions


def test_intake_curve_query_on_the_fixture(fixture_db, run_on):
    run = run_on(fixture_db)
    params = View(1, parse_as_of("2026-01-01"), False).params()
    params.pop("edition")
    frame = run("intake_curve", params)
    edition_1 = frame[frame["edition"] == 1]
    assert edition_1[["days_before", "entries", "late", "cumulative"]].to_dict("records") == [
        {"days_before": 59, "entries": 1, "late": 0, "cumulative": 1},   # A4, 2 Apr
        {"days_before": 30, "entries": 1, "late": 0, "cumulative": 2},   # A1, 1 May
        {"days_before": 21, "entries": 1, "late": 0, "cumulative": 3},   # A8, 10 May
        {"days_before": 16, "entries": 1, "late": 0, "cumulative": 4},   # A6, 15 May
        {"days_before": 11, "entries": 1, "late": 0, "cumulative": 5},   # A3, 20 May (no offset)
        {"days_before": 1, "entries": 1, "late": 0, "cumulative": 6},    # A5, 30 May
        {"days_before": 0, "entries": 1, "late": 0, "cumulative": 7},    # A2, 23:59:59 on the day
        {"days_before": -1, "entries": 1, "late": 1, "cumulative": 8},   # A7, 30 s after
    ]


def test_intake_on_the_sample_replays_1_may_2025(sample_db, run_on):
    run = run_on(sample_db)
    params = View(3, parse_as_of("2025-05-01"), False).params()
    params.pop("edition")
    frame = run("intake_curve", params)
    assert intake.count_at(frame, 3, 29) == 64
    assert [(p.year, p.entries_then) for p in intake.pace(frame, 3, 29, [1, 2])] == [
        (2023, 77), (2024, 99)]


@pytest.mark.parametrize(("lang", "counts", "expected"), [
    ("en", [12, 5, 12], "Arrivals per day: 12 on each of Thu 1 May and Sat 3 May, the busiest "
                        "days so far"),
    ("ko", [12, 5, 12], "일별 접수: 5월 1일 (목), 5월 3일 (토)에 각 12건으로 지금까지 가장 많았습니다"),
    ("en", [12, 5, 3], "Arrivals per day: 12 on Thu 1 May, the busiest day so far"),
    ("en", [0, 0, 0], "No entries by this date."),
])
def test_the_busiest_day_names_a_tie_and_never_a_day_of_nothing(lang, counts, expected):
    """Rankings that hold (issue 27, 4): days tied at the top are named together."""
    from datetime import date

    daily = pd.DataFrame({"day": [date(2025, 5, 1), date(2025, 5, 2), date(2025, 5, 3)],
                          "entries": counts})
    assert intake.daily_title(daily, lang) == expected


def test_an_edition_with_no_entry_yet_at_that_point_is_not_compared():
    """Like with like (issue 27): 100 days before its deadline the 2025 call had not opened,
    so 2026 at that point is set against 2024 alone, never "+31 (0 then)"."""
    curve = pd.DataFrame({"edition": [2, 3, 3, 4], "year": [2024, 2025, 2025, 2026],
                          "days_before": [120, 60, 0, 110], "entries": [12, 40, 180, 31]})
    assert intake.pace(curve, 4, 100, [2, 3]) == [intake.Pace(2, 2024, 12, 19, 31 / 12 - 1)]
