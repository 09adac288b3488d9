"""What may be said about a figure at a moment (data contract, "What may be said").

Between the figures and every medium: pages, chart titles, KPI changes, press sentences, the
report, the press kit and the digest ask here whether a figure is known, provisional, not yet
known, under embargo or final, and what an earlier edition may be compared with. Pure: the
edition's dates, the moment and the figures in; a verdict out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

import pandas as pd

from prizestats.core.disclosure import SMALL, is_hidden
from prizestats.core.editions import Edition
from prizestats.figures import intake

# A rate is ranked only on a base of at least this many entries (the ⚠ threshold of the charts).
MIN_RATE_BASE = 10
RESULT_METRICS = ("eligible", "finalists", "winners")


class State(IntEnum):
    """An edition's state at a moment, in the order it passes through them."""
    BEFORE_CALL = 0
    OPEN = 1
    CLOSED_UNSCREENED = 2
    SCREENED = 3
    FINALISTS_ANNOUNCED = 4
    AFTER_CEREMONY = 5


class Status(StrEnum):
    """What a figure is at a moment; its flag in machine outputs in brackets."""
    PROVISIONAL = "provisional"  # p: the call is open
    NOT_YET = "not_yet"  # the stage it counts is not reached: never a 0
    EMBARGOED = "embargoed"  # x: not yet public
    FINAL = "final"


SCREENED_STAGES = ("ineligible", "eligible", "finalist", "winner")


def state(dates: Edition, as_of: datetime, by_stage: dict, embargoed: frozenset[str]) -> State:
    """From the dates and the data: a stage counts as reached once an entry is in it (as the
    viewer may see it) or its public moment has passed; results under embargo are not."""
    if dates.call_opens_at is not None and as_of < dates.call_opens_at:
        return State.BEFORE_CALL
    if dates.call_open(as_of):
        return State.OPEN
    ceremony = dates.ceremony_at
    if "winners" not in embargoed and (_count(by_stage.get("winner"))
                                       or (ceremony is not None and as_of >= ceremony)):
        return State.AFTER_CEREMONY
    announced = dates.finalists_public_at
    if "finalists" not in embargoed and (
            _count(by_stage.get("finalist")) or _count(by_stage.get("winner"))
            or (announced is not None and as_of >= announced)):
        return State.FINALISTS_ANNOUNCED
    if any(_count(by_stage.get(stage)) for stage in SCREENED_STAGES):
        return State.SCREENED
    return State.CLOSED_UNSCREENED


def dated(dates: Edition, as_of: datetime, changed_at: datetime | None) -> datetime:
    """The moment a view's figures are dated by (data contract, "What may be said"): while the
    call is open (or before it, or with no deadline known) the moment they are read, since
    they change live; once it has closed, the moment they last changed: `changed_at` (the
    last arrival, screening, announcement or import that touched the edition by `as_of`:
    figures_changed.sql), the close, or the ceremony once it has passed, whichever is latest,
    and never later than `as_of`. Every "as of" said to a person names this moment; as it
    only moves when the figures do, a cache keyed on it holds longer than one keyed on now."""
    closes = dates.call_closes_at
    if closes is None or as_of < closes:
        return as_of
    moments = (changed_at, closes, dates.ceremony_at)
    return max(moment for moment in moments if moment is not None and moment <= as_of)


def _number(value: object) -> float | None:
    """A count or rate the viewer may read as a number; None for one hidden ("<3", NA) or
    under embargo (None)."""
    if value is None or isinstance(value, str) or is_hidden(value) or pd.isna(value):
        return None
    return float(value)


def _count(value: object) -> int:
    """For a stage reached: a count the viewer may read, and a hidden one (<3) is at least one."""
    if value == SMALL:
        return 1
    return int(_number(value) or 0)


# The state from which each figure is known.
KNOWN_FROM = {"entries": State.OPEN, "countries": State.OPEN, "cities": State.OPEN,
              "eligible": State.SCREENED, "finalists": State.FINALISTS_ANNOUNCED,
              "winners": State.AFTER_CEREMONY}


def status(metric: str, at: State, embargoed: frozenset[str]) -> Status:
    """One headline figure's status (entries, countries, cities, eligible, finalists, winners)."""
    if metric in embargoed:
        return Status.EMBARGOED
    if at < KNOWN_FROM[metric]:
        return Status.NOT_YET
    if at == State.OPEN:
        return Status.PROVISIONAL
    return Status.FINAL


@dataclass(frozen=True)
class Comparison:
    """What a figure may be set against: the earlier edition's count, and whether that count is
    taken at the same number of days before its own deadline (the call still open)."""
    edition: int
    value: int
    same_point: bool
    days: int | None = None


def comparison(metric: str, at: State, dates: Edition, as_of: datetime, previous: Edition | None,
               previous_final: object, curve: pd.DataFrame | None,
               said: Status | None = None) -> Comparison | None:
    """Like with like: while this call is open, only entries, against the earlier edition's
    entries at the same number of days before its deadline (none when that call had not opened
    yet at that point); once closed, a final figure against the earlier edition's final one
    (`said`: the figure's status when known better than from the state alone)."""
    if previous is None or _number(previous_final) is None:
        return None
    if said is not None and said not in (Status.FINAL, Status.PROVISIONAL):
        return None
    if said == Status.PROVISIONAL and at != State.OPEN:
        return None  # a stage under way (screening) is not set against a finished one
    if at == State.OPEN:
        if metric != "entries" or curve is None or dates.call_closes_at is None \
                or previous.call_closes_at is None:
            return None
        days = intake.days_before(as_of, dates.call_closes_at)
        opened = previous.call_opens_at
        if opened is not None and intake.days_before(opened, previous.call_closes_at) < days:
            return None  # the earlier call had not opened yet at that point
        return Comparison(previous.number, intake.count_at(curve, previous.number, days), True,
                          days)
    if at < KNOWN_FROM[metric]:
        return None
    return Comparison(previous.number, int(previous_final), False)


def leaders(counts: dict[str, object]) -> tuple[list[str], int] | None:
    """The names that lead, ties included, and their count; None when nothing leads (every
    count 0 or hidden)."""
    readable = {name: int(number) for name, value in counts.items()
                if (number := _number(value)) is not None}
    top = max(readable.values(), default=0)
    if top <= 0:
        return None
    return [name for name, value in readable.items() if value == top], top


def rate_leaders(rates: pd.DataFrame, name: str, rate: str, base: str
                 ) -> tuple[list[str], float] | None:
    """The highest rate among bases of at least MIN_RATE_BASE, ties included; None when no base
    is large enough or the highest rate is 0."""
    usable = rates[[(_number(b) or 0) >= MIN_RATE_BASE and _number(r) is not None
                    for b, r in zip(rates[base], rates[rate], strict=True)]]
    if usable.empty:
        return None
    top = float(usable[rate].max())
    if top <= 0:
        return None
    return list(usable.loc[usable[rate] == top, name]), top


HEADLINE = ("entries", "countries", "cities", "eligible", "finalists", "winners")


def statuses(dates: Edition, as_of: datetime, result: dict, embargoed: frozenset[str]
             ) -> tuple[State, dict[str, Status]]:
    """The edition's state for this view (its figures object) and each headline figure's
    status: what every medium asks before it states a figure, a change or a mark."""
    by_stage = result.get("by_stage", {})
    at = state(dates, as_of, by_stage, embargoed)
    said = {metric: status(metric, at, embargoed) for metric in HEADLINE}
    if at == State.SCREENED and _count(by_stage.get("received")):
        said["eligible"] = Status.PROVISIONAL  # screening under way: some entries still wait
    return at, said


def headline_of(metric: str) -> str:
    """The headline figure a published metric depends on (eligible_by_region6 -> eligible)."""
    return next((m for m in ("eligible", "finalists", "winners") if metric.startswith(m)),
                "entries")


def comparable_now(metric: str, said: dict[str, Status]) -> bool:
    """Whether a figure may be set against a published one now: only when final (a provisional
    count, a stage not reached or a result under embargo gets no ✓ or ≠)."""
    return said[headline_of(metric)] == Status.FINAL


def not_yet(dates: Edition, as_of: datetime, result: dict, embargoed: frozenset[str]
            ) -> frozenset[str]:
    """The headline figures whose stage is not reached at this moment: what a chart draws no
    bar for and no title states as 0."""
    _, said = statuses(dates, as_of, result, embargoed)
    return frozenset(metric for metric, status in said.items() if status == Status.NOT_YET)


def provisional(dates: Edition, as_of: datetime, result: dict, embargoed: frozenset[str]
                ) -> frozenset[str]:
    """The headline figures that may still change at this moment (an open call's counts, a
    screening under way): a chart says "so far" and ranks no rate on them."""
    _, said = statuses(dates, as_of, result, embargoed)
    return frozenset(metric for metric, status in said.items()
                     if status == Status.PROVISIONAL)
