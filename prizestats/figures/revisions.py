"""Revisions of public figures (data contract, "Revisions"): each figure of an edition keeps the
value it had at every release, so a figure that moved after it was public says when, from what
and why, and carries the `r` flag.

A release's figures are the figures object of every edition with entries (press.figures: the
headline figures and every breakdown, what the press kit and `figures` publish), at the
release's moment: the value an organiser reads, and whether the public could read it then (no
p, x, c or z flag: final, announced, not a small count, a stage reached). This module computes
them for store.releases, which writes them with every change (`figures_at`, registered when
this module is imported), and reads them back as revisions (queries/revisions.sql).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import duckdb
import pandas as pd

from prizestats.core.editions import Edition
from prizestats.core.editions import edition as edition_of
from prizestats.core.times import KST
from prizestats.figures import flags, press
from prizestats.figures.statements import HEADLINE
from prizestats.store import db, releases
from prizestats.words import i18n

COLUMNS = ("edition", "metric", "dimension", "previous_value", "value", "public", "released_at",
           "reason")


def figures_at(con: duckdb.DuckDBPyConnection, moment: datetime,
               editions: frozenset[int] | None = None) -> pd.DataFrame:
    """Every figure of the `editions` (None: every one) with entries at `moment`
    (store.releases.FiguresAt)."""
    def run(name: str, params: dict) -> pd.DataFrame:
        return db.run(con, name, params)

    dates = run("editions", {})
    rows = []
    for number in sorted(int(e) for e in dates["edition"]):
        if editions is not None and number not in editions:
            continue
        known = press.figures(run, number, moment, public=False)
        if not known["entries"]:
            continue  # nothing of an edition without entries was ever said
        seen = press.figures(run, number, moment, public=True)
        marks = flags.figures_flags(seen, edition_of(dates, number), moment, public=True)
        for metric, dimension, value in press.figures_rows(known):
            if metric in flags.NOT_FIGURES or value is None:
                continue
            rows.append({"edition": number, "metric": metric, "dimension": dimension,
                         "value": float(value),
                         "public": flags.flag_of(marks, metric, dimension) == ""})
    return pd.DataFrame(rows, columns=list(releases.FIGURE_COLUMNS))


releases.register(figures_at)


def history(run: press.QueryRunner, edition: int | None, known_at: datetime,
            public_only: bool) -> pd.DataFrame:
    """The revisions made up to `known_at`, the moment the data are read (not the moment a
    view is as of: its figures are computed from the data as they are now, revisions
    included): for the press only those of figures public at both releases (public_only), for
    organisers every change."""
    return run("revisions", {"edition": edition, "as_of": known_at, "public": public_only})


def key(metric: str, dimension: str) -> str:
    """A figure's key in the flags of a figures object."""
    return f"{metric}.{dimension}" if dimension else metric


def revised(frame: pd.DataFrame) -> frozenset[str]:
    """The figures revised since first public (`r`): a change while public before and after the change."""
    public = frame[frame["public"].astype(bool)]
    return frozenset(key(m, d) for m, d in zip(public["metric"], public["dimension"],
                                                strict=True))


def revised_keys(run: press.QueryRunner, edition: int, known_at: datetime) -> frozenset[str]:
    return revised(history(run, edition, known_at, public_only=True))


def beside(last: dict[str, dict], marks: dict[str, str]) -> dict[str, dict]:
    """The last revisions (`latest`) said beside their figures: of the figures whose flag
    (`marks`: flags.headline_flags or figures_flags) carries `r`, public at the view's moment."""
    return {figure: row for figure, row in last.items() if "r" in marks.get(figure, "")}


def beside_headline(public: pd.DataFrame, dates: Edition, as_of: datetime, result: dict,
                    viewer_public: bool) -> dict[str, dict]:
    """The last public revision (`public`: revisions of figures public before and after) of
    each headline figure that carries `r` at `as_of`: what the cards and key figures say
    beside it (the app, the report)."""
    marks = flags.headline_flags(dates, as_of, result, viewer_public, revised(public))
    return beside(latest(public), marks)


# The order of the figures object (press.figures): the headline figures, then the breakdowns.
FIGURE_ORDER = (*HEADLINE, "by_region", "by_region6", "by_category", "by_applicant_type",
                "by_stage", "eligible_by_region6", "eligible_korea_by_applicant_type",
                "winners_by_award_group")


def latest(frame: pd.DataFrame) -> dict[str, dict]:
    """Each figure's last revision (a public one when the frame holds only those), by key, in
    the order of the figures object."""
    last: dict[str, dict] = {}
    for row in frame.to_dict("records"):
        last[key(row["metric"], row["dimension"])] = row
    rank = {metric: i for i, metric in enumerate(FIGURE_ORDER)}
    return dict(sorted(last.items(), key=lambda item: rank.get(item[1]["metric"], len(rank))))


def plain(value: float) -> int | float:
    """A figure's value as it is said: a whole number without its decimals."""
    return int(value) if float(value).is_integer() else float(value)


def _moment(value: object) -> str:
    return pd.Timestamp(value).tz_convert(KST).isoformat(timespec="minutes")


def records(frame: pd.DataFrame) -> list[dict]:
    """The revisions as plain rows (JSON, CSV): moments ISO 8601 in Korea time, to the minute."""
    return [{"edition": int(row["edition"]), "metric": row["metric"],
             "dimension": row["dimension"], "previous_value": plain(row["previous_value"]),
             "value": plain(row["value"]), "public": bool(row["public"]),
             "released_at": _moment(row["released_at"]),
             "reason": None if pd.isna(row["reason"]) else row["reason"]}
            for row in frame.to_dict("records")]


def as_json(frame: pd.DataFrame) -> str:
    return json.dumps({"revisions": records(frame)}, ensure_ascii=False)


def as_csv(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in records(frame):
        writer.writerow([row[c] if row[c] is not None else "" for c in COLUMNS])
    return out.getvalue()


def as_text(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "no revisions"
    lines = []
    for row in records(frame):
        public = "public" if row["public"] else "not public before and after"
        lines.append(f"edition {row['edition']}  {key(row['metric'], row['dimension'])}: "
                     f"{row['previous_value']} -> {row['value']}  {row['released_at']}  "
                     f"{public}  {row['reason'] or '(no reason given)'}")
    return "\n".join(lines)


def figure_name(metric: str, dimension: str, lang: str) -> str:
    """"Entries", "Entries by region · Asia": a figure as a person reads its name."""
    if metric in HEADLINE:
        return i18n.t(metric, lang)
    names = {"by_region": i18n.t("revisions.metric.by_region", lang),
             "by_region6": i18n.t("revisions.metric.by_region6", lang),
             "by_category": i18n.t("revisions.metric.by_category", lang),
             "by_applicant_type": i18n.t("revisions.metric.by_applicant_type", lang),
             "by_stage": i18n.t("revisions.metric.by_stage", lang),
             "eligible_by_region6": i18n.t("revisions.metric.eligible_by_region6", lang),
             "eligible_korea_by_applicant_type": i18n.t(
                 "revisions.metric.eligible_korea_by_applicant_type", lang),
             "winners_by_award_group": i18n.t("revisions.metric.winners_by_award_group", lang)}
    name = names.get(metric, metric)
    return f"{name} · {i18n.label(dimension, lang)}" if dimension else name


def note(row: dict, lang: str) -> str:
    """Beside a revised figure: "revised on 3 June 2026: was 219 (duplicate entry removed)"."""
    day = i18n.day(pd.Timestamp(row["released_at"]).tz_convert(KST).to_pydatetime(), lang)
    was = i18n.number(plain(row["previous_value"]), lang)
    reason = row.get("reason")
    if reason is None or pd.isna(reason) or not str(reason).strip():
        return i18n.t("revisions.note", lang, day=day, was=was)
    return i18n.t("revisions.note_reason", lang, day=day, was=was, reason=str(reason).strip())


def table(frame: pd.DataFrame, lang: str, organiser: bool) -> pd.DataFrame:
    """The Revisions section's table: figure, was, now, when, why (and for organisers
    whether it was public before and after the change)."""
    rows = []
    for row in frame.to_dict("records"):
        name = figure_name(row["metric"], row["dimension"], lang)
        moment = pd.Timestamp(row["released_at"]).tz_convert(KST).to_pydatetime()
        line = {i18n.t("revisions.figure", lang): name,
                i18n.t("revisions.was", lang): i18n.number(plain(row["previous_value"]), lang),
                i18n.t("revisions.now", lang): i18n.number(plain(row["value"]), lang),
                i18n.t("revisions.when", lang): i18n.moment(moment, lang),
                i18n.t("revisions.why", lang): "" if pd.isna(row["reason"]) else row["reason"]}
        if organiser:
            answers = {True: i18n.t("revisions.yes", lang), False: i18n.t("revisions.no", lang)}
            line[i18n.t("revisions.public", lang)] = answers[bool(row["public"])]
        rows.append(line)
    columns = [i18n.t(key, lang) for key in ("revisions.figure", "revisions.was", "revisions.now",
                                             "revisions.when", "revisions.why")]
    if organiser:
        columns.append(i18n.t("revisions.public", lang))
    return pd.DataFrame(rows, columns=columns)
