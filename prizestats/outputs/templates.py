"""The HTML of the outputs (the report, the press kit, the digest), from the Jinja templates in
outputs/templates/.

Every value is escaped by the template (autoescape), so text from the data can only ever be
text. A value is markup only when it comes in as `markupsafe.Markup`: the charts' SVG, made by
the chart renderer. The templates hold the markup and no words: every word comes in as a value,
from the modules that own the words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd

FOLDER = Path(__file__).parent / "templates"

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(FOLDER), autoescape=True, undefined=jinja2.StrictUndefined,
    trim_blocks=True, lstrip_blocks=True)


def render(name: str, /, **values: object) -> str:
    """The template `name` of outputs/templates/ with `values`, every one escaped."""
    return _ENVIRONMENT.get_template(name).render(**values)


@dataclass(frozen=True)
class Cell:
    """One cell of a table: text, right-aligned when a number, and a link only when `link` is
    set, to an address that safe.web_link accepted."""
    text: str = ""
    number: bool = False
    link: str | None = None


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[Cell]]


def table(frame: pd.DataFrame, cell: Callable[[object, str], Cell]) -> Table:
    """A frame as a Table: its columns as the head, each value through cell(value, column)."""
    columns = [str(c) for c in frame.columns]
    return Table(columns, [[cell(value, column) for value, column in zip(row, frame.columns,
                                                                          strict=True)]
                           for row in frame.itertuples(index=False)])
