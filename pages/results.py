"""Results: finalists once announced, winners once the ceremony has begun; downloadable."""

import streamlit as st

from prizestats.app import data, headline, views
from prizestats.app.frame import page_context

ctx = page_context("results")
st.title(f"{ctx.t('results_page')}: {views.edition_name(ctx)}")
views.scope_line(ctx)

results = data.results(ctx.view)
if results.empty:
    st.write(ctx.t("no_results_yet"))
else:
    st.caption(headline.results_count(ctx, results))
    table = views.results_table(ctx, results)
    # who and what first, then where: the project is never cut off at the table's edge
    views.table(table, "results", wrapped=(ctx.t("applicant"), ctx.t("project")),
                first=(ctx.t("stage"), ctx.t("award"), ctx.t("applicant"), ctx.t("project")))
    views.downloads(ctx, "results", table)
