"""The Streamlit edge of the query layer: a cached connection and one cached function per query.

Cached results are keyed on every parameter, including whether the viewer is public (embargo)
and the database file's identity, so one viewer's results never reach another and a newly
swapped-in database is read at once.
"""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import streamlit as st

from prizestats.core import access, memo, times
from prizestats.core.editions import Edition, all_editions, year_of
from prizestats.core.scope import View
from prizestats.figures import press
from prizestats.store import db


@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(identity: tuple[str, int, int]) -> duckdb.DuckDBPyConnection:
    return db.connect(Path(identity[0]))


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def run(name: str, params: dict[str, object]) -> pd.DataFrame:
    """Any query file by name, cached; the named functions below are what pages call.

    Each caller gets its own copy, as st.cache_data would give, so that no page can change
    another's numbers; a copy of a small frame costs a tenth of unpickling it."""
    identity = db.db_identity()
    if params.get("as_of") is not None:
        params = {**params, "as_of": times.floor_moment(_moments(identity), params["as_of"])}
    key = (name, tuple(sorted((k, _frozen(v)) for k, v in params.items())), identity)
    return _RESULTS.get(key, lambda: db.run(_connection(identity), name, params)).copy()


_RESULTS = memo.Memo(2048)


@st.cache_resource(show_spinner=False, max_entries=4)
def _moments(identity: tuple[str, int, int]) -> np.ndarray:
    return db.run(_connection(identity), "moments")["moment_us"].to_numpy(dtype="int64")


def database_exists() -> bool:
    return db.db_path().exists()


def dataset() -> dict[str, str]:
    frame = run("dataset", {})
    return dict(zip(frame["key"], frame["value"], strict=True))


def editions() -> pd.DataFrame:
    return run("editions", {})


def edition_dates(number: int) -> Edition:
    """The edition's dates (one with none when the database has no row for it), read once per
    database: the frame asks on every run."""
    known = _EDITION_DATES.get(db.db_identity(), lambda: all_editions(editions()))
    return known.get(number) or Edition(number, year_of(number))


_EDITION_DATES = memo.Memo(4)


def published_figures(view: View) -> pd.DataFrame:
    """The edition's published figures that the viewer may see at the view's moment."""
    return run("published_figures", {"edition": view.edition, "as_of": view.as_of,
                                      "public": view.public})


def published_figures_all(view: View) -> pd.DataFrame:
    """Every edition's published figures that the viewer may see at the view's moment."""
    return run("published_figures", {"edition": None, "as_of": view.as_of,
                                      "public": view.public})


def published_moments(edition: int) -> pd.DataFrame:
    """When each published figure of the edition becomes public: moments and metric names only,
    never a value (the release calendar)."""
    return run("published_moments", {"edition": edition})


def revisions(view: View) -> pd.DataFrame:
    """The edition's revisions made by now (the view's figures are today's data at its
    moment, so a later revision moved them too): for the public only those of figures public
    before and after the change (revisions.sql)."""
    return run("revisions", {"edition": view.edition, "as_of": access.now(),
                             "public": view.public})


def figures(view: View) -> dict:
    """Keyed on the whole view (edition, moment, embargo, every filter) and the database: the
    figures object is made of seven queries and is asked for on every run of several pages."""
    made = _FIGURES.get((view, db.db_identity()), lambda: press.figures(
        run, view.edition, view.as_of, view.public, view.scope))
    return copy.deepcopy(made)


_FIGURES = memo.Memo(1024)


def edition_summary(view: View) -> pd.DataFrame:
    return run("edition_summary", view.params())


def entries_by_region(view: View) -> pd.DataFrame:
    return run("entries_by_region", view.params())


def entries_by_region6(view: View) -> pd.DataFrame:
    return run("entries_by_region6", view.params())


def entries_by_category(view: View) -> pd.DataFrame:
    return run("entries_by_category", view.params())


def entries_by_applicant_type(view: View) -> pd.DataFrame:
    return run("entries_by_applicant_type", view.params())


def entries_by_stage(view: View) -> pd.DataFrame:
    return run("entries_by_stage", view.params())


def winners_by_award_group(view: View) -> pd.DataFrame:
    return run("winners_by_award_group", view.params())


def countries() -> pd.DataFrame:
    return run("countries", {})


def entries_by_country(view: View) -> pd.DataFrame:
    return run("entries_by_country", view.params())


def entries_by_city(view: View) -> pd.DataFrame:
    return run("entries_by_city", view.params())


def category_by_applicant_type(view: View) -> pd.DataFrame:
    return run("category_by_applicant_type", view.params())


def category_by_region(view: View) -> pd.DataFrame:
    return run("category_by_region", view.params())


def entries_by_sector(view: View) -> pd.DataFrame:
    return run("entries_by_sector", view.params())


TECHNOLOGIES_SHOWN = 15


def technologies_ranked(view: View) -> pd.DataFrame:
    """The 15 technologies named most often; cut after small counts are hidden (and ranked as a
    tie), so that which hidden ones are shown says nothing of their value."""
    return run("technologies_ranked", view.params()).head(TECHNOLOGIES_SHOWN)


def conversion_by_group(view: View) -> pd.DataFrame:
    return run("conversion_by_group", view.params())


def region_stage_flow(view: View) -> pd.DataFrame:
    return run("region_stage_flow", view.params())


def _all_editions(view: View) -> dict[str, object]:
    return {k: v for k, v in view.params().items() if k != "edition"}


def _across_editions(view: View, editions: list[int]) -> dict[str, object]:
    return {**_all_editions(view), "editions": editions or None}


def region_shares_by_edition(view: View, editions: list[int]) -> pd.DataFrame:
    return run("region_shares_by_edition", _across_editions(view, editions))


def new_vs_returning(view: View, editions: list[int]) -> pd.DataFrame:
    return run("new_vs_returning", _across_editions(view, editions))


def wego_members_by_edition(view: View, editions: list[int]) -> pd.DataFrame:
    return run("wego_members_by_edition", _across_editions(view, editions))


def results(view: View) -> pd.DataFrame:
    return run("results", view.params())


def intake_curve(view: View) -> pd.DataFrame:
    return run("intake_curve", _all_editions(view))


def arrivals_by_day(view: View) -> pd.DataFrame:
    return run("arrivals_by_day", view.params())


def first_arrivals_by_country(view: View) -> pd.DataFrame:
    return run("first_arrivals_by_country", _all_editions(view))


def entries_list(view: View, search: tuple[str, ...] = (), limit: int | None = None,
                 offset: int = 0) -> pd.DataFrame:
    """The entries in view whose text holds every (lowercase) word, at most `limit` of them
    after the first `offset` (a page of the list); columns `matching` and `in_view` count all
    that matched and all the filters left."""
    return run("entries_list", {**view.params(), "search": list(search) or None, "limit": limit,
                                "offset": offset})


def import_history() -> pd.DataFrame:
    return run("import_history", {})


def events(view: View, edition: int | None = None) -> pd.DataFrame:
    """The events the viewer may see up to the view's moment (every viewer but organisers:
    public events only), of one edition or (None) of every edition."""
    return run("events", {"edition": edition, "as_of": view.as_of, "public": view.public})


def events_recorded() -> pd.DataFrame:
    """Every event, planned ones too (the Data page: organisers)."""
    return run("events", {"edition": None, "as_of": None, "public": False})


def alerts() -> pd.DataFrame:
    """Every alert set (organisers)."""
    return run("alerts", {"edition": None})


def report_moment(view: View) -> datetime:
    """The moment a report for this view is made as of. A day's end stays as it is; "now" becomes
    the hour it is in (or the last change within it), so one report an hour serves a crowd and
    says truly when its figures stood: nothing changed between that moment and now."""
    if (view.as_of.hour, view.as_of.minute, view.as_of.second) == (23, 59, 59):
        return view.as_of
    changed = times.floor_moment(_moments(db.db_identity()), view.as_of)
    return max(view.as_of.replace(minute=0, second=0, microsecond=0), changed)


def report_pdf(view: View, lang: str, role: str, is_sample: bool) -> bytes:
    """The edition report (prizestats.outputs.report) as the viewer may see it, made once per edition,
    language, role and report_moment, and one at a time (report.print_pdf): a crowd pressing the
    button on announcement day starts one renderer. It covers the whole edition: the view's
    filters are not used."""
    return _report_pdf(view.edition, lang, role, report_moment(view), db.db_identity(),
                       is_sample)


@st.cache_data(show_spinner=False, max_entries=32)
def _report_pdf(edition: int, lang: str, role: str, as_of: datetime, identity, is_sample: bool
                ) -> bytes:
    from prizestats.outputs import report

    return report.make(run, edition, lang, role, as_of, is_sample)
