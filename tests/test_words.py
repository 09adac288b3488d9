"""Words people can quote: the grammar helpers, one way to say a moment, the glossary, and every
template of the product rendered over a matrix of values in both languages."""

from __future__ import annotations

import re
import string
from datetime import datetime

import pytest

from prizestats.core import reference
from prizestats.core.editions import Edition
from prizestats.core.times import KST
from prizestats.figures import press
from prizestats.words import catalog, grammar, i18n


@pytest.mark.parametrize(("word", "pair", "expected"), [
    ("미주", "이/가", "미주가"), ("서울", "이/가", "서울이"), ("아시아", "은/는", "아시아는"),
    ("중동", "과/와", "중동과"), ("유럽", "을/를", "유럽을"),
    ("서울", "으로/로", "서울로"), ("부산", "으로/로", "부산으로"), ("미주", "으로/로", "미주로"),
    # numbers as they are read: 71 칠십일, 2 이, 3 삼, 10 십, 100 백, 1,000 천, 10,000 만, 0 영
    ("71", "이/가", "71이"), ("2", "이/가", "2가"), ("3", "을/를", "3을"), ("4", "을/를", "4를"),
    ("6", "으로/로", "6으로"), ("7", "으로/로", "7로"), ("10", "으로/로", "10으로"),
    ("100", "은/는", "100은"), ("1,000", "이/가", "1,000이"), ("10,000", "이/가", "10,000이"),
    ("0", "이/가", "0이"), ("12.5", "이/가", "12.5가"), ("45%", "이/가", "45%가"),
    # Latin names as Korean reads them: AI 에이아이, IoT 아이오티, GIS 지아이에스, URL 유알엘,
    # Dubai 두바이, London 런던, Seoul 서울, Bangkok 방콕, Paris 파리
    ("AI", "이/가", "AI가"), ("IoT", "을/를", "IoT를"), ("GIS", "이/가", "GIS가"),
    ("URL", "으로/로", "URL로"), ("Dubai", "이/가", "Dubai가"), ("London", "과/와", "London과"),
    ("Seoul", "으로/로", "Seoul로"), ("Seoul", "이/가", "Seoul이"), ("Bangkok", "이/가", "Bangkok이"),
    ("Paris", "을/를", "Paris를"), ("Seattle", "이/가", "Seattle이"), ("Seattle", "으로/로", "Seattle로"),
    ("Drone", "이/가", "Drone이"),
    # a parenthesis after a word: the particle goes by the word
    ("세계스마트시티기구(WeGO)", "이/가", "세계스마트시티기구(WeGO)가"),
    ("공개 수치(240)", "과/와", "공개 수치(240)와"),
])
def test_korean_particle_follows_the_reading(word, pair, expected):
    assert grammar.particle(word, pair) == expected


def test_a_korean_particle_follows_the_last_name_of_a_tie():
    assert i18n.render("{top:이/가} 가장 많았다", "ko", top=["아시아", "유럽"]) == (
        "아시아, 유럽이 가장 많았다")
    assert i18n.render("{top:이/가} 가장 많았다", "ko", top=["중동", "미주"]) == (
        "중동, 미주가 가장 많았다")


def test_an_unknown_particle_pair_is_refused():
    with pytest.raises(ValueError, match="not a Korean particle pair"):
        grammar.particle("서울", "이/는")


@pytest.mark.parametrize(("count", "expected"), [
    (1, "entry"), ("1", "entry"), (0, "entries"), (2, "entries"), (21, "entries"),
    ("1,234", "entries"), ("<3", "entries"), (1.5, "entries"), ("-1", "entry"),
])
def test_english_plural_by_babel(count, expected):
    assert grammar.plural(count, "entry|entries") == expected


@pytest.mark.parametrize(("template", "values", "expected"), [
    ("{top:The} sent the most", {"top": "Americas"}, "The Americas sent the most"),
    ("from {top:the}", {"top": "Middle East"}, "from the Middle East"),
    ("from {top:the}", {"top": "Asia"}, "from Asia"),
    ("from {top:the}", {"top": "United States"}, "from the United States"),
    ("as of {when:the}", {"when": "end of 1 May 2025 (24:00 KST)"},
     "as of the end of 1 May 2025 (24:00 KST)"),
    ("{n} {n:day|days}", {"n": 1}, "1 day"),
    # the names of a tie read as one name, each with its article
    ("{top:The} led", {"top": ["Americas", "Asia"]}, "The Americas and Asia led"),
    ("from {top:the}", {"top": ["Asia", "Middle East", "Europe"]},
     "from Asia, the Middle East and Europe"),
])
def test_english_templates_with_articles_and_plurals(template, values, expected):
    assert i18n.render(template, "en", **values) == expected


def test_a_spec_of_the_other_language_is_refused():
    with pytest.raises(ValueError, match="Korean particle in a en template"):
        i18n.render("{x:이/가}", "en", x="서울")
    with pytest.raises(ValueError, match="English plural in a ko template"):
        i18n.render("{x:entry|entries}", "ko", x=1)


@pytest.mark.parametrize(("moment", "en", "ko"), [
    (datetime(2025, 8, 25, 23, 59, 59, 999999, tzinfo=KST),
     "end of 25 August 2025 (24:00 KST)", "2025년 8월 25일 24시"),
    (datetime(2025, 8, 25, 23, 59, 59, tzinfo=KST),
     "end of 25 August 2025 (24:00 KST)", "2025년 8월 25일 24시"),
    (datetime(2025, 8, 25, tzinfo=KST), "25 August 2025, 00:00 KST", "2025년 8월 25일 오전 0시"),
    (datetime(2025, 8, 25, 12, tzinfo=KST), "25 August 2025, 12:00 KST",
     "2025년 8월 25일 낮 12시"),
    (datetime(2025, 9, 30, 17, 30, tzinfo=KST),
     "30 September 2025, 17:30 KST", "2025년 9월 30일 오후 5시 30분"),
    (datetime(2025, 9, 30, 17, 29, 59, tzinfo=KST),  # never seconds
     "30 September 2025, 17:29 KST", "2025년 9월 30일 오후 5시 29분"),
    (datetime(2025, 9, 30, 0, 0, 30, tzinfo=KST),
     "30 September 2025, 00:00 KST", "2025년 9월 30일 오전 0시"),
    (datetime(2025, 9, 30, 8, 30, tzinfo=KST).astimezone(KST).replace(tzinfo=None)
     .replace(tzinfo=KST), "30 September 2025, 08:30 KST", "2025년 9월 30일 오전 8시 30분"),
    (datetime.fromisoformat("2025-09-30T08:30:00+00:00"),  # UTC: 17:30 in Seoul
     "30 September 2025, 17:30 KST", "2025년 9월 30일 오후 5시 30분"),
])
def test_one_way_to_say_a_moment(moment, en, ko):
    assert (i18n.moment(moment, "en"), i18n.moment(moment, "ko")) == (en, ko)


# ---------------------------------------------------------------------------------------------
# The glossary


GLOSSARY = reference.glossary()


def test_the_glossary_gives_the_official_names():
    names = {row["code"]: (row["en"], row["ko"]) for row in GLOSSARY}
    assert names["human_centricity"] == ("Human-CentriCity", "사람 중심")
    assert names["tech_innovacity"] == ("Tech-InnovaCity", "기술 혁신")
    assert names["North America"] == ("North America", "북중미")
    assert names["finalist"] == ("Finalist", "본선 진출")
    assert names["term:press_room"] == ("press room", "언론 자료실")
    assert names["term:kst"] == ("KST", "한국 시간")
    assert i18n.label("human_centricity", "ko") == "사람 중심"
    assert i18n.label("North America", "ko") == "북중미"


def test_the_glossary_has_one_row_per_code_and_valid_patterns():
    codes = [row["code"] for row in GLOSSARY]
    assert len(codes) == len(set(codes))
    for row in GLOSSARY:
        assert row["en"], row
        assert row["ko"], row
        assert row["the"] in ("", "the"), row
        for pattern in (row["avoid_en"], row["avoid_ko"]):
            if pattern:
                re.compile(pattern)


def every_code_shown() -> set[str]:
    return {*reference.REGIONS, *reference.REGIONS6, *reference.CATEGORIES,
            *reference.APPLICANT_TYPES, *reference.STAGES, *reference.SECTORS,
            *reference.AWARD_GROUPS, "member", "non_member", "unknown", "organiser", "wego",
            "press"}


def test_every_code_shown_has_its_glossary_row():
    assert every_code_shown() - {row["code"] for row in GLOSSARY} == set()


def message_name(key: str) -> str:
    """A message's key, the pages' words (keys without a namespace) as i18n.<key>."""
    return key if "." in key else f"i18n.{key}"


def templates(lang: str) -> list[tuple[str, str]]:
    """Every template and fixed text the product shows, quotes or exports in a language: every
    message of the catalogs (pages, charts, press sentences, About, the report, the press kit,
    the digest, import problems), and the glossary's labels."""
    return ([(message_name(key), catalog.lookup(key, lang)) for key in catalog.message_keys()]
            + [(f"label.{key}", value[lang]) for key, value in i18n.VALUE_LABELS.items()])


def template_text(template: str) -> str:
    """The words of a template without its fields: what the template itself says."""
    return re.sub(r"\{[^{}]*\}", " ", template)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_string_uses_a_term_the_glossary_replaced(lang):
    avoided = [(row["code"], re.compile(row[f"avoid_{lang}"])) for row in GLOSSARY
               if row[f"avoid_{lang}"]]
    found = [(name, code, pattern.search(template_text(text)).group())
             for name, text in templates(lang) for code, pattern in avoided
             if pattern.search(template_text(text))]
    assert found == []


def test_the_glossary_check_finds_a_replaced_term():
    """The check above is not vacuous: each avoided word is found where it is used."""
    for row in GLOSSARY:
        if row["code"] == "term:press_room":
            assert re.search(row["avoid_ko"], "보도 자료실")
        if row["code"] == "North America":
            assert re.search(row["avoid_ko"], "북미")
        if row["code"] == "finalist":
            assert re.search(row["avoid_ko"], "본선 진출작")
            assert re.search(row["avoid_ko"], "본선 45건")
            assert not re.search(row["avoid_ko"], "본선 진출 45건, 본선에 진출했다")
        if row["code"] == "term:award":
            assert re.search(row["avoid_ko"], "시상 내역")
            assert not re.search(row["avoid_ko"], "시상식")


# ---------------------------------------------------------------------------------------------
# Every template over a matrix of values

MOMENTS = [datetime(2025, 8, 25, 23, 59, 59, 999999, tzinfo=KST), datetime(2025, 8, 25, tzinfo=KST),
           datetime(2025, 9, 30, 17, 30, tzinfo=KST), datetime(2025, 9, 30, 17, 29, 59, tzinfo=KST)]
COUNTS = [1, 2, 0, 3, 10, 11, 21, 71, 100, 1000, 16, 17, 18, 19, 24, 25, 29, "<3"]
NAME_CODES = [*reference.REGIONS, *reference.REGIONS6, *reference.AWARD_GROUPS,
              *reference.APPLICANT_TYPES]
LATIN_NAMES = ["Dubai", "AI", "London", "Seoul", "IoT", "Paris"]
# Fields that hold a moment, a name, or other words; any other field holds a count.
MOMENT_FIELDS = {"when", "as_of", "ceremony", "deadline", "since", "until", "built_at",
                 "finalists_at", "day"}
WORD_FIELDS = {"top", "region", "first", "second", "third", "top_region", "top_type",
               "top_category", "stage", "dimension", "source", "email", "role", "name", "value",
               "reason", "regions", "countries_list", "editions", "edition_name", "file",
               "read_as", "dataset", "version", "url", "ordinal", "pace", "change", "rate",
               "share", "first_share", "last", "first_", "kind", "column", "lang", "sheet",
               "path", "detail", "hint", "problem", "choices", "expected", "given", "where",
               "limit_mb", "values", "columns", "encoding", "header", "what", "text", "unit",
               "metric", "closest", "other", "allowed", "known", "sheets", "found", "error",
               "iso3", "label", "names", "cities_list", "technology", "city", "country",
               "title", "chart"}
# A field named like a count in one template and a moment in another.
MOMENT_IN = {("i18n.embargo_finalists", "finalists"), ("i18n.embargo_finalists", "ceremony"),
             ("i18n.stage_filter_embargoed", "until")}


def value_for(name: str, field: str, spec: str, lang: str, i: int) -> object:
    if name.startswith("moment."):  # the parts of a moment: a day and a clock time
        if field == "day":
            return i18n.day(MOMENTS[i % len(MOMENTS)], lang)
        if field == "clock":
            return i18n.t("moment.minute", lang, hour=17, minute=30)
        if field in ("hour", "minute"):  # a clock time: 오전 0시, 오전 9시, 낮 12시, 오후 6시
            return [0, 9, 12, 18, 23][i % 5]
    if field == "n" or spec == "ordinal":  # an ordinal: 1st, 2nd, 3rd, 11th, 21st ...
        return [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111][i % 12]
    if field in MOMENT_FIELDS or (name, field) in MOMENT_IN:
        return i18n.moment(MOMENTS[i % len(MOMENTS)], lang)
    if field == "year" or field.endswith("_year") or field == "previous":
        return 2025
    if field == "edition":
        return 3
    if spec.endswith((",", "d", "f")):  # a number format: a number
        return [1, 2, 1000, 52_428_800][i % 4]
    if field in WORD_FIELDS or spec in grammar.PARTICLES or spec in ("the", "The"):
        names = [i18n.label(code, lang) for code in NAME_CODES] + LATIN_NAMES
        return names[i % len(names)]
    return COUNTS[i % len(COUNTS)]


def fields(template: str) -> list[tuple[str, str]]:
    return [(field, spec or "") for _, field, spec, _ in string.Formatter().parse(template)
            if field is not None]


def rendered(lang: str) -> list[tuple[str, str]]:
    out = []
    for name, template in templates(lang):
        names = fields(template)
        if not names:
            out.append((name, template))
            continue
        for i in range(max(len(COUNTS), len(NAME_CODES) + len(LATIN_NAMES))):
            values = {field: value_for(name, field, spec, lang, i) for field, spec in names}
            try:
                out.append((name, i18n.render(template, lang, **values)))
            except (KeyError, ValueError, IndexError) as error:
                raise AssertionError(f"{name}: {template!r} with {values}: {error}") from None
    return out


RENDERED = {lang: rendered(lang) for lang in ("en", "ko")}
BOTH_WAYS = re.compile(r"\((가|를|과|으|은|이|와|는|로)\)")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_particle_written_both_ways(lang):
    assert [(name, text) for name, text in RENDERED[lang] if BOTH_WAYS.search(text)] == []


PLURAL_NOUNS = ("entries", "countries", "cities", "days", "finalists", "winners", "awards",
                "editions", "rows", "versions", "were")


def test_no_english_count_of_one_takes_a_plural():
    one = re.compile(rf"(?<![\d,.])1 ({'|'.join(PLURAL_NOUNS)})\b")
    # a rejection's counts are the import's limits (100,000 rows), never 1
    assert [(name, text) for name, text in RENDERED["en"] if one.search(text)
            and not name.startswith("rejections.")] == []


def test_no_english_count_other_than_one_takes_a_singular():
    many = re.compile(r"(?<![\d,.])(0|2|21|71|<3) (entry|country|city|day|finalist|winner)\b")
    assert [(name, text) for name, text in RENDERED["en"] if many.search(text)] == []


# The About page's rule on dates says what KST is: 한국 시간(KST).
NAMES_THE_TIME_ZONE = {"about.as_of"}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_time_zone_said_twice(lang):
    doubled = re.compile(r"KST\W+KST|KST\W+한국 시간|한국 시간\W+KST|한국 시간\W+한국 시간|"
                         r"서울 시간|Seoul time")
    assert [(name, text) for name, text in RENDERED[lang] if doubled.search(text)
            and name not in NAMES_THE_TIME_ZONE] == []


# A label (a bar's text, a select box's option) is not a sentence: it may start with a number;
# nor is a part of one (an ordinal, a year in a list, a moment's clock time or the moment).
LABELS = {"i18n.rate_text", "i18n.entries_shown", "i18n.edition_label", "i18n.upload_summary",
          "i18n.low", "i18n.high", "digest.subject", "i18n.ordinal", "i18n.year_value",
          "moment.at", "moment.hour", "moment.minute", "change.more_entries",
          "change.fewer_entries", "change.more_share", "change.fewer_share", "change.same",
          "change.more_entries_then", "change.fewer_entries_then", "change.more_share_then",
          "change.fewer_share_then", "change.same_then", "i18n.year_so_far",
          # wraps a chart's title, which begins as its own message does
          "i18n.title_so_far",  # a legend label, not a sentence
          # a problem's line on the Data page: it begins with a field's name, never a number
          "data.problem", "data.problem_value"}


def test_no_english_sentence_begins_with_a_numeral():
    starts = re.compile(r"(^|[.!?]\s+)[\d<+-]")
    assert [(name, text) for name, text in RENDERED["en"]
            if name not in LABELS and not name.startswith("rejections.")
            and starts.search(text.replace("[Sample data] ", ""))] == []


# Fields that put a region (or a country) into running English text.
REGION_FIELDS = {"region", "top_region"}
REGION_TOPS = {"i18n.by_region_title", "i18n.map_title", "i18n.conversion_title",
               "i18n.eligible_rate_title"}


def test_english_names_take_their_article():
    """Every template that puts a region or a country in running English text asks for its
    article ({region:the}), so "the Americas" and "the Middle East" never lose it."""
    missing = [(name, field) for name, template in templates("en")
               for field, spec in fields(template)
               if (field in REGION_FIELDS or (field == "top" and name in REGION_TOPS)
                   or (name == "press.regions" and field in ("first", "second", "third")))
               and spec not in ("the", "The")]
    assert missing == []
    titles = [text for name, text in RENDERED["en"] if name == "i18n.by_region_title"]
    assert any(text.startswith("The Middle East sent the most") for text in titles)
    assert any(text.startswith("Asia sent the most") for text in titles)


# Names and codes a Korean sentence may keep in Latin letters: the data's own names (fields),
# the prize partners' names, file formats, commands and settings.
LATIN_ALLOWED = {"WeGO", "CSV", "XLSX", "XLS", "UTF-8", "UTF-16", "CP949", "EUC-KR", "URL",
                 "ID", "KST", "PNG", "SVG", "PDF", "A4", "JSON", "README", "ISO", "OIDC", "GGGI", "IMD",
                 "SEMI", "NYCE", "Smart", "City", "Index",  # WeGO Smart City Index 상
                 "prizestats", "python", "PRIZESTATS_ROLE",
                 "PRIZESTATS_ALLOW_SAMPLE", "editions.csv", "en", "ko", "null", "http", "https",
                 "index.html", "figures.json", "figures.csv", "results.csv", "charts", "png",
                 "svg", "xlsx", "csv", "json", "html", "md", "T", "m", "sample", "build",
                 "from", "data", "make", "run", "server.maxUploadSize",
                 "ZIP", "HTML", "BOM", "plotly.js",  # the data bundle and the press kit's charts
                 "CC", "BY",  # a licence's own name (CC BY 4.0)
                 "English",  # the link to the English page, in its own language
                 "Upload"}  # Streamlit's uploader button, which it writes in English (data.uploader_words)


def korean_latin_words(template: str) -> list[str]:
    text = template_text(template)
    text = re.sub(r"`[^`]*`", " ", text)  # commands and file names in backquotes
    text = re.sub(r"python -m prizestats [\w |-]+", " ", text)
    text = re.sub(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\+09:00)?)?", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.+-]*", text)
    return [w.strip(".") for w in words if w.strip(".") not in LATIN_ALLOWED]


def test_no_english_word_in_the_text_of_a_korean_sentence():
    found = [(name, words) for name, template in templates("ko")
             if not name.startswith("rejections.")  # tested with their own list of codes
             and not name.endswith("datetime_column_format")  # a moment.js format: YYYY년 M월 D일
             and (words := korean_latin_words(template))]
    assert found == []


def test_the_korean_check_finds_english_left_in_a_template():
    assert korean_latin_words("{top} 지역이 most였습니다") == ["most"]
    assert korean_latin_words("`python -m prizestats build` 로 만드세요 (WeGO)") == []


def test_the_matrix_covers_every_template():
    names = {name for name, _ in RENDERED["ko"]}
    assert names == {name for name, _ in templates("ko")}
    assert len(RENDERED["en"]) > 2000  # many values per template


def test_region_sentences_in_both_languages():
    """The press sentence on regions, for each region first: particle and article right."""
    expected = {"Americas": ("The largest number came from the Americas (71)", "미주가 71건으로"),
                "Asia": ("The largest number came from Asia (71)", "아시아가 71건으로"),
                "Middle East": ("The largest number came from the Middle East (71)",
                                "중동이 71건으로"),
                "Europe": ("The largest number came from Europe (71)", "유럽이 71건으로"),
                "Africa": ("The largest number came from Africa (71)", "아프리카가 71건으로"),
                "Oceania": ("The largest number came from Oceania (71)", "오세아니아가 71건으로")}
    for region, (en, ko) in expected.items():
        others = [r for r in reference.REGIONS6 if r != region]
        result = {"edition": 3, "entries": 220, "countries": 52, "cities": 115, "finalists": 0,
                  "winners": 0, "by_region6": {region: 71, others[0]: 66, others[1]: 45,
                                               **dict.fromkeys(others[2:], 5)}}
        as_of = datetime(2025, 10, 31, 23, 59, 59, tzinfo=KST)
        assert press.headlines(result, "en", Edition(3, 2025), as_of)[1].startswith(en)
        assert press.headlines(result, "ko", Edition(3, 2025), as_of)[1].startswith(f"지역별로는 {ko}")
