"""Overview: KPI cards with change vs the previous edition, reconciliation, three breakdowns."""

from functools import partial

import streamlit as st

from prizestats.app import data, headline, views
from prizestats.app.frame import page_context
from prizestats.figures import charts
from prizestats.words import i18n

ctx = page_context("overview")
st.title(ctx.t("edition_title", ordinal=views.ordinal(ctx), year=ctx.year, edition=ctx.edition))
views.scope_line(ctx)
if ctx.before_call:  # a new edition: nothing to count yet, but when its call opens
    st.info(ctx.t("press.before_call", ordinal=views.ordinal(ctx),
                  opens=i18n.day(ctx.dates.call_opens_at, ctx.lang)), icon=":material/event:")

result = data.figures(ctx.view)
reconciliation = headline.reconciliation(ctx, result, data.published_figures(ctx.view))
previous = data.edition_dates(ctx.edition - 1) if ctx.edition - 1 in ctx.editions else None
# an open call is compared at the same point of the previous call: the intake curve (for
# organisers) says where; for others an open call is not compared
curve = data.intake_curve(ctx.view) if ctx.call_open and not ctx.public else None
headline.kpi_cards(ctx, result, data.edition_summary(ctx.view), reconciliation, previous, curve,
                   data.revisions(ctx.view))

# Each chart of a filter a click sets is drawn without that filter, its chosen marks
# highlighted (views.own_view): a second click on it adds a value.
left, middle, right = st.columns(3)
with left:
    view = views.own_view(ctx, "region")
    frame = data.entries_by_region6(view)
    views.chart_with_table(ctx, views.figure(charts.entries_by_region, frame, ctx.lang,
                                             ctx.source_line(),
                                             total=data.figures(view)["entries"],
                                             highlight=views.chosen(ctx)),
                           partial(views.region_table, ctx, frame), "entries_by_region")
with middle:
    view = views.own_view(ctx, "category")
    frame = data.entries_by_category(view)
    views.chart_with_table(ctx, views.figure(charts.entries_by_category, frame, ctx.lang,
                                             ctx.source_line(),
                                             total=data.figures(view)["entries"],
                                             highlight=views.chosen(ctx)),
                           partial(views.labelled, ctx, frame, "category"), "entries_by_category")
with right:
    view = views.own_view(ctx, "stage")
    frame = data.entries_by_stage(view)
    stages = data.figures(view)
    # the funnel's totals, not the whole figures object: its as-of moves every minute
    funnel = {k: stages[k] for k in ("entries", "eligible", "finalists", "winners")}
    views.chart_with_table(ctx, views.figure(charts.entries_by_stage, frame, ctx.lang,
                                             ctx.source_line(), result=funnel,
                                             not_yet=headline.not_yet(ctx, stages),
                                             provisional=headline.provisional(ctx, stages),
                                             highlight=views.chosen(ctx)),
                           partial(views.funnel_table, ctx, funnel), "entries_by_stage")

headline.reconciliation_table(ctx, reconciliation)

views.report_button(ctx)
