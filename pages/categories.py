"""Categories: category x applicant type, sectors, technologies, category x region."""

from functools import partial

import streamlit as st

from prizestats.app import data, views
from prizestats.app.frame import page_context

ctx = page_context("categories")
st.title(ctx.t("categories_page"))
views.scope_line(ctx)

left, right = st.columns(2)
with left:
    # drawn without its own filters, the chosen cells highlighted (views.own_view)
    frame = data.category_by_applicant_type(views.own_view(ctx, "category", "applicant_type"))
    views.chart_with_table(ctx, views.two_way(ctx, frame, "category", "applicant_type"),
                           partial(views.two_way_table, ctx, frame, "category", "applicant_type"),
                           "category_by_applicant_type")
with right:
    frame = data.category_by_region(views.own_view(ctx, "region", "category"))
    views.chart_with_table(ctx, views.two_way(ctx, frame, "region", "category"),
                           partial(views.two_way_table, ctx, frame, "region", "category"),
                           "category_by_region")
if ctx.public:
    st.caption(ctx.t("small_count_note"))

total = data.figures(ctx.view)["entries"]  # a number, or <3 when the filters narrow them
left, right = st.columns(2)
with left:
    frame = data.entries_by_sector(ctx.view)
    views.chart_with_table(ctx, views.ranked(ctx, frame, "sector", "sector_title", total),
                           partial(views.labelled, ctx, frame, "sector"), "entries_by_sector")
with right:
    frame = data.technologies_ranked(ctx.view)
    views.chart_with_table(ctx, views.ranked(ctx, frame, "technology", "technology_title",
                                             total),
                           partial(views.labelled, ctx, frame, "technology"), "technologies_ranked")
