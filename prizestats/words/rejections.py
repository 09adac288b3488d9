"""Why a file, a row or a value is refused: every reason in English and Korean under one key.

A Problem (build.Problem) is made from a key (a rejections.<key> message of the catalogs,
prizestats/words/locale) and the values its texts take, never from free text, so no reason
exists in one language only. Its `reason` is the English text (CLI reports, JSON, logs);
`reason_in(lang)` gives the text in the viewer's language.

English reasons follow the file name (str(Problem): "export.csv, row 2, column country:
'Atlantis': unknown country"); the Korean catalog's header says how Korean reasons are written.
A reason is filled in by str.format, not by the grammar of the other texts: {size:,} and
{part!r} are Python's format specs.
"""

from __future__ import annotations

import string
from functools import cache

from prizestats.words import catalog

LANGS = ("en", "ko")
NAMESPACE = "rejections"


def keys() -> tuple[str, ...]:
    """Every reason's key, in the order of the catalog."""
    return catalog.names(NAMESPACE)


def template(key: str, lang: str) -> str:
    """The reason's text in `lang` with its fields still in."""
    return catalog.lookup(f"{NAMESPACE}.{key}", lang)


@cache
def fields(key: str) -> frozenset[str]:
    """The names of the values a reason takes (the same in every language: a test says so)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template(key, "en"))
                     if name)


def check(key: str, values: dict[str, object]) -> None:
    """A reason is only ever made from a known key and exactly the values its texts take."""
    if key not in keys():
        raise KeyError(f"no such rejection reason: {key!r} (see the rejections.* messages of "
                       "prizestats/words/locale/en/LC_MESSAGES/messages.po)")
    if set(values) != fields(key):
        raise TypeError(f"the reason {key!r} takes {sorted(fields(key))}, given {sorted(values)}")


def text(key: str, lang: str, values: dict[str, object]) -> str:
    """The reason in `lang` (en or ko), with its values in."""
    return template(key, lang).format(**values)
