"""English and Korean: the product's words from the catalogs (prizestats.words.catalog) with
their grammar, and numbers, dates and moments formatted per locale with babel."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from babel import Locale, dates, numbers

from prizestats.core import reference
from prizestats.core.disclosure import SMALL, is_hidden
from prizestats.core.times import KST
from prizestats.words import catalog, grammar

# Each language by its own name (English, and Korean as Koreans write it), from babel.
LANGUAGES = {lang: Locale.parse(lang).display_name for lang in ("en", "ko")}
LOCALES = {"en": "en_GB", "ko": "ko_KR"}


def _glossary_labels() -> dict[str, dict[str, str]]:
    return {row["code"]: {"en": row["en"], "ko": row["ko"]} for row in reference.glossary()}


# The display name of every code, from the glossary (data/reference/glossary.csv).
VALUE_LABELS: dict[str, dict[str, str]] = _glossary_labels()


def _articled() -> frozenset[str]:
    """English names that take "the" in running text: from the glossary and the countries."""
    names = {row["en"] for row in reference.glossary() if row["the"] == "the"}
    names |= {row["name_en"] for row in reference.countries().values() if row.get("the") == "the"}
    return frozenset(names)


ARTICLED = _articled()


def award_label(award: object, lang: str) -> str:
    """Empty for no award (None, or NaN from a DataFrame); an unknown award as it is."""
    if not isinstance(award, str) or not award:
        return ""
    try:
        return catalog.lookup(f"award.{award}", lang)
    except KeyError:
        return award


TEMPLATES = {"en": grammar.Templates("en", ARTICLED), "ko": grammar.Templates("ko")}


def render(template: str, lang: str, /, **values: object) -> str:
    """A template with its grammar (grammar.py: a Korean particle chosen by the value,
    {count:entry|entries}, {region:the}, {n:ordinal})."""
    return TEMPLATES[lang].format(template, **values)


def t(key: str, lang: str, /, **values: object) -> str:
    """The message `key` of the catalogs in `lang`, its fields filled in with their grammar;
    KeyError for a key the catalogs do not have."""
    return render(catalog.lookup(key, lang), lang, **values)


def has(key: str) -> bool:
    """Whether the catalogs have a message for `key` (a column named like one is shown by it)."""
    return key in _keys()


@cache
def _keys() -> frozenset[str]:
    return frozenset(catalog.message_keys())


def label(value: str, lang: str) -> str:
    """The display name of a code (category, stage, region, ...); unknown codes show as they are."""
    return VALUE_LABELS.get(value, {}).get(lang, value)


def country_name(iso3: str, lang: str) -> str:
    row = reference.countries().get(iso3)
    if not row:
        return iso3
    return row["name_ko"] if lang == "ko" else row["name_en"]


def ordinal(n: int, lang: str) -> str:
    """An edition's ordinal: 3rd, and in Korean the edition's name with it."""
    return t("ordinal", lang, n=n)


def edition_label(edition: int, year: int, lang: str) -> str:
    return t("edition_label", lang, year=year, ordinal=ordinal(edition, lang), edition=edition)


def number(value: object, lang: str) -> str:
    """A number in the language's format; a count the viewer may not read (NA after
    disclosure, or "<3" already) reads <3."""
    if isinstance(value, str):
        return value
    if is_hidden(value):
        return SMALL
    return numbers.format_decimal(value, locale=LOCALES[lang])


def signed(value: float, lang: str) -> str:
    text = number(abs(value), lang)
    # An ASCII minus: st.metric colours a delta red by its leading "-".
    return f"+{text}" if value > 0 else (f"-{text}" if value < 0 else text)


def change(difference: float, year: int, lang: str, ratio: float | None = None,
           same_point: bool = False) -> str:
    """A change against an earlier year as a sentence says it, never signed (docs/style.md):
    "four more than in 2024", "35.4% fewer than in 2024", "as many as in 2024"; a ratio when
    there is one, else the difference in entries. `same_point`: an open call's count against
    an earlier call at the same point ("... than at the same point in 2024")."""
    sign = difference if ratio is None else ratio
    then = "_then" if same_point else ""
    if not sign:
        return t(f"change.same{then}", lang, year=year)
    direction = "more" if sign > 0 else "fewer"
    if ratio is None:
        return t(f"change.{direction}_entries{then}", lang,
                 amount=number(abs(difference), lang), year=year)
    return t(f"change.{direction}_share{then}", lang, amount=percent(abs(ratio), lang),
             year=year)


def percent(value: float, lang: str) -> str:
    return numbers.format_percent(value, locale=LOCALES[lang], format="#,##0.#%")


def day(value: date | datetime, lang: str) -> str:
    return dates.format_date(value, format="long", locale=LOCALES[lang])


def weekday_day(value: date, lang: str) -> str:
    """"Thu 1 May", and in Korean the month and day, then the weekday in brackets (CLDR's
    pattern for the skeleton MMMEd): the weekday shows the weekly rhythm of arrivals."""
    return dates.format_skeleton("MMMEd", value, locale=LOCALES[lang])


def moment(value: datetime, lang: str) -> str:
    """A moment in Korea time, which is what the prize runs on, said one way everywhere
    (docs/style.md): a day's last second is the end of that day ("end of 25 August 2025
    (24:00 KST)"), midnight the start of it ("25 August 2025, 00:00 KST"), never seconds;
    Korean hours on a 12-hour clock (grammar.korean_hour) and no time zone, English ones
    with KST. The words are the catalogs' moment.* messages."""
    local = value.astimezone(KST)
    on = day(local.date(), lang)
    if (local.hour, local.minute, local.second) == (23, 59, 59):
        return t("moment.end_of_day", lang, day=on)
    clock = "moment.minute" if local.minute else "moment.hour"
    return t("moment.at", lang, day=on, clock=t(clock, lang, hour=local.hour, minute=local.minute))
