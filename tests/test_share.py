"""Chart ids and the Share menu (issue 28): the pure builders of prizestats/figures/share.py, the
chart's citation, and the pages through AppTest on the built sample database."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from prizestats.core.times import KST
from prizestats.figures import press, share

SITE = "https://stats.example.org"
AFTER_THE_CEREMONY = "2025-10-31T12:00:00+09:00"
BEFORE_THE_CEREMONY = "2025-09-30T17:29:00+09:00"

# ---------------------------------------------------------------------------------------------
# The builders


def test_a_link_holds_the_pages_state_in_one_order_and_the_chart_last():
    state = {"stage": ["finalist"], "region": ["Africa", "Europe"], "lang": ["ko"],
             "edition": ["3"], "as_of": ["2025-05-01"], "country": [], "chart": ["old"]}
    assert share.page_link(SITE + "/", "regions", state, "entries_by_country") == (
        "https://stats.example.org/regions?edition=3&lang=ko&as_of=2025-05-01&region=Africa"
        "&region=Europe&stage=finalist&chart=entries_by_country")


def test_an_embed_address_starts_with_the_chart_and_ends_with_the_theme():
    state = {"lang": ["en"], "edition": ["3"], "category": ["tech_innovacity"]}
    assert share.embed_link(SITE, "entries_by_region", state, "dark") == (
        "https://stats.example.org/embed?chart=entries_by_region&edition=3&lang=en"
        "&category=tech_innovacity&theme=dark")
    assert share.embed_link(SITE, "entries_by_region", {}) == (
        "https://stats.example.org/embed?chart=entries_by_region&theme=auto")
    with pytest.raises(ValueError, match="theme 'pink'"):
        share.embed_link(SITE, "entries_by_region", state, "pink")


def test_a_value_with_reserved_characters_is_encoded():
    assert share.page_link(SITE, "overview", {"region": ["A&B=C D"]}, "x") == (
        "https://stats.example.org/overview?region=A%26B%3DC%20D&chart=x")


def test_the_embed_code_escapes_its_address_and_title():
    code = share.embed_code("https://s.example/embed?chart=a&theme=auto",
                            'Cities "A" & <b>B</b>')
    assert code == (
        '<iframe src="https://s.example/embed?chart=a&amp;theme=auto" width="100%" height="520" '
        'title="Cities &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;" style="border:0" '
        'loading="lazy"></iframe>')


@pytest.mark.parametrize(("configured", "browser", "expected"), [
    (SITE + "/", "http://127.0.0.1:8501/overview", SITE),
    (None, "http://10.0.0.5:8600/regions", "http://10.0.0.5:8600"),
    (None, "https://city.example/stats/trends", "https://city.example/stats"),
    (None, "https://city.example/stats/", "https://city.example/stats"),
    (None, "http://127.0.0.1:8501/", "http://127.0.0.1:8501"),
    (None, None, "http://127.0.0.1:8501"),
])
def test_the_dashboards_address(configured, browser, expected):
    assert share.app_base(configured, browser, ["overview", "regions", "trends"],
                          "http://127.0.0.1:8501/") == expected


def test_a_charts_citation_in_both_languages():
    when = datetime(2025, 9, 30, 17, 30, tzinfo=KST)
    link = SITE + "/overview?edition=3&chart=entries_by_region"
    assert press.chart_citation("Asia sent the most entries: 66 of 220", 3, 2025, when, "en",
                                False, link) == (
        'Seoul Metropolitan Government and World Smart Sustainable Cities Organization (WeGO), '
        '"Asia sent the most entries: 66 of 220", Seoul Smart City Prize entry statistics, '
        "third edition (2025), as of 30 September 2025, 17:30 KST, compiled with prizestats. "
        + link)
    assert press.chart_citation("아시아 접수가 가장 많았습니다", 3, 2025, when, "ko", True,
                                link) == (
        "[샘플 데이터] 서울특별시·세계스마트시티기구(WeGO), 〈아시아 접수가 가장 많았습니다〉, "
        "「제3회 서울 스마트도시 상 접수 통계」(2025), 2025년 9월 30일 오후 5시 30분 기준, "
        "prizestats로 집계. " + link)


# ---------------------------------------------------------------------------------------------
# The pages


@pytest.fixture(autouse=True)
def sample_environment(monkeypatch, sample_db):
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    monkeypatch.setenv("PRIZESTATS_PUBLIC_URL", SITE)
    monkeypatch.setenv("PRIZESTATS_ROLE", "press")
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_THE_CEREMONY)


def app(script: str, **params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def share_texts(at: AppTest, chart: str) -> list[str]:
    """The code blocks of the chart's Share menu: link, embed code, citation."""
    found = [c.value for c in at.code if f"chart={chart}" in c.value]
    assert len(found) == 3, found
    return found


def marked(at: AppTest) -> list[str]:
    """The chart ids the page marks (a ring around their block)."""
    return [chart for html in at.get("html") for chart in share.PAGE_CHARTS["overview"]
            if f".st-key-chartbox_{chart} {{outline" in html.proto.body]


EN_TITLE = "The Americas sent the most entries: 71 of 220"
KO_TITLE = "미주 지역 접수가 가장 많았습니다: 전체 220건 중 71건"


@pytest.mark.parametrize(("lang", "labels", "title", "citation"), [
    ("en", ["Link to this chart", "Embed code for your own page", "Suggested citation"],
     EN_TITLE,
     '[Sample data] Seoul Metropolitan Government and World Smart Sustainable Cities '
     f'Organization (WeGO), "{EN_TITLE}", Seoul Smart City Prize entry statistics, third '
     "edition (2025), as of 30 September 2025, 17:30 KST, compiled with prizestats. "),
    ("ko", ["이 차트로 바로 가는 링크", "기사·웹페이지용 삽입 코드", "인용 표기"], KO_TITLE,
     f"[샘플 데이터] 서울특별시·세계스마트시티기구(WeGO), 〈{KO_TITLE}〉, 「제3회 서울 "
     "스마트도시 상 접수 통계」(2025), 2025년 9월 30일 오후 5시 30분 기준, prizestats로 집계. "),
])
def test_the_share_menu_of_a_chart(lang, labels, title, citation):
    at = app("pages/overview.py", edition="3", lang=lang)
    link = f"{SITE}/overview?edition=3&lang={lang}&chart=entries_by_region"
    assert share_texts(at, "entries_by_region") == [
        link,
        f'<iframe src="{SITE}/embed?chart=entries_by_region&amp;edition=3&amp;lang={lang}'
        f'&amp;theme=auto" width="100%" height="520" title="{title}" style="border:0" '
        'loading="lazy"></iframe>',
        citation + link]
    texts = [m.value for m in at.markdown]
    assert [texts.count(f"**{label}**") for label in labels] == [3, 3, 3]  # three charts
    menus = [p for p in at.get("popover") if p.proto.popover.label in ("Share", "공유")]
    assert len(menus) == 3  # one per chart of the Overview
    assert marked(at) == []


def test_the_embed_code_follows_the_chosen_theme_and_the_filters():
    at = app("pages/overview.py", edition="3", region=["Africa", "Europe"])
    at.segmented_control(key="share_theme_entries_by_category").set_value("dark").run()
    embed = share_texts(at, "entries_by_category")[1]
    assert embed.startswith(f'<iframe src="{SITE}/embed?chart=entries_by_category&amp;edition=3'
                            "&amp;lang=en&amp;region=Africa&amp;region=Europe&amp;theme=dark\"")
    assert share_texts(at, "entries_by_region")[0] == (
        f"{SITE}/overview?edition=3&lang=en&region=Africa&region=Europe&chart=entries_by_region")


@pytest.mark.parametrize("as_of", [{}, {"as_of": "2025-10-31"}])  # today, or a later day
def test_press_under_embargo_get_no_result_in_the_title_or_citation(monkeypatch, as_of):
    monkeypatch.setenv("PRIZESTATS_NOW", BEFORE_THE_CEREMONY)
    _, embed, citation = share_texts(app("pages/overview.py", edition="3", **as_of),
                                     "entries_by_stage")
    title = "Of 220 entries, 197 passed screening and 45 reached the final; winners under embargo"
    assert f'title="{title}"' in embed
    assert f'"{title}"' in citation
    assert "as of 24 August 2025, 00:00 KST" in citation  # dated by the finalists' announcement
    for text in (embed, citation):
        assert "21" not in text
    # after the ceremony the same chart names its winners
    monkeypatch.setenv("PRIZESTATS_NOW", AFTER_THE_CEREMONY)
    _, embed, citation = share_texts(app("pages/overview.py", edition="3"), "entries_by_stage")
    assert 'title="Of 220 entries, 197 passed screening; 45 finalists, 21 winners"' in embed


@pytest.mark.parametrize(("role", "told"), [("press", False), ("organiser", True)])
def test_organisers_are_told_they_share_what_they_see(monkeypatch, role, told):
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = app("pages/overview.py", edition="3")
    notes = [c for c in at.caption if c.value.startswith("You see results under embargo")]
    assert len(notes) == (3 if told else 0)


def test_the_chart_in_the_address_is_marked_and_stays(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_ROLE", "organiser")  # who has links to the entries
    at = app("pages/overview.py", edition="3", chart="entries_by_stage")
    assert marked(at) == ["entries_by_stage"]
    anchors = [h.proto.body for h in at.get("html") if 'id="chart-entries_by_stage"' in
               h.proto.body]
    assert len(anchors) == 1
    assert 'const id = "chart-entries_by_stage";' in anchors[0]  # scrolled to
    assert not any("no chart named" in i.value for i in at.info)
    # a filter chosen afterwards keeps the chart in the address, marked
    at.sidebar.multiselect(key="widget_region").set_value(["Africa"]).run()
    assert at.query_params["chart"] == "entries_by_stage"
    assert marked(at) == ["entries_by_stage"]
    # the organisers' way to the entries does not carry it (the Entries page has no charts)
    assert [link.proto.query_string for link in at.get("page_link")] == [
        "edition=3&lang=en&region=Africa"] * 3


@pytest.mark.parametrize(("page", "lang", "notice"), [
    ("pages/overview.py", "en",
     "This page has no chart named “nope”: the link may be old or mistyped."),
    ("pages/press.py", "en",
     "This page has no chart named “nope”: the link may be old or mistyped."),
    ("pages/overview.py", "ko",
     "이 페이지에는 \u2018nope\u2019 차트가 없습니다. 링크가 오래되었거나 잘못 입력되었을 수 있습니다."),
])
def test_an_unknown_chart_is_said_plainly(page, lang, notice):
    at = app(page, edition="3", lang=lang, chart="nope")
    assert notice in [i.value for i in at.info]
    assert marked(at) == []


def test_a_chart_id_from_the_address_is_shown_as_text():
    at = app("pages/overview.py", edition="3", chart="**x**")
    assert r"This page has no chart named “\*\*x\*\*”: the link may be old or mistyped." in [
        i.value for i in at.info]


@pytest.mark.parametrize("page", sorted(share.PAGE_CHARTS))
def test_each_page_draws_the_charts_its_ids_name(monkeypatch, page):
    monkeypatch.setenv("PRIZESTATS_ROLE", "organiser")  # the Intake page is theirs
    at = app(f"pages/{page}.py", edition="3")
    anchors = [body.split('id="chart-', 1)[1].split('"', 1)[0]
               for body in (h.proto.body for h in at.get("html")) if 'id="chart-' in body]
    assert anchors == list(share.PAGE_CHARTS[page])
