"""The daily intake digest for organisers: what it says, in each language, HTML and plain text
with the charts, saying what the Intake page says at the same moment, plus what arrived since
the previous digest.

`python -m prizestats digest --help` (prizestats.cli.digest). The figures come from the same
queries and the same pure functions as the Intake page (intake.py), run as an organiser with no
filter. Mailing the message, the secrets and the state file of what the previous digest covered
are prizestats.outputs.mail. Nothing here imports Streamlit.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from prizestats.core.editions import edition as edition_of
from prizestats.core.scope import View
from prizestats.figures import charts, export, intake, press, signals
from prizestats.outputs import templates
from prizestats.words import catalog, i18n

FIRST_WINDOW = timedelta(hours=24)  # what the first digest of an edition covers
IMAGE_WIDTH = 640  # in the HTML; the PNG itself is twice the export size for sharp screens
CHARTS = ("intake_curve", "daily_arrivals")

# The digest's own words are the digest.* messages of the catalogs (catalog.section); the
# figures' sentences are the Intake page's (intake.py).


class DigestError(RuntimeError):
    """Bad input or a refused send: one line for the user, exit status 2, nothing moved on."""


# ---------------------------------------------------------------------------------------------
# The figures: the Intake page's, computed the same way (organiser, no filter)

@dataclass(frozen=True)
class Intake:
    edition: int
    year: int
    as_of: datetime
    closes: datetime
    days: int
    so_far: int
    curve: pd.DataFrame
    daily: pd.DataFrame
    earlier: list[int]
    paces: list[intake.Pace]
    previous: int | None  # the edition compared with for who is missing
    previous_year: int | None
    missing_countries: pd.DataFrame
    missing_regions: list[str]
    late: int
    is_sample: bool
    # what the digest's "as of" says (press.dated): as_of while the call is open, the figures'
    # last change once it has closed; None: as_of
    dated: datetime | None = None
    # the edition's alert at as_of (signals.watch): what fires leads the message
    watch: signals.Watch | None = None

    @property
    def alerts(self) -> list[signals.Fired]:
        return list(self.watch.fired) if self.watch is not None else []


@dataclass(frozen=True)
class NewEntries:
    since: datetime
    until: datetime
    first_run: bool
    total: int
    by_region: list[tuple[str, int]]
    by_category: list[tuple[str, int]]


def _params(edition: int, as_of: datetime) -> dict[str, object]:
    # organiser params: no embargo, exact small counts, none of the shared filters
    return View(edition, as_of, public=False).params()


def intake_figures(run: press.QueryRunner, edition: int, as_of: datetime) -> Intake:
    editions = run("editions", {})
    if edition not in set(editions["edition"]):
        known = ", ".join(str(int(e)) for e in sorted(editions["edition"]))
        raise DigestError(f"edition {edition} is not in the database (editions: {known})")
    dates = edition_of(editions, edition)
    closes = dates.call_closes_at
    if closes is None:
        raise DigestError(f"edition {edition} has no call dates: add them first "
                          f"(python -m prizestats edition set --edition {edition} ...)")
    params = _params(edition, as_of)
    curve = run("intake_curve", params)
    days = intake.days_before(as_of, closes)
    earlier = intake.earlier_editions(editions, curve, edition, as_of)
    paces = intake.pace(curve, edition, days, earlier)
    first_arrivals = run("first_arrivals_by_country", params)
    previous = earlier[-1] if earlier else None
    years = dict(zip(editions["edition"].astype(int), editions["year"].astype(int), strict=True))
    dataset = run("dataset", {})
    return Intake(
        edition=edition, year=dates.year, as_of=as_of, closes=closes, days=days,
        so_far=intake.count_at(curve, edition, days), curve=curve,
        daily=run("arrivals_by_day", params), earlier=earlier, paces=paces, previous=previous,
        previous_year=None if previous is None else years.get(previous),
        missing_countries=intake.missing(first_arrivals, edition, previous, days)
        if previous is not None else first_arrivals.iloc[0:0],
        missing_regions=intake.missing_regions(first_arrivals, edition, previous, days)
        if previous is not None else [],
        late=intake.late_count(curve, edition),
        is_sample=dict(zip(dataset["key"], dataset["value"], strict=True)).get("dataset")
        == "sample", dated=press.dated(run, edition, as_of, public=False),
        watch=signals.watch(run, edition, as_of))


def _counts(run: press.QueryRunner, name: str, key: str, edition: int, moment: datetime) -> pd.Series:
    frame = run(name, _params(edition, moment))
    return frame.set_index(key)["entries"].astype(int)


def new_entries(run: press.QueryRunner, edition: int, since: datetime | None, as_of: datetime
                ) -> NewEntries:
    """Entries with submitted_at in (since, as_of], by region and by category: the counts at
    as_of less those at since (every count as of a moment takes submitted_at <= that moment)."""
    first_run = since is None
    start = as_of - FIRST_WINDOW if first_run else since
    split = {}
    for name, key in (("entries_by_region", "region"), ("entries_by_category", "category")):
        arrived = _counts(run, name, key, edition, as_of).sub(
            _counts(run, name, key, edition, start), fill_value=0).astype(int)
        split[key] = sorted(((k, int(v)) for k, v in arrived.items() if v),
                            key=lambda item: (-item[1], item[0]))
    total = sum(n for _, n in split["region"])
    return NewEntries(start, as_of, first_run, total, split["region"], split["category"])


# ---------------------------------------------------------------------------------------------
# The message in one language


@dataclass(frozen=True)
class Rendered:
    lang: str
    subject: str
    text: str
    html: str
    figures: dict[str, go.Figure]
    alts: dict[str, str]


def intake_link(base: str, edition: int, as_of: datetime, lang: str, now: datetime) -> str:
    """The Intake page at the digest's day (today's page shows now, so no as_of then)."""
    query = {"edition": edition, "lang": lang}
    if intake.seoul_date(as_of) != intake.seoul_date(now):
        query["as_of"] = intake.seoul_date(as_of).isoformat()
    return f"{base}/intake?{urlencode(query)}"


def _missing_lines(figures: Intake, lang: str) -> list[str]:
    words = catalog.section("digest", lang)
    if figures.previous is None:
        return [words["no_previous"]]
    year = figures.previous_year
    if figures.missing_countries.empty:
        return [i18n.render(words["missing_none"], lang, year=year)]
    lines = []
    if figures.missing_regions:
        lines.append(i18n.render(words["missing_regions"], lang,
            regions=", ".join(i18n.label(r, lang) for r in figures.missing_regions)))
    names = figures.missing_countries["name_ko" if lang == "ko" else "name_en"]
    lines.append(i18n.render(words["missing_countries"], lang,
        count=i18n.number(len(names), lang), countries=", ".join(str(n) for n in names)))
    return lines


def _late_line(figures: Intake, lang: str) -> str:
    text = intake.late_text(lang, figures.late, figures.closes)
    if text:
        return text
    if figures.days >= 0:
        return i18n.t("digest.late_open", lang, deadline=i18n.moment(figures.closes, lang))
    return i18n.t("digest.late_none", lang)


@dataclass(frozen=True)
class Said:
    """What the message says in one language, the same in its plain text and its HTML."""
    heading: str
    alerts: list[str]  # what fires, first in the message
    title: str
    as_of: str
    new_line: str
    first_run: bool
    tables: list[tuple[str, str, list[tuple[str, int]]]]  # (caption, column, (label, count))
    paces: list[str]
    projection: str
    missing_heading: str
    missing: list[str]
    late: str
    link: str
    source: str


def render(figures: Intake, new: NewEntries, lang: str, link: str) -> Rendered:
    """Subject, plain text and HTML (digest.html.j2: images as cid:NAME, replaced when the
    message is built). Everything from the data is escaped in the HTML."""
    subject = _subject(figures, new, lang)
    said = _said(figures, new, lang, link)
    chart_figures = _charts(figures, lang, said.title, said.source)
    alts = {name: charts.finding(figure) for name, figure in chart_figures.items()}
    return Rendered(lang, subject, _plain_text(said, lang), _html(said, lang, subject, alts),
                    chart_figures, alts)


def _sample(figures: Intake, lang: str) -> str:
    return f"{catalog.section('digest', lang)['sample']} " if figures.is_sample else ""


def _subject(figures: Intake, new: NewEntries, lang: str) -> str:
    """The day's subject; an alert that fires leads it ("Alert: pace behind. ...")."""
    words = catalog.section("digest", lang)
    n = lambda value: i18n.number(value, lang)  # noqa: E731
    subject = i18n.render(
        words["subject"], lang, year=figures.year, day=i18n.day(intake.seoul_date(figures.as_of), lang),
        new=n(new.total), total=n(figures.so_far))
    if figures.alerts:
        subject = i18n.render(words["alert_subject"], lang, subject=subject,
                              fired=signals.fired_names(figures.watch, lang))
    return _sample(figures, lang) + subject


def _dated(figures: Intake) -> datetime:
    return figures.as_of if figures.dated is None else figures.dated


def _said(figures: Intake, new: NewEntries, lang: str, link: str) -> Said:
    words = catalog.section("digest", lang)
    n = lambda value: i18n.number(value, lang)  # noqa: E731
    edition_name = i18n.edition_label(figures.edition, figures.year, lang)
    window = {"since": i18n.moment(new.since, lang), "until": i18n.moment(new.until, lang)}
    return Said(
        heading=_sample(figures, lang) + i18n.render(words["heading"], lang, edition=edition_name),
        alerts=[signals.fired_text(fired, lang) for fired in figures.alerts],
        title=intake.title_text(lang, figures.year, figures.so_far, figures.days, figures.paces),
        as_of=i18n.render(words["as_of"], lang, when=i18n.moment(_dated(figures), lang)),
        new_line=(i18n.render(words["new_since"], lang, count=n(new.total), **window)
                  if new.total else i18n.render(words["no_new"], lang, **window)),
        first_run=new.first_run,
        tables=[(words["by_region"], words["region"],
                 [(i18n.label(k, lang), v) for k, v in new.by_region]),
                (words["by_category"], words["category"],
                 [(i18n.label(k, lang), v) for k, v in new.by_category])],
        paces=intake.pace_texts(lang, figures.paces, figures.days) or [words["no_earlier"]],
        projection=intake.projection_text(lang, figures.curve, figures.so_far, figures.days,
                                          figures.earlier),
        missing_heading=(i18n.t("missing_heading", lang) if figures.previous is None
                         else i18n.render(words["missing_heading"], lang,
                                          year=figures.previous_year)),
        missing=_missing_lines(figures, lang),
        late=_late_line(figures, lang),
        link=link,
        source=press.source_line(lang, figures.is_sample, _dated(figures),
                                 figures.closes if figures.as_of < figures.closes else None))


def _charts(figures: Intake, lang: str, title: str, source: str) -> dict[str, go.Figure]:
    intake_figure = charts.intake_curve(
        figures.curve[figures.curve["edition"] <= figures.edition], figures.edition,
        figures.days, title, lang, source)
    daily_figure = charts.daily_arrivals(figures.daily, lang, source,
                                         intake.daily_title(figures.daily, lang))
    return {"intake_curve": intake_figure, "daily_arrivals": daily_figure}


def _plain_text(said: Said, lang: str) -> str:
    words = catalog.section("digest", lang)
    n = lambda value: i18n.number(value, lang)  # noqa: E731
    text = [said.heading, ""]
    if said.alerts:
        text += [words["alerts_heading"], *[f"! {line}" for line in said.alerts], ""]
    text += [said.title, said.as_of, ""]
    text += [words["new_heading"], said.new_line]
    if said.first_run:
        text.append(words["first_run"])
    for heading, _, rows in said.tables:
        if rows:
            text += ["", f"{heading}:"] + [f"  {label}: {n(count)}" for label, count in rows]
    text += ["", words["total_heading"]] + [f"- {line}" for line in said.paces]
    text += ["", words["projection_heading"], said.projection]
    text += ["", said.missing_heading, *said.missing]
    text += ["", words["late_heading"], said.late]
    text += ["", i18n.render(words["link"], lang, url=said.link), "", said.source,
             words["footer"], ""]
    return "\n".join(text)


def _html(said: Said, lang: str, subject: str, alts: dict[str, str]) -> str:
    words = catalog.section("digest", lang)
    n = lambda value: i18n.number(value, lang)  # noqa: E731
    return templates.render(
        "digest.html.j2", lang=lang, subject=subject, heading=said.heading,
        alerts=said.alerts, alerts_heading=words["alerts_heading"], title=said.title,
        as_of=said.as_of, new_heading=words["new_heading"], new_line=said.new_line,
        first_run=words["first_run"] if said.first_run else None,
        tables=[{"caption": heading, "column": column, "entries": words["entries"],
                 "rows": [(label, n(count)) for label, count in rows]}
                for heading, column, rows in said.tables if rows],
        total_heading=words["total_heading"], paces=said.paces,
        projection_heading=words["projection_heading"], projection=said.projection,
        missing_heading=said.missing_heading, missing=said.missing,
        late_heading=words["late_heading"], late=said.late, charts_heading=words["charts_heading"],
        images=[(name, alts[name]) for name in CHARTS], width=IMAGE_WIDTH, link=said.link,
        link_text=words["link_text"], source=said.source, footer=words["footer"])


def draw_images(rendered: list[Rendered], progress: Callable[[str], None]
                ) -> dict[tuple[str, str], bytes]:
    """Every chart of every language as PNG, in one browser session (kaleido + chromium)."""
    jobs = []
    with tempfile.TemporaryDirectory(prefix="prizestats-digest-") as folder:
        for message in rendered:
            for name in CHARTS:
                jobs.append((message.figures[name], Path(folder) / f"{name}-{message.lang}.png"))
        progress(f"drawing {len(jobs)} chart images in chromium ...")
        export.write_images(jobs)
        images = {(message.lang, name): (Path(folder) / f"{name}-{message.lang}.png").read_bytes()
                  for message in rendered for name in CHARTS}
    progress(f"{len(jobs)} chart images drawn")
    return images
