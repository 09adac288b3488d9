"""Press room: sentences to quote in English and Korean, key figures with sources, citation."""

import streamlit as st

from prizestats.app import data, headline, views
from prizestats.app import signals_page as sv
from prizestats.app.frame import page_context
from prizestats.core import access, settings
from prizestats.figures import press
from prizestats.outputs import calendar
from prizestats.words import i18n

ctx = page_context("press")
st.title(f"{ctx.t('press_page')}: {views.edition_name(ctx)}")
st.caption(ctx.t("figures_as_of", when=i18n.moment(ctx.figures_as_of, ctx.lang)))
views.scope_line(ctx)  # a sentence quoted without its filters would misstate the edition

result = data.figures(ctx.view)
reconciled = headline.reconciliation(ctx, result, data.published_figures(ctx.view))
st.subheader(ctx.t("headlines"))
if ctx.scope.is_everything:
    st.caption(ctx.t("headlines_help"))
    for lang in ("en", "ko") if ctx.lang == "en" else ("ko", "en"):
        st.code(" ".join(press.headlines(result, lang, ctx.dates, ctx.data_as_of, reconciled,
                                         ctx.is_sample, dated=ctx.figures_as_of)),
                language=None, wrap_lines=True)
else:  # a sentence about the edition cannot carry the filters: it would misstate it
    st.info(ctx.t("no_headlines_filtered"))

changes = data.revisions(ctx.view)
st.subheader(ctx.t("key_figures"))
figures = press.key_figures(result, reconciled, ctx.lang, ctx.embargo_until,
                            headline.revised_since_public(ctx, changes, result))
views.table(figures, "key_figures", column_config={ctx.t("source"): views.SOURCE_LINK})
views.downloads(ctx, "key_figures", figures)

headline.revisions_section(ctx, changes)

st.subheader(ctx.t("calendar.heading"))
st.caption(ctx.t("calendar.help"))
moments = data.published_moments(ctx.edition)
now = access.now()
coming = calendar.table(ctx.dates, moments, ctx.lang, now)
if len(coming):
    st.dataframe(coming, hide_index=True, key="release_calendar")
else:
    st.info(ctx.t("calendar.none"))
st.download_button(
    ctx.t("calendar.download"),
    data=calendar.ics(ctx.dates, moments, ctx.lang, now, settings.public_url() or ""),
    file_name=calendar.file_name(ctx.dates, ctx.lang), mime="text/calendar",
    key="release_calendar_ics", on_click="ignore")

sv.public_events(ctx)

st.subheader(ctx.t("citation"))
st.code(press.citation(ctx.edition, ctx.year, ctx.figures_as_of, ctx.lang, ctx.is_sample),
        language=None, wrap_lines=True)
st.caption(ctx.t("last_updated", when=views.built_at(ctx)))
