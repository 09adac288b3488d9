"""The organisers' signals, worked out: where each event sits on the Intake page's charts, and
which alerts fire at a moment. Pure functions over the frames of events.sql, alerts.sql,
intake_curve.sql, first_arrivals_by_country.sql and arrivals_by_day.sql; no Streamlit.

An alert fires only while its edition's call is open (from call_opens_at to call_closes_at):
before the call there is nothing to fall behind, and after it nothing can be done.

- pace: the pace the Intake page states (intake.pace: "35.4% fewer than in 2024" at the same
  number of days before the deadline) against the compared edition (the alert's, else the
  latest earlier edition whose call had closed) is below the alert's percentage;
- missing regions: a region that had entries by this point of the compared edition and has none
  yet (intake.missing_regions, the Intake page's "Regions with no entry yet");
- quiet days: no entry on that many whole days in a row (Korea time) since the last entry, or
  since the call opened; the day in progress counts once it has ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from prizestats.core.editions import Edition, all_editions
from prizestats.core.scope import View
from prizestats.figures import intake
from prizestats.figures.press import QueryRunner
from prizestats.words import grammar, i18n

# -- events ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """An event where a chart draws it: x is days before the deadline (the running totals) or
    the day (arrivals per day); y the running total of its edition then (None: not on a curve)."""

    event_id: int
    edition: int
    year: int
    x: object
    y: int | None
    label: str  # short: the kind
    text: str  # the organisers' words, in the viewer's language when given in it
    public: bool
    day: date  # in Seoul


def event_text(row: object, lang: str) -> str:
    korean = getattr(row, "text_ko", None)
    if lang == "ko" and isinstance(korean, str) and korean:
        return korean
    return str(row.text_en)


def kind_label(kind: str, lang: str) -> str:
    return i18n.t(f"event_kind.{kind}", lang)


def curve_marks(events: pd.DataFrame, curve: pd.DataFrame, editions: pd.DataFrame,
                lang: str) -> list[Mark]:
    """Each event on its own edition's curve: at the days before that edition's deadline, at the
    running total it had by the end of that day. Events of an edition with no curve or no
    deadline are left out."""
    closes = {number: e.call_closes_at for number, e in all_editions(editions).items()}
    drawn = set(curve["edition"])
    marks = []
    for row in events.itertuples(index=False):
        edition = int(row.edition)
        if edition not in drawn or closes.get(edition) is None:
            continue
        at = pd.Timestamp(row.event_at).to_pydatetime()
        days = intake.days_before(at, closes[edition])
        marks.append(Mark(int(row.event_id), edition, int(row.year), days,
                          intake.count_at(curve, edition, days), kind_label(row.kind, lang),
                          event_text(row, lang), bool(row.public), intake.seoul_date(at)))
    return marks


def day_marks(events: pd.DataFrame, edition: int, lang: str) -> list[Mark]:
    """This edition's events on the arrivals-per-day chart, at their day in Seoul."""
    marks = []
    for row in events.itertuples(index=False):
        if int(row.edition) == edition:
            day = intake.seoul_date(pd.Timestamp(row.event_at).to_pydatetime())
            marks.append(Mark(int(row.event_id), edition, int(row.year), day, None,
                              kind_label(row.kind, lang), event_text(row, lang),
                              bool(row.public), day))
    return marks


def event_lines(marks: list[Mark], lang: str, organiser: bool) -> list[str]:
    """The events under the charts: day, kind and text; organisers see which are private."""
    lines = []
    for mark in marks:
        key = "event_line" if mark.public or not organiser else "event_line_private"
        lines.append(i18n.t(key, lang, day=i18n.day(mark.day, lang), year=mark.year,
                            kind=mark.label, text=mark.text))
    return lines


# -- alerts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fired:
    kind: str  # pace_below | missing_regions | quiet_days
    facts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Watch:
    """An edition's alert at a moment: whether its call is open, and what fires."""

    edition: int
    year: int
    open: bool
    state: str  # before | open | closed
    fired: list[Fired]
    compared: int | None


def _optional(value: object) -> object:
    return None if value is None or pd.isna(value) else value


def evaluate(alert: object, edition: Edition, as_of: datetime, editions: pd.DataFrame,
             curve: pd.DataFrame, first_arrivals: pd.DataFrame, daily: pd.DataFrame) -> Watch:
    """What `alert` (a row of alerts.sql) fires at `as_of`. `curve` and `first_arrivals` hold
    every edition (organiser, no filter), `daily` this edition's arrivals by day."""
    opens, closes = edition.call_opens_at, edition.call_closes_at
    if opens is None or closes is None or as_of < opens:
        return Watch(edition.number, edition.year, False, "before", [], None)
    if as_of > closes:
        return Watch(edition.number, edition.year, False, "closed", [], None)
    days = intake.days_before(as_of, closes)
    earlier = intake.earlier_editions(editions, curve, edition.number, as_of)
    against = _optional(getattr(alert, "against", None))
    compared = int(against) if against is not None else (earlier[-1] if earlier else None)
    fired = []
    threshold = _optional(getattr(alert, "pace_below", None))
    if threshold is not None and compared is not None:
        paces = intake.pace(curve, edition.number, days, [compared])
        if paces and paces[0].ratio is not None and paces[0].ratio * 100 < float(threshold):
            fired.append(Fired("pace_below", {"pace": paces[0], "threshold": float(threshold),
                                              "days": days}))
    if bool(_optional(getattr(alert, "missing_regions", False))) and compared is not None:
        regions = intake.missing_regions(first_arrivals, edition.number, compared, days)
        if regions:
            year = int(curve.loc[curve["edition"] == compared, "year"].iloc[0])
            fired.append(Fired("missing_regions", {"regions": regions, "year": year}))
    quiet = _optional(getattr(alert, "quiet_days", None))
    if quiet is not None:
        last = max(pd.to_datetime(daily["day"]).dt.date) if len(daily) else None
        quiet_for = quiet_days(last, intake.seoul_date(opens), intake.seoul_date(as_of))
        if quiet_for >= int(quiet):
            fired.append(Fired("quiet_days", {"days": quiet_for, "last": last}))
    return Watch(edition.number, edition.year, True, "open", fired, compared)


def quiet_days(last: date | None, opened: date, today: date) -> int:
    """Whole days in a row with no entry before `today`: since the last entry's day, or since
    the call opened (its first day included) when nothing has come."""
    start = last + timedelta(days=1) if last is not None else opened
    return max(0, (today - start).days)


def watch(run: QueryRunner, edition: int, as_of: datetime) -> Watch | None:
    """The alert set on `edition` at `as_of`, from the queries (organiser, no filter); None when
    the edition has none."""
    alerts = run("alerts", {"edition": edition})
    if alerts.empty:
        return None
    editions = run("editions", {})
    dates = all_editions(editions).get(edition)
    if dates is None:
        return None
    params = View(edition, as_of, public=False).params()
    return evaluate(next(alerts.itertuples(index=False)), dates, as_of, editions,
                    run("intake_curve", params), run("first_arrivals_by_country", params),
                    run("arrivals_by_day", params))


def fired_text(fired: Fired, lang: str) -> str:
    """What fired, in a sentence of the viewer's language (numbers through babel)."""
    values = fired.facts
    if fired.kind == "pace_below":
        pace = values["pace"]
        return i18n.t("alert.pace_below", lang,
                      change=intake.change_text(pace, lang, same_point=True),
                      days=values["days"], then=i18n.number(pace.entries_then, lang),
                      threshold=i18n.change(0, pace.year, lang,
                                            ratio=values["threshold"] / 100))
    if fired.kind == "missing_regions":
        return i18n.t("alert.missing_regions", lang, year=values["year"],
                      regions=grammar.join((i18n.label(r, lang) for r in values["regions"]),
                                           lang))
    if values["last"] is None:
        return i18n.t("alert.quiet_days_none", lang, days=values["days"])
    return i18n.t("alert.quiet_days", lang, days=values["days"],
                  day=i18n.day(values["last"], lang))


def fired_names(watch_: Watch, lang: str) -> str:
    """What fired, in a few words: the start of the digest's subject."""
    return ", ".join(i18n.t(f"alert_name.{f.kind}", lang) for f in watch_.fired)
