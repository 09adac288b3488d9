"""The commands that read one edition: figures (printed), press-kit, report and bundle (files)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path

from prizestats.cli import arguments
from prizestats.cli.common import db_option, edition_files_options, fail, with_database
from prizestats.core import access, settings
from prizestats.core.editions import edition as edition_of
from prizestats.core.safe_write import atomic_write
from prizestats.core.scope import Scope
from prizestats.figures import export, flags, press, revisions
from prizestats.outputs import bundle, presskit
from prizestats.outputs import calendar as release_calendar
from prizestats.outputs import report as edition_report
from prizestats.words import grammar, i18n


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """figures, press-kit and report."""
    p = commands.add_parser("figures", help="print the headline figures of an edition",
                            description="Print the figures object of the data contract.")
    p.add_argument("--edition", type=arguments.edition, default=None,
                   help="edition number, 1 = 2023 (default: the latest edition with entries)")
    p.add_argument("--as-of", type=arguments.as_of, default=None, metavar="T",
                   help="a date (end of that day, Asia/Seoul) or date-time (default: now)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    db_option(p)
    p.set_defaults(handler=cmd_figures)

    p = commands.add_parser(
        "press-kit", help="write the static press kit of an edition",
        description="Write a folder that opens from disk with no server and no internet: "
                    "index.html per language with sentences, figures, results and charts, PNG/SVG "
                    "per chart, figures as CSV/XLSX/JSON and a README with the citation. The "
                    "embargo applies at --as-of, which cannot be later than now.")
    edition_files_options(p, "a date (end of that day, Asia/Seoul) or date-time, not later "
                              "than now (default: now)")
    p.set_defaults(handler=cmd_press_kit)

    p = commands.add_parser(
        "report", help="write the edition report as PDF (A4, English and Korean)",
        description="A print-ready report of one edition for WeGO and the organisers' board: "
                    "cover, contents, headline figures with the change on the previous edition "
                    "and the published values, regions, categories, stages, trends, results once "
                    "announced, definitions and the citation; for organisers the intake and the "
                    "projection's backtest too. Writes DIR/report-<edition>-<lang>-<role>.pdf. A "
                    "press or WeGO report shows what that role may see at --as-of (not later "
                    "than now); a report with results under embargo is made only with --role "
                    "organiser.")
    edition_files_options(p, "a date (end of that day, Asia/Seoul) or date-time (default: "
                              "now)")
    p.add_argument("--role", choices=edition_report.ROLES, default="press",
                   help="whose view: press (default), wego or organiser")
    p.set_defaults(handler=cmd_report)

    p = commands.add_parser(
        "bundle", help="write one chart's data and metadata as a ZIP",
        description="Write DIR/sscp-<year>-<chart>-<lang>.zip: the chart's data as CSV as the "
                    "view shows it (<3, embargo words; UTF-8 with BOM), metadata.json (title, "
                    "finding, filters, as-of, source, citation, links, licence, columns, flags, "
                    "data version) and a README.md in the chosen language. A press or WeGO "
                    "bundle shows what that role may see at --as-of, which cannot be later than "
                    "now. Charts: " + ", ".join(bundle.CHARTS) + ".")
    p.add_argument("--chart", required=True, metavar="ID",
                   help="the chart: " + ", ".join(bundle.CHARTS))
    p.add_argument("--out", type=Path, required=True, help="folder to write into")
    p.add_argument("--edition", type=arguments.edition, default=None,
                   help="edition number, 1 = 2023 (default: the latest edition with entries)")
    p.add_argument("--lang", choices=tuple(i18n.LANGUAGES), default="en",
                   help="the language of the table and README (default: en)")
    p.add_argument("--role", choices=bundle.ROLES, default="press",
                   help="whose view: press (default), wego or organiser")
    p.add_argument("--as-of", type=arguments.as_of, default=None, metavar="T",
                   help="a date (end of that day, Asia/Seoul) or date-time (default: now)")
    for name, scope_field in bundle.URL_FILTERS.items():
        p.add_argument(f"--{name.replace('_', '-')}", dest=scope_field, action="append",
                       default=[], metavar="VALUE", type=arguments.filter_value(name),
                       help=f"only entries with this {name.replace('_', ' ')} (repeatable)")
    db_option(p)
    p.set_defaults(handler=cmd_bundle)

    p = commands.add_parser(
        "revisions", help="list every figure a change of the data moved (organisers)",
        description="Every change of the data is a release (an import, a restore, a build, "
                    "edition dates, a new edition, a published figure), with its moment and "
                    "reason; each keeps the figures of the editions it touched (the headline "
                    "figures and the figures object of `figures`) just before it and after it. "
                    "List every figure a release moved: before and after, the release's moment "
                    "(Korea time) and reason, and whether the figure was public before and "
                    "after (only those are the revisions the press see). An organiser tool: "
                    "every change is listed.")
    p.add_argument("--edition", type=arguments.edition, default=None,
                   help="edition number, 1 = 2023 (default: every edition)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    db_option(p)
    p.set_defaults(handler=cmd_revisions)

    p = commands.add_parser(
        "calendar", help="write the release calendar of an edition (iCalendar, per language)",
        description="Write DIR/sscp-<year>-calendar-<lang>.ics per language: the public "
                    "moments of an edition (call opens, call closes, finalists announced, "
                    "ceremony, and when its published figures become public), each with a "
                    "stable UID, its moment in Korea time, a summary and description in the "
                    "language and a link to the press room. Past moments stay, marked as past. "
                    "Moments only, never a result.")
    p.add_argument("--out", type=Path, required=True, help="folder to write into")
    p.add_argument("--edition", type=arguments.edition, default=None,
                   help="edition number, 1 = 2023 (default: the latest edition in the "
                        "database)")
    p.add_argument("--lang", type=arguments.languages, default=("en", "ko"), metavar="en,ko",
                   help="languages, comma-separated (default: en,ko)")
    db_option(p)
    p.set_defaults(handler=cmd_calendar)


@with_database
def cmd_figures(args: argparse.Namespace, run: press.QueryRunner) -> int:
    edition = args.edition or press.latest_edition_with_entries(run)
    if edition is None:
        return fail("the database holds no entries")
    known = set(run("editions", {})["edition"])
    if edition not in known:
        return fail(f"edition {edition} is not in the database "
                     f"(editions: {', '.join(map(str, sorted(known)))})")
    # The CLI is an organiser tool: the as-of rules apply, the embargo does not.
    as_of = args.as_of or access.now()
    result = press.figures(run, edition, as_of, public=False)
    marks = flags.figures_flags(result, edition_of(run("editions", {}), edition), as_of,
                                public=False,
                                revised=revisions.revised_keys(run, edition, access.now()))
    if args.format == "json":
        # the contract's keys as they are, and the status flag of each figure beside them
        print(json.dumps({**result, "flags": marks}, ensure_ascii=False))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(("metric", "dimension", "value", "flag"))
        writer.writerows((*row, flags.flag_of(marks, row[0], row[1]))
                         for row in press.figures_rows(result))
    else:
        print(press.figures_text(result, marks))
    return 0


def _write_edition_files(args: argparse.Namespace, run: press.QueryRunner,
                         write: Callable[..., list[Path]]) -> list[Path] | int:
    """press-kit and report alike: the edition (default the latest with entries), the moment
    (default now), and a failure as one line; `write(edition, as_of, now)` makes the files."""
    edition = args.edition or press.latest_edition_with_entries(run)
    now = access.now()
    try:
        return write(edition, args.as_of or now, now)
    except (presskit.PressKitError, edition_report.ReportError, export.ExportError) as error:
        return fail(str(error))


@with_database
def cmd_press_kit(args: argparse.Namespace, run: press.QueryRunner) -> int:
    written = _write_edition_files(args, run, lambda edition, as_of, now: presskit.build(
        run, args.out, edition, args.lang, as_of, now))
    if isinstance(written, int):
        return written
    print(f"wrote {len(written)} {grammar.plural(len(written), 'file|files')} to {args.out}; "
          f"open {args.out / 'index.html'}")
    return 0


@with_database
def cmd_report(args: argparse.Namespace, run: press.QueryRunner) -> int:
    written = _write_edition_files(args, run, lambda edition, as_of, now: edition_report.build(
        run, args.out, edition, args.lang, args.role, as_of, now))
    if isinstance(written, int):
        return written
    for path in written:
        print(f"wrote {path}")
    return 0


@with_database
def cmd_bundle(args: argparse.Namespace, run: press.QueryRunner) -> int:
    edition = args.edition or press.latest_edition_with_entries(run)
    if edition is None:
        return fail("the database holds no entries")
    scope = Scope(**{field: tuple(dict.fromkeys(getattr(args, field)))
                     for field in bundle.URL_FILTERS.values()})
    now = access.now()
    try:
        name, data = bundle.make(run, args.chart, edition, args.lang, args.role,
                                 args.as_of or now, now, scope)
    except bundle.BundleError as error:
        return fail(str(error))
    args.out.mkdir(parents=True, exist_ok=True)
    path = atomic_write(args.out / name, data)
    print(f"wrote {path}")
    return 0


@with_database
def cmd_calendar(args: argparse.Namespace, run: press.QueryRunner) -> int:
    editions = run("editions", {})
    known = sorted(int(number) for number in editions["edition"])
    if not known:
        return fail("the database holds no editions")
    number = args.edition or known[-1]
    if number not in known:
        return fail(f"edition {number} is not in the database "
                    f"(editions: {', '.join(map(str, known))})")
    dates = edition_of(editions, number)
    published = run("published_moments", {"edition": number})
    now = access.now()
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang:
        path = atomic_write(args.out / release_calendar.file_name(dates, lang),
                            release_calendar.ics(dates, published, lang, now,
                                                 settings.public_url() or ""))
        print(f"wrote {path}")
    return 0


@with_database
def cmd_revisions(args: argparse.Namespace, run: press.QueryRunner) -> int:
    if args.edition is not None:
        known = set(run("editions", {})["edition"])
        if args.edition not in known:
            return fail(f"edition {args.edition} is not in the database "
                        f"(editions: {', '.join(map(str, sorted(known)))})")
    # The CLI is an organiser tool: every change, public or not.
    frame = revisions.history(run, args.edition, access.now(), public_only=False)
    if args.format == "json":
        print(revisions.as_json(frame))
    elif args.format == "csv":
        sys.stdout.write(revisions.as_csv(frame))
    else:
        print(revisions.as_text(frame))
    return 0
