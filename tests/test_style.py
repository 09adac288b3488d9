"""Newsroom style in both languages, checked against the one style guide, docs/style.md: its
fenced `rules` blocks are read here, so a rule changed in the guide is a rule changed in the
tests. Representative sentences, titles and messages are written out in full; the catalogs are
swept for what the guide forbids."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from babel.messages import pofile
from conftest import ROOT

from prizestats.core import reference
from prizestats.core.times import KST
from prizestats.figures import intake
from prizestats.words import about, catalog, grammar, i18n

GUIDE = ROOT / "docs" / "style.md"


def rules(name: str, guide: Path = GUIDE) -> list[tuple[str, str]]:
    """The rows of the guide's ```rules NAME block: (left, right) split at the last " | "."""
    blocks = re.findall(r"^```rules (\S+)\n(.*?)^```", guide.read_text(encoding="utf-8"),
                        re.M | re.S)
    found = [body for block, body in blocks if block == name]
    assert found, f"docs/style.md has no rules block {name}"
    return [tuple(part.strip() for part in line.rsplit(" | ", 1))
            for line in found[0].splitlines() if line.strip()]


def patterns(name: str) -> list[tuple[re.Pattern, str]]:
    return [(re.compile(pattern), why) for pattern, why in rules(name)]


def broken(texts: list[str], name: str) -> list[tuple[str, str]]:
    """(why, text) for every text that a pattern of the block `name` finds."""
    return [(why, text) for text in texts for pattern, why in patterns(name)
            if pattern.search(text)]


def messages(lang: str) -> dict[str, str]:
    with catalog.po_path(lang).open("rb") as handle:
        return {m.id: str(m.string) for m in pofile.read_po(handle) if m.id}


def test_the_guide_has_its_rule_blocks():
    for name in ("number_words", "ordinal_words", "korean_hours", "special_awards",
                 "forbidden_catalog", "forbidden_sentence", "forbidden_english",
                 "forbidden_korean", "year_format", "region_examples"):
        assert rules(name), name


# ---------------------------------------------------------------------------------------------
# English numbers and ordinals


def test_one_to_nine_in_words_and_10_in_figures():
    guide = {int(n): word for n, word in rules("number_words")}
    assert sorted(guide) == list(range(1, 10))
    assert {n: grammar.words(n) for n in range(1, 10)} == guide
    assert {n: grammar.words(str(n)) for n in range(1, 10)} == guide  # a formatted count
    assert [grammar.words(v) for v in (0, 10, 14, "1,234", "<3", "35.4%")] == [
        "0", "10", "14", "1,234", "<3", "35.4%"]


def test_first_to_ninth_in_words_then_figures():
    guide = {int(n): word for n, word in rules("ordinal_words")}
    assert {n: grammar.ordinal(n) for n in range(1, 10)} == guide
    assert [grammar.ordinal(n) for n in (10, 11, 12, 21, 22, 23, 101)] == [
        "10th", "11th", "12th", "21st", "22nd", "23rd", "101st"]


def test_the_edition_in_a_sentence_is_the_third():
    assert i18n.t("edition_title", "en", ordinal=i18n.ordinal(3, "en"), year=2025) == (
        "The third Seoul Smart City Prize (2025)")
    assert i18n.t("edition_title", "ko", ordinal=i18n.ordinal(3, "ko"), year=2025) == (
        "제3회 서울 스마트도시 상 (2025년)")
    assert i18n.edition_label(12, 2034, "en") == "2034 (12th edition)"


def test_press_sentences_write_small_counts_in_words():
    assert i18n.t("press.finalists", "en", entries=220, finalists=4, source="") == (
        "Of the 220 entries, four were selected as finalists.")
    assert i18n.t("press.finalists", "en", entries=1, finalists=1, source="") == (
        "Of the one entry, one was selected as a finalist.")
    assert i18n.t("press.finalists", "ko", entries=220, finalists=4, source="") == (
        "전체 220건 가운데 4건이 본선에 진출했다.")


# ---------------------------------------------------------------------------------------------
# Changes in sentences: never signed

PACE_SHARE = intake.Pace(edition=2, year=2024, entries_then=99, difference=-35, ratio=-0.354)
PACE_ENTRIES = intake.Pace(edition=2, year=2024, entries_then=0, difference=4, ratio=None)
PACE_SAME = intake.Pace(edition=2, year=2024, entries_then=64, difference=0, ratio=0.0)


@pytest.mark.parametrize(("lang", "paces", "expected"), [
    ("en", [PACE_SHARE],
     "Entries for 2025: 64 with 29 days to the deadline, 35.4% fewer than at the same point in "
     "2024 (99 then)"),
    ("en", [PACE_ENTRIES],
     "Entries for 2025: 64 with 29 days to the deadline, four more than at the same point in "
     "2024 (0 then)"),
    ("en", [PACE_SAME],
     "Entries for 2025: 64 with 29 days to the deadline, as many as at the same point in 2024 (64 then)"),
    ("ko", [PACE_SHARE], "2025년 접수: 마감 29일 전 64건, 2024년 같은 시점보다 35.4% 적음(당시 99건)"),
    ("ko", [PACE_ENTRIES], "2025년 접수: 마감 29일 전 64건, 2024년 같은 시점보다 4건 많음(당시 0건)"),
])
def test_the_intake_title_says_more_or_fewer(lang, paces, expected):
    assert intake.title_text(lang, 2025, 64, 29, paces) == expected


def test_pace_lines_and_the_trend_title_say_more_or_fewer():
    assert intake.pace_texts("en", [PACE_SHARE], 29) == [
        "Entries so far: 35.4% fewer than in 2024 at 29 days before the deadline (99 then)"]
    assert intake.pace_texts("en", [PACE_SHARE], -3) == [
        "Final count: 35.4% fewer than in 2024 (99 then)"]
    assert intake.title_text("en", 2025, 3, 1, []) == (
        "Entries for 2025: three with one day to the deadline")
    assert i18n.t("trend_title", "en", year=2025, entries=220, countries=52,
                  change=i18n.change(4, 2024, "en")) == (
        "In 2025, 220 entries (four more than in 2024) came from 52 countries")
    assert i18n.t("trend_title", "ko", year=2025, entries=220, countries=52,
                  change=i18n.change(-4, 2024, "ko")) == (
        "2025년에는 52개국에서 220건(2024년보다 4건 적음)이 접수됐습니다")


def english_sentences() -> list[str]:
    """Rendered English sentences with small counts and changes both ways."""
    out = [intake.title_text("en", 2025, n, d, [p]) for n, d, p in
           ((1, 66, PACE_SHARE), (5, 1, PACE_ENTRIES), (64, 29, PACE_SAME))]
    out += intake.pace_texts("en", [PACE_SHARE, PACE_ENTRIES], 29)
    out += [i18n.t("press.entries", "en", ordinal=i18n.ordinal(n, "en"), entries=n, cities=n,
                   countries=n, source="the sample data",
                   as_of=i18n.moment(datetime(2025, 9, 30, 17, 29, 59, tzinfo=KST), "en"))
            for n in range(1, 10)]
    out += [i18n.t("trend_title", "en", year=2025, entries=n, countries=n,
                   change=i18n.change(d, 2024, "en")) for n, d in ((3, -2), (7, 5))]
    return out


def korean_sentences() -> list[str]:
    out = [intake.title_text("ko", 2025, 64, 29, [p]) for p in (PACE_SHARE, PACE_ENTRIES)]
    out += [i18n.moment(datetime(2025, 5, 30, h, 30, 59, tzinfo=KST), "ko") for h in range(24)]
    out += [i18n.t("press.entries", "ko", ordinal=i18n.ordinal(3, "ko"), entries=220,
                   cities=115, countries=52, source="서울시에 따르면",
                   as_of=i18n.moment(datetime(2025, 10, 31, 23, 59, 59, tzinfo=KST), "ko"))]
    return [*out, about.rules("ko")]


# English sentence messages whose counts the guide writes in words (chart titles that rank are
# left to the statements' own rules).
SENTENCE_KEYS = ("press.entries", "press.entries_open", "press.finalists", "press.winners",
                 "intake_title", "intake_title_after", "trend_title", "trend_title_single",
                 "projection_line", "projection_no_interval", "new_returning_title",
                 "daily_title")
NOT_COUNTS = {"year", "ordinal", "as_of", "ceremony", "source", "day", "editions", "pace",
              "change", "low", "high"}


@pytest.mark.parametrize("n", range(1, 10))
def test_every_sentence_message_writes_one_to_nine_in_words(n):
    import string

    for key in SENTENCE_KEYS:
        fields = {f for _, f, _, _ in string.Formatter().parse(catalog.lookup(key, "en")) if f}
        values = {f: n for f in fields - NOT_COUNTS}
        values.update(year=2025, ordinal="third", as_of="the end of 30 May 2025", pace="",
                      ceremony="30 September 2025", source="", day="Thu 22 May", low="10",
                      high="20", editions="2023 and 2024",
                      change=i18n.change(n, 2024, "en"))
        text = i18n.t(key, "en", **{k: v for k, v in values.items() if k in fields})
        assert not re.search(rf"(?<![\d.,]){n}(?![\d.,%])", text), (key, text)
        assert grammar.NUMBER_WORDS[n] in text, (key, text)


def test_rendered_english_sentences_keep_the_guide():
    sentences = english_sentences()
    assert broken(sentences, "forbidden_english") == []
    # one to nine in words: no lone digit 1-9 in these sentences (years and 35.4% aside)
    assert [s for s in sentences if re.search(r"(?<![\d.,])[1-9](?![\d.,%])", s)] == []


def test_rendered_korean_sentences_keep_the_guide():
    assert broken(korean_sentences(), "forbidden_korean") == []


# ---------------------------------------------------------------------------------------------
# Korean times


def test_korean_hours_as_the_guide_writes_them():
    for hour, written in rules("korean_hours"):
        assert grammar.korean_hour(int(hour)) == written
        assert i18n.moment(datetime(2025, 5, 30, int(hour), tzinfo=KST), "ko") == (
            f"2025년 5월 30일 {written}")


@pytest.mark.parametrize(("moment", "en", "ko"), [
    (datetime(2025, 5, 30, 18, tzinfo=KST), "30 May 2025, 18:00 KST", "2025년 5월 30일 오후 6시"),
    (datetime(2025, 5, 30, 9, 30, 59, tzinfo=KST), "30 May 2025, 09:30 KST",
     "2025년 5월 30일 오전 9시 30분"),
    (datetime(2025, 5, 30, 23, 59, 59, tzinfo=KST), "end of 30 May 2025 (24:00 KST)",
     "2025년 5월 30일 24시"),
])
def test_a_moment_in_english_names_kst_and_in_korean_no_zone(moment, en, ko):
    assert (i18n.moment(moment, "en"), i18n.moment(moment, "ko")) == (en, ko)


def test_the_end_of_a_day_takes_its_particle():
    assert grammar.particle("24시", "을/를") == "24시를"
    assert "그날 24시를 뜻합니다" in about.rules("ko")
    assert "24시을" not in about.rules("ko")


# ---------------------------------------------------------------------------------------------
# The catalogs


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_message_holds_what_the_guide_forbids(lang):
    texts = messages(lang)
    found = [(key, why) for key, text in texts.items()
             for pattern, why in patterns("forbidden_catalog") if pattern.search(text)]
    assert found == []


def test_no_english_message_signs_a_change_in_a_sentence():
    found = [(key, why) for key, text in messages("en").items()
             for pattern, why in patterns("forbidden_sentence") if pattern.search(text)]
    assert found == []


def test_the_special_awards_by_their_organisers_names():
    awards = [(*code_en.split(" | "), ko) for code_en, ko in rules("special_awards")]
    assert len(awards) == 3
    special = next(row for row in reference.glossary() if row["code"] == "special")
    for code, en, ko in awards:
        assert (i18n.award_label(code, "en"), i18n.award_label(code, "ko")) == (en, ko), code
        assert en in special["note"]
        assert ko in special["note_ko"]


# ---------------------------------------------------------------------------------------------
# Korean pages in Korean


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_the_korean_about_page_shows_the_glossary_notes_in_korean():
    table = about.glossary_table("ko")
    notes = table[i18n.t("note", "ko")]
    english = about.glossary_table("en")[i18n.t("note", "en")]
    assert [(e, k) for e, k in zip(english, notes, strict=True)
            if e and not HANGUL.search(k)] == []
    assert "지역: 이집트(중동)를 뺀 아프리카" in list(notes)


def test_the_data_page_heads_edition_dates_in_the_page_language():
    from prizestats.app import data_page
    from prizestats.store import importer

    ctx = SimpleNamespace(t=lambda key, **values: i18n.t(key, "ko", **values))
    config = data_page._date_columns(ctx)
    labels = {column: spec["label"] for column, spec in config.items()}
    assert labels["call_opens_at"] == "공모 시작"
    assert all(HANGUL.search(label) for label in labels.values()), labels
    assert set(importer.DATE_COLUMNS) <= set(labels)
    assert config["ceremony_at"]["type_config"]["format"] == "YYYY년 M월 D일 HH:mm"
    # what is saved is ISO 8601 with its offset, whatever the editor shows
    moment = data_page._moment("2025-05-30T18:00:00+09:00")
    assert data_page._iso(moment) == "2025-05-30T18:00:00+09:00"
    assert data_page._iso(moment.tz_localize(None)) == "2025-05-30T18:00:00+09:00"
    assert data_page._iso(None) == ""


# ---------------------------------------------------------------------------------------------
# Years, CLI messages


def test_years_in_the_reports_tables_have_no_separator():
    from prizestats.outputs import report

    year = i18n.t("year", "en")
    table = report._table(pd.DataFrame({year: [2023, 2024], "Entries": [1234, 5]}), "en")
    cells = [cell.text for row in table.rows for cell in row]
    (rule, _), = rules("year_format")
    assert [c for c in cells[::2] if not re.fullmatch(rule, c)] == []
    assert cells == ["2023", "1,234", "2024", "5"]


def _report(rows: int, added: int, replaced_sample: bool = False):
    from prizestats.store import importer

    report = importer.Report("one.csv", "0" * 64, "CSV, UTF-8", rows, [(2, {})] * rows, [], [],
                             [1], replaced_sample=replaced_sample)
    report.diff = {"1": {"added": ["A9"] * added, "removed": [], "changed": [],
                         "stage_changes": []}}
    return report


def test_a_dry_run_says_what_it_would_do_and_counts_agree():
    from prizestats.cli import data as cli_data

    text = cli_data._report_text(_report(1, 1, replaced_sample=True), True, Path("x.duckdb"))
    assert text.splitlines() == [
        "one.csv (CSV, UTF-8): 1 row read, 1 accepted, 0 rejected",
        "the import would replace the sample data: real entries are never mixed with them",
        "edition 1: would add 1, remove 0 and change 0",
        "dry run: nothing was written"]
    assert broken([text], "forbidden_catalog") == []
    assert "2 rows read" in cli_data._report_text(_report(2, 0), True, Path("x.duckdb"))
    assert i18n.t("upload_diff", "en", edition=1, added=1, removed=0, changed=1, stages=0) == (
        "Edition 1: the import would add 1, remove 0 and change 1 entry, with 0 stage changes.")


def test_the_importer_checks_1_row(tmp_path, fixture_db):
    import csv
    import shutil

    from conftest import FIXTURE_SUBMISSIONS, SUBMISSION_COLUMNS

    from prizestats.store import importer

    target = tmp_path / "data" / "live.duckdb"
    target.parent.mkdir()
    shutil.copyfile(fixture_db, target)
    source = tmp_path / "one.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(SUBMISSION_COLUMNS)
        writer.writerow([FIXTURE_SUBMISSIONS[0][c] for c in SUBMISSION_COLUMNS])
    said: list[str] = []
    importer.run_import(source, target, dry_run=True, partial=True, progress=said.append)
    assert "checking 1 row" in said


# ---------------------------------------------------------------------------------------------
# Definitions that agree


def test_the_region_rule_the_glossary_and_the_data_agree():
    countries = reference.countries()
    rule_en, rule_ko = about.rules("en"), about.rules("ko")
    notes = {row["code"]: row for row in reference.glossary()}
    for iso3, region in rules("region_examples"):
        assert countries[iso3]["region"] == region, iso3
    # the About page and the glossary name the same exceptions
    for words in ("Egypt", "Iran", "Caucasus", "Cyprus", "Russia", "Mexico"):
        assert words in rule_en
    assert "Egypt" in notes["Middle East"]["note"]
    assert "Iran" in notes["Middle East"]["note"]
    assert "이집트" in notes["Middle East"]["note_ko"]
    assert "이집트" in rule_ko
    assert "North Africa" not in notes["Middle East"]["note"]  # Morocco is Africa
    assert "sub-Saharan" not in notes["Africa"]["note"]  # so is all of North Africa but Egypt
