"""The Data page's events and alerts: a table of each, with add and remove, written as
`python -m prizestats event ...` and `alert ...` write them (prizestats/store/signals.py)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from prizestats.app import data
from prizestats.app.context import PageContext
from prizestats.core import access, safe
from prizestats.core.editions import all_editions
from prizestats.figures import signals as signal_figures
from prizestats.store import db, records, signals
from prizestats.words import i18n

DONE = "signals_done"  # the success said after the rerun that shows the tables as they now are
EXTENDING = "signals_extending"  # the deadline extension waiting for its confirmation


def _said_done(ctx: PageContext) -> None:
    if done := st.session_state.pop(DONE, None):
        key, values = done
        st.success(ctx.t(key, **values))


def _problems(ctx: PageContext, error: records.RecordError) -> None:
    # a problem quotes what was typed: text, never markdown
    st.error("\n".join(f"- {safe.markdown(records.describe(p, ctx.lang))}"
                       for p in error.problems))


def _editions(ctx: PageContext) -> list[int]:
    return [int(e) for e in data.editions()["edition"]]


def _years(ctx: PageContext) -> dict[int, int]:
    editions = data.editions()
    return dict(zip(editions["edition"].astype(int), editions["year"].astype(int), strict=True))


def events(ctx: PageContext) -> None:
    """Every recorded event (planned ones too), a form to add one, a choice to remove one; a
    deadline extension then offers to move its edition's closing date."""
    st.caption(ctx.t("events_help"))
    _said_done(ctx)
    recorded = data.events_recorded()
    years = _years(ctx)
    if recorded.empty:
        st.write(ctx.t("no_events"))
    else:
        st.dataframe(pd.DataFrame({
            "#": recorded["event_id"].astype(int),
            ctx.t("year"): [str(years.get(int(e), e)) for e in recorded["edition"]],
            ctx.t("event_at"): [i18n.moment(pd.Timestamp(t).to_pydatetime(), ctx.lang)
                                for t in recorded["event_at"]],
            ctx.t("event_kind"): [signal_figures.kind_label(k, ctx.lang)
                                  for k in recorded["kind"]],
            ctx.t("event_text"): recorded["text_en"],
            ctx.t("event_text_ko"): recorded["text_ko"].fillna(""),
            ctx.t("event_public"): [ctx.t("yes") if p else ctx.t("no")
                                    for p in recorded["public"]]}),
            hide_index=True, key="events_recorded")
    editions = _editions(ctx)
    with st.form("event_add"):
        left, middle, right = st.columns(3)
        given = {
            "edition": str(left.selectbox(ctx.t("edition"), editions,
                                          index=editions.index(ctx.edition)
                                          if ctx.edition in editions else 0,
                                          format_func=lambda e: str(years.get(e, e)))),
            "at": middle.text_input(ctx.t("event_at"), placeholder="2027-04-10T15:00",
                                    help=ctx.t("moment_help")),
            "kind": right.selectbox(ctx.t("event_kind"), signals.EVENT_KINDS,
                                    format_func=lambda k: signal_figures.kind_label(k,
                                                                                     ctx.lang)),
            "text": left.text_input(ctx.t("event_text")),
            "text_ko": middle.text_input(ctx.t("event_text_ko")),
            "public": right.checkbox(ctx.t("event_public"), help=ctx.t("event_public_help")),
        }
        submitted = st.form_submit_button(ctx.t("event_add"), type="primary")
    if submitted:
        try:
            record = signals.add_event(db.db_path(), given)
        except records.RecordError as error:
            _problems(ctx, error)
        else:
            if record["kind"] == "deadline_extended":
                st.session_state[EXTENDING] = int(record["edition"])
            st.session_state[DONE] = ("event_added", {})
            st.rerun()
    _extension(ctx, years)
    if recorded.empty:
        return
    ids = [int(i) for i in recorded["event_id"]]
    labels = {int(r.event_id): f"{int(r.event_id)} · {years.get(int(r.edition), r.edition)} · "
              f"{signal_figures.kind_label(r.kind, ctx.lang)} · "
              f"{signal_figures.event_text(r, ctx.lang)}"
              for r in recorded.itertuples(index=False)}
    choice = st.selectbox(ctx.t("event_remove_choice"), ids, format_func=labels.get,
                          key="event_remove_choice")
    if st.button(ctx.t("event_remove"), key="event_remove"):
        try:
            signals.remove_event(db.db_path(), choice)
        except records.RecordError as error:
            _problems(ctx, error)
        else:
            st.session_state[DONE] = ("event_removed", {})
            st.rerun()


def _extension(ctx: PageContext, years: dict[int, int]) -> None:
    """One confirmation: move the closing date of the edition a deadline extension was just
    recorded for, so that the pace and the projection follow."""
    edition = st.session_state.get(EXTENDING)
    if edition is None:
        return
    year = years.get(edition, edition)
    st.info(ctx.t("extend_prompt", year=year))
    left, right = st.columns([2, 1])
    new_close = left.text_input(ctx.t("extend_to"), placeholder="2027-06-15",
                                help=ctx.t("moment_help"), key="extend_to")
    if right.button(ctx.t("extend_confirm"), type="primary", key="extend_confirm"):
        try:
            signals.move_deadline(db.db_path(), edition, new_close)
        except records.RecordError as error:
            _problems(ctx, error)
            return
        st.session_state.pop(EXTENDING, None)
        closes = all_editions(data.editions()).get(edition)
        deadline = closes.call_closes_at if closes else None
        st.session_state[DONE] = ("extended", {"year": year, "deadline": i18n.moment(
            deadline, ctx.lang) if deadline else new_close})
        st.rerun()


def alerts(ctx: PageContext) -> None:
    """The alerts set, whether each is watching now and what fires; a form to set the alert of
    an edition; a button to clear it."""
    st.caption(ctx.t("alerts_help"))
    _said_done(ctx)
    years = _years(ctx)
    recorded = data.alerts()
    if recorded.empty:
        st.write(ctx.t("no_alerts"))
    else:
        now = access.now()
        states, firing = [], []
        for row in recorded.itertuples(index=False):
            watched = signal_figures.watch(data.run, int(row.edition), now)
            state = "before" if watched is None else watched.state
            states.append(ctx.t(f"alert_state_{state}"))
            firing.append(signal_figures.fired_names(watched, ctx.lang)
                          if watched is not None and watched.fired else "")
        st.dataframe(pd.DataFrame({
            ctx.t("year"): [str(years.get(int(e), e)) for e in recorded["edition"]],
            ctx.t("alert_pace_below"): [
                "" if pd.isna(v) else i18n.number(v, ctx.lang) for v in recorded["pace_below"]],
            ctx.t("alert_against"): [
                "" if pd.isna(v) else str(years.get(int(v), v)) for v in recorded["against"]],
            ctx.t("alert_missing"): [ctx.t("yes") if v else ctx.t("no")
                                     for v in recorded["missing_regions"]],
            ctx.t("alert_quiet"): ["" if pd.isna(v) else i18n.number(int(v), ctx.lang)
                                   for v in recorded["quiet_days"]],
            ctx.t("alert_state"): states, ctx.t("alert_fires"): firing}),
            hide_index=True, key="alerts_recorded")
    editions = _editions(ctx)
    with st.form("alert_set"):
        left, middle, right = st.columns(3)
        number = left.selectbox(ctx.t("edition"), editions,
                                index=editions.index(ctx.edition) if ctx.edition in editions
                                else 0, format_func=lambda e: str(years.get(e, e)))
        given = {
            "edition": str(number),
            "pace_below": middle.text_input(ctx.t("alert_pace_below"),
                                            help=ctx.t("alert_pace_help")),
            "against": right.text_input(ctx.t("alert_against"),
                                        help=ctx.t("alert_against_help")),
            "missing_regions": left.checkbox(ctx.t("alert_missing")),
            "quiet_days": middle.text_input(ctx.t("alert_quiet")),
        }
        submitted = st.form_submit_button(ctx.t("alert_set"), type="primary")
    if submitted:
        try:
            signals.set_alert(db.db_path(), given)
        except records.RecordError as error:
            _problems(ctx, error)
        else:
            st.session_state[DONE] = ("alert_saved", {})
            st.rerun()
    if recorded.empty:
        return
    choice = st.selectbox(ctx.t("alert_clear"), [int(e) for e in recorded["edition"]],
                          format_func=lambda e: str(years.get(e, e)), key="alert_clear_choice")
    if st.button(ctx.t("alert_clear"), key="alert_clear"):
        try:
            signals.clear_alerts(db.db_path(), choice)
        except records.RecordError as error:
            _problems(ctx, error)
        else:
            st.session_state[DONE] = ("alert_cleared", {})
            st.rerun()


def public_events(ctx: PageContext) -> None:
    """The press room's list of what happened during the call: the edition's public events up
    to the moment shown (events.sql gives the public nothing else), nothing when there are
    none. Private events are for organisers' own pages only, so the press room never lists
    them, whoever reads it."""
    events = data.events(ctx.view, ctx.edition)
    events = events[events["public"].astype(bool)]
    if events.empty:
        return
    st.subheader(ctx.t("public_events_heading"))
    marks = signal_figures.day_marks(events, ctx.edition, ctx.lang)
    shown = [replace(m, text=safe.markdown(m.text)) for m in marks]
    for line in signal_figures.event_lines(shown, ctx.lang, organiser=False):
        st.markdown("- " + line)
