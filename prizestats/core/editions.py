"""One edition of the prize and its dates: the one type the page frame, the press kit, the digest
and the edition forms share (rather than unpacking a row of the editions query in each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from prizestats.core import access
from prizestats.core.times import optional_moment

FIRST_YEAR = 2023  # edition 1; an edition without a row in editions is dated from it


def year_of(number: int) -> int:
    """The year of an edition that has no dates recorded (the prize is yearly since 2023)."""
    return FIRST_YEAR - 1 + number


@dataclass(frozen=True)
class Edition:
    number: int
    year: int
    call_opens_at: datetime | None = None
    call_closes_at: datetime | None = None
    finalists_announced_at: datetime | None = None
    ceremony_at: datetime | None = None
    venue: str | None = None
    note: str | None = None

    @property
    def finalists_public_at(self) -> datetime | None:
        """Finalists are public from their announcement, else from the ceremony."""
        return self.finalists_announced_at or self.ceremony_at

    def embargoed(self, as_of: datetime, public: bool = True) -> frozenset[str]:
        """The results ("finalists", "winners") a public viewer may not see yet at as_of."""
        if not public:
            return frozenset()
        return access.embargoed_metrics(as_of, self.finalists_public_at, self.ceremony_at)

    def embargo_until(self, as_of: datetime, public: bool = True
                      ) -> dict[str, datetime | None]:
        """Each result under embargo at as_of, with the moment it is announced (None: unknown)."""
        moments = {"finalists": self.finalists_public_at, "winners": self.ceremony_at}
        return {metric: moments[metric] for metric in self.embargoed(as_of, public)}

    def call_open(self, as_of: datetime) -> bool:
        return self.call_closes_at is not None and as_of < self.call_closes_at


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) or value == "" else str(value)


def from_row(row: pd.Series | dict) -> Edition:
    """An Edition from a row of the editions query (or table)."""
    return Edition(
        number=int(row["edition"]), year=int(row["year"]),
        call_opens_at=optional_moment(row.get("call_opens_at")),
        call_closes_at=optional_moment(row.get("call_closes_at")),
        finalists_announced_at=optional_moment(row.get("finalists_announced_at")),
        ceremony_at=optional_moment(row.get("ceremony_at")),
        venue=_text(row.get("venue")), note=_text(row.get("note")))


def all_editions(frame: pd.DataFrame) -> dict[int, Edition]:
    """Every edition of the editions query, by number."""
    return {int(row["edition"]): from_row(row) for _, row in frame.iterrows()}


def edition(frame: pd.DataFrame, number: int) -> Edition:
    """The edition of that number, or one with no dates when the database has none for it."""
    return all_editions(frame).get(number) or Edition(number, year_of(number))
