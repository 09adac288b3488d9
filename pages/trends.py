"""Trends (WeGO): editions side by side, region shares, new vs returning places, WeGO members."""

from functools import partial

import streamlit as st

from prizestats.app import data, views
from prizestats.app.frame import page_context
from prizestats.figures import charts

ctx = page_context("trends", several_editions=True)
st.title(ctx.t("trends_page"))
views.scope_line(ctx)
shown = list(ctx.editions_shown)
open_year = ctx.year if ctx.call_open else None  # its counts are partial: said on every chart

summary = data.edition_summary(ctx.view)
summary = summary[summary["edition"].isin(shown)]
views.chart_with_table(ctx, views.figure(charts.editions_side_by_side, summary, ctx.lang,
                                         ctx.source_line(),
                                         open_edition=ctx.edition if ctx.call_open else None),
                       partial(views.summary_table, ctx, summary), "edition_summary")

left, right = st.columns(2)
with left:
    shares = data.region_shares_by_edition(ctx.view, shown)
    views.chart_with_table(ctx, views.figure(charts.region_shares, shares, ctx.lang,
                                             ctx.source_line(), open_year=open_year),
                           partial(views.shares_table, ctx, shares), "region_shares_by_edition")
with right:
    places = data.new_vs_returning(ctx.view, shown)
    views.chart_with_table(ctx, views.figure(charts.new_vs_returning, places, ctx.lang,
                                             ctx.source_line(), open_year=open_year),
                           partial(views.places_table, ctx, places), "new_vs_returning")

members = data.wego_members_by_edition(ctx.view, shown)
views.chart_with_table(ctx, views.figure(charts.wego_members, members, ctx.lang,
                                         ctx.source_line(), open_year=open_year),
                       partial(views.members_table, ctx, members), "wego_members_by_edition")

views.report_button(ctx)
