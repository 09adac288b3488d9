"""English and Korean: UI strings, and numbers and dates formatted per locale with babel."""

from __future__ import annotations

from datetime import date, datetime

from babel import dates, numbers

from prizestats.core import reference
from prizestats.core.disclosure import SMALL, is_hidden
from prizestats.core.times import KST
from prizestats.words import grammar

LANGUAGES = {"en": "English", "ko": "한국어"}
LOCALES = {"en": "en_GB", "ko": "ko_KR"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "Seoul Smart City Prize: entries", "ko": "서울 스마트도시 상: 접수 현황"},
    "prize": {"en": "Seoul Smart City Prize", "ko": "서울 스마트도시 상"},
    "overview": {"en": "Overview", "ko": "개요"},
    "regions_page": {"en": "Regions & countries", "ko": "지역·국가"},
    "categories_page": {"en": "Categories", "ko": "부문"},
    "stages_page": {"en": "Stages", "ko": "심사 단계"},
    "trends_page": {"en": "Trends", "ko": "추이"},
    "about_page": {"en": "About the data", "ko": "데이터 안내"},
    "edition": {"en": "Edition", "ko": "회차"},
    "language": {"en": "Language", "ko": "언어"},
    "as_of": {"en": "As of", "ko": "기준일"},
    "as_of_help": {"en": "Show the data as they stood at the end of this day (Korea time, KST).",
                   "ko": "이 날짜가 끝나는 시점(한국 시간)의 데이터를 보여 줍니다."},
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
    "sample_notice_public": {"en": "Sample data — not real results.",
                             "ko": "샘플 데이터 — 실제 결과가 아닙니다."},
    "public_sample_refused": {
        "en": "This public deployment holds the sample database. Import the real data, or set PRIZESTATS_ALLOW_SAMPLE=1 to show the sample, marked as such.",
        "ko": "이 공개 배포에는 샘플 데이터베이스가 들어 있습니다. 실제 자료를 가져오거나, 샘플임을 표시해 보여 주려면 PRIZESTATS_ALLOW_SAMPLE=1을 설정하세요."},
    "public_mode": {"en": "Public view: published aggregates and announced results.",
                    "ko": "공개 보기: 공개된 집계와 발표된 결과."},
    "signed_in_as": {"en": "Signed in as {email}", "ko": "로그인: {email}"},
    "log_in": {"en": "Log in", "ko": "로그인"},
    "log_out": {"en": "Log out", "ko": "로그아웃"},
    "local_role": {"en": "Local run viewed as {role} (PRIZESTATS_ROLE).",
                   "ko": "로컬 실행, {role} 권한으로 보기 (PRIZESTATS_ROLE)."},
    "sample_short": {"en": "Sample data", "ko": "샘플 데이터"},
    "source_line": {"en": "Source: {source} · as of {as_of:the}",
                    "ko": "출처: {source} · {as_of} 기준"},
    "source_name": {"en": "Seoul Smart City Prize entry data (prizestats)",
                    "ko": "서울 스마트도시 상 접수 자료 (prizestats)"},
    "matches_published": {"en": "matches published", "ko": "공개 수치와 일치"},
    "differs_published": {"en": "differs from published {value}",
                          "ko": "공개 수치({value})와 다름"},
    "reconciliation": {"en": "Reconciliation with published figures",
                       "ko": "공개 수치와의 대조"},
    "reconciliation_help": {
        "en": "Each figure the organisers have published, beside the same figure computed from "
              "these data as of the chosen date.",
        "ko": "주최 측이 공개한 각 수치와, 선택한 기준일로 이 데이터에서 계산한 같은 수치입니다."},
    "published_sources": {"en": "Published figures and their sources",
                          "ko": "공개 수치와 출처"},
    "embargo_results": {"en": "Results under embargo until {ceremony:the}: no winner or award is shown before the ceremony.",
                        "ko": "결과는 {ceremony}까지 엠바고입니다. 시상식 전에는 수상자와 수상 내역을 보여 주지 않습니다."},
    "embargo_finalists": {"en": "Finalists under embargo until {finalists:the}, winners and awards until {ceremony:the}.",
                          "ko": "본선 진출은 {finalists}까지, 수상자와 수상 내역은 {ceremony}까지 엠바고입니다."},
    "embargo_unknown": {"en": "Results under embargo: the ceremony date is not known yet.",
                        "ko": "결과는 엠바고입니다: 시상식 일시가 아직 정해지지 않았습니다."},
    "under_embargo": {"en": "under embargo", "ko": "엠바고"},
    "public_from": {"en": "public from {when:the}",
                    "ko": "{when}부터 공개"},
    "public_from_column": {"en": "Public from", "ko": "공개 시점"},
    "never_public": {"en": "not public (no date known)", "ko": "비공개 (날짜 미정)"},
    "stage_filter_embargoed": {"en": "The filter on {stage} is not applied: {until}.",
                               "ko": "{stage} 필터는 적용하지 않았습니다: {until}."},
    "under_embargo_until": {"en": "under embargo until {when:the}",
                            "ko": "{when}까지 엠바고"},
    "intake_page": {"en": "Intake", "ko": "접수 현황"},
    "days_to_deadline": {"en": "Days to the deadline", "ko": "마감까지 남은 날"},
    "intake_title": {"en": "Entries for {year}: {entries} with {days} {days:day|days} to the deadline{pace}",
                     "ko": "{year}년 접수: 마감 {days}일 전 {entries}건{pace}"},
    "intake_title_after": {"en": "Entries for {year}: {entries}; the call closed {days} {days:day|days} ago",
                           "ko": "{year}년 접수: {entries}건, 마감 {days}일 후"},
    "pace_vs": {"en": ", {change} against {year} ({then} then)",
                "ko": ", {year}년 대비 {change}(당시 {then}건)"},
    "pace_heading": {"en": "Pace against earlier editions", "ko": "이전 회차 대비 속도"},
    "pace_line": {"en": "Against {year}: {change} at {days} {days:day|days} before the deadline ({then} then)",
                  "ko": "{year}년 대비 {change}(마감 {days}일 전 기준, 당시 {then}건)"},
    "pace_line_final": {"en": "Against {year}: {change} (final count {then})",
                        "ko": "{year}년 대비 {change}(최종 {then}건)"},
    "projection_heading": {"en": "Projected final count", "ko": "최종 접수 예상"},
    "projection_line": {"en": "About {point} {point:entry|entries} (80% interval {low} to {high}), based on the pattern of {editions}.",
                        "ko": "약 {point}건(80% 구간 {low}~{high}), {editions} 추세 기준."},
    "projection_no_interval": {"en": "About {point} {point:entry|entries}, based on the pattern of {editions} alone: too few editions for an interval.",
                               "ko": "약 {point}건, {editions} 한 회차의 추세만으로 낸 값이라 구간은 없습니다."},
    "projection_none": {"en": "No projection: no earlier edition to compare with at this point.",
                        "ko": "예상 없음: 이 시점에 비교할 이전 회차가 없습니다."},
    "projection_closed": {"en": "The call has closed: the count is final.", "ko": "접수가 마감되어 최종 건수입니다."},
    "backtest_heading": {"en": "How well the projection did before", "ko": "이전 회차 예측 검증"},
    "backtest_help": {"en": "Each edition left out in turn and projected from the others 30, 14 and 7 days before its deadline, against its actual final count.",
                      "ko": "각 회차를 빼고 나머지 회차로 마감 30·14·7일 전에 예측한 값과 실제 최종 건수를 비교합니다."},
    "projected": {"en": "Projected", "ko": "예측"},
    "low": {"en": "80% low", "ko": "80% 하한"},
    "high": {"en": "80% high", "ko": "80% 상한"},
    "actual": {"en": "Actual", "ko": "실제"},
    "error": {"en": "Error", "ko": "오차"},
    "inside": {"en": "Inside the interval", "ko": "구간 안"},
    "days_before": {"en": "Days before", "ko": "마감 전 일수"},
    "entries_then": {"en": "Entries then", "ko": "당시 접수"},
    "yes": {"en": "yes", "ko": "예"},
    "no": {"en": "no",
           "ko": "아니요"},
    "no_interval": {"en": "no interval", "ko": "구간 없음"},
    "daily_title": {"en": "Arrivals per day: {peak} on {day}, the busiest day so far",
                    "ko": "일별 접수: {day} {peak}건이 지금까지 가장 많았습니다"},
    "last_seven_days": {"en": "Arrivals in the last 7 days by region ({total})",
                        "ko": "최근 7일 지역별 접수 ({total}건)"},
    "missing_heading": {"en": "Who is missing", "ko": "아직 접수하지 않은 곳"},
    "missing_help": {"en": "Regions and countries that had entered {year} by this point but have not entered yet this time.",
                     "ko": "{year}년에는 이 시점까지 접수했지만 이번에는 아직 접수하지 않은 지역과 국가입니다."},
    "missing_regions": {"en": "Regions: {regions}", "ko": "지역: {regions}"},
    "nobody_missing": {"en": "Nobody: every country that had entered {year} by this point has entered again.",
                       "ko": "없음: {year}년에 이 시점까지 접수한 국가가 모두 다시 접수했습니다."},
    "late_entries": {"en": "Entries after the deadline, {deadline:the}: {count}. They count as entries.",
                     "ko": "{deadline} 마감 이후 접수: {count}건. 접수 건수에 포함됩니다."},
    "organisers_only": {"en": "This page is for organisers only.", "ko": "이 화면은 주최 측만 볼 수 있습니다."},
    "no_deadline": {"en": "This edition has no call dates: add them in editions.csv.",
                    "ko": "이 회차에는 접수 기간 정보가 없습니다: editions.csv에 추가하세요."},
    "day": {"en": "Day", "ko": "날짜"},
    "weekdays": {"en": "Weekdays", "ko": "평일"},
    "weekends": {"en": "Weekends", "ko": "주말"},
    "cumulative": {"en": "Running total", "ko": "누적"},
    "late": {"en": "Late", "ko": "마감 후"},
    "submission_id": {"en": "ID",
                      "ko": "접수번호"},
    "applicant_name": {"en": "Applicant", "ko": "신청자"},
    "project_title": {"en": "Project", "ko": "사업명"},
    "entries_page": {"en": "Entries", "ko": "접수 목록"},
    "data_page": {"en": "Data", "ko": "데이터 관리"},
    "search": {"en": "Search (ID, applicant, project, city, country)",
               "ko": "검색(접수번호, 신청자, 사업, 도시, 국가)"},
    "entries_shown": {"en": "{shown} of {total} {total:entry|entries}", "ko": "전체 {total}건 중 {shown}건"},
    "entries_first": {"en": "The first {listed} in order of arrival are listed: narrow the search or the filters to see the others. The downloads hold every matching entry.", "ko": "도착 순서대로 처음 {listed}건만 표시합니다. 나머지는 검색어나 필터로 좁혀 보세요. 내려받기 파일에는 일치하는 항목이 모두 들어 있습니다."},
    "submitted": {"en": "Submitted (KST)",
                  "ko": "접수 일시(한국 시간)"},
    "wego_member": {"en": "WeGO member", "ko": "WeGO 회원"},
    "current_database": {"en": "Current database: {dataset}, built {built_at}, from {source}.",
                         "ko": "현재 데이터베이스: {dataset}, {built_at} 생성, 출처 {source}."},
    "upload_heading": {"en": "Import an export of the entry system", "ko": "접수 시스템 자료 가져오기"},
    "upload_help": {"en": "CSV (UTF-8, CP949/EUC-KR or UTF-16; comma, semicolon or tab) or XLSX, with the columns of the data contract or their Korean or English names. The file replaces the editions it holds; nothing is written until you confirm.",
                    "ko": "CSV (UTF-8, CP949/EUC-KR, UTF-16; 쉼표·세미콜론·탭) 또는 XLSX. 데이터 규약의 열 이름이나 한국어·영어 이름을 씁니다. 파일에 있는 회차를 통째로 바꾸며, 확인하기 전에는 아무것도 쓰지 않습니다."},
    "upload_file": {"en": "File", "ko": "파일"},
    "upload_edition": {"en": "Edition of every row (when the file has no edition column)",
                       "ko": "모든 행의 회차 (파일에 회차 열이 없을 때)"},
    "upload_sheet": {"en": "Sheet (XLSX; empty: the first)", "ko": "시트 (XLSX, 비우면 첫 시트)"},
    "upload_partial": {"en": "Import the valid rows even if some are rejected",
                       "ko": "일부 행이 거부되어도 유효한 행은 가져오기"},
    "upload_summary": {"en": "{file} ({read_as}): {read} {read:row|rows} read, {accepted} accepted, {rejected} rejected.",
                       "ko": "{file} ({read_as}): {read}행 읽음, {accepted}행 통과, {rejected}행 거부."},
    "upload_diff": {"en": "Edition {edition}: {added} added, {removed} removed, {changed} changed, {stages} stage changes.",
                    "ko": "제{edition}회: 추가 {added}, 삭제 {removed}, 변경 {changed}, 단계 변경 {stages}."},
    "upload_unchanged": {"en": "Nothing would change: the database already holds exactly these entries.",
                         "ko": "바뀌는 것이 없습니다: 데이터베이스에 이미 같은 자료가 있습니다."},
    "upload_replaces_sample": {"en": "The sample data will be replaced: real entries are never mixed with them.",
                               "ko": "샘플 데이터를 대체합니다: 실제 자료와 섞지 않습니다."},
    "upload_confirm": {"en": "Import now", "ko": "지금 가져오기"},
    "upload_done": {"en": "Imported. The previous database is kept as version {version}.",
                    "ko": "가져왔습니다. 이전 데이터베이스는 {version} 버전으로 보관했습니다."},
    "upload_blocked": {"en": "Fix the rejected rows, or tick the box above to import the valid rows only.",
                       "ko": "거부된 행을 고치거나, 위 상자를 선택해 유효한 행만 가져오세요."},
    "upload_error": {"en": "This file cannot be imported:", "ko": "이 파일은 가져올 수 없습니다:"},
    "problems": {"en": "Rejected rows", "ko": "거부된 행"},
    "row": {"en": "Row", "ko": "행"},
    "column": {"en": "Column", "ko": "열"},
    "value": {"en": "Value", "ko": "값"},
    "reason": {"en": "Reason", "ko": "이유"},
    "history_heading": {"en": "Import history", "ko": "가져오기 기록"},
    "restore_heading": {"en": "Earlier versions", "ko": "이전 버전"},
    "restore_help": {"en": "Each import keeps the database it replaced (the last 5).",
                     "ko": "가져올 때마다 바뀌기 전 데이터베이스를 보관합니다 (최근 5개)."},
    "restore_button": {"en": "Restore this version", "ko": "이 버전으로 되돌리기"},
    "restored": {"en": "Restored {version}.", "ko": "{version} 버전으로 되돌렸습니다."},
    "no_versions": {"en": "No earlier versions yet.", "ko": "아직 이전 버전이 없습니다."},
    "dates_heading": {"en": "Edition dates", "ko": "회차 일정"},
    "dates_help": {"en": "These dates drive the embargo: finalists are public from the announcement (or the ceremony when empty), results from the ceremony. ISO 8601 with the offset, such as 2025-09-30T17:30:00+09:00.",
                   "ko": "이 일정이 엠바고를 정합니다: 본선 진출은 발표 시점(비어 있으면 시상식)부터, 결과는 시상식부터 공개됩니다. 예: 2025-09-30T17:30:00+09:00."},
    "dates_save": {"en": "Save edition dates", "ko": "회차 일정 저장"},
    "dates_saved": {"en": "Saved; the change is in the import history.", "ko": "저장했습니다. 변경 내용은 가져오기 기록에 남습니다."},
    "new_edition_heading": {"en": "Add an edition", "ko": "회차 추가"},
    "new_edition_help": {"en": "The next edition with its year and call window; the finalist announcement and ceremony can be added later (Edition dates above). Kept as a database version and logged in the import history. Command line: python -m prizestats edition add.",
                         "ko": "다음 회차와 연도, 공모 기간을 추가합니다. 본선 진출 발표와 시상식 일시는 나중에(위 회차 일정에서) 넣을 수 있습니다. 데이터베이스 버전으로 보관되고 가져오기 기록에 남습니다. 명령줄: python -m prizestats edition add."},
    "moment_help": {"en": "A date such as 2027-02-15, or a date and time such as 2027-02-15T18:00 (Korea time, KST, unless an offset is given). A date alone: the call opens at the start of that day; every later date means the end of it, so nothing is shown early.",
                    "ko": "2027-02-15 또는 2027-02-15T18:00(오프셋이 없으면 한국 시간). 날짜만 쓰면 공모 시작은 그날 0시, 그 밖의 일시는 그날 24시입니다(결과가 일찍 공개되지 않도록)."},
    "field_call_opens_at": {"en": "Call opens", "ko": "공모 시작"},
    "field_call_closes_at": {"en": "Call closes", "ko": "공모 마감"},
    "field_finalists_announced_at": {"en": "Finalists announced", "ko": "본선 진출 발표"},
    "field_ceremony_at": {"en": "Ceremony", "ko": "시상식"},
    "field_venue": {"en": "Venue", "ko": "장소"},
    "field_note": {"en": "Note", "ko": "메모"},
    "new_edition_add": {"en": "Add the edition", "ko": "회차 추가"},
    "new_edition_added": {"en": "Added edition {edition} ({year}). Imports into it now work.",
                          "ko": "제{edition}회({year}년)를 추가했습니다. 이제 이 회차로 가져오기를 할 수 있습니다."},
    "published_heading": {"en": "Published figures",
                          "ko": "공개 수치"},
    "published_help": {"en": "Figures the organisers published, shown beside the computed ones. Press and WeGO see each only from the end of its day of publication (24:00 KST), or from its hour when given, and never before the result it states is announced. Command line: python -m prizestats published add|list|remove.",
                       "ko": "주최 측이 공개한 수치로, 계산한 수치 옆에 보입니다. 언론과 WeGO에는 공개일 24시(한국 시간, 시각을 넣으면 그 시각)부터, 그리고 그 수치가 다루는 결과가 발표된 뒤에만 보입니다. 명령줄: python -m prizestats published add|list|remove."},
    "dimension_help": {"en": "For entries by region and eligible share by region: one of the six regions (the Americas as one); for Korean applicants: an applicant type; for awards: an award group. Empty for a headline figure.",
                       "ko": "지역별 접수·적격 비중: 6개 지역(북중미와 남미는 미주로 통합) 중 하나, 한국 신청자: 신청자 유형, 수상: 수상 부문. 총계 수치는 비워 두세요."},
    "published_on_help": {"en": "The day of publication (public from 24:00 KST that day), or the moment of release when its hour is known: 2027-08-25T14:00.",
                          "ko": "공개일(그날 24시부터 공개, 한국 시간). 공개 시각을 알면 2027-08-25T14:00처럼 적습니다."},
    "published_add": {"en": "Record the figure", "ko": "수치 기록"},
    "published_added": {"en": "Recorded; the change is in the import history.", "ko": "기록했습니다. 변경 내용은 가져오기 기록에 남습니다."},
    "published_remove_choice": {"en": "Recorded figure", "ko": "기록된 수치"},
    "published_remove": {"en": "Remove this figure", "ko": "이 수치 삭제"},
    "published_removed": {"en": "Removed; the change is in the import history.", "ko": "삭제했습니다. 변경 내용은 가져오기 기록에 남습니다."},
    "definition": {"en": "Definition", "ko": "정의"},
    "press_page": {"en": "Press room",
                   "ko": "언론 자료실"},
    "results_page": {"en": "Results", "ko": "결과"},
    "headlines": {"en": "Sentences to quote", "ko": "인용할 문장"},
    "key_figures": {"en": "Key figures", "ko": "주요 수치"},
    "citation": {"en": "Suggested citation", "ko": "인용 표기"},
    "last_updated": {"en": "Data last updated: {when}", "ko": "데이터 최종 갱신: {when}"},
    "figures_as_of": {"en": "Figures as of {when:the}.",
                      "ko": "{when} 기준 수치입니다."},
    "no_results_yet": {"en": "No finalists or winners to show yet.",
                       "ko": "아직 공개할 본선 진출이나 수상 결과가 없습니다."},
    "award": {"en": "Award",
              "ko": "상"},
    "award_group": {"en": "Award group", "ko": "수상 부문"},
    "applicant": {"en": "Applicant", "ko": "신청자"},
    "project": {"en": "Project", "ko": "사업"},
    "results_count": {"en": "Finalists: {finalists}, of whom {winners} won an award.",
                      "ko": "본선 진출 {finalists}건, 그중 수상 {winners}건."},
    "filtered_by": {"en": "Filtered by", "ko": "필터:"},
    "no_reconciliation_filtered": {
        "en": "Published figures describe all entries: clear the filters to compare with them.",
        "ko": "공개 수치는 전체 접수 기준입니다. 대조하려면 필터를 지우세요."},
    "no_published_yet": {"en": "No figure published for this edition is public yet at this date.",
                         "ko": "이 날짜 기준으로 공개된 이 회차의 수치가 아직 없습니다."},
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
    "data_table": {"en": "Show the data", "ko": "데이터 보기"},
    "download": {"en": "Download", "ko": "내려받기"},
    "by_region_title": {"en": "{top:The} sent the most entries: {count} of {total}",
                        "ko": "{top} 지역 접수가 가장 많았습니다: 전체 {total}건 중 {count}건"},
    "by_category_title": {"en": "{top} was the most entered category: {count} of {total}",
                          "ko": "가장 많이 접수된 부문은 {top}입니다: 전체 {total}건 중 {count}건"},
    "by_stage_title": {"en": "Of {total} {total:entry|entries}, {eligible} passed screening; {finalists} {finalists:finalist|finalists}, {winners} {winners:winner|winners}",
                       "ko": "{total}건 중 {eligible}건이 적격 심사를 통과했고, 본선 진출 {finalists}건, 수상 {winners}건입니다"},
    "by_stage_title_screening": {"en": "Of {total} {total:entry|entries}, {eligible} passed screening; results under embargo",
                                 "ko": "{total}건 중 {eligible}건이 적격 심사를 통과했습니다(결과는 엠바고)"},
    "few_entries_title": {"en": "No group has 3 entries or more here: counts under 3 show as <3",
                          "ko": "3건 이상인 항목이 없습니다: 3건 미만은 <3으로 표시합니다"},
    "funnel_title_screening": {"en": "Of {entries} {entries:entry|entries}, {eligible} passed screening",
                               "ko": "{entries}건 중 {eligible}건이 적격 심사를 통과했습니다"},
    "eligible_rate_title": {"en": "Eligible rate by {dimension}: highest for {top:the} ({rate})",
                            "ko": "{dimension}별 적격률은 {top}({rate})에서 가장 높았습니다"},
    "members_title_plain": {"en": "Entries in {year} from WeGO member cities and from others",
                            "ko": "{year}년 WeGO 회원 도시와 그 밖의 도시에서 온 접수"},
    "map_title": {"en": "Entries came from {countries} {countries:country|countries}; the largest number from {top:the} ({count})",
                  "ko": "{countries}개국에서 접수됐고, 가장 많은 국가는 {top}({count}건)입니다"},
    "city_map_title": {"en": "Entries came from {cities} {cities:city|cities}; the largest number from {top} ({count})",
                       "ko": "{cities}개 도시에서 접수됐고, 가장 많은 도시는 {top}({count}건)입니다"},
    "cities_without_coordinates": {"en": "Cities without known coordinates (not on the map): {cities}",
                                   "ko": "좌표를 알 수 없는 도시 (지도에 없음): {cities}"},
    "country": {"en": "Country", "ko": "국가"},
    "city": {"en": "City", "ko": "도시"},
    "share": {"en": "Share",
              "ko": "비중"},
    "region_view": {"en": "Regions", "ko": "지역 구분"},
    "seven_regions": {"en": "Seven regions",
                      "ko": "7개 지역"},
    "six_regions": {"en": "Six regions",
                    "ko": "6개 지역"},
    "category_by_type_title": {"en": "{top_type} entries led in {top_category} ({count})",
                               "ko": "{top_category} 부문에서 {top_type} 접수가 가장 많았습니다({count}건)"},
    "category_by_region_title": {"en": "{top_region:The} led in {top_category} ({count} {count:entry|entries})",
                                 "ko": "{top_category} 부문은 {top_region} 지역이 가장 많았습니다({count}건)"},
    "sector_title": {"en": "{top} was the most common sector: {count} of {total}",
                     "ko": "가장 많은 분야는 {top}입니다: 전체 {total}건 중 {count}건"},
    "technology_title": {"en": "{top} was named by {count} of {total} {total:entry|entries}",
                         "ko": "가장 많이 활용한 기술은 {top}입니다: 전체 {total}건 중 {count}건"},
    "sector": {"en": "Sector", "ko": "분야"},
    "technology": {"en": "Technology", "ko": "활용 기술"},
    "applicant_type": {"en": "Applicant type", "ko": "신청자 유형"},
    "small_count_note": {"en": "Cells of 1 or 2 entries are shown as <3.",
                         "ko": "1~2건인 칸은 <3으로 표시합니다."},
    "funnel_title": {"en": "Of {entries} {entries:entry|entries}, {finalists} reached the final ({rate})",
                     "ko": "{entries}건 중 {finalists}건이 본선에 진출했습니다({rate})"},
    "conversion_title": {"en": "Finalist rate by {dimension}: highest for {top:the} ({rate})",
                         "ko": "{dimension}별 본선 진출률은 {top}({rate})에서 가장 높았습니다"},
    "eligible_rate": {"en": "Eligible", "ko": "적격"},
    "finalist_rate": {"en": "Finalist", "ko": "본선 진출"},
    "winner_rate": {"en": "Winner", "ko": "수상"},
    "rate_text": {"en": "{count} of {total}",
                  "ko": "{total}건 중 {count}건"},
    "caution_small": {"en": "⚠ fewer than 10 entries: rates are fragile",
                      "ko": "⚠ 10건 미만: 건수가 적어 해석에 주의"},
    "flow_title": {"en": "From region to stage: where the {entries} {entries:entry|entries} got to",
                   "ko": "지역에서 단계까지: {entries}건의 진행 결과"},
    "flow_small_note": {"en": "Flows of fewer than 3 entries are not drawn.",
                        "ko": "3건 미만의 흐름은 그리지 않습니다."},
    "by_dimension": {"en": "By", "ko": "기준"},
    "trend_title": {"en": "In {year}, {entries} {entries:entry|entries} ({change} against {previous}) came from {countries} {countries:country|countries}",
                    "ko": "{year}년에는 {countries}개국에서 {entries}건({previous}년 대비 {change}건)이 접수됐습니다"},
    "trend_title_single": {"en": "In {year}, {entries} {entries:entry|entries} came from {countries} {countries:country|countries}",
                           "ko": "{year}년에는 {countries}개국에서 {entries}건이 접수됐습니다"},
    "region_share_title": {"en": "The share of entries from {region:the} went from {first} in {first_year} to {last} in {last_year}",
                           "ko": "{region} 비중: {first_year}년 {first} → {last_year}년 {last}"},
    "new_returning_title": {"en": "In {year}, {new} {new:country|countries} entered for the first time and {returning} came back",
                            "ko": "{year}년: 처음 참여한 국가 {new}개, 다시 참여한 국가 {returning}개"},
    "new": {"en": "New", "ko": "신규"},
    "returning": {"en": "Returning", "ko": "재참여"},
    "members_title": {"en": "In {year}, {share} of entries came from WeGO member cities",
                      "ko": "{year}년: WeGO 회원 도시에서 온 접수 비중 {share}"},
    "member": {"en": "WeGO member", "ko": "WeGO 회원"},
    "non_member": {"en": "Not a member", "ko": "비회원"},
    "unknown": {"en": "Unknown", "ko": "알 수 없음"},
    "year": {"en": "Year", "ko": "연도"},
    "edition_col": {"en": "Edition", "ko": "회차"},
    "membership": {"en": "Membership", "ko": "회원 여부"},
    "kind": {"en": "Kind", "ko": "구분"},
    "group": {"en": "Group", "ko": "그룹"},
    "dimension_region": {"en": "region", "ko": "지역"},
    "dimension_category": {"en": "category", "ko": "부문"},
    "dimension_applicant_type": {"en": "applicant type", "ko": "신청자 유형"},
    "no_entries": {"en": "No entries by this date.", "ko": "이 날짜까지 접수된 건이 없습니다."},
    "role_line": {"en": "Viewing as: {role}", "ko": "보기 권한: {role}"},
    "local_organiser": {"en": "Local run: one organiser, bound to this computer (127.0.0.1).",
                        "ko": "로컬 실행: 이 컴퓨터(127.0.0.1)에서만 열리는 주최 측 보기입니다."},
    "bad_param": {"en": "Ignored the URL parameter {name}={value}: {reason}.",
                  "ko": "URL 매개변수를 무시했습니다({reason}): {name}={value}"},
    "unknown_edition": {"en": "no such edition", "ko": "없는 회차"},
    "unknown_value": {"en": "not one of the choices", "ko": "선택지에 없는 값"},
    "unknown_language": {"en": "the languages are en and ko", "ko": "언어는 en, ko 중 하나"},
    "regions": {"en": "Regions", "ko": "지역"},
    "all": {"en": "All", "ko": "전체"},
    "filter_countries": {"en": "Countries", "ko": "국가"},
    "filter_categories": {"en": "Categories", "ko": "부문"},
    "filter_applicant_types": {"en": "Applicant types", "ko": "신청자 유형"},
    "filter_stages": {"en": "Stages reached", "ko": "도달 단계"},
    "stages_help": {"en": "Eligible includes finalists and winners; finalist includes winners.",
                    "ko": "적격에는 본선 진출과 수상이, 본선 진출에는 수상이 포함됩니다."},
    "filters_help": {"en": "Leave empty for all.", "ko": "비워 두면 전체입니다."},
    "editions": {"en": "Editions", "ko": "회차"},
    "bad_date": {"en": "not a date like 2025-05-01", "ko": "2025-05-01 형식의 날짜가 아님"},
    "by_stage_title_finalists": {"en": "Of {total} {total:entry|entries}, {eligible} passed screening and {finalists} reached the final; winners under embargo",
                                 "ko": "{total}건 중 {eligible}건이 적격 심사를 통과했고 {finalists}건이 본선에 진출했습니다(수상은 엠바고)"},
    "glossary": {"en": "Glossary",
                 "ko": "용어"},
    "glossary_help": {"en": "The names this dashboard, its charts and its downloads use for each term, in English and Korean.",
                      "ko": "이 대시보드와 차트, 내려받기 파일이 쓰는 용어의 영어·한국어 이름입니다."},
    "english": {"en": "English",
                "ko": "영어"},
    "korean": {"en": "Korean",
               "ko": "한국어"},
    "note": {"en": "Note",
             "ko": "설명"},
    "headlines_help": {"en": "Each sentence says when and from where its figures come: the Seoul Metropolitan Government for figures it has published and made public that match these data, the entry data otherwise.",
                       "ko": "문장마다 기준 시점과 출처를 밝힙니다. 서울시가 공개했고 이 데이터와 일치하는 수치만 서울시를 출처로 쓰고, 그 밖에는 접수 자료를 출처로 씁니다."},
    "caution_column": {"en": "Fewer than 10 entries",
                       "ko": "10건 미만"},
    "region_view_help": {"en": "Six regions count North and South America together as the Americas; seven regions count them apart.",
                         "ko": "6개 지역은 북중미와 남미를 미주로 합쳐 세고, 7개 지역은 따로 셉니다."},
    "see_entries": {"en": "See these entries",
                    "ko": "이 접수 건 보기"},
    "see_entries_help": {"en": "The Entries page with this edition, date and these filters (organisers only).",
                         "ko": "같은 회차·기준일·필터로 접수 목록 화면을 엽니다(주최 측 전용)."},
    "chip_region": {"en": "Region",
                    "ko": "지역"},
    "chip_country": {"en": "Country",
                     "ko": "국가"},
    "chip_category": {"en": "Category",
                      "ko": "부문"},
    "chip_applicant_type": {"en": "Applicant type",
                            "ko": "신청자 유형"},
    "chip_stage": {"en": "Stage reached",
                   "ko": "도달 단계"},
    "chip_help": {"en": "Remove this filter",
                  "ko": "이 필터 지우기"},
    "clear_all": {"en": "Clear all",
                  "ko": "모두 지우기"},
    "click_hint": {"en": "Click a bar, a country or a cell to filter every chart by it; click it again to undo.",
                   "ko": "막대나 국가, 칸을 누르면 모든 차트가 그 값으로 좁혀지고, 다시 누르면 풀립니다."},
    "stage_click_hint": {"en": "Each entry is counted at the stage it has reached; a click on a stage keeps the entries that reached it (eligible includes finalists and winners).",
                         "ko": "각 접수 건은 현재 단계로 셉니다. 단계를 누르면 그 단계에 도달한 접수 건만 남습니다(적격에는 본선 진출과 수상 포함)."},
    "report_make": {"en": "Report (PDF)",
                    "ko": "보고서(PDF)"},
    "report_help": {"en": "The edition report: the whole edition (the filters do not apply), as your role may see it at this date, in this language; A4, ready to print.",
                    "ko": "회차 전체 보고서(A4, 인쇄용). 필터와 관계없이, 이 권한과 기준일에 볼 수 있는 내용만 이 언어로 담습니다."},
    "report_making": {"en": "Making the report (about half a minute) ...",
                      "ko": "보고서를 만드는 중입니다(30초 안팎)..."},
    "report_download": {"en": "Download the report",
                        "ko": "보고서 내려받기"},
    "no_headlines_filtered": {"en": "The sentences describe the whole edition: clear the filters (the chips above) to quote them.",
                              "ko": "인용 문장은 회차 전체를 다룹니다. 인용하려면 위의 필터를 지우세요."},
    "no_database": {"en": "No database yet. Build one: `python -m prizestats build --from "
                          "data/sample` (or run `make run`).",
                    "ko": "데이터베이스가 없습니다. `python -m prizestats build --from data/sample`"
                          " 로 만드세요 (또는 `make run`)."},
}

def _glossary_labels() -> dict[str, dict[str, str]]:
    return {row["code"]: {"en": row["en"], "ko": row["ko"]} for row in reference.glossary()}


# The display name of every code, from the glossary (data/reference/glossary.csv).
VALUE_LABELS: dict[str, dict[str, str]] = _glossary_labels()


def _articled() -> frozenset[str]:
    """English names that take "the" in running text: from the glossary and the countries."""
    names = {row["en"] for row in reference.glossary() if row["the"] == "the"}
    names |= {row["name_en"] for row in reference.countries().values() if row.get("the") == "the"}
    return frozenset(names)


ARTICLED = _articled()


AWARD_LABELS: dict[str, dict[str, str]] = {
    "gold": {"en": "Gold", "ko": "금상"},
    "silver": {"en": "Silver", "ko": "은상"},
    "bronze": {"en": "Bronze", "ko": "동상"},
    "company_prize": {"en": "Company prize", "ko": "기업상"},
    "institution_prize": {"en": "Institution prize", "ko": "기관상"},
    "leadership": {"en": "Leadership award", "ko": "리더십상"},
    "special": {"en": "Special award", "ko": "특별상"},
    "special_mention": {"en": "Special mention", "ko": "특별 언급"},
    "special_gggi": {"en": "GGGI special award", "ko": "GGGI 특별상"},
    "special_imd": {"en": "IMD special award", "ko": "IMD 특별상"},
    "special_semi": {"en": "SEMI special award", "ko": "SEMI 특별상"},
    "special_wego_index": {"en": "WeGO Index special award", "ko": "WeGO 지수 특별상"},
    "special_nyce": {"en": "NYCE special award", "ko": "NYCE 특별상"},
}


def award_label(award: object, lang: str) -> str:
    """Empty for no award (None, or NaN from a DataFrame)."""
    if not isinstance(award, str) or not award:
        return ""
    return AWARD_LABELS.get(award, {}).get(lang, award)


TEMPLATES = {"en": grammar.Templates("en", ARTICLED), "ko": grammar.Templates("ko")}


def render(template: str, lang: str, /, **values: object) -> str:
    """A template with its grammar ({top:이/가}, {count:entry|entries}, {region:the})."""
    return TEMPLATES[lang].format(template, **values)


def t(key: str, lang: str, /, **values: object) -> str:
    return render(STRINGS[key][lang], lang, **values)


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


def number(value: object, lang: str) -> str:
    """A number in the language's format; a count the viewer may not read (NA after
    disclosure, or "<3" already) reads <3."""
    if isinstance(value, str):
        return value
    if is_hidden(value):
        return SMALL
    return numbers.format_decimal(value, locale=LOCALES[lang])


def signed(value: float, lang: str) -> str:
    text = number(abs(value), lang)
    # An ASCII minus: st.metric colours a delta red by its leading "-".
    return f"+{text}" if value > 0 else (f"-{text}" if value < 0 else text)


def percent(value: float, lang: str) -> str:
    return numbers.format_percent(value, locale=LOCALES[lang], format="#,##0.#%")


def day(value: date | datetime, lang: str) -> str:
    return dates.format_date(value, format="long", locale=LOCALES[lang])


def weekday_day(value: date, lang: str) -> str:
    """"Thu 1 May" / "5월 1일 (목)": the weekday shows the weekly rhythm of arrivals."""
    if lang == "ko":
        return dates.format_date(value, "M월 d일 (E)", locale=LOCALES[lang])
    return dates.format_date(value, "EEE d MMM", locale=LOCALES[lang])


def moment(value: datetime, lang: str, seconds: bool = True) -> str:
    """A moment in Korea time, which is what the prize runs on, said one way everywhere:
    a day's last second is the end of that day ("end of 25 August 2025 (24:00 KST)",
    "2025년 8월 25일 24시(한국 시간)"), midnight the start of it ("25 August 2025, 00:00 KST"),
    seconds only where they say something (`seconds=False`: never)."""
    local = value.astimezone(KST)
    if not seconds:  # a clock time (a build, an import): its seconds carry nothing
        local = local.replace(second=0, microsecond=0)
    on = day(local.date(), lang)
    if (local.hour, local.minute, local.second) == (23, 59, 59):
        return f"{on} 24시(한국 시간)" if lang == "ko" else f"end of {on} (24:00 KST)"
    if lang == "ko":
        clock = f"{local.hour}시"
        if local.minute or local.second:
            clock += f" {local.minute}분"
        if local.second:
            clock += f" {local.second}초"
        return f"{on} {clock}(한국 시간)"
    clock = local.strftime("%H:%M:%S" if local.second else "%H:%M")
    return f"{on}, {clock} KST"
