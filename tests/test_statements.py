"""What may be said at a moment: an edition's state, each figure's status, like-with-like
comparisons, leads that are leads (prizestats.figures.statements)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from prizestats.core.editions import Edition
from prizestats.core.times import KST
from prizestats.figures.statements import (
    Comparison,
    State,
    Status,
    comparison,
    leaders,
    rate_leaders,
    state,
    status,
    statuses,
)

EDITION_3 = Edition(3, 2025, call_opens_at=datetime(2025, 2, 3, tzinfo=KST),
                    call_closes_at=datetime(2025, 5, 31, 18, tzinfo=KST),
                    finalists_announced_at=datetime(2025, 8, 20, 12, tzinfo=KST),
                    ceremony_at=datetime(2025, 9, 30, 18, tzinfo=KST))
EDITION_4 = Edition(4, 2026, call_opens_at=datetime(2026, 1, 5, tzinfo=KST),
                    call_closes_at=datetime(2026, 5, 29, 18, tzinfo=KST))
UNSCREENED = {"received": 220, "ineligible": 0, "eligible": 0, "finalist": 0, "winner": 0}
SCREENED = {"received": 0, "ineligible": 20, "eligible": 200, "finalist": 0, "winner": 0}
FINALISTS = {"received": 0, "ineligible": 20, "eligible": 155, "finalist": 45, "winner": 0}
WINNERS = {"received": 0, "ineligible": 20, "eligible": 155, "finalist": 24, "winner": 21}


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=KST)


@pytest.mark.parametrize(("moment", "by_stage", "embargoed", "expected"), [
    (at(2025, 2, 2, 23, 59), UNSCREENED, frozenset(), State.BEFORE_CALL),
    (at(2025, 2, 3), UNSCREENED, frozenset(), State.OPEN),
    (at(2025, 5, 31, 17, 59), UNSCREENED, frozenset(), State.OPEN),
    (at(2025, 5, 31, 18), UNSCREENED, frozenset(), State.CLOSED_UNSCREENED),
    (at(2025, 7, 1), SCREENED, frozenset(), State.SCREENED),
    # organisers see the finalists once decided; press only from the announcement
    (at(2025, 8, 1), FINALISTS, frozenset(), State.FINALISTS_ANNOUNCED),
    (at(2025, 8, 1), SCREENED, frozenset({"finalists", "winners"}), State.SCREENED),
    (at(2025, 8, 20, 12), FINALISTS, frozenset({"winners"}), State.FINALISTS_ANNOUNCED),
    (at(2025, 9, 30, 17, 59), FINALISTS, frozenset({"winners"}), State.FINALISTS_ANNOUNCED),
    (at(2025, 9, 30, 18), WINNERS, frozenset(), State.AFTER_CEREMONY),
    (at(2026, 12, 7), WINNERS, frozenset(), State.AFTER_CEREMONY),
])
def test_the_state_of_an_edition(moment, by_stage, embargoed, expected):
    assert state(EDITION_3, moment, by_stage, embargoed) == expected


@pytest.mark.parametrize(("metric", "at_state", "embargoed", "expected"), [
    ("entries", State.OPEN, frozenset(), Status.PROVISIONAL),
    ("entries", State.CLOSED_UNSCREENED, frozenset(), Status.FINAL),
    ("eligible", State.OPEN, frozenset(), Status.NOT_YET),
    ("eligible", State.CLOSED_UNSCREENED, frozenset(), Status.NOT_YET),
    ("eligible", State.SCREENED, frozenset(), Status.FINAL),
    ("finalists", State.SCREENED, frozenset(), Status.NOT_YET),
    ("finalists", State.SCREENED, frozenset({"finalists", "winners"}), Status.EMBARGOED),
    ("winners", State.FINALISTS_ANNOUNCED, frozenset(), Status.NOT_YET),
    ("winners", State.FINALISTS_ANNOUNCED, frozenset({"winners"}), Status.EMBARGOED),
    ("winners", State.AFTER_CEREMONY, frozenset(), Status.FINAL),
])
def test_the_status_of_a_figure(metric, at_state, embargoed, expected):
    assert status(metric, at_state, embargoed) == expected


CURVE = pd.DataFrame({  # entries by days before each deadline
    "edition": [3, 3, 3, 4, 4],
    "days_before": [100, 28, 0, 60, 28],
    "entries": [40, 25, 155, 70, 33],
})


def test_an_open_call_is_compared_at_the_same_point_of_the_earlier_call():
    moment = at(2026, 5, 1, 12)  # 28 days before edition 4's deadline
    assert comparison("entries", State.OPEN, EDITION_4, moment, EDITION_3, 220, CURVE) == \
        Comparison(3, 65, True, 28)


def test_an_open_call_compares_nothing_but_its_entries():
    moment = at(2026, 5, 1, 12)
    for metric in ("countries", "cities", "eligible", "finalists", "winners"):
        assert comparison(metric, State.OPEN, EDITION_4, moment, EDITION_3, 40, CURVE) is None


def test_an_earlier_call_not_yet_open_at_that_point_is_not_compared():
    moment = at(2026, 1, 6)  # 143 days before edition 4's deadline; edition 3's call ran 117 days
    assert comparison("entries", State.OPEN, EDITION_4, moment, EDITION_3, 220, CURVE) is None


def test_a_closed_edition_is_compared_with_the_final_count_once_known():
    assert comparison("entries", State.AFTER_CEREMONY, EDITION_3, at(2026, 1, 1), EDITION_3,
                      197, None) == Comparison(3, 197, False)
    assert comparison("eligible", State.CLOSED_UNSCREENED, EDITION_3, at(2025, 6, 2),
                      EDITION_3, 180, None) is None


@pytest.mark.parametrize(("counts", "expected"), [
    ({"Asia": 29, "Europe": 29, "Africa": 3}, (["Asia", "Europe"], 29)),
    ({"Asia": 30, "Europe": 29}, (["Asia"], 30)),
    ({"Asia": 0, "Europe": 0}, None),
    ({"Asia": "<3", "Europe": 0}, None),
    ({}, None),
])
def test_leaders_name_ties_and_nothing_at_zero(counts, expected):
    assert leaders(counts) == expected


def test_rates_are_ranked_only_on_bases_of_ten_or_more():
    rates = pd.DataFrame({"region": ["Africa", "Asia", "Oceania", "Europe"],
                          "entries": [5, 66, 2, 26], "rate": [0.4, 0.27, 1.0, 0.27]})
    assert rate_leaders(rates, "region", "rate", "entries") == (["Asia", "Europe"], 0.27)
    assert rate_leaders(rates[rates["entries"] < 10], "region", "rate", "entries") is None
    zero = rates.assign(rate=0.0)
    assert rate_leaders(zero, "region", "rate", "entries") is None


def test_screening_under_way_leaves_eligible_provisional_and_uncompared():
    under_way = {"received": 160, "ineligible": 5, "eligible": 55, "finalist": 0, "winner": 0}
    at_state, said = statuses(EDITION_3, at(2025, 6, 15), {"by_stage": under_way}, frozenset())
    assert at_state == State.SCREENED
    assert said == {"entries": Status.FINAL, "countries": Status.FINAL, "cities": Status.FINAL,
                    "eligible": Status.PROVISIONAL, "finalists": Status.NOT_YET,
                    "winners": Status.NOT_YET}
    assert comparison("eligible", at_state, EDITION_3, at(2025, 6, 15), EDITION_3, 194, None,
                      said["eligible"]) is None
    assert comparison("entries", at_state, EDITION_3, at(2025, 6, 15), EDITION_3, 216, None,
                      said["entries"]) == Comparison(3, 216, False)
