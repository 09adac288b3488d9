"""The data bundle (outputs/bundle.py, `python -m prizestats bundle`, the Download menu's ZIP)
and the licence of published data: what the ZIP holds, in both languages, at the embargo second
and under a filter, and where the licence is named."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from test_cli import cli
from test_pages import app

from prizestats.core import settings
from prizestats.core.scope import Scope
from prizestats.core.times import parse_as_of
from prizestats.figures import press
from prizestats.outputs import bundle
from prizestats.store import db

NOW = parse_as_of("2026-11-26")
LATER = "2026-03-20T12:00:00+09:00"  # months after the 2025 ceremony
EMBARGO = "under embargo until 30 September 2025, 17:30 KST"
KOGL_URL = "https://www.kogl.or.kr/info/licenseType1.do"


@pytest.fixture(scope="module")
def sample_run(sample_db):
    con = db.connect(sample_db)
    with con:
        yield lambda name, params: db.run(con, name, params)


def unzip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


EVERYTHING = Scope()


def make(run, chart: str, lang: str = "en", role: str = "press", as_of: str = LATER,
         scope: Scope = EVERYTHING) -> tuple[str, dict[str, str]]:
    name, data = bundle.make(run, chart, 3, lang, role, parse_as_of(as_of), NOW, scope)
    return name, unzip(data)


CITATION_EN = ("[Sample data] Seoul Metropolitan Government and World Smart Sustainable Cities "
               "Organization (WeGO), \"Seoul Smart City Prize entry statistics, third edition "
               "(2025)\", as of 30 September 2025, 17:30 KST, compiled with prizestats.")
CITATION_KO = ("[샘플 데이터] 서울특별시·세계스마트시티기구(WeGO), 「제3회 서울 스마트도시 상 접수 "
               "통계」(2025), 2025년 9월 30일 오후 5시 30분 기준, prizestats로 집계.")


@pytest.mark.parametrize(("lang", "csv_text", "expected"), [
    ("en", "Region,Entries,Eligible,Finalists,Winners\nAmericas,71,64,6,3\nAsia,66,56,18,10\n"
           "Middle East,45,43,11,4\nEurope,26,24,6,<3\nAfrica,10,8,4,<3\nOceania,2,<3,0,0\n",
     {"title": "Seoul Smart City Prize 2025 (third edition)",
      "finding": "The Americas sent the most entries: 71 of 220",
      "source": "Source: Sample data · Seoul Smart City Prize entry data (prizestats) · as of "
                "30 September 2025, 17:30 KST · KOGL Type 1",
      "citation": CITATION_EN,
      "licence": {"code": "kogl-1", "name": "KOGL Type 1 (source must be credited)",
                  "url": KOGL_URL,
                  "attribution": "Published under KOGL Type 1 (source must be credited), whose "
                                 f"terms are at {KOGL_URL}: anyone may reuse these figures, "
                                 "commercially too, crediting the source as follows: "
                                 + CITATION_EN},
      "columns": [
          {"name": "Region", "definition": "the region of the entry's country: seven regions, "
                                           "or six with North and South America joined as the "
                                           "Americas"},
          {"name": "Entries", "definition": "every entry of the edition, withdrawn ones included"},
          {"name": "Eligible", "definition": "entries that passed eligibility screening"},
          {"name": "Finalists", "definition": "finalists, winners included"},
          {"name": "Winners", "definition": "entries that won an award"}],
      "symbols": {"<3": "a count of 1 or 2 in a breakdown, hidden so that no entrant can be "
                        "singled out",
                  "under embargo": "a result not announced yet: it becomes public at the moment "
                                   "named"}}),
    ("ko", "지역,접수,적격,본선 진출,수상\n미주,71,64,6,3\n아시아,66,56,18,10\n중동,45,43,11,4\n"
           "유럽,26,24,6,<3\n아프리카,10,8,4,<3\n오세아니아,2,<3,0,0\n",
     {"title": "서울 스마트도시 상 2025년 (제3회)",
      "finding": "미주 지역 접수가 가장 많았습니다: 전체 220건 중 71건",
      "source": "출처: 샘플 데이터 · 서울 스마트도시 상 접수 자료 (prizestats) · 2025년 9월 30일 "
                "오후 5시 30분 기준 · 공공누리 제1유형",
      "citation": CITATION_KO,
      "licence": {"code": "kogl-1", "name": "공공누리 제1유형(출처표시)", "url": KOGL_URL,
                  "attribution": "이 자료는 공공누리 제1유형(출처표시) 조건으로 공개되어 상업적 "
                                 "이용을 포함해 누구나 자유롭게 이용할 수 있으며, 출처는 다음과 "
                                 f"같이 표시해야 합니다: {CITATION_KO} 이용 조건: {KOGL_URL}"},
      "columns": [
          {"name": "지역", "definition": "접수 국가가 속한 지역: 7개 지역, 또는 남북아메리카를 "
                                         "합친 6개 지역"},
          {"name": "접수", "definition": "해당 회차의 모든 접수 건 (철회 포함)"},
          {"name": "적격", "definition": "적격 심사를 통과한 접수 건"},
          {"name": "본선 진출", "definition": "본선 진출 건 (수상 포함)"},
          {"name": "수상", "definition": "상을 받은 접수 건"}],
      "symbols": {"<3": "세부 구분에서 1건이나 2건인 수치로, 참가자를 특정할 수 없도록 가립니다",
                  "엠바고": "아직 발표되지 않은 결과로, 적힌 시각에 공개됩니다"}}),
])
def test_the_bundle_of_a_chart_in_each_language(sample_run, lang, csv_text, expected):
    name, files = make(sample_run, "entries_by_region", lang)
    stem = f"sscp-2025-entries_by_region-{lang}"
    assert name == f"{stem}.zip"
    assert list(files) == [f"{stem}.csv", f"{stem}.flags.csv", "metadata.json", "README.md"]
    assert files[f"{stem}.csv"] == "\ufeff" + csv_text  # UTF-8 with a BOM, as the view shows it
    meta = json.loads(files["metadata.json"])
    assert list(meta) == ["chart", "title", "finding", "edition", "year", "language", "role",
                          "filters", "as_of", "read_at", "source", "citation", "url",
                          "embed_url", "licence", "columns", "symbols", "flags", "flags_file",
                          "sample_data",
                          "data_version", "files"]
    assert {key: meta[key] for key in expected} == expected
    assert (meta["chart"], meta["edition"], meta["year"], meta["language"], meta["role"],
            meta["filters"], meta["as_of"], meta["read_at"], meta["sample_data"]) == (
        "entries_by_region", 3, 2025, lang, "press", {}, "2025-09-30T17:30+09:00",
        "2026-03-20T12:00+09:00", True)
    assert meta["url"] == (f"/overview?edition=3&lang={lang}&as_of=2026-03-20"
                           "&chart=entries_by_region")
    assert meta["embed_url"] == (f"/embed?chart=entries_by_region&edition=3&lang={lang}"
                                 "&as_of=2026-03-20&theme=auto")
    assert list(meta["flags"]) == ["p", "r", "x", "c", "z"]
    assert meta["data_version"].startswith("3:")  # the database's fingerprint (schema 3)
    assert len(meta["data_version"]) == 66
    assert meta["files"] == list(files)
    # the README says the same for a person, in the bundle's language
    readme = files["README.md"]
    for text in (f"# {expected['finding']}", expected["citation"],
                 expected["licence"]["attribution"], meta["url"], meta["embed_url"],
                 *(f"- **{c['name']}**: {c['definition']}" for c in expected["columns"]),
                 *(f"- `{s}`: {m}" for s, m in expected["symbols"].items())):
        assert text in readme, text
    heading = {"en": "## Licence", "ko": "## 이용 조건"}[lang]
    assert f"\n{heading}\n" in readme


def test_the_links_take_the_public_address_and_the_filters(sample_run, monkeypatch):
    monkeypatch.setenv("PRIZESTATS_PUBLIC_URL", "https://stats.example.org/")
    _, files = make(sample_run, "entries_by_country", scope=Scope(regions=("Asia",),
                                                                  countries=("KOR", "JPN")))
    meta = json.loads(files["metadata.json"])
    assert meta["filters"] == {"region": ["Asia"], "country": ["KOR", "JPN"]}
    assert meta["url"] == ("https://stats.example.org/regions?edition=3&lang=en"
                           "&as_of=2026-03-20&region=Asia&country=KOR&country=JPN"
                           "&chart=entries_by_country")
    assert meta["embed_url"] == ("https://stats.example.org/embed?chart=entries_by_country"
                                 "&edition=3&lang=en&as_of=2026-03-20&region=Asia&country=KOR"
                                 "&country=JPN&theme=auto")
    assert "- Regions: Asia\n- Countries: South Korea, Japan\n" in files["README.md"]


@pytest.mark.parametrize(("as_of", "stage_csv", "region_winners"), [
    ("2025-09-30T17:29:59+09:00",
     f"Stage,Entries\nEntries,220\nEligible,197\nFinalists,45\nWinners,\"{EMBARGO}\"\n",
     [f"\"{EMBARGO}\""] * 6),
    ("2025-09-30T17:30:00+09:00",
     "Stage,Entries\nEntries,220\nEligible,197\nFinalists,45\nWinners,21\n",
     ["3", "10", "4", "<3", "<3", "0"]),
])
def test_the_press_bundle_at_the_embargo_second(sample_run, as_of, stage_csv, region_winners):
    _, stage = make(sample_run, "entries_by_stage", as_of=as_of)
    assert stage["sscp-2025-entries_by_stage-en.csv"] == "\ufeff" + stage_csv
    _, regions = make(sample_run, "entries_by_region", as_of=as_of)
    rows = regions["sscp-2025-entries_by_region-en.csv"].splitlines()[1:]
    assert [row.split(",", 4)[4] for row in rows] == region_winners
    text = "\n".join([*stage.values(), *regions.values()])
    before = as_of.endswith("17:29:59+09:00")
    # the finding, the README and the metadata say nothing of the winners before the ceremony
    assert ("21 winners" in text) is not before
    assert ("winners under embargo" in text) is before


def test_small_counts_under_a_filter_are_hidden_from_the_press_only(sample_run):
    australia = Scope(countries=("AUS",))
    _, press_files = make(sample_run, "entries_by_category", scope=australia)
    assert press_files["sscp-2025-entries_by_category-en.csv"] == (
        "\ufeffCategory,Entries,Eligible,Finalists,Winners\nHuman-CentriCity,<3,<3,0,0\n"
        "Tech-InnovaCity,<3,<3,0,0\nLeadership,0,0,0,0\n")
    _, organiser = make(sample_run, "entries_by_category", role="organiser", scope=australia)
    assert organiser["sscp-2025-entries_by_category-en.csv"] == (
        "\ufeffCategory,Entries,Eligible,Finalists,Winners\nHuman-CentriCity,1,1,0,0\n"
        "Tech-InnovaCity,1,1,0,0\nLeadership,0,0,0,0\n")


def test_another_licence_is_named_everywhere(sample_run, monkeypatch):
    monkeypatch.setenv("PRIZESTATS_LICENCE", "cc-by-4.0")
    _, files = make(sample_run, "entries_by_stage", lang="ko")
    meta = json.loads(files["metadata.json"])
    assert (meta["licence"]["code"], meta["licence"]["name"], meta["licence"]["url"]) == (
        "cc-by-4.0", "CC BY 4.0(저작자표시)", "https://creativecommons.org/licenses/by/4.0/")
    assert meta["source"].endswith(" · CC BY 4.0")
    assert "이 자료는 CC BY 4.0(저작자표시) 조건으로 공개되어" in files["README.md"]
    monkeypatch.setenv("PRIZESTATS_LICENCE", "mine")
    with pytest.raises(settings.SettingsError, match=r"the licences are kogl-1, cc-by-4\.0"):
        press.licence_name("en")


# -- the command ---------------------------------------------------------------------------------

def test_the_command_writes_the_zip(sample_db, tmp_path):
    result = cli("bundle", "--chart", "entries_by_category", "--edition", "3", "--lang", "ko",
                 "--as-of", LATER, "--country", "aus", "--out", str(tmp_path), db=sample_db)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "sscp-2025-entries_by_category-ko.zip"
    assert result.stdout == f"wrote {path}\n"
    files = unzip(path.read_bytes())
    assert files["sscp-2025-entries_by_category-ko.csv"] == (
        "\ufeff부문,접수,적격,본선 진출,수상\n사람 중심,<3,<3,0,0\n기술 혁신,<3,<3,0,0\n"
        "리더십,0,0,0,0\n")
    assert json.loads(files["metadata.json"])["filters"] == {"country": ["AUS"]}


@pytest.mark.parametrize(("args", "message"), [
    (["--chart", "entries_by_city"],
     "error: --chart 'entries_by_city': unknown chart; the charts are entries_by_region, "
     "entries_by_category, entries_by_stage, entries_by_country\n"),
    (["--chart", "entries_by_region", "--as-of", "2099-01-01"],
     "is later than now: a press bundle can only show what has been announced"),
    (["--chart", "entries_by_region", "--edition", "7"],
     "error: edition 7 is not in the database (editions: 1, 2, 3, 4)\n"),
    (["--chart", "entries_by_region", "--region", "Atlantis"],
     "'Atlantis': the values are Asia, Middle East"),
    (["--chart", "entries_by_region", "--country", "XYZ"],
     "'XYZ' is not an ISO 3166 alpha-3 country code"),
])
def test_the_command_refuses_bad_input_in_one_line(sample_db, tmp_path, args, message):
    result = cli("bundle", "--out", str(tmp_path / "out"), *args, db=sample_db)
    assert result.returncode == 2
    assert message in result.stderr
    if message.startswith("error:"):
        assert result.stderr == message
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_command_names_a_bad_licence_setting(sample_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PRIZESTATS_LICENCE", "mine")
    result = cli("bundle", "--chart", "entries_by_region", "--out", str(tmp_path), db=sample_db)
    assert result.returncode == 2
    assert result.stderr == ("error: PRIZESTATS_LICENCE='mine': the licences are kogl-1, "
                             "cc-by-4.0\n")


# -- the dashboard ---------------------------------------------------------------------------------

@pytest.fixture
def on_the_sample(monkeypatch, sample_db):
    """The dashboard over the sample, as a local organiser at the real clock (test_pages)."""
    monkeypatch.setenv("PRIZESTATS_DB", str(sample_db))
    monkeypatch.delenv("PRIZESTATS_ROLE", raising=False)
    monkeypatch.delenv("PRIZESTATS_NOW", raising=False)


@pytest.mark.parametrize(("lang", "heading", "start"), [
    ("en", "Licence", "Published under KOGL Type 1 (source must be credited), whose terms are at "
                      "https://www.kogl.or.kr/info/licenseType1.do: anyone may reuse"),
    ("ko", "이용 조건", "이 자료는 공공누리 제1유형(출처표시) 조건으로 공개되어"),
])
@pytest.mark.usefixtures("on_the_sample")
def test_the_about_page_names_the_licence(lang, heading, start):
    at = app("pages/about.py", lang=lang)
    assert heading in [s.value for s in at.subheader]
    assert any(c.value.startswith(start) for c in at.code)


@pytest.mark.usefixtures("on_the_sample")
def test_every_chart_of_the_overview_offers_its_data_bundle():
    at = app("pages/overview.py", tables=False)
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels.count("Data and metadata (ZIP)") == 3  # regions, categories, stages
