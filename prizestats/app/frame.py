"""The shared frame: page config, navigation, sidebar filters, notices, and each page's context.

Every page file starts with `ctx = page_context("name")`. With a `pages/` folder beside the
entry point, Streamlit runs a page file alone (no entry point, no navigation) when a session's
first request is a deep link and no session has run the entry point yet. page_context notices
that, switches the server to st.navigation and reruns through the entry point, so no page is
ever shown without the frame.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import streamlit as st

from prizestats.app import data, filters, views
from prizestats.app.context import PAGES, PageContext, page_file, visible_pages
from prizestats.core import access, memo, reference, safe
from prizestats.core.disclosure import STAGE_ROWS
from prizestats.core.reference import ROOT
from prizestats.core.scope import Scope
from prizestats.figures import press
from prizestats.store import db
from prizestats.words import i18n

ENTRY_POINT = ROOT / "dashboard.py"


def _navigation_pages(role: str, lang: str) -> list:
    # Pages a role may not see are left out of the menu but kept as hidden pages, so that their
    # address opens the page's own refusal rather than a "page not found".
    visible = visible_pages(role)
    pages = [st.Page(page_file(spec), title=i18n.t(spec.title_key, lang), icon=spec.icon,
                     url_path=spec.name,
                     visibility="visible" if spec in visible else "hidden")
             for spec in PAGES]
    # The root URL runs the first page's file too (a page's identity is its URL, so the same
    # file can stand at two addresses); /overview stays the page's own shareable address.
    first = PAGES[0]
    root = st.Page(page_file(first), title=i18n.t(first.title_key, lang), icon=first.icon,
                   url_path="home", default=True, visibility="hidden")
    # The embed page (one chart alone, for another site's article): never in the menu.
    embed = st.Page(str(ROOT / "pages" / "embed.py"), title=i18n.t("embed.page_title", lang),
                    icon=":material/code:", url_path="embed", visibility="hidden")
    return [root, *pages, embed]


def _language_for_navigation() -> str:
    lang = st.session_state.get("filter_lang") or st.query_params.get("lang", "en")
    return lang if lang in i18n.LANGUAGES else "en"


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets[name]) if name in st.secrets else {}
    except FileNotFoundError:  # no secrets file at all: a plain local run
        return {}


def login_configured() -> bool:
    return bool(_secrets_section("auth")) and not access.public_mode()


def viewer_role() -> str:
    """The role of whoever is looking: public mode, then login, then the local default."""
    role_map = _secrets_section("prizestats").get("roles", {})
    logged_in = bool(st.user.get("is_logged_in")) if login_configured() else False
    return access.resolve_role(public=access.public_mode(), login_configured=login_configured(),
                               logged_in=logged_in, email=st.user.get("email") if logged_in
                               else None, role_map=role_map,
                               server_address=str(st.get_option("server.address") or ""),
                               email_verified=st.user.get("email_verified") if logged_in
                               else None)


def _start_frame() -> st.navigation:
    lang = _language_for_navigation()
    st.set_page_config(page_title=i18n.t("app_title", lang),
                       page_icon=str(ROOT / "static" / "insights.svg"), layout="wide")
    # In the sidebar, every page listed ("expanded": no "View more"): across the top, eleven
    # pages beside the sidebar overflowed into "1 more" at 1400 px, hiding About the data. On a
    # phone the sidebar folds away, the page list with it, and opens whole.
    return st.navigation(_navigation_pages(viewer_role(), lang), position="sidebar",
                         expanded=True)


def run_app() -> None:
    """The entry point (dashboard.py): page config, navigation, then the chosen page."""
    _start_frame().run()


def _entry_point_is_running() -> bool:
    # Under st.navigation a page runs inside dashboard.py's own execution, so the entry
    # point's frame is on the call stack; in Streamlit's legacy pages/ mode it is not.
    frame = sys._getframe(1)
    while frame is not None:
        if Path(frame.f_code.co_filename) == ENTRY_POINT:
            return True
        frame = frame.f_back
    return False


def page_context(page: str, several_editions: bool = False) -> PageContext:
    """Filters, language and viewer role for a page; builds the shared frame when needed."""
    under_the_entry_point()
    role = viewer_role()
    notices = filters.Notices()
    filters.follow_the_address()
    lang = filters.language(notices)
    views.page_style(lang)
    admit(page, role, lang)
    editions = data.editions()
    years = dict(zip(editions["edition"].astype(int), editions["year"].astype(int), strict=True))
    edition, shown = _chosen_editions(editions, years, lang, notices, several_editions)
    as_of = filters.as_of(lang, notices)
    scope = _entry_filters(lang, notices)
    context, held_back = make_context(page, role, lang, years, edition, shown, as_of, scope)
    _notices(context, held_back, notices)
    return context


def make_context(page: str, role: str, lang: str, years: dict[int, int], edition: int,
                 shown: tuple[int, ...], as_of, scope: Scope
                 ) -> tuple[PageContext, tuple[str, ...]]:
    """The context of a page (or an embedded chart) once its state is read: the viewer's
    moment and embargo, the dataset (refused in public mode when it is the sample and that is
    not allowed). Returns it with the stage filters held back under embargo."""
    dataset = data.dataset()
    if access.public_mode() and dataset.get("dataset") == "sample" \
            and not access.sample_allowed_in_public():
        st.error(i18n.t("public_sample_refused", lang))
        st.stop()
    dates = data.edition_dates(edition)
    data_as_of = access.effective_as_of(as_of, role)
    public = not access.sees_embargoed(role)
    scope, held_back = _announced_stages_only(scope, dates.embargoed(data_as_of, public))
    context = PageContext(
        page=page, lang=lang, role=role, edition=edition, year=dates.year,
        editions=years, as_of=as_of, data_as_of=data_as_of, public=public, dataset=dataset,
        scope=scope, editions_shown=shown, dates=dates,
        changed_at=press.figures_changed_at(data.run, edition, data_as_of, public))
    return context, held_back


def under_the_entry_point() -> None:
    if not _entry_point_is_running():
        # Calling st.navigation once switches the whole server out of the legacy mode; the
        # rerun then runs dashboard.py, which builds the frame and runs this page inside it.
        # (Carrying on here instead would give the widgets identities that the next run,
        # under the entry point, does not know: the visitor's first choice would be lost.)
        _start_frame()
        if not st.session_state.get("frame_rerun_done"):
            st.session_state["frame_rerun_done"] = True
            st.rerun()
        # Still alone after the rerun: the page file is the main script (AppTest, or
        # `streamlit run pages/x.py`); the frame built above serves it in place.


def admit(page: str, role: str, lang: str) -> None:
    """The page's title; stops a role the page is not for, or an app without a database."""
    spec = next((p for p in PAGES if p.name == page), None)
    if spec is not None:
        st.set_page_config(page_title=f"{i18n.t(spec.title_key, lang)} · "
                                      f"{i18n.t('prize', lang)}")
    if spec is not None and role not in spec.roles:
        # Reached by URL: refuse before any data is read.
        st.error(i18n.t("organisers_only", lang), icon=":material/lock:")
        st.stop()
    if not data.database_exists():
        st.error(i18n.t("no_database", lang))
        st.stop()


def _chosen_editions(editions, years: dict[int, int], lang: str, notices: filters.Notices,
                     several: bool) -> tuple[int, tuple[int, ...]]:
    """The edition shown and, on pages that set several side by side, all of those shown.

    One edition may be any with entries or with the dates of its call (a new edition before its
    call opens: its pages say when it opens); the default is the latest with entries. Editions
    side by side are those with entries."""
    with_entries = editions[editions["entries"] > 0]
    options = {int(e): i18n.edition_label(int(e), years[int(e)], lang)
               for e in with_entries["edition"]}
    default = max(options) if options else int(editions["edition"].max())
    options = options or {default: str(default)}
    if several:
        shown = filters.editions(options, i18n.t("editions", lang), notices)
        return max(shown), tuple(shown)
    dated = editions[editions["call_opens_at"].notna()]
    options = dict(sorted({**options, **{int(e): i18n.edition_label(int(e), years[int(e)], lang)
                                          for e in dated["edition"]}}.items()))
    edition = filters.edition(options, default, lang, notices)
    return edition, (edition,)


def _notices(context: PageContext, held_back: tuple[str, ...], notices: filters.Notices) -> None:
    """The sidebar's footer, then what the page must say before anything else."""
    lang = context.lang
    _sidebar_footer(context)
    if context.is_sample:
        key = "sample_notice_public" if access.public_mode() else "sample_notice"
        st.info(context.t(key), icon=":material/science:")
    _embargo_notice(context)
    for stage in held_back:
        st.warning(context.t("stage_filter_embargoed", stage=safe.markdown(i18n.label(stage, lang)),
                             until=press.embargo_text(lang, context.embargo_until.get(
                                 STAGE_ROWS[stage]))), icon=":material/lock:")
    filters.show_notices(notices, lang)
    views.chart_notice(context)
    filters.remember_the_address()
    views.filter_chips(context)


def _announced_stages_only(scope: Scope, embargoed: frozenset[str]
                           ) -> tuple[Scope, tuple[str, ...]]:
    """A stage filter on a result not yet announced is not applied (it would read as 0 entries,
    not as "under embargo"); returns the scope without it and the stages held back."""
    held_back = tuple(s for s in scope.stages if STAGE_ROWS.get(s) in embargoed)
    if not held_back:
        return scope, ()
    return replace(scope, stages=tuple(s for s in scope.stages if s not in held_back)), held_back


def _embargo_notice(ctx: PageContext) -> None:
    """Tell press and WeGO what they cannot see yet, and until when."""
    if not ctx.results_embargoed:
        return
    if ctx.ceremony_at is None:
        st.warning(ctx.t("embargo_unknown"), icon=":material/lock:")
        return
    when = i18n.moment(ctx.ceremony_at, ctx.lang)
    if ctx.finalists_embargoed and ctx.finalists_public_at != ctx.ceremony_at:
        st.warning(ctx.t("embargo_finalists", finalists=i18n.moment(ctx.finalists_public_at,
                                                                     ctx.lang), ceremony=when),
                   icon=":material/lock:")
    else:
        st.warning(ctx.t("embargo_results", ceremony=when), icon=":material/lock:")


def _entry_filters(lang: str, notices: filters.Notices) -> Scope:
    chosen = {}
    for name, (options, label_key) in filter_options(lang).items():
        help_key = "stages_help" if name == "stage" else "filters_help"
        chosen[name] = filters.several(name, options, i18n.t(label_key, lang),
                                       i18n.t(help_key, lang), i18n.t("all", lang), notices)
    return Scope(regions=chosen["region"], countries=chosen["country"],
                 categories=chosen["category"], applicant_types=chosen["applicant_type"],
                 stages=chosen["stage"])


def filter_options(lang: str) -> dict[str, tuple[dict[str, str], str]]:
    """Each sidebar filter's options (code -> label) and its label's key, made once per language
    and database for every session (read only: never changed once made)."""
    return _FILTER_OPTIONS.get((lang, db.db_identity()), lambda: _make_filter_options(lang))


_FILTER_OPTIONS = memo.Memo(16)


def _make_filter_options(lang: str) -> dict[str, tuple[dict[str, str], str]]:
    countries = data.countries()
    name_column = "name_ko" if lang == "ko" else "name_en"
    country_options = dict(sorted(zip(countries["iso3"], countries[name_column], strict=True),
                                  key=lambda item: item[1]))
    return {
        "region": ({r: i18n.label(r, lang) for r in sorted(reference.REGIONS)}, "regions"),
        "country": (country_options, "filter_countries"),
        "category": ({c: i18n.label(c, lang) for c in reference.CATEGORIES}, "filter_categories"),
        "applicant_type": ({a: i18n.label(a, lang) for a in reference.APPLICANT_TYPES},
                           "filter_applicant_types"),
        "stage": ({s: i18n.label(s, lang) for s in reference.STAGES}, "filter_stages"),
    }


def _sidebar_footer(ctx: PageContext) -> None:
    # captions are markdown: a role's name (the glossary) and the login's address are text
    role = safe.markdown(i18n.label(ctx.role, ctx.lang))
    st.sidebar.divider()
    st.sidebar.caption(ctx.t("role_line", role=role))
    if access.public_mode():
        st.sidebar.caption(ctx.t("public_mode"))
    elif login_configured():
        if st.user.get("is_logged_in"):
            st.sidebar.caption(ctx.t("signed_in_as",
                                     email=safe.markdown(st.user.get("email", "?"))))
            st.sidebar.button(ctx.t("log_out"), on_click=st.logout, key="log_out")
        else:
            st.sidebar.button(ctx.t("log_in"), on_click=st.login, key="log_in")
    else:
        st.sidebar.caption(ctx.t("local_organiser") if ctx.role == "organiser"
                           else ctx.t("local_role", role=role))
