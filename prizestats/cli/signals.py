"""The organisers' signals: event add|list|remove and alert set|list|clear."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

import pandas as pd

from prizestats.cli import arguments
from prizestats.cli.common import MOMENT_HELP, db_option
from prizestats.core import access
from prizestats.core.editions import all_editions
from prizestats.core.times import KST
from prizestats.figures import signals as signal_figures
from prizestats.store import db, records, signals


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """event and alert."""
    _event_parsers(commands)
    _alert_parsers(commands)


def _event_parsers(commands) -> None:
    p = commands.add_parser(
        "event", help="record, list or remove an event of a call (drawn on the Intake charts)",
        description="Events (a webinar, a mailing, a deadline extension, a press release) are "
                    "drawn on the Intake page's running totals and arrivals per day, on their "
                    "edition's curve, and listed under the charts. A --public event is also "
                    "shown to the press; the others only to organisers. Each change is checked, "
                    "kept as a database version (see restore) and logged in the import history.")
    p.set_defaults(handler=cmd_event)
    verbs = p.add_subparsers(dest="verb", required=True, metavar="add|list|remove")
    v = verbs.add_parser("add", help="record an event")
    v.add_argument("--edition", required=True, metavar="N")
    v.add_argument("--at", required=True, metavar="T", help=MOMENT_HELP.format("its start"))
    v.add_argument("--kind", required=True, metavar="KIND",
                   help="one of " + ", ".join(signals.EVENT_KINDS))
    v.add_argument("--text", required=True, metavar="TEXT", help="what happened, in English")
    v.add_argument("--text-ko", metavar="TEXT", help="the same in Korean (default: the English)")
    v.add_argument("--public", action="store_true",
                   help="also shown to the press (default: organisers only)")
    v.add_argument("--extend-to", metavar="T",
                   help="with --kind deadline_extended: move the edition's closing date to T "
                        "in the same change, so that pace and projection follow ("
                        + MOMENT_HELP.format("the end of that day") + ")")
    db_option(v)
    v = verbs.add_parser("list", help="list the events")
    v.add_argument("--edition", type=arguments.edition, default=None, metavar="N")
    db_option(v)
    v = verbs.add_parser("remove", help="remove an event")
    v.add_argument("--id", required=True, metavar="ID", help="its id (see event list)")
    db_option(v)


def _alert_parsers(commands) -> None:
    p = commands.add_parser(
        "alert", help="set, list or clear the alerts of an edition's call",
        description="An alert watches an edition while its call is open (never before it opens "
                    "or after it closes): it shows at the top of the Intake page (organisers) "
                    "and leads the digest (digest --alerts-only sends only when one fires). "
                    "Each change is checked, kept as a database version and logged.")
    p.set_defaults(handler=cmd_alert)
    verbs = p.add_subparsers(dest="verb", required=True, metavar="set|list|clear")
    v = verbs.add_parser("set", help="set the alert of an edition (replacing the one it had)")
    v.add_argument("--edition", required=True, metavar="N")
    v.add_argument("--pace-below", metavar="PCT",
                   help="fires when the pace against the compared edition at the same number "
                        "of days before the deadline (the Intake page's) is below PCT percent: "
                        "-20 is 20%% behind")
    v.add_argument("--against", metavar="EDITION",
                   help="the edition the pace is compared with (default: the previous one)")
    v.add_argument("--missing-regions", action="store_true",
                   help="fires when a region that had entries by this point of the compared "
                        "edition has none yet")
    v.add_argument("--quiet-days", metavar="N",
                   help="fires after N whole days in a row (Korea time) with no entry")
    db_option(v)
    v = verbs.add_parser("list", help="list the alerts, whether each is watching and what "
                                      "fires now")
    v.add_argument("--as-of", type=arguments.as_of, default=None, metavar="T",
                   help="the moment to check at (default: now)")
    db_option(v)
    v = verbs.add_parser("clear", help="clear the alert of an edition (default: every alert)")
    v.add_argument("--edition", default=None, metavar="N")
    db_option(v)


def _failed(error: records.RecordError) -> int:
    for problem in error.problems:
        print(f"error: {records.describe(problem)}", file=sys.stderr)
    print("nothing was changed", file=sys.stderr)
    return 2


def _moment(value: object) -> str:
    return pd.Timestamp(value).tz_convert(KST).isoformat(timespec="minutes")


def cmd_event(args: argparse.Namespace) -> int:
    target = args.db or db.db_path()
    try:
        if args.verb == "add":
            record = signals.add_event(target, {
                "edition": args.edition, "at": args.at, "kind": args.kind, "text": args.text,
                "text_ko": args.text_ko, "public": args.public}, extend_to=args.extend_to)
            seen = "public" if record["public"] else "organisers only"
            print(f"recorded event {record['event_id']} for edition {record['edition']}: "
                  f"{record['kind']} at {_moment(record['event_at'])} ({seen})")
            if record["kind"] == "deadline_extended":
                if args.extend_to:
                    print(f"edition {record['edition']} now closes at {args.extend_to}: pace "
                          "and projection follow")
                else:
                    print(f"hint: to move the closing date so that pace and projection follow: "
                          f"python -m prizestats edition set --edition {record['edition']} "
                          f"--call-closes-at T (or add the event with --extend-to T)")
            return 0
        if args.verb == "remove":
            removed = signals.remove_event(target, args.id)
            print(f"removed event {int(removed['event_id'])} of edition "
                  f"{int(removed['edition'])}")
            return 0
    except records.RecordError as error:
        return _failed(error)
    con = db.connect(target)
    with con:
        events = db.run(con, "events", {"edition": args.edition, "as_of": None,
                                        "public": False})
    if events.empty:
        print("no events recorded")
        return 0
    for row in events.itertuples(index=False):
        seen = "public" if row.public else "organisers only"
        korean = f" / {row.text_ko}" if isinstance(row.text_ko, str) and row.text_ko else ""
        print(f"{row.event_id}  edition {row.edition}  {_moment(row.event_at)}  {row.kind}  "
              f"({seen})  {row.text_en}{korean}")
    return 0


def cmd_alert(args: argparse.Namespace) -> int:
    target = args.db or db.db_path()
    try:
        if args.verb == "set":
            record = signals.set_alert(target, {
                "edition": args.edition, "pace_below": args.pace_below,
                "against": args.against, "missing_regions": args.missing_regions,
                "quiet_days": args.quiet_days})
            print(f"alert set for edition {record['edition']}: {_conditions(record)}")
            return 0
        if args.verb == "clear":
            cleared = signals.clear_alerts(target, args.edition)
            print("cleared the alert of edition " + ", ".join(map(str, cleared)))
            return 0
    except records.RecordError as error:
        return _failed(error)
    return _list_alerts(target, args.as_of or access.now())


def _conditions(record: dict | object) -> str:
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k)
    parts = []
    if not pd.isna(get("pace_below")) and get("pace_below") is not None:
        against = get("against")
        compared = "the previous edition" if against is None or pd.isna(against) \
            else f"edition {int(against)}"
        parts.append(f"pace below {get('pace_below'):g}% against {compared}")
    if get("missing_regions"):
        parts.append("regions missing")
    if get("quiet_days") is not None and not pd.isna(get("quiet_days")):
        parts.append(f"{int(get('quiet_days'))} quiet days")
    return "; ".join(parts)


def _list_alerts(target, as_of: datetime) -> int:
    con = db.connect(target)
    with con:
        def run(name: str, params: dict) -> pd.DataFrame:
            return db.run(con, name, params)

        alerts = run("alerts", {"edition": None})
        if alerts.empty:
            print("no alerts set")
            return 0
        editions = all_editions(run("editions", {}))
        print(f"as of {as_of.astimezone(KST).isoformat(timespec='minutes')}:")
        for row in alerts.itertuples(index=False):
            edition = int(row.edition)
            watched = signal_figures.watch(run, edition, as_of)
            dates = editions.get(edition)
            print(f"edition {edition}: {_conditions(row)}")
            if watched is None or dates is None or dates.call_closes_at is None:
                print("  not watching: the edition has no call dates")
            elif watched.state == "before":
                print(f"  not watching yet: an alert fires only while the call is open "
                      f"(it opens at {_moment(dates.call_opens_at)})")
            elif watched.state == "closed":
                print(f"  not watching: the call closed at {_moment(dates.call_closes_at)}; an "
                      "alert fires only while the call is open")
            else:
                print(f"  watching: the call is open until {_moment(dates.call_closes_at)}")
                for fired in watched.fired:
                    print(f"  fires: {signal_figures.fired_text(fired, 'en')}")
                if not watched.fired:
                    print("  nothing fires")
    return 0
