"""Data (organisers): import a file with a dry run first, history, restore, edition dates, a new
edition, the figures the organisers published, events and alerts."""

import streamlit as st

from prizestats.app import data_page as dv
from prizestats.app import signals_page as sv
from prizestats.app.frame import page_context

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

st.header(ctx.t("new_edition_heading"))
dv.new_edition(ctx)

st.header(ctx.t("published_heading"))
dv.published_figures(ctx)

st.header(ctx.t("signals_heading"))
sv.events(ctx)
st.subheader(ctx.t("alerts_heading"))
sv.alerts(ctx)
