"""What an organiser records by hand: a new edition and its dates, and the figures they publish.

Each change is checked first (a message per problem, saying which field and why), then written
as an import is: a new database swapped in under the writers' lock, the old one kept as a version
that `restore` brings back, and a row in the import history. Nothing changes when a check fails.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path

import pandas as pd

from prizestats.core import reference, safe
from prizestats.core.editions import Edition, all_editions, from_row
from prizestats.core.times import KST, end_of_day, parse_datetime
from prizestats.store import build, db, importer
from prizestats.store.build import Problem

# The dates of an edition, in the order they must come in.
DATE_FIELDS = ("call_opens_at", "call_closes_at", "finalists_announced_at", "ceremony_at")
EDITION_FIELDS = ("year", *DATE_FIELDS, "venue", "note")
REQUIRED_FOR_A_NEW_EDITION = ("year", "call_opens_at", "call_closes_at")


@dataclass(frozen=True)
class Metric:
    unit: str  # count or percent
    dimensions: tuple[str, ...] = ()  # none: a headline figure


# The metrics of data/reference/published_figures.csv, and what each may hold.
METRICS = {
    "entries": Metric("count"), "eligible": Metric("count"), "countries": Metric("count"),
    "cities": Metric("count"), "finalists": Metric("count"), "winners": Metric("count"),
    "entries_by_region": Metric("count", reference.REGIONS6),
    "eligible_korea_by_applicant_type": Metric("count", reference.APPLICANT_TYPES),
    "awards_by_category": Metric("count", reference.AWARD_GROUPS),
    "eligible_share_by_region": Metric("percent", reference.REGIONS6),
}


class RecordError(ValueError):
    """The change cannot be made: every problem found, each saying where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def describe(problem: Problem, lang: str = "en") -> str:
    """One line: the option, what was given, what is wrong (in `lang`, en or ko)."""
    given = f" {problem.value!r}" if problem.value not in (None, "") else ""
    return f"{problem.column}{given}: {problem.reason_in(lang)}"


def _flag(field: str) -> str:
    return "--" + field.replace("_", "-")


# -- editions -----------------------------------------------------------------------------------

def parse_moment(field: str, text: str) -> datetime:
    """A date-time (no offset means Seoul), or a date: the call opens at the start of its day,
    and every later date means the end of its day, so that nothing is shown early."""
    text = text.strip()
    if len(text) == 10:
        day = date.fromisoformat(text)
        start = datetime(day.year, day.month, day.day, tzinfo=KST)
        return start if field == "call_opens_at" else end_of_day(start)
    return parse_datetime(text)


def _edition_problems(name: str, record: dict[str, object], given: dict[str, str]
                      ) -> list[Problem]:
    problems = []
    year = record.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append(Problem(name, None, "--year", str(given.get("year", "")), "year_like"))
    for field in DATE_FIELDS:
        text = given.get(field)
        if text in (None, ""):
            continue
        try:
            record[field] = parse_moment(field, text)
        except ValueError:
            problems.append(Problem(name, None, _flag(field), text, "not_a_day_or_moment"))
            record[field] = None
    known = [(f, record[f]) for f in DATE_FIELDS if isinstance(record.get(f), datetime)]
    for (first, a), (second, b) in pairwise(known):
        if a >= b:
            problems.append(Problem(name, None, _flag(second), _shown(b), "must_come_after",
                                    first=f"{_flag(first)} ({_shown(a)})"))
    return problems


def _year(text: str | None) -> object:
    try:
        return int(str(text).strip())
    except ValueError:
        return None


def _editions_frame(records: dict[int, dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame([{"edition": number, **record} for number, record in
                          sorted(records.items())], columns=list(build.EDITION_COLUMNS))
    for field in DATE_FIELDS:
        frame[field] = pd.to_datetime(frame[field], utc=True)
    return frame


def _as_record(edition: Edition) -> dict[str, object]:
    return {field: getattr(edition, field) for field in EDITION_FIELDS}


def add_edition(target: Path, number: int, given: dict[str, str | None],
                reason: str | None = None) -> Edition:
    """A new edition, the next in number, with at least its year and call window."""
    with db.writing(target):
        current = importer._current(target)
        existing = {n: _as_record(e) for n, e in all_editions(current["editions"]).items()}
        name = f"edition {number}"
        problems = []
        if number in existing:
            problems.append(Problem(name, None, "--edition", str(number), "edition_exists"))
        expected = max(existing, default=0) + 1
        if number not in existing and number != expected:
            problems.append(Problem(name, None, "--edition", str(number), "edition_gap",
                                    expected=expected))
        missing = [f for f in REQUIRED_FOR_A_NEW_EDITION if not (given.get(f) or "").strip()]
        problems += [Problem(name, None, _flag(f), None, "needed_for_new_edition")
                     for f in missing]
        record = {"year": _year(given.get("year")), "venue": given.get("venue") or None,
                  "note": given.get("note") or None, **dict.fromkeys(DATE_FIELDS)}
        problems += _edition_problems(name, record, given)
        years = {r["year"]: n for n, r in existing.items()}
        if record["year"] in years and number not in existing:
            problems.append(Problem(name, None, "--year", str(record["year"]),
                                    "year_of_edition", edition=years[record["year"]]))
        if problems:
            raise RecordError(problems)
        records = {**existing, number: record}
        diff = {"added": {k: _shown(v) for k, v in record.items()}}
        importer.rewrite(target, current, importer.history_row(
            current, f"(edition {number} added)", diff, 1, str(number)), reason,
            editions=_editions_frame(records))
        return from_row({"edition": number, **record})


def set_edition(target: Path, number: int, given: dict[str, str | None],
                reason: str | None = None) -> dict[str, dict]:
    """Change fields of an existing edition; returns what changed (from, to) per field."""
    with db.writing(target):
        current = importer._current(target)
        existing = {n: _as_record(e) for n, e in all_editions(current["editions"]).items()}
        name = f"edition {number}"
        if number not in existing:
            raise RecordError([Problem(name, None, "--edition", str(number),
                                       "edition_not_in_database")])
        before = existing[number]
        record = dict(before)
        if given.get("year") not in (None, ""):
            record["year"] = _year(given["year"])
        for field in ("venue", "note"):
            if given.get(field) is not None:
                record[field] = given[field] or None
        kept = {f: before[f].isoformat() for f in DATE_FIELDS
                if before[f] is not None and given.get(f) in (None, "")}
        problems = _edition_problems(name, record, {**kept, **{
            f: v for f, v in given.items() if v not in (None, "")}})
        others = {r["year"]: n for n, r in existing.items() if n != number}
        if record["year"] in others:  # imports read a year as its edition: it must be one
            problems.append(Problem(name, None, "--year", str(record["year"]),
                                    "year_of_edition", edition=others[record["year"]]))
        if problems:
            raise RecordError(problems)
        changes = {f: {"from": _shown(before[f]), "to": _shown(record[f])}
                   for f in EDITION_FIELDS if before[f] != record[f]}
        if changes:
            figures = current["published_figures"].copy()  # they carry their edition's year
            figures.loc[figures["edition"] == number, "year"] = record["year"]
            importer.rewrite(target, current, importer.history_row(
                current, f"(edition {number} changed)", {str(number): changes}, 1, str(number)), reason,
                editions=_editions_frame({**existing, number: record}), published_figures=figures)
        return changes


def _shown(value: object) -> object:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value


# -- published figures --------------------------------------------------------------------------

PUBLISHED_COLUMNS = ("edition", "year", "metric", "dimension", "value", "unit", "published_on",
                     "published_at", "source_url", "note")


def parse_published_on(text: str) -> tuple[date, datetime | None]:
    """A date (public from the end of that day in Seoul) or a date-time when the hour of release
    is known (public from then; no offset means Seoul)."""
    text = text.strip()
    if len(text) == 10:
        return date.fromisoformat(text), None
    moment = parse_datetime(text)
    return moment.astimezone(KST).date(), moment


def _value(metric: Metric, text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise ValueError(text)
    if metric.unit == "count" and not value.is_integer():
        raise ValueError(text)
    if metric.unit == "percent" and value > 100:
        raise ValueError(text)
    return value


def check_published(given: dict[str, str | None], editions: dict[int, Edition]
                    ) -> tuple[dict[str, object], list[Problem]]:
    """A figure as an organiser types it: a known metric, a dimension where it takes one, a
    count or a percent, a date, and an http(s) source."""
    name = "published figure"
    problems: list[Problem] = []

    def problem(field: str, value: object, key: str, /, **values: object) -> None:
        problems.append(Problem(name, None, _flag(field), None if value is None else str(value),
                                key, **values))

    number = _year(given.get("edition"))
    if number not in editions:
        problem("edition", given.get("edition"), "edition_not_in_database_first")
    metric_name = (given.get("metric") or "").strip()
    metric = METRICS.get(metric_name)
    if metric is None:
        problem("metric", metric_name, "not_one_of", allowed=", ".join(METRICS))
    dimension = (given.get("dimension") or "").strip() or None
    if metric is not None and metric.dimensions and dimension not in metric.dimensions:
        problem("dimension", dimension, "dimension_needed", metric=metric_name,
                allowed=", ".join(metric.dimensions))
    elif metric is not None and not metric.dimensions and dimension:
        problem("dimension", dimension, "dimension_refused", metric=metric_name)
    unit = (given.get("unit") or "").strip() or (metric.unit if metric else None)
    if metric is not None and unit != metric.unit:
        problem("unit", unit, "unit_mismatch", metric=metric_name, unit=metric.unit)
    value = None
    if metric is not None:
        try:
            value = _value(metric, given.get("value") or "")
        except ValueError:
            problem("value", given.get("value"),
                    "count_value" if metric.unit == "count" else "percent_value")
    published_on = published_at = None
    try:
        published_on, published_at = parse_published_on(given.get("published_on") or "")
    except ValueError:
        problem("published_on", given.get("published_on"), "not_a_publication_day")
    source = (given.get("source_url") or "").strip()
    if safe.web_link(source) is None:
        problem("source_url", source or None, "web_address")
    record = {"edition": number, "year": editions[number].year if number in editions else None,
              "metric": metric_name, "dimension": dimension, "value": value, "unit": unit,
              "published_on": published_on, "published_at": published_at,
              "source_url": source, "note": (given.get("note") or "").strip() or None}
    return record, problems


def _key(edition: object, metric: object, dimension: object) -> tuple:
    return (int(edition), str(metric), None if dimension in (None, "") or pd.isna(dimension)
            else str(dimension))


def _published_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(PUBLISHED_COLUMNS))
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    return frame


def add_published(target: Path, given: dict[str, str | None], reason: str | None = None
                  ) -> dict[str, object]:
    with db.writing(target):
        current = importer._current(target)
        record, problems = check_published(given, all_editions(current["editions"]))
        figures = current["published_figures"]
        keys = {_key(*k) for k in zip(figures["edition"], figures["metric"],
                                      figures["dimension"], strict=True)}
        if not problems and _key(record["edition"], record["metric"], record["dimension"]) in keys:
            problems.append(Problem("published figure", None, "--metric", record["metric"],
                                    "figure_recorded"))
        if problems:
            raise RecordError(problems)
        rows = [*figures.to_dict("records"), record]
        importer.rewrite(target, current, importer.history_row(
            current, "(published figure added)", {"added": record}, 1, str(record["edition"])), reason,
            published_figures=_published_frame(rows))
        return record


def remove_published(target: Path, edition: int, metric: str, dimension: str | None,
                     reason: str | None = None) -> dict:
    with db.writing(target):
        current = importer._current(target)
        figures = current["published_figures"]
        wanted = _key(edition, metric, dimension)
        keys = [_key(*k) for k in zip(figures["edition"], figures["metric"],
                                      figures["dimension"], strict=True)]
        if wanted not in keys:
            raise RecordError([Problem("published figure", None, "--metric", metric,
                                       "no_such_figure_dimension", edition=edition,
                                       dimension=dimension) if dimension else
                               Problem("published figure", None, "--metric", metric,
                                       "no_such_figure", edition=edition)])
        removed = figures[[k == wanted for k in keys]].to_dict("records")[0]
        rows = figures[[k != wanted for k in keys]].to_dict("records")
        importer.rewrite(target, current, importer.history_row(
            current, "(published figure removed)", {"removed": removed}, 1, str(edition)), reason,
            published_figures=_published_frame(rows))
        return removed


def listing(figures: pd.DataFrame) -> str:
    """The recorded figures as lines of text, with the moment each is public (organisers)."""
    if figures.empty:
        return "no published figures recorded"
    lines = []
    for row in figures.itertuples(index=False):
        public = ("never (no date known)" if pd.isna(row.public_at)
                  else pd.Timestamp(row.public_at).tz_convert(KST).isoformat(timespec="seconds"))
        dimension = f" {row.dimension}" if row.dimension else ""
        unit = "%" if row.unit == "percent" else ""
        lines.append(f"edition {row.edition}  {row.metric}{dimension} = {row.value:g}{unit}  "
                     f"published {row.published_on:%Y-%m-%d}, public from {public}  "
                     f"{row.source_url}")
    return "\n".join(lines)
