"""Click to explore: what a click on a chart's mark sets (the pure half; the Streamlit half,
which applies a click and draws the chips' callbacks, is prizestats.app.clicks).

A clickable chart's builder (prizestats.figures.charts) gives each mark a *pick*: the entry-filter
values the mark stands for, written "region=Africa" or, for a mark that stands for several,
"region=North America|region=South America" (the Americas of the six regions) and
"category=leadership|applicant_type=company" (a cell of a two-way table). A click toggles those
values in the sidebar's filters exactly as if they had been chosen there: the URL, a reload and
every chart follow, and clicking a chosen mark again removes its values.

Each clickable chart is keyed on the filter state (`chart_key`), so a changed filter gives it a
new identity: no stale highlight is left on a mark after its filter is removed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

from prizestats.core import reference

# The entry filters a click can set (prizestats.app.frame._entry_filters), in their sidebar order.
FILTERS = ("region", "country", "category", "applicant_type", "stage")
# Plotly's layout.meta of a chart whose marks can be clicked.
CLICKABLE = "prizestats:clickable"


def _known(name: str, value: object) -> bool:
    """A value the filter offers: a code of the reference sets, or an ISO 3166 alpha-3 code."""
    if name == "country":
        return isinstance(value, str) and re.fullmatch("[A-Z]{3}", value) is not None
    return value in {"region": reference.REGIONS, "category": reference.CATEGORIES,
                     "applicant_type": reference.APPLICANT_TYPES,
                     "stage": reference.STAGES}[name]


def pick(*pairs: tuple[str, object]) -> str:
    """The pick of a mark: pick(("region", "Africa")) -> "region=Africa"; "" (a mark that sets
    nothing) when a value is none the filter offers, such as a name from a broken file."""
    for name, _ in pairs:
        if name not in FILTERS:
            raise ValueError(f"not an entry filter: {name}")
    if not all(_known(name, value) for name, value in pairs):
        return ""
    return "|".join(f"{name}={value}" for name, value in pairs)


def parse(text: object) -> dict[str, tuple[str, ...]]:
    """A pick back as {filter: values}; anything that is not a pick gives nothing."""
    values: dict[str, tuple[str, ...]] = {}
    if not isinstance(text, str):
        return values
    for part in text.split("|"):
        name, sep, value = part.partition("=")
        if sep and name in FILTERS and value:
            values[name] = (*values.get(name, ()), value)
    return values


def picks_of(points: Iterable[Mapping]) -> list[dict[str, tuple[str, ...]]]:
    """The picks of the points of a plotly selection (Streamlit's selection.points): each
    point's customdata holds its pick, first where the customdata is a list."""
    found = []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            data = data[0] if data else None
        values = parse(data)
        if values:
            found.append(values)
    return found


def toggled(current: Mapping[str, tuple[str, ...]], values: Mapping[str, tuple[str, ...]]
            ) -> dict[str, tuple[str, ...]]:
    """The filters after a click on a mark standing for `values`: every value added, or, when
    all of them are chosen already, all removed (a second click undoes the first)."""
    chosen = all(v in current.get(name, ()) for name, vs in values.items() for v in vs)
    result = {name: tuple(current.get(name, ())) for name in FILTERS}
    for name, vs in values.items():
        if chosen:
            result[name] = tuple(v for v in result[name] if v not in vs)
        else:
            result[name] = result[name] + tuple(v for v in vs if v not in result[name])
    return result


def chart_key(key: str, filters: Mapping[str, tuple[str, ...]]) -> str:
    """A clickable chart's widget key, new for every filter state."""
    state = "&".join(f"{name}={','.join(filters.get(name, ()))}" for name in FILTERS)
    return f"chart_{key}_{hashlib.sha1(state.encode()).hexdigest()[:10]}"
