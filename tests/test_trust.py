"""Nothing reaches a viewer as markup that came from outside: hostile strings in the data and in
the URL, run through every chart builder, every page (AppTest) and the press kit."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURE_SUBMISSIONS, ROOT, entry, write_fixture_csvs
from streamlit.testing.v1 import AppTest

from prizestats.core import safe
from prizestats.core.times import KST, parse_as_of
from prizestats.figures import charts, press
from prizestats.outputs import presskit
from prizestats.store import archive, build, db

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
    shown = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec["data"]:
            shown += [(label, v) for label, v in zip(trace.get("y", []), trace.get("x", []),
                                                     strict=False)
                      if isinstance(v, int | float) and v != 0]
    # the only length drawn: the stage chart's Entries bar, the same one-way count as the card
    assert shown == [("Entries", 2)]
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


# -- output files: a link in an output folder is replaced, never written through ----------------

KNOWN = b"a file outside the output folder: no command may change it\n"
TEMPORARY = ("{}.part", ".{}.part", "{}.tmp")  # names a temporary file would take, for guessing


def plant_links(folder: Path, finals: list[str], outside: Path, extra: tuple[str, ...] = ()
                ) -> None:
    """A link at each final name in `folder` and at the temporary names beside it, each to a file
    of its own outside the folder, holding KNOWN."""
    names = [*finals, *extra, *[str(Path(final).with_name(pattern.format(Path(final).name)))
                                for final in finals for pattern in TEMPORARY]]
    for n, name in enumerate(names):
        target = outside / f"{n}-{Path(name).name}"
        target.write_bytes(KNOWN)
        link = folder / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)


def outside_state(outside: Path) -> dict[str, tuple[bytes, int]]:
    """Every file outside: its content and its time (a write through a link changes one)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(outside.iterdir())}


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def assert_written_in_place(folder: Path, finals: list[str], outside: Path,
                            before: dict[str, tuple[bytes, int]]) -> None:
    assert outside_state(outside) == before
    for final in finals:
        path = folder / final
        assert not path.is_symlink(), final
        assert path.is_file(), final
        assert path.read_bytes() != KNOWN, final


@pytest.fixture
def fixture_run(fixture_db):
    con = db.connect(fixture_db)
    yield lambda name, params: db.run(con, name, params)
    con.close()


class _Quiet:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def test_the_report_replaces_links_at_its_names(fixture_run, tmp_path, outside):
    from prizestats.outputs import report

    out = tmp_path / "out"
    finals = ["report-1-en-press.pdf"]
    plant_links(out, finals, outside)
    before = outside_state(outside)
    written = report.build(fixture_run, out, 1, ("en",), "press", parse_as_of(NOW),
                           parse_as_of(NOW), progress=lambda total: report.Progress(total, _Quiet()))
    assert [p.name for p in written] == finals
    assert_written_in_place(out, finals, outside, before)
    assert (out / finals[0]).read_bytes().startswith(b"%PDF")


KIT = ["figures.json", "README.md", "index.html", "en/index.html", "en/figures.csv",
       "en/figures.xlsx", "en/results.csv", "en/results.xlsx",
       "plotly.min.js", "world_110m.js",
       *[f"en/charts/{name}.{kind}" for name in presskit.CHARTS
         for kind in ("png", "svg", "zip", "html")],
       *[f"embeds/1/en/{name}-{theme}.html" for name in presskit.CHARTS
         for theme in ("auto", "light", "dark")],
       "en/sscp-2023-calendar-en.ics", "en/revisions.csv"]


def test_the_press_kit_replaces_links_at_its_names(fixture_run, tmp_path, outside):
    out = tmp_path / "kit"
    plant_links(out, KIT, outside)
    before = outside_state(outside)
    written = presskit.build(fixture_run, out, 1, ("en",), parse_as_of(NOW), now=parse_as_of(NOW),
                             progress=lambda total: presskit.Progress(total, stream=_Quiet()))
    assert sorted(str(p.relative_to(out)) for p in written) == sorted(KIT)
    assert_written_in_place(out, KIT, outside, before)


def test_the_press_kit_refuses_a_link_in_place_of_its_folders(fixture_run, tmp_path, outside):
    out = tmp_path / "kit"
    out.mkdir()
    (out / "en").symlink_to(outside, target_is_directory=True)
    with pytest.raises(FileExistsError, match="is a link, not a folder"):
        presskit.build(fixture_run, out, 1, ("en",), parse_as_of(NOW), now=parse_as_of(NOW),
                       progress=lambda total: presskit.Progress(total, stream=_Quiet()))
    assert list(outside.iterdir()) == []


def test_the_digest_files_and_state_replace_links_at_their_names(sample_db, tmp_path, outside,
                                                                monkeypatch):
    from prizestats.cli import digest as digest_cli
    from prizestats.outputs import digest, mail

    monkeypatch.setenv("PRIZESTATS_NOW", "2025-05-02T08:00:00+09:00")
    monkeypatch.setattr(digest, "draw_images", lambda rendered, progress: {
        (r.lang, name): b"\x89PNG" for r in rendered for name in digest.CHARTS})
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[prizestats.digest]\napp_url = "https://stats.example.org/"\n',
                       encoding="utf-8")
    out = tmp_path / "out"
    finals = [f"digest-3-2025-05-01-{lang}.{kind}" for lang in ("en", "ko")
              for kind in ("eml", "html")]
    plant_links(out, finals, outside)
    before = outside_state(outside)
    assert digest_cli.main(["--db", str(sample_db), "--edition", "3", "--as-of", "2025-05-01",
                        "--lang", "en,ko", "--secrets", str(secrets), "--out", str(out)]) == 0
    assert_written_in_place(out, finals, outside, before)

    state = tmp_path / "data" / ".live.duckdb.digest.json"
    plant_links(state.parent, [state.name], outside)
    before = outside_state(outside)
    mail.write_state(state, {"version": 1, "covered": {}})
    assert_written_in_place(state.parent, [state.name], outside, before)
    assert json.loads(state.read_text(encoding="utf-8")) == {"version": 1, "covered": {}}


class _Clock(datetime):
    """The importer's clock stopped, so that a version's name can be known beforehand."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 12, 1, 12, 0, tzinfo=KST).astimezone(tz)


VERSION = "versions/20261201-120000-000000.duckdb"


def test_an_import_replaces_links_at_the_files_it_keeps(fixture_db, tmp_path, outside,
                                                        monkeypatch):
    from prizestats.__main__ import main

    monkeypatch.setattr(archive, "datetime", _Clock)
    live = tmp_path / "data" / "live.duckdb"
    live.parent.mkdir()
    shutil.copyfile(fixture_db, live)
    rows = [dict(r) for r in FIXTURE_SUBMISSIONS if r["edition"] == "1"]
    rows[0]["applicant_name"] = "Seoul Digital Foundation"
    rows[1]["country"] = "Atlantis"  # rejected: --partial writes the rejected rows beside the file
    source = write_fixture_csvs(tmp_path / "export", rows) / "submissions.csv"
    kept = f"imports/{hashlib.sha256(source.read_bytes()).hexdigest()}.csv"
    finals = [kept, VERSION]
    plant_links(live.parent, finals, outside, extra=("versions/.20261201-120000-000000.copying",))
    plant_links(source.parent, ["submissions.csv.rejects.csv"], outside)
    before = outside_state(outside)
    assert main(["import", str(source), "--partial", "--db", str(live)]) == 0
    assert_written_in_place(live.parent, finals, outside, before)
    assert_written_in_place(source.parent, ["submissions.csv.rejects.csv"], outside, before)


def test_a_build_replaces_links_at_the_version_it_keeps(fixture_db, tmp_path, outside,
                                                       monkeypatch):
    from prizestats.__main__ import main

    monkeypatch.setattr(archive, "datetime", _Clock)
    live = tmp_path / "data" / "live.duckdb"
    live.parent.mkdir()
    shutil.copyfile(fixture_db, live)
    plant_links(live.parent, [VERSION], outside, extra=("versions/.20261201-120000-000000.copying",
                                                         ".live.duckdb.part"))
    before = outside_state(outside)
    folder = write_fixture_csvs(tmp_path / "csv")
    assert main(["build", "--from", str(folder), "--db", str(live)]) == 0
    assert_written_in_place(live.parent, [VERSION, "live.duckdb"], outside, before)


def test_the_sample_replaces_links_at_its_names(tmp_path, outside):
    from prizestats.__main__ import main

    finals = ["submissions.csv", "editions.csv"]
    plant_links(tmp_path / "sample", finals, outside)
    before = outside_state(outside)
    assert main(["sample", "--out", str(tmp_path / "sample")]) == 0
    assert_written_in_place(tmp_path / "sample", finals, outside, before)


def test_a_link_in_place_of_a_lock_is_refused_not_emptied(fixture_db, tmp_path, outside, capsys):
    from prizestats.__main__ import main
    from prizestats.outputs import mail

    live = tmp_path / "data" / "live.duckdb"
    live.parent.mkdir()
    shutil.copyfile(fixture_db, live)
    plant_links(live.parent, [".live.duckdb.lock", ".live.duckdb.digest.json.lock"], outside)
    before = outside_state(outside)
    source = write_fixture_csvs(tmp_path / "export") / "submissions.csv"
    assert main(["import", str(source), "--db", str(live)]) == 2
    assert capsys.readouterr().err == (f"error: {live.parent / '.live.duckdb.lock'}: Too many "
                                       "levels of symbolic links\n")
    state = live.with_name(".live.duckdb.digest.json")
    with pytest.raises(OSError, match="symbolic links"), mail.one_sender(state):
        pass
    assert outside_state(outside) == before
