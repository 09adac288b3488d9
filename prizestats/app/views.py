"""Layout pieces shared by the pages: KPI cards, a chart with its data table, reconciliation."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from _plotly_utils.utils import convert_to_base64

from prizestats.app import clicks, context, filters
from prizestats.app.context import PageContext
from prizestats.core import memo, safe, settings
from prizestats.core.disclosure import SMALL, is_hidden
from prizestats.core.scope import EVERYTHING, FILTER_PARAMS, View
from prizestats.figures import charts, export, flags, picks, press, revisions, share, statements, tables
from prizestats.outputs import bundle
from prizestats.words import i18n, names

KPIS = statements.HEADLINE  # the six cards, in the order every medium gives them
# Streamlit serves static/ at /app/static/: plotly.js reads the world outlines from there.
# No plotly modebar: the app has its own downloads, and the modebar's buttons fail axe checks.
PLOTLY_CONFIG = {"displaylogo": False, "displayModeBar": False, "topojsonURL": "/app/static/"}


def ordinal(ctx: PageContext) -> str:
    return i18n.ordinal(ctx.edition, ctx.lang)


def edition_name(ctx: PageContext) -> str:
    return i18n.edition_label(ctx.edition, ctx.year, ctx.lang)


def built_at(ctx: PageContext) -> str:
    from datetime import datetime

    stamp = ctx.dataset.get("built_at")
    return i18n.moment(datetime.fromisoformat(stamp), ctx.lang) if stamp else "?"


def filter_value(ctx: PageContext, country: bool, value: str) -> str:
    """A chosen filter value as words: a country's name, or a code's label."""
    return i18n.country_name(value, ctx.lang) if country else i18n.label(value, ctx.lang)


# Korean is broken between words (at spaces), never inside one: browsers break Hangul between
# any two syllables. A word longer than its whole line may still break rather than overflow.
KOREAN_TEXT_STYLE = ("<style>.stApp, .stApp * {word-break: keep-all !important;}"
                     ".stApp :is(p, li, h1, h2, h3, h4, h5, h6, label, td, th) "
                     "{overflow-wrap: anywhere;}</style>")


# On a phone (Streamlit stacks columns below 640 px): the six KPI cards two a row, as a grid of
# their columns, so the first chart shows on the first screen; the page title smaller; each card's
# "matches published" line left to the reconciliation table below.
PHONE_STYLE = ("<style>@media (max-width: 640px) {"
               ".st-key-kpi_cards {display: grid !important; "
               "grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5rem 0.75rem;}"
               ".st-key-kpi_cards > *, .st-key-kpi_cards [data-testid=stHorizontalBlock] "
               "{display: contents !important;}"
               ".st-key-kpi_cards [data-testid=stColumn] {width: auto !important; "
               "min-width: 0 !important;}"
               ".st-key-kpi_cards [data-testid=stMetricValue] {font-size: 1.75rem;}"
               "[class*=st-key-published_mark_] {display: none !important;}"
               ".stApp h1 {font-size: 1.75rem;}"
               "[data-testid=stMainBlockContainer] {padding-top: 3.5rem;}"
               "}</style>")


def page_style(lang: str) -> None:
    """The page's layout on a phone and its text rules for its language (Korean kept whole);
    a style only, no space."""
    st.html(PHONE_STYLE + (KOREAN_TEXT_STYLE if lang == "ko" else ""))


def scope_line(ctx: PageContext) -> None:
    """Say which filters narrow the page, so a figure is never quoted without them."""
    parts = []
    for name, values in ctx.scope.params().items():
        if values:
            # names from the reference tables an organiser edits: text, never markdown
            shown = [safe.markdown(filter_value(ctx, name == "countries", v)) for v in values]
            parts.append(f"{ctx.t('filter_' + name if name != 'regions' else 'regions')}: "
                         f"{', '.join(shown)}")
    if parts:
        st.caption(f"{ctx.t('filtered_by')} " + " · ".join(parts))
    elif ctx.page in CLICKABLE_PAGES:
        st.caption(ctx.t("click_hint"))


def hidden_words(ctx: PageContext, metric: str | None, edition: int | None = None) -> str:
    """What stands for a count this viewer may not read: "under embargo until ..." for a result
    not yet announced, else <3."""
    edition = ctx.edition if edition is None else edition
    if metric in ("finalists", "winners") and metric in embargoed_for(ctx, edition):
        until = (ctx.embargo_until.get(metric) if edition == ctx.edition
                 else None)
        return press.embargo_text(ctx.lang, until)
    return SMALL


def embargoed_for(ctx: PageContext, edition: int) -> frozenset[str]:
    if edition == ctx.edition:
        return ctx.embargoed_metrics
    from prizestats.app import data

    return press.edition_embargo(data.editions(), edition, ctx.data_as_of, ctx.public)


def readable(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    """A table as the viewer reads it: every hidden count (NA after disclosure) in words."""
    return tables.readable(frame, ctx.lang, partial(hidden_words, ctx))


def labelled(ctx: PageContext, frame: pd.DataFrame, code_column: str) -> pd.DataFrame:
    """The chart's data with codes shown as words and headers in the page's language."""
    return tables.labelled(frame, code_column, ctx.lang, partial(hidden_words, ctx))


def finding(figure: go.Figure) -> str:

    return charts.finding(figure)


# A published figure's source as its site's name ("segye.com"), linking to the whole address.
SOURCE_LINK = st.column_config.LinkColumn(display_text=r"https?://(?:www\.|m\.)?([^/]+).*")
# Pages whose charts a click filters (prizestats.figures.picks): they say so under the title.
CLICKABLE_PAGES = ("overview", "regions", "categories", "stages")


# Up to this many rows a table is shown whole, as tall as its rows (Streamlit's "content"
# height), with no scroll box of its own; a longer one keeps Streamlit's box of ten rows.
WHOLE_TABLE_ROWS = 100
# Streamlit wraps a cell's text only in rows taller than 4rem (64 px): two lines of text.
WRAPPED_ROW_HEIGHT = 66
WRAPPED_WIDTH = 200  # px: about 28 letters a line, a project's title in two lines


def table(frame: pd.DataFrame, key: str, wrapped: tuple[str, ...] = (),
          column_config: dict | None = None, first: tuple[str, ...] = ()) -> None:
    """A table shown whole (up to WHOLE_TABLE_ROWS rows), without its index. The columns named
    in `wrapped` (long text: a project's title, a note) have a width of their own and their
    text wraps over two lines, so that the table fits the page rather than being cut. `first`:
    columns shown first, the others after them in their order (a download keeps the frame's)."""
    config = dict(column_config or {})
    wrapping = [c for c in wrapped if c in frame.columns]
    for column in wrapping:
        config.setdefault(column, st.column_config.TextColumn(width=WRAPPED_WIDTH))
    order = None if not first else [*first, *(c for c in frame.columns if c not in first)]
    st.dataframe(frame, hide_index=True, key=key, column_config=config or None, column_order=order,
                 height="content" if len(frame) <= WHOLE_TABLE_ROWS else "auto",
                 row_height=WRAPPED_ROW_HEIGHT if wrapping else None)


def chart_with_table(ctx: PageContext, figure: go.Figure, make_table: Callable[[], pd.DataFrame],
                     key: str, exported: go.Figure | None = None) -> None:
    """The chart, its data table, and downloads of both (the same numbers as on screen).
    `exported`: the figure the image downloads draw when it is not the one on screen (the
    Intake charts: files carry no private event).

    A chart whose marks stand for filter values (charts.clickable) sets them when clicked
    (prizestats.figures.picks); organisers get a link to the entries behind it.

    The table is made only when it is shown or downloaded: most runs do neither, and making the
    tables was a tenth of an Overview run under load (BENCHMARKS.md)."""

    marked = asked_chart() == key
    # One block per chart: its anchor (chart-<id>), the chart, its table, Download and Share;
    # `?chart=<id>` marks the whole block (share.py).
    with st.container(key=f"chartbox_{key}"):
        anchor(key, marked)
        # The title is the chart's finding sentence: screen readers announce it as the chart's name.
        if charts.is_clickable(figure):
            # keyed on the filters: a changed filter draws the chart afresh, with no stale highlight
            chart_key = picks.chart_key(key, clicks.current_filters())
            st.plotly_chart(figure, config=PLOTLY_CONFIG, key=chart_key, alt=finding(figure),
                            on_select=partial(clicks.on_click, chart_key), selection_mode="points")
        else:
            st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart_{key}", alt=finding(figure))
        if ctx.role == "organiser" and ctx.page not in ("entries", "trends"):
            entries_link(ctx, key)  # not from Trends: its charts span several editions
        # A switch rather than an expander: a folded expander still sends and draws its table on
        # every run, a tenth of the page's work; behind a switch a table costs nothing until shown.
        if st.toggle(ctx.t("data_table"), key=f"show_table_{key}"):
            table(make_table(), f"table_{key}")
        with st.container(horizontal=True, key=f"chart_menus_{key}"):
            downloads(ctx, key, make_table, figure if exported is None else exported)
            share_menu(ctx, key, figure)


def entries_link(ctx: PageContext, key: str) -> None:
    """Organisers only: the Entries page with this page's edition, date and filters."""

    st.page_link(context.page("entries", ctx.lang), label=ctx.t("see_entries"),
                 icon=":material/table_rows:",
                 query_params={name: st.query_params.get_all(name) for name in st.query_params
                               if name != share.CHART_PARAM},
                 help=ctx.t("see_entries_help"))


def asked_chart() -> str | None:
    """The chart the address asks for (`?chart=<id>`), or None."""
    return st.query_params.get(share.CHART_PARAM) or None


def chart_notice(ctx: PageContext) -> None:
    """An address that asks for a chart this page does not have says so (an old or mistyped
    link); the page is shown as usual."""
    chart = asked_chart()
    if chart is not None and not share.is_chart_of(ctx.page, chart):
        # typed into the address: text, never markdown
        st.info(ctx.t("unknown_chart", chart=safe.markdown(chart)), icon=":material/link_off:")


# The mark of the chart a link opened: the page's primary colour (.streamlit/config.toml) in
# the viewer's theme, a ring around the chart's block.
MARK_COLOURS = {"light": "#00598A", "dark": "#56B4E9"}
# Scrolls the asked-for chart into view once per browser page: again while the charts above it
# are still being drawn (they move it), until the reader scrolls.
SCROLL_SCRIPT = """<script>
(() => {
  const id = %s;
  if (window.prizestatsScrolledTo === id) return;
  window.prizestatsScrolledTo = id;
  let tries = 0, stopped = false;
  const stop = () => { stopped = true; };
  for (const kind of ["wheel", "touchstart", "keydown", "mousedown"])
    window.addEventListener(kind, stop, {once: true, capture: true});
  const go = () => {
    const target = document.getElementById(id);
    if (stopped) return;
    if (target) target.scrollIntoView({block: "start"});
    if (++tries < 8) setTimeout(go, 500);
  };
  go();
})();
</script>"""


def anchor(key: str, marked: bool) -> None:
    """The chart's anchor (#chart-<id>); when the address asks for this chart, its mark and a
    script that scrolls to it. `key` is one of the page's own ids (share.PAGE_CHARTS), never
    text from the address."""
    element = share.anchor_id(key)
    html = f'<div id="{element}" style="scroll-margin-top:4.5rem"></div>'
    if not marked:
        st.html(html)
        return
    colour = MARK_COLOURS.get(getattr(st.context.theme, "type", None) or "light",
                              MARK_COLOURS["light"])
    style = (f"<style>.st-key-chartbox_{key} {{outline: 3px solid {colour}; "
             "outline-offset: 6px; border-radius: 0.5rem;}</style>")
    st.html(html + style + SCROLL_SCRIPT % json.dumps(element), unsafe_allow_javascript=True)


def share_base() -> str:
    """Where readers reach the dashboard: PRIZESTATS_PUBLIC_URL, else the address in this
    reader's browser, else the local default (an http(s) address only)."""
    return share.app_base(safe.web_link(settings.public_url()), safe.web_link(st.context.url),
                          [*(spec.name for spec in context.PAGES), "home"],
                          settings.DEFAULT_APP_URL)


def share_menu(ctx: PageContext, key: str, figure: go.Figure) -> None:
    """The link that opens this chart, the embed code and the citation, each in a code block
    (one click copies it), in the viewer's language. Everything comes from what this page
    shows the viewer (its title, its dated as-of), so it holds what the page may say."""
    state = {name: st.query_params.get_all(name) for name in filters.ADDRESS_NAMES}
    base = share_base()
    link = share.page_link(base, ctx.page, state, key)
    title = finding(figure)
    with st.popover(ctx.t("share_menu"), icon=":material/share:"):
        st.caption(ctx.t("share_intro"))
        st.markdown(f"**{ctx.t('share_link')}**")
        st.code(link, language=None, wrap_lines=True)
        st.markdown(f"**{ctx.t('share_embed')}**")
        theme = st.segmented_control(
            ctx.t("share_theme"), share.THEMES, default="auto",
            format_func=lambda theme: ctx.t(f"share_theme_{theme}"),
            key=f"share_theme_{key}") or "auto"
        st.code(share.embed_code(share.embed_link(base, key, state, theme), title),
                language=None, wrap_lines=True)
        st.markdown(f"**{ctx.t('citation')}**")
        st.code(press.chart_citation(title, ctx.edition, ctx.year, ctx.figures_as_of, ctx.lang,
                                     ctx.is_sample, link), language=None, wrap_lines=True)
        if not ctx.public:
            st.caption(ctx.t("share_organiser_note"))


def report_button(ctx: PageContext) -> None:
    """The edition report as PDF for the viewer's role, language and moment: made when asked
    (with a spinner), then downloaded. It covers the whole edition, whatever the filters."""
    from prizestats.app import data
    from prizestats.outputs import report

    view = replace(ctx.view, scope=EVERYTHING)
    key = (ctx.edition, ctx.lang, ctx.role, data.report_moment(view))
    with st.container(horizontal=True, vertical_alignment="center", key="report"):
        if st.button(ctx.t("report_make"), key="report_make", icon=":material/picture_as_pdf:"):
            with st.spinner(ctx.t("report_making")):
                st.session_state["report_pdf"] = (key, data.report_pdf(
                    view, ctx.lang, ctx.role, ctx.is_sample))
        made = st.session_state.get("report_pdf")
        if made and made[0] == key:
            st.download_button(ctx.t("report_download"), data=made[1],
                               file_name=report.path_for(Path(), ctx.edition, ctx.lang,
                                                         ctx.role).name,
                               mime="application/pdf", key="report_download", on_click="ignore",
                               type="primary", icon=":material/download:")
    st.caption(ctx.t("report_help"))


def filter_chips(ctx: PageContext) -> None:
    """One button per chosen filter value ("Region: Africa ✕"), each removing its value, and
    "Clear all": a reader always sees why the numbers changed. Buttons, so the keyboard
    reaches them."""
    chosen = [(name, value) for name, values in clicks.current_filters().items()
              for value in values]
    if not chosen:
        return
    with st.container(horizontal=True, key="filter_chips"):
        for name, value in chosen:
            # a button's label is markdown, and the names come from reference tables: text
            shown = safe.markdown(filter_value(ctx, name == "country", value))
            st.button(f"{ctx.t('chip_' + name)}: {shown} ✕", key=f"chip_{name}_{value}",
                      on_click=clicks.remove, args=(name, value),
                      help=ctx.t("chip_help"), type="secondary")
        st.button(ctx.t("clear_all"), key="chip_clear_all", on_click=clicks.clear_all,
                  type="tertiary", icon=":material/filter_alt_off:")


def chosen(ctx: PageContext) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The page's entry filters as picks name them ((filter, values), ...): what a clickable
    chart highlights (views.figure's `highlight`)."""
    return tuple((name, getattr(ctx.scope, param))
                 for name, param in zip(picks.FILTERS, FILTER_PARAMS, strict=True))


def own_view(ctx: PageContext, *filters: str) -> View:
    """The view of a clickable chart whose marks stand for `filters` (picks.FILTERS): the page's,
    those filters left out, so that a click keeps the chart's other marks (highlighted by
    `figure(..., highlight=chosen(ctx))`, not zeroed) and a second click can add one."""
    params = dict(zip(picks.FILTERS, FILTER_PARAMS, strict=True))
    return replace(ctx.view, scope=replace(ctx.scope, **{params[f]: () for f in filters}))


def figure(builder: Callable[..., go.Figure], *args: object,
           highlight: tuple[tuple[str, tuple[str, ...]], ...] | None = None,
           **kwargs: object) -> go.Figure:
    """`builder(*args, **kwargs)` from the charts module, built once per distinct input.

    Building a plotly figure is most of a page's run once the queries are cached, so figures are
    kept for every session. Not st.cache_data: unpickling a figure validates it again, which
    costs more than building it. Nothing changes a figure once built (exports copy it first),
    so one object serves every session.

    A page's source line (charts.SourceLine) says "as of" to the minute: a figure is built once
    without it and each minute's line is put into a copy, a third of the cost of building it
    again (every chart of every page and edition at once, at the turn of each minute).
    """
    def build(*args: object, **kwargs: object) -> go.Figure:
        made = builder(*args, **kwargs)
        return made if highlight is None else charts.highlighted(made, dict(highlight))

    key = (*_figure_key(builder, args, kwargs), highlight)
    sourced = [a for a in (*args, *kwargs.values()) if isinstance(a, charts.SourceLine)]
    if not sourced:
        return _FIGURES.get(key, lambda: SharedFigure(build(*args, **kwargs)))

    def unsourced(value: object) -> object:
        return UNSOURCED if isinstance(value, charts.SourceLine) else value
    args = tuple(unsourced(a) for a in args)
    kwargs = {k: unsourced(v) for k, v in kwargs.items()}
    base_key = (*_figure_key(builder, args, kwargs), highlight)
    return _FIGURES.get(key, lambda: _FIGURES.get(
        base_key, lambda: SharedFigure(build(*args, **kwargs))).with_source_line(sourced[0]))


UNSOURCED = "\u2026"  # the source line of a figure kept without one: replaced before shown


def _figure_key(builder: Callable, args: tuple, kwargs: dict) -> tuple:
    return (builder.__name__, tuple(memo.digest(a) for a in args),
            tuple(sorted((k, memo.digest(v)) for k, v in kwargs.items())))


_FIGURES = memo.Memo(1024)


class SharedFigure(go.Figure):
    """A figure drawn by every session and changed by none: its dict is made once.

    st.plotly_chart asks for `to_dict()` (a deep copy of the whole figure) and then walks it to
    turn arrays into plotly's typed-array form, on every run. Here both are done once; the dict
    comes with its arrays already in that form, so serialising it again changes nothing in it
    and sessions can share it (tests/test_views.py).
    """

    def __init__(self, figure: go.Figure) -> None:
        super().__init__(figure)  # a copy: `figure` may be kept as it is
        spec = super().to_dict()
        convert_to_base64(spec)
        self._spec = spec
        self._source_line: str | None = None

    def to_dict(self) -> dict:
        return self._spec

    def with_source_line(self, source_line: str) -> SharedFigure:
        """This figure under another source line, in a few microseconds: the new line goes
        into a new dict; the plotly objects (traces, layout) stay this figure's, shared."""
        variant = object.__new__(SharedFigure)
        variant.__dict__.update(self.__dict__)
        layout = self._spec["layout"]
        bottom, note = charts.source_line_parts(
            source_line, charts.source_line_width(layout["annotations"]))
        others = [a for a in layout["annotations"]
                  if not a.get("name", "").startswith(charts.SOURCE_LINE)]
        variant._spec = {**self._spec, "layout": {
            **layout, "margin": {**layout["margin"], "b": bottom},
            "annotations": [*others, note]}}
        variant._source_line = source_line
        return variant

    def with_layout(self, changes: dict) -> SharedFigure:
        """This figure with some layout properties replaced (the embed's light or dark
        colours), the same way: a new dict, the plotly objects shared."""
        variant = object.__new__(SharedFigure)
        variant.__dict__.update(self.__dict__)
        variant._spec = {**self._spec, "layout": {**self._spec["layout"], **changes}}
        return variant

    def drawn(self) -> go.Figure:
        """A figure of its own, as drawn: with its source line (for images and exports)."""
        figure = go.Figure(self)
        if self._source_line is not None:
            charts.with_source_line(figure, self._source_line)
        return figure


def drawn(figure: go.Figure) -> go.Figure:
    """The figure as drawn on screen, for an image of it."""
    return figure.drawn() if isinstance(figure, SharedFigure) else figure


def file_stem(ctx: PageContext, name: str) -> str:
    return f"sscp-{ctx.year}-{name}-{ctx.lang}"


def downloads(ctx: PageContext, key: str, table: pd.DataFrame | Callable[[], pd.DataFrame],
              figure: go.Figure | None = None) -> None:
    """PNG, SVG, CSV and XLSX; files are made only when asked for (images take seconds). The
    table may be a function that makes it, for a table too long to make on every run."""
    make_table = table if callable(table) else lambda: table
    title = finding(figure) if figure is not None else key
    stem = file_stem(ctx, key)
    with st.popover(ctx.t("download"), icon=":material/download:"):
        if figure is not None:
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                st.download_button(
                    fmt.upper(), data=lambda fmt=fmt: export.image(drawn(figure), fmt),
                    file_name=f"{stem}.{fmt}", mime=mime, key=f"{key}_{fmt}",
                    on_click="ignore")
        st.download_button("CSV", data=lambda: export.csv_bytes(make_table()),
                           file_name=f"{stem}.csv", mime="text/csv", key=f"{key}_csv",
                           on_click="ignore")
        st.download_button(
            "XLSX", data=lambda: export.xlsx_bytes(make_table(), title, ctx.source_line()),
            file_name=f"{stem}.xlsx", key=f"{key}_xlsx", on_click="ignore",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if figure is not None:
            about = chart_about(ctx, key)
            st.download_button(
                ctx.t("bundle.download"),
                data=lambda: bundle.bundle_zip(make_table(), drawn(figure), about),
                file_name=f"{stem}.zip", mime="application/zip", key=f"{key}_zip",
                on_click="ignore")


def licence_note(ctx: PageContext) -> None:
    """The licence of published data and how to credit the source (the citation)."""
    citation = press.citation(ctx.edition, ctx.year, ctx.figures_as_of, ctx.lang, ctx.is_sample)
    # as the press room gives the citation: text to copy whole, its address unbroken
    st.code(press.attribution(citation, ctx.lang), language=None, wrap_lines=True)


def chart_about(ctx: PageContext, key: str) -> bundle.About:
    """What a chart's data bundle says about it: this page's view of it."""
    from prizestats.app import data

    # `r` for the edition's whole figures only: a revision is of those, not of a filtered view
    revised = revisions.revised(data.revisions(ctx.view)) if ctx.scope.is_everything \
        else frozenset()
    marks = flags.headline_flags(ctx.dates, ctx.data_as_of, data.figures(ctx.view), ctx.public,
                                 revised)
    return bundle.About(key, ctx.page, ctx.edition, ctx.year, ctx.lang, ctx.role,
                        ctx.data_as_of, ctx.figures_as_of, ctx.is_sample,
                        ctx.dataset.get("fingerprint", ""), ctx.scope, marks)


def localized(ctx: PageContext, frame: pd.DataFrame, columns: list[str],
              codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """Chosen columns, codes shown as words, hidden counts in words, headers in the page's
    language."""
    return tables.localized(frame, columns, ctx.lang, partial(hidden_words, ctx), codes)


def country_name_column(ctx: PageContext) -> str:
    return tables.country_name_column(ctx.lang)


def country_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    return tables.country_table(frame, ctx.lang, partial(hidden_words, ctx))


def city_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    table = frame.assign(country=frame[country_name_column(ctx)],
                         city=[names.city_name(c, ctx.lang) for c in frame["city"]])
    return localized(ctx, table, ["city", "country", "entries"])


def cities_without_coordinates(ctx: PageContext, frame: pd.DataFrame) -> None:
    missing = frame[frame["latitude"].isna()]
    if len(missing):
        # city names come from imported files: shown as text, never as markdown
        names = ", ".join(safe.markdown(f"{c} ({i})") for c, i in
                          zip(missing["city"], missing["country"], strict=True))
        st.caption(ctx.t("cities_without_coordinates", cities=names))


def region_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    """Seven regions (entries_by_region) or six (entries_by_region6), as the frame holds them."""
    return tables.region_table(frame, ctx.lang, partial(hidden_words, ctx))


def two_way(ctx: PageContext, frame: pd.DataFrame, rows: str, columns: str) -> go.Figure:
    """The heatmap titled by its largest cell (statements.leaders): cells tied in one category
    are named together ("Asia and Europe led in Human-CentriCity (29 each)"); a tie across
    categories, or nothing to lead, gives the chart's name or says why. `frame`: of the view
    without the chart's own filters (own_view); the chosen cells highlighted."""
    top = statements.leaders({(row, column): value for row, column, value in
                              zip(frame[rows], frame[columns], frame["entries"], strict=True)})
    by_type = "applicant_type" in (rows, columns)
    other = "applicant_type" if by_type else "region"
    if top is None:
        title = ctx.t("few_entries_title") if frame["entries"].isna().any() \
            else ctx.t("no_entries")
        return figure(charts.two_way_heatmap, frame, rows, columns, ctx.lang, ctx.source_line(),
                      title, highlight=chosen(ctx))
    cells = [dict(zip((rows, columns), cell, strict=True)) for cell in top[0]]
    categories = {cell["category"] for cell in cells}
    count = i18n.number(top[1], ctx.lang)
    key = "category_by_type" if by_type else "category_by_region"
    if len(categories) > 1:  # no one category holds the lead: the chart's name
        title = ctx.t(f"{key}_plain")
    else:
        leaders = [i18n.label(cell[other], ctx.lang) for cell in cells]
        several = len(leaders) > 1
        title = ctx.t(f"{key}_title_tie" if several else f"{key}_title",
                      **{f"top_{'type' if by_type else 'region'}":
                         leaders if several else leaders[0]},
                      top_category=i18n.label(categories.pop(), ctx.lang), count=count)
    return figure(charts.two_way_heatmap, frame, rows, columns, ctx.lang, ctx.source_line(),
                  title, highlight=chosen(ctx))


def two_way_table(ctx: PageContext, frame: pd.DataFrame, rows: str, columns: str
                  ) -> pd.DataFrame:
    """The same numbers as the heatmap."""
    return localized(ctx, frame, [rows, columns, "entries"], codes=(rows, columns))


def ranked(ctx: PageContext, frame: pd.DataFrame, column: str, title_key: str,
           total: object) -> go.Figure:
    """Bars of a ranked count (sectors, technologies); `total`: the view's entries (a number,
    or <3 when the filters narrow them to 1 or 2), for the title; a tie at the top takes the
    message `title_key`_tie."""

    top = charts.lead(frame, "entries", column) if len(frame) else None
    if top is not None and total:
        title = charts.lead_title(title_key, ctx.lang, top,
                                  [names.display(column, v, ctx.lang) for v in top[0]],
                                  total=i18n.number(total, ctx.lang))
    elif len(frame) and frame["entries"].isna().any():
        title = ctx.t("few_entries_title")
    else:
        title = ctx.t("no_entries")
    return figure(charts.ranked_bars, frame, column, ctx.lang, ctx.source_line(), title)


def funnel_table(ctx: PageContext, result: dict) -> pd.DataFrame:
    return tables.funnel_table(result, ctx.lang, partial(hidden_words, ctx))


def flow_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    return localized(ctx, frame, ["region", "stage", "entries"], codes=("region", "stage"))


def conversion_table(ctx: PageContext, frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    rows = frame[frame["dimension"] == dimension].copy()
    for column in ("eligible", "finalists", "winners"):
        # a rate of a hidden count would give the count away
        rows[f"{column}_pct"] = [
            i18n.percent(int(c) / int(n), ctx.lang)
            if not is_hidden(c) and not is_hidden(n) and n else ""
            for c, n in zip(rows[column], rows["entries"], strict=True)]
    rows["caution"] = ["⚠" if is_hidden(n) or n < 10 else "" for n in rows["entries"]]
    table = localized(ctx, rows, ["group", "entries", "eligible", "eligible_pct", "finalists",
                                  "finalists_pct", "winners", "winners_pct", "caution"],
                      codes=("group",))
    percents = {f"{c}_pct": f"{ctx.t(c)} %" for c in ("eligible", "finalists", "winners")}
    return table.rename(columns=percents | {"caution": ctx.t("caution_column")})


def summary_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    return localized(ctx, frame, ["year", "entries", "countries", "cities", "eligible",
                                  "finalists", "winners"])


def shares_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    table = frame.assign(share=[SMALL if is_hidden(v) else i18n.percent(v, ctx.lang)
                                for v in frame["share"]],
                         region=frame["region6"])
    return localized(ctx, table, ["year", "region", "entries", "share"], codes=("region",))


def places_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    return localized(ctx, frame, ["year", "kind", "new", "returning"], codes=("kind",))


def members_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    return localized(ctx, frame, ["year", "membership", "entries", "eligible", "finalists",
                                  "winners"], codes=("membership",))


def results_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    return press.results_table(frame, ctx.lang)


ENTRIES_PAGE = 100  # rows of the Entries page at a time; the downloads hold every match


def search_words(query: str) -> tuple[str, ...]:
    return tuple(query.lower().split())


def entries_offset() -> int:
    """The rows of the Entries list before the page chosen (`entries_page` in the session)."""
    return (int(st.session_state.get("entries_page") or 1) - 1) * ENTRIES_PAGE


def first_entries_page() -> None:
    """Back to the list's first page (a new search)."""
    st.session_state["entries_page"] = 1


def entries_pages(ctx: PageContext, matching: int) -> None:
    """A list longer than a page: the page chooser (1 to 100, 101 to 200, ... with an en dash)
    and the rows shown ("Rows 101 to 200 of 911", with an en dash)."""
    if matching <= ENTRIES_PAGE:
        return
    number = partial(i18n.number, lang=ctx.lang)

    def rows(page: int) -> tuple[int, int]:
        first = (page - 1) * ENTRIES_PAGE + 1
        return first, min(first + ENTRIES_PAGE - 1, matching)
    page = st.selectbox(ctx.t("entries_rows"), range(1, -(-matching // ENTRIES_PAGE) + 1),
                        key="entries_page",
                        format_func=lambda page: "\u2013".join(number(n) for n in rows(page)))
    first, last = rows(page)
    st.caption(ctx.t("entries_rows_shown", first=number(first), last=number(last),
                     total=number(matching)))


def entries_counts(listed: pd.DataFrame, unsearched: Callable[[], pd.DataFrame]
                   ) -> tuple[int, int]:
    """How many entries match the search, and how many the filters leave. `listed`: the
    search's first rows (entries_list.sql, which counts both); `unsearched`: the list without
    the search, asked for only when the search found nothing."""
    if len(listed):
        return int(listed["matching"].iloc[0]), int(listed["in_view"].iloc[0])
    rows = unsearched()
    return 0, int(rows["in_view"].iloc[0]) if len(rows) else 0


def entries_columns(ctx: PageContext) -> dict:
    """The submission moment in the viewer's format (docs/style.md), still sorted as a moment."""
    return {ctx.t("submitted"): st.column_config.DatetimeColumn(
        format=ctx.t("datetime_column_format"), timezone="Asia/Seoul")}


def entries_file(table: pd.DataFrame) -> pd.DataFrame:
    """The entries for a file: moments as "2025-05-30 23:50" (Korea time), no seconds."""
    return table.apply(lambda column: column.dt.strftime("%Y-%m-%d %H:%M")
                       if pd.api.types.is_datetime64_any_dtype(column) else column)


def entries_table(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    table = frame.assign(
        country=frame["country_" + country_name_column(ctx)],
        submitted=frame["submitted_kst"],
        award=[i18n.award_label(a, ctx.lang) for a in frame["award"]],
        wego_member=[{True: ctx.t("yes"), False: ctx.t("no")}.get(v, "") if not pd.isna(v)
                     else "" for v in frame["wego_member"]])
    return localized(ctx, table, ["submission_id", "submitted", "applicant_type",
                                  "applicant_name", "project_title", "category", "sector",
                                  "city", "country", "region", "stage", "award", "wego_member"],
                     codes=("applicant_type", "category", "sector", "region", "stage"))
