"""Click to explore, the Streamlit half: a click or a chip's ✕ changes the sidebar's filters.

What a mark stands for, and what a click on it does to the filters, is prizestats.figures.picks.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from prizestats.figures.picks import FILTERS, picks_of, toggled


def current_filters() -> dict[str, tuple[str, ...]]:
    return {name: tuple(st.session_state.get(f"filter_{name}", ())) for name in FILTERS}


def set_filters(filters: Mapping[str, tuple[str, ...]]) -> None:
    """Store the filters and put them into their sidebar boxes (a callback runs before the
    widgets are drawn, so each box shows the new choice)."""
    for name in FILTERS:
        values = tuple(filters.get(name, ()))
        st.session_state[f"filter_{name}"] = values
        st.session_state[f"widget_{name}"] = list(values)


def on_click(chart_key: str) -> None:
    """The plotly chart's on_select callback: apply what its clicked marks stand for."""
    event = st.session_state.get(chart_key)
    points = event.selection.points if event is not None else []
    filters = current_filters()
    for values in picks_of(points):
        filters = toggled(filters, values)
    set_filters(filters)


def remove(name: str, value: str) -> None:
    """A chip's ✕."""
    filters = current_filters()
    filters[name] = tuple(v for v in filters[name] if v != value)
    set_filters(filters)


def clear_all() -> None:
    set_filters({})
