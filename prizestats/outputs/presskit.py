"""The static press kit: a folder that opens from disk, with no server and no internet.

It shows what the public may see at --as-of (the embargo applies, whatever the caller's role),
and is what goes on a CDN on announcement day.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from prizestats.core import settings
from prizestats.core.editions import Edition
from prizestats.core.editions import edition as edition_of
from prizestats.core.safe_write import atomic_write, make_folder
from prizestats.core.scope import View
from prizestats.figures import charts, export, flags, press, revisions, share
from prizestats.figures.press import QueryRunner
from prizestats.outputs import bundle, templates
from prizestats.outputs import calendar as release_calendar
from prizestats.words import i18n


class PressKitError(ValueError):
    pass


def _edition(run: QueryRunner, number: int) -> Edition:
    editions = run("editions", {})
    if number not in set(editions["edition"]):
        raise PressKitError(f"edition {number} is not in the database")
    return edition_of(editions, number)


class Progress:
    """A text progress bar on stderr: the kit takes some seconds (chart images)."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream

    def step(self, what: str) -> None:
        self.done += 1
        filled = round(20 * self.done / self.total)
        bar = "#" * filled + "-" * (20 - filled)
        print(f"[{bar}] {self.done}/{self.total} {what}", file=self.stream, flush=True)


CHARTS = bundle.CHARTS
IMAGES_PER_BATCH = 8  # one browser session per batch, and a progress step after each
# Beside the kit's language folders, for the charts' HTML (LANG/charts/NAME.html): plotly.js, and
# the world outlines a map reads, as a script: plotly's default address is on the internet, and a
# page opened from disk may not fetch a file beside it (plotly.js reads PlotlyGeoAssets first).
PLOTLY_JS = "plotly.min.js"
WORLD = "world_110m"
WORLD_JS = f"{WORLD}.js"


def _charts_for(run: QueryRunner, view: View, lang: str, source_line: str, result: dict,
                dates: Edition) -> dict[str, tuple[go.Figure, pd.DataFrame]]:
    """Each chart of the kit with its data table, as the pages show them (bundle.chart)."""
    return {name: bundle.chart(run, view, lang, source_line, result, dates, name)
            for name in CHARTS}


def _table(frame: pd.DataFrame) -> templates.Table:
    """Text, never markup and never a link: a project title that is a URL stays text."""
    def cell(value: object, _column: str) -> templates.Cell:
        missing = value is None or (isinstance(value, float) and pd.isna(value))
        return templates.Cell("" if missing else str(value))

    return templates.table(frame, cell)



def _page(lang: str, edition: Edition, as_of: datetime, dated: datetime, is_sample: bool,
          result: dict,
          reconciled: pd.DataFrame, figures_table: pd.DataFrame,
          results_table: pd.DataFrame | None, titles: dict[str, str], other: str | None) -> str:
    t = lambda key, **v: i18n.t(key, lang, **v)  # noqa: E731
    citation = press.citation(edition.number, edition.year, dated, lang, is_sample)
    embargo = None
    if edition.ceremony_at is None or as_of < edition.ceremony_at:
        key = "embargo_unknown" if edition.ceremony_at is None else "embargo_results"
        when = i18n.moment(edition.ceremony_at, lang) if edition.ceremony_at else ""
        embargo = t(key, ceremony=when)
    quotes = [(sentence_lang, " ".join(press.headlines(result, sentence_lang, edition, as_of,
                                                       reconciled, is_sample, dated=dated)))
              for sentence_lang in (lang, "ko" if lang == "en" else "en")]
    has_results = results_table is not None and len(results_table) > 0
    return templates.render(
        "presskit.html.j2", lang=lang, title=t("presskit.page.title"),
        edition_name=i18n.edition_label(edition.number, edition.year, lang), other=other,
        other_language=i18n.LANGUAGES[other] if other else None, prize=t("prize"),
        as_of=t("figures_as_of", when=i18n.moment(dated, lang)),
        sample=t("sample_notice") if is_sample else None, embargo=embargo,
        headings={"headlines": t("headlines"), "key_figures": t("key_figures"),
                  "results": t("results_page"), "charts": t("presskit.page.charts"),
                  "files": t("presskit.page.files"), "citation": t("citation"),
                  "licence": t("licence.heading")},
        quotes=quotes, figures=_table(figures_table),
        results=_table(results_table) if has_results else None,
        no_results=t("no_results_yet"), charts=list(titles.items()),
        chart_links={"html": t("presskit.page.interactive"), "zip": t("presskit.page.bundle")},
        citation=citation, licence=press.attribution(citation, lang))


@dataclass(frozen=True)
class _Kit:
    """What every language of one kit is made from."""
    run: QueryRunner
    edition: Edition
    edition_number: int
    langs: tuple[str, ...]
    as_of: datetime  # the moment asked for: what may be seen
    dated: datetime  # the moment every "as of" says (press.dated)
    is_sample: bool
    view: View
    result: dict
    results: pd.DataFrame
    reconciled: pd.DataFrame
    embargo_until: dict
    flags: dict[str, str]  # each figure's status flag (flags.figures_flags)
    revised: pd.DataFrame  # the public revisions (revisions.history), for revisions.csv


def build(run: QueryRunner, out: Path, edition_number: int, langs: tuple[str, ...],
          as_of: datetime, now: datetime, progress: Callable[[int], Progress] = Progress
          ) -> list[Path]:
    """Write the kit for the public as of `as_of` (never later than now)."""
    _check(langs, as_of, now)
    edition = _edition(run, edition_number)
    dataset = dict(zip(*[run("dataset", {})[c] for c in ("key", "value")], strict=True))
    is_sample = dataset.get("dataset") == "sample"
    view = View(edition_number, as_of, public=True)
    image_batches = -(-len(CHARTS) * 2 * len(langs) // IMAGES_PER_BATCH)
    steps = progress(2 + 2 * len(langs) + image_batches)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    result = press.figures(run, edition_number, as_of, public=True)  # its as_of: the moment asked
    dated = press.dated(run, edition_number, as_of, public=True)  # what every "as of" says
    # revisions of figures public before and after the change, up to now (the kit's figures
    # are today's data at as_of): the r flag and revisions.csv
    revised = revisions.history(run, edition_number, now, public_only=True)
    marks = flags.figures_flags(result, edition, as_of, public=True,
                                revised=revisions.revised(revised))
    figures_json = out / "figures.json"
    # the contract's keys as they are, and each figure's status flag beside them
    atomic_write(figures_json, json.dumps({**result, "flags": marks}, ensure_ascii=False,
                                          indent=2))
    written.append(figures_json)
    steps.step("figures.json")
    results = run("results", view.params())
    # only the figures public at as_of (published_as_of): the kit is for the public
    published = run("published_figures", {"edition": edition_number, "as_of": as_of,
                                           "public": True})
    reconciled = press.reconcile(result, published)
    embargo_until = edition.embargo_until(as_of)
    kit = _Kit(run, edition, edition_number, langs, as_of, dated, is_sample, view, result,
               results, reconciled, embargo_until, marks, revised)

    images: list[tuple[go.Figure, Path]] = []
    for lang in langs:
        written += _write_language(kit, out, lang, images, steps)
    # the release calendar per language: moments only, never a result (outputs.calendar)
    moments = run("published_moments", {"edition": edition_number})
    for lang in langs:
        written.append(atomic_write(
            out / lang / release_calendar.file_name(edition, lang),
            release_calendar.ics(edition, moments, lang, now, settings.public_url() or "")))
    written += _write_images(images, steps)
    written += _write_chart_scripts(out)
    written.append(_write_readme(out, edition, dated, langs, is_sample))
    written.append(_write_index(out, edition, langs))
    steps.step("README.md")
    return written


def _check(langs: tuple[str, ...], as_of: datetime, now: datetime) -> None:
    """The refusals before anything is written."""
    if as_of > now:
        raise PressKitError(f"--as-of {as_of.isoformat()} is later than now: a press kit can only "
                            "show what has been announced")
    for lang in langs:
        if lang not in i18n.LANGUAGES:
            raise PressKitError(f"--lang {lang!r}: the languages are en and ko")


def _write_language(kit: _Kit, out: Path, lang: str, images: list[tuple[go.Figure, Path]],
                    steps: Progress) -> list[Path]:
    """One language's folder: its tables (CSV and XLSX) and index.html, written; its charts
    added to `images`, drawn later with every other language's."""
    run, view, result, results, langs = kit.run, kit.view, kit.result, kit.results, kit.langs
    edition, edition_number, as_of, dated = kit.edition, kit.edition_number, kit.as_of, kit.dated
    is_sample, reconciled, embargo_until = kit.is_sample, kit.reconciled, kit.embargo_until
    written: list[Path] = []
    folder = make_folder(out / lang)
    make_folder(folder / "charts")
    open_until = edition.call_closes_at if edition.call_open(as_of) else None
    source_line = press.source_line(lang, is_sample, dated, open_until)
    made = _charts_for(run, view, lang, source_line, result, edition)
    figures = {name: figure for name, (figure, _) in made.items()}
    for name, figure in figures.items():
        images += [(figure, folder / "charts" / f"{name}.png"),
                   (figure, folder / "charts" / f"{name}.svg")]
    written += _write_chart_files(kit, folder / "charts", lang, made)
    written += _write_embeds(kit, out, lang, made)
    figures_table = press.key_figures(result, reconciled, lang, embargo_until,
                                      revisions.beside(revisions.latest(kit.revised), kit.flags))
    results_table = press.results_table(results, lang) if len(results) else None
    title = f"{i18n.t('prize', lang)} {i18n.edition_label(edition_number, edition.year, lang)}"
    # the files carry each figure's status flag (the page keeps its words)
    flagged = figures_table.assign(**{i18n.t("flag", lang): [
        flags.flag_of(kit.flags, metric) for metric in flags.HEADLINE]})
    for stem, table in (("figures", flagged), ("results", results_table)):
        if table is None:
            continue
        atomic_write(folder / f"{stem}.csv", export.csv_bytes(table))
        atomic_write(folder / f"{stem}.xlsx", export.xlsx_bytes(table, title, source_line))
        written += [folder / f"{stem}.csv", folder / f"{stem}.xlsx"]
    # every revision of a public figure, even none (a reader can tell "none" from "missing")
    written.append(atomic_write(folder / "revisions.csv", export.csv_bytes(
        revisions.table(kit.revised, lang, organiser=False))))
    steps.step(f"{lang}: tables")
    titles = {name: charts.finding(figure) for name, figure in figures.items()}
    others = [other for other in langs if other != lang]
    page = folder / "index.html"
    atomic_write(page, _page(lang, edition, as_of, dated, is_sample, result, reconciled,
                             figures_table, results_table, titles,
                             others[0] if others else None))
    written.append(page)
    steps.step(f"{lang}/index.html")
    return written


def _write_chart_files(kit: _Kit, folder: Path, lang: str,
                      made: dict[str, tuple[go.Figure, pd.DataFrame]]) -> list[Path]:
    """Per chart: the data bundle (bundle.bundle_zip, as the public sees it) and the chart as
    HTML that opens from disk, plotly.js and the world outlines beside the language folders."""
    citation = press.citation(kit.edition_number, kit.edition.year, kit.dated, lang,
                              kit.is_sample)
    version = dict(zip(*[kit.run("dataset", {})[c] for c in ("key", "value")],
                       strict=True)).get("fingerprint", "")
    written: list[Path] = []
    for name, (figure, table) in made.items():
        about = bundle.About(name, bundle.PAGES[name], kit.edition_number, kit.edition.year,
                             lang, "press", kit.as_of, kit.dated, kit.is_sample, version,
                             flags={m: kit.flags[m] for m in flags.HEADLINE})
        written.append(atomic_write(folder / f"{name}.zip",
                                    bundle.bundle_zip(table, figure, about)))
        plot = export.for_print(figure).to_html(
            full_html=False, include_plotlyjs=False, div_id=name,
            config={"displaylogo": False})
        written.append(atomic_write(folder / f"{name}.html", templates.render(
            "chart.html.j2", lang=lang, title=charts.finding(figure),
            scripts=[f"../../{PLOTLY_JS}", f"../../{WORLD_JS}"],
            chart=Markup(plot), citation=citation,  # plotly escapes the text in its JSON
            licence=press.attribution(citation, lang))))
    return written


def _embed_layout(theme: str) -> dict:
    """The layout properties of a static embed in light or dark colours (share.EMBED_COLOURS)."""
    colours = share.EMBED_COLOURS[theme]
    return {"template": pio.templates[colours["template"]].to_plotly_json(),
            "paper_bgcolor": colours["background"], "plot_bgcolor": colours["background"],
            "font.color": colours["text"]}


def _write_embeds(kit: _Kit, out: Path, lang: str,
                  made: dict[str, tuple[go.Figure, pd.DataFrame]]) -> list[Path]:
    """Per chart and theme, the public's embed as a static page (share.static_embed_path): the
    chart alone, as the public sees it at the kit's moment, for any web server or CDN to serve
    at any scale in place of the live /embed (README, "Embedding a chart")."""
    written: list[Path] = []
    folder = out
    for part in ("embeds", str(kit.edition_number), lang):
        folder = make_folder(folder / part)
    up = "../../../"  # embeds/EDITION/LANG/ -> the kit's folder, where plotly.js is
    for name, (figure, _table) in made.items():
        about = bundle.About(name, bundle.PAGES[name], kit.edition_number, kit.edition.year,
                             lang, "press", kit.as_of, kit.dated, kit.is_sample, "")
        for theme in share.THEMES:
            shown = go.Figure(figure).update_layout(
                **{k.replace(".", "_"): v for k, v in _embed_layout(
                    "light" if theme == "auto" else theme).items()})
            div = f"embed-{name}"
            plot = shown.to_html(full_html=False, include_plotlyjs=False, div_id=div,
                                 default_width="100%", config={"displaylogo": False,
                                                               "displayModeBar": False,
                                                               "responsive": True})
            path = out / share.static_embed_path(kit.edition_number, lang, name, theme)
            written.append(atomic_write(path, templates.render(
                "embed.html.j2", lang=lang, theme=theme, title=charts.finding(figure),
                scripts=[f"{up}{PLOTLY_JS}", f"{up}{WORLD_JS}"], chart=Markup(plot),
                chart_id=div, light=share.EMBED_COLOURS["light"],
                dark=share.EMBED_COLOURS["dark"], light_layout=_embed_layout("light"),
                dark_layout=_embed_layout("dark"), full_view=bundle.url(about),
                full_view_words=i18n.t("embed.full_view", lang))))
    return written


def _write_chart_scripts(out: Path) -> list[Path]:
    """plotly.js once for every chart's HTML, and the world outlines its maps read."""
    world = (export.STATIC_DIR / f"{WORLD}.json").read_text(encoding="utf-8")
    return [atomic_write(out / PLOTLY_JS, get_plotlyjs()),
            atomic_write(out / WORLD_JS, f"window.PlotlyGeoAssets = {{topojson: {{{WORLD}: "
                                         f"{world}}}}};\n")]


def _write_images(images: list[tuple[go.Figure, Path]], steps: Progress) -> list[Path]:
    """All images in one browser session: starting chromium is most of the cost."""
    written: list[Path] = []
    for start in range(0, len(images), IMAGES_PER_BATCH):
        batch = images[start:start + IMAGES_PER_BATCH]
        export.write_images(batch)
        written += [path for _, path in batch]
        steps.step(f"chart images {start + len(batch)}/{len(images)}")
    return written


def _readme_lines(lang: str, edition: Edition, dated: datetime, langs: tuple[str, ...],
                  is_sample: bool) -> list[str]:
    """`dated`: the moment the figures are dated by (press.dated), not the moment asked."""
    def say(key: str, **values: object) -> str:
        return i18n.t(f"presskit.readme.{key}", lang, **values)

    citation = press.citation(edition.number, edition.year, dated, lang, is_sample)
    lines = [f"# {say('title', year=edition.year)}", ""]
    if is_sample:
        lines += [say("sample"), ""]
    return [*lines, say("as_of", when=i18n.moment(dated, lang)), "", say("open"), "",
            f"## {say('citation')}", "",
            f"- {citation}", "",
            f"## {i18n.t('licence.heading', lang)}", "", press.attribution(citation, lang), "",
            f"## {say('flags')}", "", say("flags_intro"), "",
            *[f"- `{flag}`: {i18n.t(f'bundle.flag.{flag}', lang)}" for flag in flags.FLAGS], "",
            f"## {say('contents')}", "", f"- {say('figures_json')}",
            *[line for folder in langs
              for line in (f"- {say('folder', lang=folder)}", f"- {say('charts', lang=folder)}")],
            ""]


def _write_readme(out: Path, edition: Edition, dated: datetime, langs: tuple[str, ...],
                  is_sample: bool) -> Path:
    """README.md in each language of the kit, the first language first."""
    lines = [line for lang in langs
             for line in _readme_lines(lang, edition, dated, langs, is_sample)]
    path = out / "README.md"
    return atomic_write(path, "\n".join(lines))


def _write_index(out: Path, edition: Edition, langs: tuple[str, ...]) -> Path:
    return atomic_write(out / "index.html", templates.render(
        "presskit_index.html.j2", title=i18n.t("presskit.readme.title", "en", year=edition.year),
        heading=f"{i18n.t('prize', 'en')} {edition.year} · {i18n.t('prize', 'ko')}",
        languages=[(lang, i18n.LANGUAGES[lang]) for lang in langs]))
