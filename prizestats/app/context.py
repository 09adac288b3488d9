"""What a page knows of its viewer and moment (PageContext), and which pages there are.

The page frame (prizestats.app.frame) makes the context; view pieces and pages read it. This module
holds no Streamlit calls of its own beyond making an st.Page, so the view pieces can import it
without importing the frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from prizestats.core import access
from prizestats.core.editions import Edition
from prizestats.core.reference import ROOT
from prizestats.core.scope import Scope, View
from prizestats.figures import press, statements
from prizestats.figures.charts import SourceLine
from prizestats.words import i18n


@dataclass(frozen=True)
class PageSpec:
    name: str  # pages/<name>.py, served at /<name>
    title_key: str
    icon: str
    roles: tuple[str, ...] = access.ROLES


PAGES = (
    PageSpec("overview", "overview", ":material/dashboard:"),
    PageSpec("regions", "regions_page", ":material/public:"),
    PageSpec("categories", "categories_page", ":material/category:"),
    PageSpec("stages", "stages_page", ":material/filter_alt:"),
    PageSpec("trends", "trends_page", ":material/trending_up:"),
    PageSpec("intake", "intake_page", ":material/inbox:", roles=("organiser",)),
    PageSpec("results", "results_page", ":material/emoji_events:"),
    PageSpec("entries", "entries_page", ":material/table_rows:", roles=("organiser",)),
    PageSpec("data", "data_page", ":material/upload_file:", roles=("organiser",)),
    PageSpec("press", "press_page", ":material/newspaper:"),
    PageSpec("about", "about_page", ":material/info:"),
)


@dataclass(frozen=True)
class PageContext:
    page: str
    lang: str
    role: str
    edition: int
    year: int
    editions: dict[int, int]  # edition -> year, for "vs 2024" and the like
    as_of: datetime  # what the viewer asked for
    data_as_of: datetime  # what they may see: min(as_of, now) unless organiser
    public: bool
    dataset: dict[str, str]
    scope: Scope
    editions_shown: tuple[int, ...]  # for pages that set editions side by side
    dates: Edition  # the edition shown, with its call window, announcement and ceremony
    # the last change of the edition's figures by data_as_of (press.figures_changed_at)
    changed_at: datetime | None = None

    @property
    def call_closes_at(self) -> datetime | None:
        return self.dates.call_closes_at

    @property
    def finalists_public_at(self) -> datetime | None:
        """The finalist announcement, else the ceremony; None: not known."""
        return self.dates.finalists_public_at

    @property
    def ceremony_at(self) -> datetime | None:
        return self.dates.ceremony_at

    @property
    def figures_as_of(self) -> datetime:
        """The moment the figures shown are dated by (statements.dated): the moment read while
        the call is open, else the last change; what every "as of" on the page says."""
        return statements.dated(self.dates, self.data_as_of, self.changed_at)

    @property
    def call_open(self) -> bool:
        """Whether the call for entries was still open at the moment shown."""
        return self.dates.call_open(self.data_as_of)

    @property
    def before_call(self) -> bool:
        """Whether the moment shown is before the call for entries opened."""
        opens = self.dates.call_opens_at
        return opens is not None and self.data_as_of < opens

    @property
    def embargoed_metrics(self) -> frozenset[str]:
        """Results this viewer may not see yet (none for organisers)."""
        return self.dates.embargoed(self.data_as_of, self.public)

    @property
    def embargo_until(self) -> dict[str, datetime | None]:
        """Each result this viewer may not see yet, with the moment it is announced (None when
        that is not known)."""
        return self.dates.embargo_until(self.data_as_of, self.public)

    @property
    def results_embargoed(self) -> bool:
        return "winners" in self.embargoed_metrics

    @property
    def finalists_embargoed(self) -> bool:
        return "finalists" in self.embargoed_metrics

    @property
    def view(self) -> View:
        return View(self.edition, self.data_as_of, self.public, self.scope)

    @property
    def is_sample(self) -> bool:
        return self.dataset.get("dataset") == "sample"

    def t(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)

    def source_line(self) -> SourceLine:
        return SourceLine(press.source_line(
            self.lang, self.is_sample, self.figures_as_of,
            open_until=self.call_closes_at if self.call_open else None))


def page_file(spec: PageSpec) -> str:
    return str(ROOT / "pages" / f"{spec.name}.py")


def visible_pages(role: str) -> list[PageSpec]:
    return [spec for spec in PAGES if role in spec.roles]


def page(name: str, lang: str) -> st.Page:
    """The st.Page of pages/<name>.py, at its own address (as in the navigation)."""
    spec = next(spec for spec in PAGES if spec.name == name)
    return st.Page(page_file(spec), title=i18n.t(spec.title_key, lang), icon=spec.icon,
                   url_path=spec.name)
