"""Shared fixtures: a small database built from code, and the built sample database."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from prizestats.core.reference import SAMPLE_DIR
from prizestats.store import build, db
from prizestats.store.sample import SUBMISSION_COLUMNS

ROOT = Path(__file__).resolve().parent.parent

FIXTURE_EDITIONS = [
    {"edition": "1", "year": "2023", "call_opens_at": "2023-03-01T00:00:00+09:00",
     "call_closes_at": "2023-05-31T23:59:59+09:00",
     "finalists_announced_at": "2023-07-19T18:00:00+09:00",
     "ceremony_at": "2023-09-25T17:30:00+09:00", "venue": "DDP", "note": ""},
    # No finalist announcement: finalists are public only at the ceremony.
    {"edition": "2", "year": "2024", "call_opens_at": "2024-04-01T00:00:00+09:00",
     "call_closes_at": "2024-07-14T23:59:59+09:00", "finalists_announced_at": "",
     "ceremony_at": "2024-10-10T16:00:00+09:00", "venue": "COEX", "note": ""},
]


def entry(submission_id, edition, submitted_at, applicant_type, category, city, country, stage,
          screened_at="", finalist_at="", award="", name="Applicant"):
    return {"submission_id": submission_id, "edition": str(edition), "submitted_at": submitted_at,
            "applicant_type": applicant_type, "applicant_name": name,
            "project_title": f"Project {submission_id}", "category": category,
            "sector": "mobility", "technologies": "AI;IoT", "city": city, "country": country,
            "stage": stage, "screened_at": screened_at, "finalist_at": finalist_at,
            "award": award, "wego_member": "true"}


S = "2023-06-20T10:00:00+09:00"  # most of edition 1 was screened at this moment
F = "2023-07-14T15:00:00+09:00"  # edition 1's internal finalist decision
FIXTURE_SUBMISSIONS = [
    entry("A1", 1, "2023-05-01T10:00:00+09:00", "city_government", "human_centricity", "Seoul",
          "KOR", "winner", S, F, "gold", name="Seoul Metropolitan Government"),
    entry("A2", 1, "2023-05-31T23:59:59+09:00", "company", "tech_innovacity", "Busan", "KOR",
          "finalist", S, F),
    entry("A3", 1, "2023-05-20T09:00:00", "institution", "human_centricity", "Tokyo", "JPN",
          "eligible", "2023-06-21T10:00:00+09:00"),
    entry("A4", 1, "2023-04-02T12:00:00+09:00", "company", "tech_innovacity", "Boston", "USA",
          "ineligible", "2023-06-22T10:00:00+09:00"),
    entry("A5", 1, "2023-05-30T08:00:00+09:00", "individual", "leadership", "", "BRA",
          "winner", S, "", "leadership", name="Mayor of Somewhere"),
    entry("A6", 1, "2023-05-15T08:00:00+09:00", "city_government", "human_centricity", "Nairobi",
          "KEN", "withdrawn"),
    # Late, and screened with no date of its own: known at the finalist announcement.
    entry("A7", 1, "2023-06-01T00:00:30+09:00", "city_government", "human_centricity", "Paris",
          "FRA", "eligible"),
    entry("A8", 1, "2023-05-10T08:00:00+09:00", "company", "tech_innovacity", " Seoul ", "KOR",
          "eligible", S),
    entry("B1", 2, "2024-07-01T10:00:00+09:00", "city_government", "human_centricity", "Seoul",
          "KOR", "finalist", "2024-08-01T10:00:00+09:00", "2024-08-26T15:00:00+09:00"),
    entry("B2", 2, "2024-07-10T10:00:00+09:00", "city_government", "tech_innovacity", "Manila",
          "PHL", "winner", "2024-08-01T10:00:00+09:00", "2024-08-26T15:00:00+09:00",
          "special_gggi", name="Manila"),
    entry("B3", 2, "2024-07-14T23:00:00+09:00", "company", "tech_innovacity", "Istanbul", "TUR",
          "eligible", "2024-08-02T10:00:00+09:00"),
]


def write_csv(path: Path, rows: list[dict], columns) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_fixture_csvs(folder: Path, submissions=None, editions=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "submissions.csv", FIXTURE_SUBMISSIONS if submissions is None
              else submissions, SUBMISSION_COLUMNS)
    if editions is not False:
        write_csv(folder / "editions.csv", FIXTURE_EDITIONS if editions is None else editions,
                  build.EDITION_COLUMNS)
    return folder


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    folder = write_fixture_csvs(tmp_path_factory.mktemp("fixture_csv"))
    path = tmp_path_factory.mktemp("fixture_db") / "fixture.duckdb"
    build.build(folder, path)
    return path


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample_db") / "sample.duckdb"
    build.build(SAMPLE_DIR, path)
    return path


@pytest.fixture
def run_on():
    """run_on(path) -> a query runner over that database, closed after the test."""
    connections = []

    def make(path: Path):
        con = db.connect(path)
        connections.append(con)
        return lambda name, params: db.run(con, name, params)

    yield make
    for con in connections:
        con.close()
