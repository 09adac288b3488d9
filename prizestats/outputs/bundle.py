"""A chart's data bundle: one ZIP with the chart's data as CSV (as the view shows it), its
metadata.json and a README.md in the chosen language saying the same for a person. OWID's chart
API (`.csv`, `.metadata.json`, `.zip`) is the model.

`bundle_zip` is the one maker: the app's Download menu and `python -m prizestats bundle` (and the
press kit, per chart) give it the table, the figure and what the metadata says. `make` builds a
chart outside Streamlit for the CLI: the press kit's charts (CHARTS).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

from prizestats.core import reference, settings
from prizestats.core.disclosure import SMALL
from prizestats.core.editions import Edition
from prizestats.core.editions import edition as edition_of
from prizestats.core.scope import FILTER_PARAMS, Scope, View
from prizestats.core.times import KST
from prizestats.figures import charts, export, flags, picks, press, revisions, share, statements, tables
from prizestats.figures.press import QueryRunner
from prizestats.words import i18n

# The charts that can be built outside Streamlit, and the page each is on.
CHARTS = ("entries_by_region", "entries_by_category", "entries_by_stage", "entries_by_country")
PAGES = {"entries_by_region": "overview", "entries_by_category": "overview",
         "entries_by_stage": "overview", "entries_by_country": "regions"}
ROLES = ("press", "wego", "organiser")
FLAGS = flags.FLAGS  # data-contract.md, "Status flags"
# The URL names of the entry filters (picks.FILTERS), each with its Scope field.
URL_FILTERS = dict(zip(picks.FILTERS, FILTER_PARAMS, strict=True))


class BundleError(ValueError):
    pass


@dataclass(frozen=True)
class About:
    """What a bundle says about its chart besides the data."""
    chart: str
    page: str  # the dashboard page that shows the chart
    edition: int
    year: int
    lang: str
    role: str
    as_of: datetime  # the moment read: what may be seen
    dated: datetime  # the moment the figures are dated by (press.dated)
    is_sample: bool
    version: str  # the data's fingerprint (the database's meta)
    scope: Scope = field(default_factory=Scope)
    # each headline figure's status flag at as_of for this role (flags.headline_flags); the
    # table's cells follow it in the flags file
    flags: dict[str, str] = field(default_factory=dict)


def _state(about: About) -> dict[str, list[str]]:
    state = {"edition": [str(about.edition)], "lang": [about.lang],
             "as_of": [about.as_of.astimezone(KST).date().isoformat()]}
    for name, scope_field in URL_FILTERS.items():
        state[name] = list(getattr(about.scope, scope_field))
    return state


def url(about: About) -> str:
    """The chart's page with this view's edition, language, date and filters (share's links:
    the public address when one is set, else relative)."""
    return share.page_link(settings.public_url() or "", about.page, _state(about), about.chart)


def embed_url(about: About) -> str:
    return share.embed_link(settings.public_url() or "", about.chart, _state(about))


def _column_code(header: str, lang: str) -> str | None:
    """The code a table's header stands for (tables.headers), or None."""
    return next((code for code in (*tables.FUNNEL, "countries", "cities", "region", "country",
                                   "category", "stage", "applicant_type")
                 if i18n.has(code) and i18n.t(code, lang) == header), None)


def _definition(code: str | None, lang: str) -> str:
    """What a column means: its bundle.column.* or press.definition.* message, else the
    glossary's note."""
    if code is None:
        return ""
    for key in (f"bundle.column.{code}", f"press.definition.{code}"):
        if i18n.has(key):
            return i18n.t(key, lang)
    note = "note_ko" if lang == "ko" else "note"
    return next((row[note] for row in reference.glossary() if row["code"] == code), "")


def _filters(about: About) -> dict[str, list[str]]:
    return {name: list(getattr(about.scope, scope_field))
            for name, scope_field in URL_FILTERS.items() if getattr(about.scope, scope_field)}


def _filter_words(about: About) -> list[str]:
    """The filters as a person reads them: "Regions: Asia"."""
    lines = []
    for name, values in _filters(about).items():
        scope_field = URL_FILTERS[name]
        key = "regions" if scope_field == "regions" else f"filter_{scope_field}"
        label = i18n.t(key, about.lang)
        shown = [i18n.country_name(v, about.lang) if name == "country"
                 else i18n.label(v, about.lang) for v in values]
        lines.append(f"{label}: {', '.join(shown)}")
    return lines


def file_name(about: About) -> str:
    return f"sscp-{about.year}-{about.chart}-{about.lang}"


def flags_file_name(about: About) -> str:
    return f"{file_name(about)}.flags.csv"


def flags_table(table: pd.DataFrame, about: About) -> pd.DataFrame:
    """The table's status flags, cell by cell (flags.table_flags): the same rows and columns."""
    names = {i18n.t(metric, about.lang): metric for metric in flags.HEADLINE}
    return flags.table_flags(table, about.flags, names, i18n.t("under_embargo", about.lang))


def metadata(table: pd.DataFrame, figure: go.Figure, about: About) -> dict:
    lang = about.lang
    citation = press.citation(about.edition, about.year, about.dated, lang, about.is_sample)
    finding = charts.finding(figure)
    return {
        "chart": about.chart,
        "title": f"{i18n.t('prize', lang)} {i18n.edition_label(about.edition, about.year, lang)}",
        "finding": finding,
        "edition": about.edition,
        "year": about.year,
        "language": lang,
        "role": about.role,
        "filters": _filters(about),
        "as_of": about.dated.astimezone(KST).isoformat(timespec="minutes"),
        "read_at": about.as_of.astimezone(KST).isoformat(timespec="minutes"),
        "source": press.source_line(lang, about.is_sample, about.dated),
        "citation": citation,
        "url": url(about),
        "embed_url": embed_url(about),
        "licence": {"code": settings.licence(), "name": press.licence_name(lang),
                    "url": press.licence_url(), "attribution": press.attribution(citation, lang)},
        "columns": [{"name": str(column),
                     "definition": _definition(_column_code(str(column), lang), lang)}
                    for column in table.columns],
        "symbols": {SMALL: i18n.t("bundle.symbol.small", lang),
                    i18n.t("under_embargo", lang): i18n.t("bundle.symbol.embargo", lang)},
        "flags": {flag: i18n.t(f"bundle.flag.{flag}", lang) for flag in FLAGS},
        "flags_file": flags_file_name(about),
        "sample_data": about.is_sample,
        "data_version": about.version,
        "files": [f"{file_name(about)}.csv", flags_file_name(about), "metadata.json",
                  "README.md"],
    }


def readme(meta: dict, about: About) -> str:
    """The metadata for a person, in the bundle's language (markdown)."""
    lang = about.lang
    say = lambda key, **values: i18n.t(key, lang, **values)  # noqa: E731
    lines = [f"# {meta['finding']}", "", meta["title"], "",
             say("bundle.readme.chart", chart=about.chart, edition=i18n.edition_label(
                 about.edition, about.year, lang), language=i18n.LANGUAGES[lang]), ""]
    if about.is_sample:
        lines += [say("presskit.readme.sample"), ""]
    lines += [say("bundle.readme.as_of", when=i18n.moment(about.dated, lang),
                  role=i18n.label(about.role, lang)), "",
              f"## {say('bundle.readme.filters')}", ""]
    lines += [f"- {line}" for line in _filter_words(about)] or [
        f"- {say('bundle.readme.no_filters')}"]
    lines += ["", f"## {say('bundle.readme.files')}", "",
              f"- {say('bundle.readme.csv', file=meta['files'][0])}",
              f"- {say('bundle.readme.flags', file=meta['flags_file'])}",
              f"- {say('bundle.readme.metadata')}", "",
              f"## {say('bundle.readme.columns')}", ""]
    lines += [f"- **{c['name']}**: {c['definition']}" if c["definition"] else f"- **{c['name']}**"
              for c in meta["columns"]]
    lines += ["", f"## {say('bundle.readme.symbols')}", ""]
    lines += [f"- `{symbol}`: {meaning}" for symbol, meaning in meta["symbols"].items()]
    lines += [f"- `{flag}`: {meaning}" for flag, meaning in meta["flags"].items()]
    lines += ["", f"## {say('presskit.readme.citation')}", "", f"- {meta['citation']}", "",
              f"## {say('licence.heading')}", "", meta["licence"]["attribution"], "",
              f"## {say('bundle.readme.links')}", "",
              f"- {say('bundle.readme.url', url=meta['url'])}",
              f"- {say('bundle.readme.embed', url=meta['embed_url'])}",
              f"- {say('bundle.readme.version', version=about.version)}", ""]
    return "\n".join(lines)


def bundle_zip(table: pd.DataFrame, figure: go.Figure, about: About) -> bytes:
    """The ZIP: <name>.csv (UTF-8 with BOM, formulas neutralised), metadata.json, README.md."""
    meta = metadata(table, figure, about)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(meta["files"][0], export.csv_bytes(table))
        archive.writestr(meta["flags_file"], export.csv_bytes(flags_table(table, about)))
        archive.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
        archive.writestr("README.md", readme(meta, about))
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Charts outside Streamlit (the CLI and the press kit)

def chart(run: QueryRunner, view: View, lang: str, source_line: str, result: dict,
          dates: Edition, name: str) -> tuple[go.Figure, pd.DataFrame]:
    """One of CHARTS as its page shows it: the figure and its data table."""
    params = view.params()
    hidden = tables.hidden_in_edition(lang, dates.embargo_until(view.as_of, view.public))
    if name == "entries_by_region":
        frame = run("entries_by_region6", params)
        return (charts.entries_by_region(frame, lang, source_line, total=result["entries"]),
                tables.region_table(frame, lang, hidden))
    if name == "entries_by_category":
        frame = run("entries_by_category", params)
        return (charts.entries_by_category(frame, lang, source_line, total=result["entries"]),
                tables.labelled(frame, "category", lang, hidden))
    if name == "entries_by_stage":
        funnel = {k: result[k] for k in tables.FUNNEL}
        embargoed = dates.embargoed(view.as_of, view.public)
        return (charts.entries_by_stage(
                    run("entries_by_stage", params), lang, source_line, result=funnel,
                    not_yet=statements.not_yet(dates, view.as_of, result, embargoed),
                    provisional=statements.provisional(dates, view.as_of, result, embargoed)),
                tables.funnel_table(funnel, lang, hidden))
    if name == "entries_by_country":
        frame = run("entries_by_country", params)
        return (charts.entries_by_country(frame, lang, source_line),
                tables.country_table(frame, lang, hidden))
    raise BundleError(f"--chart {name!r}: unknown chart; the charts are {', '.join(CHARTS)}")


def check(name: str, lang: str, role: str, as_of: datetime, now: datetime) -> None:
    """The refusals before anything is read."""
    if name not in CHARTS:
        raise BundleError(f"--chart {name!r}: unknown chart; the charts are {', '.join(CHARTS)}")
    if lang not in i18n.LANGUAGES:
        raise BundleError(f"--lang {lang!r}: the languages are en and ko")
    if role not in ROLES:
        raise BundleError(f"--role {role!r}: the roles are {', '.join(ROLES)}")
    if role != "organiser" and as_of > now:
        raise BundleError(f"--as-of {as_of.isoformat()} is later than now: a {role} bundle can "
                          "only show what has been announced (--role organiser sees ahead)")


def make(run: QueryRunner, name: str, edition_number: int, lang: str, role: str,
         as_of: datetime, now: datetime, scope: Scope) -> tuple[str, bytes]:
    """The bundle of one chart as `role` sees it at `as_of`: its file name and its bytes."""
    check(name, lang, role, as_of, now)
    editions = run("editions", {})
    if edition_number not in set(editions["edition"]):
        known = ", ".join(map(str, sorted(editions["edition"])))
        raise BundleError(f"edition {edition_number} is not in the database (editions: {known})")
    dates = edition_of(editions, edition_number)
    public = role != "organiser"
    dataset = dict(zip(*[run("dataset", {})[c] for c in ("key", "value")], strict=True))
    is_sample = dataset.get("dataset") == "sample"
    view = View(edition_number, as_of, public, scope)
    result = press.figures(run, edition_number, as_of, public, scope)
    dated = press.dated(run, edition_number, as_of, public)
    figure, table = chart(run, view, lang, press.source_line(lang, is_sample, dated), result,
                          dates, name)
    about = About(name, PAGES[name], edition_number, dates.year, lang, role, as_of, dated,
                  is_sample, dataset.get("fingerprint", ""), scope,
                  flags.headline_flags(dates, as_of, result, public, _revised(run, view, now)))
    return f"{file_name(about)}.zip", bundle_zip(table, figure, about)


def _revised(run: QueryRunner, view: View, now: datetime) -> frozenset[str]:
    """The figures revised while public (`r`) by now, the moment the data are read; none for a
    filtered view (a revision is of the edition's whole figures)."""
    if not view.scope.is_everything:
        return frozenset()
    return revisions.revised_keys(run, view.edition, now)
