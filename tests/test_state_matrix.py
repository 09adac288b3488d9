"""What the product says at each state of an edition, as organiser and press, in English and
Korean (data contract, "What may be said"; docs/style.md): every page, the report, the press kit
and the digest at each moment of tests/said.py, read and checked against its rules; then the
Overview, Results, Stages and Trends in detail: no stated zero for a stage not reached, no change
against an unequal period, no ✓/≠ against a figure not yet final, no "0 won"."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

import pytest
import said
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from prizestats.figures import charts, export
from prizestats.outputs import digest, presskit, report
from prizestats.words import i18n

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


# ---------------------------------------------------------------------------------------------
# Every medium at every moment: what is said may be said

PAGES = ["overview", "intake", "regions", "categories", "stages", "results", "trends",
         "entries", "data", "press", "about"]
MOMENT_IDS = [moment.name for moment in said.MOMENTS]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("role", ["organiser", "press"])
@pytest.mark.parametrize("moment", said.MOMENTS, ids=MOMENT_IDS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_only_what_may_be_said(monkeypatch, sample_db, page, moment, role, lang):
    at = overview(monkeypatch, sample_db, moment.at, str(moment.edition), role, lang, page=page)
    texts = said.from_page(at, page)
    assert texts  # the page said something (to press, an organisers' page says it is theirs)
    said.assert_said_well(texts, moment, role, lang)


@pytest.fixture(scope="module")
def signals_db(sample_db, tmp_path_factory):
    """The sample with events on the calls of 2025 and 2026 (public and private, in both
    languages) and alerts on both editions that fire at some of the moments (issue 31)."""
    import shutil

    from prizestats.store import signals

    target = tmp_path_factory.mktemp("matrix_signals") / "prizestats.duckdb"
    shutil.copyfile(sample_db, target)
    for edition, at, kind, text, text_ko, public in (
            ("3", "2025-04-10T15:00", "webinar", "Webinar for WeGO member cities",
             "WeGO 회원 도시 웨비나", False),
            ("3", "2025-05-20", "press_release", "Reminder of the deadline", "마감 안내", True),
            ("4", "2026-02-13", "mailing", "Call announced to WeGO members",
             "WeGO 회원 도시에 공모 안내", False),
            ("4", "2026-04-20", "deadline_extended", "Deadline extension announced",
             "마감 연장 발표", True)):
        signals.add_event(target, {"edition": edition, "at": at, "kind": kind, "text": text,
                                   "text_ko": text_ko, "public": public})
    signals.set_alert(target, {"edition": "3", "pace_below": "-20", "missing_regions": True,
                               "quiet_days": "1"})
    signals.set_alert(target, {"edition": "4", "pace_below": "100", "missing_regions": True,
                               "quiet_days": "1"})
    return target


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("page", "role"), [("intake", "organiser"), ("intake", "press"),
                                            ("data", "organiser"), ("press", "press")])
@pytest.mark.parametrize("moment", said.MOMENTS, ids=MOMENT_IDS)
def test_events_and_alerts_say_only_what_may_be_said(monkeypatch, signals_db, page, role, moment,
                                                     lang):
    at = overview(monkeypatch, signals_db, moment.at, str(moment.edition), role, lang, page=page)
    texts = said.from_page(at, page)
    assert texts
    said.assert_said_well(texts, moment, role, lang)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("moment", said.MOMENTS, ids=MOMENT_IDS)
def test_the_digests_alerts_say_only_what_may_be_said(signals_db, run_on, moment, lang):
    run = run_on(signals_db)
    as_of = datetime.fromisoformat(moment.at)
    figures = digest.intake_figures(run, moment.edition, as_of)
    rendered = digest.render(figures, digest.new_entries(run, moment.edition, None, as_of), lang,
                             "https://prizestats.example/intake")
    alerts = [said.Said("digest alert", "sentence", line) for line in rendered.text.splitlines()
              if line.startswith("! ")]
    assert bool(alerts) == bool(figures.alerts)
    said.assert_said_well(alerts, moment, "organiser", lang)


def _titles_for_svg(figures: list) -> list:
    """The report's charts as their words (the SVG would carry the same title and notes)."""
    from markupsafe import Markup, escape

    return [Markup("<figure>") + escape(charts.finding(figure)) + Markup("</figure>")
            for figure in figures]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("role", ["organiser", "press"])
@pytest.mark.parametrize("moment", said.MOMENTS, ids=MOMENT_IDS)
def test_the_report_says_only_what_may_be_said(sample_db, run_on, moment, role, lang):
    run = run_on(sample_db)
    document = report.Document(run, report._edition(run, moment.edition), lang, role,
                               datetime.fromisoformat(moment.at), is_sample=True)
    html = document.html(draw=_titles_for_svg)
    texts = said.from_html(html, "report")
    texts += [t for section in document.sections() for figure in section.figures
              for t in said.from_figure(figure, f"report {section.anchor}")]
    said.assert_said_well(texts, moment, role, lang)


@pytest.mark.parametrize("moment", said.MOMENTS, ids=MOMENT_IDS)
def test_the_press_kit_says_only_what_may_be_said(sample_db, run_on, tmp_path, monkeypatch,
                                                  moment):
    drawn: list = []
    # the images' words are their figures' (read below); drawing them takes chromium seconds
    monkeypatch.setattr(export, "write_images", lambda jobs: drawn.extend(jobs))
    as_of = datetime.fromisoformat(moment.at)
    presskit.build(run_on(sample_db), tmp_path, moment.edition, ("en", "ko"), as_of, now=as_of,
                   progress=lambda total: presskit.Progress(total, stream=io.StringIO()))
    for lang in ("en", "ko"):
        texts = said.from_html((tmp_path / lang / "index.html").read_text(encoding="utf-8"),
                               f"press kit {lang}")
        texts += [t for figure, path in drawn if path.parent.parent.name == lang
                  for t in said.from_figure(figure, f"press kit {path.name}")]
        texts += [said.Said(f"press kit {lang}/figures.csv", "table", cell)
                  for line in (tmp_path / lang / "figures.csv").read_text(
                      encoding="utf-8-sig").splitlines() for cell in line.split(",")]
        said.assert_said_well(texts, moment, "press", lang)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    english, korean = readme.split("# ", 2)[1:]  # the README says it in each language in turn
    said.assert_said_well(said.from_lines(english, "README"), moment, "press", "en")
    said.assert_said_well(said.from_lines(korean, "README"), moment, "press", "ko")


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("moment", said.MOMENTS, ids=MOMENT_IDS)
def test_the_digest_says_only_what_may_be_said(sample_db, run_on, moment, lang):
    run = run_on(sample_db)
    as_of = datetime.fromisoformat(moment.at)
    figures = digest.intake_figures(run, moment.edition, as_of)
    rendered = digest.render(figures, digest.new_entries(run, moment.edition, None, as_of), lang,
                             "https://prizestats.example/intake")
    texts = [said.Said("digest subject", "sentence", rendered.subject),
             *said.from_lines(rendered.text, "digest text"),
             *said.from_html(rendered.html, "digest html"),
             *[t for figure in rendered.figures.values()
               for t in said.from_figure(figure, "digest chart")]]
    # A daily message names its own day: the subject and the window of new entries end at the
    # moment it is sent. Everything else, its figures' "as of" above all, is dated by the
    # edition (a year later: the ceremony, not the day it is read).
    own_day = [t for t in texts if t.text == rendered.subject
               or f"{i18n.moment(as_of, lang)}까지" in t.text  # the window's end
               or f"to {i18n.moment(as_of, lang)}" in t.text]
    assert len(own_day) >= 3  # the subject, the HTML's title, the window in text and HTML
    said.assert_said_well([t for t in texts if t not in own_day], moment, "organiser", lang)


# ---------------------------------------------------------------------------------------------
# The rules themselves: each finds what the issue found, and passes what may be said

AT = {moment.name: moment for moment in said.MOMENTS}


@pytest.mark.parametrize(("moment", "role", "lang", "kind", "text", "rule"), [
    ("mid-call", "press", "en", "card", "Eligible: 0", "a 0 stated for eligible, not known yet"),
    ("mid-call", "press", "en", "sentence", "Of 103 entries, 0 passed screening",
     "a 0 stated for eligible, not known yet"),
    ("mid-call", "press", "en", "sentence", "Eligible rate by region: highest for Asia (0%)",
     "nothing is highest at 0"),
    ("finalists announced", "press", "en", "sentence", "Finalists: 45, of whom 0 won an award.",
     "a 0 stated for winners, not known yet"),
    ("finalists announced", "press", "ko", "sentence", "본선 진출 45건, 그중 수상 0건.",
     "a 0 stated for winners, not known yet"),
    ("before the call", "organiser", "en", "sentence",
     "The fourth Seoul Smart City Prize had received 0 entries from 0 cities in 0 countries.",
     "a 0 stated for entries, not known yet"),
    ("mid-call", "organiser", "en", "change", "-117 vs 2025",
     "an open call's count set against an unequal period"),
    ("mid-call", "organiser", "en", "sentence", "In 2026, 103 entries (117 fewer than in 2025)",
     "an open call's count set against an unequal period"),
    ("mid-call", "organiser", "ko", "sentence", "2026년에는 103건(2025년보다 117건 적음)",
     "an open call's count set against an unequal period"),
    ("mid-call", "press", "en", "change", "+38 vs 2025 at the same point",
     "press see no change of an open call"),
    ("a year later", "press", "en", "sentence", "Asia led in Human-CentriCity at 29\u201329",
     "a lead stated over a tie"),
    ("a year later", "press", "en", "sentence", "Finalist rate by region: highest for Oceania (<3 of 2)",
     "a rate ranked on a base under 10"),
    ("a year later", "press", "en", "sentence",
     "Figures as of 30 September 2026, 12:00 KST.",
     "a closed edition dated by the day it is read"),
    ("a year later", "press", "ko", "sentence", "2026년 9월 30일 낮 12시 기준",
     "a closed edition dated by the day it is read"),
    ("after the ceremony", "press", "en", "sentence", "as of 7 December 2026, 23:36:46 KST",
     "seconds in a moment"),
    ("after the ceremony", "press", "ko", "sentence", "접수 마감은 18시",
     "오후 and a 12-hour clock, not a 24-hour clock"),
    ("after the ceremony", "press", "en", "sentence", "the 3rd Seoul Smart City Prize",
     "ordinals first to ninth in words"),
    ("after the ceremony", "press", "en", "sentence", "220 entries (+4 against 2024)",
     "no signed numbers in sentences"),
    ("after the ceremony", "press", "en", "table", "2,023",
     "a year with a thousands separator"),
    ("after the ceremony", "organiser", "ko", "table", "call_opens_at",
     "a raw name or ISO date on a Korean page"),
    ("closed, screening under way", "organiser", "en", "sentence",
     "Of 220 entries, 60 passed screening", "a screening under way stated as done"),
    ("closed, screening under way", "press", "ko", "sentence",
     "220건 중 60건이 적격 심사를 통과했습니다", "a screening under way stated as done"),
    ("closed, screening under way", "press", "en", "sentence",
     "Eligible rate by region: highest for South America (35.7%)",
     "a screening under way stated as done"),
])
def test_each_rule_finds_what_may_not_be_said(moment, role, lang, kind, text, rule):
    found = said.broken([said.Said("here", kind, text)], AT[moment], role, lang)
    assert rule in [why for why, _ in found]


@pytest.mark.parametrize(("moment", "role", "lang", "kind", "text"), [
    ("finalists announced", "press", "en", "sentence",
     "Finalists: 45; who won is under embargo until 30 September 2025, 17:30 KST."),
    ("finalists announced", "press", "ko", "sentence",
     "본선 진출 45건. 수상: 2025년 9월 30일 오후 5시 30분까지 엠바고."),
    ("mid-call", "organiser", "en", "change", "+38 vs 2025 at the same point"),
    ("mid-call", "organiser", "en", "sentence",
     "Entries for 2026: 103 with 28 days to the deadline, 58.5% more than at the same point in "
     "2025 (65 then)"),
    ("mid-call", "organiser", "ko", "sentence",
     "2026년 접수: 마감 28일 전 103건, 2025년 같은 시점보다 58.5% 많음(당시 65건)"),
    ("mid-call", "press", "en", "sentence",
     "In 2025, 220 entries (four more than in 2024) came from 52 countries"),
    ("a year later", "press", "en", "sentence",
     "Asia and Europe led in Human-CentriCity (29 entries each)"),
    ("a year later", "press", "en", "sentence", "Figures as of 30 September 2025, 17:30 KST."),
    ("a year later", "press", "en", "table", "+4"),
    ("a year later", "press", "en", "sentence", "Eligible rate by region: highest for Asia (95.5%)"),
])
def test_what_may_be_said_passes(moment, role, lang, kind, text):
    assert said.broken([said.Said("here", kind, text)], AT[moment], role, lang) == []


@pytest.mark.parametrize(("page", "moment", "edition", "lang", "expected"), [
    ("stages", "2025-06-15T12:00:00+09:00", "3", "en",
     ["Screening under way: so far 60 of 220 entries passed",
      "No rates yet: screening is under way"]),
    ("stages", "2025-06-15T12:00:00+09:00", "3", "ko",
     ["심사 진행 중: 지금까지 220건 중 60건이 적격 심사를 통과했습니다",
      "심사가 진행 중이라 적격률과 본선 진출률이 아직 없습니다"]),
    ("trends", "2026-05-01T12:00:00+09:00", "4", "en",
     ["In 2026, 32% of entries came from WeGO member cities (2026 so far: the call is still "
      "open)"]),
    ("trends", "2026-05-01T12:00:00+09:00", "4", "ko",
     ["2026년: 처음 참여한 국가 4개, 다시 참여한 국가 43개 (2026년은 접수 중)"]),
])
def test_a_count_that_may_still_change_is_said_so(monkeypatch, sample_db, page, moment, edition,
                                                  lang, expected):
    """A screening under way is "so far" and ranks no rate; an open call's trend is partial."""
    at = overview(monkeypatch, sample_db, moment, edition, "press", lang, page=page)
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ")
              for c in at.get("plotly_chart")]
    assert [title for title in expected if title not in titles] == []


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "The call for entries has not opened yet"), ("ko", "아직 접수가 시작되지 않았습니다")])
def test_the_entries_page_before_the_call_says_it_has_not_opened(monkeypatch, sample_db, lang,
                                                                 expected):
    at = overview(monkeypatch, sample_db, "2026-02-12T12:00:00+09:00", "4", "organiser", lang,
                  page="entries")
    assert [i.value for i in at.info if "Sample" not in i.value and "샘플" not in i.value] == [
        expected]
    assert not at.dataframe
