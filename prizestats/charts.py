"""Pure chart builders: DataFrame -> plotly Figure. No Streamlit here.

Every figure has a title that states its finding and a source + as-of line inside the figure,
so the statement travels with an exported image.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import plotly.graph_objects as go

from prizestats.i18n import label, number, t

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


def _layout(figure: go.Figure, title: str, source_line: str, height: int = 400) -> go.Figure:
    title_lines = wrap(title).count("<br>") + 1
    source_lines = wrap(source_line, 50).count("<br>") + 1
    figure.update_layout(
        title={"text": wrap(title), "x": 0, "xanchor": "left", "font": {"size": 15}},
        font={"family": FONT_FAMILY, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 30 + 22 * title_lines, "b": 50 + 14 * source_lines},
        showlegend=False,
        annotations=[{
            "text": wrap(source_line, 50), "xref": "paper", "yref": "paper", "x": 0,
            "y": 0, "yshift": -45, "xanchor": "left", "yanchor": "top", "showarrow": False,
            "align": "left", "font": {"size": 10, "color": "#555555"},
        }],
    )
    return figure


def _horizontal_bars(labels: list[str], values: list[int], lang: str,
                     colours: list[str] | str) -> go.Figure:
    """Bars listed top to bottom in the order given; long labels stay readable on a phone."""
    figure = go.Figure(go.Bar(
        x=values[::-1], y=labels[::-1], orientation="h",
        marker_color=colours[::-1] if isinstance(colours, list) else colours,
        text=[number(v, lang) for v in values[::-1]], textposition="auto",
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
