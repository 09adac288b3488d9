"""Pure chart builders: DataFrame -> plotly Figure. No Streamlit here.

Every figure has a title that states its finding and a source + as-of line inside the figure,
so the statement travels with an exported image.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import plotly.graph_objects as go

from prizestats.i18n import label, number, percent, signed, t

# Colour-blind-safe (Okabe-Ito), in a fixed order so a category keeps its colour everywhere.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
# Noto Sans CJK (Debian fonts-noto-cjk) draws Korean in browsers and in exported images.
FONT_FAMILY = "Noto Sans CJK KR, Noto Sans KR, Apple SD Gothic Neo, Malgun Gothic, sans-serif"


def display_width(text: str) -> int:
    """Korean (and other wide) characters take about two Latin letters of room."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int = 36) -> str:
    """Break a long line at spaces with <br>: plotly titles and annotations do not wrap."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and display_width(lines[-1]) + 1 + display_width(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


def _layout(figure: go.Figure, title: str, source_line: str, height: int = 400,
            legend: bool = False, wide: bool = False) -> go.Figure:
    """Title (wrapped to the chart's width), source line, and room for a legend under the title.

    `wide` charts span the page; the others share a row with one or two more.
    """
    title_text = wrap(title, 90 if wide else 36)
    source_text = wrap(source_line, 120 if wide else 50)
    top = 30 + 22 * (title_text.count("<br>") + 1) + (48 if legend else 0)
    figure.update_layout(
        title={"text": title_text, "x": 0, "xanchor": "left", "y": 1, "yanchor": "top",
               "yref": "container", "pad": {"t": 18, "l": 12}, "font": {"size": 15}},
        font={"family": FONT_FAMILY, "size": 13},
        height=height + (48 if legend else 0),
        margin={"l": 10, "r": 10, "t": top, "b": 72 + 14 * (source_text.count("<br>") + 1)},
        showlegend=legend,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                "traceorder": "normal"},
        annotations=[{
            "text": source_text, "xref": "paper", "yref": "paper", "x": 0,
            "y": 0, "yshift": -62, "xanchor": "left", "yanchor": "top", "showarrow": False,
            "align": "left", "font": {"size": 10},  # the theme's text colour, light or dark
        }],
    )
    # Room for long labels in exported images too (Streamlit's theme does this on screen).
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


def _horizontal_bars(labels: list[str], values: list[int], lang: str,
                     colours: list[str] | str) -> go.Figure:
    """Bars listed top to bottom in the order given; long labels stay readable on a phone."""
    figure = go.Figure(go.Bar(
        x=values[::-1], y=labels[::-1], orientation="h",
        marker_color=colours[::-1] if isinstance(colours, list) else colours,
        text=[number(v, lang) for v in values[::-1]], textposition="auto", textangle=0,
        hovertemplate="%{y}: %{x}<extra></extra>",
    ))
    figure.update_xaxes(title=t("entries", lang))
    return figure


def _empty(title: str, source_line: str) -> go.Figure:
    return _layout(go.Figure(), title, source_line)


def entries_by_region(frame: pd.DataFrame, lang: str, source_line: str,
                      region_column: str = "region") -> go.Figure:
    """Horizontal bars, largest region on top."""
    regions = (frame.groupby(region_column, as_index=False)["entries"].sum()
               .sort_values(["entries", region_column], ascending=[False, True]))
    total = int(regions["entries"].sum())
    if total == 0:
        return _empty(t("no_entries", lang), source_line)
    top = regions.iloc[0]
    title = t("by_region_title", lang, top=label(top[region_column], lang),
              count=number(int(top["entries"]), lang), total=number(total, lang))
    figure = _horizontal_bars([label(r, lang) for r in regions[region_column]],
                              [int(v) for v in regions["entries"]], lang, PALETTE[0])
    return _layout(figure, title, source_line)


def entries_by_category(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    total = int(frame["entries"].sum())
    if total == 0:
        return _empty(t("no_entries", lang), source_line)
    top = frame.sort_values("entries", ascending=False).iloc[0]
    title = t("by_category_title", lang, top=label(top["category"], lang),
              count=number(int(top["entries"]), lang), total=number(total, lang))
    figure = _horizontal_bars([label(c, lang) for c in frame["category"]],
                              [int(v) for v in frame["entries"]], lang, list(PALETTE[: len(frame)]))
    return _layout(figure, title, source_line)


def entries_by_stage(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """Each entry once, by the stage it had reached; the title gives the funnel."""
    counts = dict(zip(frame["stage"], frame["entries"], strict=True))
    total = int(sum(counts.values()))
    if total == 0:
        return _empty(t("no_entries", lang), source_line)
    eligible = counts.get("eligible", 0) + counts.get("finalist", 0) + counts.get("winner", 0)
    finalists = counts.get("finalist", 0) + counts.get("winner", 0)
    title = t("by_stage_title", lang, eligible=number(eligible, lang), total=number(total, lang),
              finalists=number(finalists, lang), winners=number(counts.get("winner", 0), lang))
    figure = _horizontal_bars([label(s, lang) for s in frame["stage"]],
                              [int(v) for v in frame["entries"]], lang, PALETTE[2])
    return _layout(figure, title, source_line)


def _geo_layout(figure: go.Figure) -> go.Figure:
    figure.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False,
                       showcountries=True, countrycolor="#bbbbbb", showland=True,
                       landcolor="#eeeeee", lataxis_range=[-58, 85])
    return figure


def entries_by_country(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """A world choropleth keyed by ISO-3 (the outlines come from static/world_110m.json)."""
    if frame.empty:
        return _empty(t("no_entries", lang), source_line)
    top = frame.sort_values(["entries", "iso3"], ascending=[False, True]).iloc[0]
    names = frame["name_ko"] if lang == "ko" else frame["name_en"]
    title = t("map_title", lang, countries=number(len(frame), lang),
              top=top["name_ko"] if lang == "ko" else top["name_en"],
              count=number(int(top["entries"]), lang))
    figure = go.Figure(go.Choropleth(
        locations=frame["iso3"], locationmode="ISO-3", z=frame["entries"], text=names,
        colorscale="Blues", marker_line_color="#ffffff", marker_line_width=0.5,
        colorbar={"title": {"text": t("entries", lang)}, "thickness": 12},
        hovertemplate="%{text}: %{z}<extra></extra>",
    ))
    return _layout(_geo_layout(figure), title, source_line, height=460, wide=True)


def entries_by_city(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """Bubbles sized by entries; cities without coordinates are listed by the page instead."""
    if frame.empty:
        return _empty(t("no_entries", lang), source_line)
    top = frame.sort_values(["entries", "city"], ascending=[False, True]).iloc[0]
    title = t("city_map_title", lang, cities=number(len(frame), lang), top=top["city"],
              count=number(int(top["entries"]), lang))
    placed = frame.dropna(subset=["latitude", "longitude"])
    figure = go.Figure(go.Scattergeo(
        lat=placed["latitude"], lon=placed["longitude"],
        text=[f"{c}, {n}" for c, n in zip(placed["city"], placed["name_ko" if lang == "ko"
                                                                  else "name_en"], strict=True)],
        customdata=placed["entries"],
        marker={"size": 6 + 5 * placed["entries"] ** 0.5, "color": PALETTE[5], "opacity": 0.7,
                "line": {"width": 0.5, "color": "#ffffff"}},
        hovertemplate="%{text}: %{customdata}<extra></extra>",
    ))
    return _layout(_geo_layout(figure), title, source_line, height=460)


SMALL = "<3"


def suppress_small(values: pd.Series) -> pd.Series:
    """Cells of 1 or 2 entries become the text "<3" (data-contract "Small counts")."""
    return values.astype(object).where(~values.isin([1, 2]), SMALL)


def two_way_heatmap(frame: pd.DataFrame, rows: str, columns: str, lang: str, source_line: str,
                    title: str, suppress: bool) -> go.Figure:
    """A table of counts as a heatmap; with `suppress`, cells of 1 or 2 show <3 and no colour."""
    table = frame.pivot_table(index=rows, columns=columns, values="entries", aggfunc="sum",
                              sort=False)
    values = table.to_numpy(dtype=float)
    text = [[number(int(v), lang) for v in row] for row in values]
    if suppress:
        hidden = (values == 1) | (values == 2)
        values = values.copy()
        values[hidden] = float("nan")
        text = [[SMALL if h else cell for cell, h in zip(row, hide_row, strict=True)]
                for row, hide_row in zip(text, hidden, strict=True)]
    figure = go.Figure(go.Heatmap(
        z=values, x=[label(c, lang) for c in table.columns],
        y=[label(r, lang) for r in table.index], text=text, texttemplate="%{text}",
        colorscale="Blues", showscale=False, hoverongaps=False,
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", xgap=2, ygap=2,
    ))
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title, source_line, height=360)


def ranked_bars(frame: pd.DataFrame, label_column: str, lang: str, source_line: str,
                title: str) -> go.Figure:
    if frame.empty:
        return _empty(t("no_entries", lang), source_line)
    figure = _horizontal_bars([label(v, lang) for v in frame[label_column]],
                              [int(v) for v in frame["entries"]], lang, PALETTE[0])
    return _layout(figure, title, source_line, height=120 + 26 * len(frame))


def stage_funnel(entries: int, eligible: int, finalists: int, winners: int, lang: str,
                 source_line: str) -> go.Figure:
    if entries == 0:
        return _empty(t("no_entries", lang), source_line)
    rate = percent(finalists / entries, lang)
    title = t("funnel_title", lang, finalists=number(finalists, lang),
              entries=number(entries, lang), rate=rate)
    figure = go.Figure(go.Funnel(
        y=[label(s, lang) for s in ("received", "eligible", "finalist", "winner")],
        x=[entries, eligible, finalists, winners], textinfo="value+percent initial",
        marker={"color": [PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[1]]},
    ))
    return _layout(figure, title, source_line)


def conversion_rates(frame: pd.DataFrame, dimension: str, lang: str, source_line: str,
                     suppress: bool = False) -> go.Figure:
    """Eligible, finalist and winner rates per group, each bar labelled with its counts; with
    `suppress`, a count of 1 or 2 shows as <3 and its bar is left out."""
    groups = frame[frame["dimension"] == dimension].sort_values("entries", ascending=False)
    if groups.empty:
        return _empty(t("no_entries", lang), source_line)
    names = [label(g, lang) + (" ⚠" if n < 10 else "")
             for g, n in zip(groups["group"], groups["entries"], strict=True)]
    figure = go.Figure()
    for column, key, colour in (("eligible", "eligible_rate", PALETTE[4]),
                                ("finalists", "finalist_rate", PALETTE[2]),
                                ("winners", "winner_rate", PALETTE[1])):
        hidden = groups[column].isin([1, 2]) if suppress else groups[column] < 0
        rates = (groups[column] / groups["entries"]).where(~hidden)
        figure.add_trace(go.Bar(
            name=t(key, lang), y=names[::-1], x=rates.tolist()[::-1], orientation="h",
            marker_color=colour,
            text=[t("rate_text", lang, count=SMALL if h else number(int(c), lang),
                    total=number(int(n), lang))
                  for c, n, h in zip(groups[column], groups["entries"], hidden, strict=True)
                  ][::-1],
            textposition="auto", textangle=0,
            hovertemplate="%{y}: %{x:.0%} (%{text})<extra></extra>",
        ))
    candidates = groups[~groups["finalists"].isin([1, 2])] if suppress else groups
    best = (candidates if len(candidates) else groups).assign(
        rate=lambda g: g["finalists"] / g["entries"]).sort_values(
        ["rate", "entries"], ascending=False).iloc[0]
    title = t("conversion_title", lang, dimension=t(f"dimension_{dimension}", lang),
              top=label(best["group"], lang), rate=percent(best["rate"], lang))
    figure.update_layout(barmode="group")
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    return _layout(figure, title, source_line, height=160 + 70 * len(groups), legend=True,
                   wide=True)


def region_stage_flow(frame: pd.DataFrame, lang: str, source_line: str, suppress: bool
                      ) -> go.Figure:
    """Sankey from region to the stage reached; with `suppress`, flows under 3 are left out."""
    total = int(frame["entries"].sum())
    if total == 0:
        return _empty(t("no_entries", lang), source_line)
    flows = frame[frame["entries"] >= 3] if suppress else frame
    regions = sorted(flows["region"].unique())
    stages = [s for s in ("received", "ineligible", "eligible", "finalist", "winner",
                          "withdrawn") if s in set(flows["stage"])]
    nodes = [label(r, lang) for r in regions] + [label(s, lang) for s in stages]
    index = {**{r: i for i, r in enumerate(regions)},
             **{f"stage:{s}": len(regions) + i for i, s in enumerate(stages)}}
    figure = go.Figure(go.Sankey(
        node={"label": nodes, "pad": 12, "thickness": 14,
              "color": [PALETTE[0]] * len(regions) + [PALETTE[2]] * len(stages)},
        link={"source": [index[r] for r in flows["region"]],
              "target": [index[f"stage:{s}"] for s in flows["stage"]],
              "value": flows["entries"].tolist(), "color": "rgba(0,114,178,0.25)"},
    ))
    return _layout(figure, t("flow_title", lang, entries=number(total, lang)), source_line,
                   height=460)


def editions_side_by_side(summary: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """Entries, countries, cities and finalists, one group per measure, one bar per edition."""
    if summary.empty:
        return _empty(t("no_entries", lang), source_line)
    summary = summary.sort_values("edition")
    last = summary.iloc[-1]
    if len(summary) > 1:
        previous = summary.iloc[-2]
        title = t("trend_title", lang, year=int(last["year"]),
                  entries=number(int(last["entries"]), lang),
                  countries=number(int(last["countries"]), lang),
                  change=signed(int(last["entries"] - previous["entries"]), lang),
                  previous=int(previous["year"]))
    else:
        title = t("trend_title_single", lang, year=int(last["year"]),
                  entries=number(int(last["entries"]), lang),
                  countries=number(int(last["countries"]), lang))
    measures = ("entries", "countries", "cities", "finalists")
    figure = go.Figure()
    for i, row in enumerate(summary.itertuples(index=False)):
        values = [int(getattr(row, m)) for m in measures]
        figure.add_trace(go.Bar(
            name=str(row.year), x=[t(m, lang) for m in measures], y=values,
            marker_color=PALETTE[i % len(PALETTE)], text=[number(v, lang) for v in values],
            textposition="outside", hovertemplate=f"{row.year} · %{{x}}: %{{y}}<extra></extra>",
        ))
    figure.update_layout(barmode="group")
    return _layout(figure, title, source_line, height=420, legend=True, wide=True)


def region_shares(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """Stacked 100 % bars: each edition's entries split by the six regions."""
    if frame.empty or frame["entries"].sum() == 0:
        return _empty(t("no_entries", lang), source_line)
    years = sorted(frame["year"].unique())
    totals = frame.groupby("region6")["entries"].sum().sort_values(ascending=False)
    figure = go.Figure()
    for i, region in enumerate(totals.index):
        rows = frame[frame["region6"] == region].sort_values("year")
        figure.add_trace(go.Bar(
            name=label(region, lang), x=[str(y) for y in rows["year"]], y=rows["share"],
            marker_color=PALETTE[i % len(PALETTE)],
            text=[percent(v, lang) if v >= 0.04 else "" for v in rows["share"]],
            textposition="inside", hovertemplate=f"{label(region, lang)} · %{{x}}: "
                                                 "%{y:.1%}<extra></extra>",
        ))
    top = totals.index[0]
    first = frame[(frame["region6"] == top) & (frame["year"] == years[0])]["share"].iloc[0]
    last = frame[(frame["region6"] == top) & (frame["year"] == years[-1])]["share"].iloc[0]
    title = t("region_share_title", lang, region=label(top, lang), first=percent(first, lang),
              first_year=years[0], last=percent(last, lang), last_year=years[-1])
    figure.update_layout(barmode="stack")
    figure.update_yaxes(tickformat=".0%", range=[0, 1])
    return _layout(figure, title, source_line, height=440, legend=True)


def new_vs_returning(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """New and returning countries and cities per edition (stacked)."""
    if frame.empty:
        return _empty(t("no_entries", lang), source_line)
    frame = frame.sort_values(["kind", "edition"])
    x = [[label(k, lang) for k in frame["kind"]], [str(y) for y in frame["year"]]]
    figure = go.Figure()
    for column, colour in (("returning", PALETTE[0]), ("new", PALETTE[1])):
        figure.add_trace(go.Bar(name=t(column, lang), x=x, y=frame[column],
                                marker_color=colour, text=frame[column], textposition="inside"))
    countries = frame[frame["kind"] == "country"].sort_values("edition").iloc[-1]
    title = t("new_returning_title", lang, year=int(countries["year"]),
              new=number(int(countries["new"]), lang),
              returning=number(int(countries["returning"]), lang))
    figure.update_layout(barmode="stack")
    return _layout(figure, title, source_line, height=420, legend=True)


def wego_members(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """Entries from WeGO member cities and from others, per edition."""
    if frame.empty:
        return _empty(t("no_entries", lang), source_line)
    figure = go.Figure()
    for i, membership in enumerate(("member", "non_member", "unknown")):
        rows = frame[frame["membership"] == membership].sort_values("year")
        if rows.empty:
            continue
        figure.add_trace(go.Bar(
            name=label(membership, lang), x=[str(y) for y in rows["year"]], y=rows["entries"],
            marker_color=PALETTE[i], text=rows["entries"], textposition="inside",
        ))
    latest = frame[frame["year"] == frame["year"].max()]
    share = latest.loc[latest["membership"] == "member", "entries"].sum() / latest["entries"].sum()
    title = t("members_title", lang, year=int(latest["year"].iloc[0]), share=percent(share, lang))
    figure.update_layout(barmode="stack")
    return _layout(figure, title, source_line, height=420, legend=True, wide=True)


def intake_curve(curve: pd.DataFrame, edition: int, days_now: int, title: str, lang: str,
                 source_line: str) -> go.Figure:
    """Running totals by days before the deadline, one line per edition, the deadline at 0."""
    if curve.empty:
        return _empty(t("no_entries", lang), source_line)
    figure = go.Figure()
    for i, (number_, rows) in enumerate(curve.groupby("edition", sort=True)):
        year = int(rows["year"].iloc[0])
        current = number_ == edition
        figure.add_trace(go.Scatter(
            x=rows["days_before"], y=rows["cumulative"], mode="lines", name=str(year),
            line={"color": PALETTE[i % len(PALETTE)], "width": 4 if current else 2,
                  "shape": "hv"},
            hovertemplate=f"{year} · %{{x}}: %{{y}}<extra></extra>",
        ))
        if current:
            reached = rows[rows["days_before"] >= days_now]
            if len(reached):
                # After the close the marker stays at the last arrival, not months later.
                marker_x = max(days_now, int(rows["days_before"].min()))
                figure.add_trace(go.Scatter(
                    x=[marker_x], y=[int(reached["cumulative"].iloc[-1])], mode="markers+text",
                    marker={"size": 12, "color": PALETTE[i % len(PALETTE)]},
                    text=[t("as_of", lang)], textposition="top center", showlegend=False,
                    hoverinfo="skip"))
    figure.add_vline(x=0, line_dash="dot", line_color="#888888")
    figure.update_xaxes(autorange="reversed", title=t("days_to_deadline", lang))
    figure.update_yaxes(title=t("entries", lang), rangemode="tozero")
    return _layout(figure, title, source_line, height=440, legend=True, wide=True)


def daily_arrivals(daily: pd.DataFrame, lang: str, source_line: str, title: str) -> go.Figure:
    """A bar per day on a date axis, weekends in their own colour, the weekday in the hover."""
    if daily.empty:
        return _empty(t("no_entries", lang), source_line)
    from prizestats.i18n import weekday_day

    per_day = daily.groupby("day", as_index=False)["entries"].sum().sort_values("day")
    per_day["day"] = pd.to_datetime(per_day["day"])
    weekend = per_day["day"].dt.day_of_week >= 5
    figure = go.Figure()
    for name, rows, colour in (("weekdays", per_day[~weekend], PALETTE[0]),
                               ("weekends", per_day[weekend], PALETTE[1])):
        figure.add_trace(go.Bar(
            x=rows["day"], y=rows["entries"], name=t(name, lang), marker_color=colour,
            customdata=[weekday_day(d, lang) for d in rows["day"]],
            hovertemplate="%{customdata}: %{y}<extra></extra>",
        ))
    figure.update_xaxes(type="date", tickformat="%m-%d" if lang == "ko" else "%d %b")
    figure.update_yaxes(title=t("entries", lang))
    return _layout(figure, title, source_line, height=360, legend=True, wide=True)
