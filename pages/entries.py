"""Entries (organisers): a searchable table of one edition's entries, a page of rows at a time,
with export."""

import streamlit as st

from prizestats.app import data, views
from prizestats.app.frame import page_context

ctx = page_context("entries")
st.title(f"{ctx.t('entries_page')}: {views.edition_name(ctx)}")
views.scope_line(ctx)

words = views.search_words(st.text_input(ctx.t("search"), key="entries_search",
                                         on_change=views.first_entries_page))
listed = data.entries_list(ctx.view, words, views.ENTRIES_PAGE, views.entries_offset())
if listed.empty and views.entries_offset():  # fewer matches than before: the first page
    views.first_entries_page()
    listed = data.entries_list(ctx.view, words, views.ENTRIES_PAGE)
matching, in_view = views.entries_counts(
    listed, lambda: data.entries_list(ctx.view, (), 1) if words else listed)
if ctx.dates.call_opens_at is not None and ctx.data_as_of < ctx.dates.call_opens_at:
    st.info(ctx.t("call_not_open_chart"))  # never "0 of 0 entries" before the call
    st.stop()
st.caption(ctx.t("entries_shown", shown=matching, total=in_view))
views.entries_pages(ctx, matching)
views.table(views.entries_table(ctx, listed), "entries",
            wrapped=(ctx.t("applicant_name"), ctx.t("project_title")),
            column_config=views.entries_columns(ctx))
views.downloads(ctx, "entries", lambda: views.entries_file(
    views.entries_table(ctx, data.entries_list(ctx.view, words, None))))
