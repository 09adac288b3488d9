"""The sample data set: deterministic, reproduces every published figure, holds every named winner."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import datetime

import pytest

from prizestats.core import reference
from prizestats.core.reference import SAMPLE_DIR
from prizestats.core.times import parse_as_of
from prizestats.figures import press
from prizestats.store import sample
from prizestats.words import cities

FINAL = parse_as_of("2026-11-26")
PUBLISHED = reference.published_figures()
KNOWN_WINNERS = reference.known_winners()


@pytest.fixture(scope="module")
def sample_rows() -> list[dict[str, str]]:
    with (SAMPLE_DIR / "submissions.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sample_figures(sample_db):
    from prizestats.store import db

    con = db.connect(sample_db)
    with con:
        def run(name, params):
            return db.run(con, name, params)

        yield {edition: press.figures(run, edition, FINAL) for edition in (1, 2, 3, 4)}


def test_generator_writes_the_committed_bytes(tmp_path):
    written = sample.write_sample(tmp_path)
    for path in written:
        assert path.read_bytes() == (SAMPLE_DIR / path.name).read_bytes(), path.name


def test_generator_is_seeded():
    assert sample.submissions_csv(sample.generate(1)) == sample.submissions_csv(sample.generate(1))
    assert sample.submissions_csv(sample.generate(1)) != sample.submissions_csv(sample.generate(2))


def _published_value(figures: dict, row: dict) -> float:
    return press.computed_value(figures, row["metric"], row["dimension"])


@pytest.mark.parametrize(
    "row", PUBLISHED, ids=[f"{r['year']}-{r['metric']}-{r['dimension'] or 'all'}" for r in PUBLISHED])
def test_published_figure_is_reproduced(sample_figures, row):
    assert _published_value(sample_figures[int(row["edition"])], row) == float(row["value"])


@pytest.mark.parametrize(("metric", "value"), [("countries", 47), ("cities", 93)])
def test_2023_countries_and_cities_hold_among_the_eligible_too(sample_rows, metric, value):
    eligible = [r for r in sample_rows if r["edition"] == "1"
                and r["stage"] in ("eligible", "finalist", "winner")]
    assert len(eligible) == 209
    if metric == "countries":
        assert len({r["country"] for r in eligible}) == value
    else:
        assert len({(r["city"], r["country"]) for r in eligible if r["city"]}) == value


def test_2025_published_region_counts_written_out(sample_figures):
    assert sample_figures[3]["by_region6"] == {"Americas": 71, "Asia": 66, "Middle East": 45,
                                               "Europe": 26, "Africa": 10, "Oceania": 2}
    assert sample_figures[3]["winners_by_award_group"] == {
        "human_centricity": 8, "tech_innovacity": 8, "leadership": 2, "special": 3}


@pytest.mark.parametrize(
    "winner", KNOWN_WINNERS, ids=[f"{w['year']}-{w['winner']}" for w in KNOWN_WINNERS])
def test_known_winner_is_in_the_sample(sample_rows, winner):
    matches = [
        r for r in sample_rows
        if r["edition"] == winner["edition"] and r["country"] == winner["country"]
        and r["stage"] == "winner"
        and winner["winner"] in (r["applicant_name"], r["city"])
        and (not winner["award"] or r["award"] == winner["award"])
    ]
    assert len(matches) == 1


def test_every_winner_has_an_award_and_only_winners(sample_rows):
    for row in sample_rows:
        assert (row["stage"] == "winner") == bool(row["award"]), row["submission_id"]


def test_individuals_enter_leadership_only(sample_rows):
    assert {r["category"] for r in sample_rows if r["applicant_type"] == "individual"} == {
        "leadership"}


def test_arrivals_surge_before_the_deadline(sample_rows):
    editions = {int(e["edition"]): e for e in reference.editions()}
    for edition, info in editions.items():
        opens = datetime.fromisoformat(info["call_opens_at"])
        closes = datetime.fromisoformat(info["call_closes_at"])
        times = [datetime.fromisoformat(r["submitted_at"]) for r in sample_rows
                 if r["edition"] == str(edition)]
        first_fortnight = sum(1 for t in times if (t - opens).days < 14)
        last_fortnight = sum(1 for t in times if 0 <= (closes - t).days < 14)
        assert last_fortnight > 3 * first_fortnight, edition
        assert all(t >= opens for t in times)


def test_sample_uses_plausible_categories_and_sectors(sample_rows):
    categories = Counter(r["category"] for r in sample_rows)
    assert categories["leadership"] < categories["human_centricity"]
    assert categories["leadership"] < categories["tech_innovacity"]
    assert set(Counter(r["sector"] for r in sample_rows)) <= set(reference.SECTORS)


def test_every_sample_city_has_coordinates():
    missing = [(city, iso) for iso, names in sample.CITY_POOL.items() for city in names
               if cities.coordinates(city, iso) is None]
    assert missing == []


@pytest.mark.parametrize(("alias", "country", "city"), [
    ("Madinah", "SAU", "Medina"), ("Goyang-si", "KOR", "Goyang"), ("Seoul", "KOR", "Seoul")])
def test_city_aliases(alias, country, city):
    assert cities.canonical_city(alias, country) == city


def test_sample_csv_is_canonical():
    text = (SAMPLE_DIR / "submissions.csv").read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == sample.SUBMISSION_COLUMNS


def test_2023_eligible_by_region_rounds_to_the_published_shares(sample_figures):
    eligible = sample_figures[1]["eligible_by_region6"]
    assert eligible == {"Americas": 21, "Asia": 92, "Middle East": 36, "Europe": 50,
                        "Africa": 6, "Oceania": 4}
    # 92/209 = 44.0 %, 50/209 = 23.9 %, 36/209 = 17.2 %, 21/209 = 10.0 %, 6/209 = 2.9 %,
    # 4/209 = 1.9 %: the published 44/24/17/10/3/2.
    assert sample_figures[1]["eligible_korea_by_applicant_type"] == {
        "city_government": 6, "institution": 6, "company": 19, "individual": 2}
