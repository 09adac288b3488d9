"""Mapping an export's headers and values (Korean or English, data/reference/aliases.csv) onto
the canonical columns of the data contract, one row at a time."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

import pycountry
from babel import Locale

from prizestats.core import reference
from prizestats.core.times import KST
from prizestats.store import build
from prizestats.store.build import Problem
from prizestats.store.guards import ImportRefused
from prizestats.words.cities import canonical_city

CANONICAL = ("submission_id", "edition", "submitted_at", "applicant_type", "applicant_name",
             "project_title", "category", "sector", "technologies", "city", "country", "stage",
             "screened_at", "finalist_at", "award", "wego_member")
ENUM_FIELDS = ("category", "applicant_type", "stage", "award", "sector")


# A WeGO membership as an export may write it; its Korean words are in aliases.csv (wego_member).
TRUE_WORDS = {"true", "yes", "y", "1", "o", "member"}
FALSE_WORDS = {"false", "no", "n", "0", "x", "non-member"}
KOREAN_DAY_PERIODS = {period: Locale("ko").day_periods["format"]["abbreviated"][period]
                      for period in ("am", "pm")}
EXCEL_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?E\+\d+$", re.IGNORECASE)


DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d",
                "%Y. %m. %d.", "%Y. %m. %d. %H:%M", "%Y. %m. %d. %H:%M:%S",
                # Excel in Korean: "2025. 5. 1." then the day period, then "1:45" (Korean's AM
                # and PM, from babel, become AM/PM first)
                "%Y. %m. %d. %p %I:%M", "%Y. %m. %d. %p %I:%M:%S", "%Y-%m-%d %p %I:%M",
                "%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M:%S %p")


def alias_key(text: str) -> str:
    """Headers and values are compared without case, outer spaces, _ - or repeated spaces."""
    return re.sub(r"[\s_\-]+", " ", str(text)).strip().casefold()


@cache
def aliases() -> dict[str, dict[str, str]]:
    """field -> {normalised alias -> canonical value}; canonical names map to themselves."""
    table: dict[str, dict[str, str]] = {"column": {alias_key(c): c for c in CANONICAL}}
    for name, values in (("category", reference.CATEGORIES),
                         ("applicant_type", reference.APPLICANT_TYPES),
                         ("stage", reference.STAGES), ("award", reference.AWARDS),
                         ("sector", reference.SECTORS)):
        table[name] = {alias_key(v): v for v in values}
    for row in reference.read_csv(reference.REFERENCE_DIR / "aliases.csv"):
        table.setdefault(row["field"], {})[alias_key(row["alias"])] = row["value"]
    return table


@cache
def country_names() -> dict[str, str]:
    """Every spelling we know of a country -> ISO-3: codes, English and Korean names."""
    names: dict[str, str] = {}
    korean = Locale("ko").territories
    english = Locale("en").territories
    for iso3, row in reference.countries().items():
        for name in (iso3, row["iso2"], row["name_en"], row["name_ko"],
                     korean.get(row["iso2"], ""), english.get(row["iso2"], "")):
            if name:
                names[alias_key(name)] = iso3
    for alias, iso3 in aliases().get("country", {}).items():
        names[alias] = iso3
    for country in pycountry.countries:
        if country.alpha_3 not in reference.countries():
            continue
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(alias_key(value), country.alpha_3)
    return names


def country_code(text: str) -> str | None:
    return country_names().get(alias_key(text))


def country_suggestion(text: str) -> str | None:
    close = difflib.get_close_matches(alias_key(text), list(country_names()), n=1, cutoff=0.6)
    return country_names()[close[0]] if close else None


def map_header(name: str, header: list[str], edition_given: bool) -> dict[int, str]:
    """Column position -> canonical column. Unknown columns are ignored (and reported)."""
    columns = aliases()["column"]
    mapped: dict[int, str] = {}
    problems = []
    for position, title in enumerate(header):
        canonical = columns.get(alias_key(title))
        if canonical is None:
            continue
        if canonical in mapped.values():
            problems.append(Problem(name, 1, title, None, "second_column", canonical=canonical))
        mapped[position] = canonical
    required = [c for c in build.REQUIRED_SUBMISSION_COLUMNS
                if c not in mapped.values() and not (c == "edition" and edition_given)]
    for column in required:
        problems.append(Problem(name, 1, column, None, "missing_edition_column"
                                if column == "edition" else "missing_column"))
    if problems:
        raise ImportRefused(problems)
    return mapped


def unknown_columns(header: list[str]) -> list[str]:
    columns = aliases()["column"]
    return [h for h in header if h and alias_key(h) not in columns]


def parse_moment(text: str) -> datetime:
    """ISO 8601 or a common spreadsheet form; no offset means Asia/Seoul."""
    text = text.strip()
    try:
        return build.parse_datetime(text)
    except ValueError:
        pass
    cleaned = text
    for period, name in KOREAN_DAY_PERIODS.items():
        cleaned = cleaned.replace(name, period.upper())
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).replace(tzinfo=KST)
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # an Excel serial day number
        return (datetime(1899, 12, 30) + timedelta(days=float(text))).replace(tzinfo=KST)
    raise ValueError(text)


@dataclass
class Mapped:
    """One row in canonical text form, plus the problems found while mapping it."""
    row: int
    cells: dict[str, str]
    problems: list[Problem] = field(default_factory=list)


def map_row(name: str, row_no: int, cells: list[str], columns: dict[int, str],
            edition: int | None, editions_by_year: dict[int, int]) -> Mapped:
    raw = {column: (cells[i].strip() if i < len(cells) else "") for i, column in columns.items()}
    mapped = Mapped(row_no, {c: "" for c in CANONICAL})

    def problem(column: str, value: str, key: str, /, **values: object) -> None:
        mapped.problems.append(Problem(name, row_no, column, value, key, **values))

    for column, value in raw.items():
        mapped.cells[column] = value
    if not raw.get("edition") and edition is not None:
        mapped.cells["edition"] = str(edition)
    elif raw.get("edition", "").isdigit() and int(raw["edition"]) in editions_by_year:
        mapped.cells["edition"] = str(editions_by_year[int(raw["edition"])])  # a year: 2025 -> 3
    identifier = raw.get("submission_id", "")
    if EXCEL_SCIENTIFIC.match(identifier):
        problem("submission_id", identifier, "excel_scientific")
    for column in ENUM_FIELDS:
        value = raw.get(column, "")
        if value:
            mapped.cells[column] = aliases()[column].get(alias_key(value), value)
    country = raw.get("country", "")
    if country:
        code = country_code(country)
        if code:
            mapped.cells["country"] = code
        else:
            hint = country_suggestion(country)
            if hint:
                problem("country", country, "unknown_country_hint", hint=hint)
            else:
                problem("country", country, "unknown_country")
    if raw.get("city") and mapped.cells["country"]:
        mapped.cells["city"] = canonical_city(raw["city"], mapped.cells["country"])
    for column in ("submitted_at", "screened_at", "finalist_at"):
        value = raw.get(column, "")
        if value:
            try:
                mapped.cells[column] = parse_moment(value).isoformat()
            except ValueError:
                problem(column, value, "not_a_moment")
                mapped.cells[column] = ""
    member = alias_key(raw.get("wego_member", ""))
    if member:
        member = aliases().get("wego_member", {}).get(member, member)
        if member in TRUE_WORDS:
            mapped.cells["wego_member"] = "true"
        elif member in FALSE_WORDS:
            mapped.cells["wego_member"] = "false"
    return mapped
