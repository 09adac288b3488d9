"""Editions and published figures recorded by an organiser, on the command line and the Data page:
checked, kept as a version, logged, carried through imports, and public only from their moment."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest
from test_cli import cli

from prizestats.bench import pandas_queries
from prizestats.core.times import parse_as_of
from prizestats.figures import press
from prizestats.store import archive, db, importer
from prizestats.store.sample import SUBMISSION_COLUMNS

EDITION_5 = ("edition", "add", "--edition", "5", "--year", "2027", "--call-opens-at",
             "2027-02-15", "--call-closes-at", "2027-05-31T18:00",
             "--finalists-announced-at", "2027-08-20", "--ceremony-at",
             "2027-10-05T17:00:00+09:00", "--venue", "COEX, Seoul")
FIGURE = ("published", "add", "--edition", "5", "--metric", "entries", "--value", "3",
          "--published-on", "2027-06-02", "--source-url", "https://news.example.org/sscp-2027")


@pytest.fixture
def live(sample_db, tmp_path) -> Path:
    target = tmp_path / "data" / "prizestats.duckdb"
    target.parent.mkdir()
    shutil.copyfile(sample_db, target)
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(target: Path, name: str, params: dict):
    con = db.connect(target)
    with con:
        return db.run(con, name, params)


def edition_row(target: Path, number: int) -> dict:
    editions = query(target, "editions", {}).set_index("edition")
    return editions.loc[number].to_dict()


def ok(*args: str, target: Path) -> str:
    result = cli(*args, "--db", str(target))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_add_an_edition_with_its_dates(live):
    assert ok(*EDITION_5, target=live) == f"added edition 5 (2027) to {live}\n"
    row = edition_row(live, 5)
    # a date alone: the call opens at the start of the day, every later date means its end;
    # no offset means Seoul
    assert row["call_opens_at"].isoformat() == "2027-02-15T00:00:00+09:00"
    assert row["call_closes_at"].isoformat() == "2027-05-31T18:00:00+09:00"
    assert row["finalists_announced_at"].isoformat() == "2027-08-20T23:59:59.999999+09:00"
    assert row["ceremony_at"].isoformat() == "2027-10-05T17:00:00+09:00"
    assert (row["year"], row["venue"], row["entries"]) == (2027, "COEX, Seoul", 0)
    history = query(live, "import_history", {})
    assert history["file_name"].iloc[0] == "(edition 5 added)"
    # kept as a version: restore brings back the database without it
    version = archive.list_versions(live)[0]["version"]
    ok("restore", version, target=live)
    assert 5 not in set(query(live, "editions", {})["edition"])


def test_change_an_edition(live):
    ok(*EDITION_5, target=live)
    out = ok("edition", "set", "--edition", "5", "--ceremony-at", "2027-10-06", "--venue",
             "DDP, Seoul", target=live)
    assert out.splitlines() == [
        "edition 5 ceremony_at: 2027-10-05T17:00:00+09:00 -> 2027-10-06T23:59:59+09:00",
        "edition 5 venue: COEX, Seoul -> DDP, Seoul"]
    assert edition_row(live, 5)["venue"] == "DDP, Seoul"
    assert query(live, "import_history", {})["file_name"].iloc[0] == "(edition 5 changed)"


@pytest.mark.parametrize(("args", "message"), [
    (("edition", "add", "--edition", "6", "--year", "2027", "--call-opens-at", "2027-02-15",
      "--call-closes-at", "2027-05-31"),
     "--edition '6': editions are numbered without gaps: the next is 5"),
    (("edition", "add", "--edition", "4", "--year", "2027", "--call-opens-at", "2027-02-15",
      "--call-closes-at", "2027-05-31"),
     "--edition '4': exists already: change it with `edition set`"),
    (("edition", "add", "--edition", "5", "--year", "2027", "--call-opens-at", "2027-06-01",
      "--call-closes-at", "2027-05-31"),
     "--call-closes-at '2027-05-31T23:59:59+09:00': must come after --call-opens-at "
     "(2027-06-01T00:00:00+09:00)"),
    (("edition", "add", "--edition", "5", "--year", "2027", "--call-opens-at", "2027-02-15",
      "--call-closes-at", "2027-05-31", "--ceremony-at", "2027-05-01"),
     "--ceremony-at '2027-05-01T23:59:59+09:00': must come after --call-closes-at"),
    (("edition", "add", "--edition", "5", "--year", "2026", "--call-opens-at", "2027-02-15",
      "--call-closes-at", "2027-05-31"), "--year '2026': is the year of edition 4"),
    (("edition", "add", "--edition", "5", "--year", "MMXXVII", "--call-opens-at", "2027-02-15",
      "--call-closes-at", "2027-05-31"), "--year 'MMXXVII': must be a year such as 2027"),
    (("edition", "add", "--edition", "5", "--year", "2027", "--call-opens-at", "15/02/2027",
      "--call-closes-at", "2027-05-31"), "--call-opens-at '15/02/2027': not a date"),
    (("edition", "set", "--edition", "9", "--venue", "x"),
     "--edition '9': is not in the database: add it with `edition add`"),
    (("edition", "set", "--edition", "3", "--ceremony-at", "2025-08-01"),
     "--ceremony-at '2025-08-01T23:59:59+09:00': must come after --finalists-announced-at"),
    (("published", "add", "--edition", "3", "--metric", "applause", "--value", "3",
      "--published-on", "2025-08-25", "--source-url", "https://x.example"),
     "--metric 'applause': is not one of entries, eligible"),
    (("published", "add", "--edition", "3", "--metric", "entries", "--value", "220.5",
      "--published-on", "2025-08-25", "--source-url", "https://x.example"),
     "--value '220.5': must be a whole number of 0 or more"),
    (("published", "add", "--edition", "3", "--metric", "eligible_share_by_region",
      "--dimension", "Asia", "--value", "140", "--published-on", "2025-08-25", "--source-url",
      "https://x.example"), "--value '140': must be a percent from 0 to 100"),
    (("published", "add", "--edition", "3", "--metric", "entries_by_region", "--value", "3",
      "--published-on", "2025-08-25", "--source-url", "https://x.example"),
     "--dimension: entries_by_region needs one of Americas, Asia"),
    (("published", "add", "--edition", "3", "--metric", "entries", "--dimension", "Asia",
      "--value", "3", "--published-on", "2025-08-25", "--source-url", "https://x.example"),
     "--dimension 'Asia': entries is a headline figure: no dimension"),
    (("published", "add", "--edition", "3", "--metric", "entries", "--value", "3",
      "--published-on", "2025-08-25", "--source-url", "javascript:alert(1)"),
     "--source-url 'javascript:alert(1)': must be an http(s) address"),
    (("published", "add", "--edition", "7", "--metric", "entries", "--value", "3",
      "--published-on", "2025-08-25", "--source-url", "https://x.example"),
     "--edition '7': is not in the database"),
    (("published", "add", "--edition", "3", "--metric", "entries", "--value", "3",
      "--published-on", "25 Aug", "--source-url", "https://x.example"),
     "--published-on '25 Aug': not a date"),
    (("published", "add", "--edition", "3", "--metric", "entries", "--value", "220",
      "--published-on", "2025-08-25", "--source-url", "https://x.example"),
     "--metric 'entries': is recorded already for this edition and dimension: remove it first"),
    (("published", "remove", "--edition", "3", "--metric", "eligible"),
     "--metric 'eligible': no such figure for edition 3"),
])
def test_bad_input_is_refused_and_changes_nothing(live, args, message):
    before = digest(live)
    result = cli(*args, "--db", str(live))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(live) == before  # byte-identical
    assert not (live.parent / "versions").exists()


def test_record_list_and_remove_a_published_figure(live):
    ok(*EDITION_5, target=live)
    assert ok(*FIGURE, target=live) == "recorded entries = 3 for edition 5\n"
    listed = ok("published", "list", "--edition", "5", target=live)
    assert listed == ("edition 5  entries = 3  published 2027-06-02, public from "
                      "2027-06-02T23:59:59+09:00  https://news.example.org/sscp-2027\n")
    assert query(live, "import_history", {})["file_name"].iloc[0] == "(published figure added)"
    ok("published", "remove", "--edition", "5", "--metric", "entries", target=live)
    assert ok("published", "list", "--edition", "5", target=live) == (
        "no published figures recorded\n")


@pytest.mark.parametrize(("published_on", "moments"), [
    # a date: public from the end of that day in Seoul
    ("2025-08-26", [("2025-08-26T23:59:59+09:00", False), ("2025-08-27T00:00:00+09:00", True)]),
    # the hour of release known: public from then
    ("2025-08-26T14:00", [("2025-08-26T13:59:59+09:00", False),
                          ("2025-08-26T14:00:00+09:00", True)]),
])
def test_a_recorded_figure_is_public_from_its_moment(live, published_on, moments):
    ok("published", "add", "--edition", "3", "--metric", "eligible_share_by_region",
       "--dimension", "Asia", "--value", "30", "--unit", "percent", "--published-on",
       published_on, "--source-url", "https://news.example.org/a", target=live)
    for moment, shown in moments:
        figures = query(live, "published_figures", {"edition": 3, "as_of": parse_as_of(moment),
                                                    "public": True})
        recorded = figures[figures["metric"] == "eligible_share_by_region"]
        assert list(recorded["dimension"]) == (["Asia"] if shown else []), moment
    # the pandas twin of the query reads published_at the same way
    con = db.connect(live)
    with con:
        tables = db.tables(con)
        params = {"edition": 3, "as_of": parse_as_of(moments[-1][0]), "public": True}
        assert len(pandas_queries.run(tables, "published_figures", params)) == len(
            db.run(con, "published_figures", params))


def test_a_finalist_figure_is_never_public_before_the_announcement(live):
    ok(*EDITION_5, target=live)
    ok("published", "add", "--edition", "5", "--metric", "finalists", "--value", "40",
       "--published-on", "2027-08-19T10:00", "--source-url", "https://x.example/f", target=live)
    row = query(live, "published_figures", {"edition": 5, "as_of": parse_as_of("2027-12-31"),
                                            "public": False})
    assert row["public_at"].iloc[0].isoformat() == "2027-08-20T23:59:59.999999+09:00"


def write_entries(path: Path, edition: int, ids: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(SUBMISSION_COLUMNS))
        writer.writeheader()
        for i, submission_id in enumerate(ids):
            writer.writerow({column: "" for column in SUBMISSION_COLUMNS} | {
                "submission_id": submission_id, "edition": str(edition),
                "submitted_at": f"2027-03-0{i + 1}T10:00:00+09:00",
                "applicant_type": "city_government", "category": "human_centricity",
                "city": "Seoul", "country": "KOR", "stage": "received"})
    return path


def test_editions_and_figures_survive_an_import_over_the_sample(live, tmp_path):
    ok(*EDITION_5, target=live)
    ok(*FIGURE, target=live)
    file = write_entries(tmp_path / "entries-2027.csv", 5, ["E1", "E2", "E3"])
    ok("import", str(file), target=live)
    assert edition_row(live, 5)["entries"] == 3
    assert edition_row(live, 5)["venue"] == "COEX, Seoul"
    figures = query(live, "published_figures", {"edition": 5, "as_of": parse_as_of("2027-12-31"),
                                                "public": False})
    assert list(zip(figures["metric"], figures["value"], strict=True)) == [("entries", 3.0)]
    # the sample's own published figures are kept too (the first import replaces its entries)
    assert len(query(live, "published_figures", {"edition": 3, "as_of": parse_as_of(
        "2026-11-30"), "public": False})) == 15
    # and the figures of the new edition reconcile with the recorded one
    con = db.connect(live)
    with con:
        run = lambda name, params: db.run(con, name, params)  # noqa: E731
        result = press.figures(run, 5, parse_as_of("2027-06-30"))
        reconciled = press.reconcile(result, run("published_figures", {
            "edition": 5, "as_of": parse_as_of("2027-06-30"), "public": True}))
    assert result["entries"] == 3
    assert list(reconciled["matches"]) == [True]


def test_the_data_page_adds_an_edition(monkeypatch, live):
    monkeypatch.setenv("PRIZESTATS_DB", str(live))
    at = AppTest.from_file(str(ROOT / "pages/data.py"), default_timeout=60).run()
    fields = {t.label: t for t in at.text_input}
    fields["Call opens"].input("2027-02-15")
    fields["Call closes"].input("2027-01-31")  # before it opens
    at.button(key="FormSubmitter:new_edition_5-Add the edition").click().run()
    shown = [e.value.replace("\\", "") for e in at.error]  # escaped: text, never markdown
    # in the page's words: the field as the form names it, never the command line's flag
    assert any("Call closes" in e and "must come after Call opens" in e for e in shown), shown
    assert 5 not in set(query(live, "editions", {})["edition"])
    fields = {t.label: t for t in at.text_input}
    fields["Call closes"].input("2027-05-31")
    at.button(key="FormSubmitter:new_edition_5-Add the edition").click().run()
    assert any(s.value.startswith("Added edition 5 (2027), its call from 15 February 2027")
               for s in at.success)
    assert edition_row(live, 5)["call_closes_at"].isoformat() == "2027-05-31T23:59:59.999999+09:00"


def test_the_data_page_records_and_removes_a_published_figure(monkeypatch, live):
    monkeypatch.setenv("PRIZESTATS_DB", str(live))
    at = AppTest.from_file(str(ROOT / "pages/data.py"), default_timeout=60)
    at.query_params["edition"] = "3"
    at.run()
    fields = {t.label: t for t in at.text_input}
    metric = next(s for s in at.selectbox if s.label == "Figure")
    metric.set_value("eligible_share_by_region")
    fields["Breakdown"].input("Asia")
    fields["Published"].input("31")
    fields["Published on"].input("2025-08-26")
    fields["Source"].input("https://news.example.org/share")
    at.button(key="FormSubmitter:published_add-Record the figure").click().run()
    assert "Recorded; the change is in the import history." in [s.value for s in at.success]
    figures = query(live, "published_figures", {"edition": 3, "as_of": parse_as_of("2026-11-30"),
                                                "public": False})
    recorded = figures[figures["metric"] == "eligible_share_by_region"]
    assert list(zip(recorded["dimension"], recorded["value"], recorded["unit"], strict=True)) == [
        ("Asia", 31.0, "percent")]
    remove = next(s for s in at.selectbox if s.label == "Recorded figure")
    remove.set_value((3, "eligible_share_by_region", "Asia"))
    next(b for b in at.button if b.label == "Remove this figure").click().run()
    figures = query(live, "published_figures", {"edition": 3, "as_of": parse_as_of("2026-11-30"),
                                                "public": False})
    assert "eligible_share_by_region" not in set(figures["metric"])


def test_a_year_is_one_editions_only_when_changed_too(live):
    result = cli("edition", "set", "--edition", "3", "--year", "2024", "--db", str(live))
    assert result.returncode == 2
    assert "--year '2024': is the year of edition 2" in result.stderr


def test_a_changed_year_reaches_the_editions_published_figures(live):
    ok(*EDITION_5, target=live)
    ok(*FIGURE, target=live)
    ok("edition", "set", "--edition", "5", "--year", "2028", target=live)
    figures = query(live, "published_figures", {"edition": 5, "as_of": parse_as_of("2029-01-01"),
                                                "public": False})
    assert list(figures["year"]) == [2028]


def test_the_date_table_saves_a_venue_change(live):
    rows = query(live, "editions", {})
    edited = [{"edition": int(r.edition), "year": int(r.year), "venue": r.venue or "",
               "note": r.note or "", **{c: "" if pd.isna(getattr(r, c)) else
                                        getattr(r, c).isoformat() for c in importer.DATE_COLUMNS}}
              for r in rows.itertuples()]
    edited[3]["venue"] = "DDP, Seoul"
    changes = importer.update_editions(live, edited)
    assert changes == {"4": {"venue": {"from": "COEX, Seoul", "to": "DDP, Seoul"}}}
    assert edition_row(live, 4)["venue"] == "DDP, Seoul"
