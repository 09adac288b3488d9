"""Overview: KPI cards with change vs the previous edition, reconciliation, three breakdowns."""

import streamlit as st

from prizestats import charts, data, views
from prizestats.frame import page_context

ctx = page_context("overview")
st.title(ctx.t("edition_title", ordinal=views.ordinal(ctx), year=ctx.year, edition=ctx.edition))

result = data.figures(ctx.edition, ctx.data_as_of, ctx.public)
summary = data.edition_summary(ctx.data_as_of, ctx.public)
reconciliation = views.reconciliation(ctx, result)
views.kpi_cards(ctx, result, summary, reconciliation)

left, middle, right = st.columns(3)
args = (ctx.lang, ctx.source_line())
with left:
    frame = data.entries_by_region(ctx.edition, ctx.data_as_of, ctx.public)
    views.chart_with_table(ctx, charts.entries_by_region(frame, *args, region_column="region6"),
                           views.region6_table(ctx, frame), "entries_by_region")
with middle:
    frame = data.entries_by_category(ctx.edition, ctx.data_as_of, ctx.public)
    views.chart_with_table(ctx, charts.entries_by_category(frame, *args),
                           views.labelled(ctx, frame, "category"), "entries_by_category")
with right:
    frame = data.entries_by_stage(ctx.edition, ctx.data_as_of, ctx.public)
    views.chart_with_table(ctx, charts.entries_by_stage(frame, *args),
                           views.labelled(ctx, frame, "stage"), "entries_by_stage")

views.reconciliation_table(ctx, reconciliation)
