"""The reference data the product ships with (data/reference/), read as plain Python objects.

Copied from the shared reference folder so that a clone works on its own.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = ROOT / "data" / "reference"
SAMPLE_DIR = ROOT / "data" / "sample"

APPLICANT_TYPES = ("city_government", "institution", "company", "individual")
CATEGORIES = ("human_centricity", "tech_innovacity", "leadership")
SECTORS = (
    "mobility", "safety", "welfare", "environment", "energy", "culture", "governance", "other",
)
STAGES = ("received", "ineligible", "eligible", "finalist", "winner", "withdrawn")
AWARDS = (
    "gold", "silver", "bronze", "company_prize", "institution_prize", "leadership", "special",
    "special_mention", "special_gggi", "special_imd", "special_semi", "special_wego_index",
    "special_nyce",
)
AWARD_GROUPS = ("human_centricity", "tech_innovacity", "leadership", "special")
REGIONS = (
    "Asia", "Middle East", "Europe", "Africa", "North America", "South America", "Oceania",
)
REGIONS6 = ("Americas", "Asia", "Middle East", "Europe", "Africa", "Oceania")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def countries() -> dict[str, dict[str, str]]:
    """iso3 -> the row of countries_regions.csv."""
    return {row["iso3"]: row for row in read_csv(REFERENCE_DIR / "countries_regions.csv")}


@cache
def editions() -> list[dict[str, str]]:
    return read_csv(REFERENCE_DIR / "editions.csv")


@cache
def known_winners() -> list[dict[str, str]]:
    return read_csv(REFERENCE_DIR / "known_winners.csv")


@cache
def published_figures() -> list[dict[str, str]]:
    return read_csv(REFERENCE_DIR / "published_figures.csv")


@cache
def city_aliases() -> list[dict[str, str]]:
    """alias, country, city: other spellings of a city (Madinah -> Medina)."""
    return read_csv(REFERENCE_DIR / "city_aliases.csv")


@cache
def glossary() -> list[dict[str, str]]:
    """code, en, ko, the, avoid_en, avoid_ko, note, note_ko: the official name of each term and
    code in both languages, the article an English name takes, the words it replaces (regular
    expressions) that no string may use, and what it means in English and Korean."""
    return read_csv(REFERENCE_DIR / "glossary.csv")
