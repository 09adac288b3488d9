"""What every chart shares: palette and font, titles that wrap, the source line inside the figure,
ranks of hidden counts, clickable marks. Pure: no Streamlit, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache

import pandas as pd
import plotly.graph_objects as go

from prizestats.core import reference, safe
from prizestats.core.disclosure import HIDDEN_RANK, SMALL, is_hidden
from prizestats.figures.picks import CLICKABLE, parse, pick
from prizestats.words import i18n
from prizestats.words.i18n import number, t

# Colour-blind-safe (Okabe-Ito), in a fixed order so a category keeps its colour everywhere.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
# Noto Sans CJK (Debian fonts-noto-cjk) draws Korean in browsers; exported images and the report
# use export.PAPER_FONT (TrueType, which chromium embeds in a PDF as it is).
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


# The end of a phrase, where a line breaks best: a word ending in a full stop, comma, colon,
# semicolon or dash, or a separator standing alone (the source line's " · "); in Korean as in
# English.
PHRASE_END = re.compile(r"[.,:;\u2013\u2014]$|^[\u00b7|]$")


def _line_width(words: list[str]) -> int:
    return sum(display_width(w) for w in words) + len(words) - 1


def wrap(text: str, width: int = 36) -> str:
    """Break a long line at spaces with <br>: plotly titles and annotations do not wrap. Lines
    are filled up to `width` letters (a Korean syllable counts two), broken between words (in
    Korean between eojeol, its spaced word units, never inside one), and where a phrase ends
    (PHRASE_END) rather than inside the phrase when that leaves the line at least half full.
    A name of several words stays on one line."""
    kept = _names_of_several_words().sub(lambda m: m.group().replace(" ", "\u00a0"), text)
    lines: list[list[str]] = []
    for word in kept.split(" "):
        if lines and _line_width([*lines[-1], word]) <= width:
            lines[-1].append(word)
            continue
        if lines:
            line = lines[-1]
            ends = [i + 1 for i, w in enumerate(line[:-1]) if PHRASE_END.search(w)]
            if ends and _line_width(line[:ends[-1]]) * 2 >= width \
                    and _line_width([*line[ends[-1]:], word]) <= width:
                lines[-1], carried = line[:ends[-1]], line[ends[-1]:]
                lines.append([*carried, word])
                continue
        lines.append([word])
    return "<br>".join(" ".join(line) for line in lines).replace("\u00a0", " ")


class SourceLine(str):
    """A page's source line: its as-of moves with the clock (to the minute), the rest of a chart
    does not, so a figure is kept without it and takes each new line in (views.figure)."""


# Charts are drawn no narrower than a phone's screen (390 px less the page's margins: about
# 350 px), a page-wide chart included: its title and source line wrap to fit that.
TITLE_WIDTH = {False: 36, True: 40}  # letters of a 15 px title: a chart of a row / page-wide
SOURCE_LINE_WIDTH = {False: 40, True: 44}  # letters of the 10 px source line
SOURCE_LINE = "source line, width "  # the name of the annotation that holds it, + its width


def source_line_parts(source_line: str, width: int, size: float = 10,
                      wrapped: Callable[[str, int], str] | None = None) -> tuple[int, dict]:
    """The bottom margin a source line needs and its annotation, wrapped to `width` letters
    (by `wrapped`, else wrap) and set in `size` px."""
    source_text = (wrapped or wrap)(safe.plotly(source_line), width)
    return 72 + round(1.4 * size) * (source_text.count("<br>") + 1), {
        "text": source_text, "xref": "paper", "yref": "paper", "x": 0,
        "y": 0, "yshift": -62, "xanchor": "left", "yanchor": "top", "showarrow": False,
        "align": "left", "font": {"size": size},  # the theme's text colour, light or dark
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


TITLE_LINE = 22  # px: the room one line of a title takes


def base_layout(figure: go.Figure, title: str, source_line: str, height: int = 400,
            legend: bool = False, wide: bool = False) -> go.Figure:
    """Title (wrapped to the chart's width), source line, and room for a legend under the title.

    `wide` charts span the page; the others share a row with one or two more.
    """
    # Titles carry names from the data (a city, a technology): plotly would render their markup.
    title_text = wrap(safe.plotly(title), TITLE_WIDTH[wide])
    top = 30 + TITLE_LINE * (title_text.count("<br>") + 1) + (48 if legend else 0)
    figure.update_layout(
        title={"text": title_text, "x": 0, "xanchor": "left", "y": 1, "yanchor": "top",
               "yref": "container", "pad": {"t": 18, "l": 12}, "font": {"size": 15}},
        font={"family": FONT_FAMILY, "size": 13},
        height=height + (48 if legend else 0),
        margin={"l": 10, "r": 10, "t": top},
        showlegend=legend,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                "traceorder": "normal"},
        # labels in bars and funnels never shrink below a readable size (plotly would, to fit)
        uniformtext={"minsize": LABEL_MIN_SIZE, "mode": "show"},
    )
    with_source_line(figure, source_line, SOURCE_LINE_WIDTH[wide])
    # Room for long labels in exported images too (Streamlit's theme does this on screen).
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


LABEL_MIN_SIZE = 11  # px: the smallest a label inside a bar or funnel is drawn
# Up to this many, a count axis steps by 1 (plotly would step by 0.5 on a short range).
SHORT_COUNT_RANGE = 10


def count_axis(largest: int | None) -> dict:
    """What an axis of counts needs: whole numbers from 0; on a short range (the largest count
    up to SHORT_COUNT_RANGE) a tick at each whole number, not at halves. `largest`: the largest
    count drawn (None or hidden: none)."""
    axis = {"tickformat": ",d", "rangemode": "tozero"}
    if largest is None or largest <= SHORT_COUNT_RANGE:
        axis |= {"tick0": 0, "dtick": 1}
    return axis


def count_colorbar(values: list[int]) -> dict:
    """A colour scale of counts (a choropleth's): whole-number ticks, and a range that spans
    the counts, from 0 when they are all one value (not a sliver around it)."""
    low, high = (min(values), max(values)) if values else (0, 1)
    if low == high:
        low, high = 0, max(high, 1)
    scale = {"zmin": low, "zmax": high,
             "colorbar": {"tickformat": ",d"}}
    if high - low <= SHORT_COUNT_RANGE:
        scale["colorbar"] |= {"tick0": 0, "dtick": 1}
    return scale


def largest(values) -> int | None:
    """The largest readable count among `values` (None when none is)."""
    shown = [int(v) for v in values if not is_hidden(v) and v != SMALL]
    return max(shown, default=None)


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


DIMMED = 0.3  # the opacity of a mark not chosen, on a chart some of whose marks are


def _pick_of(data: object) -> dict[str, tuple[str, ...]]:
    """The filter values a mark stands for, from its customdata (its pick, or a list that
    starts with its pick)."""
    if not isinstance(data, str) and hasattr(data, "__len__"):
        data = data[0] if len(data) else None
    return parse(data)


def highlighted(figure: go.Figure, chosen: Mapping[str, tuple[str, ...]]) -> go.Figure:
    """A clickable chart drawn with the filters its own marks stand for left out (the page's
    other filters applied), so that every mark keeps its value: the marks whose values are
    all `chosen` ({filter: values}) are drawn in full, the others dimmed (DIMMED), and each
    stays clickable, a click adding its value to the chosen ones. Nothing is dimmed while
    none of the chart's own filters is chosen."""
    for trace in figure.data:
        if trace.customdata is None or not hasattr(trace, "marker"):
            continue
        picks = [_pick_of(data) for data in trace.customdata]
        own = {name for values in picks for name in values}
        if not any(chosen.get(name) for name in own):
            continue
        full = [bool(values) and all(v in chosen.get(name, ()) for name, vs in values.items()
                                     for v in vs) for values in picks]
        trace.marker.opacity = [1.0 if f else DIMMED for f in full]
        if trace.type in ("bar", "funnel") and trace.text is not None:
            # a dimmed bar's number beside it, in the text's own colour, not faded inside it
            given = trace.textposition
            places = list(given) if isinstance(given, list | tuple) else [given] * len(full)
            trace.textposition = [p if f else "outside" for p, f in zip(places, full,
                                                                        strict=True)]
            trace.cliponaxis = False
            if trace.type == "bar" and trace.orientation == "h" \
                    and figure.layout.xaxis.range is None:  # room for the longest one's number
                figure.update_xaxes(range=[0, 1.15 * max((x or 0 for x in trace.x), default=1)])
        if "selected" in trace._valid_props:
            # what plotly draws for a mark clicked before the page has run again (plotly.js
            # fails on a click among marks of several opacities unless told)
            trace.selected = {"marker": {"opacity": 1.0}}
            trace.unselected = {"marker": {"opacity": DIMMED}}
    return figure


def region_pick(region: str) -> str:
    """The six regions' Americas stands for both of the seven regions it joins."""
    if region == "Americas":
        return pick(("region", "North America"), ("region", "South America"))
    return pick(("region", region))


def horizontal_bars(labels: list[str], values: list, lang: str,
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
    figure.update_xaxes(title=t("entries", lang), **count_axis(largest(values)))
    return figure if picks is None else clickable(figure)


def empty_figure(title: str, source_line: str) -> go.Figure:
    return base_layout(go.Figure(), title, source_line)


def shown_total(frame: pd.DataFrame, total: object) -> object:
    """The sum of the counts, or the total given when some are hidden (their sum would not be)."""
    if frame["entries"].isna().any():
        return SMALL if total is None else total
    return int(frame["entries"].sum())
