"""The organisers' signals as records: events of a call (a webinar, a mailing, a deadline
extension) and the alerts set on an edition.

Written as the edition dates and the published figures are (records.py): each change checked
first (one problem per field, naming it and the value), then a new database swapped in under the
writers' lock, the old one kept as a version that `restore` brings back, and a row in the import
history. Nothing changes when a check fails. What an alert fires on is
prizestats/figures/signals.py.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from prizestats.core.editions import Edition, all_editions
from prizestats.store import db, importer, records
from prizestats.store.build import Problem
from prizestats.store.records import RecordError

EVENT_KINDS = ("deadline_extended", "webinar", "mailing", "press_release", "other")
EVENT_COLUMNS = ("event_id", "edition", "event_at", "kind", "text_en", "text_ko", "public")
ALERT_COLUMNS = ("edition", "pace_below", "against", "missing_regions", "quiet_days")
TEXT_LIMIT = 200  # an event's text is a line under a chart, not a report
# An event is drawn on its call's curve: from a while before the call opens (the mailing that
# announces it) to a while after it closes (the press release of the count).
EVENT_BEFORE_CALL = timedelta(days=90)
EVENT_AFTER_CALL = timedelta(days=60)
PACE_RANGE = (-100.0, 1000.0)  # percent against the compared edition
QUIET_RANGE = (1, 60)  # days


def _problem(name: str, field: str, value: object, key: str, /, **values: object) -> Problem:
    return Problem(name, None, "--" + field.replace("_", "-"),
                   None if value is None else str(value), key, **values)


def _editions(current: dict) -> dict[int, Edition]:
    return all_editions(current["editions"])


# -- events -------------------------------------------------------------------------------------

def check_event(given: dict[str, object], editions: dict[int, Edition]
                ) -> tuple[dict[str, object], list[Problem]]:
    """An event as an organiser types it: an edition of the database, a moment near its call, a
    kind, a text (Korean optional)."""
    name = "event"
    problems: list[Problem] = []
    number = _integer(given.get("edition"))
    edition = editions.get(number) if number is not None else None
    if edition is None:
        problems.append(_problem(name, "edition", given.get("edition"),
                                 "edition_not_in_database_first"))
    at = None
    text = str(given.get("at") or "").strip()
    if not text:
        problems.append(_problem(name, "at", None, "required_value"))
    else:
        try:
            at = records.parse_moment("call_opens_at", text)  # a date: the start of that day
        except ValueError:
            problems.append(_problem(name, "at", text, "not_a_day_or_moment"))
    if at is not None and edition is not None and edition.call_opens_at is not None \
            and edition.call_closes_at is not None:
        earliest = edition.call_opens_at - EVENT_BEFORE_CALL
        latest = edition.call_closes_at + EVENT_AFTER_CALL
        if not earliest <= at <= latest:
            problems.append(_problem(name, "at", text, "event_outside_call", edition=number,
                                     earliest=earliest.date().isoformat(),
                                     latest=latest.date().isoformat()))
    kind = str(given.get("kind") or "").strip()
    if kind not in EVENT_KINDS:
        problems.append(_problem(name, "kind", kind or None, "not_one_of",
                                 allowed=", ".join(EVENT_KINDS)))
    texts = {}
    for field, needed in (("text", True), ("text_ko", False)):
        value = " ".join(str(given.get(field) or "").split())
        if needed and not value:
            problems.append(_problem(name, field, None, "required_value"))
        elif len(value) > TEXT_LIMIT:
            problems.append(_problem(name, field, value[:40] + "...", "text_too_long",
                                     limit=TEXT_LIMIT))
        texts[field] = value or None
    record = {"edition": number, "event_at": at, "kind": kind, "text_en": texts["text"],
              "text_ko": texts["text_ko"], "public": bool(given.get("public"))}
    return record, problems


def _integer(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _events_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    frame["event_at"] = pd.to_datetime(frame["event_at"], utc=True)
    frame["public"] = frame["public"].astype(bool)
    return frame


def _shown(record: dict) -> dict:
    return {k: v.isoformat(timespec="seconds") if isinstance(v, datetime) else v
            for k, v in record.items()}


def add_event(target: Path, given: dict[str, object], extend_to: str | None = None
              ) -> dict[str, object]:
    """Record an event; with `extend_to` (a deadline extension) the edition's closing moment
    moves in the same write, so pace and projection follow it."""
    with db.writing(target):
        current = importer._current(target)
        editions = _editions(current)
        record, problems = check_event(given, editions)
        edition_record = None
        if extend_to:
            if record["kind"] != "deadline_extended":
                problems.append(_problem("event", "extend_to", extend_to,
                                         "extend_only_deadline"))
            elif record["edition"] in editions:
                edition_record, extended = _extended(editions[record["edition"]], extend_to)
                problems += extended
        if problems:
            raise RecordError(problems)
        events = current["events"]
        record["event_id"] = int(events["event_id"].max()) + 1 if len(events) else 1
        rows = [*events.to_dict("records"), record]
        changed = {"events": _events_frame(rows)}
        diff: dict[str, object] = {"added": _shown(record)}
        if edition_record is not None:
            existing = {n: records._as_record(e) for n, e in editions.items()}
            before = existing[record["edition"]]["call_closes_at"]
            existing[record["edition"]] = edition_record
            changed["editions"] = records._editions_frame(existing)
            diff["call_closes_at"] = {"from": _shown({"t": before})["t"],
                                      "to": _shown({"t": edition_record["call_closes_at"]})["t"]}
        importer.rewrite(target, current, importer.history_row(
            current, "(event added)", diff, 1, str(record["edition"])), **changed)
        return record


def _extended(edition: Edition, text: str) -> tuple[dict[str, object], list[Problem]]:
    """The edition with its call closing at `text` (a date: the end of that day), checked as
    `edition set` checks it, and later than the deadline it extends."""
    record = records._as_record(edition)
    given = {f: record[f].isoformat() for f in records.DATE_FIELDS if record[f] is not None}
    given["call_closes_at"] = text
    problems = records._edition_problems(f"edition {edition.number}", record, given)
    problems = [Problem("event", None, "--extend-to" if p.column == "--call-closes-at"
                        else p.column, p.value, p.key, **dict(p.values)) for p in problems]
    closes = record.get("call_closes_at")
    if not problems and edition.call_closes_at is not None and isinstance(closes, datetime) \
            and closes <= edition.call_closes_at:
        problems.append(_problem("event", "extend_to", text, "must_come_after",
                                 first=f"--call-closes-at "
                                       f"({edition.call_closes_at.isoformat()})"))
    return record, problems


def move_deadline(target: Path, edition: int, text: str) -> dict[str, dict]:
    """A deadline extension confirmed after its event was recorded (the Data page): the
    edition's closing moment, as `edition set --call-closes-at` moves it."""
    with db.writing(target):
        current = importer._current(target)
        editions = _editions(current)
        if edition not in editions:
            raise RecordError([_problem("event", "edition", edition,
                                        "edition_not_in_database_first")])
    # set_edition takes the lock itself, and checks the order of the dates
    _record, problems = _extended(editions[edition], text)
    if problems:
        raise RecordError(problems)
    return records.set_edition(target, edition, {"call_closes_at": text})


def remove_event(target: Path, event_id: object) -> dict[str, object]:
    with db.writing(target):
        current = importer._current(target)
        events = current["events"]
        number = _integer(event_id)
        if number is None or number not in set(events["event_id"].astype(int)):
            raise RecordError([_problem("event", "id", event_id, "no_such_event")])
        removed = events[events["event_id"] == number].to_dict("records")[0]
        rows = events[events["event_id"] != number].to_dict("records")
        importer.rewrite(target, current, importer.history_row(
            current, "(event removed)", {"removed": _shown(removed)}, 1,
            str(int(removed["edition"]))), events=_events_frame(rows))
        return removed


# -- alerts -------------------------------------------------------------------------------------

def check_alert(given: dict[str, object], editions: dict[int, Edition]
                ) -> tuple[dict[str, object], list[Problem]]:
    """An alert: an edition of the database and at least one condition, each in its range; the
    compared edition an earlier one."""
    name = "alert"
    problems: list[Problem] = []
    number = _integer(given.get("edition"))
    if number not in editions:
        problems.append(_problem(name, "edition", given.get("edition"),
                                 "edition_not_in_database_first"))
    pace_below = None
    if given.get("pace_below") not in (None, ""):
        try:
            pace_below = float(str(given["pace_below"]).strip().rstrip("%"))
            if not math.isfinite(pace_below) or not PACE_RANGE[0] <= pace_below <= PACE_RANGE[1]:
                raise ValueError(pace_below)
        except ValueError:
            problems.append(_problem(name, "pace_below", given["pace_below"], "pace_value",
                                     low=int(PACE_RANGE[0]), high=int(PACE_RANGE[1])))
            pace_below = None
    against = None
    if given.get("against") not in (None, ""):
        against = _integer(given["against"])
        if against is None or against not in editions or (number is not None
                                                          and against >= number):
            problems.append(_problem(name, "against", given["against"],
                                     "not_an_earlier_edition", edition=given.get("edition")))
            against = None
        elif pace_below is None and given.get("pace_below") in (None, ""):
            problems.append(_problem(name, "against", given["against"], "against_needs_pace"))
    quiet_days = None
    if given.get("quiet_days") not in (None, ""):
        quiet_days = _integer(given["quiet_days"])
        if quiet_days is None or not QUIET_RANGE[0] <= quiet_days <= QUIET_RANGE[1]:
            problems.append(_problem(name, "quiet_days", given["quiet_days"], "quiet_value",
                                     low=QUIET_RANGE[0], high=QUIET_RANGE[1]))
            quiet_days = None
    missing = bool(given.get("missing_regions"))
    if not problems and pace_below is None and quiet_days is None and not missing:
        problems.append(_problem(name, "edition", given.get("edition"), "alert_needs_condition"))
    record = {"edition": number, "pace_below": pace_below, "against": against,
              "missing_regions": missing, "quiet_days": quiet_days}
    return record, problems


def _alerts_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(ALERT_COLUMNS))
    frame["pace_below"] = frame["pace_below"].astype("Float64")
    for column in ("against", "quiet_days"):
        frame[column] = frame[column].astype("Int64")
    frame["missing_regions"] = frame["missing_regions"].astype(bool)
    return frame


def set_alert(target: Path, given: dict[str, object]) -> dict[str, object]:
    """The edition's alert, replacing the one it had."""
    with db.writing(target):
        current = importer._current(target)
        record, problems = check_alert(given, _editions(current))
        if problems:
            raise RecordError(problems)
        alerts = current["alerts"]
        kept = alerts[alerts["edition"] != record["edition"]].to_dict("records")
        importer.rewrite(target, current, importer.history_row(
            current, "(alert set)", {"set": record}, 1, str(record["edition"])),
            alerts=_alerts_frame([*kept, record]))
        return record


def clear_alerts(target: Path, edition: object = None) -> list[int]:
    """Remove the alert of an edition (None: every alert); the editions cleared."""
    with db.writing(target):
        current = importer._current(target)
        alerts = current["alerts"]
        number = _integer(edition) if edition not in (None, "") else None
        if edition not in (None, "") and (number is None
                                          or number not in set(alerts["edition"].astype(int))):
            raise RecordError([_problem("alert", "edition", edition, "no_alert")])
        if not len(alerts):
            raise RecordError([_problem("alert", "edition", None, "no_alert")])
        gone = alerts if number is None else alerts[alerts["edition"] == number]
        cleared = sorted(int(e) for e in gone["edition"])
        kept = alerts[~alerts["edition"].isin(cleared)].to_dict("records")
        importer.rewrite(target, current, importer.history_row(
            current, "(alert cleared)", {"cleared": cleared}, 1, ",".join(map(str, cleared))),
            alerts=_alerts_frame(kept))
        return cleared
