"""Why a file, a row or a value is refused: every reason in English and Korean, side by side.

A Problem (build.Problem) is made from a key of REASONS and the values its texts take, never
from free text, so no reason exists in one language only. Its `reason` is the English text
(CLI reports, JSON, logs); `reason_in(lang)` gives the text in the viewer's language.

English reasons follow the file name (str(Problem): "export.csv, row 2, column country:
'Atlantis': unknown country"). Korean reasons are whole sentences in the polite report style
of the app (…입니다, …습니다; advice …세요), and no particle follows an inserted value: the
value comes after a colon or before a word that takes the particle instead.
"""

from __future__ import annotations

import string
from functools import cache

LANGS = ("en", "ko")

REASONS: dict[str, dict[str, str]] = {
    # -- the file as a whole ----------------------------------------------------------------
    "upload_size_setting": {
        "en": "server.maxUploadSize must be a whole number of megabytes, 1 or more",
        "ko": "메가바이트 단위의 1 이상인 정수여야 합니다 (server.maxUploadSize)"},
    "file_too_large": {
        "en": "is {size:,} bytes, over the limit of {limit:,} bytes ({limit_mb}, "
              "server.maxUploadSize): split it by edition, or raise the limit",
        "ko": "파일 크기가 한도를 넘습니다: {size:,}바이트, 한도 {limit:,}바이트 ({limit_mb}, "
              "server.maxUploadSize). 파일을 회차별로 나누거나 한도를 올리세요"},
    "file_empty": {"en": "is empty", "ko": "빈 파일입니다"},
    "file_image": {"en": "is a {kind} image, not a table of entries",
                   "ko": "{kind} 이미지 파일입니다. 접수 자료 표가 아닙니다"},
    "file_pdf": {"en": "is a PDF document, not a table of entries",
                 "ko": "PDF 문서입니다. 접수 자료 표가 아닙니다"},
    "file_xls": {"en": "is an old Excel (.xls) file: save it as .xlsx or CSV, not a table of "
                       "entries",
                 "ko": "예전 엑셀 형식(XLS) 파일입니다. XLSX나 CSV로 저장하세요"},
    "xlsx_is_text": {
        "en": "is named .xlsx but is not an Excel workbook (it looks like text: save it as .csv, "
              "or export it again as .xlsx)",
        "ko": "확장자는 XLSX인데 엑셀 통합 문서가 아닙니다. 텍스트로 보이니 CSV로 저장하거나 "
              "XLSX로 다시 내보내세요"},
    "sheet_for_csv": {"en": "--sheet applies to XLSX files only",
                      "ko": "시트는 XLSX 파일에만 지정할 수 있습니다 (--sheet)"},
    "unknown_encoding": {"en": "is not text in UTF-8, UTF-16 or CP949/EUC-KR",
                         "ko": "UTF-8, UTF-16, CP949/EUC-KR 중 어느 인코딩의 텍스트도 아닙니다"},
    "not_text_table": {"en": "is not a text table", "ko": "텍스트로 된 표가 아닙니다"},
    "csv_cell_too_long": {
        "en": "has a cell longer than {limit:,} characters (the limit per cell): not a table of "
              "entries",
        "ko": "셀 하나가 셀당 한도인 {limit:,}자보다 깁니다. 접수 자료 표가 아닙니다"},
    "csv_unreadable": {"en": "is not readable CSV ({detail})",
                       "ko": "읽을 수 없는 CSV입니다 ({detail})"},
    "too_many_columns": {"en": "has a value, but at most {limit} columns can be imported",
                         "ko": "값이 있는 열이 너무 많습니다: 가져올 수 있는 열은 {limit}개까지입니다"},
    "cell_too_long": {"en": "has a cell of {length:,} characters, over the limit of {limit:,}",
                      "ko": "셀의 길이가 한도를 넘습니다: {length:,}자, 한도 {limit:,}자"},
    "xlsx_unpacks_too_large": {
        "en": "unpacks to {size}, over the limit of {limit} for an XLSX workbook",
        "ko": "압축을 푼 크기가 XLSX 통합 문서의 한도를 넘습니다: {size}, 한도 {limit}"},
    "xlsx_zip_bomb": {
        "en": "holds {part!r}, packed {ratio:,.0f} to 1 (more than {limit} to 1): a zip bomb, not "
              "a workbook",
        "ko": "압축 폭탄입니다. 통합 문서가 아닙니다: {part!r} 부분의 압축률 {ratio:,.0f}:1 "
              "(한도 {limit}:1)"},
    "xlsx_damaged": {"en": "is a damaged or truncated XLSX workbook ({detail})",
                     "ko": "손상되었거나 잘린 XLSX 통합 문서입니다 ({detail})"},
    "xlsx_xml_entities": {
        "en": "has a DTD or XML entities in {part!r}: a workbook never holds them, and they can "
              "expand without end or read other files",
        "ko": "{part!r} 부분에 XML 문서 형식 정의나 엔터티가 있습니다. 통합 문서에는 쓰이지 "
              "않는 것으로, 내용이 끝없이 불어나거나 다른 파일을 읽어 올 수 있어 가져오지 않습니다"},
    "xlsx_bad_xml": {
        "en": "has broken XML in {part!r} (line {line:,}, character {column:,}): export it again",
        "ko": "{part!r} 부분의 XML이 손상되었습니다 ({line:,}번째 줄, {column:,}번째 문자). "
              "다시 내보내세요"},
    "xlsx_too_many_elements": {
        "en": "holds more than {limit:,} XML elements in {part!r}: not a workbook of entries",
        "ko": "XML 요소가 {limit:,}개를 넘습니다 ({part!r} 부분). 접수 자료 통합 문서가 아닙니다"},
    "xlsx_too_many_texts": {
        "en": "holds more than {limit:,} different texts: not a workbook of entries",
        "ko": "서로 다른 텍스트가 {limit:,}개를 넘습니다. 접수 자료 통합 문서가 아닙니다"},
    "xlsx_row_too_wide": {
        "en": "has a row or text of more than {limit:,} XML elements in {part!r} (Excel has "
              "16,384 columns)",
        "ko": "XML 요소가 {limit:,}개를 넘는 행이나 텍스트가 있습니다 ({part!r} 부분, 엑셀의 열은 "
              "16,384개)"},
    "too_many_rows": {
        "en": "goes on past row {last:,}: at most {limit:,} rows under a header can be imported "
              "(split the file by edition)",
        "ko": "행이 너무 많습니다: 머리글 아래 {limit:,}행까지 가져올 수 있는데 {last:,}행을 넘어 "
              "계속됩니다. 파일을 회차별로 나누세요"},
    "no_such_sheet": {"en": "has no sheet {sheet!r} (sheets: {sheets})",
                      "ko": "없는 시트입니다: {sheet!r} (있는 시트: {sheets})"},
    "header_no_rows": {"en": "has a header but no rows", "ko": "머리글만 있고 행이 없습니다"},
    "empty_no_header": {"en": "is empty: no header row", "ko": "빈 파일입니다: 머리글 행이 없습니다"},
    "not_utf8": {"en": "is not UTF-8 text ({detail} at byte {position})",
                 "ko": "UTF-8 텍스트가 아닙니다 (바이트 위치 {position}: {detail})"},
    "invalid_csv": {"en": "is not valid CSV: {detail}", "ko": "올바른 CSV가 아닙니다: {detail}"},
    "file_not_found": {"en": "file not found", "ko": "파일이 없습니다"},
    "no_database": {
        "en": "no database to import into: build one first (make run, or prizestats build)",
        "ko": "가져올 데이터베이스가 없습니다. 먼저 만드세요 (`make run` 또는 `prizestats build`)"},
    # -- the header ---------------------------------------------------------------------------
    "second_column": {"en": "is a second column for {canonical}",
                      "ko": "같은 항목의 열이 두 번 있습니다: {canonical}"},
    "missing_column": {"en": "required column is missing", "ko": "필수 열이 없습니다"},
    "missing_edition_column": {
        "en": "required column is missing (or give --edition N)",
        "ko": "필수 열이 없습니다. 파일에 회차 열이 없으면 모든 행의 회차를 지정하세요 (--edition N)"},
    "cells_beyond_header": {"en": "has {cells} cells, the header has {header}",
                            "ko": "셀 수가 머리글과 다릅니다: 셀 {cells}개, 머리글 {header}개"},
    # -- a value in a row ---------------------------------------------------------------------
    "required_value": {"en": "required value is empty", "ko": "필수 값이 비어 있습니다"},
    "excel_scientific": {
        "en": "looks like a number Excel turned into scientific notation: the id is lost; format "
              "the id column as text and export again",
        "ko": "엑셀이 지수 표기로 바꾼 숫자로 보입니다. 접수번호가 사라졌으니 접수번호 열을 "
              "텍스트 형식으로 바꾸고 다시 내보내세요"},
    "unknown_country": {"en": "unknown country", "ko": "알 수 없는 국가입니다"},
    "unknown_country_hint": {"en": "unknown country (did you mean {hint}?)",
                             "ko": "알 수 없는 국가입니다 (비슷한 국가 코드: {hint})"},
    "not_alpha3": {"en": "not an ISO 3166-1 alpha-3 code",
                   "ko": "ISO 3166-1 세 글자 국가 코드가 아닙니다"},
    "not_alpha3_hint": {"en": "not an ISO 3166-1 alpha-3 code (did you mean {hint}?)",
                        "ko": "ISO 3166-1 세 글자 국가 코드가 아닙니다 (비슷한 국가 코드: {hint})"},
    "not_a_moment": {
        "en": "not a date and time (2025-05-01 13:45, 2025-05-01T13:45:00+09:00, 2025/05/01 ...)",
        "ko": "날짜와 시간이 아닙니다 (2025-05-01 13:45, 2025-05-01T13:45:00+09:00, "
              "2025/05/01 등)"},
    "not_iso_moment": {"en": "not an ISO 8601 date-time",
                       "ko": "ISO 8601 형식의 날짜와 시간이 아닙니다"},
    "needs_offset": {"en": "needs its offset, e.g. +09:00 for Seoul",
                     "ko": "시간대 오프셋이 필요합니다 (한국 시간은 +09:00)"},
    "must_come_after": {"en": "must come after {first}",
                        "ko": "다음 날짜보다 뒤여야 합니다: {first}"},
    "edition_number": {"en": "edition must be a whole number (1 = 2023)",
                       "ko": "회차는 정수여야 합니다 (1 = 2023년)"},
    "edition_number_listed": {"en": "edition must be a whole number (1 = 2023, 2 = 2024, ...)",
                              "ko": "회차는 정수여야 합니다 (1 = 2023년, 2 = 2024년, …)"},
    "year_number": {"en": "year must be a whole number", "ko": "연도는 정수여야 합니다"},
    "edition_twice": {"en": "edition appears twice", "ko": "같은 회차가 두 번 있습니다"},
    "edition_not_listed": {"en": "edition is not in editions.csv",
                           "ko": "editions.csv에 없는 회차입니다"},
    "duplicate_id": {"en": "duplicate id in edition {edition} (first at row {first})",
                     "ko": "{edition}회에 같은 접수번호가 있습니다 (처음 나온 행: {first})"},
    "one_of": {"en": "must be one of {allowed}", "ko": "허용되지 않는 값입니다. 허용되는 값: {allowed}"},
    "true_or_false": {"en": "must be true or false", "ko": "true 또는 false여야 합니다"},
    "individual_leadership": {
        "en": "individual applicants are leadership only",
        "ko": "개인 신청자(individual)는 leadership 부문에만 접수할 수 있습니다"},
    "winner_needs_award": {"en": "a winner needs an award",
                           "ko": "수상(winner) 단계의 접수에는 award 값이 있어야 합니다"},
    "award_not_winner": {
        "en": "only winners have an award (stage is {stage})",
        "ko": "수상(winner) 단계의 접수만 award 값이 있을 수 있습니다 (현재 단계: {stage})"},
    # -- versions -----------------------------------------------------------------------------
    "no_such_version": {"en": "no such version (versions: {names})",
                        "ko": "없는 버전입니다 (저장된 버전: {names})"},
    "no_such_version_none": {"en": "no such version (versions: none)",
                             "ko": "없는 버전입니다 (저장된 버전 없음)"},
    "version_unreadable": {"en": "cannot be opened: {detail}", "ko": "열 수 없습니다: {detail}"},
    # -- an edition recorded by hand ----------------------------------------------------------
    "year_like": {"en": "must be a year such as 2027", "ko": "2027 같은 연도여야 합니다"},
    "not_a_day_or_moment": {
        "en": "not a date (2027-02-15) or date-time (2027-02-15T18:00, +09:00 assumed)",
        "ko": "날짜(2027-02-15)나 날짜와 시간(2027-02-15T18:00, 오프셋이 없으면 한국 시간 "
              "+09:00)이 아닙니다"},
    "edition_exists": {"en": "exists already: change it with `edition set`",
                       "ko": "이미 있는 회차입니다. 바꾸려면 `edition set` 명령을 쓰세요"},
    "edition_gap": {"en": "editions are numbered without gaps: the next is {expected}",
                    "ko": "회차 번호는 건너뛸 수 없습니다. 다음 회차: {expected}회"},
    "needed_for_new_edition": {"en": "is needed for a new edition",
                               "ko": "새 회차에 필요한 값입니다"},
    "year_of_edition": {"en": "is the year of edition {edition}",
                        "ko": "다른 회차의 연도입니다: {edition}회"},
    "edition_not_in_database": {"en": "is not in the database: add it with `edition add`",
                                "ko": "데이터베이스에 없는 회차입니다. `edition add` 명령으로 "
                                      "추가하세요"},
    "edition_not_in_database_first": {
        "en": "is not in the database: add it with `edition add` first",
        "ko": "데이터베이스에 없는 회차입니다. 먼저 `edition add` 명령으로 추가하세요"},
    # -- a figure the organisers published ----------------------------------------------------
    "not_one_of": {"en": "is not one of {allowed}", "ko": "허용되지 않는 값입니다. 허용되는 값: {allowed}"},
    "dimension_needed": {"en": "{metric} needs one of {allowed}",
                         "ko": "구분이 필요한 지표입니다: {metric} (허용되는 구분: {allowed})"},
    "dimension_refused": {"en": "{metric} is a headline figure: no dimension",
                          "ko": "구분이 없는 대표 수치입니다: {metric}"},
    "unit_mismatch": {"en": "{metric} is a {unit}", "ko": "지표의 단위와 다릅니다: {metric}, 단위 {unit}"},
    "count_value": {"en": "must be a whole number of 0 or more", "ko": "0 이상의 정수여야 합니다"},
    "percent_value": {"en": "must be a percent from 0 to 100",
                      "ko": "0에서 100 사이의 백분율이어야 합니다"},
    "not_a_publication_day": {"en": "not a date (2027-08-25) or date-time (2027-08-25T14:00)",
                              "ko": "날짜(2027-08-25)나 날짜와 시간(2027-08-25T14:00)이 아닙니다"},
    "web_address": {"en": "must be an http(s) address", "ko": "http:// 또는 https:// 주소여야 합니다"},
    "figure_recorded": {
        "en": "is recorded already for this edition and dimension: remove it first",
        "ko": "이 회차와 구분에 이미 기록된 수치입니다. 먼저 삭제하세요"},
    "no_such_figure": {"en": "no such figure for edition {edition}",
                       "ko": "기록된 수치가 없습니다: {edition}회"},
    "no_such_figure_dimension": {"en": "no such figure for edition {edition} and dimension "
                                       "{dimension}",
                                 "ko": "기록된 수치가 없습니다: {edition}회, 구분 {dimension}"},
}


@cache
def fields(key: str) -> frozenset[str]:
    """The names of the values a reason takes (the same in every language: a test says so)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(REASONS[key]["en"])
                     if name)


def check(key: str, values: dict[str, object]) -> None:
    """A reason is only ever made from a known key and exactly the values its texts take."""
    if key not in REASONS:
        raise KeyError(f"no such rejection reason: {key!r} (see prizestats/words/rejections.py)")
    if set(values) != fields(key):
        raise TypeError(f"the reason {key!r} takes {sorted(fields(key))}, given {sorted(values)}")


def text(key: str, lang: str, values: dict[str, object]) -> str:
    """The reason in `lang` (en or ko), with its values in."""
    return REASONS[key][lang].format(**values)
