"""Layout pieces shared by the pages: KPI cards, a chart with its data table, reconciliation."""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from prizestats import i18n, press
from prizestats.frame import PageContext

KPIS = ("entries", "countries", "cities", "eligible", "finalists", "winners")
# Streamlit serves static/ at /app/static/: plotly.js reads the world outlines from there.
PLOTLY_CONFIG = {"displaylogo": False, "topojsonURL": "/app/static/"}


def ordinal(ctx: PageContext) -> str:
    return i18n.ordinal(ctx.edition, ctx.lang)


def reconciliation(ctx: PageContext, result: dict) -> pd.DataFrame:
    from prizestats import data

    return press.reconcile(result, data.published_figures(ctx.edition))


def _published_mark(ctx: PageContext, row: pd.Series) -> str:
    host = urlparse(row["source_url"]).netloc.removeprefix("www.").removeprefix("m.")
    when = i18n.day(row["published_on"], ctx.lang)
    if row["matches"]:
        text = f"✓ {ctx.t('matches_published')}"
    else:
        text = f"≠ {ctx.t('differs_published', value=i18n.number(row['published'], ctx.lang))}"
    return f"{text} · [{host}]({row['source_url']}), {when}"


def kpi_cards(ctx: PageContext, result: dict, summary: pd.DataFrame,
              reconciled: pd.DataFrame) -> None:
    previous = summary[summary["edition"] == ctx.edition - 1]
    previous_year = ctx.editions.get(ctx.edition - 1)
    headline = reconciled[reconciled["dimension"] == ""].set_index("metric")
    # Three to a row: six cards in one row leave no room for "vs 2024" beside the change.
    columns = [*st.columns(3), *st.columns(3)]
    for column, metric in zip(columns, KPIS, strict=True):
        with column:
            delta = description = None
            if len(previous):
                delta = i18n.signed(result[metric] - int(previous[metric].iloc[0]), ctx.lang)
                description = ctx.t("vs_previous", year=previous_year)
            st.metric(ctx.t(metric), i18n.number(result[metric], ctx.lang), delta=delta,
                      delta_description=description, border=True)
            if metric in headline.index:
                st.caption(_published_mark(ctx, headline.loc[metric]))


def labelled(ctx: PageContext, frame: pd.DataFrame, code_column: str) -> pd.DataFrame:
    """The chart's data with codes shown as words and headers in the page's language."""
    table = frame.copy()
    table[code_column] = [i18n.label(v, ctx.lang) for v in table[code_column]]
    return table.rename(columns={c: ctx.t(c) for c in table.columns if c in i18n.STRINGS})


def region6_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    grouped = frame.groupby("region6", as_index=False)[
        ["entries", "eligible", "finalists", "winners"]].sum()
    grouped = grouped.sort_values("entries", ascending=False).rename(columns={"region6": "region"})
    return labelled(ctx, grouped, "region")


def chart_with_table(ctx: PageContext, figure: go.Figure, table: pd.DataFrame, key: str) -> None:
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart_{key}")
    with st.expander(ctx.t("data_table")):
        st.dataframe(table, hide_index=True, key=f"table_{key}")


def reconciliation_table(ctx: PageContext, reconciled: pd.DataFrame) -> None:
    st.subheader(ctx.t("reconciliation"))
    st.caption(ctx.t("reconciliation_help"))
    if reconciled.empty:
        st.write(ctx.t("no_published"))
        return
    table = pd.DataFrame({
        ctx.t("metric"): [i18n.label(m, ctx.lang) for m in reconciled["metric"]],
        ctx.t("dimension"): [i18n.label(d, ctx.lang) for d in reconciled["dimension"]],
        ctx.t("published"): reconciled["published"].astype(int),
        ctx.t("computed"): reconciled["computed"],
        ctx.t("match"): ["✓" if m else "≠" for m in reconciled["matches"]],
        ctx.t("published_on"): [i18n.day(d, ctx.lang) for d in reconciled["published_on"]],
        ctx.t("source"): reconciled["source_url"],
    })
    st.dataframe(table, hide_index=True, key="reconciliation",
                 column_config={ctx.t("source"): st.column_config.LinkColumn()})
