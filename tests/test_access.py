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


def signed_in(page: str, email: str | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x", "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "http://127.0.0.1:1/.well-known/openid"}
    at.secrets["prizestats"] = {"roles": ROLE_MAP}
    if email:
        at.user = {"is_logged_in": True, "email": email, "name": "Test"}
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
