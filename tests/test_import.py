"""Importing real exports: encodings, Korean headers, validation, atomic swap, history, restore."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import duckdb
import hostile_files as hostile
import pandas as pd
import pytest
from conftest import FIXTURE_SUBMISSIONS, ROOT, write_fixture_csvs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from prizestats.core.times import parse_as_of
from prizestats.figures import press
from prizestats.store import archive, build, db, guards, importer, mapping, reading
from prizestats.store.sample import SUBMISSION_COLUMNS

FINAL = parse_as_of("2026-11-26")
KOREAN_HEADERS = {"submission_id": "접수번호", "edition": "회차", "submitted_at": "접수일시",
                  "applicant_type": "신청자 유형", "applicant_name": "신청기관",
                  "project_title": "사업명", "category": "부문", "sector": "분야",
                  "technologies": "활용기술", "city": "도시", "country": "국가", "stage": "단계",
                  "screened_at": "심사일시", "finalist_at": "본선진출일시", "award": "수상",
                  "wego_member": "WeGO 회원"}


@pytest.fixture
def live(tmp_path, fixture_db) -> Path:
    """A live database (the fixture) in its own data folder."""
    target = tmp_path / "data" / "live.duckdb"
    target.parent.mkdir()
    shutil.copyfile(fixture_db, target)
    return target


def figures(target: Path, edition: int = 1) -> dict:
    con = db.connect(target)
    with con:
        return press.figures(lambda n, p: db.run(con, n, p), edition, FINAL)


def table(rows: list[dict], headers: dict[str, str] | None = None) -> list[list[str]]:
    columns = list(SUBMISSION_COLUMNS)
    header = [(headers or {}).get(c, c) for c in columns]
    return [header] + [[row[c] for c in columns] for row in rows]


def write_text(path: Path, cells: list[list[str]], encoding: str, delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(cells)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, cells: list[list[str]], sheet: str = "entries") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in cells:
        worksheet.append(row)
    workbook.save(path)
    return path


def stored(path: Path, column: str, submission_id: str = "A1") -> object:
    """One value of one entry as the database at `path` holds it."""
    con = db.connect(path)
    with con:
        return con.execute(f"select {column} from submissions where submission_id = ?",
                           [submission_id]).fetchone()[0]


def edition_1_rows(**changes) -> list[dict]:
    rows = [dict(r) for r in FIXTURE_SUBMISSIONS if r["edition"] == "1"]
    for key, value in changes.items():
        rows[0][key] = value
    return rows


@pytest.mark.parametrize(("name", "encoding", "delimiter", "headers"), [
    ("utf8.csv", "utf-8", ",", None),
    ("bom.csv", "utf-8-sig", ",", None),
    ("korean.csv", "cp949", ",", KOREAN_HEADERS),
    ("euckr-semicolon.csv", "euc-kr", ";", KOREAN_HEADERS),
    ("excel-unicode.txt", "utf-16", "\t", KOREAN_HEADERS),
    ("tabs.tsv", "utf-8", "\t", None),
])
def test_every_text_encoding_and_delimiter(live, tmp_path, name, encoding, delimiter, headers):
    rows = edition_1_rows(applicant_name="서울특별시")
    path = write_text(tmp_path / name, table(rows, headers), encoding, delimiter)
    report = importer.run_import(path, live)
    assert report.problems == []
    assert report.written
    result = figures(live)
    assert (result["entries"], result["countries"], result["cities"], result["winners"]) == (
        8, 6, 6, 2)
    assert figures(live, 2)["entries"] == 3  # the other edition is kept as it was


def test_xlsx_with_korean_headers_and_values(live, tmp_path):
    rows = edition_1_rows(category="사람중심", applicant_type="지방정부", stage="수상",
                          award="금상", country="대한민국")
    path = write_xlsx(tmp_path / "export.xlsx", table(rows, KOREAN_HEADERS))
    report = importer.run_import(path, live)
    assert report.problems == []
    assert figures(live)["winners_by_award_group"]["human_centricity"] == 1


def test_wrong_sheet_names_the_sheets(live, tmp_path):
    path = write_xlsx(tmp_path / "export.xlsx", table(edition_1_rows()), sheet="2025")
    with pytest.raises(guards.ImportRefused, match=r"has no sheet 'Entries' \(sheets: 2025\)"):
        importer.run_import(path, live, sheet="Entries")


@pytest.mark.parametrize(("value", "code"), [
    ("Korea, Republic of", "KOR"), ("South Korea", "KOR"), ("KR", "KOR"), ("kor", "KOR"),
    ("대한민국", "KOR"), ("한국", "KOR"), ("United States", "USA"), ("미국", "USA"),
    ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Viet Nam", "VNM"),
])
def test_country_spellings(value, code):
    assert mapping.country_code(value) == code


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-05-01T13:45:00+09:00", "2025-05-01T13:45:00+09:00"),
    ("2025-05-01 13:45", "2025-05-01T13:45:00+09:00"),
    ("2025/05/01 13:45:10", "2025-05-01T13:45:10+09:00"),
    ("2025.05.01", "2025-05-01T00:00:00+09:00"),
    ("2025. 5. 1. 오후 1:45", "2025-05-01T13:45:00+09:00"),
    ("45778.5", "2025-05-01T12:00:00+09:00"),  # Excel's serial day number
])
def test_spreadsheet_dates(text, expected):
    assert mapping.parse_moment(text).isoformat() == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("예", "true"), ("네", "true"), ("회원", "true"), ("yes", "true"), ("Member", "true"),
    ("아니오", "false"), ("아니요", "false"), ("비회원", "false"), ("no", "false"), ("X", "false"),
    ("maybe", "maybe"),  # left as it is, for validation to refuse
])
def test_wego_membership_words(text, expected):
    """Yes and no as an export writes them; the Korean words are in aliases.csv."""
    mapped = importer.map_row("export.csv", 2, [text], {0: "wego_member"}, 1, {})
    assert mapped.cells["wego_member"] == expected


BAD_ROWS = [
    ("unknown_country", {"country": "Atlantis"},
     "row 2, column country: 'Atlantis': unknown country"),
    ("near_miss_country", {"country": "Korea Rep"},
     "row 2, column country: 'Korea Rep': unknown country (did you mean KOR?)"),
    ("bad_date", {"submitted_at": "yesterday"},
     "row 2, column submitted_at: 'yesterday': not a date and time"),
    ("excel_damaged_id", {"submission_id": "1.23E+05"},
     "row 2, column submission_id: '1.23E+05': looks like a number Excel turned into scientific "
     "notation"),
    ("duplicate_id", {"submission_id": "A2"},
     "row 3, column submission_id: 'A2': duplicate id in edition 1 (first at row 2)"),
    ("bad_category", {"category": "sports"}, "row 2, column category: 'sports': must be one of"),
]


@pytest.mark.parametrize(("changes", "message"), [c[1:] for c in BAD_ROWS],
                         ids=[c[0] for c in BAD_ROWS])
def test_bad_rows_are_reported_and_nothing_is_written(live, tmp_path, changes, message):
    before = live.read_bytes()
    path = write_text(tmp_path / "export.csv", table(edition_1_rows(**changes)), "utf-8")
    report = importer.run_import(path, live)
    assert any(message in str(problem) for problem in report.problems), report.problems
    assert not report.written
    assert live.read_bytes() == before
    assert not (live.parent / "versions").exists()


BAD_FILES = [
    ("empty.csv", b"", "empty.csv: is empty"),
    ("header.csv", ",".join(SUBMISSION_COLUMNS).encode(), None),
    ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.csv: is a PNG image, not a "
                                                          "table of entries"),
    ("text.xlsx", b"submission_id,edition\nA1,1\n", "text.xlsx: is named .xlsx but is not an "
                                                    "Excel workbook"),
    ("missing.csv", b"submission_id,edition,country\nA1,1,KOR\n",
     "missing.csv, row 1, column submitted_at: required column is missing"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES,
                         ids=[f[0] for f in BAD_FILES])
def test_bad_files(live, tmp_path, name, content, message):
    before = live.read_bytes()
    path = tmp_path / name
    path.write_bytes(content)
    if message is None:  # header only: read, but there is nothing to import
        report = importer.run_import(path, live)
        assert "has a header but no rows" in str(report.problems[-1])
        assert not report.written
    else:
        with pytest.raises(guards.ImportRefused) as error:
            importer.run_import(path, live)
        assert message in str(error.value)
    assert live.read_bytes() == before


def test_truncated_xlsx(live, tmp_path):
    whole = write_xlsx(tmp_path / "whole.xlsx", table(edition_1_rows())).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(guards.ImportRefused, match="damaged or truncated XLSX"):
        importer.run_import(path, live)


def test_extra_columns_are_ignored_and_named(live, tmp_path):
    cells = table(edition_1_rows())
    cells = [row + (["Notes"] if i == 0 else ["call back"]) for i, row in enumerate(cells)]
    report = importer.run_import(write_text(tmp_path / "x.csv", cells, "utf-8"), live)
    assert report.ignored_columns == ["Notes"]
    assert report.problems == []
    assert report.unchanged  # the same entries as the live database


def test_edition_from_the_command_line(live, tmp_path):
    rows = edition_1_rows()
    cells = [[c for c, h in zip(row, table(rows)[0], strict=True) if h != "edition"]
             for row in table(rows)]
    path = write_text(tmp_path / "no-edition.csv", cells, "utf-8")
    with pytest.raises(guards.ImportRefused, match="edition: required column is missing "
                                                    r"\(or give --edition N\)"):
        importer.run_import(path, live)
    report = importer.run_import(path, live, edition=1)
    assert report.problems == []
    assert report.editions == [1]


def test_formula_like_text_is_kept_as_data(live, tmp_path):
    rows = edition_1_rows(project_title="=HYPERLINK(\"http://x\")")
    importer.run_import(write_text(tmp_path / "f.csv", table(rows), "utf-8"), live)
    assert stored(live, "project_title") == "=HYPERLINK(\"http://x\")"


def test_city_aliases_apply(live, tmp_path):
    rows = edition_1_rows(city="Madinah", country="SAU")
    importer.run_import(write_text(tmp_path / "c.csv", table(rows), "utf-8"), live,
                        reason="city corrected")  # a public figure moves: it says why
    assert stored(live, "city") == "Medina"


def test_diff_history_and_idempotence(live, tmp_path):
    rows = edition_1_rows()
    rows[2]["stage"] = "finalist"  # A3 eligible -> finalist
    rows[2]["finalist_at"] = "2023-07-14T15:00:00+09:00"
    rows = [r for r in rows if r["submission_id"] != "A6"]
    rows.append({**rows[0], "submission_id": "A9", "stage": "received", "award": "",
                 "screened_at": "", "finalist_at": ""})
    path = write_text(tmp_path / "update.csv", table(rows), "utf-8")
    report = importer.run_import(path, live, reason="late entry accepted")
    assert report.diff == {"1": {"added": ["A9"], "removed": ["A6"], "changed": ["A3"],
                                 "stage_changes": [{"id": "A3", "from": "eligible",
                                                    "to": "finalist"}]}}
    again = importer.run_import(path, live, reason="late entry accepted")
    assert again.unchanged
    assert not again.written
    con = db.connect(live)
    with con:
        history = con.execute("select file_name, rows_read, rows_accepted, editions_replaced, "
                              "diff from imports").fetchall()
        dataset = db.meta(con)["dataset"]
    # the build that made the database is the history's first release
    assert history[0][0].startswith("(build from ")
    assert [(h[0], h[1], h[2], h[3]) for h in history[1:]] == [("update.csv", 8, 8, "1")]
    assert json.loads(history[1][4])["1"]["added"] == ["A9"]
    assert dataset == "imported"
    assert len(list((live.parent / "imports").glob("*.csv"))) == 1


def test_partial_imports_the_valid_rows(live, tmp_path):
    rows = edition_1_rows(country="Atlantis")
    rows[1]["applicant_name"] = "Busan Tech"  # A2, a valid row, changes
    report = importer.run_import(write_text(tmp_path / "p.csv", table(rows), "utf-8"), live,
                                 partial=True)
    assert report.written
    assert report.rejected_rows == [2]
    assert report.diff["1"]["changed"] == ["A2"]
    assert figures(live)["entries"] == 8


def test_dry_run_changes_nothing(live, tmp_path):
    before = live.read_bytes()
    rows = edition_1_rows()[:3]
    report = importer.run_import(write_text(tmp_path / "d.csv", table(rows), "utf-8"), live,
                                 dry_run=True)
    assert report.diff["1"]["removed"] == ["A4", "A5", "A6", "A7", "A8"]
    assert not report.written
    assert live.read_bytes() == before


def test_the_first_import_replaces_the_sample(tmp_path, sample_db):
    target = tmp_path / "data" / "live.duckdb"
    target.parent.mkdir()
    shutil.copyfile(sample_db, target)
    rows = [dict(r) for r in FIXTURE_SUBMISSIONS if r["edition"] == "1"]
    report = importer.run_import(write_text(tmp_path / "real.csv", table(rows), "utf-8"), target)
    assert report.replaced_sample
    assert figures(target)["entries"] == 8
    con = db.connect(target)
    with con:
        assert con.execute("select count(*) from submissions").fetchone() == (8,)


def test_restore_round_trip(live, tmp_path):
    original = figures(live)
    rows = edition_1_rows()[:2]
    importer.run_import(write_text(tmp_path / "r.csv", table(rows), "utf-8"), live,
                        reason="a test")
    assert figures(live)["entries"] == 2
    versions = archive.list_versions(live)
    assert len(versions) == 1
    importer.restore(live, versions[0]["version"], reason="undone")
    assert figures(live) == original
    assert len(archive.list_versions(live)) == 2  # the replaced database was saved too
    with pytest.raises(guards.ImportRefused, match="no such version"):
        importer.restore(live, "19990101-000000-000000")


def test_only_the_last_five_versions_are_kept(live, tmp_path):
    for i in range(7):
        rows = edition_1_rows(applicant_name=f"Name {i}")
        importer.run_import(write_text(tmp_path / f"v{i}.csv", table(rows), "utf-8"), live)
    assert len(archive.list_versions(live)) == 5


def test_purge_uploads(live, tmp_path):
    importer.run_import(write_text(tmp_path / "u.csv", table(edition_1_rows()[:3]), "utf-8"),
                        live, reason="a test")
    kept = next((live.parent / "imports").iterdir())
    old = time.time() - 40 * 86400
    os.utime(kept, (old, old))
    assert archive.purge_uploads(live, days=60) == []
    assert archive.purge_uploads(live, days=30) == [kept]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prizestats", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)


def test_cli_report_and_rejects_file(live, tmp_path):
    rows = edition_1_rows(country="Atlantis")
    path = write_text(tmp_path / "cli.csv", table(rows), "utf-8")
    refused = cli("import", str(path), "--db", str(live))
    assert refused.returncode == 2
    assert "cli.csv, row 2, column country: 'Atlantis': unknown country" in refused.stdout
    assert "nothing was written (use --partial to import the valid rows)" in refused.stdout
    partial = cli("import", str(path), "--partial", "--format", "json", "--db", str(live))
    assert partial.returncode == 0
    report = json.loads(partial.stdout)
    assert (report["rows_read"], report["rows_accepted"], report["rows_rejected"]) == (8, 7, 1)
    rejects = (tmp_path / "cli.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert "2,country,Atlantis,unknown country" in rejects


def test_cli_restore_list(live, tmp_path):
    assert "no saved versions yet" in cli("restore", "--list", "--db", str(live)).stdout
    importer.run_import(write_text(tmp_path / "x.csv", table(edition_1_rows()[:2]), "utf-8"),
                        live, reason="a test")
    listed = cli("restore", "--list", "--db", str(live)).stdout
    assert "canonical  from" in listed


def big_file(path: Path, rows: int) -> Path:
    template = [dict(r) for r in FIXTURE_SUBMISSIONS if r["edition"] == "1"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(SUBMISSION_COLUMNS))
        writer.writeheader()
        for i in range(rows):
            writer.writerow({**template[i % len(template)], "submission_id": f"N{i:06d}"})
    return path


def test_a_100000_row_file(live, tmp_path):
    report = importer.run_import(big_file(tmp_path / "big.csv", 100_000), live, reason="a test")
    assert report.written
    assert figures(live)["entries"] == 100_000


@pytest.mark.parametrize("delay", [0.5, 2.0, 4.0, 7.0])
def test_a_killed_import_leaves_the_old_database_intact(live, tmp_path, delay):
    path = big_file(tmp_path / "big.csv", 100_000)
    before = live.read_bytes()
    process = subprocess.Popen([sys.executable, "-m", "prizestats", "import", str(path),
                                "--reason", "a test", "--db", str(live)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    after = live.read_bytes()
    # Either the old database, byte for byte, or (if the kill came after the rename) the new one
    # whole: never anything in between.
    con = duckdb.connect(str(live), read_only=True)
    count = con.execute("select count(*) from submissions").fetchone()[0]
    con.close()
    assert (after == before and count == 11) or count == 100_003


ROW = st.fixed_dictionaries({
    "applicant_type": st.sampled_from(["city_government", "institution", "company"]),
    "category": st.sampled_from(["human_centricity", "tech_innovacity"]),
    "country": st.sampled_from(["KOR", "JPN", "USA", "BRA", "KEN", "FRA", "ARE"]),
    "city": st.sampled_from(["", "Alpha", "Beta", "Gamma"]),
    "stage": st.sampled_from(["received", "ineligible", "eligible", "finalist", "withdrawn"]),
    "day": st.integers(min_value=1, max_value=28),
    "name": st.text(alphabet="가나다라 abc=+-@", max_size=8),
})
FORMATS = st.sampled_from([("csv", "utf-8"), ("csv", "utf-8-sig"), ("csv", "cp949"),
                           ("txt", "utf-16"), ("xlsx", None)])


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=40), fmt=FORMATS, korean=st.booleans())
def test_import_gives_the_same_figures_as_an_independent_count(tmp_path_factory, fixture_db,
                                                               rows, fmt, korean):
    folder = tmp_path_factory.mktemp("prop")
    target = folder / "data" / "live.duckdb"
    target.parent.mkdir()
    shutil.copyfile(fixture_db, target)
    records = [{
        "submission_id": f"P{i}", "edition": "2", "submitted_at": f"2024-06-{r['day']:02d} 10:00",
        "applicant_type": r["applicant_type"], "applicant_name": r["name"], "project_title": "",
        "category": r["category"], "sector": "", "technologies": "", "city": r["city"],
        "country": r["country"], "stage": r["stage"],
        "screened_at": "" if r["stage"] in ("received", "withdrawn") else "2024-08-01 10:00",
        "finalist_at": "2024-08-26 15:00" if r["stage"] == "finalist" else "", "award": "",
        "wego_member": "",
    } for i, r in enumerate(rows)]
    cells = table(records, KOREAN_HEADERS if korean else None)
    kind, encoding = fmt
    path = (write_xlsx(folder / "p.xlsx", cells) if kind == "xlsx" else
            write_text(folder / f"p.{kind}", cells, encoding, "\t" if kind == "txt" else ","))
    report = importer.run_import(path, target, reason="a test")
    assert report.problems == []
    result = figures(target, 2)
    eligible = sum(r["stage"] in ("eligible", "finalist") for r in rows)
    assert result["entries"] == len(rows)
    assert result["countries"] == len({r["country"] for r in rows})
    assert result["cities"] == len({(r["city"], r["country"]) for r in rows if r["city"]})
    assert result["eligible"] == eligible
    assert result["finalists"] == sum(r["stage"] == "finalist" for r in rows)
    assert result["by_stage"]["withdrawn"] == sum(r["stage"] == "withdrawn" for r in rows)


def test_build_rows_are_the_same_as_an_import(tmp_path, fixture_db):
    """The importer and `build` agree on canonical input."""
    folder = write_fixture_csvs(tmp_path / "csv")
    built = tmp_path / "built.duckdb"
    build.build(folder, built)
    target = tmp_path / "data" / "live.duckdb"
    target.parent.mkdir()
    shutil.copyfile(fixture_db, target)
    importer.run_import(folder / "submissions.csv", target)
    assert figures(target) == figures(built)
    assert figures(target, 2) == figures(built, 2)


def editions_rows(target: Path) -> list[dict[str, str]]:
    con = db.connect(target)
    with con:
        frame = con.execute("select * from editions order by edition").df()
    return [{**{k: ("" if pd.isna(v) else (v.isoformat() if hasattr(v, "isoformat") else v))
                for k, v in row.items()}} for row in frame.to_dict("records")]


def test_edition_dates_are_checked(live):
    rows = editions_rows(live)
    rows[0]["ceremony_at"] = "2023-07-01T10:00:00+09:00"  # before the announcement
    rows[1]["call_opens_at"] = "2024-04-01 00:00"  # no offset
    with pytest.raises(guards.ImportRefused) as error:
        importer.update_editions(live, rows)
    messages = [str(p) for p in error.value.problems]
    assert messages == [
        "edition dates, row 1, column ceremony_at: '2023-07-01 10:00:00+09:00': must come after "
        "finalists_announced_at",
        "edition dates, row 2, column call_opens_at: '2024-04-01 00:00': needs its offset, e.g. "
        "+09:00 for Seoul"]


def test_edition_dates_change_the_embargo_and_are_logged(live):
    rows = editions_rows(live)
    rows[1]["finalists_announced_at"] = "2024-09-01T10:00:00+09:00"
    changes = importer.update_editions(live, rows)
    assert changes == {"2": {"finalists_announced_at": {
        "from": None, "to": "2024-09-01T10:00:00+09:00"}}}
    con = db.connect(live)
    with con:
        run = lambda n, p: db.run(con, n, p)  # noqa: E731
        public = press.figures(run, 2, parse_as_of("2024-09-01T10:00:00+09:00"), public=True)
        log = con.execute("select file_name, editions_replaced from imports").fetchall()
    assert public["finalists"] == 2  # announced now, before the ceremony
    assert log[1:] == [("(edition dates)", "2")]  # after the build's
    assert importer.update_editions(live, editions_rows(live)) == {}


def test_restoring_the_oldest_of_five_versions(live, tmp_path):
    for i in range(6):
        rows = edition_1_rows(applicant_name=f"Name {i}")
        importer.run_import(write_text(tmp_path / f"v{i}.csv", table(rows), "utf-8"), live)
    versions = archive.list_versions(live)
    assert len(versions) == 5
    oldest = versions[-1]["version"]
    importer.restore(live, oldest)  # saving the current one prunes the oldest: still restored
    assert stored(live, "applicant_name") == "Name 0"


def test_partial_keeps_the_previous_record_of_a_rejected_row(live, tmp_path):
    rows = edition_1_rows(country="Atlantis")  # A1 rejected
    report = importer.run_import(write_text(tmp_path / "p.csv", table(rows), "utf-8"), live,
                                 partial=True)
    assert report.diff["1"]["removed"] == []  # A1 is not deleted by a bad row
    assert report.unchanged
    assert figures(live)["entries"] == 8


# -- limits: size, rows, columns, cells, and what an XLSX may unpack to -----------------------

MIB = 1024 * 1024


def test_the_size_limit_is_streamlits_own_upload_limit(monkeypatch):
    monkeypatch.delenv(guards.UPLOAD_SIZE_VARIABLE, raising=False)
    with (ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        assert tomllib.load(handle)["server"]["maxUploadSize"] == 50
    assert guards.limits().max_bytes == 50 * MIB
    # Streamlit itself, reading the same file as `streamlit run` does from the project folder
    env = {k: v for k, v in os.environ.items() if k != guards.UPLOAD_SIZE_VARIABLE}
    streamlit = subprocess.run(
        [sys.executable, "-c", "from streamlit import config; "
         "print(config.get_option('server.maxUploadSize'))"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert streamlit.stdout.strip() == "50"
    # the variable `streamlit run` takes over config.toml, the importer too
    monkeypatch.setenv(guards.UPLOAD_SIZE_VARIABLE, "7")
    assert guards.limits().max_bytes == 7 * MIB


def sparse_file(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no room on disk: refused on its size, never read."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def csv_of_rows(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("submission_id\n" + "x\n" * rows)
    return path


HOSTILE = [
    ("csv_over_the_size_limit", lambda p: hostile.one_line_csv(p / "big.csv", 50 * MIB + 1),
     "big.csv: is 52,428,801 bytes, over the limit of 52,428,800 bytes (50.0 MB, "
     "server.maxUploadSize)"),
    ("csv_of_10_gb_never_read", lambda p: sparse_file(p / "huge.csv", 10 * 1024 * MIB),
     "huge.csv: is 10,737,418,240 bytes, over the limit of 52,428,800 bytes"),
    ("csv_one_cell_of_50_mb", lambda p: hostile.one_line_csv(p / "cell.csv", 50 * MIB - 1),
     "cell.csv, row 1: has a cell longer than 100,000 characters"),
    ("csv_too_many_rows", lambda p: csv_of_rows(p / "rows.csv", 100_001),
     "rows.csv, row 100002: goes on past row 100,001: at most 100,000 rows under a header"),
    ("xlsx_declaring_the_whole_grid", lambda p: hostile.declared_dimension_xlsx(p / "grid.xlsx"),
     "grid.xlsx, row 100002: goes on past row 100,001"),
    ("xlsx_of_2_million_rows", lambda p: hostile.million_rows_xlsx(p / "rows.xlsx"),
     "rows.xlsx, row 100002: goes on past row 100,001"),
    ("xlsx_rows_all_numbered_1", lambda p: hostile.rows_all_numbered_1_xlsx(p / "ones.xlsx"),
     "ones.xlsx, row 100002: goes on past row 100,001"),
    ("xlsx_of_2_million_other_elements", lambda p: hostile.junk_xlsx(p / "junk.xlsx"),
     "junk.xlsx: holds more than 200,000 XML elements in 'xl/worksheets/sheet1.xml'"),
    ("zip_bomb_of_1_gb", lambda p: hostile.zip_bomb_xlsx(p / "bomb.xlsx"),
     "bomb.xlsx: unpacks to 1,024.0 MB, over the limit of 200.0 MB for an XLSX workbook"),
    ("zip_bomb_under_the_unpacked_limit",
     lambda p: hostile.zip_bomb_xlsx(p / "dense.xlsx", megabytes=150),
     "dense.xlsx: holds 'xl/worksheets/sheet1.xml', packed 1,0"),
]


@pytest.mark.parametrize(("build_file", "message"), [h[1:] for h in HOSTILE],
                         ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_is_refused_in_one_line_and_under_1_gb(live, tmp_path, monkeypatch,
                                                              build_file, message):
    monkeypatch.delenv(guards.UPLOAD_SIZE_VARIABLE, raising=False)
    before = live.read_bytes()
    path = build_file(tmp_path)
    run = hostile.measured_cli(ROOT, "import", str(path), "--dry-run", "--db", str(live))
    assert run["returncode"] == 2, run["stderr"]
    assert "Traceback" not in run["stderr"]
    errors = [line for line in run["stderr"].splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert message in errors[0]
    assert run["max_rss_kb"] < 1024 * 1024, f"{run['max_rss_kb']:,} kB"
    assert live.read_bytes() == before


# XML that would expand, read a file from disk, or not parse: refused before openpyxl reads it.
SECRET = "secret-of-the-server-7f3a"
SHEET = "'xl/worksheets/sheet1.xml'"
HOSTILE_XML = [
    ("billion_laughs", lambda p, _: hostile.billion_laughs_xlsx(p / "laughs.xlsx"),
     f"laughs.xlsx: has a DTD or XML entities in {SHEET}: a workbook never holds them, and they "
     "can expand without end or read other files",
     f"{SHEET} 부분에 XML 문서 형식 정의나 엔터티가 있습니다. 통합 문서에는 쓰이지 않는 것으로, "
     "내용이 끝없이 불어나거나 다른 파일을 읽어 올 수 있어 가져오지 않습니다"),
    ("external_entity", lambda p, secret: hostile.external_entity_xlsx(p / "xxe.xlsx", secret),
     f"xxe.xlsx: has a DTD or XML entities in {SHEET}: a workbook never holds them, and they "
     "can expand without end or read other files",
     f"{SHEET} 부분에 XML 문서 형식 정의나 엔터티가 있습니다. 통합 문서에는 쓰이지 않는 것으로, "
     "내용이 끝없이 불어나거나 다른 파일을 읽어 올 수 있어 가져오지 않습니다"),
    ("malformed_xml", lambda p, _: hostile.malformed_xml_xlsx(p / "broken.xlsx"),
     f"broken.xlsx: has broken XML in {SHEET} (line 1, character 182): export it again",
     f"{SHEET} 부분의 XML이 손상되었습니다 (1번째 줄, 182번째 문자). 다시 내보내세요"),
]


def secret_file(folder: Path) -> Path:
    """A file outside the data folder, with a secret an external entity would read."""
    path = folder / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def data_folder_state(folder: Path) -> dict[str, str]:
    """A checksum of every file of the data folder (the database, versions, kept uploads)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


@pytest.mark.parametrize(("build_file", "message"), [h[1:3] for h in HOSTILE_XML],
                         ids=[h[0] for h in HOSTILE_XML])
def test_hostile_xml_in_an_xlsx_is_refused_in_one_line(live, tmp_path, build_file, message):
    path = build_file(tmp_path, secret_file(tmp_path))
    before = data_folder_state(live.parent)
    # a real import, not a dry run: whatever it read would be written
    run = hostile.measured_cli(ROOT, "import", str(path), "--db", str(live))
    assert run["returncode"] == 2, run["stderr"]
    assert "Traceback" not in run["stderr"]
    assert [line for line in run["stderr"].splitlines() if line.startswith("error: ")] == [
        f"error: {message}"]
    assert SECRET not in run["stdout"] + run["stderr"]
    assert run["max_rss_kb"] < 1024 * 1024, f"{run['max_rss_kb']:,} kB"
    assert data_folder_state(live.parent) == before
    assert not [p for p in live.parent.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def test_openpyxl_reads_with_defusedxml_too():
    """The import's own check refuses a DTD in any part first; openpyxl, reading after it, uses
    defusedxml whenever it is installed (and OPENPYXL_DEFUSEDXML is not False)."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("build_file", "message", "korean"), [h[1:] for h in HOSTILE_XML],
                         ids=[h[0] for h in HOSTILE_XML])
def test_the_data_page_refuses_hostile_xml_in_the_viewers_language(monkeypatch, live, tmp_path,
                                                                   build_file, message, korean,
                                                                   lang):
    path = build_file(tmp_path, secret_file(tmp_path))
    before = data_folder_state(live.parent)
    at = data_page(monkeypatch, live, lang=lang)
    at.get("file_uploader")[0].set_value((path.name, path.read_bytes(), XLSX_TYPE))
    at.run()
    assert not at.exception
    shown = [str(e.value) for e in [*at.error, *at.warning, *at.markdown, *at.caption]]
    assert {"en": "This file cannot be imported:", "ko": "이 파일은 가져올 수 없습니다:"}[lang] in shown
    [problems] = [d.value for d in at.dataframe if len(d.value.columns) == 4]
    assert list(problems.iloc[:, 3]) == [message.partition(": ")[2] if lang == "en" else korean]
    assert SECRET not in "\n".join(shown) + problems.to_csv()
    assert data_folder_state(live.parent) == before


SMALL = guards.Limits(max_bytes=MIB, max_rows=20, max_columns=10, max_field_chars=1_000,
                        max_row_elements=50, max_shared_strings=10, max_part_elements=100)


def wide_csv(path: Path) -> Path:
    return write_text(path, [["submission_id"] + [""] * 9 + ["eleventh"]], "utf-8")


LIMITS = [
    ("csv_too_wide", wide_csv, "wide.csv, row 1, column 11: has a value, but at most 10 "
                               "columns can be imported"),
    ("xlsx_too_wide", lambda p: hostile.write_xlsx(p, [hostile.row_xml(1, ["x"], 16_384)]),
     "wide.xlsx, row 1, column XFD: has a value, but at most 10 columns can be imported"),
    ("xlsx_long_cell", lambda p: hostile.write_xlsx(p, [hostile.row_xml(1, ["id", "n" * 1_001])]),
     "wide.xlsx, row 1, column B: has a cell of 1,001 characters, over the limit of 1,000"),
    ("xlsx_too_many_texts", lambda p: hostile.write_xlsx(
        p, [], shared_strings=[f"text {n}" for n in range(11)]),
     "wide.xlsx: holds more than 10 different texts"),
    ("xlsx_row_of_too_many_elements",
     lambda p: hostile.write_xlsx(p, [hostile.row_xml(1, ["x"] * 17)]),
     "wide.xlsx, row 1: has a row or text of more than 50 XML elements"),
    ("csv_long_cell", lambda p: write_text(p, [["id", "text"], ["A1", "n" * 1_001]], "utf-8"),
     "wide.csv, row 2: has a cell longer than 1,000 characters (the limit per cell)"),
    ("csv_too_many_rows", lambda p: csv_of_rows(p, 21),
     "wide.csv, row 22: goes on past row 21: at most 20 rows under a header"),
    ("csv_over_the_size_limit", lambda p: hostile.one_line_csv(p, MIB + 1),
     "wide.csv: is 1,048,577 bytes, over the limit of 1,048,576 bytes"),
]


@pytest.mark.parametrize(("build_file", "message"), [c[1:] for c in LIMITS],
                         ids=[c[0] for c in LIMITS])
def test_each_limit_says_what_and_where(tmp_path, build_file, message):
    suffix = ".csv" if "wide.csv" in message else ".xlsx"
    path = build_file(tmp_path / f"wide{suffix}")
    with pytest.raises(guards.ImportRefused) as error:
        reading.read_table(path, bounds=SMALL)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_an_upload_over_the_size_limit_is_refused():
    upload = reading.Upload("../big.csv", b"x" * (MIB + 1))
    with pytest.raises(guards.ImportRefused, match=r"^big.csv: is 1,048,577 bytes, over the "
                                                    r"limit of 1,048,576 bytes"):
        reading.read_table(upload, bounds=SMALL)


def test_trailing_empty_cells_do_not_count_as_columns(live, tmp_path):
    """Exports often end every line with delimiters: only cells with a value count."""
    cells = [row + [""] * 200 for row in table(edition_1_rows())]
    report = importer.run_import(write_text(tmp_path / "trailing.csv", cells, "utf-8"), live,
                                 dry_run=True)
    assert report.problems == []
    assert report.rows_read == 8


def test_xlsx_rows_are_as_long_as_their_last_cell_whatever_the_sheet_declares(tmp_path,
                                                                              monkeypatch):
    header = ["submission_id", "edition", "country"]
    path = hostile.write_xlsx(tmp_path / "declared.xlsx",
                              [hostile.row_xml(1, header), hostile.row_xml(2, ["A1", "1", "KOR"])],
                              dimension="A1:XFD1048576")
    widths = []
    add = reading._Rows.add
    monkeypatch.setattr(reading._Rows, "add", lambda self, row_no, cells: (
        widths.append(len(cells)), add(self, row_no, cells))[1])
    read = reading.read_table(path)
    assert (read.header, read.rows) == (header, [(2, ["A1", "1", "KOR"])])
    assert widths == [3, 3]  # not 16,384 each, as the declared A1:XFD1048576 would have them


def write_failure(*_args, **_kwargs):
    raise OSError(28, "No space left on device")


FAILURES = [
    ("hostile_file", lambda p: hostile.one_line_csv(p / "cell.csv", 200_000), None),
    ("rejected_row", lambda p: write_text(p / "bad.csv", table(edition_1_rows(country="Atlantis")),
                                          "utf-8"), None),
    ("disk_full_while_writing",
     lambda p: write_text(p / "good.csv", table(edition_1_rows(applicant_name="New")), "utf-8"),
     write_failure),
]


@pytest.mark.parametrize(("build_file", "writer"), [f[1:] for f in FAILURES],
                         ids=[f[0] for f in FAILURES])
def test_a_failed_import_leaves_every_file_as_it_was(live, tmp_path, monkeypatch, build_file,
                                                     writer):
    def files() -> dict[str, bytes]:
        return {str(p.relative_to(live.parent)): p.read_bytes()
                for p in sorted(live.parent.rglob("*")) if p.is_file()}

    before = files()
    path = build_file(tmp_path)
    if writer:
        monkeypatch.setattr(db, "write_database", writer)
    try:
        report = importer.run_import(path, live)
        assert not report.written
    except (guards.ImportRefused, OSError):
        pass
    after = files()
    after.pop(f".{live.name}.lock", None)  # the writers' lock: empty, left for the next one
    assert after == before


# -- the Data page: an upload stays in memory until its import is confirmed -------------------

def data_page(monkeypatch, target: Path, lang: str = "en") -> AppTest:
    monkeypatch.setenv("PRIZESTATS_DB", str(target))
    for name in ("PRIZESTATS_ROLE", "PRIZESTATS_PUBLIC", "PRIZESTATS_NOW",
                 guards.UPLOAD_SIZE_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    return at


def upload_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("prizestats-upload-*"))


def kept_uploads(target: Path) -> list[Path]:
    folder = target.parent / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_uploader_has_the_importers_size_limit(monkeypatch, live):
    at = data_page(monkeypatch, live)
    assert at.get("file_uploader")[0].proto.max_upload_size_mb == 50
    # whatever Streamlit's own config says (here, config.toml's 50): the importer's limit
    monkeypatch.setenv(guards.UPLOAD_SIZE_VARIABLE, "7")
    at.run()
    assert at.get("file_uploader")[0].proto.max_upload_size_mb == 7


NOT_IMPORTED = [
    ("refused", "image.csv", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     "This file cannot be imported:"),
    ("over_a_limit", "cell.csv", lambda: b"x" * 100_001, "This file cannot be imported:"),
    ("rejected_rows", "bad.csv", lambda: csv_bytes(table(edition_1_rows(country="Atlantis"))),
     "Fix the rejected rows"),
    # a valid file: its dry run shows the change, and no one confirms it
    ("dry_run_only", "good.csv", lambda: csv_bytes(table(
        [*edition_1_rows(), {**edition_1_rows()[0], "submission_id": "A9"}])),
     "Edition 1: the import would add 1, remove 0 and change 0 entries, with 0 stage changes."),
]


@pytest.mark.parametrize(("name", "make", "shown"), [n[1:] for n in NOT_IMPORTED],
                         ids=[n[0] for n in NOT_IMPORTED])
def test_an_upload_not_imported_leaves_nothing_on_disk(monkeypatch, live, name, make, shown):
    content = make()
    before = live.read_bytes()
    folders = upload_folders()
    at = data_page(monkeypatch, live)
    at.get("file_uploader")[0].set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception
    page = "\n".join(str(e.value) for e in [*at.error, *at.warning, *at.markdown])
    assert shown in page
    assert upload_folders() == folders
    assert kept_uploads(live) == []
    assert live.read_bytes() == before


# The reasons in the viewer's language: the same problems, from the same table of reasons.
REJECTED_IN_KOREAN = [
    ("refused", "image.csv", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     "이 파일은 가져올 수 없습니다:", [(None, "", "", "PNG 이미지 파일입니다. 접수 자료 표가 아닙니다")]),
    ("rejected_rows", "bad.csv", lambda: csv_bytes(table(edition_1_rows(
        country="Korea Rep", submitted_at="yesterday"))),
     "거부된 행을 고치거나, 위 상자를 선택해 유효한 행만 가져오세요.",
     [(2, "country", "Korea Rep", "알 수 없는 국가입니다 (비슷한 국가 코드: KOR)"),
      (2, "submitted_at", "yesterday", "날짜와 시간이 아닙니다 (2025-05-01 13:45, "
       "2025-05-01T13:45:00+09:00, 2025/05/01 등)")]),
]


@pytest.mark.parametrize(("name", "make", "shown", "rows"),
                         [r[1:] for r in REJECTED_IN_KOREAN], ids=[r[0] for r in REJECTED_IN_KOREAN])
def test_the_data_page_gives_the_reasons_in_korean(monkeypatch, live, name, make, shown, rows):
    at = data_page(monkeypatch, live, lang="ko")
    at.get("file_uploader")[0].set_value((name, make(), "text/csv"))
    at.run()
    assert not at.exception
    page = "\n".join(str(e.value) for e in [*at.error, *at.warning])
    assert shown in page
    [problems] = [d.value for d in at.dataframe if "이유" in d.value.columns]
    assert list(problems.columns) == ["행", "열", "값", "이유"]
    assert [(None if pd.isna(r) else int(r), c, v, reason) for r, c, v, reason
            in problems.itertuples(index=False)] == rows


def test_a_confirmed_upload_is_kept_once_beside_the_database(monkeypatch, live):
    content = csv_bytes(table(edition_1_rows(applicant_name="Seoul Digital Foundation")))
    folders = upload_folders()
    at = data_page(monkeypatch, live)
    at.get("file_uploader")[0].set_value(("export.csv", content, "text/csv"))
    at.run()
    assert kept_uploads(live) == []  # the dry run wrote nothing
    next(b for b in at.button if b.label == "Import now").click()
    at.run()
    assert not at.exception
    assert at.success[0].value.replace("\\", "").startswith("Imported export.csv.")
    assert stored(live, "applicant_name") == "Seoul Digital Foundation"
    kept = kept_uploads(live)
    assert [p.name for p in kept] == [f"{hashlib.sha256(content).hexdigest()}.csv"]
    assert kept[0].read_bytes() == content
    assert upload_folders() == folders


def csv_bytes(cells: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(cells)
    return buffer.getvalue().encode("utf-8")
