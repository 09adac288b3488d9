"""Queries over the fixture database (tests/conftest.py): counts, as-of boundaries, embargo."""

from __future__ import annotations

import pytest

from prizestats.core.scope import Scope, View
from prizestats.core.times import parse_as_of
from prizestats.figures import press
from prizestats.store import db

FINAL = parse_as_of("2026-11-26")


@pytest.fixture
def fixture_run(fixture_db, run_on):
    return run_on(fixture_db)


def test_figures_of_the_final_state(fixture_run):
    result = press.figures(fixture_run, 1, FINAL)
    assert result == {
        "edition": 1, "year": 2023, "as_of": "2026-11-26T23:59:59+09:00",
        "entries": 8, "countries": 6, "cities": 6, "eligible": 6, "finalists": 3, "winners": 2,
        "by_region": {"Asia": 4, "Middle East": 0, "Europe": 1, "Africa": 1,
                      "North America": 1, "South America": 1, "Oceania": 0},
        "by_region6": {"Americas": 2, "Asia": 4, "Middle East": 0, "Europe": 1, "Africa": 1,
                       "Oceania": 0},
        "by_category": {"human_centricity": 4, "tech_innovacity": 3, "leadership": 1},
        "by_applicant_type": {"city_government": 3, "institution": 1, "company": 3,
                              "individual": 1},
        "by_stage": {"received": 0, "ineligible": 1, "eligible": 3, "finalist": 1, "winner": 2,
                     "withdrawn": 1},
        "eligible_by_region6": {"Americas": 1, "Asia": 4, "Middle East": 0, "Europe": 1,
                                "Africa": 0, "Oceania": 0},
        "eligible_korea_by_applicant_type": {"city_government": 1, "institution": 0,
                                             "company": 2, "individual": 0},
        "winners_by_award_group": {"human_centricity": 1, "tech_innovacity": 0,
                                   "leadership": 1, "special": 0},
    }


@pytest.mark.parametrize(
    ("as_of", "public", "expected"),
    [
        # The deadline day: a date means the end of that day, so A2 (23:59:59) is in, A7 is not.
        ("2023-05-31", False, {"entries": 7, "eligible": 0, "finalists": 0, "winners": 0}),
        ("2023-06-01T00:00:29+09:00", False, {"entries": 7, "eligible": 0}),
        ("2023-06-01T00:00:30+09:00", False, {"entries": 8, "eligible": 0}),
        # Screening of A1, A2, A5, A8 at exactly 10:00:00.
        ("2023-06-20T09:59:59+09:00", False, {"eligible": 0}),
        ("2023-06-20T10:00:00+09:00", False, {"eligible": 4, "finalists": 0}),
        ("2023-06-22T10:00:00+09:00", False, {"eligible": 5}),
        # Organisers see the internal finalist decision; A5 has none, so the announcement.
        ("2023-07-14T14:59:59+09:00", False, {"finalists": 0}),
        ("2023-07-14T15:00:00+09:00", False, {"finalists": 2, "eligible": 5}),
        # The public sees no finalist before the announcement, whatever was decided.
        # Under embargo is not a zero: None (null in JSON), never "no finalists".
        ("2023-07-14T15:00:00+09:00", True, {"finalists": None, "eligible": 5}),
        ("2023-07-19T17:59:59+09:00", True, {"finalists": None, "eligible": 5}),
        ("2023-07-19T18:00:00+09:00", True, {"finalists": 3, "eligible": 6, "winners": None}),
        ("2023-09-25T17:29:59+09:00", True, {"finalists": 3, "winners": None}),
        ("2023-09-25T17:30:00+09:00", True, {"finalists": 3, "winners": 2}),
        ("2023-09-25T17:29:59+09:00", False, {"winners": 0}),
        ("2023-09-25T17:30:00+09:00", False, {"winners": 2}),
    ],
)
def test_edition_1_as_of(fixture_run, as_of, public, expected):
    result = press.figures(fixture_run, 1, parse_as_of(as_of), public=public)
    assert {key: result[key] for key in expected} == expected


def test_stage_as_of_counts_each_entry_once(fixture_run):
    result = press.figures(fixture_run, 1, parse_as_of("2023-06-20T10:00:00+09:00"))
    assert result["by_stage"] == {"received": 3, "ineligible": 0, "eligible": 4, "finalist": 0,
                                  "winner": 0, "withdrawn": 1}


@pytest.mark.parametrize(
    ("as_of", "public", "finalists", "winners", "special"),
    [
        ("2024-09-01", False, 2, 0, 0),
        # Edition 2 announced no finalists: they are under embargo until the ceremony.
        ("2024-09-01", True, None, None, None),
        ("2024-10-10T15:59:59+09:00", True, None, None, None),
        ("2024-10-10T16:00:00+09:00", True, 2, 1, 1),
    ],
)
def test_edition_2_embargo_without_announcement(fixture_run, as_of, public, finalists, winners,
                                                special):
    result = press.figures(fixture_run, 2, parse_as_of(as_of), public=public)
    assert (result["finalists"], result["winners"]) == (finalists, winners)
    assert result["winners_by_award_group"]["special"] == special


def test_public_rows_hide_names_and_recorded_stage_before_the_ceremony(fixture_db):
    con = db.connect(fixture_db)
    with con:
        cursor = db.cursor(con)
        before = cursor.execute(
            "select submission_id, applicant_name, recorded_stage, award from "
            "entries_as_of($t, true) where edition = 1 and submission_id in ('A1', 'A2') "
            "order by 1", {"t": parse_as_of("2023-09-25T17:29:59+09:00")}).fetchall()
        after = cursor.execute(
            "select submission_id, applicant_name, award from entries_as_of($t, true) "
            "where edition = 1 and submission_id in ('A1', 'A2') order by 1",
            {"t": parse_as_of("2023-09-25T17:30:00+09:00")}).fetchall()
    assert before == [("A1", None, None, None), ("A2", None, None, None)]
    assert after == [("A1", "Seoul Metropolitan Government", "gold"), ("A2", None, None)]


def test_entries_by_region_lists_every_region(fixture_run):
    frame = fixture_run("entries_by_region", View(2, FINAL, public=False).params())
    assert dict(zip(frame["region"], frame["entries"], strict=True)) == {
        "Asia": 2, "Middle East": 1, "Europe": 0, "Africa": 0, "North America": 0,
        "South America": 0, "Oceania": 0}


def test_editions_query(fixture_run):
    frame = fixture_run("editions", {})
    assert list(frame["edition"]) == [1, 2]
    assert list(frame["entries"]) == [8, 3]
    assert list(frame["year"]) == [2023, 2024]


FILTERS = {"as_of", "public", "regions", "countries", "categories", "applicant_types", "stages"}


@pytest.mark.parametrize(("name", "expected"), [
    ("moments", set()),  # its comment speaks of $as_of, which the query does not take
    ("editions", set()),
    ("published_figures", {"edition", "as_of", "public"}),
    ("intake_curve", FILTERS),
    ("entries_list", FILTERS | {"edition", "search", "limit", "offset"}),
    ("new_vs_returning", FILTERS | {"editions"}),
])
def test_a_query_is_given_the_params_its_sql_uses(name, expected):
    assert db._query(name)[1] == expected


@pytest.mark.parametrize(("name", "params", "expected"), [
    # dates and Seoul timestamps in one unit, a string column str even with no rows (sample_db has
    # no imports) or no values
    ("published_figures", {"edition": None, "as_of": FINAL, "public": False},
     {"edition": "int32", "metric": "str", "value": "float64", "published_on": "datetime64[us]",
      "public_at": "datetime64[us, Asia/Seoul]"}),
    ("editions", {}, {"call_closes_at": "datetime64[us, Asia/Seoul]", "venue": "str",
                      "entries": "int64"}),
    ("import_history", {}, {"file_name": "str", "rows_read": "int32",
                            "started_at": "datetime64[us, Asia/Seoul]"}),
])
def test_query_results_keep_their_types(sample_db, run_on, name, params, expected):
    frame = run_on(sample_db)(name, params)
    assert {column: str(frame[column].dtype) for column in expected} == expected


def test_editions_lists_an_edition_with_dates_and_no_entries(tmp_path, run_on):
    from conftest import FIXTURE_EDITIONS, write_fixture_csvs

    from prizestats.store import build

    later = {**FIXTURE_EDITIONS[0], "edition": "5", "year": "2027", "venue": "Seoul"}
    folder = write_fixture_csvs(tmp_path / "csv", editions=[*FIXTURE_EDITIONS, later])
    build.build(folder, tmp_path / "x.duckdb")
    frame = run_on(tmp_path / "x.duckdb")("editions", {})
    assert list(frame["edition"]) == [1, 2, 5]
    assert list(frame["year"]) == [2023, 2024, 2027]
    assert list(frame["entries"]) == [8, 3, 0]
    assert list(frame["venue"]) == ["DDP", "COEX", "Seoul"]


def test_without_editions_every_edition_with_entries_is_listed(tmp_path, run_on):
    from conftest import write_fixture_csvs

    from prizestats.store import build

    build.build(write_fixture_csvs(tmp_path / "csv", editions=False), tmp_path / "x.duckdb")
    frame = run_on(tmp_path / "x.duckdb")("editions", {})
    assert list(frame["edition"]) == [1, 2]
    assert list(frame["year"]) == [2023, 2024]  # from the edition's number
    assert list(frame["entries"]) == [8, 3]
    assert frame["call_closes_at"].isna().all()


def test_without_editions_the_recorded_stage_holds(tmp_path, run_on):
    from conftest import write_fixture_csvs

    from prizestats.store import build

    build.build(write_fixture_csvs(tmp_path / "csv", editions=False), tmp_path / "x.duckdb")
    run = run_on(tmp_path / "x.duckdb")
    # A5 (winner) has no finalist or ceremony time at all, A7 (eligible) no screening time:
    # their recorded stages hold; the others follow their own dates.
    result = press.figures(run, 1, parse_as_of("2023-06-20T10:00:00+09:00"))
    assert result["year"] == 2023
    assert result["eligible"] == 5
    assert result["by_stage"] == {"received": 2, "ineligible": 0, "eligible": 4, "finalist": 0,
                                  "winner": 1, "withdrawn": 1}


def test_without_a_known_ceremony_results_stay_under_embargo_for_the_public(tmp_path, run_on):
    from conftest import write_fixture_csvs

    from prizestats.store import build

    build.build(write_fixture_csvs(tmp_path / "csv", editions=False), tmp_path / "x.duckdb")
    run = run_on(tmp_path / "x.duckdb")
    public = press.figures(run, 1, FINAL, public=True)
    organiser = press.figures(run, 1, FINAL, public=False)
    assert (public["finalists"], public["winners"]) == (None, None)
    assert public["winners_by_award_group"] == {"human_centricity": None,
                                                "tech_innovacity": None, "leadership": None,
                                                "special": None}
    assert (organiser["finalists"], organiser["winners"]) == (3, 2)


@pytest.mark.parametrize(("scope", "expected"), [
    (Scope(regions=("Asia",)), {"entries": 4, "countries": 2, "cities": 3, "eligible": 4}),
    (Scope(regions=("Asia", "Europe")), {"entries": 5, "countries": 3}),
    (Scope(countries=("KOR",), categories=("tech_innovacity",)), {"entries": 2, "cities": 2}),
    (Scope(applicant_types=("individual",)), {"entries": 1, "cities": 0, "winners": 1}),
    # A stage means "reached": eligible takes in finalists and winners.
    (Scope(stages=("eligible",)), {"entries": 6, "eligible": 6, "finalists": 3}),
    (Scope(stages=("finalist",)), {"entries": 3, "winners": 2}),
    (Scope(stages=("winner",)), {"entries": 2}),
    (Scope(stages=("withdrawn", "ineligible")), {"entries": 2, "eligible": 0}),
    (Scope(regions=("Oceania",)), {"entries": 0, "countries": 0}),
])
def test_filters(fixture_run, scope, expected):
    result = press.figures(fixture_run, 1, FINAL, scope=scope)
    assert {key: result[key] for key in expected} == expected


def test_filters_leaving_korea_out_give_no_korean_counts(fixture_run):
    result = press.figures(fixture_run, 1, FINAL, scope=Scope(countries=("JPN",)))
    assert result["eligible_korea_by_applicant_type"] == {
        "city_government": 0, "institution": 0, "company": 0, "individual": 0}


def rows(frame, *columns) -> list[tuple]:
    return [tuple(r) for r in frame[list(columns)].itertuples(index=False)]


def view_params(edition=1, public=False, **scope) -> dict:
    return View(edition, FINAL, public, Scope(**scope)).params()


def test_entries_by_country(fixture_run):
    frame = fixture_run("entries_by_country", view_params())
    assert rows(frame, "iso3", "entries", "eligible", "finalists", "winners", "cities") == [
        ("KOR", 3, 3, 2, 1, 2), ("BRA", 1, 1, 1, 1, 0), ("FRA", 1, 1, 0, 0, 1),
        ("JPN", 1, 1, 0, 0, 1), ("KEN", 1, 0, 0, 0, 1), ("USA", 1, 0, 0, 0, 1)]
    assert rows(frame, "iso3", "name_ko", "region6")[0] == ("KOR", "한국", "Asia")


def test_entries_by_city_trims_names_and_has_coordinates(fixture_run):
    frame = fixture_run("entries_by_city", view_params())
    assert rows(frame, "city", "country", "entries") == [
        ("Seoul", "KOR", 2), ("Boston", "USA", 1), ("Busan", "KOR", 1), ("Nairobi", "KEN", 1),
        ("Paris", "FRA", 1), ("Tokyo", "JPN", 1)]
    seoul = frame.iloc[0]
    assert (round(seoul["latitude"]), round(seoul["longitude"])) == (38, 127)


def test_category_by_applicant_type_is_a_full_grid(fixture_run):
    frame = fixture_run("category_by_applicant_type", view_params())
    assert len(frame) == 12
    nonzero = [r for r in rows(frame, "category", "applicant_type", "entries") if r[2]]
    assert nonzero == [("human_centricity", "city_government", 3),
                       ("human_centricity", "institution", 1),
                       ("tech_innovacity", "company", 3), ("leadership", "individual", 1)]


def test_category_by_region_is_a_full_grid(fixture_run):
    frame = fixture_run("category_by_region", view_params(edition=2))
    assert len(frame) == 21
    assert [r for r in rows(frame, "category", "region", "entries") if r[2]] == [
        ("human_centricity", "Asia", 1), ("tech_innovacity", "Asia", 1),
        ("tech_innovacity", "Middle East", 1)]


def test_sectors_and_technologies(fixture_run):
    assert rows(fixture_run("entries_by_sector", view_params()), "sector", "entries") == [
        ("mobility", 8)]
    assert rows(fixture_run("technologies_ranked", view_params()), "technology", "entries") == [
        ("AI", 8), ("IoT", 8)]


def test_conversion_by_group(fixture_run):
    frame = fixture_run("conversion_by_group", view_params())
    by_key = {(r[0], r[1]): r[2:] for r in rows(frame, "dimension", "group", "entries",
                                                 "eligible", "finalists", "winners")}
    assert by_key[("region", "Asia")] == (4, 4, 2, 1)
    assert by_key[("category", "leadership")] == (1, 1, 1, 1)
    assert by_key[("applicant_type", "company")] == (3, 2, 1, 0)
    assert len(frame) == 5 + 3 + 4  # regions with entries, categories, applicant types


def test_region_stage_flow(fixture_run):
    frame = fixture_run("region_stage_flow", view_params())
    assert rows(frame, "region", "stage", "entries") == [
        ("Africa", "withdrawn", 1), ("Asia", "eligible", 2), ("Asia", "finalist", 1),
        ("Asia", "winner", 1), ("Europe", "eligible", 1), ("North America", "ineligible", 1),
        ("South America", "winner", 1)]


def across(**scope) -> dict:
    params = view_params(**scope)
    params.pop("edition")
    return {**params, "editions": None}


def test_region_shares_by_edition(fixture_run):
    frame = fixture_run("region_shares_by_edition", across())
    edition_2 = {r[0]: (r[1], round(r[2], 3)) for r in
                 rows(frame[frame["edition"] == 2], "region6", "entries", "share")}
    assert edition_2 == {"Asia": (2, 0.667), "Middle East": (1, 0.333), "Europe": (0, 0.0),
                         "Africa": (0, 0.0), "Americas": (0, 0.0), "Oceania": (0, 0.0)}


def test_new_vs_returning(fixture_run):
    frame = fixture_run("new_vs_returning", across())
    assert rows(frame, "edition", "kind", "new", "returning") == [
        (1, "city", 6, 0), (1, "country", 6, 0), (2, "city", 2, 1), (2, "country", 2, 1)]


def test_new_vs_returning_counts_first_editions_before_the_editions_shown(fixture_run):
    frame = fixture_run("new_vs_returning", {**across(), "editions": [2]})
    assert rows(frame, "edition", "kind", "new", "returning") == [
        (2, "city", 2, 1), (2, "country", 2, 1)]


def test_wego_members_by_edition(fixture_run):
    frame = fixture_run("wego_members_by_edition", across())
    assert rows(frame, "edition", "membership", "entries", "finalists") == [
        (1, "member", 8, 3), (2, "member", 3, 2)]


def test_a_finalist_decided_after_the_announcement_is_not_public_before_its_decision(tmp_path,
                                                                                     run_on):
    from conftest import FIXTURE_SUBMISSIONS, write_fixture_csvs

    from prizestats.store import build

    rows = [dict(r) for r in FIXTURE_SUBMISSIONS]
    a3 = next(r for r in rows if r["submission_id"] == "A3")
    a3.update(stage="finalist", finalist_at="2023-08-01T10:00:00+09:00")
    build.build(write_fixture_csvs(tmp_path / "csv", submissions=rows), tmp_path / "x.duckdb")
    run = run_on(tmp_path / "x.duckdb")
    for public in (True, False):
        before = press.figures(run, 1, parse_as_of("2023-07-20"), public=public)
        after = press.figures(run, 1, parse_as_of("2023-08-01T10:00:00+09:00"), public=public)
        assert (before["finalists"], after["finalists"]) == (3, 4), public


@pytest.mark.parametrize(("as_of_us", "floor_us"), [
    (5, 9),  # before every moment: just before the first
    (10, 10), (15, 10), (29, 20), (30, 30), (99, 30)])
def test_floor_moment_is_the_latest_moment_at_or_before(as_of_us, floor_us):
    from datetime import timedelta

    from prizestats.core.times import EPOCH, floor_moment

    moments = [10, 20, 30]
    as_of = EPOCH + timedelta(microseconds=as_of_us)
    assert floor_moment(moments, as_of) == EPOCH + timedelta(microseconds=floor_us)


# Around edition 3's deadline, announcement and ceremony in the sample, and the moment of a
# finalist decision before the announcement.
AS_OF_PROBES = ["2025-05-30T23:59:59+09:00", "2025-05-31T00:00:00+09:00",
                "2025-08-19T12:00:00+09:00", "2025-08-23T23:59:59+09:00",
                "2025-08-24T00:00:00+09:00", "2025-09-30T17:29:59+09:00",
                "2025-09-30T17:30:00+09:00", "2025-09-30T17:30:01+09:00", "2026-11-26"]


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize("probe", AS_OF_PROBES)
@pytest.mark.parametrize("name", ["edition_summary", "entries_by_stage", "results"])
def test_the_floor_of_an_as_of_gives_the_same_answer(sample_db, name, probe, public):
    from pandas.testing import assert_frame_equal

    from prizestats.core.times import floor_moment

    con = db.connect(sample_db)
    moments = db.run(con, "moments")["moment_us"].to_numpy()
    as_of = parse_as_of(probe)
    floor = floor_moment(moments, as_of)
    assert floor <= as_of
    params = View(3, as_of, public).params()
    assert_frame_equal(db.run(con, name, {**params, "as_of": floor}), db.run(con, name, params))
    con.close()


def test_moments_are_every_dated_event(sample_db):
    from prizestats.core.times import EPOCH, microseconds

    con = db.connect(sample_db)
    moments = set(db.run(con, "moments")["moment_us"])
    con.close()
    for moment in ("2025-08-24T00:00:00+09:00", "2025-09-30T17:30:00+09:00",
                   "2023-03-01T14:14:23+09:00", "2023-07-04T17:30:00+09:00"):
        assert microseconds(parse_as_of(moment)) in moments
    assert microseconds(EPOCH) not in moments


# Small counts (data-contract "Small counts"): the fixture's edition 1 as press sees it, with and
# without entry filters. Without a filter, one-way entry counts stay exact; a stage column beside
# a breakdown, or any filter, makes a count of 1 or 2 read <3.
def test_public_figures_hide_small_counts_in_two_way_breakdowns(fixture_run):
    result = press.figures(fixture_run, 1, FINAL, public=True)
    assert (result["entries"], result["eligible"], result["finalists"], result["winners"]) == (
        8, 6, 3, 2)  # the edition's headline totals stay exact
    assert result["by_region"] == {"Asia": 4, "Middle East": 0, "Europe": 1, "Africa": 1,
                                   "North America": 1, "South America": 1, "Oceania": 0}
    assert result["eligible_by_region6"] == {"Americas": "<3", "Asia": 4, "Middle East": 0,
                                             "Europe": "<3", "Africa": 0, "Oceania": 0}
    assert result["eligible_korea_by_applicant_type"] == {
        "city_government": "<3", "institution": 0, "company": "<3", "individual": 0}
    # announced winners by award group stay exact (each is public on the Results page)
    assert result["winners_by_award_group"]["leadership"] == 1


def test_an_entry_filter_is_a_dimension(fixture_run):
    filtered = press.figures(fixture_run, 1, FINAL, public=True, scope=Scope(regions=("Asia",)))
    assert (filtered["entries"], filtered["eligible"]) == (4, 4)
    assert filtered["by_category"] == {"human_centricity": "<3", "tech_innovacity": "<3",
                                       "leadership": 0}
    two = press.figures(fixture_run, 1, FINAL, public=True,
                        scope=Scope(regions=("Asia",), categories=("leadership",)))
    assert two["entries"] == 0  # 0 is not hidden: only 1 and 2 are
    organiser = press.figures(fixture_run, 1, FINAL, scope=Scope(regions=("Asia",)))
    assert organiser["by_category"] == {"human_centricity": 2, "tech_innovacity": 2,
                                        "leadership": 0}


def test_a_hidden_count_is_missing_not_a_number(fixture_run):
    frame = fixture_run("category_by_region", View(1, FINAL, public=True).params())
    cell = frame[(frame["region"] == "Europe") & (frame["category"] == "human_centricity")]
    assert cell["entries"].isna().all()
    assert str(frame["entries"].dtype) == "Int64"


def test_organisers_only_queries_refuse_the_public(fixture_run):
    from prizestats.core.disclosure import UndisclosedQueryError

    with pytest.raises(UndisclosedQueryError, match="organisers only"):
        fixture_run("intake_curve", View(1, FINAL, public=True).params())
