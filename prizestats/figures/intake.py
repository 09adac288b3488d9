"""The open call: pace against earlier editions, who is missing, and a projection of the final
count with its backtest. Pure functions over the frames of intake_curve.sql and
first_arrivals_by_country.sql; no Streamlit.

Projection method: at d calendar days before the deadline, each earlier edition j had received
the fraction f_j = C_j(d) / F_j of its final count F_j. If this edition follows j's shape, it will
end with C(d) / f_j. The projection is the mean of these values; the 80 % interval is the mean ±
t(0.90, k-1) · sd · sqrt(1 + 1/k) over the k earlier editions (a prediction interval for one more
value from the same spread). With fewer than two earlier editions there is no interval.

The sentences at the end are what the Intake page and the daily digest (digest.py) both say, so
the two never disagree.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from prizestats.core.times import KST, optional_moment
from prizestats.words import grammar, i18n

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
    """This edition against each earlier one at the same number of days before its deadline.
    An edition with no entry yet at that point (its call had not opened, or nothing had come)
    is not compared: "+31 (0 then)" sets a call against one that had not begun."""
    now = count_at(curve, edition, days)
    rows = []
    for other in others:
        then = count_at(curve, other, days)
        if not then:
            continue
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


# The backtest's columns as people read them (the Intake page, the edition report).
BACKTEST_COLUMNS = ["year", "days_before", "entries_then", "projected", "low", "high", "actual",
                    "error", "inside"]


def backtest_text(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The backtest with its projections, error and whether the actual count fell inside the
    interval written as words in the language (headers still the codes of BACKTEST_COLUMNS)."""
    table = table.copy()
    if table.empty:
        return table

    def inside(value: object) -> str:
        if value is None or pd.isna(value):
            return i18n.t("no_interval", lang)
        return i18n.t("yes", lang) if value else i18n.t("no", lang)

    table["error"] = [i18n.percent(v, lang) if v is not None and not pd.isna(v) else ""
                      for v in table["error"]]
    table["inside"] = [inside(v) for v in table["inside"]]
    for column in ("projected", "low", "high"):
        table[column] = [str(int(v)) if v is not None and not pd.isna(v) else ""
                         for v in table[column]]
    return table


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


def earlier_editions(editions: pd.DataFrame, curve: pd.DataFrame, edition: int,
                     as_of: datetime) -> list[int]:
    """Editions before `edition` whose call had closed by `as_of` (editions.sql gives the
    dates): their curves are complete, so they can be compared with and projected from."""
    dates = editions.set_index("edition")
    complete = []
    for other in sorted(set(curve["edition"])):
        closes = optional_moment(dates.loc[other, "call_closes_at"]) \
            if other in dates.index else None
        if other < edition and closes is not None and closes < as_of:
            complete.append(int(other))
    return complete


def late_count(curve: pd.DataFrame, edition: int) -> int:
    return int(curve.loc[curve["edition"] == edition, "late"].sum())


def change_text(pace_: Pace, lang: str, same_point: bool = False) -> str:
    """"35.4% fewer than in 2024", or the difference in entries when it had none then
    ("four more than in 2024"): never a signed number in a sentence (docs/style.md).
    `same_point`: said so, for a sentence that does not name the days itself."""
    return i18n.change(pace_.difference, pace_.year, lang, ratio=pace_.ratio,
                       same_point=same_point)


def title_text(lang: str, year: int, so_far: int, days: int, paces: list[Pace],
               opens: datetime | None = None) -> str:
    """The finding of the intake curve: "Entries for 2025: 64 with 29 days to the deadline,
    35.4% fewer than at the same point in 2024 (99 then)", against the latest earlier
    edition. Before the call (`opens`: when it opens) there is nothing to count yet: when it
    opens, and that the earlier editions' curves show what is to come."""
    if opens is not None:
        return i18n.t("intake_title_before_call", lang, year=year, opens=i18n.day(opens, lang))
    if days < 0:
        return i18n.t("intake_title_after", lang, year=year, entries=i18n.number(so_far, lang),
                      days=-days)
    latest = paces[-1] if paces else None
    vs = "" if latest is None else i18n.t("pace_vs", lang,
                                          change=change_text(latest, lang, same_point=True),
                                          year=latest.year,
                                          then=i18n.number(latest.entries_then, lang))
    return i18n.t("intake_title", lang, year=year, entries=i18n.number(so_far, lang),
                  days=days, pace=vs)


def pace_texts(lang: str, paces: list[Pace], days: int) -> list[str]:
    """One sentence per earlier edition, the latest first; none when there is no earlier one."""
    key = "pace_line" if days >= 0 else "pace_line_final"
    return [i18n.t(key, lang, change=change_text(p, lang), year=p.year, days=days,
                   then=i18n.number(p.entries_then, lang)) for p in reversed(paces)]


def projection_text(lang: str, curve: pd.DataFrame, so_far: int, days: int,
                    earlier: list[int]) -> str:
    """The projected final count with its 80 % interval, in a sentence."""
    if days < 0:
        return i18n.t("projection_closed", lang)
    projection = project(curve, so_far, days, earlier)
    if projection is None:
        return i18n.t("projection_none", lang)
    years = dict(zip(curve["edition"], curve["year"], strict=False))
    editions = grammar.join((i18n.t("year_value", lang, year=years[e]) for e in projection.basis),
                            lang)
    point = i18n.number(round(projection.point), lang)
    if projection.low is None:
        return i18n.t("projection_no_interval", lang, point=point, editions=editions)
    return i18n.t("projection_line", lang, point=point, editions=editions,
                  low=i18n.number(round(projection.low), lang),
                  high=i18n.number(round(projection.high), lang))


def late_text(lang: str, late: int, closes: datetime) -> str | None:
    if not late:
        return None
    return i18n.t("late_entries", lang, count=late, deadline=i18n.moment(closes, lang))


def daily_title(daily: pd.DataFrame, lang: str) -> str:
    """The finding of the arrivals-per-day chart: its busiest day so far, or days when several
    tie (statements.leaders: a tie named as one, no busiest day of 0)."""
    from prizestats.figures import statements

    per_day = daily.groupby("day", as_index=False)["entries"].sum().sort_values("day")
    top = statements.leaders(dict(zip(per_day["day"], per_day["entries"], strict=True)))
    if top is None:
        return i18n.t("no_entries", lang)
    days = [i18n.weekday_day(d, lang) for d in top[0]]
    if len(days) > 1:
        return i18n.t("daily_title_tie", lang, peak=top[1], day=days)
    return i18n.t("daily_title", lang, peak=top[1], day=days[0])
