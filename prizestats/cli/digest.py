"""The `digest` command: its options, and its run from the secrets and the state file to the
messages sent or written. What the digest says is prizestats.outputs.digest; mailing it is
prizestats.outputs.mail."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import duckdb
import pandas as pd

from prizestats.cli import arguments, common
from prizestats.core import access
from prizestats.core.safe_write import atomic_write
from prizestats.core.times import KST
from prizestats.figures import export, intake, press
from prizestats.outputs import digest, mail, webhook
from prizestats.outputs.digest import DigestError
from prizestats.store import db


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `digest` command, for python -m prizestats."""
    p = commands.add_parser(
        "digest", help="email the daily intake digest to organisers",
        description="Email the intake digest of an edition to organisers: one message per "
                    "language (HTML and plain text, charts inline as PNG) with the entries that "
                    "arrived since the moment the previous digest covered (by region and "
                    "category), the running total against each earlier edition at the same "
                    "number of days before the deadline, the projection with its 80% interval, "
                    "countries and regions missing compared with the last edition, late entries "
                    "and a link to the Intake page. Every recipient must be an organiser in the "
                    "role map ([prizestats.roles] of the secrets file); SMTP settings come from "
                    "its [prizestats.smtp]. Only a send that the server accepted whole moves "
                    "the covered moment on (a file beside the database); --out and --dry-run "
                    "move nothing. Exit status 2, and nothing moved on, on any problem.")
    p.add_argument("--edition", type=arguments.edition, default=None,
                   help="edition number, 1 = 2023 (default: the latest edition with entries)")
    p.add_argument("--as-of", type=arguments.as_of, default=None, metavar="T",
                   help="a date (end of that day, Asia/Seoul) or date-time (default: now); a "
                        "send cannot cover a moment later than now")
    p.add_argument("--lang", type=arguments.languages, default=("ko",), metavar="ko,en",
                   help="languages, one message each, comma-separated (default: ko)")
    p.add_argument("--to", action="extend", nargs="+", default=None, metavar="ADDR",
                   help="recipients, each an organiser in the role map (\"kim@seoul.go.kr\" or "
                        "\"Kim Minsu <kim@seoul.go.kr>\"; default: every organiser the role map "
                        "names by exact email)")
    p.add_argument("--secrets", type=Path, default=None, metavar="PATH",
                   help=f"the secrets file with [prizestats.roles] and [prizestats.smtp] "
                        f"(default: {mail.DEFAULT_SECRETS})")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="write each message as DIR/digest-EDITION-DAY-LANG.eml (exactly what "
                        "would be sent) and .html instead of sending; moves nothing")
    p.add_argument("--dry-run", action="store_true",
                   help="check everything and show what would be sent, without sending; moves "
                        "nothing")
    p.add_argument("--alerts-only", action="store_true",
                   help="send only when an alert of the edition fires (alert set); otherwise "
                        "say so, send nothing and exit 0 (for an hourly timer)")
    p.add_argument("--webhook", default=None, metavar="URL",
                   help="post the digest as JSON with a text field (Slack and Teams incoming "
                        "webhooks) to URL instead of mailing it; the URL must be an organiser "
                        "channel in [prizestats.webhooks] of the secrets file (any other is "
                        "treated as the strictest audience, which may not read the digest); a "
                        "post does not move the covered moment")
    p.add_argument("--db", type=Path, default=None,
                   help="database file (default: $PRIZESTATS_DB, else data/prizestats.duckdb)")
    p.set_defaults(handler=run)
    return p


def _progress(text: str) -> None:
    print(f"digest: {text}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """The `digest` command: exit status 0, or 2 with one line on stderr."""
    try:
        return _run(args)
    except DigestError as error:
        return common.fail(str(error))
    except export.ExportError as error:
        return common.fail(f"{error}; nothing was sent")
    except duckdb.Error as error:
        first = (str(error).strip() or type(error).__name__).splitlines()[0]
        return common.fail(f"{args.db or db.db_path()}: {first}")
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        return common.fail(f"{where}{error.strerror or error}")


def _run(args: argparse.Namespace) -> int:
    sending = not (args.out or args.dry_run)
    where = args.secrets or mail.DEFAULT_SECRETS
    secrets = mail.load_secrets(args.secrets)
    if args.webhook is not None:
        return _run_webhook(args, secrets, where, sending)
    roles = mail.role_map(secrets)
    to = mail.recipients(args.to, roles, where) if (roles or args.to is not None) else []
    settings = None
    if sending or args.dry_run:
        if not roles:
            raise DigestError(f"no role map ([prizestats.roles]) in {where}: without one the "
                              "digest can only be written to files (--out)")
        if not to:
            raise DigestError("no recipients: give --to, or name organisers by exact email in "
                              f"[prizestats.roles] of {where}")
        settings = mail.smtp_settings(secrets, where)
    now = access.now()
    as_of = args.as_of or now
    if sending and as_of > now:
        raise DigestError(f"--as-of {as_of.isoformat()} is later than now: a digest that is sent "
                          "cannot cover the future (use --out or --dry-run to look ahead)")

    database = args.db or db.db_path()
    if not database.is_file():
        raise DigestError(f"no database at {database}: build one with `python -m prizestats "
                          "build --from data/sample`")
    state_file = mail.state_path(database)
    with contextlib.ExitStack() as held:
        if sending:  # from reading the state to writing it: two runs would send one period twice
            held.enter_context(mail.one_sender(state_file))
        edition, rendered, figures = _render_all(args, database, state_file, secrets, as_of,
                                                 now)
        if args.alerts_only and not figures.alerts:
            print(_nothing_fires(edition, as_of))
            return 0
        images = digest.draw_images(rendered, _progress)
        sender = settings.sender if settings else _file_sender(secrets, where)
        messages = [mail.build_message(r, images, sender, to, now) for r in rendered]
        if args.out:
            _write_files(args.out, edition, as_of, messages, rendered)
        if args.dry_run:
            for message in messages:
                print(f"would send to {message.get('To', '(no one)')}: {message['Subject']}")
            print(f"dry run: nothing was sent, and {state_file} is unchanged")
        if not sending:
            return 0
        assert settings is not None
        mail.send(messages, settings, to, _progress)
        mail.write_state(state_file,
                         mail.covered(mail.read_state(state_file), edition, args.lang, as_of))
    for message in messages:
        print(f"sent to {message['To']}: {message['Subject']}")
    print(f"covered up to {as_of.isoformat()} (kept in {state_file})")
    return 0


def _nothing_fires(edition: int, as_of: datetime) -> str:
    # to the minute, in Korea time: "the end of 29 May" is 23:59, not 23:59:59.999999
    moment = as_of.astimezone(KST).isoformat(timespec="minutes")
    return (f"--alerts-only: no alert of edition {edition} fires at {moment} "
            "(an alert fires only while the call is open): nothing was sent")


def _run_webhook(args: argparse.Namespace, secrets: dict, where: Path, sending: bool) -> int:
    """The digest posted to a webhook: an organiser channel of the secrets file, or refused."""
    url = webhook.checked_url(args.webhook, secrets, where)
    if args.to is not None:
        raise DigestError("--to names mail recipients: a digest goes to a webhook or by mail, "
                          "not both in one run")
    now = access.now()
    as_of = args.as_of or now
    if sending and as_of > now:
        raise DigestError(f"--as-of {as_of.isoformat()} is later than now: a digest that is "
                          "posted cannot cover the future (use --dry-run to look ahead)")
    database = args.db or db.db_path()
    if not database.is_file():
        raise DigestError(f"no database at {database}: build one with `python -m prizestats "
                          "build --from data/sample`")
    edition, rendered, figures = _render_all(args, database, mail.state_path(database),
                                             secrets, as_of, now)
    if args.alerts_only and not figures.alerts:
        print(_nothing_fires(edition, as_of))
        return 0
    bodies = [webhook.body(r, figures) for r in rendered]
    if not sending:
        for body in bodies:
            print(f"would post to {webhook.shown(url)}: {json.dumps(body, ensure_ascii=False)}")
        print("dry run: nothing was posted")
        return 0
    for r, body in zip(rendered, bodies, strict=True):
        webhook.post(url, body)
        print(f"posted to {webhook.shown(url)}: {r.subject}")
    return 0


def _render_all(args: argparse.Namespace, database: Path, state_file: Path, secrets: dict,
                as_of: datetime, now: datetime
                ) -> tuple[int, list[digest.Rendered], digest.Intake]:
    with db.connect(database) as con:
        def runner(name: str, params: dict) -> pd.DataFrame:
            return db.run(con, name, params)

        edition = args.edition or press.latest_edition_with_entries(runner)
        if edition is None:
            raise DigestError("the database holds no entries")
        state = mail.read_state(state_file)
        figures = digest.intake_figures(runner, edition, as_of)
        base = mail.app_url(secrets)
        rendered = []
        for lang in args.lang:
            since = mail.last_covered(state, edition, lang)
            if since is not None and since >= as_of:
                raise DigestError(
                    f"the previous {lang} digest of edition {edition} covered up to "
                    f"{since.isoformat()}, which is not before --as-of {as_of.isoformat()}: "
                    f"nothing new to cover ({state_file})")
            new = digest.new_entries(runner, edition, since, as_of)
            rendered.append(digest.render(figures, new, lang,
                                          digest.intake_link(base, edition, as_of, lang, now)))
    return edition, rendered, figures


def _write_files(out: Path, edition: int, as_of: datetime, messages: list[EmailMessage],
                 rendered: list[digest.Rendered]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    day = intake.seoul_date(as_of).isoformat()
    for message, r in zip(messages, rendered, strict=True):
        stem = out / f"digest-{edition}-{day}-{r.lang}"
        atomic_write(Path(f"{stem}.eml"), message.as_bytes())
        atomic_write(Path(f"{stem}.html"), mail.html_with_images(message))
        print(f"wrote {stem}.eml and {stem}.html: {r.subject}")


def _file_sender(secrets: dict, where: Path) -> Address | None:
    """For --out without sending: the From of the SMTP settings when they are there."""
    sender = mail.secrets_section(secrets, "smtp").get("from")
    return mail.parse_address(str(sender), f"[prizestats.smtp] from in {where}") if sender else None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m prizestats")
    add_parser(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """`python -m prizestats.cli.digest ARGS`: the same as `python -m prizestats digest ARGS`."""
    args = make_parser().parse_args(["digest", *(sys.argv[1:] if argv is None else argv)])
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
