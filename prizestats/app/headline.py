"""The headline figures as the statements allow them at this moment (figures.statements): the
KPI cards with their change against the previous edition, the results' count, and the
reconciliation with the published figures."""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from prizestats.app.context import PageContext
from prizestats.app.views import KPIS, SOURCE_LINK, hidden_words, table
from prizestats.core import safe
from prizestats.core.editions import Edition
from prizestats.figures import press, revisions, statements
from prizestats.figures.statements import Status
from prizestats.words import i18n


def reconciliation(ctx: PageContext, result: dict, published: pd.DataFrame) -> pd.DataFrame:
    """Published figures describe all entries: with a filter on there is nothing to compare.
    `published`: the figures the viewer may see at the moment shown (published_figures.sql)."""
    if not ctx.scope.is_everything:
        published = published.iloc[0:0]
    reconciled = press.reconcile(result, published)
    # A figure not yet final (a provisional count, a stage not reached, a result under
    # embargo) is not compared with a published one: no ✓, no ≠.
    _, said = statements.statuses(ctx.dates, ctx.data_as_of, result, ctx.embargoed_metrics)
    status = [said[statements.headline_of(m)] for m in reconciled["metric"]]
    return reconciled.assign(
        status=[str(s) for s in status],
        matches=[m if s == Status.FINAL else None
                 for m, s in zip(reconciled["matches"], status, strict=True)])


def _published_mark(ctx: PageContext, row: dict) -> str:
    """✓ or ≠ beside a KPI, with where and when the figure was published, as markdown: the
    host and dates are escaped and only an http(s) address becomes a link."""
    link = safe.web_link(row["source_url"])
    host = urlparse(link).netloc.removeprefix("www.").removeprefix("m.") if link else ""
    when = i18n.day(row["published_on"], ctx.lang)
    if row["matches"] is None or pd.isna(row["matches"]):
        text = ""
    elif row["matches"]:
        text = f"✓ {ctx.t('matches_published')}"
    else:
        text = f"≠ {ctx.t('differs_published', value=i18n.number(row['published'], ctx.lang))}"
    source = f"[{safe.markdown(host)}]({link})" if link else safe.markdown(row["source_url"])
    parts = [text] if text else []
    parts.append(f"{source}, {when}")
    if not ctx.public:  # organisers see figures before they are public: say from when
        parts.append(ctx.t("never_public") if pd.isna(row["public_at"])
                     else ctx.t("public_from", when=public_moment(ctx, row)))
    return " · ".join(parts)


def public_moment(ctx: PageContext, row: pd.Series) -> str:
    moment = row["public_at"]
    if pd.isna(moment):  # no date known: never public (published_figures.sql)
        return ctx.t("never_public")
    return i18n.moment(moment.to_pydatetime(), ctx.lang)


def not_yet(ctx: PageContext, result: dict) -> frozenset[str]:
    """The figures of this view whose stage is not reached at its moment (statements)."""
    return statements.not_yet(ctx.dates, ctx.data_as_of, result, ctx.embargoed_metrics)


def provisional(ctx: PageContext, result: dict) -> frozenset[str]:
    """The figures of this view that may still change at its moment (statements)."""
    return statements.provisional(ctx.dates, ctx.data_as_of, result, ctx.embargoed_metrics)


def kpi_cards(ctx: PageContext, result: dict, summary: pd.DataFrame, reconciled: pd.DataFrame,
              previous: Edition | None = None, curve: pd.DataFrame | None = None,
              revised: pd.DataFrame | None = None) -> None:
    """Six cards: each figure as the statements allow it at this moment (never a 0 for a stage
    not reached), its change against the previous edition like with like (`curve`, the intake
    curve, while the call is open), its published value once comparable, and "(r)" with the
    last revision where it was revised while public (`revised`: data.revisions)."""
    last = revised_since_public(ctx, revised, result)
    at, said = statements.statuses(ctx.dates, ctx.data_as_of, result, ctx.embargoed_metrics)
    before_row = summary[summary["edition"] == ctx.edition - 1]
    previous_year = ctx.editions.get(ctx.edition - 1)
    # rows as dicts: a row of a frame of mixed types costs a tenth of the Overview's run
    headline = {row["metric"]: row for row in
                reconciled[reconciled["dimension"] == ""].to_dict("records")}
    # Three to a row: six cards in one row leave no room for "vs 2024" beside the change.
    # On a phone, two a row (views.PHONE_STYLE: a grid of the six columns of "kpi_cards").
    with st.container(key="kpi_cards"):
        columns = [*st.columns(3), *st.columns(3)]
    for column, metric in zip(columns, KPIS, strict=True):
        with column:
            value = result[metric]
            if said[metric] == Status.EMBARGOED or value is None:
                st.metric(ctx.t(metric), "—", border=True)  # never a 0 that reads as "none"
                st.caption(hidden_words(ctx, metric))
                continue
            if said[metric] == Status.NOT_YET:
                st.metric(ctx.t(metric), "—", border=True)
                st.caption(ctx.t(f"not_yet.{metric}"))
                continue
            before = before_row[metric].iloc[0] if len(before_row) else None
            against = statements.comparison(metric, at, ctx.dates, ctx.data_as_of, previous,
                                            before, curve, said[metric])
            delta = description = None
            if against is not None and press.comparable(value):
                delta = i18n.signed(value - against.value, ctx.lang)
                against_key = "vs_same_point" if against.same_point else "vs_previous"
                description = ctx.t(against_key, year=previous_year)
            shown = i18n.number(value, ctx.lang) + (" (r)" if metric in last else "")
            st.metric(ctx.t(metric), shown, delta=delta,
                      delta_description=description, border=True)
            if metric in last:
                st.caption(safe.markdown(revisions.note(last[metric], ctx.lang)))
            if said[metric] == Status.PROVISIONAL:
                provisional = ("provisional_open_call" if at == statements.State.OPEN
                               else "provisional_screening")
                st.caption(ctx.t(provisional))
            if metric in headline:
                row = headline[metric] if said[metric] == Status.FINAL else \
                    {**headline[metric], "matches": None}
                # Markdown, not a caption: a caption fades its links below a 4.5:1 contrast.
                # Not on a phone (views.PHONE_STYLE): the reconciliation table below says it.
                with st.container(key=f"published_mark_{metric}"):
                    st.markdown(f":small[{_published_mark(ctx, row)}]")


def results_count(ctx: PageContext, results: pd.DataFrame) -> str:
    """"Finalists: 45, of whom 21 won an award", once the winners are known to this viewer;
    before, the winners are under embargo or not yet chosen, never "0 won"."""
    finalists = i18n.number(len(results), ctx.lang)
    if ctx.results_embargoed:
        return ctx.t("results_count_winners_unknown", finalists=finalists,
                     winners=hidden_words(ctx, "winners"))
    winners = int((results["stage"] == "winner").sum())
    ceremony = ctx.ceremony_at
    if not winners and (ceremony is None or ctx.data_as_of < ceremony):
        return ctx.t("results_count_winners_not_yet", finalists=finalists)
    return ctx.t("results_count", finalists=finalists, winners=i18n.number(winners, ctx.lang))


def reconciliation_table(ctx: PageContext, reconciled: pd.DataFrame) -> None:
    st.subheader(ctx.t("reconciliation"))
    st.caption(ctx.t("reconciliation_help"))
    if not ctx.scope.is_everything:
        st.write(ctx.t("no_reconciliation_filtered"))
        return
    if reconciled.empty:
        st.write(ctx.t("no_published_yet") if ctx.public else ctx.t("no_published"))
        return
    shown = pd.DataFrame({
        ctx.t("metric"): [i18n.label(m, ctx.lang) for m in reconciled["metric"]],
        ctx.t("dimension"): [i18n.label(d, ctx.lang) for d in reconciled["dimension"]],
        ctx.t("published"): [i18n.number(v, ctx.lang) for v in reconciled["published"]],
        ctx.t("computed"): [_computed_words(ctx, m, v, s) for m, v, s in zip(
            reconciled["metric"], reconciled["computed"], reconciled["status"], strict=True)],
        ctx.t("match"): [press.match_mark(m) for m in reconciled["matches"]],
        ctx.t("published_on"): [i18n.day(d, ctx.lang) for d in reconciled["published_on"]],
        ctx.t("source"): [safe.web_link(u) for u in reconciled["source_url"]],
    })
    if not ctx.public:  # organisers see figures before they are public: say from when they are
        shown[ctx.t("public_from_column")] = [public_moment(ctx, row)
                                              for _, row in reconciled.iterrows()]
    table(shown, "reconciliation", column_config={ctx.t("source"): SOURCE_LINK})


def _computed_words(ctx: PageContext, metric: str, value: object, status: str) -> str:
    if status == Status.NOT_YET:
        return ctx.t(f"not_yet.{statements.headline_of(metric)}")
    if value is None:
        return hidden_words(ctx, metric)
    return i18n.number(value, ctx.lang)


def revised_since_public(ctx: PageContext, frame: pd.DataFrame | None,
                         result: dict) -> dict[str, dict]:
    """Each headline figure revised while public (the `r` flag) and public at the view's
    moment, with its last such revision; none for a filtered view (a revision is of the
    edition's figures) nor for a figure provisional, kept back or not reached at that moment."""
    if frame is None or frame.empty or not ctx.scope.is_everything:
        return {}
    return revisions.beside_headline(frame[frame["public"].astype(bool)], ctx.dates,
                                     ctx.data_as_of, result, ctx.public)


def revisions_section(ctx: PageContext, frame: pd.DataFrame) -> None:
    """The Revisions section (press room, About): beside each revised figure when and from
    what it changed and why; then every revision as a table. The press see revisions of
    figures public before and after the change (data.revisions), organisers every change."""
    st.subheader(ctx.t("revisions.heading"))
    st.caption(ctx.t("revisions.help_organiser") if not ctx.public else ctx.t("revisions.help"))
    if frame.empty:
        st.write(ctx.t("revisions.none"))
        return
    for row in revisions.latest(frame).values():
        name = revisions.figure_name(row["metric"], row["dimension"], ctx.lang)
        value = i18n.number(revisions.plain(row["value"]), ctx.lang)
        mark = " (r)" if row["public"] else ""
        st.markdown(safe.markdown(f"{name}: {value}{mark}, "
                                  f"{revisions.note(row, ctx.lang)}"))
    table(revisions.table(frame, ctx.lang, organiser=not ctx.public), "revisions")
