"""Intake (organisers): pace against earlier editions, projection, arrivals, who is missing."""

from functools import partial

import streamlit as st

from prizestats.app import data, views
from prizestats.app import intake_page as iv
from prizestats.app.frame import page_context
from prizestats.figures import charts, intake

ctx = page_context("intake")
st.title(f"{ctx.t('intake_page')}: {views.edition_name(ctx)}")
views.scope_line(ctx)

closes = ctx.call_closes_at
if closes is None:
    st.warning(ctx.t("no_deadline"))
    st.stop()

curve = data.intake_curve(ctx.view)
days = intake.days_before(ctx.data_as_of, closes)
earlier = iv.earlier_editions(ctx, data.editions(), curve)
so_far = intake.count_at(curve, ctx.edition, days)
paces = intake.pace(curve, ctx.edition, days, earlier)

figure = views.figure(charts.intake_curve, curve[curve["edition"] <= ctx.edition], ctx.edition,
                      days, iv.intake_title(ctx, so_far, days, paces), ctx.lang, ctx.source_line())
views.chart_with_table(ctx, figure, partial(iv.curve_table, ctx, curve), "intake_curve")

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
views.chart_with_table(ctx, iv.daily_chart(ctx, daily), partial(iv.daily_table, ctx, daily),
                       "arrivals_by_day")
iv.last_seven_days(ctx, daily)

st.subheader(ctx.t("backtest_heading"))
st.caption(ctx.t("backtest_help"))
backtest = iv.backtest_table(ctx, curve, closes, earlier)
views.table(backtest, "backtest")
views.downloads(ctx, "backtest", backtest)
