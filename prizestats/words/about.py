"""The text of the About page, in English and Korean: definitions and rules in plain words."""

from __future__ import annotations

import pandas as pd

from prizestats.core import reference, safe
from prizestats.words import i18n

TEXT = {
    "en": """
**What is counted** (the same on every page, in the CLI and in the press kit)

- **Entries**: every entry of the edition, withdrawn ones included. **Countries**: distinct
  countries. **Cities**: distinct city and country pairs among entries that name a city.
- **Eligible**: entries that passed screening (eligible, finalist or winner). **Finalists**:
  finalists and winners. **Winners**: entries that won an award. Withdrawn entries count as
  entries and nowhere else.
- **Award group**: *special* for the special awards, otherwise the entry's category.

**Regions.** Continents, except that the Middle East is West Asia without the Caucasus and Cyprus,
plus Egypt and Iran; the Caucasus, Cyprus and Russia are Europe; Mexico, Central America and the
Caribbean are North America. The six-region view joins North and South America as the Americas.
The table of countries is `data/reference/countries_regions.csv` and an organiser can edit it.

**As of a date.** A date means the end of that day in Korea time (24:00 KST). An entry counts from the
moment it was submitted; it counts as eligible once its screening is known, as a finalist once the
finalist decision is known, and as a winner from the award ceremony.

**Embargo.** Only organisers see results before they are announced. Everyone else sees finalists
from their announcement (or from the ceremony when none was announced) and winners, awards and
winner names from the ceremony. An edition without a known ceremony keeps its results under
embargo. A result under embargo reads "under embargo until ..." (null in JSON), never 0.

**Published figures.** A figure the organisers published is shown to press and WeGO from the end
of its publication day (24:00 KST), and never before the result it states is announced (finalists:
the finalist announcement; winners and awards: the ceremony). Before that it appears nowhere: not
beside a figure, not in a download, not in the press kit.

**Small counts.** For press and WeGO, a count of 1 or 2 entries (at any stage) in a breakdown of
two dimensions or more is shown as `<3`: in tables, charts, titles, downloads, press sentences and
the press kit. Each entry filter in use counts as a dimension (entries by category with one country
chosen is two-way), and so does a stage column beside a breakdown (region by eligible, finalists,
winners). A hidden count has no bar, colour or size of its own and sorts between 3 and 0. Counts
of countries and cities, the edition's unfiltered headline totals and one-way entry counts,
published figures once public and announced winners stay exact. A hidden cell can sometimes be
worked out by subtracting exact counts from an exact total: that is accepted.

**Personal data.** Applicant names are shown to organisers only, except announced winners.
""",
    "ko": """
**집계 기준** (모든 화면, 명령줄 도구, 프레스 키트에서 동일)

- **접수**: 해당 회차의 모든 접수 건 (철회 포함). **국가**: 서로 다른 국가 수. **도시**: 도시가 기재된
  접수 건 중 서로 다른 (도시, 국가) 수.
- **적격**: 적격 심사를 통과한 건 (적격, 본선 진출, 수상). **본선 진출**: 본선 진출과 수상.
  **수상**: 상을 받은 건. 철회 건은 접수에만 포함됩니다.
- **수상 부문**: 특별상은 *특별상*, 그 밖에는 접수한 부문.

**지역 구분.** 대륙 기준이며, 중동은 코카서스와 키프로스를 뺀 서아시아에 이집트와 이란을 더한
지역입니다. 코카서스, 키프로스, 러시아는 유럽, 멕시코·중앙아메리카·카리브해는 북중미입니다. 6개 지역
보기에서는 북중미와 남미를 미주로 합칩니다. 국가 목록은 `data/reference/countries_regions.csv`이며
주최 측이 고칠 수 있습니다.

**기준일.** 날짜는 한국 시간(KST)으로 그날 24시을 뜻합니다. 접수 건은 접수 시점부터,
적격은 심사 결과가 나온 때부터, 본선 진출은 결정된 때부터, 수상은 시상식부터 집계합니다.

**엠바고.** 발표 전 결과는 주최 측만 봅니다. 그 밖의 사용자는 본선 진출을 발표 시점(발표가 없으면
시상식)부터, 수상·수상 내역·수상자 이름을 시상식부터 봅니다. 시상식 일시가 없는 회차의 결과는
계속 엠바고입니다. 엠바고 중인 결과는 0이 아니라 "…까지 엠바고"로 표시합니다(JSON에서는 null).

**공개된 수치.** 주최 측이 공개한 수치는 공개일 24시(한국 시간)부터, 그리고 그 수치가 다루는
결과가 발표된 뒤에만(본선 진출: 본선 진출 발표, 수상·수상 내역: 시상식) 언론과 WeGO에 보입니다. 그 전에는
어느 화면, 내려받기, 프레스 키트에도 나오지 않습니다.

**작은 수.** 언론과 WeGO 화면에서 두 가지 이상 기준으로 나눈 집계의 1~2건(모든 단계)은 `<3`으로
표시합니다: 표, 차트, 제목, 내려받기, 인용 문장, 프레스 키트 모두 같습니다. 적용 중인 필터 하나하나와
분류 옆의 단계 열(적격, 본선 진출, 수상)도 기준 하나로 셉니다(국가 하나를 고른 부문별 접수는 2차원).
숨긴 칸은 막대 길이·색·크기가 없고 3과 0 사이의 동순위로 정렬됩니다. 국가·도시 수, 필터 없는 회차의
총계와 1차원 접수 수, 공개된 수치, 발표된 수상자는 그대로 보입니다. 정확한 합계에서 다른 칸을 빼서 숨긴
칸을 알아낼 수 있는 경우는 허용합니다.

**개인 정보.** 신청자 이름은 주최 측에만 보이며, 발표된 수상자는 예외입니다.
""",
}

DATASET = {
    "sample": {"en": "**The loaded data are the sample**: generated to reproduce every published "
                     "figure exactly; the individual entries are invented.",
               "ko": "**현재 데이터는 샘플입니다**: 공개된 모든 수치를 정확히 재현하도록 생성했으며 "
                     "개별 접수 건은 가상입니다."},
    "other": {"en": "The loaded data were built on {built_at}.",
              "ko": "현재 데이터는 {built_at}에 만들어졌습니다."},
}


def text(lang: str, is_sample: bool, dataset: dict[str, str]) -> str:
    origin = (DATASET["sample"][lang] if is_sample
              else DATASET["other"][lang].format(built_at=dataset.get("built_at", "?")))
    return f"{origin}\n\n{TEXT[lang]}"


def glossary_table(lang: str) -> pd.DataFrame:
    """The glossary (data/reference/glossary.csv) as the About page shows it: each term in
    English and Korean, with what it means."""
    rows = reference.glossary()
    return pd.DataFrame({
        i18n.t("english", lang): [row["en"] for row in rows],
        i18n.t("korean", lang): [row["ko"] for row in rows],
        i18n.t("note", lang): [row["note"] for row in rows],
    })


def sources_table(published: pd.DataFrame, lang: str, organiser: bool = False) -> pd.DataFrame:
    """Every published figure the viewer may see (published_as_of); organisers also see from
    when each is public, figures not public yet included."""
    table = pd.DataFrame({
        i18n.t("year", lang): published["year"],
        i18n.t("metric", lang): [i18n.label(m, lang) for m in published["metric"]],
        i18n.t("dimension", lang): [i18n.label(d, lang) for d in published["dimension"]],
        i18n.t("published", lang): published["value"],
        i18n.t("published_on", lang): [i18n.day(d, lang) for d in published["published_on"]],
        i18n.t("source", lang): [safe.web_link(u) for u in published["source_url"]],
    })
    if organiser:
        table[i18n.t("public_from_column", lang)] = [
            i18n.t("never_public", lang) if pd.isna(moment)
            else i18n.moment(moment.to_pydatetime(), lang) for moment in published["public_at"]]
    return table
