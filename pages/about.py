"""About the data: definitions, the region rule, as-of, embargo and small counts, sources."""

import streamlit as st

from prizestats.app import data, headline, views
from prizestats.app.frame import page_context
from prizestats.words import about

ctx = page_context("about")
st.title(ctx.t("about_page"))
st.markdown(about.text(ctx.lang, is_sample=ctx.is_sample, dataset=ctx.dataset))
st.subheader(ctx.t("licence.heading"))
views.licence_note(ctx)
st.subheader(ctx.t("published_sources"))
views.table(about.sources_table(data.published_figures_all(ctx.view), ctx.lang,
                                organiser=not ctx.public), "published_sources",
            column_config={ctx.t("source"): views.SOURCE_LINK})
headline.revisions_section(ctx, data.revisions(ctx.view))
st.subheader(ctx.t("glossary"))
st.caption(ctx.t("glossary_help"))
views.table(about.glossary_table(ctx.lang), "glossary")
