"""The embed page (/embed): one chart alone, by the viewer's role and every rule."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from prizestats.app import embed_page
from prizestats.figures import share

EMBED = str(ROOT / "pages" / "embed.py")


@pytest.fixture(autouse=True)
def sample_environment(monkeypatch, sample_db):
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    monkeypatch.setenv("PRIZESTATS_ROLE", "organiser")
    monkeypatch.delenv("PRIZESTATS_NOW", raising=False)
    monkeypatch.delenv("PRIZESTATS_PUBLIC_URL", raising=False)


def embed(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(EMBED, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def only_spec(at: AppTest) -> dict:
    drawn = specs(at)
    assert len(drawn) == 1
    return drawn[0]


def widgets(at: AppTest) -> int:
    """Every widget on the page, main area and sidebar."""
    return sum(len(getattr(at, kind)) for kind in (
        "button", "toggle", "selectbox", "multiselect", "date_input", "button_group",
        "text_input", "checkbox", "radio"))


def test_every_chart_of_every_page_can_be_embedded():
    every = {chart for charts in share.PAGE_CHARTS.values() for chart in charts}
    assert set(embed_page.BUILDERS) == every
    assert embed_page.CHART_PAGES["entries_by_country"] == "regions"


@pytest.mark.parametrize("chart", sorted(embed_page.BUILDERS))
def test_each_chart_is_shown_alone(chart):
    at = embed(chart=chart, edition="3", lang="en")
    assert not at.exception
    only_spec(at)
    assert widgets(at) == 0  # no filters, switches, downloads or share menu
    assert len(at.sidebar) == 0
    assert not at.error
    assert not at.warning
    assert at.markdown[-1].value.startswith("[Open this chart on the dashboard](http://")


def test_the_chart_its_title_source_line_and_the_full_view():
    at = embed(chart="entries_by_region", edition="3", lang="en", region="Africa",
               theme="light")
    spec = only_spec(at)
    # the region chart of a region filter is drawn with every region, Africa highlighted
    assert spec["layout"]["title"]["text"] == "The Americas sent the most entries:<br>71 of 220"
    source = [a["text"] for a in spec["layout"]["annotations"]
              if a.get("name", "").startswith("source")]
    assert source[0].startswith("Source: Sample data ·")
    # the full view: the chart's own page, the embed's state, the chart marked
    assert at.markdown[-1].value == (
        "[Open this chart on the dashboard](http://127.0.0.1:8501/regions?edition=3&lang=en"
        "&region=Africa&chart=entries_by_region)")


@pytest.mark.parametrize(("page", "chart"), [("overview", "entries_by_stage"),
                                           ("stages", "conversion_by_group"),
                                           ("trends", "new_vs_returning")])
def test_the_embed_draws_what_its_page_draws(monkeypatch, page, chart):
    monkeypatch.setenv("PRIZESTATS_ROLE", "press")
    monkeypatch.setenv("PRIZESTATS_NOW", "2025-09-30T17:29:59+09:00")
    params = {"edition": "3", "lang": "en", "region": "Asia"}
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    on_page = [json.loads(c.proto.spec) for c in at.run().get("plotly_chart")
               if c.proto.id and chart in c.key]
    embedded = only_spec(embed(chart=chart, **params))
    assert len(on_page) == 1
    assert embedded["data"] == on_page[0]["data"]
    assert embedded["layout"]["title"] == on_page[0]["layout"]["title"]


def test_korean_embed():
    at = embed(chart="entries_by_category", edition="3", lang="ko")
    spec = only_spec(at)
    assert "출처: 샘플 데이터" in json.dumps(spec["layout"]["annotations"], ensure_ascii=False)
    assert at.markdown[-1].value.startswith("[대시보드에서 이 차트 보기](")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "There is no chart named “no_such_chart”: the link may be old or mistyped."),
    ("ko", "\u2018no_such_chart\u2019라는 차트가 없습니다."),
])
def test_an_unknown_chart_is_said_and_nothing_drawn(lang, words):
    at = embed(chart="no_such_chart", lang=lang)
    assert not at.exception
    assert specs(at) == []
    assert len(at.error) == 1
    # the value is shown escaped (text, never markdown): read it without the backslashes
    assert at.error[0].value.replace("\\", "").startswith(words)
    assert "entries_by_region" in at.error[0].value.replace("\\", "")  # the ids that exist


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "Unknown theme “sepia”: the themes are auto, light, dark."),
    ("ko", "알 수 없는 테마 \u2018sepia\u2019: 테마는 auto, light, dark입니다."),
])
def test_an_unknown_theme_is_said(lang, words):
    at = embed(chart="entries_by_region", lang=lang, theme="sepia")
    assert specs(at) == []
    assert [e.value for e in at.error] == [words]


def test_unknown_parameters_and_values_are_said_each():
    at = embed(chart="entries_by_region", lang="en", edition="9", region="Atlantis", colour="red")
    assert specs(at) == []
    assert [e.value.replace("\\", "") for e in at.error] == [
        "The link has a parameter this chart does not know: colour.",
        "The link's parameter edition=9 cannot be read: no such edition.",
        "The link's parameter region=Atlantis cannot be read: not one of the choices.",
    ]
    assert at.caption[0].value.startswith("No chart is shown until the link is corrected")


def test_press_before_the_ceremony_sees_no_winners_in_the_stage_chart(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_NOW", "2025-09-30T17:29:59+09:00")
    monkeypatch.setenv("PRIZESTATS_ROLE", "press")
    spec = only_spec(embed(chart="entries_by_stage", edition="3", as_of="2025-10-01"))
    assert spec["data"][0]["y"] == ["Finalists", "Eligible", "Entries"]
    assert spec["data"][0]["text"] == ["45", "197", "220"]
    assert spec["layout"]["title"]["text"].endswith("winners under embargo")
    # an organiser reading the same moment sees them
    monkeypatch.setenv("PRIZESTATS_ROLE", "organiser")
    spec = only_spec(embed(chart="entries_by_stage", edition="3", as_of="2025-10-01"))
    assert spec["data"][0]["text"] == ["21", "45", "197", "220"]


@pytest.mark.parametrize(("role", "shown"), [("press", ["0", "<3", "<3"]),
                                             ("wego", ["0", "<3", "<3"]),
                                             ("organiser", ["0", "1", "1"])])
def test_small_counts_under_a_filter(monkeypatch, role, shown):
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    spec = only_spec(embed(chart="entries_by_category", edition="3", country="AUS"))
    assert spec["data"][0]["text"] == shown


def test_public_mode_is_the_publics_view(monkeypatch):
    # an embed opened by the public is the press's view, whatever the local default
    monkeypatch.delenv("PRIZESTATS_ROLE")
    monkeypatch.setenv("PRIZESTATS_PUBLIC", "1")
    monkeypatch.setenv("PRIZESTATS_ALLOW_SAMPLE", "1")
    spec = only_spec(embed(chart="entries_by_category", edition="3", country="AUS"))
    assert spec["data"][0]["text"] == ["0", "<3", "<3"]


def test_an_organisers_chart_is_refused_to_press(monkeypatch):
    monkeypatch.setenv("PRIZESTATS_ROLE", "press")
    at = embed(chart="intake_curve", edition="3")
    assert specs(at) == []
    assert at.error[0].value == "This page is for organisers only."


@pytest.mark.parametrize(("theme", "background"), [("dark", "#171614"), ("light", "#FFFFFF")])
def test_light_and_dark_set_the_chart_and_the_page(theme, background):
    at = embed(chart="entries_by_region", edition="3", theme=theme)
    chart = at.get("plotly_chart")[0]
    spec = json.loads(chart.proto.spec)
    assert spec["layout"]["paper_bgcolor"] == background
    assert chart.proto.theme == ""  # plotly's colours, not Streamlit's theme
    styles = " ".join(element.proto.body for element in at.get("html"))
    assert f"background-color: {background}" in styles


def test_auto_follows_the_readers_system():
    at = embed(chart="entries_by_region", edition="3", theme="auto")
    chart = at.get("plotly_chart")[0]
    assert "paper_bgcolor" not in json.loads(chart.proto.spec)["layout"]
    assert chart.proto.theme == "streamlit"  # Streamlit's light or dark, as the system says
    styles = " ".join(element.proto.body for element in at.get("html"))
    assert "background-color" not in styles
    assert "[data-testid='stSidebar']" in styles  # the chrome is hidden all the same


# -- the public's static embeds (the press kit's embeds/EDITION/LANG/NAME-THEME.html) ----------

@pytest.fixture(scope="module")
def static_kits(sample_db, tmp_path_factory):
    """The kit one second before and one second at the ceremony, without its images (kaleido
    is the press kit tests' business; these read the embeds)."""
    import io

    from prizestats.core.times import parse_as_of
    from prizestats.outputs import presskit
    from prizestats.store import db

    kits = {}
    con = db.connect(sample_db)
    original = presskit._write_images
    presskit._write_images = lambda images, steps: []
    try:
        for name, moment in (("before", "2025-09-30T17:29:59+09:00"),
                             ("after", "2025-09-30T17:30:00+09:00")):
            out = tmp_path_factory.mktemp(name)
            presskit.build(lambda query, params: db.run(con, query, params), out, 3,
                           ("en", "ko"), parse_as_of(moment), now=parse_as_of("2026-11-26"),
                           progress=lambda total: presskit.Progress(total,
                                                                    stream=io.StringIO()))
            kits[name] = out
    finally:
        presskit._write_images = original
        con.close()
    return kits


def test_static_embeds_one_per_chart_language_and_theme(static_kits):
    folder = static_kits["before"] / "embeds" / "3"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html")) == sorted(
        f"{lang}/{chart}-{theme}.html" for lang in ("en", "ko")
        for chart in ("entries_by_region", "entries_by_category", "entries_by_stage",
                      "entries_by_country") for theme in ("auto", "light", "dark"))
    page = (folder / "ko" / "entries_by_region-dark.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page
    assert '<script src="../../../plotly.min.js"></script>' in page  # the kit's own plotly.js
    assert "https://" not in page.split("<main>")[0]  # nothing fetched from the internet
    assert ">대시보드에서 이 차트 보기</a>" in page
    assert (static_kits["before"] / "plotly.min.js").exists()


@pytest.mark.parametrize(("theme", "page_colours", "paper"), [
    ("light", "html, body { margin: 0; background: #FFFFFF;", "#FFFFFF"),
    ("dark", "html, body { background: #171614; color: #FAFAFA; }", "#171614"),
    ("auto", "@media (prefers-color-scheme: dark) {\n  html, body { background: #171614;",
     "#FFFFFF"),
])
def test_static_embeds_in_their_theme(static_kits, theme, page_colours, paper):
    page = (static_kits["after"] / "embeds" / "3" / "en" /
            f"entries_by_region-{theme}.html").read_text(encoding="utf-8")
    assert page_colours in page
    assert f'"paper_bgcolor":"{paper}"' in page
    # auto follows the reader's system: plotly's colours change with it
    assert ('matchMedia("(prefers-color-scheme: dark)")' in page) == (theme == "auto")
    assert '<a href="/overview?edition=3&amp;lang=en&amp;as_of=2025-09-30&amp;' \
           'chart=entries_by_region" target="_blank" rel="noopener">' in page


def test_static_embeds_are_the_publics_view(static_kits):
    before = (static_kits["before"] / "embeds" / "3" / "en" /
              "entries_by_stage-light.html").read_text(encoding="utf-8")
    after = (static_kits["after"] / "embeds" / "3" / "en" /
             "entries_by_stage-light.html").read_text(encoding="utf-8")
    assert "<title>Of 220 entries, 197 passed screening and 45 reached the final; winners " \
           "under embargo</title>" in before
    assert '"text":["45","197","220"]' in before  # no winners' bar
    assert '"text":["21","45","197","220"]' in after
