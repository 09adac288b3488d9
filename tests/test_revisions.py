"""Revisions of public figures (issue 29; data contract, "Revisions"): a change that moves a
figure already public needs a reason; each release keeps the figures it moved, before and
after, with its moment and reason; press see the revisions of figures public before and after,
organisers every change; `r` marks a revised figure in every machine output; pages say
"revised on ...: was ..." beside it.

The fixture database (conftest.py): edition 1 (2023) has eight entries, its ceremony on
25 September 2023; after it, each of its figures is public (but small counts of two dimensions).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import said as writing
from conftest import FIXTURE_SUBMISSIONS, ROOT
from pandas.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest
from test_cli import cli

from prizestats.bench import pandas_queries
from prizestats.core.scope import EVERYTHING, Scope
from prizestats.core.times import parse_as_of
from prizestats.figures import revisions
from prizestats.store import db, importer, releases
from prizestats.store.sample import SUBMISSION_COLUMNS

AFTER_CEREMONY = "2026-06-03T10:00:00+09:00"  # a Wednesday; edition 1 is long final
BEFORE_ANNOUNCEMENT = "2023-07-16T12:00:00+09:00"  # edition 1 finalists decided (14 July), secret
REASON = "duplicate entry removed"

# Removing A8 (KOR, company, tech_innovacity, eligible) from edition 1: every public figure it
# moves. eligible_korea_by_applicant_type.company goes 2 -> 1, a small count of two dimensions:
# not public, so not named.
A8_MOVES = [
    "edition 1 entries: 8 -> 7",
    "edition 1 eligible: 6 -> 5",
    "edition 1 by_region.Asia: 4 -> 3",
    "edition 1 by_region6.Asia: 4 -> 3",
    "edition 1 by_category.tech_innovacity: 3 -> 2",
    "edition 1 by_applicant_type.company: 3 -> 2",
    "edition 1 by_stage.eligible: 3 -> 2",
    "edition 1 eligible_by_region6.Asia: 4 -> 3",
]


@pytest.fixture
def live(tmp_path, fixture_db) -> Path:
    target = tmp_path / "data" / "live.duckdb"
    target.parent.mkdir()
    shutil.copyfile(fixture_db, target)
    return target


def edition_1(tmp_path: Path, drop: tuple[str, ...] = (), **changed: dict) -> Path:
    """Edition 1 of the fixture as an export, without the ids in `drop`, with `changed`
    {id: {column: value}}."""
    rows = [dict(r, **changed.get(r["submission_id"], {})) for r in FIXTURE_SUBMISSIONS
            if r["edition"] == "1" and r["submission_id"] not in drop]
    path = tmp_path / f"edition-1-{len(list(tmp_path.glob('edition-1-*')))}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(SUBMISSION_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def tables_of(path: Path) -> dict[str, list]:
    con = db.connect(path)
    with con:
        return {name: con.execute(f"select * from {name} order by all").fetchall()
                for name in sorted(db.table_names(con))}


def revisions_of(path: Path, public: bool, as_of: str = "2030-01-01") -> pd.DataFrame:
    con = db.connect(path)
    with con:
        return revisions.history(lambda n, p: db.run(con, n, p), None, parse_as_of(as_of),
                                 public_only=public)


def test_a_public_figure_moves_only_with_a_reason(monkeypatch, live, tmp_path):
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_CEREMONY)
    export = edition_1(tmp_path, drop=("A8",))
    digest = hashlib.sha256(live.read_bytes()).hexdigest()
    before = tables_of(live)
    refused = cli("import", str(export), db=live)
    assert refused.returncode == 2
    said = [line.removeprefix("error: ") for line in refused.stderr.splitlines()
            if line.startswith("error: ")]
    assert said == [*A8_MOVES, "these figures are already public: say why they change with "
                                "--reason TEXT"]
    assert hashlib.sha256(live.read_bytes()).hexdigest() == digest
    assert tables_of(live) == before
    assert not (live.parent / "versions").exists()
    assert not (live.parent / "imports").exists()

    accepted = cli("import", str(export), "--reason", REASON, db=live)
    assert accepted.returncode == 0, accepted.stderr
    assert "public figures revised:\n  edition 1 entries: 8 -> 7\n" in accepted.stdout
    [reason] = {row[-2] for row in tables_of(live)["imports"]} - {None}
    assert reason == REASON


def test_a_change_of_no_public_figure_needs_no_reason(monkeypatch, live, tmp_path):
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_CEREMONY)
    # a project's title is no figure
    export = edition_1(tmp_path, A3={"project_title": "A better title"})
    assert importer.run_import(export, live).written
    assert revisions_of(live, public=False).empty


def test_a_dry_run_names_the_public_figures_it_would_move(monkeypatch, live, tmp_path):
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_CEREMONY)
    report = importer.run_import(edition_1(tmp_path, drop=("A8",)), live, dry_run=True)
    assert [str(move) for move in report.moves] == A8_MOVES
    assert not report.written


def test_a_result_changed_before_its_announcement_is_no_public_revision(monkeypatch, live,
                                                                         tmp_path):
    # Before the announcement A2 stops being a finalist: finalists 2 -> 1 (A1 and A2; A5's
    # finalist place is known only at the announcement), under embargo.
    monkeypatch.setenv("PRIZESTATS_NOW", BEFORE_ANNOUNCEMENT)
    demoted = edition_1(tmp_path, A2={"stage": "eligible", "finalist_at": ""})
    assert importer.run_import(demoted, live).written  # no reason asked: nothing public moved
    organiser = revisions.records(revisions_of(live, public=False))
    assert [(r["metric"], r["dimension"], r["previous_value"], r["value"], r["public"])
            for r in organiser] == [("by_stage", "eligible", 3, 4, False),
                                    ("by_stage", "finalist", 2, 1, False),
                                    ("finalists", "", 2, 1, False)]
    assert revisions_of(live, public=True).empty
    # After the ceremony (A1 and A5 won: finalists 2, public) A2 is a finalist again: a
    # revision of a public figure.
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_CEREMONY)
    promoted = edition_1(tmp_path)
    with pytest.raises(releases.ReasonNeeded) as refused:
        importer.run_import(promoted, live)
    assert [str(m) for m in refused.value.moves] == [
        "edition 1 finalists: 2 -> 3", "edition 1 by_stage.eligible: 4 -> 3",
        "edition 1 by_stage.finalist: 0 -> 1"]
    assert importer.run_import(promoted, live, reason="finalist list corrected").written
    public = revisions.records(revisions_of(live, public=True))
    assert [(r["metric"], r["dimension"], r["previous_value"], r["value"], r["released_at"],
             r["reason"]) for r in public] == [
        ("by_stage", "eligible", 4, 3, "2026-06-03T10:00+09:00", "finalist list corrected"),
        ("by_stage", "finalist", 0, 1, "2026-06-03T10:00+09:00", "finalist list corrected"),
        ("finalists", "", 2, 3, "2026-06-03T10:00+09:00", "finalist list corrected")]
    # the press see a revision only from its moment on
    assert revisions_of(live, public=True, as_of="2026-06-02").empty


@pytest.fixture
def revised(monkeypatch, live, tmp_path) -> Path:
    """The fixture with A8 removed on 3 June 2026, for a reason."""
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_CEREMONY)
    importer.run_import(edition_1(tmp_path, drop=("A8",)), live, reason=REASON)
    return live


REVISIONS_CSV = """edition,metric,dimension,previous_value,value,public,released_at,reason
1,by_applicant_type,company,3,2,True,2026-06-03T10:00+09:00,duplicate entry removed
1,by_category,tech_innovacity,3,2,True,2026-06-03T10:00+09:00,duplicate entry removed
1,by_region,Asia,4,3,True,2026-06-03T10:00+09:00,duplicate entry removed
1,by_region6,Asia,4,3,True,2026-06-03T10:00+09:00,duplicate entry removed
1,by_stage,eligible,3,2,True,2026-06-03T10:00+09:00,duplicate entry removed
1,eligible,,6,5,True,2026-06-03T10:00+09:00,duplicate entry removed
1,eligible_by_region6,Asia,4,3,True,2026-06-03T10:00+09:00,duplicate entry removed
1,eligible_korea_by_applicant_type,company,2,1,False,2026-06-03T10:00+09:00,duplicate entry removed
1,entries,,8,7,True,2026-06-03T10:00+09:00,duplicate entry removed
"""


@pytest.mark.parametrize("edition", [[], ["--edition", "1"]], ids=["every edition", "edition 1"])
def test_the_revisions_command_as_csv(revised, edition):
    result = cli("revisions", *edition, "--format", "csv", db=revised)
    assert result.returncode == 0, result.stderr
    assert result.stdout == REVISIONS_CSV


def test_the_revisions_command_as_json_and_text(revised):
    result = cli("revisions", "--format", "json", db=revised)
    listed = json.loads(result.stdout)["revisions"]
    assert len(listed) == 9
    assert listed[-1] == {"edition": 1, "metric": "entries", "dimension": "",
                          "previous_value": 8, "value": 7, "public": True,
                          "released_at": "2026-06-03T10:00+09:00", "reason": REASON}
    text = cli("revisions", db=revised).stdout.splitlines()
    assert text[-1] == ("edition 1  entries: 8 -> 7  2026-06-03T10:00+09:00  public  "
                        "duplicate entry removed")
    assert text[-2] == ("edition 1  eligible_korea_by_applicant_type.company: 2 -> 1  "
                        "2026-06-03T10:00+09:00  not public before and after  "
                        "duplicate entry removed")
    assert cli("revisions", "--edition", "2", db=revised).stdout == "no revisions\n"
    refused = cli("revisions", "--edition", "7", db=revised)
    assert refused.returncode == 2
    assert "edition 7 is not in the database" in refused.stderr


def test_the_r_flag_in_figures_after_a_revision_and_not_before(monkeypatch, live, tmp_path):
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_CEREMONY)
    before = json.loads(cli("figures", "--edition", "1", "--format", "json", db=live).stdout)
    assert not any("r" in flag for flag in before["flags"].values())
    importer.run_import(edition_1(tmp_path, drop=("A8",)), live, reason=REASON)
    after = json.loads(cli("figures", "--edition", "1", "--format", "json", db=live).stdout)
    assert {key for key, flag in after["flags"].items() if "r" in flag} == {
        "entries", "eligible", "by_region.Asia", "by_region6.Asia",
        "by_category.tech_innovacity", "by_applicant_type.company", "by_stage.eligible",
        "eligible_by_region6.Asia"}
    rows = list(csv.reader(io.StringIO(cli("figures", "--edition", "1", "--format", "csv",
                                           db=live).stdout)))
    assert ["entries", "", "7", "r"] in rows
    assert ["countries", "", "6", ""] in rows
    # as of a moment before the revision, read after it: the figures are today's data then (7
    # entries where 8 were public that day), so they carry the r of the revision
    earlier = json.loads(cli("figures", "--edition", "1", "--as-of", "2026-06-02", "--format",
                             "json", db=live).stdout)
    assert (earlier["entries"], earlier["flags"]["entries"]) == (7, "r")
    # a person at a terminal reads the same flags in brackets, and what they mean
    text = cli("figures", "--edition", "1", db=live).stdout.splitlines()
    assert "  entries         7  [r]" in text
    assert "  countries       6" in text
    assert "    Asia                    3  [r]" in text
    assert text[-1] == "flags: [r] revised since first made public"
    # as of a moment its counts were provisional (the call open), no r: p says what they are
    open_call = json.loads(cli("figures", "--edition", "1", "--as-of", "2023-05-20", "--format",
                               "json", db=live).stdout)
    assert open_call["flags"]["entries"] == "p"
    assert open_call["flags"]["by_region.Asia"] == "p"
    assert not any("r" in flag for flag in open_call["flags"].values())


def test_before_a_revision_is_made_nothing_says_it(monkeypatch, live, tmp_path):
    """A moment the revision had not been made yet (PRIZESTATS_NOW: the moment of reading)."""
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_CEREMONY)
    importer.run_import(edition_1(tmp_path, drop=("A8",)), live, reason=REASON)
    monkeypatch.setenv("PRIZESTATS_NOW", "2026-06-02T12:00:00+09:00")
    before = json.loads(cli("figures", "--edition", "1", "--format", "json", db=live).stdout)
    assert not any("r" in flag for flag in before["flags"].values())


def test_the_press_kit_writes_the_public_revisions(revised, run_on, tmp_path):
    from prizestats.outputs import presskit

    out = tmp_path / "kit"
    presskit.build(run_on(revised), out, 1, ("en", "ko"), parse_as_of(AFTER_CEREMONY),
                   parse_as_of(AFTER_CEREMONY), progress=lambda total: presskit.Progress(
                       total, io.StringIO()))
    english = pd.read_csv(out / "en" / "revisions.csv", encoding="utf-8-sig", dtype=str)
    assert list(english.columns) == ["Figure", "Was", "Now", "Revised", "Reason"]
    assert len(english) == 8  # the small count is not public
    assert english.iloc[-1].tolist() == ["Entries", "8", "7", "3 June 2026, 10:00 KST", REASON]
    korean = pd.read_csv(out / "ko" / "revisions.csv", encoding="utf-8-sig", dtype=str)
    assert list(korean.columns) == ["수치", "이전", "현재", "수정 시각", "사유"]
    assert korean.iloc[-1].tolist() == ["접수", "8", "7", "2026년 6월 3일 오전 10시", REASON]
    flags = json.loads((out / "figures.json").read_text())["flags"]
    assert flags["entries"] == "r"
    # the key figures say it beside the figure, as the press room does
    figures = pd.read_csv(out / "en" / "figures.csv", encoding="utf-8-sig", dtype=str,
                          keep_default_na=False).set_index("Figure")
    assert figures.loc["Entries", "Revision"] == REVISION_NOTES["en"]
    assert figures.loc["Countries", "Revision"] == ""


# Beside a revised figure in the key figures (press room, press kit, report)
REVISION_NOTES = {"en": "(r) revised on 3 June 2026: was 8 (duplicate entry removed)",
                  "ko": "(r) 2026년 6월 3일 수정: 이전 8 (duplicate entry removed)"}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_press_rooms_key_figures_say_a_figure_was_revised(monkeypatch, revised, lang):
    at = page(monkeypatch, revised, "press", "press", lang)
    figures = at.dataframe[0].value
    column = {"en": "Revision", "ko": "수정"}[lang]
    assert list(figures.columns[:3]) == [{"en": "Figure", "ko": "항목"}[lang],
                                         {"en": "Computed", "ko": "계산 수치"}[lang], column]
    assert figures[column].tolist() == [REVISION_NOTES[lang], "", "", REVISION_NOTES[lang]
                                        .replace("was 8", "was 6").replace("이전 8", "이전 6"),
                                        "", ""]


def test_the_report_says_a_figure_was_revised(revised, run_on, tmp_path):
    import pypdf

    from prizestats.outputs import report

    paths = report.build(run_on(revised), tmp_path, 1, ("en",), "press",
                         parse_as_of(AFTER_CEREMONY), parse_as_of(AFTER_CEREMONY),
                         progress=lambda total: report.Progress(total, stream=io.StringIO()))
    reader = pypdf.PdfReader(paths[0])
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "(r) revised on 3 June 2026: was 8 (duplicate entry removed)" in text
    assert "(r) revised on 3 June 2026: was 6 (duplicate entry removed)" in text
    # a report made as of the day before, read then (its `now`), knows of no revision yet
    day_before = parse_as_of("2026-06-02T12:00:00+09:00")
    [earlier] = report.build(run_on(revised), tmp_path / "earlier", 1, ("en",), "press",
                             day_before, day_before, progress=lambda total: report.Progress(
                                 total, stream=io.StringIO()))
    assert "revised on" not in " ".join(p.extract_text() for p in pypdf.PdfReader(earlier).pages)


def page(monkeypatch, path: Path, name: str, role: str, lang: str,
         as_of: str | None = None) -> AppTest:
    monkeypatch.setenv("PRIZESTATS_DB", str(path))
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = AppTest.from_file(str(ROOT / f"pages/{name}.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.query_params["edition"] = "1"
    if as_of:
        at.query_params["as_of"] = as_of
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


NOTES = {"en": "Entries: 7 (r), revised on 3 June 2026: was 8 (duplicate entry removed)",
         "ko": "접수: 7 (r), 2026년 6월 3일 수정: 이전 8 (duplicate entry removed)"}


@pytest.mark.parametrize("name", ["press", "about"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_pages_say_when_and_why_a_figure_was_revised(monkeypatch, revised, name, lang):
    at = page(monkeypatch, revised, name, "press", lang)
    shown = [m.value.replace("\\", "") for m in at.markdown]
    assert NOTES[lang] in shown
    # eight public revisions; none of the small count (Korea's eligible companies, 2 -> 1)
    assert len([s for s in shown if " (r), " in s]) == 8
    korea = {"en": "Eligible entries from Korea", "ko": "한국 적격"}[lang]
    assert not any(korea in s for s in shown)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_overview_marks_a_revised_figure(monkeypatch, revised, lang):
    at = page(monkeypatch, revised, "overview", "press", lang)
    cards = {m.label: m.value for m in at.metric}
    entries = "Entries" if lang == "en" else "접수"
    assert cards[entries] == "7 (r)"
    assert NOTES[lang].split(", ", 1)[1] in [c.value.replace("\\", "") for c in at.caption]


def test_before_a_revision_the_press_room_says_none(monkeypatch, live):
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_CEREMONY)
    at = page(monkeypatch, live, "press", "press", "en")
    assert "No public figure of this edition has been revised." in [m.value for m in at.markdown]
    assert "Revision" not in at.dataframe[0].value.columns


def test_the_data_page_asks_for_a_reason_before_moving_a_public_figure(monkeypatch, live,
                                                                       tmp_path):
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_CEREMONY)
    monkeypatch.setenv("PRIZESTATS_DB", str(live))
    monkeypatch.setenv("PRIZESTATS_ROLE", "organiser")
    export = edition_1(tmp_path, drop=("A8",))
    at = AppTest.from_file(str(ROOT / "pages/data.py"), default_timeout=120).run()
    at.get("file_uploader")[0].set_value((export.name, export.read_bytes(), "text/csv"))
    at.run()
    assert not at.exception
    confirm = next(b for b in at.button if b.label == "Import now")
    assert confirm.disabled
    shown = "\n".join(m.value for m in at.markdown)
    assert "- Entries (edition 1): 8 → 7" in shown
    reason = next(t for t in at.text_input if t.key == "upload_reason_0")
    assert reason.label == "Reason for this change"
    reason.input(REASON).run()
    confirm = next(b for b in at.button if b.label == "Import now")
    assert not confirm.disabled
    confirm.click().run()
    assert at.success[0].value.replace("\\", "").startswith("Imported edition-1-0.csv.")
    assert revisions.records(revisions_of(live, public=True))[-1]["reason"] == REASON
    # the page's history of changes says why, beside the change
    [history] = [d.value for d in at.dataframe if "Change" in d.value.columns]
    assert history[["Change", "Reason"]].to_numpy().tolist()[0] == ["Import of edition-1-0.csv",
                                                                REASON]


def test_a_restore_is_a_release_and_keeps_the_history(revised):
    versions = sorted(p.stem for p in (revised.parent / "versions").glob("*.duckdb"))
    refused = cli("restore", versions[-1], db=revised)
    assert refused.returncode == 2
    assert "error: edition 1 entries: 7 -> 8" in refused.stderr.splitlines()
    assert cli("restore", versions[-1], "--reason", "import undone", db=revised).returncode == 0
    listed = revisions.records(revisions_of(revised, public=True))
    assert [(r["metric"], r["previous_value"], r["value"], r["reason"]) for r in listed
            if r["metric"] == "entries"] == [("entries", 8, 7, REASON),
                                             ("entries", 7, 8, "import undone")]


def test_the_twin_of_revisions_computes_the_same(revised):
    con = db.connect(revised)
    with con:
        tables = db.tables(con)
        for public in (False, True):
            params = {"edition": None, "as_of": parse_as_of("2030-01-01"), "public": public}
            assert_frame_equal(pandas_queries.run(tables, "revisions", params).reset_index(
                drop=True), db.run(con, "revisions", params), check_dtype=False)


@pytest.mark.parametrize(("scope", "expected"), [
    (EVERYTHING, ["Asia,r,r,c,c", "Americas,r,rc,c,c", "Africa,r,r,,", "Europe,r,rc,,",
                  "Middle East,r,r,,", "Oceania,r,r,,"]),
    (Scope(regions=("Asia",)), ["Asia,,,c,c", "Africa,,,,", "Americas,,,,", "Europe,,,,",
                                "Middle East,,,,", "Oceania,,,,"]),
], ids=["whole edition", "filtered"])
def test_a_charts_bundle_marks_the_revised_figures(revised, run_on, scope, expected):
    from prizestats.outputs import bundle

    moment = parse_as_of(AFTER_CEREMONY)
    name, data = bundle.make(run_on(revised), "entries_by_region", 1, "en", "press", moment,
                             moment, scope)
    with zipfile.ZipFile(io.BytesIO(data)) as files:
        flags_file = files.read(name.replace(".zip", ".flags.csv")).decode("utf-8-sig")
    # each count of entries follows the entries figure, revised while public (a filtered view's
    # figures are not the edition's: no revision is said of them)
    assert flags_file.splitlines() == ["Region,Entries,Eligible,Finalists,Winners", *expected]


# The revision (3 June 2026) read after it, at each state of edition 1: what a page says of it
# depends on whether the figure was public at the moment shown, not on when the revision came.
# (moment shown, the stages not known then, the call's year while open; Entries on its card)
STATES = {
    "call open": ("2023-05-20", frozenset({"eligible", "finalists", "winners"}), 2023, "4"),
    "after the ceremony": ("2023-10-01", frozenset(), None, "7 (r)"),
    "the day before the revision": ("2026-06-02", frozenset(), None, "7 (r)"),
    "after the revision": ("2026-06-03", frozenset(), None, "7 (r)"),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("role", ["organiser", "press"])
@pytest.mark.parametrize("state", list(STATES))
def test_a_revision_at_every_state_of_the_edition(monkeypatch, revised, state, role, lang):
    as_of, unknown, open_year, card = STATES[state]
    moment = writing.Moment(state, f"{as_of}T12:00:00+09:00", 1, unknown, open_year=open_year)
    overview = page(monkeypatch, revised, "overview", role, lang, as_of)
    entries = {"en": "Entries", "ko": "접수"}[lang]
    assert {m.label: m.value for m in overview.metric}[entries] == card
    notes = [c for c in overview.caption if REVISION_NOTES[lang][4:] in c.value.replace("\\", "")]
    assert len(notes) == (card == "7 (r)")
    room = page(monkeypatch, revised, "press", role, lang, as_of)
    figures = room.dataframe[0].value
    column = {"en": "Revision", "ko": "수정"}[lang]
    if card == "7 (r)":
        assert figures[column].iloc[0] == REVISION_NOTES[lang]
    else:  # a count of an open call is provisional; it says so, and no revision beside it
        assert column not in figures.columns
    for at, where in ((overview, "overview"), (room, "press room")):
        writing.assert_said_well(writing.from_page(at, where), moment, role, lang)
