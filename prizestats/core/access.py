"""Who is looking, what time it is, and so what they may see (design "Roles", contract "Embargo").

Pure functions: the Streamlit edge (st.user, st.secrets) calls them from frame.py.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping
from datetime import datetime

import idna

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


ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _passes_for_ascii(text: str) -> bool:
    """Whether a character that is not ASCII folds, maps or changes case into ASCII (the long s
    to s, ß to ss, the Kelvin sign to k, fullwidth letters): written to pass for another address
    wherever Unicode rules compare them."""
    return any(not c.isascii() and any(f.isascii() for f in unicodedata.normalize("NFKC", c)
                                       + c.casefold() + c.upper() + c.lower())
               for c in text)


def normalise_domain(text: str) -> str | None:
    """A domain as addresses are compared: its ASCII (IDNA 2008) form, ASCII letters in lower
    case; None when it is not a valid IDNA domain."""
    if _passes_for_ascii(text):
        return None
    try:
        return idna.encode(text.translate(ASCII_LOWER), uts46=False).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return None


def normalise_address(text: str | None) -> str | None:
    """An email address as the role map and the digest's recipients compare it: the local part
    as written with ASCII letters lowered (never Unicode case folding, which makes the long s an s), the
    domain by normalise_domain. None when it is not one, or is written to pass for another."""
    local, at, domain = (text or "").strip().rpartition("@")
    if not at or not local or "@" in local or _passes_for_ascii(local):
        return None
    domain = normalise_domain(domain)
    return f"{local.translate(ASCII_LOWER)}@{domain}" if domain else None


def email_verified(claim: object) -> bool:
    """What a login provider's email_verified claim says: no claim vouches for nothing more than
    the login itself; a claim counts only as true (some providers send it as text)."""
    return claim is None or claim is True or (isinstance(claim, str)
                                              and claim.strip().lower() == "true")


def role_for_email(email: str | None, role_map: Mapping[str, str],
                   verified: object = None) -> str:
    """An exact email beats a whole domain ("@example.org"); anyone else is press, and so is an
    address the login provider says it has not verified (verified: its email_verified claim)."""
    address = normalise_address(email)
    if address is None or not email_verified(verified):
        return "press"
    table = {}
    for key, value in role_map.items():
        key = key.strip()
        normal = ("@" + (normalise_domain(key[1:]) or "") if key.startswith("@")
                  else normalise_address(key))
        if normal and normal != "@":  # a key that is not an address names no one
            table[normal] = value
    role = table.get(address)
    if role is None:
        role = table.get("@" + address.rpartition("@")[2])
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
                 server_address: str = "127.0.0.1", email_verified: object = None) -> str:
    """Public mode: press, whatever else is set. With login: by the role map. Else local."""
    if public:
        return "press"
    if login_configured:
        return role_for_email(email, role_map, email_verified) if logged_in else "press"
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
