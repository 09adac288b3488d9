"""Names as Korean and international press write them: countries, cities, technologies."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from prizestats.core import reference
from prizestats.figures import charts, press
from prizestats.store import mapping, sample
from prizestats.words import i18n, names


@pytest.mark.parametrize(("iso3", "lang", "expected"), [
    ("HKG", "en", "Hong Kong"), ("HKG", "ko", "홍콩"),
    ("MAC", "en", "Macau"), ("MAC", "ko", "마카오"),
    ("ZAF", "en", "South Africa"), ("ZAF", "ko", "남아프리카공화국"),
    ("AUS", "en", "Australia"), ("AUS", "ko", "호주"),
    ("COD", "en", "DR Congo"), ("COD", "ko", "콩고민주공화국"),
    ("COG", "en", "Republic of the Congo"), ("COG", "ko", "콩고공화국"),
    ("CAF", "en", "Central African Republic"), ("CAF", "ko", "중앙아프리카공화국"),
    ("PSE", "en", "Palestine"), ("PSE", "ko", "팔레스타인"),
    ("KOR", "en", "South Korea"), ("KOR", "ko", "한국"),
    ("MMR", "en", "Myanmar"), ("CIV", "en", "Côte d'Ivoire"), ("TUR", "en", "Türkiye"),
    ("CZE", "en", "Czech Republic"), ("CZE", "ko", "체코"),
    ("DOM", "ko", "도미니카공화국"), ("DMA", "ko", "도미니카"),
    ("BIH", "en", "Bosnia and Herzegovina"), ("TTO", "ko", "트리니다드토바고"),
    ("GBR", "ko", "영국"), ("USA", "ko", "미국"), ("ARE", "ko", "아랍에미리트"),
    ("NZL", "ko", "뉴질랜드"), ("hkg", "en", "Hong Kong"), (" zaf ", "ko", "남아프리카공화국"),
    ("XXX", "en", "XXX"),
])
def test_country_name(iso3, lang, expected):
    assert names.country_name(iso3, lang) == expected


def test_i18n_country_name_reads_the_same_table():
    assert i18n.country_name("HKG", "en") == "Hong Kong"
    assert i18n.country_name("ZAF", "ko") == "남아프리카공화국"


def test_no_library_generic_forms_are_left():
    for iso3, row in reference.countries().items():
        for name in (row["name_en"], row["name_ko"]):
            assert name == name.strip(), iso3
            assert "  " not in name, iso3
            for odd in ("SAR", " - ", "(Burma)", "Territories", "\u2019", " & ", "특별행정구",
                        "킨샤사", "브라자빌", "지구", " 공화국", " 제도", "오스트레일리아"):
                assert odd not in name, (iso3, name)


@pytest.mark.parametrize(("iso3", "running", "start"), [
    ("USA", "the United States", "The United States"),
    ("GBR", "the United Kingdom", "The United Kingdom"),
    ("NLD", "the Netherlands", "The Netherlands"),
    ("PHL", "the Philippines", "The Philippines"),
    ("ARE", "the United Arab Emirates", "The United Arab Emirates"),
    ("CZE", "the Czech Republic", "The Czech Republic"),
    ("COG", "the Republic of the Congo", "The Republic of the Congo"),
    ("BHS", "the Bahamas", "The Bahamas"),
    ("GMB", "the Gambia", "The Gambia"),
    ("MDV", "the Maldives", "The Maldives"),
    ("SLB", "the Solomon Islands", "The Solomon Islands"),
    ("CYM", "the Cayman Islands", "The Cayman Islands"),
    ("KOR", "South Korea", "South Korea"),
    ("COD", "DR Congo", "DR Congo"),
    ("HKG", "Hong Kong", "Hong Kong"),
])
def test_country_in_english_text(iso3, running, start):
    name = names.country_name(iso3, "en")
    assert i18n.render("from {name:the}", "en", name=name) == f"from {running}"
    assert i18n.render("{name:The} sent", "en", name=name) == f"{start} sent"


def test_the_column_holds_the_or_nothing():
    assert {row["the"] for row in reference.countries().values()} == {"the", ""}


@pytest.mark.parametrize(("city", "lang", "expected"), [
    ("Seoul", "ko", "서울"), ("Busan", "ko", "부산"), ("Dubai", "ko", "두바이"),
    ("Singapore", "ko", "싱가포르"), ("New York City", "ko", "뉴욕"),
    ("Ho Chi Minh City", "ko", "호찌민"), ("São Paulo", "ko", "상파울루"),
    ("  seoul ", "ko", "서울"), ("SEOUL", "ko", "서울"), ("new  york city", "ko", "뉴욕"),
    ("Sao Paulo", "ko", "상파울루"), ("Cluj Napoca", "ko", "클루지나포카"),
    ("Madinah", "ko", "메디나"), ("Bangalore", "ko", "벵갈루루"),
    ("Seoul", "en", "Seoul"), ("  Seoul ", "en", "Seoul"), ("New  York City", "en", "New York City"),
    ("Atlantis", "ko", "Atlantis"), (" Lost   City ", "ko", "Lost City"),
    (None, "ko", ""), (math.nan, "ko", ""), (pd.NA, "en", ""), ("", "ko", ""),
])
def test_city_name(city, lang, expected):
    assert names.city_name(city, lang) == expected


@pytest.mark.parametrize(("name", "lang", "expected"), [
    ("AI", "ko", "AI"), ("IoT sensors", "ko", "IoT 센서"), ("digital twin", "ko", "디지털 트윈"),
    ("Digital Twin", "ko", "디지털 트윈"), ("big data", "ko", "빅데이터"),
    ("Big data", "ko", "빅데이터"), ("blockchain", "ko", "블록체인"), ("5G", "ko", "5G"),
    ("smart grid", "ko", "스마트그리드"), ("mobile app", "ko", "모바일 앱"),
    ("big data", "en", "big data"), ("quantum sensing", "ko", "quantum sensing"),
    (None, "ko", ""),
])
def test_technology_name(name, lang, expected):
    assert names.technology_name(name, lang) == expected


def test_every_sample_city_and_technology_has_a_korean_name():
    table = names.korean_names()
    for city in {c for pool in sample.CITY_POOL.values() for c in pool}:
        assert names.city_name(city, "ko") != city, city
    for winner in reference.known_winners():
        if winner["city"]:
            assert names.city_name(winner["city"], "ko") != winner["city"], winner["city"]
    for technology in {t for group in sample.TECHNOLOGIES.values() for t in group}:
        assert names._key(technology) in table["technology"], technology


def test_names_table_has_known_kinds_and_no_duplicates():
    rows = reference.read_csv(reference.REFERENCE_DIR / "names_ko.csv")
    assert {row["kind"] for row in rows} == {"city", "technology"}
    keys = [(row["kind"], names._key(row["name"])) for row in rows]
    assert len(keys) == len(set(keys))
    assert all(row["ko"].strip() == row["ko"] and row["ko"] for row in rows)


@pytest.mark.parametrize(("old", "iso3"), [
    ("Hong Kong SAR China", "HKG"), ("홍콩(중국 특별행정구)", "HKG"), ("Hong Kong", "HKG"),
    ("Macao SAR China", "MAC"), ("Macao", "MAC"), ("Macau", "MAC"),
    ("남아프리카", "ZAF"), ("남아공", "ZAF"), ("오스트레일리아", "AUS"), ("호주", "AUS"),
    ("Congo - Kinshasa", "COD"), ("콩고-킨샤사", "COD"), ("DR Congo", "COD"),
    ("Congo - Brazzaville", "COG"), ("콩고-브라자빌", "COG"), ("Republic of the Congo", "COG"),
    ("Myanmar (Burma)", "MMR"), ("Palestinian Territories", "PSE"), ("팔레스타인 지구", "PSE"),
    ("Côte d\u2019Ivoire", "CIV"), ("Côte d'Ivoire", "CIV"), ("Czechia", "CZE"),
    ("Czech Republic", "CZE"), ("중앙 아프리카 공화국", "CAF"), ("도미니카 공화국", "DOM"),
    ("Trinidad & Tobago", "TTO"), ("Trinidad and Tobago", "TTO"), ("대한민국", "KOR"),
    ("한국", "KOR"), ("바티칸 시국", "VAT"),
])
def test_old_and_new_names_still_import(old, iso3):
    assert mapping.country_code(old) == iso3


def test_every_country_imports_by_its_names():
    for iso3, row in reference.countries().items():
        assert mapping.country_code(row["name_en"]) == iso3, row["name_en"]
        assert mapping.country_code(row["name_ko"]) == iso3, row["name_ko"]


def test_korean_city_map_and_technology_bars():
    cities = pd.DataFrame({"city": ["Seoul", "Atlantis"], "country": ["KOR", "XXA"],
                           "entries": [5, 4],
                           "latitude": [37.57, 1.0], "longitude": [126.98, 1.0],
                           "name_en": ["South Korea", "Nowhere"], "name_ko": ["한국", "없음"]})
    korean = charts.entries_by_city(cities, "ko", "출처")
    assert list(korean.data[0].text) == ["서울, 한국", "Atlantis, 없음"]
    assert "서울" in korean.layout.title.text
    english = charts.entries_by_city(cities, "en", "Source")
    assert list(english.data[0].text) == ["Seoul, South Korea", "Atlantis, Nowhere"]
    techs = pd.DataFrame({"technology": ["big data", "AI"], "entries": [3, 7]})
    bars = charts.ranked_bars(techs, "technology", "ko", "출처", "제목")
    assert set(bars.data[0].y) == {"AI", "빅데이터"}


def test_korean_results_table_city():
    frame = pd.DataFrame({
        "stage": ["winner", "winner"], "award": ["gold", "gold"],
        "award_group": ["human_centricity", "tech_innovacity"],
        "category": ["human_centricity", "tech_innovacity"], "applicant_name": ["A", "B"],
        "city": ["Prague", None], "country_name_en": ["Czech Republic", "South Korea"],
        "country_name_ko": ["체코", "한국"], "project_title": ["P", None]})
    table = press.results_table(frame, "ko")
    assert list(table[i18n.t("city", "ko")]) == ["프라하", ""]
    assert list(table[i18n.t("country", "ko")]) == ["체코", "한국"]
    assert list(press.results_table(frame, "en")[i18n.t("city", "en")]) == ["Prague", ""]
