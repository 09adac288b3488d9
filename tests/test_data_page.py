"""The Data page says what it did (issue 30, point 7): after an import it names the new file,
the uploader is empty and the success is said once; a dry run over the sample says what the
import removes and waits for an explicit tick; errors are in the page's words; versions are told
apart; the edition of every row is a choice, never a 0; the Add-an-edition form empties after
an add. And point 8 from the page: an edition added there opens before its call."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import said as writing
from conftest import FIXTURE_SUBMISSIONS, ROOT
from streamlit.testing.v1 import AppTest

from prizestats.app import data_page
from prizestats.store import archive, importer, records
from prizestats.words import i18n

# the sample (data/sample) as the database holds it: entries per edition, and the years
SAMPLE_ENTRIES = {1: 240, 2: 216, 3: 220, 4: 235}  # 911 in all, editions 2023 to 2026


@pytest.fixture
def live(tmp_path, sample_db) -> Path:
    """The built sample in its own data folder (versions and kept uploads go beside it)."""
    target = tmp_path / "data" / "live.duckdb"
    target.parent.mkdir()
    shutil.copyfile(sample_db, target)
    return target


@pytest.fixture(autouse=True)
def environment(monkeypatch, live):
    monkeypatch.setenv("PRIZESTATS_DB", str(live))
    monkeypatch.setenv("PRIZESTATS_NOW", "2026-12-01T12:00:00+09:00")
    for name in ("PRIZESTATS_ROLE", "PRIZESTATS_PUBLIC"):
        monkeypatch.delenv(name, raising=False)


def page(name: str = "data", **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def said(at: AppTest) -> list[str]:
    return [str(e.value).replace("\\", "") for kind in
            ("success", "info", "warning", "error", "markdown", "caption") for e in at.get(kind)]


def export_csv() -> bytes:
    """Edition 1's entries of the fixture: an export of the entry system."""
    rows = [r for r in FIXTURE_SUBMISSIONS if r["edition"] == "1"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def upload(at: AppTest, name: str = "export-2023.csv") -> AppTest:
    at.get("file_uploader")[0].set_value((name, export_csv(), "text/csv"))
    return at.run()


def confirm_button(at: AppTest):
    return next(b for b in at.button if b.label in ("Import now", "지금 가져오기"))


def ctx_in(lang: str) -> SimpleNamespace:
    return SimpleNamespace(lang=lang, t=lambda key, **values: i18n.t(key, lang, **values))


# -- the dry run over the sample ------------------------------------------------------------------

DRY_RUN_OVER_THE_SAMPLE = {
    "en": ("The import would replace the sample data: its 911 entries of editions 2023\u20132026 "
           "would be removed. Real entries are never mixed with invented ones.",
           "I understand the sample data will be replaced"),
    "ko": ("가져오면 샘플 데이터를 대체합니다: 2023\u20132026년 4개 회차의 샘플 접수 911건이 삭제됩니다. "
           "실제 자료는 샘플과 섞지 않습니다.", "샘플 데이터가 대체된다는 것을 이해했습니다"),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_dry_run_over_the_sample_says_what_goes_and_waits_for_a_tick(live, lang):
    assert sum(SAMPLE_ENTRIES.values()) == 911
    before = live.read_bytes()
    at = upload(page(lang=lang))
    warning, understood = DRY_RUN_OVER_THE_SAMPLE[lang]
    assert warning in said(at)
    assert confirm_button(at).disabled
    # the dry run's words keep the writing rules of every state (tests/test_state_matrix.py)
    writing.assert_said_well(writing.from_page(at, "data dry run"), writing.MOMENTS[-1],
                             "organiser", lang)
    next(c for c in at.checkbox if c.label == understood).check().run()
    assert not confirm_button(at).disabled
    assert live.read_bytes() == before  # a dry run and a tick write nothing


def test_the_importer_counts_the_sample_entries_it_replaces(live):
    from prizestats.store.reading import Upload

    report = importer.run_import(Upload("export.csv", export_csv()), live, dry_run=True)
    assert report.replaced_sample
    assert report.sample_removed == SAMPLE_ENTRIES


# -- after a confirmed import ---------------------------------------------------------------------

def test_after_an_import_the_page_names_the_file_and_the_uploader_is_empty(live):
    at = upload(page())
    assert any(s.startswith("Sample data:") for s in said(at))
    next(c for c in at.checkbox if c.label.startswith("I understand")).check().run()
    confirm_button(at).click().run()
    assert not at.exception
    shown = said(at)
    successes = [s.value.replace("\\", "") for s in at.success]
    assert len(successes) == 1, successes
    assert successes[0].startswith(
        "Imported export-2023.csv. The database it replaced is kept under Earlier versions (")
    assert not any(s.startswith("Sample data:") for s in shown), shown
    [current] = [s for s in shown if s.startswith("Current database:")]
    assert current.startswith("Current database: imported from export-2023.csv, built ")
    # the uploader is a new, empty one: nothing is dry-run again, no "Nothing would change"
    assert at.get("file_uploader")[0].value is None
    assert not any("Nothing would change" in s for s in shown)
    assert [b for b in at.button if b.label == "Import now"] == []
    [history] = [d.value for d in at.dataframe if "Change" in d.value.columns]
    assert list(history.columns) == ["#", "Change", "Row", "✓", "✗", "Edition",
                                     "Entries added (+), removed (-), changed (~)", "When",
                                     "Reason"]
    assert list(history["Change"]) == ["Import of export-2023.csv", "The sample data"]
    assert list(history["Reason"]) == ["", ""]  # the sample's figures were never public
    [version] = [s for s in at.selectbox if s.label == "Earlier versions"]
    assert re.fullmatch(r"The sample data \(kept \d{1,2} \w+ \d{4}, \d\d:\d\d KST\)",
                        version.options[0]), version.options
    writing.assert_said_well(writing.from_page(at, "data imported"), writing.MOMENTS[-1],
                             "organiser", "en")
    at.run()  # the success is said once
    assert [s.value for s in at.success] == []
    assert any(s.startswith("Current database: imported from export-2023.csv") for s in said(at))


# -- errors in the page's words ---------------------------------------------------------------------

ADD_FORM_ERRORS = {
    "en": ("Call closes, “end of 31 January 2027 (24:00 KST)”: must come after Call opens "
           "(15 February 2027, 00:00 KST)"),
    "ko": "공모 마감 “2027년 1월 31일 24시”: ",
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_add_form_gives_its_errors_in_the_pages_words(live, lang):
    at = page(lang=lang)
    fields = {t.label: t for t in at.text_input}
    fields[i18n.t("field_call_opens_at", lang)].input("2027-02-15")
    fields[i18n.t("field_call_closes_at", lang)].input("2027-01-31")  # before it opens
    next(b for b in at.button if b.label == i18n.t("new_edition_add", lang)).click().run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(ADD_FORM_ERRORS[lang] in e for e in errors), errors
    assert not any("--" in e or "_at" in e for e in errors), errors
    writing.assert_said_well(writing.from_page(at, "data add form"), writing.MOMENTS[-1],
                             "organiser", lang)


def test_the_edition_dates_editor_gives_its_errors_in_the_pages_words(live):
    # the rows as the editor hands them to the importer: the closing before the opening
    rows = [{**row, "call_closes_at": "2023-02-01T18:00:00+09:00"} if row["edition"] == 1 else row
            for row in editions_rows(live)]
    with pytest.raises(importer.ImportRefused) as refused:
        importer.update_editions(live, rows)
    english = data_page.dates_problems(ctx_in("en"), rows, refused.value.problems)
    assert english.replace("\\", "") == (
        "- Edition 1, Call closes, “1 February 2023, 18:00 KST”: must come after Call opens")
    korean = data_page.dates_problems(ctx_in("ko"), rows, refused.value.problems)
    assert korean.replace("\\", "") == (
        "- 제1회 공모 마감 “2023년 2월 1일 오후 6시”: 다음 날짜보다 뒤여야 합니다: 공모 시작")
    assert "--" not in english + korean
    assert "call_" not in english + korean


def editions_rows(target: Path) -> list[dict]:
    from prizestats.store import db

    con = db.connect(target)
    with con:
        frame = db.run(con, "editions", {})
    rows = []
    for row in frame.to_dict("records"):
        rows.append({"edition": int(row["edition"]), "year": int(row["year"]),
                     **{c: data_page._iso(row[c]) for c in importer.DATE_COLUMNS},
                     "venue": row["venue"] or "", "note": row["note"] or ""})
    return rows


# -- the dates editor, the edition choice, versions --------------------------------------------------

def test_the_dates_editor_speaks_korean():
    at = page(lang="ko")
    [editor] = at.get("data_editor")
    headers = data_page._date_columns(ctx_in("ko"))
    assert [headers[c]["label"] for c in importer.DATE_COLUMNS] == [
        "공모 시작", "공모 마감", "본선 진출 발표", "시상식"]
    assert headers["call_opens_at"]["help"].startswith("한국 시간입니다.")
    assert editor.proto.placeholder == "미정"
    assert not any(re.search(r"\d{4}-\d\d-\d\dT", s) for s in said(at))  # no ISO text shown


@pytest.mark.parametrize(("lang", "options"), [
    ("en", ["From the file's edition column", "2023 (first edition)", "2024 (second edition)",
            "2025 (third edition)", "2026 (fourth edition)"]),
    ("ko", ["파일의 회차 열에서", "2023년 (제1회)", "2024년 (제2회)", "2025년 (제3회)",
            "2026년 (제4회)"]),
])
def test_the_edition_of_every_row_is_a_choice_that_starts_empty(lang, options):
    at = page(lang=lang)
    [choice] = [s for s in at.selectbox if s.label == i18n.t("upload_edition", lang)]
    assert choice.value is None
    assert choice.options == options
    assert not at.get("number_input")


def test_saved_versions_are_told_apart(live):
    records.add_edition(live, 5, {"year": "2027", "call_opens_at": "2027-02-15",
                                  "call_closes_at": "2027-05-31"})
    records.set_edition(live, 5, {"venue": "COEX, Seoul"})
    records.set_edition(live, 5, {"venue": "DDP, Seoul"})
    saved = archive.list_versions(live)
    labels = data_page.version_labels(saved, "en")
    shown = [labels[v["version"]] for v in saved]  # newest first
    kept = r" \(kept \d{1,2} \w+ \d{4}, \d\d:\d\d KST\)"  # when, in the viewer's format
    assert [re.fullmatch(f"(.*){kept}", label)[1] for label in shown] == [
        "Edition 5 changed", "Edition 5 added", "The sample data"], shown
    assert len(set(shown)) == 3
    korean = [data_page.version_labels(saved, "ko")[v["version"]] for v in saved]
    assert [re.fullmatch(r"(.*) \(\d{4}년 \d{1,2}월 \d{1,2}일 (오전|오후|낮) .* 보관\)", label)[1]
            for label in korean] == ["제5회 변경", "제5회 추가", "샘플 데이터"], korean


def test_two_versions_kept_in_one_minute_after_the_same_change_are_numbered():
    same = {"dataset": "imported", "source": "a.csv",
            "last_change": {"file_name": "a.csv", "finished_at": None}}
    saved = [{**same, "version": "20261201-101010-000002"},
             {**same, "version": "20261201-101005-000001"}]
    assert data_page.version_labels(saved, "en") == {
        "20261201-101010-000002": "Import of a.csv (kept 1 December 2026, 10:10 KST) (2)",
        "20261201-101005-000001": "Import of a.csv (kept 1 December 2026, 10:10 KST)"}


# -- Add an edition, then its pages (point 8 from the Data page) -------------------------------------

def test_the_add_form_empties_after_an_add_and_the_new_edition_opens_before_its_call(live):
    at = page()
    fields = {t.label: t for t in at.text_input}
    fields["Call opens"].input("2027-02-15")
    fields["Call closes"].input("2027-05-31")
    fields["Venue"].input("COEX, Seoul")
    next(b for b in at.button if b.label == "Add the edition").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Added edition 5 (2027), its call from 15 February 2027, 00:00 KST to end of "
        "31 May 2027 (24:00 KST). Imports into it now work."]
    # the form is empty, for the next edition
    fields = {t.label: t.value for t in at.text_input if t.key and "new_edition" in t.key}
    assert fields == {"Edition": "6", "Year": "2028", "Call opens": "", "Call closes": "",
                      "Finalists announced": "", "Ceremony": "", "Venue": "", "Note": ""}
    at.run()
    assert [s.value for s in at.success] == []  # said once
    overview = page("overview", edition="5")
    assert ("The call for entries of the fifth Seoul Smart City Prize opens on "
            "15 February 2027.") in said(overview)
    intake = page("intake", edition="5")
    chart = json.loads(intake.get("plotly_chart")[0].proto.spec)
    assert chart["layout"]["title"]["text"].replace("<br>", " ") == (
        "The call for 2027 opens on 15 February 2027: the earlier editions' curves show what "
        "is to come")
    assert [trace["name"] for trace in chart["data"]] == ["2023", "2024", "2025", "2026"]
    # before its call no one has entered: no one is missing yet
    assert "Nobody can be missing yet: the call opens on 15 February 2027." in said(intake)
