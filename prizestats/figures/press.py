"""Figures that can be quoted: the `figures` object of data-contract.md, computed from the database."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

import pandas as pd

from prizestats.core import reference, safe, settings
from prizestats.core.disclosure import FLAGS, SMALL, is_hidden
from prizestats.core.editions import Edition
from prizestats.core.editions import edition as edition_of
from prizestats.core.scope import EVERYTHING, Scope
from prizestats.core.times import KST, optional_moment
from prizestats.figures import statements
from prizestats.figures.statements import HEADLINE
from prizestats.words import catalog

# Runs a named query with its params: db.run over a connection in the CLI, the cached
# data layer in the app, so both compute figures the same way.
QueryRunner = Callable[[str, dict], pd.DataFrame]


def latest_edition_with_entries(run: QueryRunner) -> int | None:
    editions = run("editions", {})
    with_entries = editions[editions["entries"] > 0]
    return int(with_entries["edition"].max()) if len(with_entries) else None


def _count(value: object, hidden: object = SMALL) -> object:
    """A count as the figures object holds it: the number, `hidden` when the viewer may not
    read it (SMALL for a small count, None for a result under embargo)."""
    return hidden if is_hidden(value) else int(value)


def _as_dict(frame, key: str, value: str, keys: tuple[str, ...],
             hidden: object = SMALL) -> dict[str, object]:
    counted = dict(zip(frame[key], frame[value], strict=True))
    return {k: _count(counted.get(k, 0), hidden) for k in keys}


def figures_changed_at(run: QueryRunner, edition: int, as_of: datetime, public: bool
                       ) -> datetime | None:
    """The last moment by `as_of` at which the edition's figures changed for this viewer
    (figures_changed.sql); None when nothing had by then."""
    frame = run("figures_changed", {"edition": edition, "as_of": as_of, "public": public})
    return optional_moment(frame["changed_at"].iloc[0]) if len(frame) else None


def dated(run: QueryRunner, edition: int, as_of: datetime, public: bool) -> datetime:
    """The moment the edition's figures are dated by for this viewer at `as_of`
    (statements.dated): every "as of" said to a person names it."""
    return statements.dated(edition_of(run("editions", {}), edition), as_of,
                            figures_changed_at(run, edition, as_of, public))


def edition_embargo(editions: pd.DataFrame, number: int, as_of: datetime,
                    public: bool) -> frozenset[str]:
    """The results of an edition a public viewer may not see yet at as_of (none for organisers)."""
    return edition_of(editions, number).embargoed(as_of, public)


def figures(run: QueryRunner, edition: int, as_of: datetime, public: bool = False,
            scope: Scope = EVERYTHING) -> dict:
    """Every key of the contract's object present, 0 where none. For a public viewer, a count
    they may not read is "<3" (small counts) and a result not yet announced is None (null in
    JSON), never a 0 that reads as "none"."""
    params = {"edition": edition, "as_of": as_of, "public": public, **scope.params()}
    summary = run("edition_summary", params)
    row = summary[summary["edition"] == edition]
    dates = edition_of(run("editions", {}), edition)
    year = dates.year
    embargoed = dates.embargoed(as_of, public)
    totals = {k: _count(row[k].iloc[0], None if k in embargoed else SMALL) if len(row) else
              (None if k in embargoed else 0)
              for k in HEADLINE}
    regions = run("entries_by_region", params)
    regions6 = run("entries_by_region6", params)
    categories = run("entries_by_category", params)
    applicant_types = run("entries_by_applicant_type", params)
    if not scope.countries or "KOR" in scope.countries:
        korea = run("entries_by_applicant_type", {**params, "countries": ["KOR"]})
    else:  # the filter leaves Korea out
        korea = applicant_types.assign(entries=0, eligible=0)
    stages = run("entries_by_stage", params)
    by_stage = _as_dict(stages, "stage", "entries", reference.STAGES)
    for stage, metric in (("finalist", "finalists"), ("winner", "winners")):
        if metric in embargoed:
            by_stage[stage] = None
    award_groups = run("winners_by_award_group", params)
    return {
        "edition": edition,
        "year": year,
        "as_of": as_of.astimezone(KST).isoformat(timespec="seconds"),
        **totals,
        "by_region": _as_dict(regions, "region", "entries", reference.REGIONS),
        "by_region6": _as_dict(regions6, "region", "entries", reference.REGIONS6),
        "by_category": _as_dict(categories, "category", "entries", reference.CATEGORIES),
        "by_applicant_type": _as_dict(applicant_types, "applicant_type", "entries",
                                      reference.APPLICANT_TYPES),
        "by_stage": by_stage,
        "eligible_by_region6": _as_dict(regions6, "region", "eligible", reference.REGIONS6),
        "eligible_korea_by_applicant_type": _as_dict(korea, "applicant_type", "eligible",
                                                     reference.APPLICANT_TYPES),
        "winners_by_award_group": _as_dict(
            award_groups, "award_group", "winners", reference.AWARD_GROUPS,
            None if "winners" in embargoed else SMALL),
    }


def figures_rows(result: dict) -> list[tuple[str, str, object]]:
    """The same object as long rows (metric, dimension, value) for --format csv."""
    rows: list[tuple[str, str, object]] = []
    for metric, value in result.items():
        if isinstance(value, dict):
            rows += [(metric, dimension, count) for dimension, count in value.items()]
        else:
            rows.append((metric, "", value))
    return rows


def figures_text(result: dict, marks: dict[str, str] | None = None) -> str:
    """The figures for a person at a terminal: each with its status flags in brackets, as
    statistics offices print them ("219 [r]"), and what the letters used mean (the legend of
    the About page and the bundles, in English)."""
    from prizestats.words import i18n

    marks = marks or {}

    def flagged(key: str) -> str:
        return f"  [{marks[key]}]" if marks.get(key) else ""

    lines = [f"Seoul Smart City Prize, edition {result['edition']} ({result['year']}), "
             f"as of {result['as_of']}"]
    for metric in HEADLINE:
        lines.append(f"  {metric:<10} {result[metric]:>6}{flagged(metric)}")
    for metric, value in result.items():
        if isinstance(value, dict):
            lines.append(f"  {metric}:")
            lines += [f"    {dimension:<18} {count:>6}{flagged(f'{metric}.{dimension}')}"
                      for dimension, count in value.items()]
    used = "".join(marks.values())
    if used:
        lines.append("flags: " + "; ".join(f"[{flag}] {i18n.t(f'bundle.flag.{flag}', 'en')}"
                                            for flag in FLAGS if flag in used))
    return "\n".join(lines)


# Published metric -> how to read the same figure from a figures object.
def computed_value(result: dict, metric: str, dimension: str) -> float | None:
    if metric in ("entries", "eligible", "countries", "cities", "finalists", "winners"):
        return result[metric]
    if metric == "entries_by_region":
        return result["by_region6"].get(dimension)
    if metric == "eligible_share_by_region":
        part, whole = result["eligible_by_region6"].get(dimension, 0), result["eligible"]
        if part == SMALL or whole == SMALL:
            return SMALL  # a share of a hidden count would give the count away
        if not whole:
            return 0
        share = 100 * part / whole
        return math.floor(share + 0.5)  # published as whole percents, rounded half up
    if metric == "eligible_korea_by_applicant_type":
        return result["eligible_korea_by_applicant_type"].get(dimension)
    if metric == "awards_by_category":
        return result["winners_by_award_group"].get(dimension)
    return None


def comparable(value: object) -> bool:
    """Whether a computed figure is a number the viewer may read (not <3, not under embargo)."""
    return value is not None and value != SMALL


def reconcile(result: dict, published: pd.DataFrame) -> pd.DataFrame:
    """Each published figure (as many as the viewer may see: published_as_of) beside the
    computed one, and whether they match. `matches` is None where the computed figure is hidden
    from the viewer: a difference would only say that the rule works."""
    rows = []
    for item in published.itertuples(index=False):
        computed = computed_value(result, item.metric, item.dimension)
        rows.append({
            "metric": item.metric, "dimension": item.dimension, "unit": item.unit,
            "published": item.value, "computed": computed,
            "matches": float(computed) == float(item.value) if comparable(computed) else None,
            "published_on": item.published_on, "public_at": item.public_at,
            "source_url": item.source_url,
        })
    columns = ["metric", "dimension", "unit", "published", "computed", "matches",
               "published_on", "public_at", "source_url"]
    return pd.DataFrame(rows, columns=columns)


# The published figures (metric, dimension) each sentence states, besides its regions.
_SENTENCE_FIGURES = {"entries": ("entries", "countries", "cities"), "finalists": ("finalists",),
                     "winners": ("winners",)}


def attributable(reconciled: pd.DataFrame | None, figures: list[tuple[str, str]],
                 as_of: datetime) -> bool:
    """Whether every figure of a sentence is one the organisers published, public at as_of,
    and equal to the computed one: only then may a sentence say "according to the Seoul
    Metropolitan Government"."""
    if reconciled is None or reconciled.empty:
        return False
    for metric, dimension in figures:
        rows = reconciled[(reconciled["metric"] == metric)
                          & (reconciled["dimension"] == dimension)]
        if rows.empty:
            return False
        row = rows.iloc[0]
        public_at, matches = row["public_at"], row["matches"]
        if matches is None or pd.isna(matches) or not bool(matches):
            return False
        if public_at is None or pd.isna(public_at):
            return False
        if pd.Timestamp(public_at).to_pydatetime() > as_of:
            return False
    return True


def headlines(result: dict, lang: str, dates: Edition, as_of: datetime,
              reconciled: pd.DataFrame | None = None, is_sample: bool = False,
              dated: datetime | None = None) -> list[str]:
    """Sentences ready to quote, from the figures alone (embargo already applied to them),
    each dated and sourced: the organisers' name only for figures they published, that are
    public at as_of and that match; the entry data otherwise; sample data said as such.
    The sentences are the press.* messages of the catalogs, written as Korean and
    international press write about the prize, their grammar in the templates. Their "as of"
    names `dated`, the moment the figures are dated by (statements.dated); `as_of` is the
    moment read, which decides what is public."""
    from prizestats.words import i18n

    words = catalog.section("press", lang)
    say = lambda key, **values: i18n.render(words[key], lang, **values)  # noqa: E731
    n = lambda value: i18n.number(value, lang)  # noqa: E731

    def by_smg(figures: list[tuple[str, str]]) -> bool:
        return not is_sample and attributable(reconciled, figures, as_of)

    first_by_smg = by_smg([(m, "") for m in _SENTENCE_FIGURES["entries"]])
    source = words["sample" if is_sample else "smg" if first_by_smg else "data"]

    def aside(figures: list[tuple[str, str]]) -> str:
        """A later sentence names its source only where it differs from the first one's."""
        return words["data_aside"] if first_by_smg and not by_smg(figures) else ""

    if dates.call_opens_at is not None and as_of < dates.call_opens_at:
        # before the call there is nothing to count: never "had received 0 entries"
        return [say("before_call", ordinal=i18n.ordinal(result["edition"], lang),
                    opens=i18n.day(dates.call_opens_at, lang))]
    ceremony_at = dates.ceremony_at
    sentences = [say("entries_open" if dates.call_open(as_of) else "entries",
                     ordinal=i18n.ordinal(result["edition"], lang), entries=n(result["entries"]),
                     cities=n(result["cities"]), countries=n(result["countries"]),
                     as_of=i18n.moment(as_of if dated is None else dated, lang),
                     source=source)]
    # only counts the viewer may read: a hidden one (<3) is never among the three largest
    ranked = sorted(((count, region) for region, count in result["by_region6"].items()
                     if comparable(count) and count), reverse=True)
    top = statements.leaders({region: count for count, region in ranked})
    if len(ranked) >= 3 and top is not None and len(top[0]) > 1:
        # a tie at the top is named as one: no region "came first" (statements.leaders)
        sentences.append(say(
            "regions_tie", first=[i18n.label(r, lang) for r in top[0]], first_n=n(top[1]),
            source=aside([("entries_by_region", r) for r in top[0]])))
    elif len(ranked) >= 3:
        (first_n, first), (second_n, second), (third_n, third) = ranked[:3]
        sentences.append(say(
            "regions", first=i18n.label(first, lang), first_n=n(first_n),
            second=i18n.label(second, lang), second_n=n(second_n),
            third=i18n.label(third, lang), third_n=n(third_n),
            source=aside([("entries_by_region", r) for r in (first, second, third)])))
    if comparable(result["finalists"]) and result["finalists"]:
        sentences.append(say("finalists", finalists=n(result["finalists"]), entries=n(result["entries"]),
                             source=aside([("finalists", "")])))
    if comparable(result["winners"]) and result["winners"] and ceremony_at is not None:
        sentences.append(say("winners", winners=n(result["winners"]),
                             ceremony=i18n.day(ceremony_at, lang),
                             source=aside([("winners", "")])))
    return sentences


def citation(edition: int, year: int, as_of: datetime, lang: str, is_sample: bool) -> str:
    from prizestats.words import i18n

    text = i18n.t("press.citation", lang, ordinal=i18n.ordinal(edition, lang), year=year,
                  when=i18n.moment(as_of, lang))
    return i18n.t("press.sample_mark", lang, text=text) if is_sample else text


def chart_citation(title: str, edition: int, year: int, as_of: datetime, lang: str,
                   is_sample: bool, link: str) -> str:
    """The press room's citation of one chart: its finding as title, the source, the moment
    its figures are dated by, and the link that opens it."""
    from prizestats.words import i18n

    text = i18n.t("press.chart_citation", lang, title=title, ordinal=i18n.ordinal(edition, lang),
                  year=year, when=i18n.moment(as_of, lang), url=link)
    return i18n.t("press.sample_mark", lang, text=text) if is_sample else text


def embargo_text(lang: str, until: datetime | None) -> str:
    """What stands where a result not yet announced would be: never a 0 that reads as none."""
    from prizestats.words import i18n

    if until is None:
        return i18n.t("under_embargo", lang)
    return i18n.t("under_embargo_until", lang, when=i18n.moment(until, lang))


def match_mark(matches: object) -> str:
    return "" if matches is None or pd.isna(matches) else ("✓" if matches else "≠")


def key_figures(result: dict, reconciled: pd.DataFrame, lang: str,
                embargo_until: dict[str, datetime | None] | None = None,
                revised: dict[str, dict] | None = None) -> pd.DataFrame:
    """The headline figures with their definitions and, where published and public, the
    published value.

    A figure under embargo (a key of `embargo_until`: finalists, winners, with the moment it is
    announced) reads "under embargo until ..." and is not compared. A figure revised since it
    was public (a key of `revised`, its last public revision: revisions.latest) says so beside
    it, "(r) revised on 3 June 2026: was 220 (...)", in a column the table has only then.
    """
    from prizestats.figures import revisions
    from prizestats.words import i18n

    embargo_until = embargo_until or {}
    published = reconciled[reconciled["dimension"] == ""].set_index("metric")
    rows = []
    for metric in HEADLINE:
        row = published.loc[metric] if metric in published.index else None
        embargoed = metric in embargo_until or result[metric] is None
        computed = embargo_text(lang, embargo_until.get(metric)) if embargoed else result[metric]
        rows.append({
            i18n.t("metric", lang): i18n.t(metric, lang),
            i18n.t("computed", lang): computed,
            i18n.t("definition", lang): i18n.t(f"press.definition.{metric}", lang),
            i18n.t("published", lang): "" if row is None else str(int(row["published"])),
            i18n.t("match", lang): "" if row is None or embargoed else match_mark(row["matches"]),
            # only an http(s) address may become a link (the table shows it as one)
            i18n.t("source", lang): "" if row is None else safe.web_link(row["source_url"]),
        })
    table = pd.DataFrame(rows)
    revised = {metric: row for metric, row in (revised or {}).items() if metric in HEADLINE}
    if revised:
        table.insert(2, i18n.t("revisions.column", lang), [
            f"(r) {revisions.note(revised[metric], lang)}" if metric in revised else ""
            for metric in HEADLINE])
    computed = i18n.t("computed", lang)
    if not all(isinstance(v, int) for v in table[computed]):
        # words beside numbers: all text, or no table (Arrow) or spreadsheet can hold the column
        table[computed] = [str(v) for v in table[computed]]
    return table


def results_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The results list for people: words for codes, names in the language, blanks not NaN."""
    from prizestats.words import i18n, names

    name_column = "country_name_ko" if lang == "ko" else "country_name_en"
    return pd.DataFrame({
        i18n.t("stage", lang): [i18n.label(s, lang) for s in frame["stage"]],
        i18n.t("award", lang): [i18n.award_label(a, lang) for a in frame["award"]],
        i18n.t("award_group", lang): [i18n.label(g, lang) if isinstance(g, str) else ""
                                      for g in frame["award_group"]],
        i18n.t("category", lang): [i18n.label(c, lang) for c in frame["category"]],
        i18n.t("applicant", lang): frame["applicant_name"].fillna(""),
        i18n.t("city", lang): [names.city_name(c, lang) for c in frame["city"]],
        i18n.t("country", lang): frame[name_column],
        i18n.t("project", lang): frame["project_title"].fillna(""),
    })


def source_line(lang: str, is_sample: bool, as_of: datetime,
                open_until: datetime | None = None) -> str:
    """The line every chart and export carries: source, "Sample data" when it is, as-of; while
    the call is open (`open_until`: its close), that its counts are provisional, so that no
    chart or image of an open call is read as final; and the licence of published data (its
    short name)."""
    from prizestats.words import i18n

    source = i18n.t("source_name", lang)
    if is_sample:
        source = f"{i18n.t('sample_short', lang)} · {source}"
    if open_until is not None:
        line = i18n.t("source_line_open", lang, source=source, as_of=i18n.moment(as_of, lang),
                      closes=i18n.moment(open_until, lang))
    else:
        line = i18n.t("source_line", lang, source=source, as_of=i18n.moment(as_of, lang))
    return f"{line} · {licence_name(lang, short=True)}"


# Each licence of settings.LICENCE_CODES: the stem of its licence.* messages, and its text.
LICENCES = {
    "kogl-1": ("kogl_1", "https://www.kogl.or.kr/info/licenseType1.do"),
    "cc-by-4.0": ("cc_by_4", "https://creativecommons.org/licenses/by/4.0/"),
}


def licence_name(lang: str, short: bool = False) -> str:
    """The licence of published data (settings.licence) by its name: "KOGL Type 1 (source
    must be credited)", or "KOGL Type 1" where room is short (a chart's source line)."""
    from prizestats.words import i18n

    stem, _ = LICENCES[settings.licence()]
    key = f"licence.{stem}.short" if short else f"licence.{stem}.name"
    return i18n.t(key, lang)


def licence_url() -> str:
    return LICENCES[settings.licence()][1]


def attribution(citation_text: str, lang: str) -> str:
    """The sentence the licence asks for: under which licence, and how to credit the source
    (the citation)."""
    from prizestats.words import i18n

    return i18n.t("licence.attribution", lang, licence=licence_name(lang), url=licence_url(),
                  citation=citation_text)
