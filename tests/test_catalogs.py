"""The words in gettext catalogs (prizestats/words/locale): every key in English and Korean with
the same fields, nothing fuzzy, the English shown to the translator, every key the code names
present, no Korean left in Python files; and the loader (prizestats.words.catalog).

Each check is a function over a catalog or a folder, so the tests at the end run it on a broken
copy and see it fail."""

from __future__ import annotations

import os
import re
import shutil
import string
from pathlib import Path

import pytest
from babel.messages import pofile
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from conftest import ROOT

from prizestats.words import catalog

LANGS = ("en", "ko")


def read(lang: str, directory: Path = catalog.LOCALE_DIR) -> Catalog:
    with catalog.po_path(lang, directory).open("rb") as handle:
        return pofile.read_po(handle)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def different_keys(en: Catalog, other: Catalog) -> set[str]:
    return {m.id for m in en if m.id} ^ {m.id for m in other if m.id}


def untranslated(messages: Catalog) -> list[str]:
    return [m.id for m in messages if m.id and not str(m.string).strip()]


def fuzzy(messages: Catalog) -> list[str]:
    return ["(header)"] * messages.fuzzy + [m.id for m in messages if m.id and m.fuzzy]


def fields_differ(en: Catalog, other: Catalog) -> list[tuple[str, set[str], set[str]]]:
    """Keys whose texts take different fields: a translation can neither drop nor invent one
    (the grammar specs may differ: {region:the} in English, {region:이/가} in Korean)."""
    return [(m.id, fields(m.string), fields(other[m.id].string)) for m in en
            if m.id and m.id in other and fields(m.string) != fields(other[m.id].string)]


def stale_sources(en: Catalog, other: Catalog) -> list[str]:
    """Keys whose translator comment (#.) is not the English text as it is now: after a change
    of the English, `make words-update` shows the new text beside the translation to review."""
    return [m.id for m in en if m.id and m.id in other
            and " ".join(other[m.id].auto_comments).split() != str(m.string).split()]


def test_the_catalogs_hold_the_same_keys():
    assert different_keys(read("en"), read("ko")) == set()
    assert len(catalog.message_keys()) > 450


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_written_and_none_is_fuzzy(lang):
    messages = read(lang)
    assert untranslated(messages) == []
    assert fuzzy(messages) == []


def test_every_message_has_the_same_fields_in_both_languages():
    assert fields_differ(read("en"), read("ko")) == []


def test_the_korean_catalog_shows_the_english_to_its_translator():
    assert stale_sources(read("en"), read("ko")) == []


def test_the_english_catalog_is_the_source():
    assert [m.id for m in read("en") if m.auto_comments] == []
    assert catalog.message_keys() == tuple(m.id for m in read("en") if m.id)


# ---------------------------------------------------------------------------------------------
# The code: every key it names is in the catalogs, and no Korean is left in its Python files

# What `make words-extract` reads: t("key", ...) and lookup("key", ...) with a literal key.
KEYWORDS = {"t": None, "lookup": None}


def named_keys(folder: Path) -> set[str]:
    """The keys the Python files under `folder` name in t(...) and lookup(...) calls, as babel
    extracts them (keys built at run time are left out: the catalogs list those)."""
    found = extract_from_dir(str(folder), method_map=[("**.py", "python")], keywords=KEYWORDS)
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_key_the_code_names_is_in_the_catalogs():
    named = named_keys(ROOT / "prizestats") | named_keys(ROOT / "pages")
    assert len(named) > 150
    assert named - set(catalog.message_keys()) == set()


HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff"
                    "\uffa0-\uffdc]+")
# Python files that may hold Korean, and why. Nothing else: a word people read is in the
# catalogs, a name in the reference tables (data/reference), a word read from an import in
# aliases.csv.
KOREAN_ALLOWED = {
    "prizestats/words/grammar.py": "the particles and how Korean reads a word's end: the "
                                   "grammar the catalogs' {field:이/가} specs ask for",
}


def korean_in_python(root: Path, allowed: dict[str, str]) -> list[tuple[str, int, str]]:
    """(file, line, Korean) for every run of Hangul in the product's Python files."""
    files = [*root.glob("prizestats/**/*.py"), *root.glob("pages/*.py"), root / "dashboard.py"]
    return [(name, number, run) for path in sorted(files) if path.is_file()
            and (name := path.relative_to(root).as_posix()) not in allowed
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            for run in HANGUL.findall(line)]


def test_no_korean_in_python_files_beyond_the_grammar():
    assert korean_in_python(ROOT, KOREAN_ALLOWED) == []
    assert HANGUL.search((ROOT / "prizestats/words/grammar.py").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# The loader


def test_a_lookup_gives_each_language_its_text():
    assert catalog.lookup("entries", "en") == "Entries"
    assert catalog.lookup("entries", "ko") == "접수"
    assert catalog.lookup("region", "ko") == catalog.section("digest", "ko")["region"] == "지역"
    assert "subject" in catalog.names("digest")
    assert len(catalog.section("digest", "en")) == len(catalog.names("digest"))


@pytest.mark.parametrize(("key", "lang"), [("no_such_key", "en"), ("no_such_key", "ko"),
                                           ("entries", "fr"), ("", "en")])
def test_an_unknown_key_or_language_is_an_error(key, lang):
    with pytest.raises(KeyError):
        catalog.lookup(key, lang)


def copy_catalogs(tmp_path: Path) -> Path:
    folder = tmp_path / "locale"
    for lang in LANGS:
        target = catalog.po_path(lang, folder)
        target.parent.mkdir(parents=True)
        shutil.copyfile(catalog.po_path(lang), target)
    return folder


def edit_po(path: Path, key: str, text: str) -> None:
    """Set the msgstr of `key` (a one-line message) in a .po file, as a translator would."""
    source = path.read_text(encoding="utf-8")
    edited, count = re.subn(rf'(msgid "{re.escape(key)}"\nmsgstr )"[^\n]*"', rf'\1"{text}"', source)
    assert count == 1, key
    path.write_text(edited, encoding="utf-8")


def test_the_loader_reads_the_compiled_catalog_or_compiles_a_missing_or_older_one(tmp_path):
    folder = copy_catalogs(tmp_path)
    po = catalog.po_path("ko", folder)
    mo = po.with_suffix(".mo")
    # no .mo (a fresh clone): compiled from the .po in memory
    assert catalog.translations("ko", folder).gettext("entries") == "접수"
    # a .mo as `make catalogs` writes it, newer than the .po: read as it is
    mo.write_bytes(catalog.compile_po(po))
    edit_po(po, "entries", "접수 건")
    os.utime(po, ns=(1_000_000_000, 1_000_000_000))
    catalog.translations.cache_clear()
    assert catalog.translations("ko", folder).gettext("entries") == "접수"
    # the .po edited after the .mo was made: the .po wins
    os.utime(po)
    catalog.translations.cache_clear()
    assert catalog.translations("ko", folder).gettext("entries") == "접수 건"
    catalog.translations.cache_clear()


def test_an_untranslated_or_fuzzy_message_is_never_shown(tmp_path):
    folder = copy_catalogs(tmp_path)
    po = catalog.po_path("ko", folder)
    edit_po(po, "entries", "")
    source = po.read_text(encoding="utf-8")
    po.write_text(source.replace('msgid "countries"', '#, fuzzy\nmsgid "countries"', 1),
                  encoding="utf-8")
    translations = catalog.translations("ko", folder)
    catalog.translations.cache_clear()
    with pytest.raises(KeyError, match="entries"):
        translations.gettext("entries")
    with pytest.raises(KeyError, match="countries"):
        translations.gettext("countries")
    assert translations.gettext("cities") == "도시"


# ---------------------------------------------------------------------------------------------
# Each check fails on a broken catalog or file


def test_the_checks_find_a_broken_catalog(tmp_path):
    folder = copy_catalogs(tmp_path)
    ko_po = catalog.po_path("ko", folder)
    edit_po(ko_po, "entries", "")  # a Korean text deleted
    edit_po(ko_po, "vs_previous", "{year}년 대비 {change}")  # a field the English has not
    en_po = catalog.po_path("en", folder)
    edit_po(en_po, "cities", "Towns")  # the English changed, the translation not reviewed
    en_po.write_text(en_po.read_text(encoding="utf-8")
                     + '\nmsgid "only_in_english"\nmsgstr "Only in English"\n', encoding="utf-8")
    ko_po.write_text(ko_po.read_text(encoding="utf-8").replace(
        'msgid "countries"', '#, fuzzy\nmsgid "countries"', 1), encoding="utf-8")
    en, ko = read("en", folder), read("ko", folder)
    assert untranslated(ko) == ["entries"]
    assert fields_differ(en, ko) == [("vs_previous", {"year"}, {"year", "change"})]
    assert stale_sources(en, ko) == ["cities"]
    assert different_keys(en, ko) == {"only_in_english"}
    assert fuzzy(ko) == ["countries"]


def test_the_check_finds_korean_in_a_python_file(tmp_path):
    (tmp_path / "prizestats" / "words").mkdir(parents=True)
    (tmp_path / "pages").mkdir()
    shutil.copyfile(ROOT / "prizestats/words/grammar.py", tmp_path / "prizestats/words/grammar.py")
    (tmp_path / "prizestats" / "words" / "labels.py").write_text(
        'TITLE = {"en": "Entries", "ko": "접수"}\n# ㄱ, a Jamo\n', encoding="utf-8")
    (tmp_path / "dashboard.py").write_text("", encoding="utf-8")
    assert korean_in_python(tmp_path, KOREAN_ALLOWED) == [
        ("prizestats/words/labels.py", 1, "접수"), ("prizestats/words/labels.py", 2, "ㄱ")]


def test_the_check_finds_a_key_missing_from_the_catalogs(tmp_path):
    (tmp_path / "page.py").write_text(
        'ctx.t("entries")\ni18n.t("entriess", lang)\ncatalog.lookup("digest.subject", "ko")\n'
        'i18n.t(key, lang)\n', encoding="utf-8")
    assert named_keys(tmp_path) - set(catalog.message_keys()) == {"entriess"}
