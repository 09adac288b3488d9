"""Every query of queries/ written in plain pandas: the baseline the DuckDB queries are measured
against (issue 9).

The benchmark holds the raw tables in memory as DataFrames (db.tables) and compares the time of
db.run(con, name, params) with EQUIVALENTS[name](tables, params). For the comparison to mean
anything the two must compute the same result, so each function here returns the columns and
the row order of its SQL file (tests/test_bench_pandas.py checks it on the sample), and each is
written as a competent pandas user would write it: vectorised, no row loops, no DuckDB.

db.run passes every result for a viewer other than organisers (params["public"]) through
disclosure.disclose (small counts and results not yet announced as NA); `run` here does the same
to a twin's result, with the embargo of each edition read from tables["editions"] by the rule of
db._embargoed, so that the benchmark times, and the tests compare, like with like.

entries_as_of and filtered_entries mirror the macros of queries/_macros.sql, with SQL's NULL
rules: a comparison with a missing moment is false, so an unknown screening or (for organisers)
decision date hides nothing, while for the public finalists with neither an announcement nor a
ceremony date, and winners with no ceremony date, stay under embargo for good.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import reduce

import numpy as np
import pandas as pd

from prizestats.core import access, disclosure
from prizestats.store import db

Tables = dict[str, pd.DataFrame]
Params = dict[str, object]

TIMEZONE = "Asia/Seoul"

# The code lists of queries/_macros.sql, in display order.
CATEGORIES = ("human_centricity", "tech_innovacity", "leadership")
APPLICANT_TYPES = ("city_government", "institution", "company", "individual")
STAGES = ("received", "ineligible", "eligible", "finalist", "winner", "withdrawn")
AWARD_GROUPS = ("human_centricity", "tech_innovacity", "leadership", "special")
# queries/results.sql: the order of awards within an award group.
AWARD_RANK = {award: rank for rank, award in enumerate((
    "gold", "silver", "bronze", "company_prize", "institution_prize", "leadership", "special",
    "special_mention", "special_gggi", "special_imd", "special_semi", "special_wego_index",
    "special_nyce"), start=1)}

# The columns of entries_as_of(), in the order of the macro.
ENTRY_COLUMNS = [
    "submission_id", "edition", "submitted_at", "applicant_type", "project_title", "category",
    "sector", "technologies", "city", "country", "wego_member", "year", "region", "region6",
    "country_name_en", "country_name_ko", "screened_at", "finalist_at", "recorded_stage",
    "applicant_name", "stage", "is_eligible", "is_finalist", "is_winner", "award", "award_group",
]
# Filter param -> the column it narrows (stages is special: it means "reached").
FILTER_COLUMNS = {"regions": "region", "countries": "country", "categories": "category",
                  "applicant_types": "applicant_type"}
# DuckDB's 'infinity'::timestamptz and '-infinity'::timestamptz as they reach pandas: the largest
# int64 and one above the smallest (which is NaT), in microseconds since 1970.
INFINITY_US = np.iinfo(np.int64).max
MINUS_INFINITY_US = -INFINITY_US
# queries/_macros.sql published_as_of: the metrics that state a result, and the result's embargo.
RESULT_METRICS = {"finalists": "finalists", "winners": "winners", "awards_by_category": "winners"}
STAGE_COUNTS = {"eligible": ("is_eligible", "sum"), "finalists": ("is_finalist", "sum"),
                "winners": ("is_winner", "sum")}


# -- the macros ------------------------------------------------------------------------------

def _coalesce(*columns: pd.Series) -> pd.Series:
    return reduce(lambda first, other: first.fillna(other), columns)


def entries_as_of(tables: Tables, as_of, public: bool, edition: int | None = None) -> pd.DataFrame:
    """The entries submitted by as_of, each at the stage it had reached then (macro entries_as_of).

    With `edition`, only that edition's entries: a pandas user narrows first, as DuckDB's
    optimiser does when a query asks for one edition."""
    as_of = pd.Timestamp(as_of)
    submissions = tables["submissions"]
    if edition is not None:
        submissions = submissions[submissions["edition"] == edition]
    editions = tables["editions"][["edition", "year", "finalists_announced_at", "ceremony_at"]]
    countries = tables["countries"].rename(columns={
        "iso3": "country", "name_en": "country_name_en", "name_ko": "country_name_ko"})
    entries = (
        submissions[submissions["submitted_at"] <= as_of]
        .merge(editions, on="edition", how="left")
        .merge(countries[["country", "region", "region6", "country_name_en", "country_name_ko"]],
               on="country", how="left")
    )

    ceremony = entries["ceremony_at"]
    announced = _coalesce(entries["finalists_announced_at"], ceremony)
    decided = _coalesce(entries["finalist_at"], announced)
    screening_known = _coalesce(entries["screened_at"], decided)
    # A comparison with NaT is False, like SQL's NULL in a case: an unknown moment hides nothing,
    # except for the public, for whom no announcement (or ceremony) date means embargo.
    if public:
        # greatest(decision, announcement): never before either
        finalists_hidden = announced.isna() | (announced > as_of) | (decided > as_of)
        winners_hidden = ceremony.isna() | (ceremony > as_of)
    else:
        finalists_hidden = decided > as_of
        winners_hidden = ceremony > as_of

    recorded = entries["stage"]
    stage = pd.Series(np.select(
        [recorded.isin(["ineligible", "eligible", "finalist", "winner"]) & (screening_known > as_of),
         recorded.isin(["finalist", "winner"]) & finalists_hidden,
         recorded.eq("winner") & winners_hidden],
        ["received", "eligible", "finalist"],
        default=recorded.to_numpy(),
    ), index=entries.index, dtype="str")
    is_winner = stage.eq("winner")
    award = entries["award"].where(is_winner)
    return entries.assign(
        year=entries["year"].fillna(entries["edition"] + 2022).astype("int64"),
        screened_at=entries["screened_at"].where(pd.Series(not public, index=entries.index)),
        finalist_at=entries["finalist_at"].where(pd.Series(not public, index=entries.index)),
        recorded_stage=recorded.where(pd.Series(not public, index=recorded.index)),
        applicant_name=entries["applicant_name"].where(is_winner | (not public)),
        stage=stage,
        is_eligible=stage.isin(["eligible", "finalist", "winner"]),
        is_finalist=stage.isin(["finalist", "winner"]),
        is_winner=is_winner,
        award=award,
        award_group=entries["category"].mask(award.str.startswith("special", na=False), "special")
        .where(is_winner),
    )[ENTRY_COLUMNS]


def filtered_entries(tables: Tables, params: Params, edition: int | None = None) -> pd.DataFrame:
    """entries_as_of narrowed by the shared filters (macro filtered_entries); None means all."""
    entries = entries_as_of(tables, params["as_of"], params["public"], edition)
    keep = pd.Series(True, index=entries.index)
    for param, column in FILTER_COLUMNS.items():
        if (allowed := params.get(param)) is not None:
            keep &= entries[column].isin(allowed)
    if (stages := params.get("stages")) is not None:
        keep &= (entries["stage"].isin(stages)
                 | (entries["is_eligible"] & ("eligible" in stages))
                 | (entries["is_finalist"] & ("finalist" in stages)))
    return entries[keep]


def _micros(moments: pd.Series) -> pd.Series:
    """Microseconds since 1970 (UTC) of tz-aware moments, missing ones as <NA> (Int64)."""
    return moments.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]").astype(
        "int64").astype("Int64").mask(moments.isna())


def published_as_of(tables: Tables, as_of, public: bool) -> pd.DataFrame:
    """The published figures with the moment each became public, those a viewer may see at as_of
    (macro published_as_of): the end of the published_on day in Seoul, and never before the
    embargo of the result the figure states (no known date: never, DuckDB's infinity)."""
    figures = tables["published_figures"].merge(
        tables["editions"][["edition", "finalists_announced_at", "ceremony_at"]],
        on="edition", how="left")
    day_end = ((figures["published_on"] + pd.Timedelta(days=1)).dt.tz_localize(TIMEZONE)
               - pd.Timedelta(microseconds=1))
    ceremony = _micros(figures["ceremony_at"]).fillna(INFINITY_US)
    announced = _micros(figures["finalists_announced_at"]).fillna(ceremony)
    result = figures["metric"].map(RESULT_METRICS)
    embargo = announced.where(result.eq("finalists"),
                              ceremony.where(result.eq("winners"), MINUS_INFINITY_US))
    # the moment of release when recorded, else the end of the day; neither: never public
    released = _micros(figures["published_at"]).fillna(_micros(day_end))
    public_us = np.maximum(released.fillna(INFINITY_US), embargo).astype("int64")
    public_at = (pd.Series(public_us.to_numpy().view("datetime64[us]"), index=figures.index)
                 .dt.tz_localize("UTC").dt.tz_convert(TIMEZONE))
    dated = figures.drop(columns=["finalists_announced_at", "ceremony_at"]).assign(
        public_at=public_at)
    if not public:
        return dated
    as_of_us = (pd.Timestamp(as_of) - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1)
    return dated[public_us <= as_of_us]


# -- helpers ---------------------------------------------------------------------------------

def _edition_entries(tables: Tables, params: Params) -> pd.DataFrame:
    return filtered_entries(tables, params, params["edition"])


def _in_editions(entries: pd.DataFrame, params: Params) -> pd.DataFrame:
    editions = params.get("editions")
    return entries if editions is None else entries[entries["edition"].isin(editions)]


def _named(text: pd.Series) -> pd.Series:
    """nullif(trim(text), ''): SQL's trim takes spaces only."""
    trimmed = text.str.strip(" ")
    return trimmed.mask(trimmed.eq(""))


def _local_time(moments: pd.Series) -> pd.Series:
    """moment at time zone 'Asia/Seoul': the wall-clock time in Seoul, without a zone."""
    return moments.dt.tz_convert(TIMEZONE).dt.tz_localize(None)


def _local_day(moments: pd.Series) -> pd.Series:
    return _local_time(moments).dt.normalize()


def _per_code(counts: pd.DataFrame | pd.Series, codes: tuple[str, ...], name: str) -> pd.DataFrame:
    """Counts keyed by code, one row per code of the list in its order, 0 where none."""
    return counts.reindex(pd.Index(codes, name=name), fill_value=0).reset_index()


def _with_deadline(entries: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """The entries of editions with a known deadline, with days_before it (Seoul calendar days)."""
    deadlines = tables["editions"].loc[tables["editions"]["call_closes_at"].notna(),
                                       ["edition", "call_closes_at"]]
    dated = entries.merge(deadlines, on="edition")
    days_before = (_local_day(dated["call_closes_at"]) - _local_day(dated["submitted_at"])).dt.days
    return dated.assign(days_before=days_before)


# -- the queries -----------------------------------------------------------------------------

def arrivals_by_day(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _edition_entries(tables, params)
    return (entries.assign(day=_local_day(entries["submitted_at"]))
            .groupby(["day", "region"], dropna=False).size().reset_index(name="entries")
            .sort_values(["day", "region"], ignore_index=True))


def category_by_applicant_type(tables: Tables, params: Params) -> pd.DataFrame:
    counts = _edition_entries(tables, params).groupby(["category", "applicant_type"]).size()
    every = pd.MultiIndex.from_product([CATEGORIES, APPLICANT_TYPES],
                                       names=["category", "applicant_type"])
    return counts.reindex(every, fill_value=0).reset_index(name="entries")


def category_by_region(tables: Tables, params: Params) -> pd.DataFrame:
    counts = _edition_entries(tables, params).groupby(["category", "region"]).size()
    regions = tables["countries"]["region"].drop_duplicates().sort_values()
    every = pd.MultiIndex.from_product([CATEGORIES, regions], names=["category", "region"])
    return counts.reindex(every, fill_value=0).reset_index(name="entries")


def conversion_by_group(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _edition_entries(tables, params)
    by_group = entries.melt(id_vars=["is_eligible", "is_finalist", "is_winner"],
                            value_vars=["region", "category", "applicant_type"],
                            var_name="dimension", value_name="group")
    return (by_group.groupby(["dimension", "group"], dropna=False)
            .agg(entries=("is_eligible", "size"), **STAGE_COUNTS).reset_index()
            .sort_values(["dimension", "entries", "group"], ascending=[True, False, True],
                         ignore_index=True))


def countries(tables: Tables, params: Params) -> pd.DataFrame:
    entered = (tables["submissions"].groupby("country")
               .agg(entries=("edition", "size"), editions=("edition", "nunique")))
    return (tables["countries"].join(entered, on="iso3", how="inner")
            [["iso3", "name_en", "name_ko", "region", "region6", "entries", "editions"]]
            .sort_values("name_en", ignore_index=True))


def dataset(tables: Tables, params: Params) -> pd.DataFrame:
    return tables["meta"][["key", "value"]].sort_values("key", ignore_index=True)


def edition_summary(tables: Tables, params: Params) -> pd.DataFrame:
    entries = filtered_entries(tables, params)
    summary = entries.groupby("edition").agg(
        year=("year", "first"), entries=("submission_id", "size"),
        countries=("country", "nunique"), **STAGE_COUNTS)
    # distinct (city, country) among entries with a city, the city as recorded (not trimmed)
    cities = (entries.loc[_named(entries["city"]).notna(), ["edition", "city", "country"]]
              .drop_duplicates().groupby("edition").size())
    summary.insert(3, "cities", cities.reindex(summary.index, fill_value=0))
    return summary.reset_index()


def editions(tables: Tables, params: Params) -> pd.DataFrame:
    dates = tables["editions"]
    counts = tables["submissions"].groupby("edition").size().rename("entries")
    every = pd.DataFrame({"edition": pd.Index(dates["edition"]).union(counts.index)})
    merged = every.merge(dates, on="edition", how="left").join(counts, on="edition")
    return merged.assign(
        year=merged["year"].fillna(merged["edition"] + 2022).astype("int64"),
        entries=merged["entries"].fillna(0).astype("int64"),
    )[["edition", "year", "call_opens_at", "call_closes_at", "finalists_announced_at",
       "ceremony_at", "venue", "note", "entries"]].sort_values("edition", ignore_index=True)


def entries_by_applicant_type(tables: Tables, params: Params) -> pd.DataFrame:
    counts = (_edition_entries(tables, params).groupby("applicant_type")
              .agg(entries=("applicant_type", "size"), eligible=("is_eligible", "sum")))
    return _per_code(counts, APPLICANT_TYPES, "applicant_type")


def entries_by_category(tables: Tables, params: Params) -> pd.DataFrame:
    counts = (_edition_entries(tables, params).groupby("category")
              .agg(entries=("category", "size"), **STAGE_COUNTS))
    return _per_code(counts, CATEGORIES, "category")


def entries_by_city(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _edition_entries(tables, params)
    entries = entries.assign(city=_named(entries["city"])).dropna(subset=["city"])
    counts = entries.groupby(["city", "country"]).agg(
        name_en=("country_name_en", "first"), name_ko=("country_name_ko", "first"),
        entries=("submission_id", "size")).reset_index()
    return (counts.merge(tables["cities"], on=["city", "country"], how="left")
            .sort_values(["entries", "city"], ascending=[False, True], ignore_index=True))


def entries_by_country(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _edition_entries(tables, params)
    return (entries.assign(city=_named(entries["city"])).groupby("country").agg(
        name_en=("country_name_en", "first"), name_ko=("country_name_ko", "first"),
        region=("region", "first"), region6=("region6", "first"),
        entries=("submission_id", "size"), **STAGE_COUNTS,
        # count(distinct nullif(trim(city), '')): a blank city is no city
        cities=("city", "nunique"),
    ).reset_index().rename(columns={"country": "iso3"})
        .sort_values(["entries", "iso3"], ascending=[False, True], ignore_index=True))


def entries_by_region(tables: Tables, params: Params) -> pd.DataFrame:
    counts = (_edition_entries(tables, params).groupby("region")
              .agg(entries=("submission_id", "size"), **STAGE_COUNTS))
    regions = tables["countries"][["region", "region6"]].drop_duplicates()
    merged = regions.join(counts, on="region")
    return (merged.fillna({column: 0 for column in counts.columns})
            .astype(dict.fromkeys(counts.columns, "int64"))
            .sort_values(["entries", "region"], ascending=[False, True], ignore_index=True))


def entries_by_region6(tables: Tables, params: Params) -> pd.DataFrame:
    counts = (_edition_entries(tables, params).groupby("region6")
              .agg(entries=("submission_id", "size"), **STAGE_COUNTS))
    regions = tables["countries"][["region6"]].drop_duplicates()
    merged = regions.join(counts, on="region6").rename(columns={"region6": "region"})
    return (merged.fillna({column: 0 for column in counts.columns})
            .astype(dict.fromkeys(counts.columns, "int64"))
            .sort_values(["entries", "region"], ascending=[False, True], ignore_index=True))


def entries_by_sector(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _edition_entries(tables, params)
    return (entries.assign(sector=entries["sector"].fillna("unknown"))
            .groupby("sector").size().reset_index(name="entries")
            .sort_values(["entries", "sector"], ascending=[False, True], ignore_index=True))


def entries_by_stage(tables: Tables, params: Params) -> pd.DataFrame:
    return _per_code(_edition_entries(tables, params).groupby("stage").size().rename("entries"),
                     STAGES, "stage")


def entries_list(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _edition_entries(tables, params)
    in_view = len(entries)
    if words := params.get("search"):
        haystack = (entries[["submission_id", "applicant_name", "project_title", "city",
                             "country", "country_name_en", "country_name_ko"]]
                    .fillna("").agg(" ".join, axis=1).str.lower())
        keep = pd.Series(True, index=entries.index)
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
        entries = entries[keep]
    listed = (entries.assign(submitted_kst=_local_time(entries["submitted_at"]),
                             city=_named(entries["city"]), matching=len(entries), in_view=in_view)
              [["submission_id", "submitted_kst", "applicant_type", "applicant_name",
                "project_title", "category", "sector", "technologies", "city", "country",
                "country_name_en", "country_name_ko", "region", "stage", "award", "wego_member",
                "matching", "in_view"]]
              .sort_values(["submitted_kst", "submission_id"], ignore_index=True))
    listed = listed.iloc[params.get("offset") or 0:].reset_index(drop=True)
    limit = params.get("limit")
    return listed if limit is None else listed.head(limit)


def moments(tables: Tables, params: Params) -> pd.DataFrame:
    submissions, editions = tables["submissions"], tables["editions"]
    every = _micros(pd.concat([submissions["submitted_at"], submissions["screened_at"],
                               submissions["finalist_at"], editions["finalists_announced_at"],
                               editions["ceremony_at"], editions["call_closes_at"],
                               tables["imports"]["finished_at"],
                               tables["imports"]["released_at"]], ignore_index=True)).dropna()
    public_at = _micros(published_as_of(tables, None, public=False)["public_at"])
    finite = public_at[public_at.ne(INFINITY_US) & public_at.ne(MINUS_INFINITY_US)]
    return pd.DataFrame({"moment_us": np.unique(pd.concat([every, finite]).to_numpy("int64"))})


def figures_changed(tables: Tables, params: Params) -> pd.DataFrame:
    edition, as_of, public = params["edition"], params["as_of"], params["public"]
    dates = tables["editions"][tables["editions"]["edition"] == edition]
    entries = tables["submissions"][tables["submissions"]["edition"] == edition]
    announced = dates["finalists_announced_at"].iloc[0] if len(dates) else pd.NaT
    ceremony = dates["ceremony_at"].iloc[0] if len(dates) else pd.NaT

    def first(*values: object) -> object:  # coalesce
        return next((v for v in values if not pd.isna(v)), pd.NaT)

    moments = list(entries["submitted_at"])
    for row in entries.itertuples(index=False):
        if row.stage in ("ineligible", "eligible", "finalist", "winner"):
            moments.append(first(row.screened_at, row.finalist_at, announced, ceremony))
        if row.stage in ("finalist", "winner"):
            decided = first(row.finalist_at, announced, ceremony)
            if public:  # SQL's greatest(), which passes over a missing value
                known = [m for m in (decided, first(announced, ceremony)) if not pd.isna(m)]
                decided = max(known) if known else pd.NaT
            moments.append(decided)
        if row.stage == "winner":
            moments.append(ceremony)
    moments += list(dates["call_closes_at"])
    imports = tables["imports"]
    touched = [str(edition) in str(e or "").split(",") for e in imports["editions_replaced"]]
    moments += list(imports.loc[touched, "finished_at"])
    known = [m for m in moments if not pd.isna(m) and m <= as_of]
    return pd.DataFrame({"changed_at": [max(known) if known else pd.NaT]})


def first_arrivals_by_country(tables: Tables, params: Params) -> pd.DataFrame:
    return (_with_deadline(filtered_entries(tables, params), tables)
            .groupby(["edition", "country"]).agg(
                region=("region", "first"), name_en=("country_name_en", "first"),
                name_ko=("country_name_ko", "first"), first_days_before=("days_before", "max"))
            .reset_index())


def events(tables: Tables, params: Params) -> pd.DataFrame:
    listed = tables["events"]
    if params.get("edition") is not None:
        listed = listed[listed["edition"] == params["edition"]]
    if params.get("as_of") is not None:
        listed = listed[listed["event_at"] <= params["as_of"]]
    if params.get("public") is not False:  # none given: the public's (events.sql coalesces)
        listed = listed[listed["public"].astype(bool)]
    years = tables["editions"][["edition", "year"]]
    return (listed.merge(years, on="edition", how="left")
            .sort_values(["event_at", "event_id"], ignore_index=True)
            [["event_id", "edition", "year", "event_at", "kind", "text_en", "text_ko",
              "public"]])


def alerts(tables: Tables, params: Params) -> pd.DataFrame:
    listed = tables["alerts"]
    if params.get("edition") is not None:
        listed = listed[listed["edition"] == params["edition"]]
    return listed.sort_values("edition", ignore_index=True)[
        ["edition", "pace_below", "against", "missing_regions", "quiet_days"]]


def import_history(tables: Tables, params: Params) -> pd.DataFrame:
    return (tables["imports"][["import_id", "file_name", "sha256", "rows_read", "rows_accepted",
                               "rows_rejected", "editions_replaced", "diff", "started_at",
                               "finished_at", "reason"]]
            .sort_values("import_id", ascending=False, ignore_index=True))


def revisions(tables: Tables, params: Params) -> pd.DataFrame:
    imports = tables["imports"]
    releases = pd.DataFrame({
        "import_id": imports["import_id"], "reason": imports["reason"],
        "released_at": imports["released_at"].fillna(imports["finished_at"])})
    figures = tables["release_figures"]
    if params.get("edition") is not None:
        figures = figures[figures["edition"] == params["edition"]]
    changed = figures[figures["previous_value"].notna()
                      & (figures["previous_value"] != figures["value"])]
    changed = changed.assign(public=changed["previous_public"].astype(bool) & changed["public"])
    final = changed.merge(releases, on="import_id")
    final = final[final["released_at"] <= params["as_of"]]
    if params.get("public"):
        final = final[final["public"]]
    return (final.sort_values(["edition", "released_at", "import_id", "metric", "dimension"],
                              ignore_index=True)
            [["edition", "metric", "dimension", "previous_value", "value", "public",
              "import_id", "released_at", "reason"]])


def intake_curve(tables: Tables, params: Params) -> pd.DataFrame:
    dated = _with_deadline(filtered_entries(tables, params), tables)
    daily = (dated.assign(is_late=dated["submitted_at"] > dated["call_closes_at"])
             .groupby(["edition", "days_before"])
             .agg(year=("year", "first"), entries=("submission_id", "size"), late=("is_late", "sum"))
             .reset_index()
             .sort_values(["edition", "days_before"], ascending=[True, False], ignore_index=True))
    return daily.assign(cumulative=daily.groupby("edition")["entries"].cumsum())[
        ["edition", "year", "days_before", "entries", "late", "cumulative"]]


def new_vs_returning(tables: Tables, params: Params) -> pd.DataFrame:
    entries = filtered_entries(tables, params)
    city = _named(entries["city"])
    places = pd.concat([
        entries.assign(kind="country", place=entries["country"]),
        entries.assign(kind="city", place=city + ", " + entries["country"])[city.notna()],
    ])[["edition", "year", "kind", "place"]].drop_duplicates()
    first_edition = places.groupby(["kind", "place"])["edition"].transform("min")
    places = places.assign(new=first_edition.eq(places["edition"]),
                           returning=first_edition.lt(places["edition"]))
    return (_in_editions(places, params).groupby(["edition", "kind"])
            .agg(year=("year", "first"), new=("new", "sum"), returning=("returning", "sum"))
            .reset_index()[["edition", "year", "kind", "new", "returning"]])


def published_figures(tables: Tables, params: Params) -> pd.DataFrame:
    figures = published_as_of(tables, params["as_of"], params["public"])
    if params["edition"] is not None:
        figures = figures[figures["edition"] == params["edition"]]
    return (figures.assign(dimension=figures["dimension"].fillna(""))
            .assign(public_at=lambda f: f["public_at"].where(
                _micros(f["public_at"]).abs() != INFINITY_US))  # never public: null
            [["edition", "year", "metric", "dimension", "value", "unit", "published_on",
              "published_at", "public_at", "source_url", "note"]]
            .sort_values(["edition", "metric", "dimension"], ignore_index=True))


def published_moments(tables: Tables, params: Params) -> pd.DataFrame:
    """Each (edition, metric)'s first public moment among the published figures (the
    organisers' view: moments only), none that is never public."""
    figures = published_as_of(tables, None, False)
    if params.get("edition") is not None:
        figures = figures[figures["edition"] == params["edition"]]
    figures = figures[_micros(figures["public_at"]).abs() != INFINITY_US]
    return (figures.groupby(["edition", "metric"], as_index=False)["public_at"].min()
            [["edition", "metric", "public_at"]]
            .sort_values(["edition", "public_at", "metric"], ignore_index=True))


def region_shares_by_edition(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _in_editions(filtered_entries(tables, params), params)
    counts = entries.groupby(["edition", "region6"]).size().rename("entries")
    grid = (entries[["edition", "year"]].drop_duplicates()
            .merge(tables["countries"][["region6"]].drop_duplicates(), how="cross")
            .join(counts, on=["edition", "region6"]))
    shares = grid.assign(entries=grid["entries"].fillna(0).astype("int64"))
    return (shares.assign(share=shares["entries"] / shares.groupby("edition")["entries"].transform("sum"))
            .sort_values(["edition", "region6"], ignore_index=True))


def region_stage_flow(tables: Tables, params: Params) -> pd.DataFrame:
    return (_edition_entries(tables, params).groupby(["region", "stage"], dropna=False).size()
            .reset_index(name="entries").sort_values(["region", "stage"], ignore_index=True))


def results(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _edition_entries(tables, params)
    finalists = entries[entries["is_finalist"]]
    # winners first, then by award group and award, country and city as recorded, then id
    ordered = (finalists.assign(award_rank=finalists["award"].map(AWARD_RANK))
               .sort_values(["is_winner", "award_group", "award_rank", "country", "city",
                             "submission_id"],
                            ascending=[False, True, True, True, True, True], kind="stable"))
    return ordered.assign(city=_named(ordered["city"]))[
        ["stage", "award", "award_group", "category", "applicant_type", "applicant_name", "city",
         "country", "country_name_en", "country_name_ko", "region", "project_title"]
    ].reset_index(drop=True)


def technologies_ranked(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _edition_entries(tables, params)
    entries = entries[_named(entries["technologies"]).notna()]
    mentions = (entries.assign(spelling=entries["technologies"].str.split(";"))
                .explode("spelling")[["submission_id", "spelling"]])
    mentions = mentions.assign(spelling=mentions["spelling"].str.strip(" "))
    mentions = mentions[mentions["spelling"].ne("")]
    mentions = mentions.assign(key=mentions["spelling"].str.lower()).drop_duplicates()
    # per technology, how often each spelling occurs; shown as the most frequent (mode)
    tally = mentions.groupby(["key", "spelling"]).size().reset_index(name="spelt")
    tally = tally.assign(entries=tally.groupby("key")["spelt"].transform("sum"))
    return (tally.sort_values(["spelt", "spelling"], ascending=[False, True])
            .drop_duplicates("key")
            .rename(columns={"spelling": "technology"})[["technology", "entries"]]
            .sort_values(["entries", "technology"], ascending=[False, True], ignore_index=True))


def wego_members_by_edition(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _in_editions(filtered_entries(tables, params), params)
    membership = entries["wego_member"].map({True: "member", False: "non_member"}).fillna("unknown")
    return (entries.assign(membership=membership).groupby(["edition", "membership"])
            .agg(year=("year", "first"), entries=("submission_id", "size"), **STAGE_COUNTS)
            .reset_index()[["edition", "year", "membership", "entries", "eligible", "finalists",
                            "winners"]])


def winners_by_award_group(tables: Tables, params: Params) -> pd.DataFrame:
    entries = _edition_entries(tables, params)
    counts = entries[entries["is_winner"]].groupby("award_group").size().rename("winners")
    return _per_code(counts, AWARD_GROUPS, "award_group")


EQUIVALENTS: dict[str, Callable[[Tables, Params], pd.DataFrame]] = {
    query.__name__: query for query in (
        alerts, arrivals_by_day, category_by_applicant_type, category_by_region, conversion_by_group,
        countries, dataset, edition_summary, editions, entries_by_applicant_type,
        entries_by_category, entries_by_city, entries_by_country, entries_by_region,
        entries_by_region6, entries_by_sector, entries_by_stage, entries_list, events,
        figures_changed,
        first_arrivals_by_country, import_history, intake_curve, moments, new_vs_returning,
        published_figures, published_moments, revisions,
        region_shares_by_edition, region_stage_flow, results, technologies_ranked,
        wego_members_by_edition, winners_by_award_group,
    )
}


def embargoed(tables: Tables, edition: int, as_of: datetime) -> frozenset[str]:
    """The results of an edition the public may not see yet at as_of: db._embargoed, read from
    the editions table in memory (an edition without a row: both, for good)."""
    dates = tables["editions"]
    row = dates[dates["edition"] == edition]
    announced, ceremony = ((None, None) if row.empty else
                           (row["finalists_announced_at"].iloc[0], row["ceremony_at"].iloc[0]))
    announced, ceremony = (None if pd.isna(moment) else moment for moment in (announced, ceremony))
    return access.embargoed_metrics(as_of, announced or ceremony, ceremony)


def run(tables: Tables, name: str, params: Params | None = None) -> pd.DataFrame:
    """EQUIVALENTS[name] as db.run gives its query: given the params the SQL file takes, and for
    every viewer but organisers passed through disclosure.disclose."""
    _, uses = db._query(name)  # the $params of the SQL file, as db.run reads them
    used = {k: v for k, v in (params or {}).items() if k in uses}
    frame = EQUIVALENTS[name](tables, params or {})
    if used.get("public"):
        frame = disclosure.disclose(name, frame, used,
                                    lambda edition, as_of: embargoed(tables, edition, as_of))
    return frame
