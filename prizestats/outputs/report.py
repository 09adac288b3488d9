"""The edition report: a print-ready A4 PDF in English or Korean, for WeGO and the organisers.

One HTML document (cover, contents, sections, charts as inline SVG from the same builders as
the pages) printed to PDF by Debian's chromium through choreographer, the driver kaleido already
uses for chart images: vector charts, NanumBarunGothic embedded as TrueType (export.PAPER_FONT),
text that copies as Korean, page numbers and "Sample data" in every page's footer. It shows what its
role may see at its moment, as the app and the press kit do: the queries and
prizestats.core.disclosure apply the rules.
"""

from __future__ import annotations

import asyncio
import base64
import math
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

from prizestats.core import access, safe
from prizestats.core.editions import Edition
from prizestats.core.editions import edition as edition_of
from prizestats.core.safe_write import atomic_write
from prizestats.core.scope import View
from prizestats.figures import charts, export, intake, press, revisions, statements
from prizestats.figures.press import QueryRunner
from prizestats.outputs import templates
from prizestats.outputs.presskit import Progress
from prizestats.words import about, i18n

ROLES = ("press", "wego", "organiser")


class ReportError(ValueError):
    """Bad input: one line for the user, exit status 2, no file left behind."""




def path_for(out: Path, edition: int, lang: str, role: str) -> Path:
    return out / f"report-{edition}-{lang}-{role}.pdf"


# -- the document -------------------------------------------------------------------------------


def _table(frame: pd.DataFrame, lang: str, link_column: str | None = None) -> templates.Table:
    """Text, never markup; numbers right-aligned in the language's format. Only `link_column`
    (a published figure's source, checked as http(s) when recorded) may hold links: a project
    title, an applicant's name or a city that looks like an address is imported text, and
    stays text. A year is written without a thousands separator (docs/style.md): 2023."""
    year = i18n.t("year", lang)

    def cell(value: object, column: str) -> templates.Cell:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return templates.Cell()
        if column == year and isinstance(value, int | float) and not isinstance(value, bool):
            return templates.Cell(str(int(value)), number=True)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return templates.Cell(i18n.number(value, lang), number=True)
        link = safe.web_link(value) if column == link_column else None
        if link:  # the source of a published figure: its site as the link's text
            return templates.Cell(urlparse(link).netloc.removeprefix("www."), link=link)
        return templates.Cell(str(value))

    return templates.table(frame, cell)


# bold, italics, code: the kind of a run is the group that matched
_INLINE = re.compile(r"\*\*(.+?)\*\*|(?<!\*)\*(?!\*)(.+?)\*|`(.+?)`")
_INLINE_KINDS = ("strong", "em", "code")


def _inline(line: str) -> list[tuple[str, str]]:
    """A line as runs of (text | strong | em | code, text)."""
    runs, done = [], 0
    for match in _INLINE.finditer(line):
        if match.start() > done:
            runs.append(("text", line[done:match.start()]))
        group = match.lastindex or 1
        runs.append((_INLINE_KINDS[group - 1], match[group]))
        done = match.end()
    if done < len(line):
        runs.append(("text", line[done:]))
    return runs


def _markdown(text: str) -> list[tuple[str, object]]:
    """The About page's text (ours, not from outside) as blocks for the template: paragraphs
    and bullet lists, their lines as runs of text, bold, italics and code."""
    blocks: list[tuple[str, object]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines()]
        if lines and lines[0].startswith("- "):
            items, current = [], ""
            for line in lines:
                if line.startswith("- "):
                    if current:
                        items.append(current)
                    current = line[2:]
                else:
                    current += " " + line
            items.append(current)
            blocks.append(("list", [_inline(item) for item in items]))
        else:
            blocks.append(("paragraph", _inline(" ".join(lines))))
    return blocks


def _change_table(result: dict, previous: dict | None, reconciled: pd.DataFrame, lang: str,
                  embargo_until: dict, previous_year: int | None,
                  final: frozenset[str] = frozenset(statements.HEADLINE),
                  revised: dict[str, dict] | None = None) -> pd.DataFrame:
    """The headline figures with their definitions, the published value and source, any
    revision since public, and the change against the previous edition."""
    table = press.key_figures(result, reconciled, lang, embargo_until, revised)
    if previous is not None and previous_year is not None:
        column = i18n.t("report.change", lang, year=previous_year)
        changes = []
        for metric in statements.HEADLINE:
            now, then = result[metric], previous.get(metric)
            # only a final figure against a final one: never an open call's count against a
            # finished call, nor a stage under way (statements)
            changes.append(i18n.signed(now - then, lang)
                           if metric in final and press.comparable(now)
                           and press.comparable(then) else "")
        table.insert(2, column, changes)
    return table


def _backtest_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The projection's backtest as the Intake page shows it, in the report's language."""
    table = intake.backtest_text(table, lang)
    if table.empty:
        return table
    return table[intake.BACKTEST_COLUMNS].rename(columns=lambda c: i18n.t(c, lang))


# A chart is drawn CHART_SIZE px and printed the page's width (A4 less its margins, report.html.j2),
# two to a page; none of its text smaller than SMALLEST_PT on paper.
CHART_SIZE = {"width": 700, "height": 430}
PRINTED_WIDTH_PT = (210 - 2 * 15) / 25.4 * 72
SMALLEST_PT = 8


def smallest_px() -> float:
    """The least font size in a chart's px that prints at SMALLEST_PT."""
    return math.ceil(SMALLEST_PT * CHART_SIZE["width"] / PRINTED_WIDTH_PT * 10) / 10


def _svgs(figures: list[go.Figure]) -> list[Markup]:
    """Every chart as SVG, in one browser session (starting chromium is most of the cost): the
    chart renderer's markup, which the template puts in as it is."""
    with tempfile.TemporaryDirectory() as folder:
        jobs = [(figure, Path(folder) / f"{i}.svg") for i, figure in enumerate(figures)]
        export.write_images(jobs, CHART_SIZE, smallest_px())
        return [Markup(re.sub(r"^<\?xml[^>]*>", "", path.read_text(encoding="utf-8")))
                for _, path in jobs]


@dataclass(frozen=True)
class Section:
    """One section of the report: its blocks, in order, as (kind, value) for report.html.j2:
    paragraph (text), list (lines), table (a templates.Table), figure (a chart: its plotly
    figure, then its SVG) or markdown (_markdown's blocks)."""
    anchor: str
    heading: str
    blocks: list[tuple[str, object]]

    @property
    def figures(self) -> list[go.Figure]:
        return [value for kind, value in self.blocks if kind == "figure"]


class Document:
    """The parts of one report, gathered from the queries."""

    def __init__(self, run: QueryRunner, edition: Edition, lang: str, role: str,
                 as_of: datetime, is_sample: bool, now: datetime | None = None):
        self.run, self.edition, self.lang, self.role = run, edition, lang, role
        self.as_of, self.is_sample = as_of, is_sample
        self.now = now or access.now()  # the moment of reading: the revisions made by then
        self.public = role != "organiser"
        self.view = View(edition.number, as_of, self.public)
        # what every "as of" of the report says: the figures' last change once the call closed
        self.dated = press.dated(run, edition.number, as_of, self.public)
        open_until = edition.call_closes_at if edition.call_open(as_of) else None
        self.source_line = press.source_line(lang, is_sample, self.dated, open_until)

    def say(self, key: str, **values: object) -> str:
        return i18n.t(f"report.{key}", self.lang, **values)

    def sections(self) -> list[Section]:
        """The sections of the report, in order, each with its text, tables and charts."""
        result = press.figures(self.run, self.edition.number, self.as_of, self.public)
        sections = [self._headline_section(result), self._regions_section(result),
                    self._categories_section(result), self._stages_section(result),
                    self._trends_section(), self._results_section()]
        if not self.public:
            sections.append(self._intake_section())
        sections.append(self._definitions_section())
        sections.append(self._citation_section())
        return sections

    def _headline_section(self, result: dict) -> Section:
        """The headline sentences, and the key figures against the published ones and the
        previous edition."""
        run, lang = self.run, self.lang
        number = self.edition.number
        editions = run("editions", {})
        previous_row = editions[editions["edition"] == number - 1]
        previous = (press.figures(run, number - 1, self.as_of, self.public)
                    if len(previous_row) else None)
        published = run("published_figures", {"edition": number, "as_of": self.as_of,
                                              "public": self.public})
        reconciled = press.reconcile(result, published)
        embargo_until = self.edition.embargo_until(self.as_of) if self.public else {}
        embargoed = self.edition.embargoed(self.as_of, self.public)
        _, said = statements.statuses(self.edition, self.as_of, result, embargoed)
        final = frozenset(m for m, status in said.items() if status == statements.Status.FINAL)
        # a figure revised while public says so in print too (revisions: the `r` flag), by
        # now: the report's figures are today's data at its as_of
        revised = revisions.beside_headline(
            revisions.history(run, number, self.now, public_only=True), self.edition,
            self.as_of, result, self.public)
        headline = _change_table(result, previous, reconciled, lang, embargo_until,
                                 int(previous_row["year"].iloc[0]) if len(previous_row) else None,
                                 final, revised)
        sentences = " ".join(press.headlines(result, lang, self.edition, self.as_of,
                                             reconciled, self.is_sample, dated=self.dated))
        return Section("headline", self.say("headline"), [
                ("paragraph", sentences),
                ("table", _table(headline, lang, link_column=i18n.t("source", lang)))])

    def _regions_section(self, result: dict) -> Section:
        run, lang, params = self.run, self.lang, self.view.params()
        total = result["entries"]
        regions = run("entries_by_region6", params)
        countries = run("entries_by_country", params)
        source = self.source_line
        return Section("regions", self.say("regions"), [
                ("figure", charts.entries_by_region(regions, lang, source, total=total)),
                ("figure", charts.entries_by_country(countries, lang, source))])

    def _categories_section(self, result: dict) -> Section:
        run, lang, params = self.run, self.lang, self.view.params()
        total = result["entries"]
        categories = run("entries_by_category", params)
        applicant_types = run("entries_by_applicant_type", params)
        source = self.source_line
        return Section("categories", self.say("categories"), [
                ("figure", charts.entries_by_category(categories, lang, source, total=total)),
                ("figure", charts.ranked_bars(applicant_types, "applicant_type", lang, source,
                                              self.say("applicant_types_title")))])

    def _stages_section(self, result: dict) -> Section:
        run, lang, params = self.run, self.lang, self.view.params()
        conversion = run("conversion_by_group", params)
        embargoed = self.edition.embargoed(self.as_of, self.public)
        not_yet = statements.not_yet(self.edition, self.as_of, result, embargoed)
        unsettled = {"not_yet": not_yet, "provisional": statements.provisional(
            self.edition, self.as_of, result, embargoed)}
        source = self.source_line
        return Section("stages", self.say("stages"), [
                ("figure", charts.stage_funnel(result["entries"], result["eligible"],
                                               result["finalists"], result["winners"], lang,
                                               source, **unsettled)),
                ("figure", charts.conversion_rates(conversion, "region", lang, source,
                                                   embargoed=embargoed, **unsettled)),
                ("figure", charts.conversion_rates(conversion, "category", lang, source,
                                                   embargoed=embargoed, **unsettled))])

    def _trends_section(self) -> Section:
        """The editions up to this one, side by side."""
        run, lang = self.run, self.lang
        number = self.edition.number
        trend_params = {"editions": None, "as_of": self.as_of, "public": self.public,
                        **self.view.scope.params()}
        summary = run("edition_summary", {k: v for k, v in trend_params.items()
                                          if k != "editions"})
        summary = summary[summary["edition"] <= number]
        shown = [int(e) for e in summary["edition"]]
        trend_params["editions"] = shown
        source = self.source_line
        return Section("trends", self.say("trends"), [
                ("figure", charts.editions_side_by_side(
                    summary, lang, source, open_edition=self.edition.number
                    if self.edition.call_open(self.as_of) else None)),
                ("figure", charts.region_shares(run("region_shares_by_edition", trend_params),
                                                lang, source)),
                ("figure", charts.new_vs_returning(run("new_vs_returning", trend_params), lang,
                                                   source)),
                ("figure", charts.wego_members(run("wego_members_by_edition", trend_params),
                                               lang, source))])

    def _results_section(self) -> Section:
        run, lang, params = self.run, self.lang, self.view.params()
        results = run("results", params)
        return Section("results", self.say("results"), [
            ("table", _table(press.results_table(results, lang), lang)) if len(results)
            else ("paragraph", self.say("no_results"))])

    def _definitions_section(self) -> Section:
        lang = self.lang
        return Section("definitions", self.say("definitions"),
                       [("markdown", _markdown(about.rules(lang)))])

    def _citation_section(self) -> Section:
        number, lang = self.edition.number, self.lang
        citation = press.citation(number, self.edition.year, self.dated, lang, self.is_sample)
        return Section("citation", self.say("citation"), [("paragraph", citation)])

    def _intake_section(self) -> Section:
        """Organisers: the intake curve against earlier editions and the projection's backtest."""
        run, lang, number = self.run, self.lang, self.edition.number
        curve = run("intake_curve", {"as_of": self.as_of, "public": False,
                                     **self.view.scope.params()})
        closes = self.edition.call_closes_at
        editions = run("editions", {})
        days = intake.days_before(self.as_of, closes) if closes else 0
        earlier = intake.earlier_editions(editions, curve, number, self.as_of)
        so_far = intake.count_at(curve, number, days)
        paces = intake.pace(curve, number, days, earlier)
        title = intake.title_text(lang, self.edition.year, so_far, days, paces)
        figure = charts.intake_curve(curve[curve["edition"] <= number], number, days, title, lang,
                                     self.source_line)
        projection = intake.projection_text(lang, curve, so_far, days, earlier)
        complete = [*earlier, *([number] if closes and closes < self.as_of else [])]
        backtest = _backtest_table(intake.backtest(curve, complete), lang)
        return Section("intake", self.say("intake"), [
            ("figure", figure), ("list", intake.pace_texts(lang, paces, days)),
            ("paragraph", projection), *([("table", _table(backtest, lang))] if len(backtest) else [])])

    def html(self, progress: Callable[[str], None] = lambda _: None,
             draw: Callable[[list[go.Figure]], list[Markup]] = _svgs) -> str:
        """`draw`: the charts as markup, in order (SVG; the state matrix reads their words)."""
        lang, number, year = self.lang, self.edition.number, self.edition.year
        sections = self.sections()
        progress("data")
        svgs = iter(draw([f for section in sections for f in section.figures]))  # in order
        progress("charts")
        drawn = [replace(section, blocks=[(kind, next(svgs) if kind == "figure" else value)
                                          for kind, value in section.blocks])
                 for section in sections]
        role_name = self.say(f"role_{self.role}")
        return templates.render(
            "report.html.j2", lang=lang, prize=i18n.t("prize", lang),
            edition_name=i18n.edition_label(number, year, lang), title=self.say("title"),
            as_of=self.say("as_of", when=i18n.moment(self.dated, lang)),
            prepared_for=self.say("role", role=role_name),
            rules=(self.say("public_rules", role=role_name) if self.public
                   else self.say("organiser_rules")),
            sample=self.say("sample") if self.is_sample else None,
            contents=self.say("contents"), sections=drawn)

    def footer(self) -> str:
        sample = f"{self.say('sample').split(':')[0]} · " if self.is_sample else ""
        return templates.render("report_footer.html.j2", text=sample + self.say("footer"))


# -- printing -----------------------------------------------------------------------------------

_ONE_RENDERER = threading.Lock()  # a crowd pressing the button starts one chromium, not many


def print_pdf(document_html: str, footer: str) -> bytes:
    """The HTML printed to PDF by Debian's chromium (A4 from the page's CSS)."""
    if not export.browser_available():
        raise export.ExportError("the report needs chromium (Debian: apt-get install chromium)")
    with _ONE_RENDERER, tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(document_html, encoding="utf-8")
        return asyncio.run(_print(page, footer))


async def _print(page: Path, footer: str) -> bytes:
    import choreographer

    path = shutil.which("chromium") or shutil.which("google-chrome")
    async with choreographer.Browser(path=path, headless=True) as browser:
        tab = await browser.create_tab()
        await tab.send_command("Page.enable")
        loaded = tab.subscribe_once("Page.loadEventFired")
        await tab.send_command("Page.navigate", params={"url": page.as_uri()})
        await loaded
        response = await tab.send_command("Page.printToPDF", params={
            "printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": True,
            "generateDocumentOutline": True,  # the headings as bookmarks
            "headerTemplate": templates.render("report_header.html.j2"),
            "footerTemplate": footer})
    if "error" in response:
        raise export.ExportError(f"chromium could not print the report: {response['error']}")
    return base64.b64decode(response["result"]["data"])


def make(run: QueryRunner, edition_number: int, lang: str, role: str, as_of: datetime,
         is_sample: bool, progress: Callable[[str], None] = lambda _: None,
         now: datetime | None = None) -> bytes:
    """One report as PDF bytes (the app's button and the command line)."""
    document = Document(run, _edition(run, edition_number), lang, role, as_of, is_sample, now)
    text = document.html(progress)
    data = print_pdf(text, document.footer())
    progress("pdf")
    return data


def _edition(run: QueryRunner, number: int) -> Edition:
    editions = run("editions", {})
    if number not in set(editions["edition"]):
        raise ReportError(f"--edition {number}: there is no such edition in the database")
    return edition_of(editions, number)


def check(role: str, langs: tuple[str, ...], as_of: datetime, now: datetime) -> None:
    if role not in ROLES:
        raise ReportError(f"--role {role!r}: one of press, wego, organiser")
    for lang in langs:
        if lang not in i18n.LANGUAGES:
            raise ReportError(f"--lang {lang!r}: the languages are en and ko")
    if role != "organiser" and as_of > now:
        raise ReportError(f"--as-of {as_of.isoformat()} is later than now: a {role} report can "
                          "only show what has been announced")


def build(run: QueryRunner, out: Path, edition_number: int, langs: tuple[str, ...], role: str,
          as_of: datetime, now: datetime,
          progress: Callable[[int], Progress] = Progress) -> list[Path]:
    """Write DIR/report-<edition>-<lang>-<role>.pdf per language; nothing is left of a file that
    could not be made whole (written beside, then renamed: safe_write)."""
    check(role, langs, as_of, now)
    _edition(run, edition_number)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"--out {out}: cannot make the folder ({error.strerror})") from None
    if not out.is_dir() or not _writable(out):
        raise ReportError(f"--out {out}: not a writable folder")
    dataset = dict(zip(*[run("dataset", {})[c] for c in ("key", "value")], strict=True))
    is_sample = dataset.get("dataset") == "sample"
    steps = progress(3 * len(langs))
    written = []
    for lang in langs:
        data = make(run, edition_number, lang, role, as_of, is_sample,
                    lambda what, lang=lang: steps.step(f"{lang}: {what}"), now)
        written.append(atomic_write(path_for(out, edition_number, lang, role), data))
    return written


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)
