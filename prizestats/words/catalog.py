"""The words of the product, from the gettext catalogs in prizestats/words/locale.

Each message is found by a key (msgid), never by its English text: `lookup("entries", "ko")`,
`lookup("digest.subject", "en")`. The English catalog is the source (msgstr: the English text);
every other language translates it, and shows the English to its translator as a comment.
Keys that belong to one output carry its namespace (`digest.`, `report.`, `press.`,
`presskit.`, `rejections.`, `about.`, `award.`, `moment.`, `problem.`); the pages' words
have none. A text keeps its grammar specs (a Korean particle pair, {n:entry|entries},
{region:the}), applied after the lookup by prizestats.words.grammar (i18n.render).

`make catalogs` compiles each messages.po into messages.mo, which is read with the standard
library's gettext. A .mo that is missing, or older than its .po (a fresh clone, an edited
catalog), is compiled in memory from the .po instead, so the product and the tests never read
stale words. `make words-update` brings the other languages' catalogs up to date with the
English one and with the keys the code names (README, Development).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

from babel.messages import mofile, pofile

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
SOURCE = "en"


def po_path(lang: str, directory: Path = LOCALE_DIR) -> Path:
    return directory / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(po: Path) -> bytes:
    """The .mo of a catalog, as `pybabel compile` writes it: fuzzy and empty messages left out."""
    with po.open("rb") as handle:
        catalog = pofile.read_po(handle, abort_invalid=True)
    out = io.BytesIO()
    mofile.write_mo(out, catalog)
    return out.getvalue()


class _Missing(gettext.NullTranslations):
    """The end of the chain: a key the catalog does not translate is an error, never shown as
    its key (a typo in a key fails where it is looked up, as with a dict)."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def gettext(self, message: str) -> str:
        raise KeyError(f"no message {message!r} in the {self.lang} catalog "
                       f"({po_path(self.lang).relative_to(LOCALE_DIR.parents[2])})")


@cache
def translations(lang: str, directory: Path = LOCALE_DIR) -> gettext.GNUTranslations:
    """The compiled catalog of a language, read once per process."""
    po = po_path(lang, directory)
    if not po.is_file():
        raise KeyError(f"no catalog for the language {lang!r} ({po})")
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
        with mo.open("rb") as handle:
            result = gettext.GNUTranslations(handle)
    else:
        result = gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    result.add_fallback(_Missing(lang))
    return result


def lookup(key: str, lang: str) -> str:
    """The text of `key` in `lang`, grammar specs still in; KeyError for an unknown key or
    language, or a message not translated yet."""
    if not key:
        raise KeyError("an empty key")
    return translations(lang).gettext(key)


@cache
def message_keys(directory: Path = LOCALE_DIR) -> tuple[str, ...]:
    """Every key of the source (English) catalog, in its order."""
    with po_path(SOURCE, directory).open("rb") as handle:
        return tuple(message.id for message in pofile.read_po(handle) if message.id)


@cache
def names(namespace: str) -> tuple[str, ...]:
    """The keys under `namespace` without it: names("digest") -> ("subject", "sample", ...)."""
    prefix = f"{namespace}."
    return tuple(key.removeprefix(prefix) for key in message_keys() if key.startswith(prefix))


class Section(Mapping[str, str]):
    """The texts of one namespace in one language, read as a mapping: section("digest", "ko")
    ["subject"] is lookup("digest.subject", "ko")."""

    def __init__(self, namespace: str, lang: str):
        self.namespace, self.lang = namespace, lang

    def __getitem__(self, name: str) -> str:
        return lookup(f"{self.namespace}.{name}", self.lang)

    def __iter__(self) -> Iterator[str]:
        return iter(names(self.namespace))

    def __len__(self) -> int:
        return len(names(self.namespace))


def section(namespace: str, lang: str) -> Section:
    return Section(namespace, lang)


def extract_source(fileobj, keywords, comment_tags, options):
    """A babel extraction method for the English catalog (prizestats/words/babel.cfg): every key
    it holds, with its English text as the comment a translator sees. `make words-extract` runs
    it beside the Python extractor, so keys named only at run time are never lost."""
    for message in pofile.read_po(fileobj):
        if message.id:
            yield message.lineno, None, message.id, [message.string]
