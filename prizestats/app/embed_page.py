"""The embed page (`/embed`): one chart alone, for another site's article.

`/embed?chart=<id>&edition=N&lang=..&<filters>&theme=light|dark|auto` (the Share menu's iframe,
prizestats.figures.share). No sidebar, no navigation, no Streamlit chrome: the chart (its title
and its source line, "Sample data" where it is, inside the figure) and a small link to the full
view. The state comes from the address only (no widgets), read by the same rules as the pages'
filters; the viewer's role, the embargo and the small-count rule apply exactly as on the page,
since the chart is built by the same data functions and builders. Anything in the address that
cannot be read (a chart id, a parameter or its value) is said plainly, and no chart is drawn: an
article must never show a chart other than the one its author chose.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from prizestats.app import data, frame, headline, views
from prizestats.app import intake_page as iv
from prizestats.app.context import PageContext
from prizestats.core import safe
from prizestats.core.disclosure import STAGE_ROWS
from prizestats.core.scope import Scope
from prizestats.core.times import KST
from prizestats.figures import charts, press, share
from prizestats.words import i18n

THEME_PARAM = "theme"
# Streamlit's own embedding parameters (?embed=true&embed_options=...) are Streamlit's business.
STREAMLIT_PARAMS = ("embed", "embed_options")
KNOWN_PARAMS = (share.CHART_PARAM, THEME_PARAM, "lang", "edition", "as_of", "region", "country",
                "category", "applicant_type", "stage", *STREAMLIT_PARAMS)
# The page of each chart id (share.PAGE_CHARTS read backwards).
CHART_PAGES = {chart: page for page, ids in share.PAGE_CHARTS.items() for chart in ids}
COLOURS = share.EMBED_COLOURS  # light and dark whatever the reader's system says


def _problem(messages: list[str], key: str, **values: object) -> None:
    messages.append(i18n.t(key, _lang(), **values))


def _lang() -> str:
    lang = st.query_params.get("lang", "en")
    return lang if lang in i18n.LANGUAGES else "en"


def _read_state(messages: list[str]):
    """The embed's state from its address, by the pages' rules; problems go into `messages`
    (each in the embed's language, the value shown as text)."""
    params = st.query_params
    lang = _lang()

    def bad(name: str, value: str, reason: str) -> None:
        _problem(messages, "embed.bad_param", name=safe.markdown(name), value=safe.markdown(value),
                 reason=i18n.t(reason, lang))

    for name in params:
        if name not in KNOWN_PARAMS:
            _problem(messages, "embed.unknown_param", name=safe.markdown(name))
    if params.get("lang", "en") not in i18n.LANGUAGES:
        bad("lang", params.get("lang", ""), "unknown_language")
    chart = params.get(share.CHART_PARAM, "")
    if chart not in CHART_PAGES:
        _problem(messages, "embed.unknown_chart", chart=safe.markdown(chart),
                 charts=safe.markdown(", ".join(sorted(CHART_PAGES))))
    theme = params.get(THEME_PARAM, "auto")
    if theme not in share.THEMES:
        _problem(messages, "embed.unknown_theme", theme=safe.markdown(theme),
                 themes=", ".join(share.THEMES))
    editions = data.editions()
    years = dict(zip(editions["edition"].astype(int), editions["year"].astype(int), strict=True))
    with_entries = [int(e) for e in editions.loc[editions["entries"] > 0, "edition"]]
    default = max(with_entries) if with_entries else max(years)
    chosen = []
    for raw in params.get_all("edition"):
        if raw.isdigit() and int(raw) in with_entries:
            chosen.append(int(raw))
        else:
            bad("edition", raw, "unknown_edition")
    edition = max(chosen) if chosen else default
    # several editions side by side (Trends): one in the address means it and every one before
    shown = tuple(sorted(set(chosen))) if len(chosen) > 1 else tuple(
        e for e in with_entries if e <= edition)
    as_of = access_now()
    raw_day = params.get("as_of")
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
            as_of = datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=KST)
        except ValueError:
            bad("as_of", raw_day, "bad_date")
    chosen_filters = {}
    for name, (options, _label) in frame.filter_options(lang).items():
        values = []
        for raw in params.get_all(name):
            if raw in options:
                values.append(raw)
            else:
                bad(name, raw, "unknown_value")
        chosen_filters[name] = tuple(dict.fromkeys(values))
    scope = Scope(regions=chosen_filters["region"], countries=chosen_filters["country"],
                  categories=chosen_filters["category"],
                  applicant_types=chosen_filters["applicant_type"],
                  stages=chosen_filters["stage"])
    return chart, theme, lang, years, edition, shown, as_of, scope


def access_now() -> datetime:
    from prizestats.core.access import now

    return now().replace(second=0, microsecond=0)  # to the minute, as the pages' as-of


def show() -> None:
    """The embed page (pages/embed.py)."""
    frame.under_the_entry_point()
    _hide_the_chrome()
    role = frame.viewer_role()
    messages: list[str] = []
    if not data.database_exists():
        st.error(i18n.t("no_database", _lang()))
        st.stop()
    chart, theme, lang, years, edition, shown, as_of, scope = _read_state(messages)
    if messages:
        _theme_css(theme if theme in share.THEMES else "auto")
        for message in messages:
            st.error(message, icon=":material/link_off:")
        st.caption(i18n.t("embed.not_shown", _lang()))
        st.stop()
    _theme_css(theme)
    page = CHART_PAGES[chart]
    frame.admit(page, role, lang)
    ctx, held_back = frame.make_context(page, role, lang, years, edition, shown, as_of, scope)
    st.set_page_config(page_title=f"{i18n.t('prize', lang)}")
    for stage in held_back:
        st.warning(ctx.t("stage_filter_embargoed", stage=safe.markdown(i18n.label(stage, lang)),
                         until=press.embargo_text(lang, ctx.embargo_until.get(
                             STAGE_ROWS[stage]))), icon=":material/lock:")
    figure = BUILDERS[chart](ctx)
    draw(figure, theme, chart)
    st.markdown(f"[{ctx.t('embed.full_view')}]({full_view(ctx, chart)})")


def full_view(ctx: PageContext, chart: str) -> str:
    """The chart on its page, with the embed's state."""
    from prizestats.app import filters

    state = {name: st.query_params.get_all(name) for name in filters.ADDRESS_NAMES}
    return share.page_link(views.share_base(), ctx.page, state, chart)


def draw(figure: go.Figure, theme: str, chart: str) -> None:
    """The chart alone: not clickable (there are no filters to set), in the asked-for colours."""
    if theme == "auto":
        st.plotly_chart(figure, config=views.PLOTLY_CONFIG, key=f"embed_{chart}",
                        alt=views.finding(figure))
        return
    st.plotly_chart(themed(figure, theme), config=views.PLOTLY_CONFIG, key=f"embed_{chart}",
                    alt=views.finding(figure), theme=None)


_TEMPLATES: dict[str, dict] = {}


def themed(figure: go.Figure, theme: str) -> go.Figure:
    """The figure in light or dark colours whatever Streamlit's theme: its layout gets the
    plotly template and the page's background and text colours (a new dict; the shared figure
    is not changed)."""
    colours = COLOURS[theme]
    if theme not in _TEMPLATES:
        _TEMPLATES[theme] = pio.templates[colours["template"]].to_plotly_json()
    changes = {"template": _TEMPLATES[theme], "paper_bgcolor": colours["background"],
               "plot_bgcolor": colours["background"]}
    if isinstance(figure, views.SharedFigure):
        layout = figure.to_dict()["layout"]
        font = {**layout.get("font", {}), "color": colours["text"]}
        return figure.with_layout({**changes, "font": font})
    variant = go.Figure(figure)
    variant.update_layout(**changes, font_color=colours["text"])
    return variant


def _hide_the_chrome() -> None:
    """No sidebar, header, toolbar or navigation; little padding (an iframe is small)."""
    st.html("<style>"
            "[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], "
            "[data-testid='stHeader'], [data-testid='stToolbar'], "
            "[data-testid='stDecoration'], [data-testid='stStatusWidget'] "
            "{display: none !important;}"
            "[data-testid='stMainBlockContainer'] {padding: 0.5rem 1rem !important;"
            " max-width: 100% !important;}"
            "</style>")


def _theme_css(theme: str) -> None:
    """The page's own colours for an explicit light or dark embed ("auto": Streamlit's, which
    follow the reader's system)."""
    if theme not in COLOURS:
        return
    colours = COLOURS[theme]
    st.html("<style>"
            f"[data-testid='stApp'], [data-testid='stMain'] {{background-color: "
            f"{colours['background']} !important; color: {colours['text']} !important;}}"
            f"[data-testid='stApp'] [data-testid='stMarkdownContainer'] * "
            f"{{color: {colours['text']} !important;}}"
            f"[data-testid='stApp'] [data-testid='stMarkdownContainer'] a "
            f"{{color: {colours['link']} !important;}}"
            "</style>")


# Each chart id, built as its page builds it (the page's default switches: six regions on
# Regions, conversion by region on Stages); a chart of a filter is drawn without it, the chosen
# marks highlighted (views.own_view), as on its page.
def _entries_by_region(ctx: PageContext) -> go.Figure:
    view = views.own_view(ctx, "region")
    return views.figure(charts.entries_by_region, data.entries_by_region6(view), ctx.lang,
                        ctx.source_line(), total=data.figures(view)["entries"],
                        highlight=views.chosen(ctx))


def _entries_by_category(ctx: PageContext) -> go.Figure:
    view = views.own_view(ctx, "category")
    return views.figure(charts.entries_by_category, data.entries_by_category(view),
                        ctx.lang, ctx.source_line(), total=data.figures(view)["entries"],
                        highlight=views.chosen(ctx))


def _entries_by_stage(ctx: PageContext) -> go.Figure:
    view = views.own_view(ctx, "stage")
    result = data.figures(view)
    totals = {k: result[k] for k in ("entries", "eligible", "finalists", "winners")}
    return views.figure(charts.entries_by_stage, data.entries_by_stage(view), ctx.lang,
                        ctx.source_line(), result=totals,
                        not_yet=headline.not_yet(ctx, result),
                        provisional=headline.provisional(ctx, result),
                        highlight=views.chosen(ctx))


def _entries_by_country(ctx: PageContext) -> go.Figure:
    return views.figure(charts.entries_by_country,
                        data.entries_by_country(views.own_view(ctx, "country")), ctx.lang,
                        ctx.source_line(), fit=bool(ctx.scope.regions),
                        highlight=views.chosen(ctx))


def _entries_by_city(ctx: PageContext) -> go.Figure:
    return views.figure(charts.entries_by_city,
                        data.entries_by_city(views.own_view(ctx, "country")), ctx.lang,
                        ctx.source_line(), fit=bool(ctx.scope.regions),
                        highlight=views.chosen(ctx))


def _two_way(rows: str, columns: str, query: str) -> Callable[[PageContext], go.Figure]:
    return lambda ctx: views.two_way(ctx, getattr(data, query)(views.own_view(ctx, rows,
                                                                               columns)),
                                     rows, columns)


def _ranked(column: str, title_key: str, query: str) -> Callable[[PageContext], go.Figure]:
    return lambda ctx: views.ranked(ctx, getattr(data, query)(ctx.view), column, title_key,
                                    data.figures(ctx.view)["entries"])


def _stage_funnel(ctx: PageContext) -> go.Figure:
    result = data.figures(views.own_view(ctx, "stage"))
    return views.figure(charts.stage_funnel, result["entries"], result["eligible"],
                        result["finalists"], result["winners"], ctx.lang, ctx.source_line(),
                        not_yet=headline.not_yet(ctx, result),
                        provisional=headline.provisional(ctx, result),
                        highlight=views.chosen(ctx))


def _region_stage_flow(ctx: PageContext) -> go.Figure:
    return views.figure(charts.region_stage_flow, data.region_stage_flow(ctx.view), ctx.lang,
                        ctx.source_line(), total=data.figures(ctx.view)["entries"])


def _conversion_by_group(ctx: PageContext) -> go.Figure:
    result = data.figures(ctx.view)
    return views.figure(charts.conversion_rates,
                        data.conversion_by_group(views.own_view(ctx, "region")), "region",
                        ctx.lang, ctx.source_line(), embargoed=ctx.embargoed_metrics,
                        not_yet=headline.not_yet(ctx, result),
                        provisional=headline.provisional(ctx, result),
                        highlight=views.chosen(ctx))


def _open_year(ctx: PageContext) -> int | None:
    return ctx.year if ctx.call_open else None


def _edition_summary(ctx: PageContext) -> go.Figure:
    summary = data.edition_summary(ctx.view)
    summary = summary[summary["edition"].isin(list(ctx.editions_shown))]
    return views.figure(charts.editions_side_by_side, summary, ctx.lang, ctx.source_line(),
                        open_edition=ctx.edition if ctx.call_open else None)


def _across(builder: Callable, query: str) -> Callable[[PageContext], go.Figure]:
    return lambda ctx: views.figure(builder, getattr(data, query)(ctx.view,
                                                                 list(ctx.editions_shown)),
                                    ctx.lang, ctx.source_line(), open_year=_open_year(ctx))


def _intake_curve(ctx: PageContext) -> go.Figure:
    return iv.running_totals(ctx).figure


BUILDERS: dict[str, Callable[[PageContext], go.Figure]] = {
    "entries_by_region": _entries_by_region,
    "entries_by_category": _entries_by_category,
    "entries_by_stage": _entries_by_stage,
    "entries_by_country": _entries_by_country,
    "entries_by_city": _entries_by_city,
    "category_by_applicant_type": _two_way("category", "applicant_type",
                                           "category_by_applicant_type"),
    "category_by_region": _two_way("region", "category", "category_by_region"),
    "entries_by_sector": _ranked("sector", "sector_title", "entries_by_sector"),
    "technologies_ranked": _ranked("technology", "technology_title", "technologies_ranked"),
    "stage_funnel": _stage_funnel,
    "region_stage_flow": _region_stage_flow,
    "conversion_by_group": _conversion_by_group,
    "edition_summary": _edition_summary,
    "region_shares_by_edition": _across(charts.region_shares, "region_shares_by_edition"),
    "new_vs_returning": _across(charts.new_vs_returning, "new_vs_returning"),
    "wego_members_by_edition": _across(charts.wego_members, "wego_members_by_edition"),
    "intake_curve": _intake_curve,
    "arrivals_by_day": lambda ctx: iv.daily_chart(ctx, data.arrivals_by_day(ctx.view)),
}
