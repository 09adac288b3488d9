"""The Streamlit edge: the page frame and context, view pieces, filters, clicks, the query cache.
The only layer (with pages/) that imports Streamlit."""
