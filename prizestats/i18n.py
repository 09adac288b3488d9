"""English and Korean: UI strings, and numbers and dates formatted per locale with babel."""

from __future__ import annotations

from datetime import date, datetime

from babel import dates, numbers

from prizestats import reference
from prizestats.times import KST

LANGUAGES = {"en": "English", "ko": "한국어"}
LOCALES = {"en": "en_GB", "ko": "ko_KR"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "Seoul Smart City Prize: entries", "ko": "서울 스마트도시 상: 접수 현황"},
    "prize": {"en": "Seoul Smart City Prize", "ko": "서울 스마트도시 상"},
    "overview": {"en": "Overview", "ko": "개요"},
    "edition": {"en": "Edition", "ko": "회차"},
    "language": {"en": "Language", "ko": "언어"},
    "as_of": {"en": "As of", "ko": "기준일"},
    "as_of_help": {"en": "Show the data as they stood at the end of this day (Seoul time).",
                   "ko": "이 날짜가 끝나는 시점(서울 시간)의 데이터를 보여 줍니다."},
    "edition_label": {"en": "{year} ({ordinal} edition)", "ko": "{year}년 (제{edition}회)"},
    "edition_title": {"en": "The {ordinal} Seoul Smart City Prize ({year})",
                      "ko": "제{edition}회 서울 스마트도시 상 ({year}년)"},
    "entries": {"en": "Entries", "ko": "접수"},
    "countries": {"en": "Countries", "ko": "국가"},
    "cities": {"en": "Cities", "ko": "도시"},
    "eligible": {"en": "Eligible", "ko": "적격"},
    "finalists": {"en": "Finalists", "ko": "본선 진출"},
    "winners": {"en": "Winners", "ko": "수상"},
    "vs_previous": {"en": "vs {year}", "ko": "{year}년 대비"},
    "sample_notice": {
        "en": "Sample data: generated to match the published figures; not the real entries.",
        "ko": "샘플 데이터: 공개된 수치에 맞춰 생성한 데이터이며 실제 접수 자료가 아닙니다."},
    "sample_short": {"en": "Sample data", "ko": "샘플 데이터"},
    "source_line": {"en": "Source: {source} · as of {as_of}", "ko": "출처: {source} · {as_of} 기준"},
    "source_name": {"en": "Seoul Smart City Prize entry data (prizestats)",
                    "ko": "서울 스마트도시 상 접수 자료 (prizestats)"},
    "matches_published": {"en": "matches published", "ko": "공개 수치와 일치"},
    "differs_published": {"en": "differs from published {value}",
                          "ko": "공개 수치 {value}와 다름"},
    "reconciliation": {"en": "Reconciliation with published figures",
                       "ko": "공개 수치와의 대조"},
    "reconciliation_help": {
        "en": "Each figure the organisers have published, beside the same figure computed from "
              "these data as of the chosen date.",
        "ko": "주최 측이 공개한 각 수치와, 선택한 기준일로 이 데이터에서 계산한 같은 수치입니다."},
    "no_published": {"en": "No figures were published for this edition.",
                     "ko": "이 회차에 공개된 수치가 없습니다."},
    "metric": {"en": "Figure", "ko": "항목"},
    "dimension": {"en": "Breakdown", "ko": "구분"},
    "published": {"en": "Published", "ko": "공개 수치"},
    "computed": {"en": "Computed", "ko": "계산 수치"},
    "match": {"en": "Match", "ko": "일치"},
    "source": {"en": "Source", "ko": "출처"},
    "published_on": {"en": "Published on", "ko": "공개일"},
    "region": {"en": "Region", "ko": "지역"},
    "category": {"en": "Category", "ko": "부문"},
    "stage": {"en": "Stage", "ko": "단계"},
    "data_table": {"en": "Data", "ko": "데이터"},
    "by_region_title": {"en": "{top} sent the most entries: {count} of {total}",
                        "ko": "{top} 지역 접수가 가장 많았습니다: 전체 {total}건 중 {count}건"},
    "by_category_title": {"en": "{top} was the most entered category: {count} of {total}",
                          "ko": "가장 많이 접수된 부문은 {top}입니다: 전체 {total}건 중 {count}건"},
    "by_stage_title": {"en": "{eligible} of {total} entries passed screening; {finalists} "
                             "finalists, {winners} winners",
                       "ko": "{total}건 중 {eligible}건이 적격 심사를 통과했고, 본선 {finalists}건, "
                             "수상 {winners}건입니다"},
    "no_entries": {"en": "No entries by this date.", "ko": "이 날짜까지 접수된 건이 없습니다."},
    "role_line": {"en": "Viewing as: {role}", "ko": "보기 권한: {role}"},
    "local_organiser": {"en": "Local run: one organiser, bound to this computer (127.0.0.1).",
                        "ko": "로컬 실행: 이 컴퓨터(127.0.0.1)에서만 열리는 주최자 1인 보기입니다."},
    "bad_param": {"en": "Ignored the URL parameter {name}={value}: {reason}.",
                  "ko": "URL 매개변수 {name}={value}를 무시했습니다: {reason}."},
    "unknown_edition": {"en": "no such edition", "ko": "없는 회차"},
    "bad_date": {"en": "not a date like 2025-05-01", "ko": "2025-05-01 형식의 날짜가 아님"},
    "no_database": {"en": "No database yet. Build one: `python -m prizestats build --from "
                          "data/sample` (or run `make run`).",
                    "ko": "데이터베이스가 없습니다. `python -m prizestats build --from data/sample`"
                          " 로 만드세요 (또는 `make run`)."},
}

VALUE_LABELS: dict[str, dict[str, str]] = {
    "human_centricity": {"en": "Human-centricity", "ko": "휴먼 센트리시티"},
    "tech_innovacity": {"en": "Tech-innovacity", "ko": "테크 이노바시티"},
    "leadership": {"en": "Leadership", "ko": "리더십"},
    "special": {"en": "Special", "ko": "특별상"},
    "city_government": {"en": "City government", "ko": "도시(지방정부)"},
    "institution": {"en": "Institution", "ko": "기관"},
    "company": {"en": "Company", "ko": "기업"},
    "individual": {"en": "Individual", "ko": "개인"},
    "received": {"en": "Received", "ko": "접수"},
    "ineligible": {"en": "Ineligible", "ko": "부적격"},
    "eligible": {"en": "Eligible", "ko": "적격"},
    "finalist": {"en": "Finalist", "ko": "본선 진출"},
    "winner": {"en": "Winner", "ko": "수상"},
    "withdrawn": {"en": "Withdrawn", "ko": "철회"},
    "Asia": {"en": "Asia", "ko": "아시아"},
    "Middle East": {"en": "Middle East", "ko": "중동"},
    "Europe": {"en": "Europe", "ko": "유럽"},
    "Africa": {"en": "Africa", "ko": "아프리카"},
    "North America": {"en": "North America", "ko": "북미"},
    "South America": {"en": "South America", "ko": "남미"},
    "Americas": {"en": "Americas", "ko": "미주"},
    "Oceania": {"en": "Oceania", "ko": "오세아니아"},
    "organiser": {"en": "organiser", "ko": "주최자"},
    "wego": {"en": "WeGO", "ko": "WeGO"},
    "press": {"en": "press", "ko": "언론"},
    "entries": {"en": "entries", "ko": "접수"},
    "countries": {"en": "countries", "ko": "국가"},
    "cities": {"en": "cities", "ko": "도시"},
    "eligible_share_by_region": {"en": "eligible share by region", "ko": "지역별 적격 비율"},
    "eligible_korea_by_applicant_type": {"en": "eligible Korean applicants by type",
                                         "ko": "한국 적격 신청자 유형"},
    "finalists": {"en": "finalists", "ko": "본선 진출"},
    "winners": {"en": "winners", "ko": "수상"},
    "entries_by_region": {"en": "entries by region", "ko": "지역별 접수"},
    "awards_by_category": {"en": "awards by group", "ko": "부문별 수상"},
}


def t(key: str, lang: str, **values: object) -> str:
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def label(value: str, lang: str) -> str:
    """The display name of a code (category, stage, region, ...); unknown codes show as they are."""
    return VALUE_LABELS.get(value, {}).get(lang, value)


def country_name(iso3: str, lang: str) -> str:
    row = reference.countries().get(iso3)
    if not row:
        return iso3
    return row["name_ko"] if lang == "ko" else row["name_en"]


def ordinal(n: int, lang: str) -> str:
    if lang == "ko":
        return f"제{n}회"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def edition_label(edition: int, year: int, lang: str) -> str:
    return t("edition_label", lang, year=year, ordinal=ordinal(edition, lang), edition=edition)


def number(value: float, lang: str) -> str:
    return numbers.format_decimal(value, locale=LOCALES[lang])


def signed(value: float, lang: str) -> str:
    text = number(abs(value), lang)
    # An ASCII minus: st.metric colours a delta red by its leading "-".
    return f"+{text}" if value > 0 else (f"-{text}" if value < 0 else text)


def percent(value: float, lang: str) -> str:
    return numbers.format_percent(value, locale=LOCALES[lang], format="#,##0.#%")


def day(value: date | datetime, lang: str) -> str:
    return dates.format_date(value, format="long", locale=LOCALES[lang])


def moment(value: datetime, lang: str) -> str:
    """A date and time shown in Seoul time, which is what the prize runs on."""
    text = dates.format_datetime(value.astimezone(KST), "medium", tzinfo=KST,
                                 locale=LOCALES[lang])
    return f"{text} KST"
