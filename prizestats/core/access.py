"""Who is looking, what time it is, and so what they may see (design "Roles", contract "Embargo").

Pure functions: the Streamlit edge (st.user, st.secrets) calls them from frame.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from prizestats.core import settings
from prizestats.core.times import parse_datetime

ROLES = ("organiser", "wego", "press")
# What each role may see beyond the published aggregates (checked by pages and queries).
SEES_EMBARGOED = {"organiser"}
SEES_APPLICANT_NAMES = {"organiser"}  # others see only announced winners' names
SEES_EXACT_SMALL_COUNTS = {"organiser"}


class AccessError(ValueError):
    pass


def now() -> datetime:
    """The real clock, or PRIZESTATS_NOW in tests. Never taken from a URL."""
    fixed = settings.fixed_now()
    if fixed:
        return parse_datetime(fixed)
    return datetime.now().astimezone()


def public_mode() -> bool:
    """PRIZESTATS_PUBLIC=1: an anonymous public deployment, press view only."""
    return settings.public_mode()


def sample_allowed_in_public() -> bool:
    return settings.sample_allowed_in_public()


def role_for_email(email: str | None, role_map: Mapping[str, str]) -> str:
    """An exact email beats a whole domain ("@example.org"); anyone else is press."""
    if not email:
        return "press"
    email = email.strip().casefold()
    table = {key.strip().casefold(): value for key, value in role_map.items()}
    role = table.get(email)
    if role is None and "@" in email:
        role = table.get("@" + email.split("@", 1)[1])
    return role if role in ROLES else "press"


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def local_role(server_address: str = "127.0.0.1") -> str:
    """A local run (bound to this computer) is one organiser; PRIZESTATS_ROLE=press or wego
    views it as them. A server reachable from elsewhere without login or a PRIZESTATS_ROLE is
    press: it fails closed, never open."""
    default = "organiser" if server_address in LOOPBACK else "press"
    role = settings.local_role(default)
    if role not in ROLES:
        raise AccessError(f"PRIZESTATS_ROLE={role!r}: expected one of {', '.join(ROLES)}")
    return role


def resolve_role(*, public: bool, login_configured: bool, logged_in: bool,
                 email: str | None, role_map: Mapping[str, str],
                 server_address: str = "127.0.0.1") -> str:
    """Public mode: press, whatever else is set. With login: by the role map. Else local."""
    if public:
        return "press"
    if login_configured:
        return role_for_email(email, role_map) if logged_in else "press"
    return local_role(server_address)


def sees_embargoed(role: str) -> bool:
    return role in SEES_EMBARGOED


def effective_as_of(as_of: datetime, role: str) -> datetime:
    """Everyone but organisers sees results at min(T, now): never the future."""
    return as_of if sees_embargoed(role) else min(as_of, now())


def embargoed_metrics(as_of: datetime, finalists_public_at: datetime | None,
                      ceremony_at: datetime | None) -> frozenset[str]:
    """What the public may not see yet at `as_of`: finalists before their announcement (or the
    ceremony), winners before the ceremony; without a known date, still under embargo."""
    return frozenset(name for name, moment in (("finalists", finalists_public_at),
                                               ("winners", ceremony_at))
                     if moment is None or as_of < moment)
