"""Command-line values read by argparse: the same for every command that takes them."""

from __future__ import annotations

import argparse
from datetime import datetime

from prizestats import i18n, times


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
