"""What a viewer other than an organiser may read of a query's result: the data contract's
"Small counts" and the "not a zero" half of its "Embargo".

Every result of a query file passes through `disclose` (in db.run) before any page, chart,
download, press sentence or press kit sees it, so the rule is written once. A count that may not
be read becomes a missing value (pandas NA): it cannot be summed, coloured, sized or sorted into
a number, and every view writes it as words (`SMALL`, or "under embargo" for a result not yet
announced).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd

from prizestats.core.scope import FILTER_PARAMS

SMALL = "<3"
# The status flags of machine outputs (data contract, "Status flags"; prizestats.figures.flags),
# in the order several are written in: provisional, revised, not yet public, small count hidden,
# not applicable.
FLAGS = ("p", "r", "x", "c", "z")
SMALL_VALUES = (1, 2)
STAGE_COLUMNS = ("eligible", "finalists", "winners")

# Per query, its counts of entries and how many dimensions each has before any filter: the
# breakdown's own, plus one for a stage column (eligible, finalists, winners beside a
# breakdown). Each entry filter in use adds one. A count of two dimensions or more reads <3 when
# it is 1 or 2. Counts of countries and cities are not counts of entries and are not listed.
COUNT_DIMENSIONS: dict[str, dict[str, int]] = {
    "edition_summary": {"entries": 0, "eligible": 1, "finalists": 1, "winners": 1},
    "entries_by_region": {"entries": 1, "eligible": 2, "finalists": 2, "winners": 2},
    "entries_by_region6": {"entries": 1, "eligible": 2, "finalists": 2, "winners": 2},
    "entries_by_category": {"entries": 1, "eligible": 2, "finalists": 2, "winners": 2},
    "entries_by_applicant_type": {"entries": 1, "eligible": 2},
    "entries_by_stage": {"entries": 1},
    # announced winners are public one by one (the Results page): their award groups too
    "winners_by_award_group": {"winners": 1},
    "entries_by_country": {"entries": 1, "eligible": 2, "finalists": 2, "winners": 2},
    "entries_by_city": {"entries": 1},
    "category_by_applicant_type": {"entries": 2},
    "category_by_region": {"entries": 2},
    "entries_by_sector": {"entries": 1},
    "technologies_ranked": {"entries": 1},
    "conversion_by_group": {"entries": 1, "eligible": 2, "finalists": 2, "winners": 2},
    "region_stage_flow": {"entries": 2},
    "region_shares_by_edition": {"entries": 1},
    "wego_members_by_edition": {"entries": 1, "eligible": 2, "finalists": 2, "winners": 2},
    "new_vs_returning": {},  # countries and cities
    "results": {},  # the announced finalists and winners themselves
    "published_figures": {},  # exact once public (published_as_of in _macros.sql decides when)
    # a moment, no count: the last change the viewer's own figures show (results by their rules)
    "figures_changed": {},
    "events": {},  # no count: the public events only (events.sql reads $public)
    # the values of public figures, exact (public before and after the change: $public in revisions.sql)
    "revisions": {},
}

# Organisers' pages only (Intake, Entries): a running total or a list gives every count away,
# so no public viewer may run them at all.
ORGANISERS_ONLY = frozenset({"arrivals_by_day", "intake_curve", "first_arrivals_by_country",
                             "entries_list"})

# A column worked out from a count, or bounded by it, is hidden with it: a share would give the
# count away, and so would "2 cities" beside "<3 entries" (a place has at least one entry).
DERIVED = {"region_shares_by_edition": {"share": "entries"},
           "edition_summary": {"countries": "entries", "cities": "entries"},
           "entries_by_country": {"cities": "entries"}}

# Results listed largest first: once counts are hidden, the rows are sorted again so that hidden
# ones sit together as a tie (by name) between 3 and 0; the order the query gave them came from
# the exact counts and would tell a 2 from a 1. (count column, name column, group column)
RANKED = {"entries_by_country": ("entries", "iso3", None),
          "entries_by_city": ("entries", "city", None),
          "entries_by_region": ("entries", "region", None),
          "entries_by_region6": ("entries", "region", None),
          "entries_by_sector": ("entries", "sector", None),
          "technologies_ranked": ("entries", "technology", None),
          "conversion_by_group": ("entries", "group", "dimension")}
HIDDEN_RANK = 1.5  # between 3 and 0, where every hidden count is

# Every column that may hold a hidden count (views write it as words).
COUNT_COLUMNS = frozenset(
    [column for counts in COUNT_DIMENSIONS.values() for column in counts]
    + [column for derived in DERIVED.values() for column in derived if column != "share"])

# Rows that are themselves a stage (entries_by_stage, region_stage_flow): their count is that
# result, under embargo until it is announced.
STAGE_ROWS = {"finalist": "finalists", "winner": "winners"}

EmbargoLookup = Callable[[int, datetime], frozenset[str]]


class UndisclosedQueryError(LookupError):
    """A query that takes $public but is not in COUNT_DIMENSIONS: fail closed, never show it."""


def filters_in_use(params: dict) -> int:
    return sum(1 for name in FILTER_PARAMS if params.get(name))


def disclose(name: str, frame: pd.DataFrame, params: dict,
             embargoed: EmbargoLookup) -> pd.DataFrame:
    """The result as a non-organiser may read it (organisers get it unchanged).

    `embargoed(edition, as_of)` names the results of an edition not yet announced at as_of
    ("finalists", "winners"): their counts become NA rather than read as 0."""
    if not params.get("public"):
        return frame
    if name in ORGANISERS_ONLY:
        raise UndisclosedQueryError(f"query {name!r} is for organisers only")
    if name not in COUNT_DIMENSIONS:
        raise UndisclosedQueryError(
            f"query {name!r} is run for the public but its counts are not described in "
            "prizestats/core/disclosure.py COUNT_DIMENSIONS")
    shown = frame.copy()
    extra = filters_in_use(params)
    for column, dimensions in COUNT_DIMENSIONS[name].items():
        if column not in shown.columns:
            continue
        shown[column] = shown[column].astype("Int64")
        if dimensions + extra >= 2:
            small = shown[column].isin(SMALL_VALUES)
            shown.loc[small, column] = pd.NA
            for derived, source in DERIVED.get(name, {}).items():
                if source == column and derived in shown.columns:
                    kind = "Float64" if pd.api.types.is_float_dtype(shown[derived]) else "Int64"
                    shown[derived] = shown[derived].astype(kind)
                    shown.loc[small, derived] = pd.NA
    if name in RANKED:
        shown = rerank(shown, *RANKED[name])
    return _embargo(shown, params, embargoed)


def rerank(frame: pd.DataFrame, count: str, label: str, group: str | None) -> pd.DataFrame:
    """Largest first, hidden counts as a tie between 3 and 0, then by name (within groups)."""
    keys = ([group] if group else []) + ["_rank", label]
    ranked = frame.assign(_rank=frame[count].astype("Float64").fillna(HIDDEN_RANK))
    return (ranked.sort_values(keys, ascending=[True] * bool(group) + [False, True], kind="stable")
            .drop(columns="_rank").reset_index(drop=True))


def _embargo(frame: pd.DataFrame, params: dict, embargoed: EmbargoLookup) -> pd.DataFrame:
    as_of = params.get("as_of")
    has_results = {"finalists", "winners", "stage"} & set(frame.columns)
    if as_of is None or frame.empty or not has_results:
        return frame
    if "edition" in frame.columns:
        editions = frame["edition"].astype(int)
    elif params.get("edition") is not None:
        editions = pd.Series(int(params["edition"]), index=frame.index)
    else:
        return frame
    hidden = {e: embargoed(int(e), as_of) for e in editions.unique()}
    under = [hidden[e] for e in editions]
    for column in ("finalists", "winners"):
        if column in frame.columns:
            mask = [column in h for h in under]
            frame[column] = frame[column].astype("Int64")
            frame.loc[mask, column] = pd.NA
    if "stage" in frame.columns and "entries" in frame.columns:
        mask = [STAGE_ROWS.get(s) in h for s, h in zip(frame["stage"], under, strict=True)]
        frame["entries"] = frame["entries"].astype("Int64")
        frame.loc[mask, "entries"] = pd.NA
    return frame


def is_hidden(value: object) -> bool:
    """A count this viewer may not read (NA after `disclose`, or None in a figures object)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def readable(value: object) -> object:
    """A count for a figures object or a table: the number, or `SMALL`."""
    return SMALL if is_hidden(value) else int(value)
