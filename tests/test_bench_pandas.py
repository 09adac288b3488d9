"""The pandas baseline of the benchmark (issue 9) computes what each query computes: on the sample
database, and on small databases where dates are missing."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import FIXTURE_EDITIONS, write_fixture_csvs
from pandas.testing import assert_frame_equal

from prizestats.bench import pandas_queries
from prizestats.bench.pandas_queries import EQUIVALENTS, entries_as_of, filtered_entries
from prizestats.core import disclosure
from prizestats.core.times import parse_as_of
from prizestats.store import build, db

LATE = parse_as_of("2026-11-26")
# Edition 3 of data/sample: the call closed 2025-05-30, the finalists were decided on 2025-08-19
# and announced on 2025-08-24, the ceremony was on 2025-09-30.
PRESS_EDITION = 3
PRESS_MOMENT = parse_as_of("2025-08-20T12:00:00+09:00")
FIGURES_MOMENT = parse_as_of("2025-09-30T20:00:00+09:00")


def view(edition: int, as_of, public: bool = False, editions: list[int] | None = None,
         search: list[str] | None = None, limit: int | None = None, offset: int = 0,
         **filters: list[str]) -> dict[str, object]:
    """The params of a page run (scope.View.params), plus the editions of the trend charts and
    the search and limit of the Entries page."""
    return {"edition": edition, "as_of": as_of, "public": public, "editions": editions,
            "search": search, "limit": limit, "offset": offset,
            **{name: filters.get(name) for name in
               ("regions", "countries", "categories", "applicant_types", "stages")}}


VIEWS = {
    "organiser_late": view(3, LATE),
    # edition 1 mid-screening: some entries still 'received'
    "organiser_screening": view(1, parse_as_of("2023-06-25")),
    "press_before_announcement": view(PRESS_EDITION, PRESS_MOMENT, public=True),
    # edition 2 has no announcement date: finalists stay under embargo until the ceremony
    "press_no_announcement": view(2, parse_as_of("2024-09-15"), public=True),
    # finalists announced, winners (and the names of everyone else) not yet
    "press_before_ceremony": view(3, parse_as_of("2025-09-10"), public=True),
    "regions": view(1, LATE, regions=["Asia", "Europe"]),
    "stages_finalist": view(4, LATE, stages=["finalist"]),
    "stages_finalist_press": view(PRESS_EDITION, PRESS_MOMENT, public=True, stages=["finalist"]),
    "categories_applicant_types": view(2, LATE, categories=["tech_innovacity", "leadership"],
                                       applicant_types=["company", "individual"]),
    "editions": view(2, LATE, editions=[2, 4]),
    "editions_press_countries": view(4, parse_as_of("2026-09-01"), public=True, editions=[1, 4],
                                     countries=["KOR", "USA", "JPN", "CHN", "DEU"]),
    "before_any_entry": view(1, parse_as_of("2023-01-01"), public=True),
    "search": view(3, LATE, search=["seoul"]),
    "search_two_words_limit": view(3, LATE, search=["smart", "a"], limit=7),
    "limit_with_filter": view(2, LATE, limit=3, regions=["Europe"]),
    "a_later_page": view(3, LATE, limit=100, offset=200),  # the Entries page's third page
    # a filter adds a dimension: counts of 1 or 2 in a breakdown become NA for the press
    "press_regions_small_counts": view(3, LATE, public=True,
                                       regions=["Oceania", "Africa", "Europe"]),
    # after the ceremony (17:30) but before the end of 2025-09-30, the day the figures on regions,
    # finalists and winners were published: the awards (published in March) are public since
    # the ceremony, the entries since the end of 2025-08-25, the rest not yet
    "press_figures_before_their_day_ends": view(3, FIGURES_MOMENT, public=True),
    # the very moment the entries, countries and cities of 2025 became public
    "press_figures_at_their_moment": view(3, parse_as_of("2025-08-25"), public=True),
}

# The sample has every ceremony date; the fixture database of conftest.py (a finalist
# announcement missing, a screening with no date of its own, a winner with no city) and two variants
# of it take the paths of missing dates: an announced edition with no ceremony date, and no
# editions.csv at all (no dates anywhere, years from the edition number).
EDGE_DATABASES = {
    "fixture": None,
    "no_ceremony": [edition | {"ceremony_at": ""} if edition["edition"] == "1" else edition
                    for edition in FIXTURE_EDITIONS],
    "no_editions": False,
}
EDGE_VIEWS = {
    "organiser_late": view(2, LATE, editions=[2]),
    "press_late": view(1, LATE, public=True),
    "press_late_no_announcement": view(2, LATE, public=True),
    "press_between_decision_and_announcement": view(1, parse_as_of("2023-07-16"), public=True),
    "organiser_screening": view(1, parse_as_of("2023-06-21"), stages=["eligible"]),
    "press_late_filtered": view(1, LATE, public=True, countries=["KOR", "JPN", "BRA"]),
}

@pytest.fixture(scope="module")
def con(sample_db):
    connection = db.connect(sample_db)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def tables(con):
    return db.tables(con)


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    """name -> (connection, tables) of each database of EDGE_DATABASES."""
    opened = {}
    for name, editions in EDGE_DATABASES.items():
        folder = write_fixture_csvs(tmp_path_factory.mktemp(f"{name}_csv"), editions=editions)
        path = tmp_path_factory.mktemp(f"{name}_db") / f"{name}.duckdb"
        build.build(folder, path)
        connection = db.connect(path)
        opened[name] = (connection, db.tables(connection))
    yield opened
    for connection, _ in opened.values():
        connection.close()


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Only what differs in representation: DuckDB hands a text column holding no value at all
    over as object None, pandas keeps str NaN."""
    frame = frame.reset_index(drop=True)
    empty = [name for name in frame if frame[name].dtype == object and frame[name].isna().all()]
    return frame.astype(dict.fromkeys(empty, "str"))


def test_every_query_has_an_equivalent_and_no_more():
    assert sorted(EQUIVALENTS) == db.query_names()


def test_tables_reads_every_table_of_the_schema(tables):
    assert set(tables) == {"editions", "submissions", "countries", "cities", "imports",
                           "published_figures", "release_figures", "meta", "events",
                           "alerts"}
    assert len(tables["submissions"]) > 0


@pytest.mark.parametrize("case", VIEWS)
@pytest.mark.parametrize("name", db.query_names())
def test_equivalent_matches_the_query(con, tables, name, case):
    assert_equivalent(con, tables, name, VIEWS[case])


@pytest.mark.parametrize("case", VIEWS)
def test_entries_mirror_the_macros(con, tables, case):
    params = VIEWS[case]
    macro_params = {k: v for k, v in params.items()
                    if k not in ("edition", "editions", "search", "limit", "offset")}
    key = ["edition", "submission_id"]
    with db.cursor(con) as prepared:
        as_of = prepared.execute("select * from entries_as_of($as_of, $public)",
                                 {"as_of": params["as_of"], "public": params["public"]}).df()
        filtered = prepared.execute(
            "select * from filtered_entries($as_of, $public, $regions, $countries, $categories, "
            "$applicant_types, $stages)", macro_params).df()
    for expected, actual in ((as_of, entries_as_of(tables, params["as_of"], params["public"])),
                             (filtered, filtered_entries(tables, params))):
        assert_frame_equal(comparable(actual.sort_values(key)), comparable(expected.sort_values(key)),
                           check_dtype=False)


def runners(con, tables) -> tuple:
    """run(name, params) by the SQL file and by its pandas equivalent, each as a viewer reads it
    (disclosure.disclose for everyone but organisers)."""
    return (lambda name, params: db.run(con, name, params),
            lambda name, params: pandas_queries.run(tables, name, params))


def assert_equivalent(con, tables, name: str, params: dict) -> None:
    if params.get("public") and name in disclosure.ORGANISERS_ONLY:
        # neither runs an organisers' query for the public
        for run in runners(con, tables):
            with pytest.raises(disclosure.UndisclosedQueryError):
                run(name, params)
        return
    expected = comparable(db.run(con, name, params))
    actual = comparable(pandas_queries.run(tables, name, params))
    assert_frame_equal(actual, expected, check_dtype=False)


@pytest.mark.parametrize("case", EDGE_VIEWS)
@pytest.mark.parametrize("database", EDGE_DATABASES)
@pytest.mark.parametrize("name", db.query_names())
def test_equivalent_matches_the_query_when_dates_are_missing(edge, name, database, case):
    assert_equivalent(*edge[database], name, EDGE_VIEWS[case])


def test_missing_dates_keep_results_from_the_public(edge):
    # no ceremony date: finalists once announced, winners never; no dates at all: neither
    for database, finalists_shown in (("no_ceremony", True), ("no_editions", False)):
        con, tables = edge[database]
        organiser, press = view(1, LATE), view(1, LATE, public=True)
        for run in runners(con, tables):
            assert run("results", organiser)["stage"].eq("winner").any()
            shown = run("results", press)
            assert not shown["stage"].eq("winner").any()
            assert shown.empty is not finalists_shown


def test_the_late_view_leaves_no_query_empty(con):
    # so that the comparisons above compare rows (the sample has no events or alerts, and its
    # history is its build, which revised nothing: tests/test_signals.py and
    # tests/test_revisions.py compare those on databases with some)
    empty = [name for name in db.query_names() if db.run(con, name, VIEWS["organiser_late"]).empty]
    assert empty == ["alerts", "events", "revisions"]


def test_the_press_moment_hides_decided_finalists(con, tables):
    dates = tables["editions"].set_index("edition").loc[PRESS_EDITION]
    assert dates["call_closes_at"] < PRESS_MOMENT < dates["finalists_announced_at"]
    press = VIEWS["press_before_announcement"]
    organiser = {**press, "public": False}
    for run in runners(con, tables):
        decided = run("entries_by_stage", organiser).set_index("stage")["entries"]
        shown = run("entries_by_stage", press).set_index("stage")["entries"]
        assert decided["finalist"] + decided["winner"] > 0
        # counted as eligible, and the results themselves under embargo: not a zero
        assert shown[["finalist", "winner"]].isna().all()
        assert shown.sum() == decided.sum()
        assert not run("results", organiser).empty
        assert run("results", press).empty
    # before disclosure the twin (like the SQL) counts no finalist and no winner yet
    counted = EQUIVALENTS["entries_by_stage"](tables, press).set_index("stage")["entries"]
    assert counted["finalist"] + counted["winner"] == 0


def test_a_filtered_press_view_hides_small_counts(con, tables):
    press = VIEWS["press_regions_small_counts"]
    exact = db.run(con, "entries_by_country", {**press, "public": False})
    for run in runners(con, tables):
        shown = run("entries_by_country", press)
        hidden = shown["entries"].isna()
        assert hidden.any()
        assert exact.loc[hidden, "entries"].isin([1, 2]).all()
        assert shown.loc[~hidden, "entries"].tolist() == exact.loc[~hidden, "entries"].tolist()


def test_a_published_figure_waits_for_its_public_moment(con, tables):
    press = VIEWS["press_figures_before_their_day_ends"]
    for run in runners(con, tables):
        every = run("published_figures", {**press, "public": False})
        shown = run("published_figures", press)
        assert set(shown["metric"]) == {"awards_by_category", "cities", "countries", "entries"}
        assert (shown["public_at"] <= FIGURES_MOMENT).all()
        later = every[~every["metric"].isin(shown["metric"])]
        assert set(later["metric"]) == {"entries_by_region", "finalists", "winners"}
        assert (later["public_at"] > FIGURES_MOMENT).all()
        assert not run("published_figures", VIEWS["press_figures_at_their_moment"]).empty


@pytest.mark.parametrize("public", [True, False])
@pytest.mark.parametrize("as_of", [parse_as_of("2025-08-25"),
                                   parse_as_of("2025-08-25") - pd.Timedelta(microseconds=1),
                                   parse_as_of("2025-09-30T17:30:00+09:00"), LATE])
def test_published_figures_of_every_edition(con, tables, edge, as_of, public):
    params = view(3, as_of, public=public) | {"edition": None}
    assert_equivalent(con, tables, "published_figures", params)
    for database in EDGE_DATABASES:
        assert_equivalent(*edge[database], "published_figures", params)
