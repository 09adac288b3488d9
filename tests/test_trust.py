"""Nothing reaches a viewer as markup that came from outside: hostile strings in the data and in
the URL, run through every chart builder, every page (AppTest) and the press kit."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from conftest import FIXTURE_SUBMISSIONS, ROOT, entry, write_fixture_csvs
from streamlit.testing.v1 import AppTest

from prizestats.core import safe
from prizestats.core.times import parse_as_of
from prizestats.figures import charts, press
from prizestats.outputs import presskit
from prizestats.store import build, db

# Each would do something if rendered: a link, an image fetched from elsewhere, bold red text,
# LaTeX, an icon, HTML in plotly or in the press kit, a bare URL that autolinks.
HOSTILE = [
    "[Click](https://evil.example/phish)",
    "![t](http://127.0.0.1:9/track.png)",
    "**BOLD** :red[RED]",
    '<a href="https://evil.example/tech">AI</a>',
    "<b>bold</b><br>two lines",
    "$x^2$ :material/warning:",
    "<img src=x onerror=alert(1)>",
    "https://evil.example/bare",
]
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
NOW = "2026-11-26T12:00:00+09:00"
# A tag plotly or a browser would act on: <a, <b>, </b>, <img, <script ... (plotly's own <br>
# line breaks, which chart titles use, and its <extra> hover box are allowed).
TAG = re.compile(r"<(?!br>|extra>|/extra>)/?[A-Za-z]")


def hostile_rows() -> list[dict]:
    """The fixture's entries, with hostile text wherever text comes from an imported file: the
    city (a city without coordinates is listed under the map), the technologies, the project and
    a winner's name (public once announced)."""
    rows = [dict(row) for row in FIXTURE_SUBMISSIONS]
    for i, text in enumerate(HOSTILE):
        rows.append(entry(f"H{i}", 1, "2023-05-02T10:00:00+09:00", "company", "tech_innovacity",
                          text, "KOR", "winner", "2023-06-20T10:00:00+09:00",
                          "2023-07-14T15:00:00+09:00", "special_mention", name=text))
        rows[-1]["technologies"] = f"{text};IoT"
        rows[-1]["project_title"] = text
    return rows


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = write_fixture_csvs(tmp_path_factory.mktemp("hostile_csv"), hostile_rows())
    path = tmp_path_factory.mktemp("hostile_db") / "hostile.duckdb"
    build.build(folder, path)
    return path


def strings(value: object):
    """Every string inside a figure's JSON."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def assert_no_plotly_markup(spec: dict) -> None:
    found = [text for text in strings(spec) if TAG.search(text)]
    assert found == []


# -- the helpers themselves -------------------------------------------------------------------

@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaping_leaves_nothing_to_render(text):
    escaped = safe.markdown(text)
    # every punctuation mark is escaped, so no link, image, emphasis, directive or math is left
    assert re.search(r"(?<!\\)[\[\]()*:$<>!]", escaped) is None
    assert escaped.replace("\\", "").replace(safe.WORD_JOINER, "") == text


@pytest.mark.parametrize(("url", "link"), [
    ("https://www.segye.com/newsView/20250824510537", "https://www.segye.com/newsView/20250824510537"),
    ("javascript:alert(1)", None),
    ("https://evil.example/x)[y](z", None),
    ("/relative/path", None),
    (None, None),
])
def test_only_plain_web_addresses_become_links(url, link):
    assert safe.web_link(url) == link


# -- chart builders ---------------------------------------------------------------------------

def test_chart_builders_show_hostile_labels_as_text():
    names = pd.Series(HOSTILE)
    counts = pd.array(range(3, 3 + len(HOSTILE)), dtype="Int64")
    figures = [
        charts.entries_by_region(pd.DataFrame({"region": names, "entries": counts}), "en", "s"),
        charts.ranked_bars(pd.DataFrame({"technology": names, "entries": counts}), "technology",
                           "en", "s", HOSTILE[0]),
        charts.entries_by_city(pd.DataFrame({
            "city": names, "country": "KOR", "name_en": names, "name_ko": names,
            "entries": counts, "latitude": 37.5, "longitude": 127.0}), "en", HOSTILE[3]),
        charts.entries_by_country(pd.DataFrame({
            "iso3": ["KOR"] * len(HOSTILE), "name_en": names, "name_ko": names,
            "entries": counts}), "ko", "s"),
        charts.two_way_heatmap(pd.DataFrame({"category": names, "region": names[::-1].to_numpy(),
                                             "entries": counts}),
                               "category", "region", "en", "s", HOSTILE[4]),
    ]
    for figure in figures:
        assert_no_plotly_markup(json.loads(figure.to_json()))
    # the title still says what it said, as text
    assert charts.finding(figures[1]) == HOSTILE[0]


# -- pages ------------------------------------------------------------------------------------

def page_text(at: AppTest) -> list[str]:
    """What every markdown-rendering element of the page was given."""
    elements = [*at.markdown, *at.caption, *at.warning, *at.info, *at.error, *at.success,
                *at.title, *at.header, *at.subheader]
    return [str(e.value) for e in elements]


def assert_page_shows_no_markup(at: AppTest) -> None:
    assert not at.exception
    texts = page_text(at)
    for text in HOSTILE:
        assert not [t for t in texts if text in t], text  # raw: it would render as markdown
    for chart in at.get("plotly_chart"):
        assert_no_plotly_markup(json.loads(chart.proto.spec))


@pytest.mark.parametrize("role", ["organiser", "press"])
@pytest.mark.parametrize("page", PAGES)
def test_hostile_data_renders_as_text_on_every_page(monkeypatch, hostile_db, page, role):
    monkeypatch.setenv("PRIZESTATS_DB", str(hostile_db))
    monkeypatch.setenv("PRIZESTATS_NOW", NOW)
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.query_params["edition"] = "1"
    at.run()
    for switch in [t for t in at.toggle if t.label == "Show the data"]:
        switch.set_value(True)
    at.run()
    assert_page_shows_no_markup(at)


def test_hostile_city_is_listed_as_text_under_the_map(monkeypatch, hostile_db):
    monkeypatch.setenv("PRIZESTATS_DB", str(hostile_db))
    at = AppTest.from_file(str(ROOT / "pages/regions.py"), default_timeout=60)
    at.query_params["edition"] = "1"
    at.run()
    listed = [c.value for c in at.caption if "Cities without known coordinates" in c.value]
    assert len(listed) == 1
    assert safe.markdown(f"{HOSTILE[0]} (KOR)") in listed[0]


@pytest.mark.parametrize("name", ["lang", "region", "stage", "edition", "as_of", "country"])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_url_values_are_ignored_as_text(monkeypatch, sample_db, name, value):
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60)
    at.query_params[name] = value
    at.run()
    assert_page_shows_no_markup(at)
    notices = [w.value for w in at.warning if "Ignored the URL parameter" in w.value]
    assert notices == [f"Ignored the URL parameter {safe.markdown(name)}={safe.markdown(value)}: "
                       + {"lang": "the languages are en and ko", "edition": "no such edition",
                          "as_of": "not a date like 2025-05-01"}.get(name,
                                                                     "not one of the choices")
                       + "."]


# -- the press kit ----------------------------------------------------------------------------

def test_press_kit_shows_hostile_text_as_text(hostile_db, tmp_path):
    con = db.connect(hostile_db)
    with con:
        presskit.build(lambda name, params: db.run(con, name, params), tmp_path, 1, ("en", "ko"),
                       parse_as_of(NOW), now=parse_as_of(NOW),
                       progress=lambda total: presskit.Progress(total, stream=io.StringIO()))
    for lang in ("en", "ko"):
        page = (tmp_path / lang / "index.html").read_text(encoding="utf-8")
        assert "evil.example" in page  # the winners' projects are listed ...
        assert "<a href=\"https://evil" not in page  # ... as text, not links
        assert "<b>bold</b>" not in page
        assert "<img src=x" not in page
        assert "&lt;b&gt;bold&lt;/b&gt;" in page
        links = re.findall(r'<a href="([^"]+)"', page)
        assert all(not link.startswith("http") for link in links), links


# -- published figures under their own embargo ------------------------------------------------

def press_page(monkeypatch, sample_db, page: str, now: str, role: str = "press", **params):
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    monkeypatch.setenv("PRIZESTATS_NOW", now)
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for name, value in {"edition": "3", **params}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


HEADLINE = {"Entries", "Countries", "Cities"}
AWARDS = {"Entries", "Countries", "Cities", "Awards by group"}


@pytest.mark.parametrize(("now", "shown", "listed"), [
    # 2025's entries (220), countries and cities were published on 25 August, the finalists
    # (45), winners (21) and regions on 30 September: each is public from the end of that day in
    # Seoul. The planned awards by group, published in March, state results: public from the
    # ceremony (30 September, 17:30).
    ("2025-08-23T23:59:59+09:00", set(), set()),
    ("2025-08-25T23:59:59+09:00", set(), set()),
    ("2025-08-26T00:00:00+09:00", HEADLINE, {"Entries", "Countries", "Cities"}),
    ("2025-09-30T17:29:59+09:00", HEADLINE, {"Entries", "Countries", "Cities"}),
    ("2025-09-30T17:30:00+09:00", HEADLINE, AWARDS),
    ("2025-09-30T23:59:59+09:00", HEADLINE, AWARDS),
    ("2025-10-01T00:00:00+09:00", HEADLINE | {"Finalists", "Winners"},
     AWARDS | {"Entries by region", "Finalists", "Winners"}),
])
def test_press_sees_a_published_figure_only_once_public(monkeypatch, sample_db, now, shown,
                                                         listed):
    overview = press_page(monkeypatch, sample_db, "pages/overview.py", now)
    marks = " ".join(m.value for m in overview.markdown)
    assert ("published 45" in marks or "matches published" in marks) == bool(shown)
    press = press_page(monkeypatch, sample_db, "pages/press.py", now)
    figures = press.dataframe[0].value.set_index("Figure")
    assert {name for name, value in figures["Published"].items() if value} == shown
    about = press_page(monkeypatch, sample_db, "pages/about.py", now)
    sources = about.dataframe[0].value
    assert set(sources.loc[sources["Year"] == 2025, "Figure"]) == listed


def test_organisers_see_every_published_figure_with_when_it_is_public(monkeypatch, sample_db):
    at = press_page(monkeypatch, sample_db, "pages/overview.py", "2025-08-23T23:59:59+09:00",
                    role="organiser")
    table = at.dataframe[-1].value.set_index("Figure")
    assert table.loc["Finalists", "Published"] == "45"  # as the page writes numbers
    assert table.loc["Finalists", "Public from"] == "end of 30 September 2025 (24:00 KST)"
    assert table.loc["Winners", "Public from"] == "end of 30 September 2025 (24:00 KST)"
    assert "public from the end of 25 August 2025 (24:00 KST)" in " ".join(m.value for m in at.markdown)


# -- small counts on the pages ------------------------------------------------------------------

def test_press_reads_small_counts_as_under_three_on_every_channel(monkeypatch, sample_db):
    # Australia sent 2 entries to the 2025 prize (Oceania: 2): with the country chosen, every
    # count beside it is a two-way count.
    at = press_page(monkeypatch, sample_db, "pages/overview.py", NOW, country="AUS")
    cards = {m.label: m.value for m in at.metric}
    assert cards["Entries"] == "2"  # a one-way count: entries from Australia
    assert cards["Eligible"] == "<3"
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec["data"]:
            assert all(v == 0 for v in trace.get("x", []) if isinstance(v, int | float))
    organiser = press_page(monkeypatch, sample_db, "pages/overview.py", NOW, role="organiser",
                           country="AUS")
    assert {m.label: m.value for m in organiser.metric}["Eligible"] == "2"


# -- what a hidden count's neighbours could give away (review of the first version) ---------------

def test_hidden_rows_are_ranked_as_a_tie_not_by_their_value(sample_db, run_on):
    run = run_on(sample_db)
    params = {"edition": 3, "as_of": parse_as_of(NOW), "public": True, "regions": None,
              "countries": None, "categories": ["tech_innovacity"], "applicant_types": None,
              "stages": None}
    for name, label in (("entries_by_city", "city"), ("entries_by_country", "iso3")):
        frame = run(name, params)
        hidden = frame[frame["entries"].isna()]
        assert len(hidden) > 3, name  # the 2s and the 1s together
        # one block, in name order: the SQL order (2s first, then 1s) would restart the alphabet
        assert list(hidden[label]) == sorted(hidden[label]), name
        positions = list(hidden.index)
        assert positions == list(range(positions[0], positions[0] + len(positions))), name
        assert frame.loc[: positions[0] - 1, "entries"].min() >= 3


def test_places_beside_a_hidden_count_are_hidden_with_it(fixture_db, run_on):
    from prizestats.core.scope import Scope

    run = run_on(fixture_db)
    # edition 1: Asia and human-centricity leave A1 (Seoul) and A3 (Tokyo): 2 entries, 2 cities
    two = press.figures(run, 1, parse_as_of(NOW), public=True,
                        scope=Scope(regions=("Asia",), categories=("human_centricity",)))
    assert (two["entries"], two["countries"], two["cities"]) == ("<3", "<3", "<3")
    organiser = press.figures(run, 1, parse_as_of(NOW),
                              scope=Scope(regions=("Asia",), categories=("human_centricity",)))
    assert (organiser["entries"], organiser["countries"], organiser["cities"]) == (2, 2, 2)


def test_a_stage_filter_on_an_unannounced_result_is_not_applied(monkeypatch, sample_db):
    at = press_page(monkeypatch, sample_db, "pages/overview.py", "2025-08-01T12:00:00+09:00",
                    stage="finalist")
    notices = [w.value for w in at.warning]
    assert ("The filter on Finalist is not applied: under embargo until 24 August 2025, "
            "00:00 KST.") in notices
    assert {m.label: m.value for m in at.metric}["Entries"] == "220"  # not 0 finalists


def test_only_web_addresses_are_links_in_the_key_figures():
    reconciled = pd.DataFrame([{"metric": "entries", "dimension": "", "unit": "count",
                                "published": 220.0, "computed": 220, "matches": True,
                                "published_on": None, "public_at": None,
                                "source_url": "javascript:alert(1)"}])
    result = {"entries": 220, "countries": 52, "cities": 115, "eligible": 197, "finalists": 45,
              "winners": 21}
    table = press.key_figures(result, reconciled, "en")
    assert pd.isna(table["Source"].iloc[0])  # no link at all, and no text that could be one
