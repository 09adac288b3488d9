"""Stages: the funnel, conversion by region, category and applicant type, region-to-stage flow."""

from functools import partial

import streamlit as st

from prizestats.app import data, headline, views
from prizestats.app.frame import page_context
from prizestats.figures import charts

ctx = page_context("stages")
st.title(ctx.t("stages_page"))
views.scope_line(ctx)

result = data.figures(ctx.view)
left, right = st.columns(2)
with left:
    # drawn without the stage filter, the chosen stages highlighted (views.own_view)
    stages = data.figures(views.own_view(ctx, "stage"))
    views.chart_with_table(
        ctx, views.figure(charts.stage_funnel, stages["entries"], stages["eligible"],
                          stages["finalists"], stages["winners"], ctx.lang, ctx.source_line(),
                          not_yet=headline.not_yet(ctx, stages),
                          provisional=headline.provisional(ctx, stages),
                          highlight=views.chosen(ctx)),
        partial(views.funnel_table, ctx, stages), "stage_funnel")
with right:
    flow = data.region_stage_flow(ctx.view)
    views.chart_with_table(
        ctx, views.figure(charts.region_stage_flow, flow, ctx.lang, ctx.source_line(),
                          total=result["entries"]),
        partial(views.flow_table, ctx, flow), "region_stage_flow")
    if ctx.public:
        st.caption(ctx.t("flow_small_note"))

dimension = st.segmented_control(
    ctx.t("by_dimension"), ["region", "category", "applicant_type"], default="region",
    format_func=lambda d: ctx.t(f"dimension_{d}")) or "region"
conversion = data.conversion_by_group(views.own_view(ctx, dimension))
views.chart_with_table(ctx, views.figure(charts.conversion_rates, conversion, dimension, ctx.lang,
                                         ctx.source_line(), embargoed=ctx.embargoed_metrics,
                                         not_yet=headline.not_yet(ctx, result),
                                         provisional=headline.provisional(ctx, result),
                                         highlight=views.chosen(ctx)),
                       partial(views.conversion_table, ctx, conversion, dimension), "conversion_by_group")
st.caption(ctx.t("caution_small"))
