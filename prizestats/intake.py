"""The open call: pace against earlier editions, who is missing, and a projection of the final
count with its backtest. Pure functions over the frames of intake_curve.sql and
first_arrivals_by_country.sql; no Streamlit.

Projection method: at d calendar days before the deadline, each earlier edition j had received
the fraction f_j = C_j(d) / F_j of its final count F_j. If this edition follows j's shape, it will
end with C(d) / f_j. The projection is the mean of these values; the 80 % interval is the mean ±
t(0.90, k-1) · sd · sqrt(1 + 1/k) over the k earlier editions (a prediction interval for one more
value from the same spread). With fewer than two earlier editions there is no interval.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from prizestats.times import KST

# One-sided 90 % quantiles of Student's t (two-sided 80 % interval) by degrees of freedom.
T_90 = {1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397,
        9: 1.383, 10: 1.372}
NORMAL_90 = 1.2816
BACKTEST_DAYS = (30, 14, 7)


def seoul_date(moment: datetime) -> date:
    return moment.astimezone(KST).date()


def days_before(moment: datetime, closes: datetime) -> int:
    """Calendar days from `moment` to the deadline, both counted in Seoul; 0 on the day."""
    return (seoul_date(closes) - seoul_date(moment)).days


def count_at(curve: pd.DataFrame, edition: int, days: int) -> int:
    """Entries an edition had received by the end of the day `days` before its deadline."""
    rows = curve[(curve["edition"] == edition) & (curve["days_before"] >= days)]
    return int(rows["entries"].sum())


def final_count(curve: pd.DataFrame, edition: int) -> int:
    return int(curve.loc[curve["edition"] == edition, "entries"].sum())


@dataclass(frozen=True)
class Pace:
    edition: int
    year: int
    entries_then: int
    difference: int
    ratio: float | None  # this edition / that edition - 1; None when that edition had none


def pace(curve: pd.DataFrame, edition: int, days: int, others: list[int]) -> list[Pace]:
    now = count_at(curve, edition, days)
    rows = []
    for other in others:
        then = count_at(curve, other, days)
        year = int(curve.loc[curve["edition"] == other, "year"].iloc[0])
        rows.append(Pace(other, year, then, now - then, (now / then - 1) if then else None))
    return rows


@dataclass(frozen=True)
class Projection:
    point: float
    low: float | None  # None: too few editions for an interval
    high: float | None
    basis: dict[int, float]  # edition -> the final count its shape implies


def project(curve: pd.DataFrame, entries_so_far: int, days: int, others: list[int]
            ) -> Projection | None:
    """The final count implied by each other edition's shape at `days` before the deadline."""
    basis = {}
    for other in others:
        then = count_at(curve, other, days)
        if then:
            basis[other] = entries_so_far * final_count(curve, other) / then
    if not basis:
        return None
    values = list(basis.values())
    point = statistics.fmean(values)
    if len(values) < 2:
        return Projection(point, None, None, basis)
    spread = statistics.stdev(values) * (1 + 1 / len(values)) ** 0.5
    t = T_90.get(len(values) - 1, NORMAL_90)
    return Projection(point, max(entries_so_far, point - t * spread), point + t * spread, basis)


def backtest(curve: pd.DataFrame, editions: list[int], days: tuple[int, ...] = BACKTEST_DAYS
             ) -> pd.DataFrame:
    """For each edition, leaving it out: the projection at each `days` vs its actual final."""
    rows = []
    for edition in editions:
        others = [e for e in editions if e != edition]
        actual = final_count(curve, edition)
        year = int(curve.loc[curve["edition"] == edition, "year"].iloc[0])
        for d in days:
            so_far = count_at(curve, edition, d)
            projection = project(curve, so_far, d, others)
            inside = None
            if projection is not None and projection.low is not None:
                inside = projection.low <= actual <= projection.high
            rows.append({
                "edition": edition, "year": year, "days_before": d, "entries_then": so_far,
                "projected": None if projection is None else round(projection.point),
                "low": None if projection is None or projection.low is None
                else round(projection.low),
                "high": None if projection is None or projection.high is None
                else round(projection.high),
                "actual": actual,
                "error": None if projection is None else (projection.point - actual) / actual,
                "inside": inside,
            })
    return pd.DataFrame(rows)


def missing(first_arrivals: pd.DataFrame, edition: int, previous: int, days: int
            ) -> pd.DataFrame:
    """Countries that had entered `previous` by this point but have not entered `edition` yet."""
    before = first_arrivals[(first_arrivals["edition"] == previous)
                            & (first_arrivals["first_days_before"] >= days)]
    now = set(first_arrivals.loc[first_arrivals["edition"] == edition, "country"])
    return before[~before["country"].isin(now)].sort_values(["region", "country"])


def missing_regions(first_arrivals: pd.DataFrame, edition: int, previous: int, days: int
                    ) -> list[str]:
    before = first_arrivals[(first_arrivals["edition"] == previous)
                            & (first_arrivals["first_days_before"] >= days)]
    now = set(first_arrivals.loc[first_arrivals["edition"] == edition, "region"])
    return sorted(set(before["region"]) - now)
