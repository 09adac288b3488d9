"""Why a row or a file is refused, in English and Korean, from one key (the rejections.* messages
of the catalogs, read by prizestats/words/rejections.py)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from conftest import ROOT

from prizestats.core import reference
from prizestats.store import build, guards, importer, mapping, records
from prizestats.store.build import Problem
from prizestats.words import rejections

KEYS = sorted(rejections.keys())


def sample_values(key: str) -> dict[str, object]:
    """A value for each field of the reason: a number where the text formats one, else a marker
    without a Latin letter (so every English word left in a rendering is the template's)."""
    values: dict[str, object] = {}
    for _, name, spec, _ in string.Formatter().parse(rejections.template(key, "en")):
        if name:
            values[name] = 12345 if spec else f"§{len(values) + 1}"
    return values


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", KEYS)
def test_every_reason_has_english_and_korean(key):
    texts = {lang: rejections.template(key, lang) for lang in rejections.LANGS}
    assert set(texts) == {"en", "ko"}
    assert texts["en"].strip()
    assert texts["ko"].strip()
    # the same values in both languages: neither text can drop or invent one
    assert placeholders(texts["ko"]) == placeholders(texts["en"])


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_reason_renders_whole(key, lang):
    text = rejections.text(key, lang, sample_values(key))
    assert "{" not in text
    assert "}" not in text
    for both_ways in ("(가)", "(를)", "(으)", "(과)", "(이)", "(은)", "(와)"):
        assert both_ways not in text


# What may stay Latin in a Korean reason: file formats and encodings, the data contract's
# column names and codes (English identifiers, as the file holds them), and one setting.
FORMATS = {"CSV", "XLSX", "XLS", "XML", "PDF", "UTF-8", "UTF-16", "CP949/EUC-KR", "ISO", "N"}
IDENTIFIERS = {"server.maxUploadSize", "editions.csv", "http", "https", "true", "false",
               *mapping.CANONICAL, *reference.APPLICANT_TYPES, *reference.CATEGORIES,
               *reference.STAGES, *reference.AWARDS, "deadline_extended"}  # an event kind
FLAGS = {"--sheet", "--edition",
         "--pace-below", "--missing-regions", "--quiet-days", "--kind"}  # event and alert commands
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_.\-])[A-Za-z][A-Za-z0-9_.+/\-]*")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def latin_words(text: str) -> list[str]:
    """The Latin words of a Korean text, without code (in backquotes) and command-line flags."""
    text = re.sub(r"`[^`]*`", " ", text)
    flags = re.findall(r"--[a-z][a-z-]*", text)
    assert set(flags) <= FLAGS, flags
    text = re.sub(r"--[a-z][a-z-]*", " ", text)
    return [w.rstrip(".-/") for w in LATIN_WORD.findall(text)]


@pytest.mark.parametrize("key", KEYS)
def test_korean_reasons_are_korean(key):
    text = rejections.text(key, "ko", sample_values(key))
    assert HANGUL.search(text), text
    assert [w for w in latin_words(text) if w not in FORMATS | IDENTIFIERS] == [], text


def test_an_english_word_in_a_korean_reason_is_found():
    assert latin_words("알 수 없는 국가입니다 (did you mean §1?)") == ["did", "you", "mean"]
    assert latin_words("XLSX로 저장하세요 (`edition add`, --sheet, 2025-05-01T13:45)") == ["XLSX"]


def test_every_reason_is_used():
    modules = ("build", "importer", "guards", "reading", "mapping", "archive", "records",
               "releases", "signals")
    source = "\n".join((ROOT / "prizestats" / "store" / f"{name}.py").read_text(encoding="utf-8")
                       for name in modules)
    assert [k for k in KEYS if f'"{k}"' not in source] == []


def test_a_problem_is_made_from_a_reason_only():
    with pytest.raises(KeyError, match="no such rejection reason"):
        Problem("export.csv", 2, "country", "Atlantis", "unknown country")
    with pytest.raises(TypeError, match="takes"):
        Problem("export.csv", 2, "country", "Korea Rep", "unknown_country_hint")
    with pytest.raises(TypeError, match="takes"):
        Problem("export.csv", 2, "country", "Atlantis", "unknown_country", hint="KOR")


def test_a_problem_keeps_its_fields_and_its_english():
    problem = Problem("export.csv", 2, "country", "Korea Rep", "unknown_country_hint", hint="KOR")
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "export.csv", 2, "country", "Korea Rep")
    assert problem.reason == "unknown country (did you mean KOR?)"
    assert problem.reason_in("en") == problem.reason
    assert str(problem) == ("export.csv, row 2, column country: 'Korea Rep': unknown country "
                            "(did you mean KOR?)")
    assert problem == Problem("export.csv", 2, "country", "Korea Rep", "unknown_country_hint",
                              hint="KOR")
    assert len({problem, Problem("export.csv", 2, "country", "Korea Rep",
                                 "unknown_country_hint", hint="KOR")}) == 1


KOREAN = [
    (("export.csv", 2, "country", "Korea Rep", "unknown_country_hint"), {"hint": "KOR"},
     "알 수 없는 국가입니다 (비슷한 국가 코드: KOR)",
     "행 2, 열 country: 'Korea Rep': 알 수 없는 국가입니다 (비슷한 국가 코드: KOR)"),
    (("export.csv", 3, "submission_id", "A2", "duplicate_id"), {"edition": 1, "first": 2},
     "1회에 같은 접수번호가 있습니다 (처음 나온 행: 2)",
     "행 3, 열 submission_id: 'A2': 1회에 같은 접수번호가 있습니다 (처음 나온 행: 2)"),
    (("export.csv", 2, "stage", "shortlisted", "one_of"),
     {"allowed": "received, ineligible, eligible"},
     "허용되지 않는 값입니다. 허용되는 값: received, ineligible, eligible",
     "행 2, 열 stage: 'shortlisted': 허용되지 않는 값입니다. 허용되는 값: received, ineligible, "
     "eligible"),
    (("big.csv", None, None, None, "file_too_large"),
     {"size": 60_000_000, "limit": 52_428_800, "limit_mb": "50.0 MB"},
     "파일 크기가 한도를 넘습니다: 60,000,000바이트, 한도 52,428,800바이트 (50.0 MB, "
     "server.maxUploadSize). 파일을 회차별로 나누거나 한도를 올리세요",
     "파일 크기가 한도를 넘습니다: 60,000,000바이트, 한도 52,428,800바이트 (50.0 MB, "
     "server.maxUploadSize). 파일을 회차별로 나누거나 한도를 올리세요"),
    (("edition dates", 1, "ceremony_at", "2025-09-01T18:00", "needs_offset"), {},
     "시간대 오프셋이 필요합니다 (한국 시간은 +09:00)",
     "행 1, 열 ceremony_at: '2025-09-01T18:00': 시간대 오프셋이 필요합니다 (한국 시간은 +09:00)"),
]


@pytest.mark.parametrize(("where", "values", "reason", "line"), KOREAN,
                         ids=[k[0][4] for k in KOREAN])
def test_korean_reasons_as_written(where, values, reason, line):
    problem = Problem(*where, **values)
    assert problem.reason_in("ko") == reason
    assert problem.located("ko") == line
    assert problem.located("en") == str(problem)


def test_a_recorded_edition_is_refused_in_korean():
    problem = Problem("edition 4", None, "--call-closes-at", "2027-02-01T23:59:59+09:00",
                      "must_come_after", first="--call-opens-at (2027-02-15T00:00:00+09:00)")
    assert records.describe(problem) == (
        "--call-closes-at '2027-02-01T23:59:59+09:00': must come after --call-opens-at "
        "(2027-02-15T00:00:00+09:00)")
    assert records.describe(problem, "ko") == (
        "--call-closes-at '2027-02-01T23:59:59+09:00': 다음 날짜보다 뒤여야 합니다: "
        "--call-opens-at (2027-02-15T00:00:00+09:00)")


def test_an_import_refused_reads_in_korean(live, tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(guards.ImportRefused) as refused:
        importer.run_import(path, live)
    [problem] = refused.value.problems
    assert str(problem) == "image.csv: is a PNG image, not a table of entries"
    assert problem.reason_in("ko") == "PNG 이미지 파일입니다. 접수 자료 표가 아닙니다"


def test_rejected_rows_read_in_korean(fixture_db, tmp_path):
    rows = [(2, {"submission_id": "A1", "edition": "1", "submitted_at": "yesterday",
                 "applicant_type": "individual", "category": "human_centricity", "country": "KR",
                 "stage": "finalist", "award": "gold", "wego_member": "yes"})]
    _, problems = build.validate_submissions("export.csv", rows, {1})
    assert [(p.column, p.reason_in("ko")) for p in problems] == [
        ("submitted_at", "ISO 8601 형식의 날짜와 시간이 아닙니다"),
        ("country", "ISO 3166-1 세 글자 국가 코드가 아닙니다 (비슷한 국가 코드: KOR)"),
        ("wego_member", "true 또는 false여야 합니다"),
        ("category", "개인 신청자(individual)는 leadership 부문에만 접수할 수 있습니다"),
        ("award", "수상(winner) 단계의 접수만 award 값이 있을 수 있습니다 (현재 단계: finalist)"),
    ]


@pytest.fixture
def live(tmp_path, fixture_db) -> Path:
    target = tmp_path / "data" / "live.duckdb"
    target.parent.mkdir()
    target.write_bytes(fixture_db.read_bytes())
    return target
