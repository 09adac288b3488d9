"""Every page through Streamlit's AppTest, on the built sample database."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

# The embed page has no frame (one chart alone, from its address): tests/test_embed.py.
PAGE_FILES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py")
                    if p.stem != "embed")


@pytest.fixture(autouse=True)
def sample_environment(monkeypatch, sample_db):
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    monkeypatch.delenv("PRIZESTATS_ROLE", raising=False)
    monkeypatch.delenv("PRIZESTATS_NOW", raising=False)


def app(script: str = "dashboard.py", tables: bool = True, **params: str) -> AppTest:
    """The page as a visitor sees it, with every chart's data table switched on (a second run)
    unless `tables` is false (notices about the URL show on the first run only)."""
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    return show_tables(at) if tables else at


def show_tables(at: AppTest) -> AppTest:
    switches = [t for t in at.toggle if t.label in ("Show the data", "데이터 보기")]
    for switch in switches:
        switch.set_value(True)
    return at.run() if switches else at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def text_of(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("script", ["dashboard.py", *PAGE_FILES])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_page_runs_with_the_shared_frame(script, lang):
    at = app(script, lang=lang)
    assert not at.exception
    # the shared frame: edition(s), as-of date and the five entry filters in the sidebar
    assert len(at.sidebar.date_input) == 1
    assert len(at.sidebar.selectbox) + len(at.sidebar.multiselect) == 6
    notice = "Sample data" if lang == "en" else "샘플 데이터"
    assert any(notice in i.value for i in at.info)


def test_default_edition_is_the_latest_with_entries():
    at = app()
    assert at.sidebar.selectbox[0].value == 4
    assert metrics(at)["Entries"] == "235"


def test_overview_edition_3_from_the_url():
    at = app("dashboard.py", edition="3")
    assert metrics(at) == {"Entries": "220", "Countries": "52", "Cities": "115",
                           "Eligible": "197", "Finalists": "45", "Winners": "21"}
    assert [m.proto.delta for m in at.metric] == ["+4", "-6", "-8", "+3", "+3", "+1"]
    assert at.query_params["edition"] == "3"


def test_overview_reconciliation_marks():
    at = app("pages/overview.py", edition="3")
    marks = [m.value for m in at.markdown]
    assert sum("✓ matches published" in m for m in marks) == 5
    assert any("segye.com" in m for m in marks)
    table = at.dataframe[-1].value
    assert len(table) == 15  # every figure published for 2025
    assert set(table["Match"]) == {"✓"}


def test_overview_in_korean():
    at = app("pages/overview.py", edition="3", lang="ko")
    assert metrics(at) == {"접수": "220", "국가": "52", "도시": "115", "적격": "197",
                           "본선 진출": "45", "수상": "21"}
    assert at.title[0].value == "제3회 서울 스마트도시 상 (2025년)"


def test_changing_the_edition_updates_the_url_and_numbers():
    at = app("pages/overview.py", edition="3")
    at.sidebar.selectbox[0].select(1).run()
    assert metrics(at)["Entries"] == "240"
    assert at.query_params["edition"] == "1"


def test_as_of_replays_the_call():
    at = app("pages/overview.py", edition="3", as_of="2025-05-01")
    assert metrics(at)["Entries"] == "64"
    assert metrics(at)["Eligible"] == "—"  # the call is open: screening not yet done, not 0
    assert at.query_params["as_of"] == "2025-05-01"


@pytest.mark.parametrize(("name", "value"), [("edition", "99"), ("edition", "abc"),
                                              ("as_of", "2025-13-45"), ("lang", "fr")])
def test_malformed_url_values_are_ignored_with_a_notice(name, value):
    at = app("pages/overview.py", tables=False, **{name: value})
    assert not at.exception
    # the value is shown escaped (text, never markdown): read it without the backslashes
    assert any(f"{name}={value}" in w.value.replace("\\", "") for w in at.warning)
    assert metrics(at)["Entries"] == "235"


@pytest.mark.parametrize(("now", "winners", "finalists"), [
    ("2025-09-30T17:29:59+09:00", "—", "45"),
    ("2025-09-30T17:30:00+09:00", "21", "45"),
    ("2025-08-23T23:59:59+09:00", "—", "—"),
])
def test_press_sees_results_only_once_announced(monkeypatch, now, winners, finalists):
    monkeypatch.setenv("PRIZESTATS_ROLE", "press")
    monkeypatch.setenv("PRIZESTATS_NOW", now)
    at = app("pages/overview.py", edition="3")
    assert (metrics(at)["Winners"], metrics(at)["Finalists"]) == (winners, finalists)
    captions = " ".join(c.value for c in at.caption)
    # an embargoed result is never a 0 that reads "none": the card says until when
    assert ("under embargo until 30 September 2025, 17:30 KST" in captions) == (winners == "—")
    assert ("under embargo until 24 August 2025, 00:00 KST" in captions) == (finalists == "—")


@pytest.mark.parametrize(("role", "winners"), [("organiser", "21"), ("press", "—"), ("wego", "—")])
def test_only_organisers_see_a_future_as_of(monkeypatch, role, winners):
    monkeypatch.setenv("PRIZESTATS_NOW", "2025-09-30T17:29:59+09:00")
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = app("pages/overview.py", edition="3", as_of="2025-10-01")
    assert metrics(at)["Winners"] == winners


def test_missing_database_says_how_to_build_one(monkeypatch, tmp_path):
    monkeypatch.setenv("PRIZESTATS_DB", str(tmp_path / "none.duckdb"))
    at = app("pages/overview.py")
    assert not at.exception
    assert "python -m prizestats build --from data/sample" in at.error[0].value


def test_region_filter_from_the_url():
    at = app("pages/overview.py", edition="3", region="Africa")
    assert metrics(at)["Entries"] == "10"
    assert any("Filtered by Regions: Africa" in c.value for c in at.caption)


def test_several_values_of_one_filter():
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60)
    at.query_params["edition"] = "3"
    at.query_params["region"] = ["Africa", "Oceania"]
    at.run()
    assert metrics(at)["Entries"] == "12"


@pytest.mark.parametrize(("params", "entries"), [
    ({"country": "KOR"}, "20"),
    ({"category": "leadership"}, "22"),
    ({"applicant_type": "individual"}, "17"),
    ({"stage": "finalist"}, "45"),
    ({"stage": "winner"}, "21"),
    ({"region": "Asia", "category": "tech_innovacity"}, "29"),
])
def test_filters_from_the_url(params, entries):
    at = app("pages/overview.py", edition="3", **params)
    assert metrics(at)["Entries"] == entries


def test_choosing_a_filter_updates_numbers_and_url():
    at = app("pages/overview.py", edition="3")
    region = next(m for m in at.sidebar.multiselect if m.label == "Regions")
    region.select("Africa").run()
    assert metrics(at)["Entries"] == "10"
    assert at.query_params["region"] == "Africa"
    # The same URL in a new session gives the same view.
    again = app("pages/overview.py", **{k: at.query_params[k] for k in at.query_params})
    assert metrics(again)["Entries"] == "10"


def test_every_change_in_a_row_takes_effect():
    """Each choice right after another: none may be lost to a widget made anew."""
    at = app("dashboard.py", edition="3")
    for edition, entries in ((2, "216"), (3, "220"), (1, "240"), (3, "220")):
        at.sidebar.selectbox[0].select(edition).run()
        assert metrics(at)["Entries"] == entries
    for choose, entries in (("Africa", "10"), ("Oceania", "12"), ("Africa", "2")):
        region = next(m for m in at.sidebar.multiselect if m.label == "Regions")
        (region.unselect if choose in region.value else region.select)(choose).run()
        assert metrics(at)["Entries"] == entries


def test_filters_survive_a_page_switch():
    at = app("dashboard.py", edition="3", region="Africa")
    at.switch_page("pages/regions.py").run()
    assert not at.exception
    assert at.query_params["region"] == "Africa"
    assert at.query_params["edition"] == "3"


def test_reconciliation_is_withheld_under_a_filter():
    at = app("pages/overview.py", edition="3", region="Asia")
    assert not any("matches published" in m.value for m in at.markdown)
    assert any("clear the filters" in m.value for m in at.markdown)


def test_unknown_filter_value_is_ignored_with_a_notice():
    at = app("pages/overview.py", tables=False, edition="3", region="Atlantis")
    assert any("region=Atlantis" in w.value for w in at.warning)
    assert metrics(at)["Entries"] == "220"


def test_regions_page_tables():
    at = app("pages/regions.py", edition="3", lang="ko")
    countries = at.dataframe[0].value
    assert list(countries.columns)[:3] == ["국가", "지역", "접수"]
    assert countries.iloc[0]["국가"] == "미국"
    assert int(countries["접수"].sum()) == 220
    assert len(at.get("plotly_chart")) == 3


def test_regions_page_switches_between_six_and_seven_regions():
    at = app("pages/regions.py", edition="3")
    six = at.dataframe[-1].value
    assert dict(zip(six["Region"], six["Entries"], strict=True))["Americas"] == 71
    # the page's own switch, not a Share menu's theme
    next(b for b in at.main.button_group if b.label == "Regions").set_value("region").run()
    seven = at.dataframe[-1].value
    regions = dict(zip(seven["Region"], seven["Entries"], strict=True))
    assert (regions["North America"], regions["South America"]) == (43, 28)


@pytest.mark.parametrize(("role", "shown"), [("organiser", "1"), ("press", "<3"), ("wego", "<3")])
def test_small_counts_for_press_and_wego(monkeypatch, role, shown):
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = app("pages/categories.py", edition="3")
    table = at.dataframe[1].value  # region x category
    oceania = table[(table["Region"] == "Oceania") & (table["Category"] == "Human-CentriCity")]
    assert str(oceania["Entries"].iloc[0]) == shown


def test_stages_page_conversion_table():
    at = app("pages/stages.py", edition="3")
    funnel = at.dataframe[0].value
    assert list(funnel["Entries"]) == [220, 197, 45, 21]
    conversion = at.dataframe[-1].value
    africa = conversion[conversion["Group"] == "Africa"].iloc[0]
    assert (africa["Entries"], africa["Finalists"], africa["Finalists %"]) == (10, 4, "40%")
    assert conversion[conversion["Group"] == "Oceania"].iloc[0]["Fewer than 10 entries"] == "⚠"


def test_trends_one_edition_in_the_url_means_it_and_those_before():
    at = app("pages/trends.py", edition="2")
    summary = at.dataframe[0].value
    assert list(summary["Year"]) == [2023, 2024]
    assert list(summary["Entries"]) == [240, 216]


def test_trends_several_editions():
    at = AppTest.from_file(str(ROOT / "pages/trends.py"), default_timeout=60)
    at.query_params["edition"] = ["1", "3"]
    at.run()
    summary = show_tables(at).dataframe[0].value
    assert list(summary["Entries"]) == [240, 220]
    assert at.query_params["edition"] == ["1", "3"]


def test_about_page_lists_every_published_source():
    at = app("pages/about.py")
    assert len(at.dataframe[0].value) == 35
    assert "The loaded data are the sample" in at.markdown[0].value


@pytest.mark.parametrize(("lang", "columns", "row"), [
    ("en", ["English", "Korean", "Note"], ["Human-CentriCity", "사람 중심"]),
    ("ko", ["영어", "한국어", "설명"], ["North America", "북중미"]),
])
def test_about_page_shows_the_glossary(lang, columns, row):
    at = app("pages/about.py", lang=lang)
    glossary = at.dataframe[-1].value  # the last table of the page
    assert list(glossary.columns) == columns
    assert row in glossary.iloc[:, :2].to_numpy().tolist()
    assert len(glossary) == 62


def as_press_at(monkeypatch, now: str) -> None:
    monkeypatch.setenv("PRIZESTATS_ROLE", "press")
    monkeypatch.setenv("PRIZESTATS_NOW", now)


@pytest.mark.parametrize(("now", "rows", "winners"), [
    ("2025-08-23T23:59:59+09:00", 0, 0),
    ("2025-08-24T00:00:00+09:00", 45, 0),
    ("2025-09-30T17:29:59+09:00", 45, 0),
    ("2025-09-30T17:30:00+09:00", 45, 21),
])
def test_results_page_as_press_at_the_boundaries(monkeypatch, now, rows, winners):
    as_press_at(monkeypatch, now)
    at = app("pages/results.py", edition="3")
    if rows == 0:
        assert "No finalists or winners to show yet." in text_of(at)
        assert len(at.dataframe) == 0
        return
    table = at.dataframe[0].value
    assert len(table) == rows
    assert (table["Stage"] == "Winner").sum() == winners
    assert (table["Award"] != "").sum() == winners
    assert (table["Applicant"] != "").sum() == winners


def test_results_after_the_ceremony_name_the_winners(monkeypatch):
    as_press_at(monkeypatch, "2025-09-30T17:30:00+09:00")
    table = app("pages/results.py", edition="3").dataframe[0].value
    winners = table[table["Stage"] == "Winner"]
    gold = winners[winners["Award"] == "Gold"]
    assert sorted(gold["Applicant"]) == ["Dubai", "Prague"]
    assert "Mayor of Fullerton" in set(winners["Applicant"])


@pytest.mark.parametrize(("now", "notice"), [
    ("2025-08-23T23:59:59+09:00",
     "Finalists under embargo until 24 August 2025, 00:00 KST, winners and awards until "
     "30 September 2025, 17:30 KST."),
    ("2025-09-30T17:29:59+09:00", "Results under embargo until 30 September 2025, 17:30 KST"),
])
def test_pages_say_what_is_under_embargo_and_until_when(monkeypatch, now, notice):
    as_press_at(monkeypatch, now)
    at = app("pages/overview.py", edition="3")
    assert any(notice in w.value for w in at.warning)


def test_no_embargo_notice_for_organisers(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_NOW", "2025-09-30T17:29:59+09:00")
    at = app("pages/overview.py", edition="3")
    assert not any("embargo" in w.value for w in at.warning)


def test_organisers_see_the_internal_finalist_decision(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_NOW", "2026-11-26T12:00:00+09:00")
    assert len(app("pages/results.py", edition="3", as_of="2025-08-18").dataframe) == 0
    table = app("pages/results.py", edition="3", as_of="2025-08-19").dataframe[0].value
    assert len(table) == 45
    assert (table["Applicant"] != "").all()  # organisers see every applicant


def test_press_room_under_embargo(monkeypatch):
    as_press_at(monkeypatch, "2025-09-30T17:29:59+09:00")
    at = app("pages/press.py", edition="3")
    sentences = [c.value for c in at.code]
    assert sentences[0] == (
        "The third Seoul Smart City Prize received 220 entries from 115 cities in 52 countries, "
        "according to the sample data as of 24 August 2025, 00:00 KST. The largest number came "
        "from the Americas (71), followed by Asia (66) and the Middle East (45). Of the 220 "
        "entries, 45 were selected as finalists.")
    assert sentences[1].startswith(
        "샘플 데이터에 따르면 2025년 8월 24일 오전 0시 기준 제3회 서울 스마트도시 상에는 "
        "52개국 115개 도시에서 모두 220건이 접수됐다.")
    figures = at.dataframe[0].value.set_index("Figure")
    assert figures.loc["Winners", "Computed"] == "under embargo until 30 September 2025, 17:30 KST"
    assert figures.loc["Winners", "Match"] == ""
    assert figures.loc["Entries", "Match"] == "✓"
    assert sentences[2].startswith("[Sample data] Seoul Metropolitan Government and World Smart "
                                   "Sustainable Cities Organization (WeGO)")
    # the release calendar: moments in the viewer's language and format, past ones marked
    calendar = at.dataframe[1].value
    assert calendar.to_dict("list") == {
        "When": ["25 March 2025, 00:00 KST", "end of 30 May 2025 (24:00 KST)",
                 "24 August 2025, 00:00 KST", "end of 25 August 2025 (24:00 KST)",
                 "30 September 2025, 17:30 KST", "30 September 2025, 17:30 KST",
                 "end of 30 September 2025 (24:00 KST)"],
        "Event": ["Past: Seoul Smart City Prize 2025: call for entries opens",
                  "Past: Seoul Smart City Prize 2025: call for entries closes",
                  "Past: Seoul Smart City Prize 2025: finalists announced",
                  "Past: Seoul Smart City Prize 2025: published figures become public",
                  "Seoul Smart City Prize 2025: award ceremony",
                  "Seoul Smart City Prize 2025: published figures become public",
                  "Seoul Smart City Prize 2025: published figures become public"]}
    buttons = [b.proto.label for b in at.get("download_button")]
    assert "Calendar (.ics)" in buttons


def test_intake_replays_1_may_2025():
    at = app("pages/intake.py", edition="3", as_of="2025-05-01")
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert chart["layout"]["title"]["text"].replace("<br>", " ") == (
        "Entries for 2025: 64 with 29 days to the deadline, 35.4% fewer than at the same point "
        "in 2024 (99 then)")
    lines = [m.value for m in at.markdown]
    assert "- Entries so far: 35.4% fewer than in 2024 at 29 days before the deadline (99 then)" in lines
    assert "- Entries so far: 16.9% fewer than in 2023 at 29 days before the deadline (77 then)" in lines
    assert any(line.startswith("About 170 entries (80% interval 64 to 329)") for line in lines)
    backtest = at.dataframe[-1].value
    assert list(backtest["Year"]) == [2023, 2023, 2023, 2024, 2024, 2024]
    assert list(backtest["Days before"]) == [30, 14, 7, 30, 14, 7]
    assert list(backtest["Actual"]) == [240, 240, 240, 216, 216, 216]
    assert set(backtest["Inside the interval"]) == {"no interval"}


@pytest.mark.parametrize(("as_of", "title"), [
    ("2025-03-25", "Entries for 2025: one with 66 days to the deadline, 97.6% fewer than at "
                   "the same point in 2024 (41 then)"),
    ("2025-05-30", "Entries for 2025: 220 with 0 days to the deadline"),
    ("2025-05-29", "Entries for 2025: 175 with one day to the deadline, 7.4% fewer than at "
                   "the same point in 2024"),
    ("2025-07-01", "Entries for 2025: 220; the call closed 32 days ago"),
])
def test_intake_at_several_dates(as_of, title):
    at = app("pages/intake.py", edition="3", as_of=as_of)
    assert not at.exception
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert chart["layout"]["title"]["text"].replace("<br>", " ").startswith(title)


def test_intake_flags_late_entries():
    at = app("pages/intake.py", edition="2")
    assert any("Entries after the deadline, the end of 14 July 2024 (24:00 KST): 2. They count as "
               "entries." in w.value for w in at.warning)


def test_intake_backtest_with_three_editions_has_intervals():
    at = app("pages/intake.py", edition="4")
    backtest = at.dataframe[-1].value
    assert len(backtest) == 12
    assert set(backtest["Inside the interval"]) <= {"yes", "no"}


@pytest.mark.parametrize("role", ["press", "wego"])
@pytest.mark.parametrize("page", ["intake", "entries", "data"])
def test_organiser_pages_refuse_other_roles(monkeypatch, role, page):
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = app(f"pages/{page}.py", edition="3")
    assert at.error[0].value == "This page is for organisers only."
    assert len(at.get("plotly_chart")) == 0
    assert len(at.dataframe) == 0
    assert len(at.get("file_uploader")) == 0


@pytest.mark.parametrize(("role", "hidden"), [
    ("organiser", set()), ("wego", {"intake", "entries", "data"}),
    ("press", {"intake", "entries", "data"})])
def test_navigation_lists_only_the_pages_a_role_may_see(role, hidden):
    from prizestats.app.frame import PAGES, visible_pages

    assert {spec.name for spec in visible_pages(role)} == {spec.name for spec in PAGES} - hidden


def test_entries_page_search():
    at = app("pages/entries.py", edition="3")
    assert "220 of 220 entries" in text_of(at)
    at.text_input[0].input("seoul").run()
    table = at.dataframe[0].value
    assert len(table) == 6
    assert set(table["City"]) == {"Seoul"}
    assert "6 of 220 entries" in text_of(at)
    at.text_input[0].input("iCen").run()
    assert list(at.dataframe[0].value["Applicant"]) == ["iCen Co. Ltd."]


def test_entries_page_pages_through_its_rows():
    at = app("pages/entries.py", edition="3")
    assert "220 of 220 entries" in text_of(at)
    assert "Rows 1\u2013100 of 220" in text_of(at)
    assert list(at.dataframe[0].value["ID"])[:2] == ["SSCP2025-0001", "SSCP2025-0002"]
    assert len(at.dataframe[0].value) == 100
    chooser = at.selectbox(key="entries_page")
    assert chooser.options == ["1\u2013100", "101\u2013200", "201\u2013220"]
    chooser.select(3).run()
    assert "Rows 201\u2013220 of 220" in text_of(at)
    assert list(at.dataframe[0].value["ID"])[-1] == "SSCP2025-0220"
    assert len(at.dataframe[0].value) == 20
    at.text_input[0].input("seoul").run()  # a new search starts on its first page
    assert len(at.dataframe[0].value) == 6
    assert "6 of 220 entries" in text_of(at)
    assert "Rows 1\u2013" not in text_of(at)  # one page: no chooser
    assert all(box.key != "entries_page" for box in at.selectbox)
    at.text_input[0].input("no such words").run()
    assert at.dataframe[0].value.empty
    assert "0 of 220 entries" in text_of(at)


def test_entries_page_follows_the_filters():
    at = app("pages/entries.py", edition="3", region="Oceania")
    assert len(at.dataframe[0].value) == 2


@pytest.mark.parametrize("params", [{"country": "THA"}, {"country": "AZE", "stage": "winner"}])
def test_intake_with_a_filter_that_leaves_nothing(params):
    at = app("pages/intake.py", edition="3", **params)
    assert not at.exception


@pytest.mark.parametrize(("role", "eligible", "rate"), [("organiser", 2, "100%"),
                                                        ("press", "<3", "")])
def test_conversion_table_hides_small_counts_from_press(monkeypatch, role, eligible, rate):
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = app("pages/stages.py", edition="3")
    oceania = at.dataframe[-1].value.set_index("Group").loc["Oceania"]
    assert (oceania["Entries"], oceania["Eligible"], oceania["Eligible %"]) == (2, eligible, rate)
    chart = json.loads(at.get("plotly_chart")[-1].proto.spec)
    eligible_bar = next(d for d in chart["data"] if d["name"] == "Eligible")
    oceania_text = eligible_bar["text"][eligible_bar["y"].index("Oceania ⚠")]
    assert oceania_text == ("2 of 2" if role == "organiser" else "<3 of 2")


def test_country_table_hides_small_counts_from_press(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_ROLE", "press")
    table = app("pages/regions.py", edition="3").dataframe[0].value.set_index("Country")
    assert table.loc["United States", "Entries"] == 23  # a single-dimension total: exact
    assert table.loc["Australia", "Eligible"] == "<3"


def test_each_chart_is_named_by_its_finding_for_screen_readers():
    at = app("pages/overview.py", edition="3")
    assert [c.proto.alt for c in at.get("plotly_chart")] == [
        "The Americas sent the most entries: 71 of 220",
        "Human-CentriCity was the most entered category: 106 of 220",
        "Of 220 entries, 197 passed screening; 45 finalists, 21 winners"]


# Whole tables (issue 30, 2): a table of up to 100 rows is as tall as its rows, not a box of
# ten with a scroll of its own; long text wraps in wide columns rather than being cut.

def spy_on_tables(monkeypatch) -> dict:
    """What each st.dataframe was given, by its key: (rows, keyword arguments)."""
    import streamlit as st

    given, real = {}, st.dataframe

    def spy(data, *args, **kwargs):
        given[kwargs.get("key")] = (len(data), kwargs)
        return real(data, *args, **kwargs)
    monkeypatch.setattr(st, "dataframe", spy)
    return given


def test_the_results_and_the_reconciliation_are_shown_whole(monkeypatch):
    given = spy_on_tables(monkeypatch)
    app("pages/results.py", tables=False, edition="3")
    rows, results = given["results"]
    assert rows == 45
    assert results["height"] == "content"
    assert results["row_height"] == 66  # over 4rem: Streamlit wraps the text of such rows
    assert results["column_config"]["Project"]["width"] == 200
    assert results["column_config"]["Applicant"]["width"] == 200
    # who and what before where: the project is not cut off at the table's right edge
    assert results["column_order"][:4] == ["Stage", "Award", "Applicant", "Project"]
    app("pages/overview.py", tables=False, edition="3")
    rows, reconciliation = given["reconciliation"]
    assert (rows, reconciliation["height"], reconciliation["row_height"]) == (15, "content", None)


def test_a_table_of_more_than_a_hundred_rows_keeps_its_box(monkeypatch):
    given = spy_on_tables(monkeypatch)

    def script():
        import pandas as pd

        from prizestats.app import views

        views.table(pd.DataFrame({"n": range(100)}), "hundred")
        views.table(pd.DataFrame({"n": range(101)}), "more")
    AppTest.from_function(script).run()
    assert given["hundred"][1]["height"] == "content"
    assert given["more"][1]["height"] == "auto"


def test_the_entries_page_shows_its_page_whole(monkeypatch):
    given = spy_on_tables(monkeypatch)
    app("pages/entries.py", tables=False, edition="3")
    rows, entries = given["entries"]
    assert (rows, entries["height"], entries["row_height"]) == (100, "content", 66)
    assert entries["column_config"]["Project"]["width"] == 200
