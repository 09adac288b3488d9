"""Intake (organisers): pace against earlier editions, projection, arrivals, who is missing."""

from functools import partial

import streamlit as st

from prizestats.app import data, views
from prizestats.app import intake_page as iv
from prizestats.app.frame import page_context

ctx = page_context("intake")
st.title(f"{ctx.t('intake_page')}: {views.edition_name(ctx)}")
views.scope_line(ctx)
iv.alerts(ctx)

totals = iv.running_totals(ctx, private=True)
closes, curve, days, earlier = totals.closes, totals.curve, totals.days, totals.earlier
so_far, paces = totals.so_far, totals.paces
# a downloaded image is a file that travels: it draws public events only
views.chart_with_table(ctx, totals.figure, partial(iv.curve_table, ctx, curve), "intake_curve",
                       exported=totals.exported)

left, right = st.columns(2)
with left:
    st.subheader(ctx.t("pace_heading"))
    iv.pace_lines(ctx, paces, days)
    st.subheader(ctx.t("projection_heading"))
    iv.projection_line(ctx, curve, so_far, days, earlier)
with right:
    st.subheader(ctx.t("missing_heading"))
    iv.missing_places(ctx, data.first_arrivals_by_country(ctx.view), earlier, days)
iv.late_entries(ctx, curve, closes)

daily = data.arrivals_by_day(ctx.view)
views.chart_with_table(ctx, iv.daily_chart(ctx, daily, private=True),
                       partial(iv.daily_table, ctx, daily), "arrivals_by_day",
                       exported=iv.daily_chart(ctx, daily))
iv.event_list(ctx, totals.marks)
iv.last_seven_days(ctx, daily)

st.subheader(ctx.t("backtest_heading"))
st.caption(ctx.t("backtest_help"))
backtest = iv.backtest_table(ctx, curve, closes, earlier)
views.table(backtest, "backtest")
views.downloads(ctx, "backtest", backtest)
