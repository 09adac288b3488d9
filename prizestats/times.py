"""Time zone and date-time parsing shared by the importer, the CLI and the pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

# Seoul has kept UTC+9 without daylight saving since 1988, so a fixed offset is exact here
# and needs no time-zone database on the machine.
KST = timezone(timedelta(hours=9), "KST")


def parse_datetime(text: str) -> datetime:
    """ISO 8601; no offset means Asia/Seoul. Raises ValueError."""
    moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    return moment if moment.tzinfo else moment.replace(tzinfo=KST)


def end_of_day(day: datetime) -> datetime:
    return day.replace(hour=23, minute=59, second=59, microsecond=999999, tzinfo=KST)


def parse_as_of(text: str) -> datetime:
    """A date alone means the end of that day in Asia/Seoul (data-contract "As of")."""
    text = text.strip()
    if len(text) == 10:
        return end_of_day(datetime.fromisoformat(text))
    return parse_datetime(text)


def optional_moment(value: object) -> datetime | None:
    """A timestamp cell of a DataFrame as a datetime, or None when empty (None, NaT, NaN)."""
    import pandas as pd

    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()
