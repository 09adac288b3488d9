"""The baseline of `prizestats bench` (issue 9): one filter and N plotly express charts.

What Streamlit itself costs for a page, with none of the dashboard's work: the frames are
small constants. The filter is the dashboard's: a Regions multiselect in the sidebar, so the
browser and the load client do the same thing on both pages. Every chart shows the regions
chosen, so a change redraws every chart, with as many points whatever is chosen. N is
PRIZESTATS_BENCH_CHARTS (default 4).

    streamlit run prizestats/bench/bare_page.py
"""

import os

import pandas as pd
import plotly.express as px
import streamlit as st

REGIONS = ("Asia", "Europe", "Africa", "Middle East", "North America", "Latin America", "Oceania")
CATEGORIES = ("mobility", "energy", "housing", "health", "governance")
CHARTS = max(1, int(os.environ.get("PRIZESTATS_BENCH_CHARTS", "4")))

# Constant: the same numbers on every run, no randomness, no I/O.
FRAME = pd.DataFrame(
    [{"region": region, "category": category, "month": month,
      "entries": (r * 7 + c * 3 + month * 5) % 23 + 1, "score": (r + c * month) % 11 / 10}
     for r, region in enumerate(REGIONS) for c, category in enumerate(CATEGORIES)
     for month in range(1, 13)])

chosen = st.sidebar.multiselect("Regions", REGIONS, default=[REGIONS[0]], key="regions")
# The mean over the regions chosen (all when none is): other numbers for every other choice,
# the same number of points whatever is chosen.
rows = (FRAME[FRAME["region"].isin(chosen or REGIONS)]
        .groupby(["category", "month"], as_index=False)[["entries", "score"]].mean())
for i in range(CHARTS):
    title = f"{' + '.join(chosen) or 'All regions'} · chart {i + 1}"
    kind = i % 4
    if kind == 0:
        figure = px.bar(rows, x="category", y="entries", title=title)
    elif kind == 1:
        figure = px.line(rows, x="month", y="entries", color="category", title=title)
    elif kind == 2:
        figure = px.scatter(rows, x="entries", y="score", color="category", title=title)
    else:
        figure = px.histogram(rows, x="score", nbins=10, title=title)
    st.plotly_chart(figure, key=f"chart_{i}")
