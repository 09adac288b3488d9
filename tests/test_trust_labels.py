"""Every label drawn from data is escaped: a hostile name in each reference table (the countries'
names in English and Korean, the glossary, the Korean names of cities) and in the URL, read back
from every widget's label, help and options (AppTest) and from the page's text.

Streamlit renders markdown in a widget's label and help, in a segmented control's or radio's
options, and in an expander's, tab's or popover's label; a selectbox's and a multiselect's options
are plain text (seen in chromium: escaping them would show the backslashes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE_SUBMISSIONS, ROOT, write_fixture_csvs
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from prizestats.core import reference
from prizestats.store import build
from prizestats.words import i18n, names

HOSTILE = "**Bold** [x](https://evil.example/x) ![i](https://evil.example/i.png)"
WJ = "\u2060"  # safe.markdown's word joiner, which stops an autolink
# What a markdown label is given for HOSTILE: every mark escaped, written out.
ESCAPED = (r"\*\*Bold\*\* \[x\]\(https" + WJ + r"\:\/\/evil\.example\/x\) "
           r"\!\[i\]\(https" + WJ + r"\:\/\/evil\.example\/i\.png\)")
IN_URL = "[u](https://evil.example/u) **U**"  # a value typed into the address
# markup that renders in a label: bold, a link, an image (not preceded by a backslash)
UNESCAPED = re.compile(r"(?<!\\)(\*\*|!\[|\[|\]\()")
NOW = "2026-11-26T12:00:00+09:00"
# the fields Streamlit renders as markdown (a multiselect's and a selectbox's "options" are not)
MARKDOWN_FIELDS = {"label", "help", "content"}
CODES = (*reference.REGIONS, *reference.CATEGORIES, *reference.APPLICANT_TYPES,
         *reference.STAGES, "organiser", "wego", "press")
CHOSEN = {"region": "Asia", "country": "KOR", "category": "tech_innovacity",
          "applicant_type": "company", "stage": "eligible"}


def hostile_countries() -> dict[str, dict[str, str]]:
    countries = {iso3: dict(row) for iso3, row in reference.countries().items()}
    for iso3 in {row["country"] for row in FIXTURE_SUBMISSIONS}:
        countries[iso3]["name_en"] = countries[iso3]["name_ko"] = HOSTILE
    return countries


COUNTRIES = hostile_countries()


@pytest.fixture(scope="module")
def labels_db(tmp_path_factory) -> Path:
    folder = write_fixture_csvs(tmp_path_factory.mktemp("labels_csv"))
    path = tmp_path_factory.mktemp("labels_db") / "labels.duckdb"
    with pytest.MonkeyPatch.context() as patch:  # the names go into the database's countries
        patch.setattr(reference, "countries", lambda: COUNTRIES)
        build.build(folder, path)
    return path


@pytest.fixture
def hostile_reference(monkeypatch, labels_db):
    """Every reference table that feeds a label holds the hostile name."""
    monkeypatch.setattr(reference, "countries", lambda: COUNTRIES)
    for code in CODES:
        monkeypatch.setitem(i18n.VALUE_LABELS, code, {"en": HOSTILE, "ko": HOSTILE})
    cities = {"city": {c: HOSTILE for c in ("seoul", "busan", "tokyo", "paris")},
              "technology": {"ai": HOSTILE}}
    monkeypatch.setattr(names, "korean_names", lambda: cities)
    monkeypatch.setenv("PRIZESTATS_DB", str(labels_db))
    monkeypatch.setenv("PRIZESTATS_NOW", NOW)


def strings(message: Message, path: str = ""):
    """(field name, text) of every text field of a protobuf message, nested ones too."""
    for field, value in message.ListFields():
        items = value if field.is_repeated else [value]
        for item in items:
            if field.type == field.TYPE_MESSAGE:
                yield from strings(item, field.name)
            elif field.type == field.TYPE_STRING:
                yield field.name, item


def widget_texts(at: AppTest) -> list[tuple[str, str, str]]:
    """(element, field, text) of every label, help text and option on the page, in the sidebar
    too (the filters), of widgets and of blocks (popover, expander, tab)."""
    found = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message) and node.type not in ("plotly_chart", "arrow_data_frame"):
            found += [(node.type, field, text) for field, text in strings(proto)
                      if field in (*MARKDOWN_FIELDS, "options")]
    return found


def page_text(at: AppTest) -> list[str]:
    elements = [*at.markdown, *at.caption, *at.warning, *at.info, *at.error, *at.success,
                *at.title, *at.header, *at.subheader]
    return [str(e.value) for e in elements]


def chips(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("chip_")]


def open_page(page: str, lang: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for name, value in {"edition": "1", "lang": lang, **params}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def assert_labels_are_text(at: AppTest) -> None:
    """No label, help or markdown option carries markup; no page text carries the names raw."""
    texts = widget_texts(at)
    rendered = [(e, f, t) for e, f, t in texts if f in MARKDOWN_FIELDS or e == "radio"]
    assert [(e, f, t) for e, f, t in rendered if UNESCAPED.search(t)] == []
    assert [t for t in page_text(at) if HOSTILE in t or IN_URL in t] == []
    # a value from the address is never a label or an option: it is refused with a notice
    assert [t for _, _, t in texts if "evil.example/u" in t] == []


@pytest.mark.parametrize(("lang", "role", "expected"), [
    ("en", "press", ["Region: " + ESCAPED + " ✕", "Country: " + ESCAPED + " ✕",
                     "Category: " + ESCAPED + " ✕", "Applicant type: " + ESCAPED + " ✕",
                     "Stage reached: " + ESCAPED + " ✕", "Clear all"]),
    ("ko", "organiser", ["지역: " + ESCAPED + " ✕", "국가: " + ESCAPED + " ✕",
                         "부문: " + ESCAPED + " ✕", "신청자 유형: " + ESCAPED + " ✕",
                         "도달 단계: " + ESCAPED + " ✕", "모두 지우기"]),
])
def test_chips_and_labels_show_reference_names_as_text(monkeypatch, hostile_reference, lang,
                                                        role, expected):
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = open_page("pages/overview.py", lang,
                   **{name: [value, IN_URL] for name, value in CHOSEN.items()})
    assert chips(at) == expected
    assert_labels_are_text(at)
    # the sidebar's lists are plain text: the names as they are, not escaped
    countries = at.multiselect(key="widget_country")
    assert HOSTILE in countries.options
    assert countries.value == ["KOR"]


@pytest.mark.parametrize("page", sorted(p.relative_to(ROOT).as_posix()
                                        for p in (ROOT / "pages").glob("*.py")
                                        if p.stem != "embed"))  # no sidebar: test_embed.py
def test_every_page_shows_reference_names_as_text(monkeypatch, hostile_reference, page):
    # edition 2: the Intake page lists the regions of edition 1 not seen again
    monkeypatch.setenv("PRIZESTATS_ROLE", "organiser")
    assert_labels_are_text(open_page(page, "en", edition="2"))


def test_a_held_back_stage_filter_names_the_stage_as_text(monkeypatch, hostile_reference):
    # before edition 1's finalists were announced, a filter on them is not applied, and said so
    monkeypatch.setenv("PRIZESTATS_ROLE", "press")
    monkeypatch.setenv("PRIZESTATS_NOW", "2023-07-01T12:00:00+09:00")
    at = open_page("pages/overview.py", "en", stage="finalist")
    notices = [w.value for w in at.warning if w.value.startswith("The filter on")]
    assert notices == ["The filter on " + ESCAPED + " is not applied: under embargo until "
                       "19 July 2023, 18:00 KST."]
    assert_labels_are_text(at)


def test_the_signed_in_address_is_text(monkeypatch, hostile_reference):
    """The login provider's address is from outside too (a local part may hold markdown)."""
    monkeypatch.delenv("PRIZESTATS_ROLE", raising=False)
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x", "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "http://127.0.0.1:1/.well-known/openid"}
    at.secrets["prizestats"] = {"roles": {"@seoul.go.kr": "organiser"}}
    at.user = {"is_logged_in": True, "email": "[x](https://evil.example/x)**b**@gmail.com",
               "name": "Test"}
    at.query_params["edition"] = "1"
    at.run()
    assert not at.exception
    captions = [c.value for c in at.sidebar.caption]
    assert (r"Signed in as \[x\]\(https" + WJ + r"\:\/\/evil\.example\/x\)\*\*b\*\*\@" + WJ
            + r"gmail\.com") in captions
