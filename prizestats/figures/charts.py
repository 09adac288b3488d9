"""Pure chart builders: DataFrame -> plotly Figure. No Streamlit here.

Every figure has a title that states its finding and a source + as-of line inside the figure,
so the statement travels with an exported image.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd
import plotly.graph_objects as go

from prizestats.core import reference, safe
from prizestats.core.disclosure import HIDDEN_RANK, SMALL, STAGE_ROWS, is_hidden
from prizestats.figures.picks import CLICKABLE, pick
from prizestats.words import i18n, names
from prizestats.words.i18n import number, percent, signed, t

# Colour-blind-safe (Okabe-Ito), in a fixed order so a category keeps its colour everywhere.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
# Noto Sans CJK (Debian fonts-noto-cjk) draws Korean in browsers and in exported images.
FONT_FAMILY = "Noto Sans CJK KR, Noto Sans KR, Apple SD Gothic Neo, Malgun Gothic, sans-serif"


def display_width(text: str) -> int:
    """Korean (and other wide) characters take about two Latin letters of room."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@cache
def _names_of_several_words() -> re.Pattern[str]:
    """The glossary's and the countries' names that hold a space (Middle East, United
    States, and the Korean of Human-CentriCity): a line is never broken inside one."""
    names = {text for row in reference.glossary() for text in (row["en"], row["ko"])}
    names |= {row[key] for row in reference.countries().values() for key in ("name_en", "name_ko")}
    several = sorted((n for n in names if " " in n), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in several))


def wrap(text: str, width: int = 36) -> str:
    """Break a long line at spaces with <br>: plotly titles and annotations do not wrap. A name
    of several words stays on one line."""
    kept = _names_of_several_words().sub(lambda m: m.group().replace(" ", "\u00a0"), text)
    lines: list[str] = []
    for word in kept.split(" "):
        if lines and display_width(lines[-1]) + 1 + display_width(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines).replace("\u00a0", " ")


class SourceLine(str):
    """A page's source line: its as-of moves with the clock (to the minute), the rest of a chart
    does not, so a figure is kept without it and takes each new line in (views.figure)."""


SOURCE_LINE_WIDTH = {False: 40, True: 120}  # letters, in a chart of a row of three / page-wide
SOURCE_LINE = "source line, width "  # the name of the annotation that holds it, + its width


def source_line_parts(source_line: str, width: int) -> tuple[int, dict]:
    """The bottom margin a source line needs and its annotation, wrapped to `width` letters."""
    source_text = wrap(safe.plotly(source_line), width)
    return 72 + 14 * (source_text.count("<br>") + 1), {
        "text": source_text, "xref": "paper", "yref": "paper", "x": 0,
        "y": 0, "yshift": -62, "xanchor": "left", "yanchor": "top", "showarrow": False,
        "align": "left", "font": {"size": 10},  # the theme's text colour, light or dark
        "name": f"{SOURCE_LINE}{width}"}


def source_line_width(annotations: list) -> int:
    """The width the source line among these annotations (objects or dicts) was wrapped to."""
    return next(int(a["name"].removeprefix(SOURCE_LINE)) for a in annotations
                if (a["name"] or "").startswith(SOURCE_LINE))


def with_source_line(figure: go.Figure, source_line: str, width: int | None = None
                     ) -> go.Figure:
    """Put the source line under the chart, or replace the one there (keeping its width):
    its text, wrapped to `width` letters, and the room it takes at the bottom."""
    annotations = figure.layout.annotations
    bottom, note = source_line_parts(
        source_line, source_line_width(annotations) if width is None else width)
    others = [a for a in annotations if not (a.name or "").startswith(SOURCE_LINE)]
    return figure.update_layout(margin={"b": bottom}, annotations=[*others, note])


def _layout(figure: go.Figure, title: str, source_line: str, height: int = 400,
            legend: bool = False, wide: bool = False) -> go.Figure:
    """Title (wrapped to the chart's width), source line, and room for a legend under the title.

    `wide` charts span the page; the others share a row with one or two more.
    """
    # Titles carry names from the data (a city, a technology): plotly would render their markup.
    title_text = wrap(safe.plotly(title), 90 if wide else 36)
    top = 30 + 22 * (title_text.count("<br>") + 1) + (48 if legend else 0)
    figure.update_layout(
        title={"text": title_text, "x": 0, "xanchor": "left", "y": 1, "yanchor": "top",
               "yref": "container", "pad": {"t": 18, "l": 12}, "font": {"size": 15}},
        font={"family": FONT_FAMILY, "size": 13},
        height=height + (48 if legend else 0),
        margin={"l": 10, "r": 10, "t": top},
        showlegend=legend,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                "traceorder": "normal"},
    )
    with_source_line(figure, source_line, SOURCE_LINE_WIDTH[wide])
    # Room for long labels in exported images too (Streamlit's theme does this on screen).
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


def label(value: object, lang: str) -> str:
    """A code's display name, or a name from the data, as plotly text (never markup)."""
    return safe.plotly(i18n.label(value, lang))


# A count hidden from the viewer (NA, "<3") is drawn with no length and sorts as a tie between
# 3 and 0 (disclosure.HIDDEN_RANK), so its bar, colour and place carry nothing "<3" does not say.


def rank_key(values: pd.Series) -> pd.Series:
    return values.astype("Float64").fillna(HIDDEN_RANK)


def ranked(frame: pd.DataFrame, value: str, name: str) -> pd.DataFrame:
    """Largest first, hidden counts as a tie, then by name."""
    return (frame.assign(_rank=rank_key(frame[value]))
            .sort_values(["_rank", name], ascending=[False, True]).drop(columns="_rank"))


def lengths(values) -> list[int]:
    return [0 if is_hidden(v) else int(v) for v in values]


def top_shown(frame: pd.DataFrame, value: str, name: str) -> pd.Series | None:
    """The largest row whose count the viewer may read and that counts something (at least
    3 when some are hidden: a hidden one might be larger); None when there is none."""
    first = ranked(frame, value, name)
    readable = first[~first[value].isna()]
    if readable.empty or int(readable[value].iloc[0]) == 0:
        return None
    if first[value].isna().any() and int(readable[value].iloc[0]) < 3:
        return None
    return readable.iloc[0]


def finding(figure: go.Figure) -> str:
    """The figure's title (its finding sentence) as plain text: without the line breaks, and
    with the escaping for plotly (safe.plotly) undone, for alt text and spreadsheet titles."""
    import html

    return html.unescape(" ".join((figure.layout.title.text or "").replace("<br>", " ").split()))


def clickable(figure: go.Figure) -> go.Figure:
    """Mark a figure whose marks carry picks (prizestats.figures.picks) in their customdata: the page
    lets a click on a mark set the filter it stands for."""
    figure.update_layout(meta=CLICKABLE, clickmode="event+select")
    return figure


def is_clickable(figure: go.Figure) -> bool:
    return figure.layout.meta == CLICKABLE


def _region_pick(region: str) -> str:
    """The six regions' Americas stands for both of the seven regions it joins."""
    if region == "Americas":
        return pick(("region", "North America"), ("region", "South America"))
    return pick(("region", region))


def _horizontal_bars(labels: list[str], values: list, lang: str,
                     colours: list[str] | str, picks: list[str] | None = None) -> go.Figure:
    """Bars listed top to bottom in the order given; long labels stay readable on a phone.
    `picks`: what a click on each bar sets (the figure is then clickable)."""
    texts = [number(v, lang) for v in values]
    shown = lengths(values)
    figure = go.Figure(go.Bar(
        x=shown[::-1], y=labels[::-1], orientation="h",
        customdata=None if picks is None else picks[::-1],
        marker_color=colours[::-1] if isinstance(colours, list) else colours,
        # a bar of no length (0, or hidden: <3) still says so beside the axis
        text=texts[::-1], textposition=["outside" if v == 0 else "auto" for v in shown[::-1]],
        textangle=0, constraintext="none",
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    figure.update_xaxes(title=t("entries", lang), rangemode="nonnegative")
    return figure if picks is None else clickable(figure)


def _empty(title: str, source_line: str) -> go.Figure:
    return _layout(go.Figure(), title, source_line)


def _total(frame: pd.DataFrame, total: object) -> object:
    """The sum of the counts, or the total given when some are hidden (their sum would not be)."""
    if frame["entries"].isna().any():
        return SMALL if total is None else total
    return int(frame["entries"].sum())


def entries_by_region(frame: pd.DataFrame, lang: str, source_line: str,
                      total: object = None) -> go.Figure:
    """Horizontal bars, largest region on top: seven regions (entries_by_region) or six
    (entries_by_region6), as the frame holds them. `total`: the view's entries, for the title
    when some counts are hidden."""
    regions = ranked(frame, "entries", "region")
    if regions["entries"].fillna(1).sum() == 0:
        return _empty(t("no_entries", lang), source_line)
    top = top_shown(regions, "entries", "region")
    title = t("few_entries_title", lang) if top is None else t(
        "by_region_title", lang, top=i18n.label(top["region"], lang),
        count=number(top["entries"], lang), total=number(_total(regions, total), lang))
    figure = _horizontal_bars([label(r, lang) for r in regions["region"]],
                              list(regions["entries"]), lang, PALETTE[0],
                              [_region_pick(r) for r in regions["region"]])
    return _layout(figure, title, source_line)


def entries_by_category(frame: pd.DataFrame, lang: str, source_line: str,
                        total: object = None) -> go.Figure:
    if frame["entries"].fillna(1).sum() == 0:
        return _empty(t("no_entries", lang), source_line)
    top = top_shown(frame, "entries", "category")
    title = t("few_entries_title", lang) if top is None else t(
        "by_category_title", lang, top=i18n.label(top["category"], lang),
        count=number(top["entries"], lang), total=number(_total(frame, total), lang))
    figure = _horizontal_bars([label(c, lang) for c in frame["category"]],
                              list(frame["entries"]), lang, list(PALETTE[: len(frame)]),
                              [pick(("category", c)) for c in frame["category"]])
    return _layout(figure, title, source_line)


def entries_by_stage(frame: pd.DataFrame, lang: str, source_line: str,
                     result: dict | None = None) -> go.Figure:
    """Each entry once, by the stage it had reached; the title gives the funnel. `result`: the
    view's figures (press.figures), whose totals hold where a stage's count is hidden."""
    counts = dict(zip(frame["stage"], frame["entries"], strict=True))
    if sum(lengths(counts.values())) == 0 and not frame["entries"].isna().any():
        return _empty(t("no_entries", lang), source_line)
    if result is None:
        shown = lengths(counts.values())
        result = {"entries": sum(shown),
                  "eligible": sum(lengths(counts.get(s, 0) for s in
                                          ("eligible", "finalist", "winner"))),
                  "finalists": sum(lengths(counts.get(s, 0) for s in ("finalist", "winner"))),
                  "winners": counts.get("winner", 0)}
    # a stage under embargo is not a row of nothing: it is left out, and the title says why
    frame = frame[[not (STAGE_ROWS.get(s) and result[STAGE_ROWS[s]] is None)
                   for s in frame["stage"]]]
    values = {k: number(result[k], lang) for k in ("entries", "eligible")}
    if result["finalists"] is None:  # under embargo: say what is known
        title = t("by_stage_title_screening", lang, eligible=values["eligible"],
                  total=values["entries"])
    elif result["winners"] is None:
        title = t("by_stage_title_finalists", lang, eligible=values["eligible"],
                  total=values["entries"], finalists=number(result["finalists"], lang))
    else:
        title = t("by_stage_title", lang, eligible=values["eligible"], total=values["entries"],
                  finalists=number(result["finalists"], lang),
                  winners=number(result["winners"], lang))
    figure = _horizontal_bars([label(s, lang) for s in frame["stage"]],
                              list(frame["entries"]), lang, PALETTE[2],
                              [pick(("stage", s)) for s in frame["stage"]])
    return _layout(figure, title, source_line)


def _geo_layout(figure: go.Figure) -> go.Figure:
    figure.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False,
                       showcountries=True, countrycolor="#bbbbbb", showland=True,
                       landcolor="#eeeeee", lataxis_range=[-58, 85])
    return figure


def entries_by_country(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """A world choropleth keyed by ISO-3 (the outlines come from static/world_110m.json).
    Countries whose count is hidden share one grey and read <3."""
    if frame.empty:
        return _empty(t("no_entries", lang), source_line)
    names_column = "name_ko" if lang == "ko" else "name_en"
    top = top_shown(frame, "entries", "iso3")
    title = t("few_entries_title", lang) if top is None else t(
        "map_title", lang, countries=number(len(frame), lang), top=top[names_column],
        count=number(top["entries"], lang))
    hidden = frame["entries"].isna()
    shown = frame[~hidden]
    figure = go.Figure(go.Choropleth(
        locations=shown["iso3"], locationmode="ISO-3", z=lengths(shown["entries"]),
        text=[safe.plotly(n) for n in shown[names_column]],
        customdata=[pick(("country", c)) for c in shown["iso3"]],
        colorscale="Blues", marker_line_color="#ffffff", marker_line_width=0.5,
        colorbar={"title": {"text": t("entries", lang)}, "thickness": 12},
        hovertemplate="%{text}: %{z}<extra></extra>",
    ))
    if hidden.any():
        few = frame[hidden]
        figure.add_trace(go.Choropleth(
            locations=few["iso3"], locationmode="ISO-3", z=[0] * len(few),
            text=[safe.plotly(n) for n in few[names_column]],
            customdata=[pick(("country", c)) for c in few["iso3"]],
            colorscale=[[0, "#bdbdbd"], [1, "#bdbdbd"]], showscale=False,
            marker_line_color="#ffffff", marker_line_width=0.5,
            hovertemplate=f"%{{text}}: {SMALL}<extra></extra>"))
    return clickable(_layout(_geo_layout(figure), title, source_line, height=460, wide=True))


def entries_by_city(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """Bubbles sized by entries; cities without coordinates are listed by the page instead.
    A city whose count is hidden gets the bubble of a tie between 3 and 0."""
    if frame.empty:
        return _empty(t("no_entries", lang), source_line)
    top = top_shown(frame, "entries", "city")
    title = t("few_entries_title", lang) if top is None else t(
        "city_map_title", lang, cities=number(len(frame), lang), top=names.city_name(top["city"], lang),
        count=number(top["entries"], lang))
    placed = frame.dropna(subset=["latitude", "longitude"])
    countries = placed["name_ko" if lang == "ko" else "name_en"]
    figure = go.Figure(go.Scattergeo(
        lat=placed["latitude"], lon=placed["longitude"],
        text=[safe.plotly(f"{names.city_name(c, lang)}, {n}")
              for c, n in zip(placed["city"], countries, strict=True)],
        # a click on a city sets its country: there is no city filter
        customdata=[[pick(("country", c)), number(v, lang)]
                    for c, v in zip(placed["country"], placed["entries"], strict=True)],
        marker={"size": 6 + 5 * rank_key(placed["entries"]).astype(float) ** 0.5,
                "color": PALETTE[5], "opacity": 0.7, "line": {"width": 0.5, "color": "#ffffff"}},
        hovertemplate="%{text}: %{customdata[1]}<extra></extra>",
    ))
    return clickable(_layout(_geo_layout(figure), title, source_line, height=460))


def two_way_heatmap(frame: pd.DataFrame, rows: str, columns: str, lang: str, source_line: str,
                    title: str) -> go.Figure:
    """A table of counts as a grid of coloured squares (markers, so that a click on a cell sets
    both its values); a hidden cell shows <3 and no colour."""
    # pivot, not pivot_table: a table's sum would turn a hidden cell (NA) into 0
    table = (frame.pivot(index=rows, columns=columns, values="entries")  # noqa: PD010
             .reindex(index=frame[rows].unique(), columns=frame[columns].unique()))
    cells = [(row, column, table.loc[row, column]) for row in table.index
             for column in table.columns]
    shown = [(r, c, int(v)) for r, c, v in cells if not is_hidden(v)]
    top = max(3.0, max((v for _, _, v in shown), default=0))
    size = 44 if len(table.columns) <= 4 else 34
    figure = go.Figure()
    for group, colour in ((shown, None), ([c for c in cells if is_hidden(c[2])], "#d9d9d9")):
        if not group and colour is not None:
            continue
        figure.add_trace(go.Scatter(
            x=[label(c, lang) for _, c, _ in group], y=[label(r, lang) for r, _, _ in group],
            mode="markers+text", text=[number(v, lang) for _, _, v in group],
            customdata=[[pick((rows, r), (columns, c)), number(v, lang)] for r, c, v in group],
            # from 0 (not from the smallest shown count), so that a table of zeros stays pale;
            # a hidden cell (<3) has one grey of its own, outside the scale
            marker={"symbol": "square", "size": size, "showscale": False,
                    **({"color": [v for _, _, v in group], "colorscale": "Blues", "cmin": 0,
                        "cmax": top} if colour is None else {"color": colour})},
            textfont={"color": ["#ffffff" if colour is None and v > top / 2 else "#1a1a1a"
                                for _, _, v in group]},
            hovertemplate="%{y} · %{x}: %{customdata[1]}<extra></extra>", showlegend=False,
        ))
    # every row and column in the table's order, whichever trace draws its cells
    figure.update_xaxes(categoryorder="array",
                        categoryarray=[label(c, lang) for c in table.columns])
    figure.update_yaxes(categoryorder="array", categoryarray=[label(r, lang) for r in table.index])
    figure.update_xaxes(showgrid=False, zeroline=False, side="bottom")
    figure.update_yaxes(autorange="reversed", showgrid=False, zeroline=False)
    # a row per square and a little: the title and source lines take about 230 px
    return clickable(_layout(figure, title, source_line, height=230 + (size + 12) * len(table)))


def ranked_bars(frame: pd.DataFrame, label_column: str, lang: str, source_line: str,
                title: str) -> go.Figure:
    if frame.empty:
        return _empty(t("no_entries", lang), source_line)
    frame = ranked(frame, "entries", label_column)
    figure = _horizontal_bars([safe.plotly(names.display(label_column, v, lang))
                               for v in frame[label_column]],
                              list(frame["entries"]), lang, PALETTE[0])
    return _layout(figure, title, source_line, height=max(300, 120 + 26 * len(frame)))


def stage_funnel(entries: object, eligible: object, finalists: object, winners: object,
                 lang: str, source_line: str) -> go.Figure:
    """Received, eligible, finalist, winner as far as the viewer may know: a stage under embargo
    (None) is left out, a hidden count (<3) has no width and no percentage."""
    if entries == 0:
        return _empty(t("no_entries", lang), source_line)
    stages = [(s, v) for s, v in (("received", entries), ("eligible", eligible),
                                  ("finalist", finalists), ("winner", winners)) if v is not None]
    exact = not is_hidden(entries) and entries != SMALL
    text = [number(v, lang) if is_hidden(v) or v == SMALL or not exact
            else f"{number(v, lang)} ({percent(int(v) / int(entries), lang)})"
            for _, v in stages]
    if finalists is None or finalists == SMALL or not exact:
        title = t("funnel_title_screening", lang, eligible=number(eligible, lang),
                  entries=number(entries, lang))
    else:
        title = t("funnel_title", lang, finalists=number(finalists, lang),
                  entries=number(entries, lang), rate=percent(int(finalists) / int(entries), lang))
    colours = {"received": PALETTE[0], "eligible": PALETTE[4], "finalist": PALETTE[2],
               "winner": PALETTE[1]}
    figure = go.Figure(go.Funnel(
        y=[label(s, lang) for s, _ in stages],
        # "received" is every entry here: a click on it would keep only those not yet screened
        customdata=[pick(("stage", s)) if s != "received" else "" for s, _ in stages],
        x=[0 if v == SMALL else lengths([v])[0] for _, v in stages], text=text,
        textinfo="text", hovertemplate="%{y}: %{text}<extra></extra>",
        textposition=["outside" if v == SMALL or is_hidden(v) or v == 0 else "inside"
                      for _, v in stages],
        marker={"color": [colours[s] for s, _ in stages]},
    ))
    return clickable(_layout(figure, title, source_line))


def conversion_rates(frame: pd.DataFrame, dimension: str, lang: str, source_line: str,
                     embargoed: frozenset[str] = frozenset()) -> go.Figure:
    """Eligible, finalist and winner rates per group, each bar labelled with its counts; a hidden
    count shows as <3 with no bar, and a result under embargo (`embargoed`) is left out."""
    groups = frame[frame["dimension"] == dimension].sort_values("entries", ascending=False)
    groups = ranked(groups, "entries", "group")
    if groups.empty:
        return _empty(t("no_entries", lang), source_line)
    names = [label(g, lang) + (" ⚠" if is_hidden(n) or n < 10 else "")
             for g, n in zip(groups["group"], groups["entries"], strict=True)]
    measures = [m for m in (("eligible", "eligible_rate", PALETTE[4]),
                            ("finalists", "finalist_rate", PALETTE[2]),
                            ("winners", "winner_rate", PALETTE[1])) if m[0] not in embargoed]
    figure = go.Figure()
    for column, key, colour in measures:
        hidden = groups[column].isna() | groups["entries"].isna()
        rates = [None if h else int(c) / int(n) if int(n) else None
                 for c, n, h in zip(groups[column], groups["entries"], hidden, strict=True)]
        figure.add_trace(go.Bar(
            name=t(key, lang), y=names[::-1], x=rates[::-1], orientation="h",
            marker_color=colour,
            text=[t("rate_text", lang, count=number(c, lang), total=number(n, lang))
                  for c, n in zip(groups[column], groups["entries"], strict=True)][::-1],
            textposition=["outside" if r is None or r == 0 else "auto" for r in rates[::-1]],
            textangle=0, hovertemplate="%{y}: %{x:.0%} (%{text})<extra></extra>",
            customdata=[pick((dimension, g)) for g in groups["group"]][::-1],
        ))
    rate_column = "eligible" if "finalists" in embargoed else "finalists"
    candidates = groups[~groups[rate_column].isna() & ~groups["entries"].isna()
                        & (groups["entries"].fillna(0) > 0)]
    if candidates.empty:
        title = t("few_entries_title", lang)
    else:
        best = candidates.assign(
            rate=lambda g: g[rate_column].astype(float) / g["entries"].astype(float)
        ).sort_values(["rate", "entries"], ascending=False).iloc[0]
        key = "conversion_title" if rate_column == "finalists" else "eligible_rate_title"
        title = t(key, lang, dimension=t(f"dimension_{dimension}", lang),
                  top=i18n.label(best["group"], lang), rate=percent(best["rate"], lang))
    figure.update_layout(barmode="group")
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    return clickable(_layout(figure, title, source_line, height=160 + 70 * len(groups),
                             legend=True, wide=True))


def region_stage_flow(frame: pd.DataFrame, lang: str, source_line: str,
                      total: object = None) -> go.Figure:
    """Sankey from region to the stage reached; hidden flows (<3) are not drawn. `total`: the
    view's entries, for the title when some flows are hidden."""
    if frame.empty or (frame["entries"].fillna(1).sum() == 0):
        return _empty(t("no_entries", lang), source_line)
    flows = frame[~frame["entries"].isna() & (frame["entries"].fillna(0) > 0)]
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
              "value": lengths(flows["entries"]), "color": "rgba(0,114,178,0.25)"},
    ))
    return _layout(figure, t("flow_title", lang, entries=number(_total(frame, total), lang)),
                   source_line, height=460)


def editions_side_by_side(summary: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """Entries, countries, cities and finalists, one group per measure, one bar per edition;
    a hidden count (<3, or finalists under embargo) has no bar."""
    if summary.empty:
        return _empty(t("no_entries", lang), source_line)
    summary = summary.sort_values("edition")
    last = summary.iloc[-1]
    if len(summary) > 1 and not is_hidden(last["entries"]) and not is_hidden(
            summary.iloc[-2]["entries"]):
        previous = summary.iloc[-2]
        title = t("trend_title", lang, year=int(last["year"]),
                  entries=number(last["entries"], lang),
                  countries=number(int(last["countries"]), lang),
                  change=signed(int(last["entries"] - previous["entries"]), lang),
                  previous=int(previous["year"]))
    else:
        title = t("trend_title_single", lang, year=int(last["year"]),
                  entries=number(last["entries"], lang),
                  countries=number(int(last["countries"]), lang))
    measures = ("entries", "countries", "cities", "finalists")
    figure = go.Figure()
    for i, row in enumerate(summary.itertuples(index=False)):
        values = [getattr(row, m) for m in measures]
        figure.add_trace(go.Bar(
            name=str(row.year), x=[t(m, lang) for m in measures], y=lengths(values),
            marker_color=PALETTE[i % len(PALETTE)], text=[number(v, lang) for v in values],
            textposition="outside",
            hovertemplate=f"{row.year} · %{{x}}: %{{text}}<extra></extra>",
        ))
    figure.update_layout(barmode="group")
    return _layout(figure, title, source_line, height=420, legend=True, wide=True)


def region_shares(frame: pd.DataFrame, lang: str, source_line: str) -> go.Figure:
    """Stacked 100 % bars: each edition's entries split by the six regions; a hidden share (of a
    count under 3) has no bar and reads <3."""
    if frame.empty or frame["entries"].fillna(1).sum() == 0:
        return _empty(t("no_entries", lang), source_line)
    years = sorted(frame["year"].unique())
    totals = frame.groupby("region6")["entries"].sum().sort_values(ascending=False)
    figure = go.Figure()
    for i, region in enumerate(totals.index):
        rows = frame[frame["region6"] == region].sort_values("year")
        figure.add_trace(go.Bar(
            name=label(region, lang), x=[str(y) for y in rows["year"]],
            y=[None if is_hidden(v) else float(v) for v in rows["share"]],
            customdata=[SMALL if is_hidden(v) else percent(v, lang) for v in rows["share"]],
            marker_color=PALETTE[i % len(PALETTE)],
            text=[SMALL if is_hidden(v) else percent(v, lang) if v >= 0.04 else ""
                  for v in rows["share"]],
            textposition="inside", hovertemplate=f"{label(region, lang)} · %{{x}}: "
                                                 "%{customdata}<extra></extra>",
        ))
    top = totals.index[0]
    first = frame[(frame["region6"] == top) & (frame["year"] == years[0])]["share"].iloc[0]
    last = frame[(frame["region6"] == top) & (frame["year"] == years[-1])]["share"].iloc[0]
    if is_hidden(first) or is_hidden(last):
        title = t("few_entries_title", lang)
    else:
        title = t("region_share_title", lang, region=i18n.label(top, lang),
                  first=percent(first, lang), first_year=years[0], last=percent(last, lang),
                  last_year=years[-1])
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
    """Entries from WeGO member cities and from others, per edition; a hidden count has no bar."""
    if frame.empty:
        return _empty(t("no_entries", lang), source_line)
    figure = go.Figure()
    for i, membership in enumerate(("member", "non_member", "unknown")):
        rows = frame[frame["membership"] == membership].sort_values("year")
        if rows.empty:
            continue
        figure.add_trace(go.Bar(
            name=label(membership, lang), x=[str(y) for y in rows["year"]],
            y=lengths(rows["entries"]), marker_color=PALETTE[i],
            text=[number(v, lang) for v in rows["entries"]], textposition="inside",
            hovertemplate="%{x}: %{text}<extra></extra>",
        ))
    latest = frame[frame["year"] == frame["year"].max()]
    if latest["entries"].isna().any():  # a share of a hidden count would give it away
        title = t("members_title_plain", lang, year=int(latest["year"].iloc[0]))
    else:
        share = (latest.loc[latest["membership"] == "member", "entries"].sum()
                 / latest["entries"].sum())
        title = t("members_title", lang, year=int(latest["year"].iloc[0]),
                  share=percent(share, lang))
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
    from prizestats.words.i18n import weekday_day

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
