"""Releases: every change of the data (an import, a restore, a build, edition dates, a new
edition, a published figure) is one row of the imports table, with its moment and its reason,
and with every figure of every edition as it stood then (release_figures).

What the figures are is not this layer's to say: prizestats.figures.revisions registers the
function that computes them (`register`), and every write that makes a release asks it here,
over the tables it is about to write (`figures_of`). A change that would move a figure already
public (public before and after, by the embargo and as-of rules at the moment of the change)
is refused without a reason (`check_reason`), before anything is written.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from prizestats.core import access
from prizestats.store import db
from prizestats.store.build import Problem
from prizestats.store.guards import ImportRefused

FIGURE_COLUMNS = ("edition", "metric", "dimension", "value", "public")
RELEASE_COLUMNS = ("import_id", *FIGURE_COLUMNS, "previous_value", "previous_public")

# (connection over the tables of a database, the moment, the editions: None for every one) ->
# every figure of those editions with entries, one row each: edition, metric, dimension ('' for
# none), value, public.
FiguresAt = Callable[[duckdb.DuckDBPyConnection, datetime, frozenset[int] | None], pd.DataFrame]
Editions = frozenset[int] | None
_figures_at: list[FiguresAt] = []


def register(figures_at: FiguresAt) -> None:
    """The figures of a release (prizestats.figures.revisions.figures_at, registered when that
    module is imported)."""
    _figures_at[:] = [figures_at]


def _computer() -> FiguresAt:
    """The registered function; if none yet, the figures layer's, loaded by name: every write,
    whoever makes it (CLI, app, a script, a test), records its release the same way, while this
    layer still imports nothing above it."""
    if not _figures_at:
        importlib.import_module("prizestats.figures.revisions")  # registers itself
    return _figures_at[0]


def empty() -> pd.DataFrame:
    return pd.DataFrame({"import_id": pd.Series(dtype="int64"),
                         "edition": pd.Series(dtype="int64"),
                         "metric": pd.Series(dtype="str"), "dimension": pd.Series(dtype="str"),
                         "value": pd.Series(dtype="float64"),
                         "public": pd.Series(dtype="bool"),
                         "previous_value": pd.Series(dtype="float64"),
                         "previous_public": pd.Series(dtype="object")})


def figures_of(tables: dict[str, pd.DataFrame], moment: datetime, editions: Editions
               ) -> pd.DataFrame:
    """Every figure of `editions` the tables hold at `moment`."""
    if editions is not None and not editions:
        return empty()[list(FIGURE_COLUMNS)]
    con = db.scratch({name: frame for name, frame in tables.items()
                      if name != "release_figures"})
    with con:
        return _computer()(con, moment, editions)


def figures_in(target, moment: datetime, editions: Editions) -> pd.DataFrame:
    """Every figure of `editions` in the live database at `moment`."""
    if editions is not None and not editions:
        return empty()[list(FIGURE_COLUMNS)]
    con = db.connect(target)
    with con:
        return _computer()(con, moment, editions)


@dataclass(frozen=True)
class Move:
    """A public figure a change would move."""
    edition: int
    metric: str
    dimension: str
    before: float
    after: float

    @property
    def figure(self) -> str:
        return f"{self.metric}.{self.dimension}" if self.dimension else self.metric

    def __str__(self) -> str:
        return f"edition {self.edition} {self.figure}: {_number(self.before)} -> " \
               f"{_number(self.after)}"


def _number(value: float) -> str:
    return f"{value:g}"


def public_moves(before: pd.DataFrame | None, after: pd.DataFrame | None) -> list[Move]:
    """The figures public both before and after whose value differs."""
    if before is None or after is None or before.empty or after.empty:
        return []
    keys = ["edition", "metric", "dimension"]
    both = before[before["public"]].merge(after[after["public"]], on=keys,
                                          suffixes=("_before", "_after"))
    moved = both[both["value_before"] != both["value_after"]]
    return [Move(int(row.edition), str(row.metric), str(row.dimension), float(row.value_before),
                 float(row.value_after)) for row in moved.itertuples(index=False)]


class ReasonNeeded(ImportRefused):
    """The change would move public figures and says no reason: nothing was written."""

    def __init__(self, moves: list[Move]):
        self.moves = moves
        super().__init__([Problem(f"edition {m.edition}", None, m.figure, None,
                                  "public_figure_moves", before=_number(m.before),
                                  after=_number(m.after)) for m in moves])

    def lines(self, option: str = "--reason TEXT") -> list[str]:
        """What the CLI says: one line per figure, then what to do."""
        return [str(m) for m in self.moves] + [
            f"these figures are already public: say why they change with {option}"]


@dataclass
class Release:
    """One release about to be written: the history row's reason and moment, and the figures
    of the new tables beside their values just before (previous_*)."""
    reason: str | None
    moment: datetime
    figures: pd.DataFrame | None
    moves: list[Move]


def prepare(target, new_tables: dict[str, pd.DataFrame], reason: str | None,
            editions: Editions, check: bool = True, require: bool = True) -> Release:
    """The release a write of `new_tables` over the database at `target` makes: the figures of
    the `editions` it touches (None: every one; a change leaves the others' figures as they
    were, so a figure's history holds the releases that could move it). Refused
    (ReasonNeeded) when it moves a public figure and `reason` is empty, unless not `require`d
    (a dry run lists the moves). `check` False for a fresh start (a build, the first import
    over the sample), which moves nothing."""
    moment = access.now()
    after = figures_of(new_tables, moment, editions)
    reason = (reason or "").strip() or None
    moves: list[Move] = []
    before = None
    if check:
        before = figures_in(target, moment, editions) if target.is_file() else None
        moves = public_moves(before, after)
        if moves and not reason and require:
            raise ReasonNeeded(moves)
    return Release(reason, moment, _beside(after, before), moves)


def _beside(after: pd.DataFrame, before: pd.DataFrame | None) -> pd.DataFrame:
    """Each figure after the change with its value and publicness just before it."""
    keys = ["edition", "metric", "dimension"]
    if before is None or before.empty:
        return after.assign(previous_value=float("nan"), previous_public=None)
    earlier = before[[*keys, "value", "public"]].rename(
        columns={"value": "previous_value", "public": "previous_public"})
    return after.merge(earlier, on=keys, how="left")


def history_with(history: pd.DataFrame, release: Release) -> pd.DataFrame:
    """The history's last row (this release) with its reason and moment."""
    history = history.copy()
    if "reason" not in history.columns:
        history["reason"] = None
    if "released_at" not in history.columns:
        history["released_at"] = pd.NaT
    last = history.index[-1]
    history["reason"] = history["reason"].astype("object")
    history.loc[last, "reason"] = release.reason
    history["released_at"] = pd.to_datetime(history["released_at"], utc=True)
    history.loc[last, "released_at"] = pd.Timestamp(release.moment).tz_convert("UTC")
    return history


def figures_with(previous: pd.DataFrame, release: Release, import_id: int) -> pd.DataFrame:
    """The release figures table with this release's figures added."""
    if release.figures is None or release.figures.empty:
        return previous
    added = release.figures.assign(import_id=import_id)[list(RELEASE_COLUMNS)]
    if previous.empty:
        return added.reset_index(drop=True)
    return pd.concat([previous[list(RELEASE_COLUMNS)], added], ignore_index=True)


def current_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The release figures of a database (none in one written before schema 3)."""
    if "release_figures" not in db.table_names(con):
        return empty()
    return con.execute("select * from release_figures").df()
