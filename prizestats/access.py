"""Who is looking, what time it is, and so what they may see (data-contract "Embargo")."""

from __future__ import annotations

import os
from datetime import datetime

from prizestats.times import parse_datetime

ROLES = ("organiser", "wego", "press")


class AccessError(ValueError):
    pass


def now() -> datetime:
    """The real clock, or PRIZESTATS_NOW in tests. Never taken from a URL."""
    fixed = os.environ.get("PRIZESTATS_NOW")
    if fixed:
        return parse_datetime(fixed)
    return datetime.now().astimezone()


def viewer_role() -> str:
    """A local run is one organiser; PRIZESTATS_ROLE=press or wego views the app as them."""
    role = os.environ.get("PRIZESTATS_ROLE", "organiser").strip().lower()
    if role not in ROLES:
        raise AccessError(f"PRIZESTATS_ROLE={role!r}: expected one of {', '.join(ROLES)}")
    return role


def sees_embargoed(role: str) -> bool:
    return role == "organiser"


def effective_as_of(as_of: datetime, role: str) -> datetime:
    """Everyone but organisers sees results at min(T, now): never the future."""
    return as_of if sees_embargoed(role) else min(as_of, now())
