"""Roles: the role map, login, public mode; organiser pages refused to everyone else."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from prizestats.core import access

ROLE_MAP = {"kim@seoul.go.kr": "organiser", "@seoul.go.kr": "wego", "@wego-cities.org": "wego",
            "lee@wego-cities.org": "press", "odd@example.org": "king"}


@pytest.mark.parametrize(("email", "role"), [
    ("kim@seoul.go.kr", "organiser"),       # an exact email beats its domain
    ("KIM@Seoul.go.kr ", "organiser"),      # compared without case or spaces
    ("park@seoul.go.kr", "wego"),           # the whole domain
    ("lee@wego-cities.org", "press"),       # exact beats domain, downwards too
    ("someone@gmail.com", "press"),         # unknown: press
    ("odd@example.org", "press"),           # a role that does not exist: press
    ("", "press"), (None, "press"),
])
def test_role_for_email(email, role):
    assert access.role_for_email(email, ROLE_MAP) == role


# Addresses written to pass for an organiser's wherever Unicode case folding compares them.
LOOKALIKE_MAP = {"kim@wego-cities.org": "organiser", "strasse@wego-cities.org": "organiser",
                 "@wego-cities.org": "wego", "@seoul.go.kr": "organiser",
                 "@strasse.example": "organiser", "@서울.kr": "organiser"}
KELVIN = "\u212a"  # the Kelvin sign, which folds to k


@pytest.mark.parametrize(("email", "role"), [
    ("attacker@\u017feoul.go.kr", "press"),      # the long s, which folds to s
    ("\u017ftrasse@wego-cities.org", "press"),
    ("stra\u00dfe@wego-cities.org", "press"),      # ß, which folds to ss
    ("x@stra\u00dfe.example", "press"),
    (f"{KELVIN}im@wego-cities.org", "press"),
    (f"x@seoul.go.{KELVIN}r", "press"),
    ("\uff4b\uff49\uff4d@wego-cities.org", "press"),  # fullwidth letters
    ("x@\uff53\uff45\uff4f\uff55\uff4c.go.kr", "press"),
    ("KIM@WEGO-Cities.org", "organiser"),        # ASCII letters still compare without case
    ("Strasse@wego-cities.ORG", "organiser"),
    ("park@Seoul.GO.kr", "organiser"),
    ("user@서울.kr", "organiser"),                # an IDNA domain, as written or as its A-label
    ("user@xn--2i4bq6h.kr", "organiser"),
    ("user@xn--zz.kr", "press"),                 # not a valid A-label
    ("user@seoul..go.kr", "press"),
    ("user@seoul_go.kr", "press"),
])
def test_addresses_are_compared_as_addresses(email, role):
    assert access.role_for_email(email, LOOKALIKE_MAP) == role


@pytest.mark.parametrize(("text", "normal"), [
    (" KIM@Seoul.GO.kr ", "kim@seoul.go.kr"),
    ("user@서울.kr", "user@xn--2i4bq6h.kr"),
    ("user@XN--2I4BQ6H.kr", "user@xn--2i4bq6h.kr"),
    ("김민수@seoul.go.kr", "김민수@seoul.go.kr"),    # a local part that is not ASCII, as written
    ("attacker@\u017feoul.go.kr", None), (f"{KELVIN}im@seoul.go.kr", None),
    ("stra\u00dfe@seoul.go.kr", None), ("user@xn--zz.kr", None), ("@seoul.go.kr", None),
    ("a@b@seoul.go.kr", None), ("seoul.go.kr", None), ("", None), (None, None),
])
def test_normalise_address(text, normal):
    assert access.normalise_address(text) == normal


def test_a_role_map_key_names_its_domain_in_either_form():
    assert access.role_for_email("user@서울.kr", {"@xn--2i4bq6h.kr": "organiser"}) == "organiser"
    assert access.role_for_email("user@xn--2i4bq6h.kr", {"@서울.kr": "organiser"}) == "organiser"
    # a key that is not an address names no one, not every address
    assert access.role_for_email("x@seoul.go.kr", {"@\u017feoul.go.kr": "organiser"}) == "press"


@pytest.mark.parametrize(("claim", "role"), [
    (None, "organiser"), (True, "organiser"), ("true", "organiser"),
    (False, "press"), ("false", "press"), ("", "press"), (0, "press")])
def test_an_address_the_provider_has_not_verified_is_press(claim, role):
    assert access.role_for_email("kim@seoul.go.kr", ROLE_MAP, claim) == role


@pytest.mark.parametrize("recipient", [
    "attacker@\u017feoul.go.kr", f"x@seoul.go.{KELVIN}r", "x@xn--zz.kr"])
def test_the_digest_refuses_a_lookalike_recipient(recipient):
    from pathlib import Path

    from prizestats.outputs import digest, mail

    with pytest.raises(digest.DigestError, match="not a valid IDNA domain, or it has letters "
                                                 "that pass for ASCII ones"):
        mail.recipients([recipient], {"@seoul.go.kr": "organiser"}, Path("secrets.toml"))
    assert [a.addr_spec for a in mail.recipients(
        ["KIM@Seoul.go.kr", "kim@seoul.go.kr"], {"@seoul.go.kr": "organiser"},
        Path("secrets.toml"))] == ["KIM@Seoul.go.kr"]  # one address, written either way


@pytest.mark.parametrize(("settings", "env_role", "role"), [
    ({"public": True, "login_configured": True, "logged_in": True,
      "email": "kim@seoul.go.kr"}, "organiser", "press"),
    ({"public": False, "login_configured": True, "logged_in": False, "email": None},
     "organiser", "press"),
    ({"public": False, "login_configured": True, "logged_in": True,
      "email": "kim@seoul.go.kr"}, "press", "organiser"),
    ({"public": False, "login_configured": False, "logged_in": False, "email": None},
     "wego", "wego"),
])
def test_resolve_role(monkeypatch, settings, env_role, role):
    monkeypatch.setenv("PRIZESTATS_ROLE", env_role)
    assert access.resolve_role(role_map=ROLE_MAP, **settings) == role


def test_a_bad_local_role_is_an_error(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_ROLE", "admin")
    with pytest.raises(access.AccessError, match="PRIZESTATS_ROLE='admin'"):
        access.local_role()


@pytest.fixture(autouse=True)
def sample_environment(monkeypatch, sample_db):
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    for name in ("PRIZESTATS_ROLE", "PRIZESTATS_NOW", "PRIZESTATS_PUBLIC",
                 "PRIZESTATS_ALLOW_SAMPLE"):
        monkeypatch.delenv(name, raising=False)


def signed_in(page: str, email: str | None, **claims) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x", "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "http://127.0.0.1:1/.well-known/openid"}
    at.secrets["prizestats"] = {"roles": ROLE_MAP}
    if email:
        at.user = {"is_logged_in": True, "email": email, "name": "Test", **claims}
    at.query_params["edition"] = "3"
    return at.run()


@pytest.mark.parametrize(("email", "refused"), [
    ("kim@seoul.go.kr", False), ("park@seoul.go.kr", True), ("x@gmail.com", True),
    (None, True)])
def test_intake_by_signed_in_role(email, refused):
    at = signed_in("pages/intake.py", email)
    assert bool(at.error) == refused
    assert (len(at.get("plotly_chart")) == 0) == refused


def test_signed_in_user_is_shown_with_a_log_out_button():
    at = signed_in("pages/overview.py", "park@seoul.go.kr")
    # markdown escaped: no mailto link, shown as the address
    assert "Signed in as park\\@\u2060seoul\\.go\\.kr" in [c.value for c in at.sidebar.caption]
    assert "Viewing as: WeGO" in [c.value for c in at.sidebar.caption]
    assert [b.label for b in at.sidebar.button] == ["Log out"]


@pytest.mark.parametrize(("email", "claims", "role"), [
    ("kim@seoul.go.kr", {"email_verified": False}, "press"),
    ("kim@seoul.go.kr", {"email_verified": True}, "organiser"),
    ("kim@seoul.go.kr", {}, "organiser"),          # a provider that sends no such claim
    ("attacker@\u017feoul.go.kr", {}, "press"),    # not wego, as @seoul.go.kr would make it
])
def test_the_signed_in_role_needs_a_verified_plain_address(email, claims, role):
    at = signed_in("pages/overview.py", email, **claims)
    label = {"organiser": "organisers", "press": "press"}[role]
    assert f"Viewing as: {label}" in [c.value for c in at.sidebar.caption]
    intake = signed_in("pages/intake.py", email, **claims)
    assert bool(intake.error) == (role != "organiser")


def test_anonymous_visitor_gets_a_log_in_button():
    at = signed_in("pages/overview.py", None)
    assert [b.label for b in at.sidebar.button] == ["Log in"]
    assert "Viewing as: press" in [c.value for c in at.sidebar.caption]


def test_wego_sees_no_applicant_names_before_the_ceremony(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_NOW", "2025-09-30T17:29:59+09:00")
    table = signed_in("pages/results.py", "park@seoul.go.kr").dataframe[0].value
    assert set(table["Applicant"]) == {""}
    assert set(table["Award"]) == {""}


def test_public_mode_refuses_the_sample(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_PUBLIC", "1")
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60).run()
    assert "This public deployment holds the sample database" in at.error[0].value
    assert len(at.metric) == 0


def test_public_mode_with_the_sample_allowed_says_so_and_ignores_the_role(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_PUBLIC", "1")
    monkeypatch.setenv("PRIZESTATS_ALLOW_SAMPLE", "1")
    monkeypatch.setenv("PRIZESTATS_ROLE", "organiser")
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60).run()
    assert at.info[0].value == "Sample data — not real results."
    assert "Viewing as: press" in [c.value for c in at.sidebar.caption]
    refused = AppTest.from_file(str(ROOT / "pages/data.py"), default_timeout=60).run()
    assert refused.error[0].value == "This page is for organisers only."
    assert len(refused.get("file_uploader")) == 0


@pytest.mark.parametrize(("address", "role"), [
    ("127.0.0.1", "organiser"), ("localhost", "organiser"), ("0.0.0.0", "press"), ("", "press")])
def test_without_login_only_a_loopback_server_is_an_organiser(address, role):
    assert access.local_role(address) == role
