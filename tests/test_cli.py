"""The command line, run as a user would: a subprocess with real files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURE_SUBMISSIONS, ROOT, write_csv, write_fixture_csvs

from prizestats.store.sample import SUBMISSION_COLUMNS


def cli(*args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PRIZESTATS_DB", None)
    if db is not None:
        env["PRIZESTATS_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "prizestats", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120, check=False)


@pytest.mark.parametrize("command", ["sample", "build", "figures", "press-kit"])
def test_every_command_has_help(command):
    result = cli(command, "--help")
    assert result.returncode == 0
    assert "usage: python -m prizestats" in result.stdout


def test_figures_json_on_the_sample(sample_db):
    result = cli("figures", "--edition", "3", "--format", "json", "--db", str(sample_db))
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert (figures["entries"], figures["countries"], figures["cities"]) == (220, 52, 115)
    assert (figures["finalists"], figures["winners"]) == (45, 21)
    assert list(figures) == [
        "edition", "year", "as_of", "entries", "countries", "cities", "eligible", "finalists",
        "winners", "by_region", "by_region6", "by_category", "by_applicant_type", "by_stage",
        "eligible_by_region6", "eligible_korea_by_applicant_type", "winners_by_award_group",
        "flags"]  # the contract's keys as they were, the status flags added last
    assert set(figures["flags"].values()) == {""}  # final, and the organisers' view hides none


def test_figures_default_edition_is_the_latest_with_entries(fixture_db):
    result = cli("figures", "--format", "json", db=fixture_db)
    assert json.loads(result.stdout)["edition"] == 2


def test_figures_as_of_a_date_is_the_end_of_that_day(fixture_db):
    result = cli("figures", "--edition", "1", "--as-of", "2023-05-31", "--format", "json",
                 db=fixture_db)
    figures = json.loads(result.stdout)
    assert figures["as_of"] == "2023-05-31T23:59:59+09:00"
    assert figures["entries"] == 7


def test_figures_csv_is_long_rows(fixture_db):
    result = cli("figures", "--edition", "1", "--as-of", "2026-01-01", "--format", "csv",
                 db=fixture_db)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["metric", "dimension", "value", "flag"]
    assert ["entries", "", "8", ""] in rows
    assert ["by_region", "South America", "1", ""] in rows
    assert ["winners_by_award_group", "leadership", "1", ""] in rows


def test_figures_text(fixture_db):
    result = cli("figures", "--edition", "2", "--as-of", "2026-01-01", db=fixture_db)
    assert "edition 2 (2024)" in result.stdout
    assert "entries" in result.stdout
    # edition 1 ten days before its call closed: its counts provisional, later stages not
    # reached (A1, A3, A4, A6, A8 from Korea, Japan, the USA and Kenya; Seoul twice)
    lines = cli("figures", "--edition", "1", "--as-of", "2023-05-20", db=fixture_db
                ).stdout.splitlines()
    assert lines[1:7] == ["  entries         5  [p]", "  countries       4  [p]",
                          "  cities          4  [p]", "  eligible        0  [z]",
                          "  finalists       0  [z]", "  winners         0  [z]"]
    assert lines[-1] == ("flags: [p] provisional: the call is open or the stage is not final; "
                         "[z] not applicable: a stage not reached yet, or a breakdown the "
                         "filters leave out")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--edition", "9"], "edition 9 is not in the database (editions: 1, 2)"),
        (["--edition", "x"], "'x' is not an edition number"),
        (["--as-of", "yesterday"], "'yesterday' is not a date"),
        (["--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_figures_bad_input(fixture_db, args, message):
    result = cli("figures", *args, db=fixture_db)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_figures_without_a_database(tmp_path):
    result = cli("figures", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2
    assert "no database at" in result.stderr


def test_build_then_figures(tmp_path):
    source = write_fixture_csvs(tmp_path / "csv")
    target = tmp_path / "out.duckdb"
    result = cli("build", "--from", str(source), "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert "11 entries, 2 editions" in result.stdout
    figures = json.loads(cli("figures", "--edition", "1", "--format", "json", db=target).stdout)
    assert figures["entries"] == 8


def _with(**changes) -> list[dict]:
    """The fixture rows with cells of row A1 (the first data row, spreadsheet row 2) changed."""
    rows = [dict(r) for r in FIXTURE_SUBMISSIONS]
    rows[0].update(changes)
    return rows


BAD_SUBMISSIONS = [
    ("country_name", _with(country="Korea"),
     "submissions.csv, row 2, column country: 'Korea': not an ISO 3166-1 alpha-3 code"),
    ("country_iso2", _with(country="KR"),
     "'KR': not an ISO 3166-1 alpha-3 code (did you mean KOR?)"),
    ("bad_date", _with(submitted_at="31/05/2023"),
     "row 2, column submitted_at: '31/05/2023': not an ISO 8601 date-time"),
    ("empty_required", _with(category=""), "row 2, column category: required value is empty"),
    ("bad_enum", _with(stage="shortlisted"),
     "column stage: 'shortlisted': must be one of received, ineligible, eligible"),
    ("bad_sector", _with(sector="sports"), "column sector: 'sports': must be one of mobility"),
    ("individual_not_leadership", _with(applicant_type="individual"),
     "column category: 'human_centricity': individual applicants are leadership only"),
    ("winner_without_award", _with(award=""), "row 2, column award: a winner needs an award"),
    ("award_not_winner", _with(stage="finalist"),
     "column award: 'gold': only winners have an award (stage is finalist)"),
    ("bad_award", _with(award="platinum"), "column award: 'platinum': must be one of gold"),
    ("bad_boolean", _with(wego_member="yes"), "column wego_member: 'yes': must be true or false"),
    ("bad_edition", _with(edition="2023a"), "column edition: '2023a': edition must be a whole"),
    ("edition_not_in_editions", _with(edition="7"),
     "row 2, column edition: '7': edition is not in editions.csv"),
    ("duplicate_id", _with(submission_id="A2"),
     "row 3, column submission_id: 'A2': duplicate id in edition 1 (first at row 2)"),
]


def _snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize(("rows", "message"), [case[1:] for case in BAD_SUBMISSIONS],
                         ids=[case[0] for case in BAD_SUBMISSIONS])
def test_build_rejects_bad_rows_and_writes_nothing(tmp_path, fixture_db, rows, message):
    source = write_fixture_csvs(tmp_path / "csv", submissions=rows)
    target = tmp_path / "live.duckdb"
    target.write_bytes(fixture_db.read_bytes())
    before = _snapshot(target)
    result = cli("build", "--from", str(source), "--db", str(target))
    assert result.returncode == 2
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "live.duckdb"]


def _write_text(folder: Path, text: str | bytes) -> Path:
    folder.mkdir()
    path = folder / "submissions.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return folder


HEADER = ",".join(SUBMISSION_COLUMNS)
BAD_FILES = [
    ("empty", "", "submissions.csv: is empty: no header row"),
    ("header_only", HEADER + "\n", "submissions.csv: has a header but no rows"),
    ("missing_column", HEADER.replace(",country", "") + "\n",
     "submissions.csv, row 1, column country: required column is missing"),
    ("extra_cells", HEADER + "\nA1,1,2023-05-01T10:00:00,company,,,tech_innovacity,,,Seoul,KOR,"
     "received,,,,,surplus\n", "submissions.csv, row 2: has 17 cells, the header has 16"),
    ("not_utf8", HEADER.encode() + "\nA1,1,2023-05-01,company,서울시,,tech_innovacity,,,서울,KOR,"
     "received,,,,\n".encode("cp949"), "submissions.csv: is not UTF-8 text"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "submissions.csv: is not UTF-8 text"),
]


@pytest.mark.parametrize(("content", "message"), [case[1:] for case in BAD_FILES],
                         ids=[case[0] for case in BAD_FILES])
def test_build_rejects_bad_files(tmp_path, content, message):
    source = _write_text(tmp_path / "csv", content)
    target = tmp_path / "new.duckdb"
    result = cli("build", "--from", str(source), "--db", str(target))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_build_reports_every_problem_with_its_row(tmp_path):
    rows = [dict(r) for r in FIXTURE_SUBMISSIONS]
    rows[2]["country"] = "Atlantis"
    rows[5]["stage"] = "lost"
    source = write_fixture_csvs(tmp_path / "csv", submissions=rows)
    result = cli("build", "--from", str(source), "--db", str(tmp_path / "x.duckdb"))
    assert "2 problem(s)" in result.stderr
    assert "row 4, column country: 'Atlantis'" in result.stderr
    assert "row 7, column stage: 'lost'" in result.stderr


def test_build_of_a_missing_folder(tmp_path):
    result = cli("build", "--from", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2
    assert "submissions.csv: file not found" in result.stderr


def test_build_if_stale_never_overwrites_other_data(tmp_path, fixture_db):
    target = tmp_path / "live.duckdb"
    target.write_bytes(fixture_db.read_bytes())
    result = cli("build", "--from", "data/sample", "--if-stale", "--db", str(target))
    assert result.returncode == 0
    assert "holds canonical data: left as it is" in result.stderr
    assert target.read_bytes() == fixture_db.read_bytes()


def test_build_if_stale_builds_missing_and_skips_current(tmp_path):
    target = tmp_path / "sample.duckdb"
    first = cli("build", "--from", "data/sample", "--if-stale", "--db", str(target))
    assert "no database yet" in first.stderr
    built = target.read_bytes()
    second = cli("build", "--from", "data/sample", "--if-stale", "--db", str(target))
    assert "the database is up to date" in second.stderr
    assert target.read_bytes() == built


def test_sample_command_writes_both_files(tmp_path):
    result = cli("sample", "--out", str(tmp_path))
    assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["editions.csv", "submissions.csv"]


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "2099-01-01"], "is later than now: a press kit can only show what has been"),
    (["--lang", "en,fr"], "'en,fr': the languages are en and ko"),
    (["--edition", "7"], "edition 7 is not in the database"),
])
def test_press_kit_bad_input(fixture_db, tmp_path, args, message):
    result = cli("press-kit", "--out", str(tmp_path / "kit"), *args, db=fixture_db)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# -- a bad --db: one line naming the path and the trouble, exit status 2, for every command ----

AS_ROOT = os.geteuid() == 0
COMMANDS = {
    "build": lambda tmp: ["build", "--from", "data/sample"],
    "figures": lambda tmp: ["figures"],
    "import": lambda tmp: ["import", str(_export(tmp))],
    "import_dry_run": lambda tmp: ["import", str(_export(tmp)), "--dry-run"],
    "restore_list": lambda tmp: ["restore", "--list"],
    "restore": lambda tmp: ["restore", "20260101-000000-000000"],
    "purge_uploads": lambda tmp: ["purge-uploads"],
    "press_kit": lambda tmp: ["press-kit", "--out", str(tmp / "kit")],
}
WRITERS = {"build", "import", "restore", "purge_uploads"}


def _export(tmp: Path) -> Path:
    rows = [r for r in FIXTURE_SUBMISSIONS if r["edition"] == "1"]
    return write_csv(tmp / "export.csv", rows, SUBMISSION_COLUMNS)


def _missing(tmp: Path, fixture_db: Path) -> Path:
    return tmp / "none.duckdb"


def _not_duckdb(tmp: Path, fixture_db: Path) -> Path:
    path = tmp / "passwd"  # a copy: a broken check must not get to write over /etc/passwd
    path.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return path


def _folder(tmp: Path, fixture_db: Path) -> Path:
    (tmp / "folder.duckdb").mkdir()
    return tmp / "folder.duckdb"


def _other_duckdb(tmp: Path, fixture_db: Path) -> Path:
    path = tmp / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table t (x integer)")
    con.close()
    return path


def _unreadable(tmp: Path, fixture_db: Path) -> Path:
    if AS_ROOT:
        pytest.skip("root reads a file whatever its mode, so chmod 000 takes nothing away; the "
                    "check (os.access) is exercised when the tests run as another user")
    path = tmp / "locked.duckdb"
    path.write_bytes(fixture_db.read_bytes())
    path.chmod(0)
    return path


BAD_DATABASES = [
    ("missing", _missing, "no database at {path}: build one", set(COMMANDS) - {"build"}),
    ("not_duckdb", _not_duckdb, "{path}: is not a DuckDB database", set(COMMANDS)),
    ("folder", _folder, "{path}: is a folder, not a database file", set(COMMANDS)),
    ("other_duckdb", _other_duckdb, "{path}: is not a prizestats database (Catalog Error",
     {"figures", "import", "import_dry_run", "press_kit"}),
    ("unreadable", _unreadable, "{path}: cannot be read (permission denied)", set(COMMANDS)),
]
CASES = [(kind, command) for kind, _, _, commands in BAD_DATABASES for command in COMMANDS
         if command in commands]


@pytest.mark.parametrize(("kind", "command"), CASES, ids=[f"{k}-{c}" for k, c in CASES])
def test_a_bad_database_path_is_one_line_and_exit_2(tmp_path, fixture_db, kind, command):
    _, make, message, _ = next(b for b in BAD_DATABASES if b[0] == kind)
    path = make(tmp_path, fixture_db)
    args = COMMANDS[command](tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = cli(*args, "--db", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {message.format(path=path)}")
    # nothing made beside it (no versions, no kit, no folders), and no writers' lock either
    # unless it is a DuckDB file, which an import opens under that lock
    made = {p.name for p in tmp_path.iterdir()} - set(before)
    assert made <= ({f".{path.name}.lock"} if kind == "other_duckdb" else set())


@pytest.fixture
def read_only_folder(tmp_path, fixture_db):
    """A folder holding the database that no one may write in: chattr +i for root (whom a
    folder's mode does not stop), mode 555 for anyone else."""
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "live.duckdb").write_bytes(fixture_db.read_bytes())
    if AS_ROOT:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True,
                          check=False).returncode:
            pytest.skip("root writes in any folder, and chattr +i is not available here")
        yield folder
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_commands_that_write_refuse_a_read_only_folder(tmp_path, read_only_folder, command):
    path = read_only_folder / "live.duckdb"
    result = cli(*COMMANDS[command](tmp_path), "--db", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    name = {"purge_uploads": "purge-uploads"}.get(command, command)
    assert f"error: {path}: the folder {read_only_folder} is not writable, and {name} writes " \
           f"there" in result.stderr
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["live.duckdb"]


@pytest.mark.parametrize("command", ["figures", "import_dry_run", "restore_list"])
def test_commands_that_only_read_work_in_a_read_only_folder(tmp_path, read_only_folder,
                                                           command):
    result = cli(*COMMANDS[command](tmp_path), "--db", str(read_only_folder / "live.duckdb"))
    assert result.returncode == 0, result.stderr


def test_a_database_locked_by_a_writer_is_one_line(tmp_path, fixture_db):
    path = tmp_path / "busy.duckdb"
    path.write_bytes(fixture_db.read_bytes())
    writer = duckdb.connect(str(path))  # DuckDB's read-write lock keeps every reader out
    try:
        result = cli("figures", "--db", str(path))
    finally:
        writer.close()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {path}: IO Error: Could not set lock on file")
    assert len(result.stderr.splitlines()) == 1


def test_a_file_error_elsewhere_is_one_line(tmp_path, fixture_db):
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = cli("press-kit", "--out", str(tmp_path / "file" / "kit"), db=fixture_db)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"error: {tmp_path / 'file' / 'kit'}: Not a directory"


def test_an_unreadable_database_is_named_whoever_runs_it(tmp_path, fixture_db, monkeypatch,
                                                         capsys):
    """The unreadable cases above, for root too: the check asks os.access, whose answer root
    always finds yes, so here it is asked of a path it says no to."""
    from prizestats import __main__ as command_line

    path = tmp_path / "locked.duckdb"
    path.write_bytes(fixture_db.read_bytes())
    access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: access(p, mode) and not (
        Path(p) == path and mode & os.R_OK))
    assert command_line.main(["figures", "--db", str(path)]) == 2
    assert capsys.readouterr().err == f"error: {path}: cannot be read (permission denied)\n"
