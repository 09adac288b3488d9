"""The digest posted to a chat webhook (Slack, Microsoft Teams): the same summary as the mail's
plain text, as JSON with a `text` field, over the standard library's HTTP client.

A webhook is a channel whose readers the app cannot see, so it is treated as the strictest
audience (press), which may not read the digest (organiser content, like the mail's recipients
in prizestats.outputs.mail.recipients), unless the secrets file says otherwise: the URL must be
named as an organiser channel in its [prizestats.webhooks] table. Nothing here imports
Streamlit.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from prizestats.core import safe
from prizestats.figures import signals
from prizestats.outputs.digest import DigestError, Intake, Rendered
from prizestats.outputs.mail import secrets_section

TIMEOUT = 30  # seconds for the connection and the answer


def shown(url: str) -> str:
    """The URL as a message may show it: a webhook's path is its secret, so only the host."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/..."


def checked_url(url: str, secrets: dict, where: Path) -> str:
    """The webhook URL when it is an http(s) address named as an organiser channel in
    [prizestats.webhooks] of the secrets file; a DigestError otherwise."""
    if safe.web_link(url) is None:
        raise DigestError(f"--webhook {url!r} is not an http(s) address")
    roles = {str(k).strip(): str(v) for k, v in secrets_section(secrets, "webhooks").items()}
    role = roles.get(url.strip())
    if role != "organiser":
        given = f"the role {role!r}" if role else "no role"
        raise DigestError(
            f"--webhook {shown(url)} has {given} in [prizestats.webhooks] of {where}: a webhook "
            "is read by the strictest audience (press) unless named there as an organiser "
            "channel, and the digest is organiser content; nothing was posted")
    return url.strip()


def body(rendered: Rendered, figures: Intake) -> dict[str, object]:
    """The JSON posted: `text` (what Slack and Teams show: the subject, then the plain text) and
    the same facts as fields for other receivers."""
    return {"text": f"{rendered.subject}\n\n{rendered.text}".rstrip() + "\n",
            "subject": rendered.subject, "lang": rendered.lang, "edition": figures.edition,
            "as_of": figures.as_of.isoformat(),
            "alerts": [{"kind": fired.kind, "text": signals.fired_text(fired, rendered.lang)}
                       for fired in figures.alerts]}


def post(url: str, payload: dict[str, object]) -> None:
    """POST the payload as JSON; anything but a 2xx answer is a DigestError."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "prizestats-digest"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            answer.read()
    except urllib.error.HTTPError as error:
        raise DigestError(f"the webhook {shown(url)} answered HTTP {error.code} "
                          f"{error.reason}: the digest was not posted") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DigestError(f"the webhook {shown(url)} could not be reached ({reason}): the "
                          "digest was not posted") from None
