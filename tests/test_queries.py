"""Queries over the fixture database (tests/conftest.py): counts, as-of boundaries, embargo."""

from __future__ import annotations

import pytest

from prizestats import db, press
from prizestats.scope import Scope, View
from prizestats.times import parse_as_of

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
        ("2023-07-14T15:00:00+09:00", True, {"finalists": 0, "eligible": 5}),
        ("2023-07-19T17:59:59+09:00", True, {"finalists": 0, "eligible": 5}),
        ("2023-07-19T18:00:00+09:00", True, {"finalists": 3, "eligible": 6, "winners": 0}),
        ("2023-09-25T17:29:59+09:00", True, {"finalists": 3, "winners": 0}),
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
        ("2024-09-01", True, 0, 0, 0),
        ("2024-10-10T15:59:59+09:00", True, 0, 0, 0),
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
        cursor = con.cursor()
        cursor.execute(db.sql_text("_macros"))
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


def test_without_editions_the_recorded_stage_holds(tmp_path, run_on):
    from conftest import write_fixture_csvs

    from prizestats import build

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

    from prizestats import build

    build.build(write_fixture_csvs(tmp_path / "csv", editions=False), tmp_path / "x.duckdb")
    run = run_on(tmp_path / "x.duckdb")
    public = press.figures(run, 1, FINAL, public=True)
    organiser = press.figures(run, 1, FINAL, public=False)
    assert (public["finalists"], public["winners"]) == (0, 0)
    assert public["winners_by_award_group"] == {"human_centricity": 0, "tech_innovacity": 0,
                                                "leadership": 0, "special": 0}
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
