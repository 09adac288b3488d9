"""Status flags of machine outputs (data contract, "Status flags"): one letter per thing a
reader of a file must know about a figure besides its value.

    p  provisional: the call is open, or the stage is not final (screening under way)
    r  revised since first made public
    x  not yet public (embargo): a result before its announcement
    c  a small count, hidden (<3)
    z  not applicable: a stage not reached yet (never a 0 that reads as "none"), or a
       breakdown the filters leave out

The figures JSON gains a "flags" object (key "metric" or "metric.dimension", value the letters,
"" for none), its CSV a flag column; the press kit's figures and the data bundle's table carry
them the same way. Pages keep their words ("<3", "under embargo until ...", "provisional").
Pure: statements.statuses and the small-count rule in, letters out.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from prizestats.core.disclosure import FLAGS, SMALL
from prizestats.core.editions import Edition
from prizestats.core.scope import EVERYTHING, Scope
from prizestats.figures import statements
from prizestats.figures.statements import HEADLINE, Status

STATUS_FLAG = {Status.PROVISIONAL: "p", Status.EMBARGOED: "x", Status.NOT_YET: "z",
               Status.FINAL: ""}
NOT_FIGURES = ("edition", "year", "as_of", "flags")

# Which headline figure's status each part of the figures object follows.
_METRIC_HEADLINE = {
    "by_region": "entries", "by_region6": "entries", "by_category": "entries",
    "by_applicant_type": "entries", "eligible_by_region6": "eligible",
    "eligible_korea_by_applicant_type": "eligible", "winners_by_award_group": "winners"}
_STAGE_HEADLINE = {"received": "entries", "withdrawn": "entries", "ineligible": "eligible",
                   "eligible": "eligible", "finalist": "finalists", "winner": "winners"}


def letters(*flags: str) -> str:
    """Several flags as one string, each once, in the order of FLAGS."""
    given = "".join(flags)
    return "".join(flag for flag in FLAGS if flag in given)


def headline_of(metric: str, dimension: str = "") -> str:
    """The headline figure whose status a figure of the figures object follows."""
    if metric in HEADLINE:
        return metric
    if metric == "by_stage":
        return _STAGE_HEADLINE.get(dimension, "entries")
    return _METRIC_HEADLINE.get(metric, "entries")


def headline_flags(dates: Edition, as_of: datetime, result: dict, public: bool,
                   revised: frozenset[str] = frozenset()) -> dict[str, str]:
    """Each headline figure's flag at this moment for this viewer. `x` says a result is not
    yet public whoever reads the file: an organiser's output shows the value and still marks it
    (it may not be passed on before the announcement); the public's shows none (null). A
    stage not reached is z, with no x: there is no value to keep back. `r` marks a figure in
    `revised` (revisions.revised_keys: changed while public, by the moment of reading) that is
    public at `as_of`: its value is today's, which differs from one said before (a figure not
    public at `as_of` is provisional, kept back or not reached, and says so instead)."""
    embargoed = dates.embargoed(as_of, public)
    _, said = statements.statuses(dates, as_of, result, embargoed)
    not_public = dates.embargoed(as_of, True)
    flags = {}
    for metric, status in said.items():
        # A stage not reached (z) has no value to keep back: no x beside it.
        flag = STATUS_FLAG[status] or ("x" if metric in not_public else "")
        flags[metric] = letters(flag, "r" if metric in revised and not flag else "")
    return flags


def figures_flags(result: dict, dates: Edition, as_of: datetime, public: bool,
                  scope: Scope = EVERYTHING, revised: frozenset[str] = frozenset()
                  ) -> dict[str, str]:
    """The "flags" object of a figures object (press.figures): every figure of it, by
    "metric" or "metric.dimension", with its letters ("" for none); `r` for a key in
    `revised` (revisions.revised_keys), which only the unfiltered edition's figures have, where
    the figure is public at `as_of` (its headline figure final and announced: headline_flags)."""
    by_headline = headline_flags(dates, as_of, result, public)
    revised = frozenset(key for key in revised if scope.is_everything and public_at(
        by_headline, headline_of(*key.split(".", 1))))
    korea_left_out = bool(scope.countries) and "KOR" not in scope.countries
    flags: dict[str, str] = {}
    for metric, value in result.items():
        if metric in NOT_FIGURES:
            continue
        if isinstance(value, dict):
            for dimension, count in value.items():
                flags[f"{metric}.{dimension}"] = letters(
                    by_headline[headline_of(metric, dimension)],
                    "c" if count == SMALL else "",
                    "z" if metric == "eligible_korea_by_applicant_type" and korea_left_out
                    else "", "r" if f"{metric}.{dimension}" in revised else "")
        else:
            flags[metric] = letters(by_headline[headline_of(metric)],
                                    "c" if value == SMALL else "",
                                    "r" if metric in revised else "")
    return flags


def public_at(by_headline: dict[str, str], metric: str) -> bool:
    """Whether a headline figure is public at the flags' moment: final, announced, reached
    (no p, x or z): the only figures a revision's `r` and words are set beside."""
    return not set(by_headline.get(metric, "")) & set("pxz")


def flag_of(flags: dict[str, str], metric: str, dimension: str = "") -> str:
    return flags.get(f"{metric}.{dimension}" if dimension else metric, "")


def table_flags(table: pd.DataFrame, by_headline: dict[str, str], names: dict[str, str],
                embargo_words: str) -> pd.DataFrame:
    """A chart's data table as its flags: the same rows and columns, the first column (the
    rows' names) kept, every other cell the letters of the value beside it. A row or column
    named for a headline figure (`names`: its words in the table's language -> the figure)
    follows that figure's flag, the row's first; a cell "<3" adds c, one in the embargo's words x."""
    label = table.columns[0]
    column_metric = {column: names.get(str(column)) for column in table.columns[1:]}
    flagged = {label: list(table[label])}
    for column in table.columns[1:]:
        cells = []
        for row_name, value in zip(table[label], table[column], strict=True):
            metric = names.get(str(row_name)) or column_metric[column]
            text = str(value)
            cells.append(letters(
                by_headline.get(metric, "") if metric else "",
                "c" if text == SMALL else "",
                "x" if embargo_words and embargo_words in text else ""))
        flagged[column] = cells
    return pd.DataFrame(flagged, columns=list(table.columns))
