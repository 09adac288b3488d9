"""The digest's mailing: the SMTP settings and the recipients from the secrets file, the
message built from a rendered digest (HTML and plain text, the charts inline by Content-ID),
the send, and the file beside the database that keeps the moment the previous digest covered.

The state file is moved on only once the SMTP server has accepted every message of a run, so a
day that failed is covered by the next run (prizestats.cli.digest). What the message says is
prizestats.outputs.digest. Nothing here imports Streamlit.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import smtplib
import ssl
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from prizestats.core import access, safe, settings, times
from prizestats.core.safe_write import atomic_file, open_lock
from prizestats.outputs.digest import CHARTS, DigestError, Rendered

DEFAULT_SECRETS = settings.DEFAULT_SECRETS
DEFAULT_APP_URL = "http://127.0.0.1:8501"
SMTP_TIMEOUT = 30  # seconds for the connection and each reply
LOOPBACK = ("127.0.0.1", "localhost", "::1")
STATE_VERSION = 1


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


def secrets_section(secrets: dict, name: str) -> dict:
    """[prizestats.NAME] of the secrets file, or {} when it is not a table."""
    section = secrets.get("prizestats", {})
    value = section.get(name, {}) if isinstance(section, dict) else {}
    return value if isinstance(value, dict) else {}


def role_map(secrets: dict) -> dict[str, str]:
    return {str(k): str(v) for k, v in secrets_section(secrets, "roles").items()}


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
    smtp = secrets_section(secrets, "smtp")
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
    configured = secrets_section(secrets, "digest").get("app_url")
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
# The message


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
        with _connected(settings, where) as server:
            _check_recipients(server, settings.sender.addr_spec, to, where)
            _deliver(server, messages, where, progress)
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


@contextlib.contextmanager
def _connected(settings: Smtp, where: str) -> Iterator[smtplib.SMTP]:
    """The connection, encrypted as the settings say and logged in; closed (QUIT) on leaving."""
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
        yield server


def _check_recipients(server: smtplib.SMTP, sender: str, to: list[Address], where: str) -> None:
    """MAIL FROM and RCPT TO for every recipient, then RSET: a refusal stops the run here."""
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


def _deliver(server: smtplib.SMTP, messages: list[EmailMessage], where: str,
             progress: Callable[[str], None]) -> None:
    """Each message in turn; a refusal says which went out before it."""
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
