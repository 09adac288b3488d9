"""Entries (organisers): a searchable table of one edition's entries, with export."""

import streamlit as st

from prizestats import data, views
from prizestats.frame import page_context

ctx = page_context("entries")
st.title(f"{ctx.t('entries_page')}: {views.edition_name(ctx)}")
views.scope_line(ctx)

entries = data.entries_list(ctx.view)
query = st.text_input(ctx.t("search"), key="entries_search")
shown = views.search_entries(entries, query)
st.caption(ctx.t("entries_shown", shown=len(shown), total=len(entries)))
table = views.entries_table(ctx, shown)
st.dataframe(table, hide_index=True, key="entries")
views.downloads(ctx, "entries", table)
