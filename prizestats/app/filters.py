"""The shared filter state and its URL query-param form.

A value comes from the URL on the first run of a session (a shared link, a reload), then from
the widget; after every run the URL is rewritten from the state, so the address bar always
reproduces the view. A value in the URL that cannot be read is ignored with a notice.

Back and forward in the browser change the URL under a running session: a run that starts
from an address other than the one the last run wrote follows the address (follow_the_address).

The state lives under plain session keys ("filter_<name>"), not under widget keys: Streamlit
drops a widget's state when a page without that very widget runs, and every page has its own
widgets. Each widget starts at the stored value and writes its answer back.

Every widget has a key. Without one, a widget's identity includes its default, and the default
is the stored value: after a change the next run would make a new widget, and the viewer's next
choice, sent for the old one, would be dropped (every second change lost).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import streamlit as st

from prizestats.core import safe
from prizestats.core.times import KST
from prizestats.figures import picks
from prizestats.words import i18n


@dataclass
class Notices:
    """URL values that were ignored, shown once the language is known."""
    items: list[tuple[str, str, str]] = field(default_factory=list)  # name, value, reason key

    def add(self, name: str, value: str, reason: str) -> None:
        self.items.append((name, value, reason))


def today() -> date:
    from prizestats.core.access import now

    return now().astimezone(KST).date()


def parse_language(text: str) -> str:
    if text not in i18n.LANGUAGES:
        raise ValueError(text)
    return text


def parse_day(text: str) -> date:
    return date.fromisoformat(text)


# The names the filters write into the URL.
ADDRESS_NAMES = ("lang", "edition", "as_of", *picks.FILTERS)


def _address() -> dict[str, tuple[str, ...]]:
    return {name: tuple(st.query_params.get_all(name)) for name in ADDRESS_NAMES
            if st.query_params.get_all(name)}


def follow_the_address() -> None:
    """Back or forward in the browser (or an address typed anew) reruns the page with that
    address: when it is not the one the last run wrote, the address wins over the filters the
    session holds. An address with no filter at all is a page change from the menu, which
    keeps them."""
    written = st.session_state.get("address_written")
    address = _address()
    if written is None or not address or address == written:
        return
    for name in (*ADDRESS_NAMES, "editions"):
        st.session_state.pop(f"filter_{name}", None)


def remember_the_address() -> None:
    st.session_state["address_written"] = _address()


def _from_address(name: str, value: object) -> None:
    """Store a value read from the URL, and show it in its widget if the widget exists already
    (the session followed the address: back, forward)."""
    st.session_state[f"filter_{name}"] = value
    if f"widget_{name}" in st.session_state:
        st.session_state[f"widget_{name}"] = list(value) if isinstance(value, tuple) else value


def stored(name: str, parse: Callable[[str], object], default: object,
           notices: Notices, reason: str) -> object:
    """The filter's value: from the URL on a session's first run, then as last chosen."""
    state_key = f"filter_{name}"
    if state_key not in st.session_state:
        raw = st.query_params.get(name)
        value = default
        if raw not in (None, ""):
            try:
                value = parse(raw)
            except ValueError:
                notices.add(name, raw, reason)
        _from_address(name, value)
    return st.session_state[state_key]


def store(name: str, value: object) -> None:
    st.session_state[f"filter_{name}"] = value


def language(notices: Notices) -> str:
    current = stored("lang", parse_language, "en", notices, "unknown_language")
    # The language picker is labelled in both languages so either reader can find it.
    label = " · ".join(i18n.t("language", lang) for lang in i18n.LANGUAGES)
    choice = st.sidebar.segmented_control(
        label, list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get, default=current,
        selection_mode="single", key="widget_lang")
    choice = choice or current  # a second click deselects: keep the language
    store("lang", choice)
    st.query_params["lang"] = choice
    return choice


def _edition_number(options: dict[int, str]) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.isdigit() or int(text) not in options:
            raise ValueError(text)
        return int(text)
    return parse


def edition(options: dict[int, str], default: int, lang: str, notices: Notices) -> int:
    current = stored("edition", _edition_number(options), default, notices, "unknown_edition")
    if current not in options:  # the database changed under the session
        current = default
    value = st.sidebar.selectbox(i18n.t("edition", lang), list(options),
                                 index=list(options).index(current), format_func=options.get,
                                 key="widget_edition")
    store("edition", value)
    st.query_params["edition"] = str(value)
    return value


def as_of(lang: str, notices: Notices) -> datetime:
    """The end of the chosen day in Seoul; today means now (the end of today is the future)."""
    current = today()
    chosen = st.sidebar.date_input(
        i18n.t("as_of", lang), value=stored("as_of", parse_day, current, notices, "bad_date"),
        help=i18n.t("as_of_help", lang), format="YYYY-MM-DD", key="widget_as_of")
    store("as_of", chosen)
    if chosen == current:
        st.query_params.pop("as_of", None)
        from prizestats.core.access import now

        # To the minute, so that cached results serve every rerun within that minute.
        return now().replace(second=0, microsecond=0)
    st.query_params["as_of"] = chosen.isoformat()
    return datetime(chosen.year, chosen.month, chosen.day, 23, 59, 59, 999999, tzinfo=KST)


def show_notices(notices: Notices, lang: str) -> None:
    for name, value, reason in notices.items:
        # the value is whatever was typed into the address: text, never markdown
        st.warning(i18n.t("bad_param", lang, name=safe.markdown(name), value=safe.markdown(value),
                          reason=i18n.t(reason, lang)))


def several(name: str, options: dict[str, str], label: str, help_text: str, placeholder: str,
            notices: Notices) -> tuple[str, ...]:
    """A filter of several values (region, country, ...): none chosen means all."""
    state_key = f"filter_{name}"
    if state_key not in st.session_state:
        chosen = []
        for raw in st.query_params.get_all(name):
            if raw in options:
                chosen.append(raw)
            elif raw:
                notices.add(name, raw, "unknown_value")
        _from_address(name, tuple(dict.fromkeys(chosen)))
    current = [v for v in st.session_state[state_key] if v in options]
    chosen = st.sidebar.multiselect(label, list(options), default=current,
                                    format_func=options.get, help=help_text,
                                    placeholder=placeholder, key=f"widget_{name}")
    store(name, tuple(chosen))
    if chosen:
        st.query_params[name] = chosen
    else:
        st.query_params.pop(name, None)
    return tuple(chosen)


def editions(options: dict[int, str], label: str, notices: Notices) -> tuple[int, ...]:
    """Several editions side by side. One edition in the URL (a link from another page)
    means that edition and every one before it."""
    if "filter_editions" not in st.session_state:
        parse = _edition_number(options)
        chosen = []
        for raw in st.query_params.get_all("edition"):
            try:
                chosen.append(parse(raw))
            except ValueError:
                notices.add("edition", raw, "unknown_edition")
        if len(chosen) == 1:
            chosen = [e for e in options if e <= chosen[0]]
        _from_address("editions", tuple(sorted(set(chosen))) or tuple(options))
    current = [e for e in st.session_state["filter_editions"] if e in options]
    chosen = sorted(st.sidebar.multiselect(label, list(options), default=current,
                                           format_func=options.get, key="widget_editions"))
    store("editions", tuple(chosen))
    st.query_params["edition"] = [str(e) for e in chosen]
    return tuple(chosen) or tuple(options)
