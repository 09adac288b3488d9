"""Layout pieces of the Intake page: pace, projection, who is missing, late entries, backtest."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from prizestats.app import data
from prizestats.app.context import PageContext
from prizestats.app.views import figure, localized, table
from prizestats.core import memo, safe
from prizestats.core.editions import year_of
from prizestats.core.times import KST
from prizestats.figures import charts, intake, signals
from prizestats.words import i18n


@dataclass(frozen=True)
class RunningTotals:
    """The call's running totals at the moment shown, against the earlier calls, and their chart."""

    closes: datetime
    curve: pd.DataFrame
    days: int
    earlier: list[int]
    so_far: int
    paces: list[intake.Pace]
    figure: go.Figure
    marks: tuple[signals.Mark, ...] = ()
    exported: go.Figure | None = None  # the same chart with public events only (downloads)


def event_marks(ctx: PageContext, private: bool) -> pd.DataFrame:
    """The events the chart may draw: organisers' private ones only on their own page
    (`private`), never in an embed; every other viewer sees public events only."""
    events = data.events(ctx.view)
    return events if private and not ctx.public else events[events["public"].astype(bool)]


def running_totals(ctx: PageContext, private: bool = False) -> RunningTotals:
    """The Intake page's first chart and what the page says beside it (the embed draws the same
    chart, with public events only); an edition with no deadline stops the page with a
    warning."""
    closes = ctx.call_closes_at
    if closes is None:
        st.warning(ctx.t("no_deadline"))
        st.stop()
    curve = data.intake_curve(ctx.view)
    days = intake.days_before(ctx.data_as_of, closes)
    earlier = earlier_editions(ctx, data.editions(), curve)
    so_far = intake.count_at(curve, ctx.edition, days)
    paces = intake.pace(curve, ctx.edition, days, earlier)
    shown = curve[curve["edition"] <= ctx.edition]
    title = intake_title(ctx, so_far, days, paces)

    def drawn(private_: bool) -> tuple[go.Figure, tuple[signals.Mark, ...]]:
        marks = tuple(signals.curve_marks(event_marks(ctx, private_), shown, data.editions(),
                                          ctx.lang))
        return figure(charts.intake_curve, shown, ctx.edition, days, title, ctx.lang,
                      ctx.source_line(), marks=marks), marks

    on_screen, marks = drawn(private)
    exported = drawn(False)[0] if private else on_screen
    return RunningTotals(closes, curve, days, earlier, so_far, paces, on_screen, marks, exported)


def earlier_editions(ctx: PageContext, editions: pd.DataFrame, curve: pd.DataFrame) -> list[int]:
    """Editions before this one whose call had closed by the moment shown: complete curves."""
    return intake.earlier_editions(editions, curve, ctx.edition, ctx.data_as_of)


def intake_title(ctx: PageContext, so_far: int, days: int, paces: list[intake.Pace]) -> str:
    return intake.title_text(ctx.lang, ctx.year, so_far, days, paces,
                             ctx.dates.call_opens_at if ctx.before_call else None)


def curve_table(ctx: PageContext, curve: pd.DataFrame) -> pd.DataFrame:
    return localized(ctx, curve, ["year", "days_before", "entries", "cumulative", "late"])


def pace_lines(ctx: PageContext, paces: list[intake.Pace], days: int) -> None:
    if not paces:
        st.write(ctx.t("projection_none"))
    for line in intake.pace_texts(ctx.lang, paces, days):
        st.markdown("- " + line)


def projection_line(ctx: PageContext, curve: pd.DataFrame, so_far: int, days: int,
                    earlier: list[int]) -> None:
    st.write(intake.projection_text(ctx.lang, curve, so_far, days, earlier))


def missing_places(ctx: PageContext, first_arrivals: pd.DataFrame, earlier: list[int],
                   days: int) -> None:
    if ctx.before_call and ctx.dates.call_opens_at is not None:
        # before its call no one has entered, so no one is missing (issue 30, point 8)
        st.write(ctx.t("intake.missing_before_call",
                       opens=i18n.day(ctx.dates.call_opens_at.astimezone(KST), ctx.lang)))
        return
    if not earlier:
        st.write(ctx.t("projection_none"))
        return
    previous = earlier[-1]
    year = ctx.editions.get(previous, year_of(previous))
    st.caption(ctx.t("missing_help", year=year))
    countries = intake.missing(first_arrivals, ctx.edition, previous, days)
    regions = intake.missing_regions(first_arrivals, ctx.edition, previous, days)
    if countries.empty:
        st.write(ctx.t("nobody_missing", year=year))
        return
    if regions:
        # st.write renders markdown; the regions' names come from the glossary: text
        st.write(ctx.t("missing_regions",
                       regions=", ".join(safe.markdown(i18n.label(r, ctx.lang)) for r in regions)))
    missing = countries.assign(country=countries["name_ko" if ctx.lang == "ko" else "name_en"])
    table(localized(ctx, missing, ["country", "region"], codes=("region",)), "missing")


def late_entries(ctx: PageContext, curve: pd.DataFrame, closes: datetime) -> None:
    text = intake.late_text(ctx.lang, intake.late_count(curve, ctx.edition), closes)
    if text:
        st.warning(text, icon=":material/schedule:")


def daily_chart(ctx: PageContext, daily: pd.DataFrame, private: bool = False) -> go.Figure:
    marks = signals.day_marks(event_marks(ctx, private), ctx.edition, ctx.lang)
    return figure(charts.daily_arrivals, daily, ctx.lang, ctx.source_line(),
                  intake.daily_title(daily, ctx.lang), marks=tuple(marks))


def event_list(ctx: PageContext, marks: tuple[signals.Mark, ...]) -> None:
    """The events drawn on the charts, under them, in the order they happened."""
    if not marks:
        return
    st.subheader(ctx.t("events_heading"))
    # the organisers' words are text, never markdown
    shown = [replace(m, text=safe.markdown(m.text)) for m in sorted(
        marks, key=lambda m: (m.day, m.event_id))]
    for line in signals.event_lines(shown, ctx.lang, organiser=not ctx.public):
        st.markdown("- " + line)


def alerts(ctx: PageContext) -> None:
    """The alerts that fire for this edition at the moment shown, at the top of the page
    (organisers only: the page is theirs, and an alert is never shown to anyone else)."""
    if ctx.public:
        return
    watched = signals.watch(data.run, ctx.edition, ctx.data_as_of)
    if watched is None or not watched.fired:
        return
    for fired in watched.fired:
        st.error(signals.fired_text(fired, ctx.lang), icon=":material/notifications_active:")


def daily_table(ctx: PageContext, daily: pd.DataFrame) -> pd.DataFrame:
    per_day = daily.groupby("day", as_index=False)["entries"].sum()
    per_day["day"] = [i18n.weekday_day(d, ctx.lang) for d in per_day["day"]]
    return per_day.rename(columns={"day": ctx.t("day"), "entries": ctx.t("entries")})


def last_seven_days(ctx: PageContext, daily: pd.DataFrame) -> None:
    today = intake.seoul_date(ctx.data_as_of)
    recent = daily[pd.to_datetime(daily["day"]).dt.date > today - timedelta(days=7)]
    by_region = recent.groupby("region", as_index=False)["entries"].sum().sort_values(
        "entries", ascending=False)
    st.subheader(ctx.t("last_seven_days", total=int(by_region["entries"].sum())))
    table(localized(ctx, by_region, ["region", "entries"], codes=("region",)),
          "last_seven_days")


def _backtest(curve: pd.DataFrame, editions: tuple[int, ...]) -> pd.DataFrame:
    """A dozen projections over the curve: the slowest part of the page, the same for every
    rerun until the curve changes (each run gets its own copy to localise)."""
    made = _BACKTESTS.get((memo.digest(curve), editions),
                          lambda: intake.backtest(curve, list(editions)))
    return made.copy()


_BACKTESTS = memo.Memo(256)


def backtest_table(ctx: PageContext, curve: pd.DataFrame, closes: datetime,
                   earlier: list[int]) -> pd.DataFrame:
    complete = list(earlier)
    if closes < ctx.data_as_of and ctx.edition in set(curve["edition"]):
        complete.append(ctx.edition)
    backtest = intake.backtest_text(_backtest(curve, tuple(complete)), ctx.lang)
    if backtest.empty:
        return backtest
    return localized(ctx, backtest, intake.BACKTEST_COLUMNS)
