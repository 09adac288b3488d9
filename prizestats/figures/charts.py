"""Pure chart builders: DataFrame -> plotly Figure. No Streamlit here.

Every figure has a title that states its finding and a source + as-of line inside the figure,
so the statement travels with an exported image.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from prizestats.core import safe
from prizestats.core.disclosure import SMALL, is_hidden
from prizestats.figures import statements
from prizestats.figures.chart_style import (  # noqa: F401 (callers use charts.X)
    DIMMED,
    FONT_FAMILY,
    PALETTE,
    SOURCE_LINE,
    SOURCE_LINE_WIDTH,
    SourceLine,
    base_layout,
    clickable,
    count_axis,
    count_colorbar,
    display_width,
    empty_figure,
    finding,
    highlighted,
    horizontal_bars,
    is_clickable,
    label,
    largest,
    lengths,
    rank_key,
    ranked,
    region_pick,
    shown_total,
    source_line_parts,
    source_line_width,
    with_source_line,
    wrap,
)
from prizestats.figures.picks import pick
from prizestats.words import i18n, names
from prizestats.words.i18n import change, number, percent, t


def lead(frame: pd.DataFrame, value: str, name: str) -> tuple[list, int] | None:
    """The rows that lead on `value` (statements.leaders: ties included, none at 0 or when
    every count is hidden), by their `name`, in the order of the frame."""
    return statements.leaders(dict(zip(frame[name], frame[value], strict=True)))


def lead_title(key: str, lang: str, top: tuple[list, int], names: list[str],
               **values: object) -> str:
    """The message `key` for one leader, `key`_tie for several ("Asia and Europe ... 29 each"):
    `names` are the leaders as words, `top` what lead() found."""
    several = len(top[0]) > 1
    return t(f"{key}_tie" if several else key, lang, top=names if several else names[0],
             count=number(top[1], lang), **values)


def entries_by_region(frame: pd.DataFrame, lang: str, source_line: str,
                      total: object = None) -> go.Figure:
    """Horizontal bars, largest region on top: seven regions (entries_by_region) or six
    (entries_by_region6), as the frame holds them. `total`: the view's entries, for the title
    when some counts are hidden."""
    regions = ranked(frame, "entries", "region")
    if regions["entries"].fillna(1).sum() == 0:
        return empty_figure(t("no_entries", lang), source_line)
    top = lead(regions, "entries", "region")
    title = t("few_entries_title", lang) if top is None else lead_title(
        "by_region_title", lang, top, [i18n.label(r, lang) for r in top[0]],
        total=number(shown_total(regions, total), lang))
    figure = horizontal_bars([label(r, lang) for r in regions["region"]],
                              list(regions["entries"]), lang, PALETTE[0],
                              [region_pick(r) for r in regions["region"]])
    return base_layout(figure, title, source_line)


def entries_by_category(frame: pd.DataFrame, lang: str, source_line: str,
                        total: object = None) -> go.Figure:
    if frame["entries"].fillna(1).sum() == 0:
        return empty_figure(t("no_entries", lang), source_line)
    top = lead(frame, "entries", "category")
    title = t("few_entries_title", lang) if top is None else lead_title(
        "by_category_title", lang, top, [i18n.label(c, lang) for c in top[0]],
        total=number(shown_total(frame, total), lang))
    figure = horizontal_bars([label(c, lang) for c in frame["category"]],
                              list(frame["entries"]), lang, list(PALETTE[: len(frame)]),
                              [pick(("category", c)) for c in frame["category"]])
    return base_layout(figure, title, source_line)


# The stage chart's bars: each stage by the entries that reached it (the funnel's counts), and
# the stage filter a click on it sets, which also means "reached" (queries/_macros.sql,
# filtered_entries). Every entry is an entry: its bar sets nothing.
REACHED = (("entries", None), ("eligible", "eligible"), ("finalists", "finalist"),
           ("winners", "winner"))


def entries_by_stage(frame: pd.DataFrame, lang: str, source_line: str,
                     result: dict | None = None, not_yet: frozenset[str] = frozenset(),
                     provisional: frozenset[str] = frozenset()) -> go.Figure:
    """Entries, eligible, finalists and winners: each bar counts the entries that reached its
    stage, as the title does (one count per chart: an eligible entry that became a finalist is
    in both bars). `frame`: entries_by_stage (each entry once, by its stage as of T), whose sums
    give the counts when `result` is not given; `result`: the view's figures (press.figures),
    whose totals hold where a stage's count is hidden (<3). A stage under embargo (None) has no
    bar, and the title says why; so does a stage not reached yet (`not_yet`: never a 0)."""
    counts = dict(zip(frame["stage"], frame["entries"], strict=True))
    if "entries" in not_yet:
        return empty_figure(t("call_not_open_chart", lang), source_line)
    if sum(lengths(counts.values())) == 0 and not frame["entries"].isna().any():
        return empty_figure(t("no_entries", lang), source_line)
    if result is None:
        shown = lengths(counts.values())
        result = {"entries": sum(shown),
                  "eligible": sum(lengths(counts.get(s, 0) for s in
                                          ("eligible", "finalist", "winner"))),
                  "finalists": sum(lengths(counts.get(s, 0) for s in ("finalist", "winner"))),
                  "winners": counts.get("winner", 0)}
    result = {**result, **dict.fromkeys(not_yet & {"eligible", "finalists", "winners"})}
    values = {k: number(result[k], lang) for k in ("entries", "eligible")}
    if "eligible" in not_yet:
        title = t("by_stage_title_unscreened", lang, total=values["entries"])
    elif "eligible" in provisional:  # screening under way: a count so far, not a result
        title = t("screening_under_way_title", lang, eligible=values["eligible"],
                  total=values["entries"])
    elif "finalists" in not_yet:
        title = t("by_stage_title_screened_only", lang, eligible=values["eligible"],
                  total=values["entries"])
    elif "winners" in not_yet and result["finalists"] is not None:
        title = t("by_stage_title_finalists_only", lang, eligible=values["eligible"],
                  total=values["entries"], finalists=number(result["finalists"], lang))
    elif result["finalists"] is None:  # under embargo: say what is known
        title = t("by_stage_title_screening", lang, eligible=values["eligible"],
                  total=values["entries"])
    elif result["winners"] is None:
        title = t("by_stage_title_finalists", lang, eligible=values["eligible"],
                  total=values["entries"], finalists=number(result["finalists"], lang))
    else:
        title = t("by_stage_title", lang, eligible=values["eligible"], total=values["entries"],
                  finalists=number(result["finalists"], lang),
                  winners=number(result["winners"], lang))
    bars = [(metric, stage) for metric, stage in REACHED if result[metric] is not None]
    figure = horizontal_bars([t(metric, lang) for metric, _ in bars],
                              [pd.NA if result[m] == SMALL else result[m] for m, _ in bars],
                              lang, PALETTE[2],
                              ["" if s is None else pick(("stage", s)) for _, s in bars])
    return base_layout(figure, title, source_line)


def _geo_layout(figure: go.Figure, fit: bool = False) -> go.Figure:
    """The world, without Antarctica; `fit`: zoomed to the places drawn (a filtered region)."""
    figure.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False,
                       showcountries=True, countrycolor="#bbbbbb", showland=True,
                       landcolor="#eeeeee",
                       **({"fitbounds": "locations"} if fit else {"lataxis_range": [-58, 85]}))
    return figure


def entries_by_country(frame: pd.DataFrame, lang: str, source_line: str,
                       fit: bool = False) -> go.Figure:
    """A world choropleth keyed by ISO-3 (the outlines come from static/world_110m.json).
    Countries whose count is hidden share one grey and read <3. `fit`: zoomed to the countries
    drawn (the view is narrowed to a region)."""
    if frame.empty:
        return empty_figure(t("no_entries", lang), source_line)
    names_column = "name_ko" if lang == "ko" else "name_en"
    top = lead(frame, "entries", "iso3")
    country_names = dict(zip(frame["iso3"], frame[names_column], strict=True))
    title = t("few_entries_title", lang) if top is None else lead_title(
        "map_title", lang, top, [country_names[c] for c in top[0]],
        countries=number(len(frame), lang))
    hidden = frame["entries"].isna()
    shown = frame[~hidden]
    counts = lengths(shown["entries"])
    scale = count_colorbar(counts)
    figure = go.Figure(go.Choropleth(
        locations=shown["iso3"], locationmode="ISO-3", z=counts,
        text=[safe.plotly(n) for n in shown[names_column]],
        customdata=[pick(("country", c)) for c in shown["iso3"]],
        colorscale="Blues", marker_line_color="#ffffff", marker_line_width=0.5,
        zmin=scale["zmin"], zmax=scale["zmax"],
        colorbar={"title": {"text": t("entries", lang)}, "thickness": 12, **scale["colorbar"]},
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
    return clickable(base_layout(_geo_layout(figure, fit), title, source_line, height=460,
                                 wide=True))


def entries_by_city(frame: pd.DataFrame, lang: str, source_line: str,
                    fit: bool = False) -> go.Figure:
    """Bubbles sized by entries; cities without coordinates are listed by the page instead.
    A city whose count is hidden gets the bubble of a tie between 3 and 0. `fit`: zoomed to
    the cities drawn."""
    if frame.empty:
        return empty_figure(t("no_entries", lang), source_line)
    # by row: two countries may have a city of the same name
    top = statements.leaders(dict(enumerate(frame["entries"])))
    title = t("few_entries_title", lang) if top is None else lead_title(
        "city_map_title", lang, top, [names.city_name(frame["city"].iloc[i], lang)
                                      for i in top[0]], cities=number(len(frame), lang))
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
    return clickable(base_layout(_geo_layout(figure, fit), title, source_line, height=460))


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
    return clickable(base_layout(figure, title, source_line, height=230 + (size + 12) * len(table)))


def ranked_bars(frame: pd.DataFrame, label_column: str, lang: str, source_line: str,
                title: str) -> go.Figure:
    if frame.empty:
        return empty_figure(t("no_entries", lang), source_line)
    frame = ranked(frame, "entries", label_column)
    figure = horizontal_bars([safe.plotly(names.display(label_column, v, lang))
                               for v in frame[label_column]],
                              list(frame["entries"]), lang, PALETTE[0])
    return base_layout(figure, title, source_line, height=max(300, 120 + 26 * len(frame)))


NARROW_SHARE = 1 / 3  # a funnel bar narrower than this share of the first: its label outside
NARROW_RATE = 0.25  # a rate bar shorter than this (of an axis from 0 to 100%): its label outside


def stage_funnel(entries: object, eligible: object, finalists: object, winners: object,
                 lang: str, source_line: str, not_yet: frozenset[str] = frozenset(),
                 provisional: frozenset[str] = frozenset()) -> go.Figure:
    """Received, eligible, finalist, winner as far as the viewer may know: a stage under embargo
    (None) is left out, a hidden count (<3) has no width and no percentage."""
    if entries == 0:
        return empty_figure(t("no_entries", lang), source_line)
    # a stage not reached yet (`not_yet`) is left out like one under embargo: never a 0
    eligible, finalists, winners = (None if m in not_yet else v for m, v in (
        ("eligible", eligible), ("finalists", finalists), ("winners", winners)))
    stages = [(s, v) for s, v in (("received", entries), ("eligible", eligible),
                                  ("finalist", finalists), ("winner", winners)) if v is not None]
    exact = not is_hidden(entries) and entries != SMALL
    text = [number(v, lang) if is_hidden(v) or v == SMALL or not exact
            else f"{number(v, lang)} ({percent(int(v) / int(entries), lang)})"
            for _, v in stages]
    if eligible is None:
        title = t("funnel_title_unscreened", lang, entries=number(entries, lang))
    elif "eligible" in provisional:  # screening under way: a count so far, not a result
        title = t("screening_under_way_title", lang, eligible=number(eligible, lang),
                  total=number(entries, lang))
    elif finalists is None or finalists == SMALL or not exact:
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
        # a label inside a bar under a third of the widest runs over its edges ("21 (9.5%)")
        textposition=["outside" if v == SMALL or is_hidden(v) or v == 0
                      or not exact or int(v) < NARROW_SHARE * int(entries) else "inside"
                      for _, v in stages],
        marker={"color": [colours[s] for s, _ in stages]},
    ))
    return clickable(base_layout(figure, title, source_line))


def conversion_rates(frame: pd.DataFrame, dimension: str, lang: str, source_line: str,
                     embargoed: frozenset[str] = frozenset(),
                     not_yet: frozenset[str] = frozenset(),
                     provisional: frozenset[str] = frozenset()) -> go.Figure:
    """Eligible, finalist and winner rates per group, each bar labelled with its counts; a hidden
    count shows as <3 with no bar, and a result under embargo (`embargoed`) is left out."""
    groups = frame[frame["dimension"] == dimension].sort_values("entries", ascending=False)
    groups = ranked(groups, "entries", "group")
    if groups.empty:
        return empty_figure(t("no_entries", lang), source_line)
    if "eligible" in not_yet:  # no rate of a stage not reached: never a row of 0 %
        return empty_figure(t("rates_not_yet", lang), source_line)
    if "eligible" in provisional:  # the unscreened are in every base: no rate ranks yet
        return empty_figure(t("rates_screening_under_way", lang), source_line)
    embargoed = embargoed | not_yet
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
            # a bar under a quarter of the axis cannot hold "10 of 66" on a phone: beside it
            textposition=["outside" if r is None or r < NARROW_RATE else "auto"
                          for r in rates[::-1]],
            textangle=0, hovertemplate="%{y}: %{x:.0%} (%{text})<extra></extra>",
            customdata=[pick((dimension, g)) for g in groups["group"]][::-1],
        ))
    rate_column = "eligible" if "finalists" in embargoed else "finalists"
    key = "conversion" if rate_column == "finalists" else "eligible_rate"
    title = rate_title(groups, rate_column, key, t(f"dimension_{dimension}", lang), lang)
    figure.update_layout(barmode="group")
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    return clickable(base_layout(figure, title, source_line, height=160 + 70 * len(groups),
                             legend=True, wide=True))


def rate_title(groups: pd.DataFrame, column: str, key: str, dimension: str, lang: str) -> str:
    """The finding of a chart of rates (`column` of "entries" per group), or what it shows: the
    highest rate among groups of at least statements.MIN_RATE_BASE entries, ties named (the
    message `key`_title, `key`_title_tie); "too few entries to compare" (`key`_few) when no
    group is that large; the chart's name alone (`key`_plain) when the highest is 0, or when a
    count hidden from the viewer (<3) might be as high. A smaller group keeps its bar (⚠) but
    never leads a title."""
    rates = pd.DataFrame({
        "group": list(groups["group"]), "entries": list(groups["entries"]),
        "rate": [None if is_hidden(c) or is_hidden(n) or not int(n) else int(c) / int(n)
                 for c, n in zip(groups[column], groups["entries"], strict=True)]})
    large = rates[[not is_hidden(n) and n >= statements.MIN_RATE_BASE for n in rates["entries"]]]
    if large.empty:
        return t(f"{key}_few", lang, dimension=dimension)
    top = statements.rate_leaders(rates, "group", "rate", "entries")
    # a hidden count is 1 or 2: a rate of up to 2 in its group's entries
    hidden_up_to = max((2 / int(n) for n, r in zip(large["entries"], large["rate"], strict=True)
                        if pd.isna(r)), default=0)
    if top is None or hidden_up_to >= top[1]:
        return t(f"{key}_plain", lang, dimension=dimension)
    names = [i18n.label(g, lang) for g in top[0]]
    several = len(names) > 1
    return t(f"{key}_title_tie" if several else f"{key}_title", lang, dimension=dimension,
             top=names if several else names[0], rate=percent(top[1], lang))


def region_stage_flow(frame: pd.DataFrame, lang: str, source_line: str,
                      total: object = None) -> go.Figure:
    """Sankey from region to the stage reached; hidden flows (<3) are not drawn. `total`: the
    view's entries, for the title when some flows are hidden."""
    if frame.empty or (frame["entries"].fillna(1).sum() == 0):
        return empty_figure(t("no_entries", lang), source_line)
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
              "value": lengths(flows["entries"]), "color": "rgba(0,114,178,0.15)"},
        # the labels stand over the flows: pale flows, labels in bold at the page's text size
        # (the theme's colour, light or dark), so that they read at a 4.5:1 contrast
        textfont={"size": 14, "weight": 600},
    ))
    return base_layout(figure, t("flow_title", lang, entries=number(shown_total(frame, total), lang)),
                   source_line, height=460)


def editions_side_by_side(summary: pd.DataFrame, lang: str, source_line: str,
                          open_edition: int | None = None) -> go.Figure:
    """Entries, countries, cities and finalists, one group per measure, one bar per edition;
    a hidden count (<3, or finalists under embargo) has no bar. An edition whose call is still
    open (`open_edition`) is partial: its legend says so and the title sets it against no
    finished edition (like with like)."""
    if summary.empty:
        return empty_figure(t("no_entries", lang), source_line)
    summary = summary.sort_values("edition")
    last = summary.iloc[-1]
    if open_edition is not None and int(last["edition"]) == open_edition:
        title = t("trend_title_open", lang, year=int(last["year"]),
                  entries=number(last["entries"], lang),
                  countries=number(int(last["countries"]), lang))
    elif len(summary) > 1 and not is_hidden(last["entries"]) and not is_hidden(
            summary.iloc[-2]["entries"]):
        previous = summary.iloc[-2]
        title = t("trend_title", lang, year=int(last["year"]),
                  entries=number(last["entries"], lang),
                  countries=number(int(last["countries"]), lang),
                  change=change(int(last["entries"] - previous["entries"]),
                                int(previous["year"]), lang))
    else:
        title = t("trend_title_single", lang, year=int(last["year"]),
                  entries=number(last["entries"], lang),
                  countries=number(int(last["countries"]), lang))
    measures = ("entries", "countries", "cities", "finalists")
    figure = go.Figure()
    for i, row in enumerate(summary.itertuples(index=False)):
        values = [getattr(row, m) for m in measures]
        name = (t("year_so_far", lang, year=row.year) if row.edition == open_edition
                else str(row.year))
        figure.add_trace(go.Bar(
            name=name, x=[t(m, lang) for m in measures], y=lengths(values),
            marker_color=PALETTE[i % len(PALETTE)], text=[number(v, lang) for v in values],
            textposition="outside",
            hovertemplate=f"{row.year} · %{{x}}: %{{text}}<extra></extra>",
        ))
    figure.update_layout(barmode="group")
    figure.update_yaxes(**count_axis(largest(summary[list(measures)].to_numpy().ravel())))
    return base_layout(figure, title, source_line, height=420, legend=True, wide=True)


def _year_label(year: int, open_year: int | None, lang: str) -> str:
    """An edition's year on a trend chart; an open call's is partial: "2026 (so far)"."""
    return t("year_so_far", lang, year=year) if year == open_year else str(year)


def _so_far(title: str, last_year: int, open_year: int | None, lang: str) -> str:
    """A trend's finding whose latest edition is an open call says so: its counts are partial."""
    return t("title_so_far", lang, title=title, year=last_year) if last_year == open_year \
        else title


def region_shares(frame: pd.DataFrame, lang: str, source_line: str,
                  open_year: int | None = None) -> go.Figure:
    """Stacked 100 % bars: each edition's entries split by the six regions; a hidden share (of a
    count under 3) has no bar and reads <3. `open_year`: an edition whose call is open."""
    if frame.empty or frame["entries"].fillna(1).sum() == 0:
        return empty_figure(t("no_entries", lang), source_line)
    years = sorted(frame["year"].unique())
    totals = frame.groupby("region6")["entries"].sum().sort_values(ascending=False)
    figure = go.Figure()
    for i, region in enumerate(totals.index):
        rows = frame[frame["region6"] == region].sort_values("year")
        figure.add_trace(go.Bar(
            name=label(region, lang), x=[_year_label(y, open_year, lang) for y in rows["year"]],
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
    title = _so_far(title, int(years[-1]), open_year, lang)
    figure.update_layout(barmode="stack")
    figure.update_yaxes(tickformat=".0%", range=[0, 1])
    return base_layout(figure, title, source_line, height=440, legend=True)


def new_vs_returning(frame: pd.DataFrame, lang: str, source_line: str,
                     open_year: int | None = None) -> go.Figure:
    """New and returning countries and cities per edition (stacked)."""
    if frame.empty:
        return empty_figure(t("no_entries", lang), source_line)
    frame = frame.sort_values(["kind", "edition"])
    x = [[label(k, lang) for k in frame["kind"]],
         [_year_label(y, open_year, lang) for y in frame["year"]]]
    figure = go.Figure()
    for column, colour in (("returning", PALETTE[0]), ("new", PALETTE[1])):
        figure.add_trace(go.Bar(name=t(column, lang), x=x, y=frame[column],
                                marker_color=colour, text=frame[column], textposition="inside"))
    countries = frame[frame["kind"] == "country"].sort_values("edition").iloc[-1]
    title = t("new_returning_title", lang, year=int(countries["year"]),
              new=number(int(countries["new"]), lang),
              returning=number(int(countries["returning"]), lang))
    title = _so_far(title, int(countries["year"]), open_year, lang)
    figure.update_layout(barmode="stack")
    figure.update_yaxes(**count_axis(largest(frame["returning"] + frame["new"])))
    return base_layout(figure, title, source_line, height=420, legend=True)


def wego_members(frame: pd.DataFrame, lang: str, source_line: str,
                 open_year: int | None = None) -> go.Figure:
    """Entries from WeGO member cities and from others, per edition; a hidden count has no bar."""
    if frame.empty:
        return empty_figure(t("no_entries", lang), source_line)
    figure = go.Figure()
    for i, membership in enumerate(("member", "non_member", "unknown")):
        rows = frame[frame["membership"] == membership].sort_values("year")
        if rows.empty:
            continue
        figure.add_trace(go.Bar(
            name=label(membership, lang),
            x=[_year_label(y, open_year, lang) for y in rows["year"]],
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
    title = _so_far(title, int(latest["year"].iloc[0]), open_year, lang)
    figure.update_layout(barmode="stack")
    figure.update_yaxes(**count_axis(largest(frame.groupby("year")["entries"].sum())))
    return base_layout(figure, title, source_line, height=420, legend=True, wide=True)


# Event labels stacked at these offsets (pixels above the point, or fractions of the plot's
# height from its top) in turn, so that labels of events close together do not overlap.
EVENT_OFFSETS = (-34, -58, -82)
EVENT_HEIGHTS = (0.99, 0.89, 0.79)
EVENT_COLOUR = "#555555"


def event_name(mark: object) -> str:
    """An event's annotation and shape are named after it (tests and exports find them)."""
    return f"event {mark.event_id}"


def intake_curve(curve: pd.DataFrame, edition: int, days_now: int, title: str, lang: str,
                 source_line: str, marks: tuple = ()) -> go.Figure:
    """Running totals by days before the deadline, one line per edition, the deadline at 0.
    `marks` (signals.curve_marks): events, each on its edition's curve with a short label."""
    if curve.empty:
        return empty_figure(t("no_entries", lang), source_line)
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
    for i, mark in enumerate(sorted(marks, key=lambda m: (m.x, m.event_id))):
        figure.add_annotation(
            name=event_name(mark), x=mark.x, y=mark.y, text=safe.plotly(mark.label),
            hovertext=safe.plotly(f"{mark.year} · {mark.text}"), showarrow=True, arrowhead=2,
            arrowcolor=EVENT_COLOUR, ax=0, ay=EVENT_OFFSETS[i % len(EVENT_OFFSETS)],
            font={"size": 11, "color": EVENT_COLOUR}, bgcolor="rgba(255,255,255,0.85)")
    figure.update_xaxes(autorange="reversed", title=t("days_to_deadline", lang))
    figure.update_yaxes(title=t("entries", lang), **count_axis(largest(curve["cumulative"])))
    return base_layout(figure, title, source_line, height=440, legend=True, wide=True)


def daily_arrivals(daily: pd.DataFrame, lang: str, source_line: str, title: str,
                   marks: tuple = ()) -> go.Figure:
    """A bar per day on a date axis, weekends in their own colour, the weekday in the hover.
    `marks` (signals.day_marks): events, a dotted line at their day with a short label."""
    if daily.empty:
        return empty_figure(t("no_entries", lang), source_line)
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
    for i, mark in enumerate(sorted(marks, key=lambda m: (m.x, m.event_id))):
        day = mark.x.isoformat()
        figure.add_shape(name=event_name(mark), type="line", x0=day, x1=day, xref="x",
                         y0=0, y1=1, yref="paper",
                         line={"dash": "dot", "color": EVENT_COLOUR, "width": 1})
        figure.add_annotation(
            name=event_name(mark), x=day, xref="x", y=EVENT_HEIGHTS[i % len(EVENT_HEIGHTS)],
            yref="paper", yanchor="top", xanchor="left", showarrow=False,
            text=safe.plotly(mark.label), hovertext=safe.plotly(mark.text),
            font={"size": 11, "color": EVENT_COLOUR}, bgcolor="rgba(255,255,255,0.85)")
    figure.update_xaxes(type="date", tickformat="%m-%d" if lang == "ko" else "%d %b")
    figure.update_yaxes(title=t("entries", lang), **count_axis(largest(per_day["entries"])))
    return base_layout(figure, title, source_line, height=360, legend=True, wide=True)
