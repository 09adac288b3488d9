"""Command-line values read by argparse: the same for every command that takes them."""

from __future__ import annotations

import argparse
import ipaddress
import re
from datetime import datetime

from prizestats.core import reference, times
from prizestats.ops.serve import MAX_REPLICAS
from prizestats.words import i18n


def as_of(text: str) -> datetime:
    try:
        return times.parse_as_of(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (2025-05-01) or an ISO 8601 date-time") from None


def edition(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not an edition number (1 = 2023)")
    return int(text)


def languages(text: str) -> tuple[str, ...]:
    langs = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not langs or any(lang not in i18n.LANGUAGES for lang in langs):
        raise argparse.ArgumentTypeError(f"{text!r}: the languages are en and ko (e.g. en,ko)")
    return langs


def replicas(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_REPLICAS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: the number of servers is a whole number from 1 to {MAX_REPLICAS} "
            f"(about one per core)")
    return int(text)


def port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (1 to 65535)")
    return int(text)


HOSTNAME = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")


def address(text: str) -> str:
    """An IP address or a host name: it goes into nginx's configuration as it is."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        if HOSTNAME.fullmatch(text):
            return text
    raise argparse.ArgumentTypeError(f"{text!r} is not an IP address or a host name")


FILTER_VALUES = {"region": reference.REGIONS, "category": reference.CATEGORIES,
                 "applicant_type": reference.APPLICANT_TYPES, "stage": reference.STAGES}


def filter_value(name: str):
    """A value of an entry filter (prizestats.figures.picks.FILTERS): a code of the reference
    sets, or a country's ISO 3166 alpha-3 code."""
    def parse(text: str) -> str:
        if name == "country":
            if text.upper() in reference.countries():
                return text.upper()
            raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 3166 alpha-3 country "
                                             "code (e.g. KOR)")
        if text not in FILTER_VALUES[name]:
            raise argparse.ArgumentTypeError(
                f"{text!r}: the values are {', '.join(FILTER_VALUES[name])}")
        return text
    return parse
