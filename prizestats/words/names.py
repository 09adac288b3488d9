"""Names as Korean and international press write them.

Countries come from data/reference/countries_regions.csv (name_en, name_ko, and `the` for the names
that take the article in English running text: "the Philippines"). Cities and technologies come
from data/reference/names_ko.csv (kind, name, ko), a table the organisers extend: a name it does
not hold is shown as it was given, and English is always the name as given. No streamlit here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

from prizestats.core import reference
from prizestats.words import i18n

KINDS = ("city", "technology")


def _text(value: object) -> str:
    """A name as text with its spaces tidied; nothing (None, NaN, NA) as ""."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                         and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def _key(text: str) -> str:
    """Names are compared without case, accents, outer spaces, _ - or repeated spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\s_\-]+", " ", plain).strip().casefold()


@cache
def korean_names() -> dict[str, dict[str, str]]:
    """kind -> {compared name -> Korean}, from names_ko.csv; a city's other spellings
    (city_aliases.csv: Madinah -> Medina) find the Korean of the city they stand for."""
    table: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for row in reference.read_csv(reference.REFERENCE_DIR / "names_ko.csv"):
        kind, name, ko = (_text(row.get(c)) for c in ("kind", "name", "ko"))
        if kind in table and name and ko:
            table[kind][_key(name)] = ko
    cities = table["city"]
    for row in reference.city_aliases():
        ko = cities.get(_key(row["city"]))
        if ko:
            cities.setdefault(_key(row["alias"]), ko)
    return table


def _name(kind: str, value: object, lang: str) -> str:
    text = _text(value)
    if lang != "ko" or not text:
        return text
    return korean_names()[kind].get(_key(text), text)


def city_name(city: object, lang: str) -> str:
    """A city as the page's language writes it: Seoul in its Korean spelling; English, and a city the
    table does not hold, as given (spaces tidied); no city -> ""."""
    return _name("city", city, lang)


def technology_name(name: object, lang: str) -> str:
    """A technology as the page's language writes it: big data in its Korean spelling; acronyms stay (AI)."""
    return _name("technology", name, lang)


def country_name(iso3: object, lang: str) -> str:
    """A country's name (HKG -> Hong Kong, or its Korean name); an unknown code as given."""
    return i18n.country_name(_text(iso3).upper(), lang)


def display(column: str, value: object, lang: str) -> str:
    """The words for a value of a chart's or table's column: a city or a technology by the names
    table, a code (category, stage, region, ...) by i18n.label."""
    if column == "city":
        return city_name(value, lang)
    if column == "technology":
        return technology_name(value, lang)
    return i18n.label(value, lang)
