"""The release calendar: the public moments of an edition (call opens, call closes, finalists
announced, ceremony, and the moments its published figures become public) as an iCalendar file
per language, for the press room, the press kit and `python -m prizestats calendar`.

Pure: the edition's dates, the moments of its published figures (published_moments.sql: moments
and metric names, never a value), the language, now and the press room's address in; the
events or the file's bytes out. It lists moments, not results, so no result under embargo can
reach the press through it. The icalendar library writes the format (RFC 5545).

- UID: `sscp-<edition>-<event>@prizestats` (`sscp-3-ceremony@prizestats`; a published
  figures' moment `sscp-3-published-20250825T235959@prizestats`), the same on every run, so a
  calendar that imports the file again updates its events rather than doubling them.
- DTSTART: the moment in Korea time (TZID=Asia/Seoul, with its VTIMEZONE), to the second. An
  event has no end (a moment, RFC 5545 3.6.1) and is TRANSPARENT: it does not block time.
- A past moment stays in the file, marked twice: "Past: " before its summary (calendar.past,
  in the language), for the person reading their calendar, and the category `past`, for a
  program. STATUS cannot say it: its values for an event are TENTATIVE, CONFIRMED and
  CANCELLED, and a past moment is none of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd

from prizestats.core.editions import Edition
from prizestats.core.times import optional_moment
from prizestats.words import i18n

SEOUL = ZoneInfo("Asia/Seoul")
PRODID = "-//prizestats//Seoul Smart City Prize release calendar//EN"
KINDS = ("call_opens", "call_closes", "finalists", "ceremony", "published")
PAST = "past"  # the category of a past moment


@dataclass(frozen=True)
class Moment:
    """One public moment of an edition."""
    edition: int
    year: int
    kind: str  # one of KINDS
    at: datetime
    metrics: tuple[str, ...] = ()  # published: the figures that become public then
    venue: str | None = None  # ceremony

    @property
    def uid(self) -> str:
        if self.kind == "published":
            stamp = self.at.astimezone(SEOUL).strftime("%Y%m%dT%H%M%S")
            return f"sscp-{self.edition}-published-{stamp}@prizestats"
        return f"sscp-{self.edition}-{self.kind}@prizestats"

    def is_past(self, now: datetime) -> bool:
        return self.at <= now


def moments(edition: Edition, published: pd.DataFrame) -> list[Moment]:
    """The edition's public moments in time order. `published`: published_moments.sql's rows
    (edition, metric, public_at); the figures public at one moment make one event."""
    found = [Moment(edition.number, edition.year, kind, at.replace(microsecond=0),
                    venue=edition.venue if kind == "ceremony" else None)
             for kind, at in (("call_opens", edition.call_opens_at),
                              ("call_closes", edition.call_closes_at),
                              ("finalists", edition.finalists_announced_at),
                              ("ceremony", edition.ceremony_at))
             if at is not None]
    rows = published[published["edition"] == edition.number] if len(published) else published
    by_moment: dict[datetime, list[str]] = {}
    for metric, public_at in zip(rows.get("metric", []), rows.get("public_at", []),
                                 strict=True):
        at = optional_moment(public_at)
        if at is not None:
            by_moment.setdefault(at.replace(microsecond=0), []).append(str(metric))
    found += [Moment(edition.number, edition.year, "published", at, tuple(sorted(metrics)))
              for at, metrics in by_moment.items()]
    return sorted(found, key=lambda moment: (moment.at, KINDS.index(moment.kind)))


def press_room_url(base: str, edition: int, lang: str) -> str:
    """The press room of the edition in the language (base: the public address, or "")."""
    return f"{base.rstrip('/')}/press?{urlencode({'edition': edition, 'lang': lang})}"


def summary(moment: Moment, lang: str, now: datetime) -> str:
    text = i18n.t(f"calendar.event.{moment.kind}", lang, year=moment.year)
    return i18n.t("calendar.past", lang, summary=text) if moment.is_past(now) else text


def description(moment: Moment, lang: str, now: datetime, url: str) -> str:
    lines = [summary(moment, lang, now),
             i18n.t("calendar.description", lang, when=i18n.moment(moment.at, lang))]
    if moment.metrics:
        names = ", ".join(i18n.label(metric, lang) for metric in moment.metrics)
        lines.append(i18n.t("calendar.published_detail", lang, metrics=names))
    if moment.venue:
        lines.append(i18n.t("calendar.venue", lang, venue=moment.venue))
    lines.append(i18n.t("calendar.press_room", lang, url=url))
    return "\n".join(lines)


def ics(edition: Edition, published: pd.DataFrame, lang: str, now: datetime,
        base_url: str = "") -> bytes:
    """The iCalendar file of the edition's public moments in one language."""
    url = press_room_url(base_url, edition.number, lang)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", i18n.t("calendar.heading", lang) + " · "
                 + i18n.edition_label(edition.number, edition.year, lang))
    calendar.add("x-wr-timezone", "Asia/Seoul")
    for moment in moments(edition, published):
        event = icalendar.Event()
        event.add("uid", moment.uid)
        event.add("dtstamp", now.astimezone(ZoneInfo("UTC")).replace(microsecond=0))
        event.add("dtstart", moment.at.astimezone(SEOUL))
        event.add("summary", summary(moment, lang, now))
        event.add("description", description(moment, lang, now, url))
        event.add("transp", "TRANSPARENT")
        categories = [moment.kind, *([PAST] if moment.is_past(now) else [])]
        event.add("categories", categories)
        if url.startswith(("http://", "https://")):  # a URL property holds an absolute address
            event.add("url", url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def file_name(edition: Edition, lang: str) -> str:
    return f"sscp-{edition.year}-calendar-{lang}.ics"


def table(edition: Edition, published: pd.DataFrame, lang: str, now: datetime) -> pd.DataFrame:
    """The same moments for a person (the press room): when, in the language's format, and
    what, the past ones marked."""
    found = moments(edition, published)
    return pd.DataFrame({
        i18n.t("calendar.when", lang): [i18n.moment(m.at, lang) for m in found],
        i18n.t("calendar.event", lang): [summary(m, lang, now) for m in found],
    })
