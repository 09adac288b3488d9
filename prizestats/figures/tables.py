"""A chart's data table as a viewer reads it: codes as words, headers in the language, and every
count the viewer may not read in words ("<3", "under embargo until ..."). The pages
(prizestats.app.views) and the files made outside Streamlit (the data bundle, the press kit)
make their tables here, so a download holds what the page shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd

from prizestats.core.disclosure import COUNT_COLUMNS, SMALL, STAGE_ROWS, is_hidden
from prizestats.figures import charts, press
from prizestats.words import i18n, names

# What stands for a hidden count: hidden(metric, edition) -> words. `metric` is the count's
# column ("finalists") or the stage row's metric; `edition` the row's edition when it has one.
Hidden = Callable[[str | None, int | None], str]


def hidden_in_edition(lang: str, embargo_until: dict[str, datetime | None]) -> Hidden:
    """For a table of one edition: a result under embargo (a key of `embargo_until`) reads
    "under embargo until ...", any other hidden count <3."""
    def hidden(metric: str | None, _edition: int | None = None) -> str:
        if metric in embargo_until:
            return press.embargo_text(lang, embargo_until[metric])
        return SMALL
    return hidden


def readable(frame: pd.DataFrame, lang: str, hidden: Hidden) -> pd.DataFrame:
    """A table as the viewer reads it: every hidden count (NA after disclosure) in words."""
    table = frame.copy()
    for column in COUNT_COLUMNS & set(table.columns):
        values = table[column]
        if not values.isna().any():
            continue
        editions = table["edition"] if "edition" in table.columns else [None] * len(table)
        stages = table["stage"] if "stage" in table.columns else [None] * len(table)
        # all text: a column of numbers and words is no column a table or Arrow can hold
        table[column] = [
            hidden(STAGE_ROWS.get(stage) if column == "entries" else column,
                   None if edition is None else int(edition)) if is_hidden(value)
            else i18n.number(value, lang)
            for value, edition, stage in zip(values, editions, stages, strict=True)]
    return table


def headers(table: pd.DataFrame, lang: str, columns: list[str] | None = None) -> pd.DataFrame:
    columns = list(table.columns) if columns is None else columns
    return table.rename(columns={c: i18n.t(c, lang) for c in columns if i18n.has(c)})


def labelled(frame: pd.DataFrame, code_column: str, lang: str, hidden: Hidden) -> pd.DataFrame:
    """The chart's data with codes shown as words and headers in the language."""
    table = readable(frame, lang, hidden)
    table[code_column] = [names.display(code_column, v, lang) for v in table[code_column]]
    return headers(table, lang)


def localized(frame: pd.DataFrame, columns: list[str], lang: str, hidden: Hidden,
              codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """Chosen columns, codes shown as words, hidden counts in words, headers in the language."""
    table = readable(frame, lang, hidden)[[c for c in columns if c in frame.columns]]
    for column in codes:
        table[column] = [i18n.label(v, lang) for v in table[column]]
    return headers(table, lang, columns)


def country_name_column(lang: str) -> str:
    return "name_ko" if lang == "ko" else "name_en"


def country_table(frame: pd.DataFrame, lang: str, hidden: Hidden) -> pd.DataFrame:
    table = frame.assign(country=frame[country_name_column(lang)])
    return localized(table, ["country", "region", "entries", "eligible", "finalists",
                             "winners", "cities"], lang, hidden, codes=("region",))


def region_table(frame: pd.DataFrame, lang: str, hidden: Hidden) -> pd.DataFrame:
    """Seven regions (entries_by_region) or six (entries_by_region6), as the frame holds them."""
    ordered = charts.ranked(frame, "entries", "region")
    return localized(ordered, ["region", "entries", "eligible", "finalists", "winners"], lang,
                     hidden, codes=("region",))


FUNNEL = ("entries", "eligible", "finalists", "winners")


def funnel_table(result: dict, lang: str, hidden: Hidden) -> pd.DataFrame:
    """The stages' totals (a figures object's): numbers when all may be read, else text."""
    stages = list(FUNNEL)
    counts = [result[s] for s in stages]
    stage_names = [i18n.t(s, lang) for s in stages]
    if all(press.comparable(c) for c in counts):
        return pd.DataFrame({i18n.t("stage", lang): stage_names, i18n.t("entries", lang): counts})
    return pd.DataFrame({i18n.t("stage", lang): stage_names,
                         i18n.t("entries", lang): [hidden(s, None) if c is None
                                                   else i18n.number(c, lang)
                                                   for s, c in zip(stages, counts, strict=True)]})
