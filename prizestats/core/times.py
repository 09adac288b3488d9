"""Time zone and date-time parsing shared by the importer, the CLI and the pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

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


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def microseconds(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def floor_moment(moments_us, as_of: datetime) -> datetime:
    """The latest of `moments_us` (sorted microseconds since 1970) at or before `as_of`, or one
    microsecond before the first when none is. Every as-of rule compares as-of with those
    moments only, so the floor gives the same answer as `as_of` itself: one cached result then
    serves every as-of up to the next moment instead of one minute of "now"."""
    import numpy as np

    if len(moments_us) == 0:
        return EPOCH
    index = int(np.searchsorted(moments_us, microseconds(as_of), side="right")) - 1
    value = int(moments_us[index]) if index >= 0 else int(moments_us[0]) - 1
    return EPOCH + timedelta(microseconds=value)
