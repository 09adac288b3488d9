"""The Streamlit edge of the query layer: a cached connection and one cached function per query.

Cached results are keyed on every parameter, including whether the viewer is public (embargo)
and the database file's identity, so one viewer's results never reach another and a newly
swapped-in database is read at once.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from prizestats import db, press


@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(identity: tuple[str, int, int]) -> duckdb.DuckDBPyConnection:
    return db.connect(Path(identity[0]))


@st.cache_data(show_spinner=False, max_entries=512)
def _query(name: str, params: tuple[tuple[str, object], ...],
           identity: tuple[str, int, int]) -> pd.DataFrame:
    return db.run(_connection(identity), name, dict(params))


def _run(name: str, **params: object) -> pd.DataFrame:
    return _query(name, tuple(sorted(params.items())), db.db_identity())


def database_exists() -> bool:
    return db.db_path().exists()


def dataset() -> dict[str, str]:
    frame = _run("dataset")
    return dict(zip(frame["key"], frame["value"], strict=True))


def editions() -> pd.DataFrame:
    return _run("editions")


def edition_summary(as_of: datetime, public: bool) -> pd.DataFrame:
    return _run("edition_summary", as_of=as_of, public=public)


def entries_by_region(edition: int, as_of: datetime, public: bool) -> pd.DataFrame:
    return _run("entries_by_region", edition=edition, as_of=as_of, public=public)


def entries_by_category(edition: int, as_of: datetime, public: bool) -> pd.DataFrame:
    return _run("entries_by_category", edition=edition, as_of=as_of, public=public)


def entries_by_applicant_type(edition: int, as_of: datetime, public: bool,
                              country: str | None = None) -> pd.DataFrame:
    return _run("entries_by_applicant_type", edition=edition, as_of=as_of, public=public,
                country=country)


def entries_by_stage(edition: int, as_of: datetime, public: bool) -> pd.DataFrame:
    return _run("entries_by_stage", edition=edition, as_of=as_of, public=public)


def winners_by_award_group(edition: int, as_of: datetime, public: bool) -> pd.DataFrame:
    return _run("winners_by_award_group", edition=edition, as_of=as_of, public=public)


def published_figures(edition: int) -> pd.DataFrame:
    return _run("published_figures", edition=edition)


def figures(edition: int, as_of: datetime, public: bool) -> dict:
    return press.figures(lambda name, params: _run(name, **params), edition, as_of, public)
