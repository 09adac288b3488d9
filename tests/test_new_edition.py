"""A new edition opens before its call (issue 30, 8): an edition with its dates and no entries
yet (added with "Add an edition") is one to choose; its pages say when its call opens."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from prizestats.core.reference import SAMPLE_DIR
from prizestats.store import build

# the fifth edition, as the Data page's "Add an edition" records it: dates, no entries
FIFTH = {"edition": "5", "year": "2027", "call_opens_at": "2027-02-15T00:00:00+09:00",
         "call_closes_at": "2027-05-31T23:59:59+09:00", "finalists_announced_at": "",
         "ceremony_at": "2027-10-05T17:00:00+09:00", "venue": "COEX, Seoul", "note": ""}


@pytest.fixture(scope="module")
def five_editions(tmp_path_factory) -> Path:
    """The sample's four editions and a fifth (2027) with its dates and no entries."""
    folder = tmp_path_factory.mktemp("five_editions")
    for name in ("submissions.csv", "editions.csv"):
        shutil.copy(SAMPLE_DIR / name, folder / name)
    with (folder / "editions.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(build.EDITION_COLUMNS)).writerow(FIFTH)
    path = tmp_path_factory.mktemp("five_editions_db") / "five.duckdb"
    build.build(folder, path)
    return path


@pytest.fixture(autouse=True)
def environment(monkeypatch, five_editions):
    monkeypatch.setenv("PRIZESTATS_DB", str(five_editions))
    monkeypatch.setenv("PRIZESTATS_NOW", "2026-12-01T12:00:00+09:00")  # before its call
    monkeypatch.delenv("PRIZESTATS_ROLE", raising=False)


def page(name: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def said(at: AppTest) -> list[str]:
    return [str(e.value) for kind in ("info", "warning", "error", "markdown", "caption")
            for e in at.get(kind)]


def title(chart) -> str:
    return json.loads(chart.proto.spec)["layout"]["title"]["text"].replace("<br>", " ")


def test_the_default_stays_the_latest_edition_with_entries():
    at = page("overview")
    assert at.sidebar.selectbox[0].value == 4
    assert at.sidebar.selectbox[0].options[-1] == "2027 (fifth edition)"


def test_a_new_edition_opens_and_says_when_its_call_opens():
    at = page("overview", edition="5")
    assert not at.exception
    assert at.sidebar.selectbox[0].value == 5
    assert not any("no such edition" in s for s in said(at))
    assert ("The call for entries of the fifth Seoul Smart City Prize opens on "
            "15 February 2027.") in said(at)
    assert title(at.get("plotly_chart")[2]) == "The call for entries has not opened yet"


def test_a_new_edition_in_korean():
    at = page("overview", edition="5", lang="ko")
    assert "제5회 서울 스마트도시 상 공모 접수는 2027년 2월 15일에 시작된다." in said(at)


def test_intake_before_the_call_shows_the_earlier_editions_curves_to_come():
    at = page("intake", edition="5")
    assert not at.exception
    chart = at.get("plotly_chart")[0]
    assert title(chart) == ("The call for 2027 opens on 15 February 2027: the earlier "
                            "editions' curves show what is to come")
    lines = [trace["name"] for trace in json.loads(chart.proto.spec)["data"]]
    assert lines == ["2023", "2024", "2025", "2026"]


def test_trends_set_only_editions_with_entries_side_by_side():
    at = page("trends")
    assert not at.exception
    assert "2027 (fifth edition)" not in at.sidebar.multiselect[0].options
