"""The daily intake digest for organisers: one email per language, HTML and plain text with the
charts inline, saying what the Intake page says at the same moment, plus what arrived since the
previous digest.

`python -m prizestats digest --help`. The figures come from the same queries and the same pure
functions as the Intake page (intake.py), run as an organiser with no filter. What the previous
digest covered is kept in a small JSON file beside the database (the app keeps its database
read-only), moved on only once the SMTP server has accepted every message of a run, so a day
that failed is covered by the next run. Nothing here imports Streamlit.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import json
import smtplib
import ssl
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import pandas as pd
import plotly.graph_objects as go

from prizestats.core import access, safe, settings, times
from prizestats.core.editions import edition as edition_of
from prizestats.core.safe_write import atomic_file, atomic_write, open_lock
from prizestats.core.scope import View
from prizestats.figures import charts, export, intake, press
from prizestats.outputs import templates
from prizestats.store import db
from prizestats.words import catalog, i18n

DEFAULT_SECRETS = settings.DEFAULT_SECRETS
DEFAULT_APP_URL = "http://127.0.0.1:8501"
FIRST_WINDOW = timedelta(hours=24)  # what the first digest of an edition covers
SMTP_TIMEOUT = 30  # seconds for the connection and each reply
LOOPBACK = ("127.0.0.1", "localhost", "::1")
IMAGE_WIDTH = 640  # in the HTML; the PNG itself is twice the export size for sharp screens
CHARTS = ("intake_curve", "daily_arrivals")
STATE_VERSION = 1

# The digest's own words are the digest.* messages of the catalogs (catalog.section); the
# figures' sentences are the Intake page's (intake.py).


class DigestError(RuntimeError):
    """Bad input or a refused send: one line for the user, exit status 2, nothing moved on."""


# ---------------------------------------------------------------------------------------------
# Settings: the secrets file (never in the repository)


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    starttls: bool
    tls: bool
    user: str | None
    password: str | None
    sender: Address


def load_secrets(path: Path | None) -> dict:
    """The secrets file (prizestats.core.settings.read_secrets), its problems as a DigestError."""
    try:
        return settings.read_secrets(path)
    except settings.SettingsError as error:
        raise DigestError(str(error)) from None


def _section(secrets: dict, name: str) -> dict:
    section = secrets.get("prizestats", {})
    value = section.get(name, {}) if isinstance(section, dict) else {}
    return value if isinstance(value, dict) else {}


def role_map(secrets: dict) -> dict[str, str]:
    return {str(k): str(v) for k, v in _section(secrets, "roles").items()}


def parse_address(text: str, what: str) -> Address:
    """"kim@seoul.go.kr" or "Kim Minsu <kim@seoul.go.kr>" (the name in any script): one
    address, or a DigestError."""
    name, addr = parseaddr(text or "")
    if not addr or addr.count("@") != 1 or any(c.isspace() for c in addr) \
            or not all(addr.split("@")):
        raise DigestError(f"{what} {text!r} is not an email address")
    try:
        return Address(display_name=name, addr_spec=addr)
    except (ValueError, IndexError) as error:
        raise DigestError(f"{what} {text!r} is not an email address ({error})") from None


def smtp_settings(secrets: dict, where: Path) -> Smtp:
    smtp = _section(secrets, "smtp")
    if not smtp:
        raise DigestError(f"no [prizestats.smtp] section in {where}: sending needs host, port, "
                          "starttls or tls, user, password and from (or write files with --out)")
    host = smtp.get("host")
    if not isinstance(host, str) or not host.strip():
        raise DigestError(f"[prizestats.smtp] in {where}: host is missing")
    tls = smtp.get("tls", False)
    starttls = smtp.get("starttls", not tls)
    if not isinstance(tls, bool) or not isinstance(starttls, bool):
        raise DigestError(f"[prizestats.smtp] in {where}: starttls and tls are true or false")
    if tls and starttls:
        raise DigestError(f"[prizestats.smtp] in {where}: starttls and tls are exclusive "
                          "(tls: port 465, TLS from the start; starttls: port 587)")
    port = smtp.get("port", 465 if tls else 587 if starttls else 25)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise DigestError(f"[prizestats.smtp] in {where}: port {port!r} is not a port number")
    user, password = smtp.get("user"), smtp.get("password")
    if bool(user) != bool(password):
        raise DigestError(f"[prizestats.smtp] in {where}: give both user and password, or neither")
    if user and not (tls or starttls) and host.strip() not in LOOPBACK:
        raise DigestError(f"[prizestats.smtp] in {where}: a password is never sent without "
                          "encryption: set starttls = true or tls = true")
    if "from" not in smtp:
        raise DigestError(f"[prizestats.smtp] in {where}: from (the sender's address) is missing")
    sender = parse_address(str(smtp["from"]), "[prizestats.smtp] from")
    return Smtp(host.strip(), port, starttls, tls, str(user) if user else None,
                str(password) if password else None, sender)


def app_url(secrets: dict) -> str:
    """Where the dashboard is: [prizestats.digest] app_url, else the login's redirect address
    without its /oauth2callback, else the local default."""
    configured = _section(secrets, "digest").get("app_url")
    auth = secrets.get("auth", {}) if isinstance(secrets.get("auth"), dict) else {}
    redirect = auth.get("redirect_uri")
    for candidate in (configured, redirect.removesuffix("/oauth2callback")
                      if isinstance(redirect, str) else None):
        link = safe.web_link(candidate)
        if link:
            return link.rstrip("/")
    return DEFAULT_APP_URL


def recipients(to: list[str] | None, roles: dict[str, str], where: Path) -> list[Address]:
    """--to, each an organiser in the role map; without --to, every organiser named by exact
    email in the role map (a whole domain names no one to write to)."""
    if to is not None and not roles:
        raise DigestError(f"no role map ([prizestats.roles]) in {where}: recipients cannot be "
                          "checked, so the digest can only be written to files (--out, without --to)")
    if to is None:
        to = sorted(key for key, role in roles.items()
                    if role == "organiser" and not key.strip().startswith("@"))
    found: dict[str, Address] = {}
    for text in to:
        address = parse_address(text, "recipient")
        normal = access.normalise_address(address.addr_spec)
        if normal is None:
            raise DigestError(f"recipient {address.addr_spec}: its domain is not a valid IDNA "
                              "domain, or it has letters that pass for ASCII ones (the long s, "
                              "ß, the Kelvin sign, fullwidth letters): refused")
        if access.role_for_email(address.addr_spec, roles) != "organiser":
            raise DigestError(f"recipient {address.addr_spec} is not an organiser in the role "
                              f"map of {where}: the digest is organiser content")
        found.setdefault(normal, address)
    return list(found.values())


# ---------------------------------------------------------------------------------------------
# The moment the previous digest covered, kept beside the database


def state_path(database: Path) -> Path:
    return database.with_name(f".{database.name}.digest.json")


def read_state(path: Path) -> dict:
    if not path.exists():
        return {"version": STATE_VERSION, "covered": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(state.get("covered"), dict):
            raise ValueError("no 'covered' object")
        return state
    except (ValueError, AttributeError) as error:
        raise DigestError(f"{path}: cannot read the digest state ({error}); fix or delete it "
                          "(the next digest then covers the last 24 hours)") from None


def last_covered(state: dict, edition: int, lang: str) -> datetime | None:
    value = state["covered"].get(str(edition), {}).get(lang)
    if value is None:
        return None
    try:
        return times.parse_datetime(value)
    except (TypeError, ValueError):
        raise DigestError(f"the digest state holds {value!r} for edition {edition} ({lang}), "
                          "which is not a date-time") from None


def covered(state: dict, edition: int, langs: tuple[str, ...], as_of: datetime) -> dict:
    moved = json.loads(json.dumps(state))
    per_lang = moved["covered"].setdefault(str(edition), {})
    for lang in langs:
        per_lang[lang] = as_of.isoformat()
    moved["version"] = STATE_VERSION
    return moved


def write_state(path: Path, state: dict) -> None:
    """A new file renamed into place: a crash leaves the old state or the new, never half."""
    with atomic_file(path, "w", encoding="utf-8") as handle:
        json.dump(state, handle, ensure_ascii=False, indent=2, sort_keys=True)
        handle.write("\n")


@contextlib.contextmanager
def one_sender(path: Path) -> Iterator[None]:
    """One sending run at a time per database: two at once would both send the same window."""
    with open_lock(path.with_name(f"{path.name}.lock")) as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DigestError("another digest of this database is being sent right now") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
        == "sample", dated=press.dated(run, edition, as_of, public=False))


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


def render(figures: Intake, new: NewEntries, lang: str, link: str) -> Rendered:
    """Subject, plain text and HTML (digest.html.j2: images as cid:NAME, replaced when the
    message is built). Everything from the data is escaped in the HTML."""
    words = catalog.section("digest", lang)
    n = lambda value: i18n.number(value, lang)  # noqa: E731
    sample = f"{words['sample']} " if figures.is_sample else ""
    subject = sample + i18n.render(
        words["subject"], lang, year=figures.year, day=i18n.day(intake.seoul_date(figures.as_of), lang),
        new=n(new.total), total=n(figures.so_far))
    title = intake.title_text(lang, figures.year, figures.so_far, figures.days, figures.paces)
    edition_name = i18n.edition_label(figures.edition, figures.year, lang)
    dated = figures.as_of if figures.dated is None else figures.dated
    as_of_line = i18n.render(words["as_of"], lang, when=i18n.moment(dated, lang))
    window = {"since": i18n.moment(new.since, lang), "until": i18n.moment(new.until, lang)}
    new_line = (i18n.render(words["new_since"], lang, count=n(new.total), **window)
                if new.total else i18n.render(words["no_new"], lang, **window))
    paces = intake.pace_texts(lang, figures.paces, figures.days) or [words["no_earlier"]]
    projection = intake.projection_text(lang, figures.curve, figures.so_far, figures.days,
                                        figures.earlier)
    missing_heading = (i18n.t("missing_heading", lang) if figures.previous is None
                       else i18n.render(words["missing_heading"], lang, year=figures.previous_year))
    missing = _missing_lines(figures, lang)
    late = _late_line(figures, lang)
    source = press.source_line(lang, figures.is_sample, dated)
    tables = [(words["by_region"], words["region"],
               [(i18n.label(k, lang), v) for k, v in new.by_region]),
              (words["by_category"], words["category"],
               [(i18n.label(k, lang), v) for k, v in new.by_category])]

    intake_figure = charts.intake_curve(
        figures.curve[figures.curve["edition"] <= figures.edition], figures.edition,
        figures.days, title, lang, source)
    daily_figure = charts.daily_arrivals(figures.daily, lang, source,
                                         intake.daily_title(figures.daily, lang))
    chart_figures = {"intake_curve": intake_figure, "daily_arrivals": daily_figure}
    alts = {name: charts.finding(figure) for name, figure in chart_figures.items()}

    # plain text
    digest_heading = sample + i18n.render(words["heading"], lang, edition=edition_name)
    text = [digest_heading, "", title, as_of_line, ""]
    text += [words["new_heading"], new_line]
    if new.first_run:
        text.append(words["first_run"])
    for heading, _, rows in tables:
        if rows:
            text += ["", f"{heading}:"] + [f"  {label}: {n(count)}" for label, count in rows]
    text += ["", words["total_heading"]] + [f"- {line}" for line in paces]
    text += ["", words["projection_heading"], projection]
    text += ["", missing_heading, *missing]
    text += ["", words["late_heading"], late]
    text += ["", i18n.render(words["link"], lang, url=link), "", source, words["footer"], ""]

    html = templates.render(
        "digest.html.j2", lang=lang, subject=subject, heading=digest_heading, title=title,
        as_of=as_of_line, new_heading=words["new_heading"], new_line=new_line,
        first_run=words["first_run"] if new.first_run else None,
        tables=[{"caption": heading, "column": column, "entries": words["entries"],
                 "rows": [(label, n(count)) for label, count in rows]}
                for heading, column, rows in tables if rows],
        total_heading=words["total_heading"], paces=paces,
        projection_heading=words["projection_heading"], projection=projection,
        missing_heading=missing_heading, missing=missing, late_heading=words["late_heading"],
        late=late, charts_heading=words["charts_heading"],
        images=[(name, alts[name]) for name in CHARTS], width=IMAGE_WIDTH, link=link,
        link_text=words["link_text"], source=source, footer=words["footer"])
    return Rendered(lang, subject, "\n".join(text), html, chart_figures, alts)


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


class MailPolicy(EmailPolicy):
    """The default policy, except for unstructured headers with non-ASCII text (the subject).
    Python 3.11's folder puts the space at a fold outside the encoded words, where every reader
    drops it (the Korean name of the prize arrived with its last two words run together);
    email.header encodes each space inside an encoded word and folds between words. Address
    headers fold correctly as they are."""

    def _encoded(self, name: str, value: object) -> str | None:
        if hasattr(value, "addresses") or str(value).isascii():
            return None
        words = Header(str(value), "utf-8", header_name=name).encode(linesep=self.linesep)
        return f"{name}: {words}{self.linesep}"

    def fold(self, name: str, value: str) -> str:
        return self._encoded(name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        encoded = self._encoded(name, value)
        return encoded.encode("ascii") if encoded else super().fold_binary(name, value)


MAIL_POLICY = MailPolicy()


def build_message(rendered: Rendered, images: dict[tuple[str, str], bytes], sender: Address | None,
                  to: list[Address], now: datetime) -> EmailMessage:
    """multipart/alternative: text/plain, then multipart/related (text/html and the PNGs it
    shows by Content-ID). Headers with Korean are RFC 2047 encoded (MailPolicy)."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = rendered.subject
    if sender is not None:
        message["From"] = sender
    if to:
        message["To"] = to
    message["Date"] = format_datetime(now)
    domain = sender.domain if sender is not None else "prizestats.invalid"
    message["Message-ID"] = make_msgid("digest", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    cids = {name: f"<{name}.{uuid.uuid4().hex[:16]}@{domain}>" for name in CHARTS}
    html = rendered.html
    for name, cid in cids.items():
        html = html.replace(f'src="cid:{name}"', f'src="cid:{cid[1:-1]}"')
    message.set_content(rendered.text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    html_part = message.get_payload()[1]
    for name, cid in cids.items():
        html_part.add_related(images[(rendered.lang, name)], maintype="image", subtype="png",
                              cid=cid, disposition="inline", filename=f"{name}.png")
    # last: set_content and add_alternative move every Content-* header into the parts
    message["Content-Language"] = rendered.lang
    return message


def html_with_images(message: EmailMessage) -> str:
    """The message's HTML with each cid: image as a data: address, to open from disk."""
    html_part = message.get_body(preferencelist=("html",))
    html = html_part.get_content()
    for part in message.walk():
        cid = part.get("Content-ID")
        if cid and part.get_content_type() == "image/png":
            data = base64.b64encode(part.get_content()).decode("ascii")
            html = html.replace(f"cid:{cid.strip('<>')}", f"data:image/png;base64,{data}")
    return html


# ---------------------------------------------------------------------------------------------
# Sending


def _refusal(code: int, reply: bytes) -> str:
    return f"{code} {reply.decode('utf-8', 'replace').strip()}"


def send(messages: list[EmailMessage], settings: Smtp, to: list[Address],
         progress: Callable[[str], None]) -> None:
    """Every message to every recipient, or a DigestError. The recipients are checked with the
    server (MAIL FROM and RCPT TO, then RSET) before any message is sent, so a refused address
    stops the run before anything went out."""
    progress(f"sending {len(messages)} message(s) to {len(to)} recipient(s) through "
             f"{settings.host}:{settings.port} ...")
    where = f"{settings.host}:{settings.port}"
    try:
        context = ssl.create_default_context()
        if settings.tls:
            server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=SMTP_TIMEOUT,
                                      context=context)
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
        with server:
            server.ehlo()
            if settings.starttls:
                if not server.has_extn("starttls"):
                    raise DigestError(f"the SMTP server {where} does not offer STARTTLS "
                                      "(set tls = true for port 465, or check host and port)")
                server.starttls(context=context)
                server.ehlo()
            if settings.user:
                server.login(settings.user, settings.password or "")
            sender = settings.sender.addr_spec
            code, reply = server.mail(sender)
            if code != 250:
                raise DigestError(f"the SMTP server {where} refused the sender {sender}: "
                                  f"{_refusal(code, reply)}; nothing was sent")
            refused = {}
            for address in to:
                code, reply = server.rcpt(address.addr_spec)
                if code not in (250, 251):
                    refused[address.addr_spec] = _refusal(code, reply)
            server.rset()
            if refused:
                listed = "; ".join(f"{a}: {r}" for a, r in refused.items())
                raise DigestError(f"the SMTP server {where} refused {listed}; nothing was sent")
            for sent, message in enumerate(messages):
                try:
                    partly = server.send_message(message)
                except smtplib.SMTPException as error:
                    raise DigestError(f"the SMTP server {where} refused the message in "
                                      f"{message['Content-Language']}: {_smtp_text(error)}"
                                      f"{_sent_note(messages, sent)}") from None
                if partly:
                    listed = "; ".join(f"{a}: {_refusal(*r)}" for a, r in partly.items())
                    raise DigestError(f"the SMTP server {where} refused {listed} for the message "
                                      f"in {message['Content-Language']}"
                                      f"{_sent_note(messages, sent, partly=True)}")
                progress(f"sent the {message['Content-Language']} digest")
    except DigestError:
        raise
    except smtplib.SMTPAuthenticationError as error:
        raise DigestError(f"the SMTP server {where} refused the login of {settings.user}: "
                          f"{_smtp_text(error)}; nothing was sent") from None
    except smtplib.SMTPException as error:
        raise DigestError(f"SMTP server {where}: {_smtp_text(error)}; nothing was sent") from None
    except OSError as error:  # refused, unreachable, timed out, TLS failure
        raise DigestError(f"cannot reach the SMTP server {where}: "
                          f"{error.strerror or error}; nothing was sent") from None


def _smtp_text(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return _refusal(error.smtp_code, error.smtp_error if isinstance(error.smtp_error, bytes)
                        else str(error.smtp_error).encode())
    return str(error) or type(error).__name__


def _sent_note(messages: list[EmailMessage], sent: int, partly: bool = False) -> str:
    """What went out before a refusal: the messages already accepted, and the refused one when
    the server took it for the other recipients."""
    done = [f"the {m['Content-Language']} digest" for m in messages[:sent]]
    if partly:
        done.append(f"the {messages[sent]['Content-Language']} digest to the other recipients")
    if not done:
        return "; nothing was sent"
    return (f"; already accepted: {', '.join(done)}; the next run sends every language again "
            "over the same period")


# ---------------------------------------------------------------------------------------------
# The command


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _progress(text: str) -> None:
    print(f"digest: {text}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """The `digest` command: exit status 0, or 2 with one line on stderr."""
    try:
        return _run(args)
    except DigestError as error:
        return _fail(str(error))
    except export.ExportError as error:
        return _fail(f"{error}; nothing was sent")
    except duckdb.Error as error:
        first = (str(error).strip() or type(error).__name__).splitlines()[0]
        return _fail(f"{args.db or db.db_path()}: {first}")
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        return _fail(f"{where}{error.strerror or error}")


def _run(args: argparse.Namespace) -> int:
    sending = not (args.out or args.dry_run)
    where = args.secrets or DEFAULT_SECRETS
    secrets = load_secrets(args.secrets)
    roles = role_map(secrets)
    to = recipients(args.to, roles, where) if (roles or args.to is not None) else []
    settings = None
    if sending or args.dry_run:
        if not roles:
            raise DigestError(f"no role map ([prizestats.roles]) in {where}: without one the "
                              "digest can only be written to files (--out)")
        if not to:
            raise DigestError("no recipients: give --to, or name organisers by exact email in "
                              f"[prizestats.roles] of {where}")
        settings = smtp_settings(secrets, where)
    now = access.now()
    as_of = args.as_of or now
    if sending and as_of > now:
        raise DigestError(f"--as-of {as_of.isoformat()} is later than now: a digest that is sent "
                          "cannot cover the future (use --out or --dry-run to look ahead)")

    database = args.db or db.db_path()
    if not database.is_file():
        raise DigestError(f"no database at {database}: build one with `python -m prizestats "
                          "build --from data/sample`")
    state_file = state_path(database)
    with contextlib.ExitStack() as held:
        if sending:  # from reading the state to writing it: two runs would send one period twice
            held.enter_context(one_sender(state_file))
        edition, rendered = _render_all(args, database, state_file, secrets, as_of, now)
        images = draw_images(rendered, _progress)
        sender = settings.sender if settings else _file_sender(secrets, where)
        messages = [build_message(r, images, sender, to, now) for r in rendered]
        if args.out:
            _write_files(args.out, edition, as_of, messages, rendered)
        if args.dry_run:
            for message in messages:
                print(f"would send to {message.get('To', '(no one)')}: {message['Subject']}")
            print(f"dry run: nothing was sent, and {state_file} is unchanged")
        if not sending:
            return 0
        assert settings is not None
        send(messages, settings, to, _progress)
        write_state(state_file, covered(read_state(state_file), edition, args.lang, as_of))
    for message in messages:
        print(f"sent to {message['To']}: {message['Subject']}")
    print(f"covered up to {as_of.isoformat()} (kept in {state_file})")
    return 0


def _render_all(args: argparse.Namespace, database: Path, state_file: Path, secrets: dict,
                as_of: datetime, now: datetime) -> tuple[int, list[Rendered]]:
    with db.connect(database) as con:
        def runner(name: str, params: dict) -> pd.DataFrame:
            return db.run(con, name, params)

        edition = args.edition or press.latest_edition_with_entries(runner)
        if edition is None:
            raise DigestError("the database holds no entries")
        state = read_state(state_file)
        figures = intake_figures(runner, edition, as_of)
        base = app_url(secrets)
        rendered = []
        for lang in args.lang:
            since = last_covered(state, edition, lang)
            if since is not None and since >= as_of:
                raise DigestError(
                    f"the previous {lang} digest of edition {edition} covered up to "
                    f"{since.isoformat()}, which is not before --as-of {as_of.isoformat()}: "
                    f"nothing new to cover ({state_file})")
            new = new_entries(runner, edition, since, as_of)
            rendered.append(render(figures, new, lang,
                                   intake_link(base, edition, as_of, lang, now)))
    return edition, rendered


def _write_files(out: Path, edition: int, as_of: datetime, messages: list[EmailMessage],
                 rendered: list[Rendered]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    day = intake.seoul_date(as_of).isoformat()
    for message, r in zip(messages, rendered, strict=True):
        stem = out / f"digest-{edition}-{day}-{r.lang}"
        atomic_write(Path(f"{stem}.eml"), message.as_bytes())
        atomic_write(Path(f"{stem}.html"), html_with_images(message))
        print(f"wrote {stem}.eml and {stem}.html: {r.subject}")


def _file_sender(secrets: dict, where: Path) -> Address | None:
    """For --out without sending: the From of the SMTP settings when they are there."""
    sender = _section(secrets, "smtp").get("from")
    return parse_address(str(sender), f"[prizestats.smtp] from in {where}") if sender else None
