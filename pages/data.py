"""Data (organisers): import a file with a dry run first, history, restore, edition dates."""

import streamlit as st

from prizestats import data_views as dv
from prizestats.frame import page_context

ctx = page_context("data")
st.title(ctx.t("data_page"))
dv.current_database(ctx)

st.header(ctx.t("upload_heading"))
dv.upload(ctx)

st.header(ctx.t("history_heading"))
dv.history(ctx)

st.header(ctx.t("restore_heading"))
dv.versions(ctx)

st.header(ctx.t("dates_heading"))
dv.edition_dates(ctx)
