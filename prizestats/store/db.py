"""The only module that opens DuckDB: where the database lives, reading it, writing a new one.

Readers connect read-only. A writer never touches the live file: it builds a new file beside it
and renames it into place, because DuckDB's read-write lock would block every reader (and a
process killed mid-write must leave the previous database intact).
"""

from __future__ import annotations

import fcntl
import functools
import queue
import re
import threading
import warnings
import weakref
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from prizestats.core import access, disclosure, settings
from prizestats.core.reference import ROOT
from prizestats.core.safe_write import atomic_path, open_lock

QUERIES_DIR = ROOT / "queries"
DEFAULT_DB = settings.DEFAULT_DB
TIMEZONE = "Asia/Seoul"
# Bumped when the schema or the sample changes, so `make run` knows a sample build is stale.
SCHEMA_VERSION = "3"  # 2: published_figures.published_at; 3: imports.reason, release_figures
CATALOG = "prizestats"


class QueryError(LookupError):
    """A named query that does not exist."""


def db_path() -> Path:
    """PRIZESTATS_DB when set (read at call time, so tests can point elsewhere), else the default."""
    return settings.database()


def db_identity(path: Path | None = None) -> tuple[str, int, int]:
    """Changes whenever a new file is swapped in: caches are keyed on it."""
    path = path or db_path()
    stat = path.stat()
    # absolute, not resolved: resolving follows every link on every run (5 % of a run under load),
    # and the inode already tells one file from another
    return (str(path.absolute()), stat.st_mtime_ns, stat.st_ino)


def connect(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    path = path or db_path()
    if not path.exists():
        raise FileNotFoundError(
            f"no database at {path}: build one with `python -m prizestats build --from data/sample`"
        )
    # The file is attached to a fresh in-memory database rather than opened directly: DuckDB
    # keeps one instance per path in a process, so a direct open after an import had swapped a
    # new file in would be handed the old, replaced file for as long as anyone held it.
    con = duckdb.connect(":memory:")
    quoted = str(path).replace("'", "''")
    con.execute(f"attach '{quoted}' as {CATALOG} (read_only)")
    _prepare(con)
    return con


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Per connection (and cursor) settings: the catalog to read and Seoul time."""
    con.execute(f"use {CATALOG}")
    con.execute(f"set TimeZone = '{TIMEZONE}'")


def sql_text(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise QueryError(f"no query named {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql") if not p.stem.startswith("_"))


@functools.cache
def _query(name: str) -> tuple[str, frozenset[str]]:
    """A query file's text and the $params it uses, read once per process: the files are part of
    the code (reading and scanning one on every run cost a tenth of a small query)."""
    text = sql_text(name)
    code = re.sub(r"--[^\n]*", "", text)  # a $name in a comment is no parameter
    return text, frozenset(re.findall(r"\$([A-Za-z_]\w*)", code))


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run queries/<name>.sql with named $params; only the params the file uses are passed.

    For every viewer but organisers ($public), the result passes through disclosure.disclose
    here, the one way out of the query files: small counts and unannounced results as NA."""
    text, uses = _query(name)
    used = {k: v for k, v in (params or {}).items() if k in uses}
    with _pooled_cursor(con) as prepared:
        frame = _frame(prepared.execute(text, used).to_arrow_table())
        if used.get("public"):
            frame = disclosure.disclose(name, frame, used,
                                        lambda edition, as_of: _embargoed(prepared, edition, as_of))
        return frame


def _embargoed(prepared: duckdb.DuckDBPyConnection, edition: int, as_of: datetime
               ) -> frozenset[str]:
    """The results of an edition the public may not see yet at as_of (access.embargoed_metrics)."""
    row = prepared.execute("select finalists_announced_at, ceremony_at from editions "
                           "where edition = $edition", {"edition": edition}).fetchone()
    announced, ceremony = row if row else (None, None)
    return access.embargoed_metrics(as_of, announced or ceremony, ceremony)


# Rows reach pandas through Arrow: strings stay in Arrow buffers (pandas' str dtype is Arrow-backed)
# where DuckDB's own .df() makes a Python object of every string first, which doubled the time of
# the 50,000-finalist Results list at 1M entries (BENCHMARKS.md). DuckDB warns that this path
# copies the rows once more and points to con.sql(), but that binds every query twice, which costs
# more than the copy. The same filter is in pyproject.toml, for pytest resets filters per test.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning,
                        module=__name__)


def _frame(table: pa.Table) -> pd.DataFrame:
    """The frame DuckDB's .df() would give, except that a string column is always pandas' str
    (.df() gives object when every value is null): dates as datetime64[us] like timestamps."""
    frame = table.to_pandas(date_as_object=False)
    for field in table.schema:
        if pa.types.is_date(field.type):
            frame[field.name] = frame[field.name].astype("datetime64[us]")
    return frame


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor ready for the query files. Temporary objects belong to one cursor, so the
    shared as-of and embargo rules are defined on each (about 6 ms: see _pooled_cursor)."""
    prepared = con.cursor()
    _prepare(prepared)
    _older_schema(prepared)
    prepared.execute(sql_text("_macros"))
    return prepared


def _older_schema(prepared: duckdb.DuckDBPyConnection) -> None:
    """A database written before schema 3 lacks what later schemas added: temporary views add
    it as empty, so the queries read it as they read a new one (the next import or edit writes
    the new schema). Schema 2 added published_figures.published_at; schema 3 imports.reason
    and released_at, and release_figures (no history before it: its first release starts it).
    The same for the events and alerts tables, added since without a schema version."""
    found = prepared.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_catalog = $catalog", {"catalog": CATALOG}).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in found:
        columns.setdefault(table, set()).add(column)
    if "published_at" not in columns.get("published_figures", {"published_at"}):
        prepared.execute(f"create or replace temp view published_figures as select *, "
                         f"null::timestamptz as published_at from {CATALOG}.main.published_figures")
    if "reason" not in columns.get("imports", {"reason"}):
        prepared.execute(f"create or replace temp view imports as select *, null::varchar as "
                         f"reason, null::timestamptz as released_at from {CATALOG}.main.imports")
    if "imports" in columns and "release_figures" not in columns:
        prepared.execute("create or replace temp view release_figures as select "
                         "null::integer as import_id, null::integer as edition, null::varchar "
                         "as metric, null::varchar as dimension, null::double as value, "
                         "null::boolean as public, null::double as previous_value, "
                         "null::boolean as previous_public where false")
    for name, empty in SIGNAL_TABLES.items():
        if name not in columns:  # written before events and alerts: none of either
            prepared.execute(f"create or replace temp view {name} as {empty}")


# The tables added after schema 2 without a new schema version (a database without them has
# none of them, and the next import or edit writes them): their empty stand-ins.
SIGNAL_TABLES = {
    "events": "select null::integer as event_id, null::integer as edition, "
              "null::timestamptz as event_at, null::varchar as kind, null::varchar as text_en, "
              "null::varchar as text_ko, null::boolean as public where false",
    "alerts": "select null::integer as edition, null::double as pace_below, "
              "null::integer as against, null::boolean as missing_regions, "
              "null::integer as quiet_days where false",
}


def signal_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The events and alerts tables as they are, empty in a database written before them."""
    present = {row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_catalog = $catalog",
        {"catalog": CATALOG}).fetchall()}
    return {name: con.execute(f"select * from {name}" if name in present else empty).df()
            for name, empty in SIGNAL_TABLES.items()}


# Idle prepared cursors per connection. A cursor serves one thread at a time, and Streamlit runs
# every script run in a new thread, so a per-thread cursor would be prepared again on every run;
# a pool prepares each cursor once. Weak keys: a replaced connection takes its cursors with it.
_idle_cursors: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_idle_lock = threading.Lock()


@contextmanager
def _pooled_cursor(con: duckdb.DuckDBPyConnection):
    with _idle_lock:
        idle = _idle_cursors.setdefault(con, queue.SimpleQueue())
    try:
        prepared = idle.get_nowait()
    except queue.Empty:
        prepared = cursor(con)
    try:
        yield prepared
    except BaseException:
        prepared.close()  # a failed query may leave the cursor mid-transaction: never reuse it
        raise
    idle.put(prepared)


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select key, value from meta").fetchall())


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every table of queries/_schema.sql, whole, as DataFrames: the raw data in memory that the
    pandas baseline of the benchmark (prizestats/bench/pandas_queries.py) starts from."""
    names = re.findall(r"^create table (\w+)", sql_text("_schema"), flags=re.MULTILINE)
    return {name: con.execute(f"select * from {name}").df() for name in names}


def write_database(path: Path, tables: dict[str, pd.DataFrame], meta_values: dict[str, str]) -> None:
    """Write a complete new database file and swap it in atomically.

    The schema is in queries/_schema.sql. Nothing is written at `path` unless every table loaded.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as staging:  # its write-ahead log, if any, goes with it
        con = duckdb.connect(str(staging))
        try:
            _load(con, tables)
            values = {"schema_version": SCHEMA_VERSION,
                      "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                      **meta_values}
            con.executemany("insert into meta values (?, ?)", list(values.items()))
            con.execute("checkpoint")
        finally:
            con.close()


def _load(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    """The schema, and each table's rows by column name (a table may leave columns out)."""
    con.execute(f"set TimeZone = '{TIMEZONE}'")
    con.execute(sql_text("_schema"))
    for table, frame in tables.items():
        con.register("incoming", frame)
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"insert into {table} ({columns}) select {columns} from incoming")
        con.unregister("incoming")


def scratch(tables: dict[str, pd.DataFrame]) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding `tables`, read like a file connect() opens: what a write
    would make, for the queries to read before it is written (releases.figures_of)."""
    con = duckdb.connect(":memory:")
    con.execute(f"attach ':memory:' as {CATALOG}")
    con.execute(f"use {CATALOG}")
    _load(con, tables)
    con.execute("insert into meta values ('schema_version', $version)",
                {"version": SCHEMA_VERSION})
    _prepare(con)
    return con


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_catalog = $catalog",
        {"catalog": CATALOG}).fetchall()}


def read_meta(path: Path) -> dict[str, str] | None:
    """The meta table of a database file, or None when there is no readable database there."""
    if not path.exists():
        return None
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None
    try:
        return meta(con)
    except duckdb.Error:
        return None
    finally:
        con.close()


def read_last_change(path: Path) -> dict[str, object] | None:
    """The last row of a database file's import history (what made it as it is): its
    file_name and finished_at; None when it has none or cannot be read."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("select file_name, finished_at from imports "
                          "order by import_id desc limit 1").fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return {"file_name": row[0], "finished_at": row[1]} if row else None


@contextmanager
def writing(path: Path):
    """One writer at a time per database (sessions of one server, or a CLI beside it): each
    import reads the live database, builds a new one and swaps it in under this lock, so two
    imports never build from the same old state and drop each other's changes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_lock(path.with_name(f".{path.name}.lock")) as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
