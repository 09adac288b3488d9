"""What the Overview and Results say at each state of an edition, as organiser and press, in
English and Korean (data contract, "What may be said"): no stated zero for a stage not reached,
no change against an unequal period, no ✓/≠ against a figure not yet final, no "0 won"."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

# The sample's edition 4 (call 13 Feb - 29 May 2026, ceremony 6 Oct 2026) and edition 3 (call to
# 30 May 2025, finalists public 24 Aug 2025, ceremony 30 Sep 2025 17:30).
MOMENTS = {
    "before the call": ("2026-02-12T12:00:00+09:00", "4"),
    "day 1": ("2026-02-13T12:00:00+09:00", "4"),
    "mid-call": ("2026-05-01T12:00:00+09:00", "4"),
    "closed, screening under way": ("2025-06-15T12:00:00+09:00", "3"),
    "finalists announced": ("2025-09-01T12:00:00+09:00", "3"),
    "after the ceremony": ("2025-09-30T18:00:00+09:00", "3"),
    "a year later": ("2026-09-30T12:00:00+09:00", "3"),
}


def overview(monkeypatch, sample_db, moment: str, edition: str, role: str, lang: str,
             page: str = "overview") -> AppTest:
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    monkeypatch.setenv("PRIZESTATS_NOW", moment)
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = AppTest.from_file(str(ROOT / f"pages/{page}.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.query_params["edition"] = edition
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def cards(at: AppTest) -> dict[str, tuple[str, str, str]]:
    return {m.label: (m.value, m.proto.delta, m.proto.delta_description) for m in at.metric}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("role", ["organiser", "press"])
@pytest.mark.parametrize("name", list(MOMENTS))
def test_the_overview_states_only_what_is_known(monkeypatch, sample_db, name, role, lang):
    moment, edition = MOMENTS[name]
    at = overview(monkeypatch, sample_db, moment, edition, role, lang)
    shown = cards(at)
    labels = {"en": ["Entries", "Countries", "Cities", "Eligible", "Finalists", "Winners"],
              "ko": ["접수", "국가", "도시", "적격", "본선 진출", "수상"]}[lang]
    assert list(shown) == labels
    entries, countries, cities, eligible, _finalists, winners = (shown[k] for k in labels)
    unknown = {"before the call": 6, "day 1": 3, "mid-call": 3,
               "closed, screening under way": 2, "finalists announced": 1,
               "after the ceremony": 0, "a year later": 0}[name]
    # a stage not reached (or a result under embargo) is a dash, never a 0
    assert [value for value, _, _ in shown.values()][6 - unknown:] == ["—"] * unknown
    marks = " ".join(m.value for m in at.markdown if m.value.startswith(":small"))
    if name in ("before the call", "day 1", "mid-call"):
        # provisional counts: compared only at the same point of the last call, and only by
        # organisers (the intake curve); never with its final count, never a ✓ or ≠
        same_point = {"en": "vs 2025 at the same point", "ko": "2025년 같은 시점 대비"}[lang]
        assert {description for _, _, description in (entries, countries, cities)} <= {
            "", same_point}
        assert countries[1] == cities[1] == ""
        assert "≠" not in marks
        assert "✓" not in marks
    if name == "before the call":
        assert entries[1] == ""  # the 2025 call had not opened 106 days before its deadline
    if name == "mid-call" and role == "organiser":
        assert entries == ("103", "+38", same_point)
    if name == "mid-call" and role == "press":
        assert entries == ("103", "", "")
    if name == "closed, screening under way":
        # screening under way: eligible is provisional and not set against 2024's final count
        assert eligible == ("60", "", "")
        assert entries[2] == {"en": "vs 2024", "ko": "2024년 대비"}[lang]
    if name == "a year later":
        assert winners == ("21", "+1", {"en": "vs 2024", "ko": "2024년 대비"}[lang])


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("role", "moment", "expected"), [
    ("press", "2025-09-01T12:00:00+09:00",
     {"en": "Finalists: 45; who won is under embargo until 30 September 2025, 17:30 KST.",
      "ko": "본선 진출 45건. 수상: 2025년 9월 30일 오후 5시 30분까지 엠바고."}),
    ("organiser", "2025-09-01T12:00:00+09:00",
     {"en": "Finalists: 45. The winners are not chosen yet.",
      "ko": "본선 진출 45건. 수상작은 아직 정해지지 않았습니다."}),
    ("press", "2025-09-30T17:30:00+09:00",
     {"en": "Finalists: 45, of whom 21 won an award.", "ko": "본선 진출 45건, 그중 수상 21건."}),
])
def test_results_never_say_none_won_before_the_winners_are_known(monkeypatch, sample_db, lang,
                                                                  role, moment, expected):
    at = overview(monkeypatch, sample_db, moment, "3", role, lang, page="results")
    counts = [c.value for c in at.caption if re.search("45", c.value)]
    assert counts == [expected[lang]]


@pytest.mark.parametrize(("page", "moment", "edition", "lang", "expected"), [
    ("overview", "2026-05-01T12:00:00+09:00", "4", "en",
     "Screening not yet done: 103 entries received"),
    ("overview", "2026-05-01T12:00:00+09:00", "4", "ko", "103건 접수, 심사 전"),
    ("stages", "2026-05-01T12:00:00+09:00", "4", "en",
     "Screening not yet done: 103 entries received|No rates yet: screening not yet done"),
    ("stages", "2026-05-01T12:00:00+09:00", "4", "ko",
     "103건 접수, 심사 전|심사 전이라 적격률과 본선 진출률이 아직 없습니다"),
    ("overview", "2026-02-12T12:00:00+09:00", "4", "en", "The call for entries has not opened yet"),
])
def test_no_chart_states_a_zero_for_a_stage_not_reached(monkeypatch, sample_db, page, moment,
                                                        edition, lang, expected):
    at = overview(monkeypatch, sample_db, moment, edition, "organiser", lang, page=page)
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ")
              for c in at.get("plotly_chart")]
    for title in expected.split("|"):
        assert title in titles
    stage_words = ("passed screening", "reached the final", "심사를 통과", "본선에 진출")
    assert not [t for t in titles if any(w in t for w in stage_words)]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "In 2026 so far (the call is still open), 103 entries from 47 countries"),
    ("ko", "2026년 현재까지(접수 중) 47개국에서 103건이 접수됐습니다"),
])
def test_trends_set_an_open_call_against_no_finished_edition(monkeypatch, sample_db, lang,
                                                            expected):
    at = overview(monkeypatch, sample_db, "2026-05-01T12:00:00+09:00", "4", "organiser", lang,
                  page="trends")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == expected
    assert [trace["name"] for trace in spec["data"]][-1] == {"en": "2026 (so far)",
                                                           "ko": "2026년(접수 중)"}[lang]
