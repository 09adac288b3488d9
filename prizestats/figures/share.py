"""Sharing a chart: its stable id on its page, the link that opens exactly it, the embed code,
the address of the embed page. Pure: the app's Share menu, an /embed page and the command line
build the same addresses from the same state.

A chart's id is the name its downloads use (`entries_by_region`: sscp-2025-entries_by_region-en.csv),
and on its page the element id `chart-<id>`. `?chart=<id>` beside a page's usual parameters
(edition, as-of, language, filters) opens the page at that chart, marked.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from urllib.parse import quote, urlencode, urlsplit

CHART_PARAM = "chart"
EMBED_PATH = "embed"
THEMES = ("auto", "light", "dark")
# An embed's colours in light and dark (the dark background of Streamlit 1.67, the app's link
# colours of .streamlit/config.toml), for the page and its plotly template: the live /embed and
# the static embeds of the press kit.
EMBED_COLOURS = {"light": {"background": "#FFFFFF", "text": "#1C1B1A", "link": "#0B5394",
                           "template": "plotly_white"},
                 "dark": {"background": "#171614", "text": "#FAFAFA", "link": "#8CC7F0",
                          "template": "plotly_dark"}}
EMBED_HEIGHT = 520
# The order of a page's state in a shared address: always the same, so a link reads the same
# whichever filter was chosen first.
STATE_ORDER = ("edition", "lang", "as_of", "region", "country", "category", "applicant_type",
               "stage")

# Every chart of every page, by the id its downloads use (tests/test_share.py checks each page
# draws exactly these). A page may draw a chart under another switch (Regions: six or seven
# regions) under the same id.
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "overview": ("entries_by_region", "entries_by_category", "entries_by_stage"),
    "regions": ("entries_by_country", "entries_by_city", "entries_by_region"),
    "categories": ("category_by_applicant_type", "category_by_region", "entries_by_sector",
                   "technologies_ranked"),
    "stages": ("stage_funnel", "region_stage_flow", "conversion_by_group"),
    "trends": ("edition_summary", "region_shares_by_edition", "new_vs_returning",
               "wego_members_by_edition"),
    "intake": ("intake_curve", "arrivals_by_day"),
}


def anchor_id(chart: str) -> str:
    """The element id of a chart on its page (an address's #fragment reaches it too)."""
    return f"chart-{chart}"


def is_chart_of(page: str, chart: str) -> bool:
    return chart in PAGE_CHARTS.get(page, ())


def app_base(configured: str | None, browser_url: str | None, pages: Sequence[str],
             default: str) -> str:
    """The dashboard's public address without a trailing slash: the one configured, else the
    one in the reader's browser without its page (…/overview -> …), else `default`. Only an
    http(s) address counts (core.safe.web_link decides before this is called)."""
    if configured:
        return configured.rstrip("/")
    if browser_url:
        parts = urlsplit(browser_url)
        path = parts.path.rstrip("/")
        head, _, last = path.rpartition("/")
        if last in pages:
            path = head
        return f"{parts.scheme}://{parts.netloc}{path}"
    return default.rstrip("/")


def _ordered(state: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    names = [n for n in STATE_ORDER if n in state] + sorted(set(state) - set(STATE_ORDER))
    return [(name, value) for name in names for value in state[name] if value != ""]


def _address(base: str, path: str, pairs: list[tuple[str, str]]) -> str:
    query = urlencode(pairs, quote_via=quote)
    return f"{base.rstrip('/')}/{path}" + (f"?{query}" if query else "")


def page_link(base: str, page: str, state: Mapping[str, Sequence[str]], chart: str) -> str:
    """The page's address with its state (edition, language, as-of, filters) and the chart."""
    pairs = [(n, v) for n, v in _ordered(state) if n != CHART_PARAM]
    return _address(base, page, [*pairs, (CHART_PARAM, chart)])


def embed_link(base: str, chart: str, state: Mapping[str, Sequence[str]],
               theme: str = "auto") -> str:
    """The embed page's address: /embed?chart=<id>&edition=N&lang=..&<filters>&theme=..."""
    if theme not in THEMES:
        raise ValueError(f"theme {theme!r} is not one of {', '.join(THEMES)}")
    pairs = [(n, v) for n, v in _ordered(state) if n not in (CHART_PARAM, "theme")]
    return _address(base, EMBED_PATH, [(CHART_PARAM, chart), *pairs, ("theme", theme)])


def embed_code(src: str, title: str, height: int = EMBED_HEIGHT) -> str:
    """An <iframe> of the embed page for another site's article; its title (what a screen
    reader names the frame by) states the chart's finding. Every value is escaped."""
    return (f'<iframe src="{html.escape(src, quote=True)}" width="100%" height="{int(height)}" '
            f'title="{html.escape(title, quote=True)}" style="border:0" loading="lazy">'
            "</iframe>")


def static_embed_path(edition: int, lang: str, chart: str, theme: str) -> str:
    """Where the press kit writes a public chart's static embed, under the kit's folder."""
    return f"embeds/{int(edition)}/{lang}/{chart}-{theme}.html"
