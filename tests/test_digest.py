"""The daily intake digest, end to end: the sample database, a real SMTP server on 127.0.0.1
(aiosmtpd), the received message parsed back, and the state file beside the database.

Expected values are written out; the new entries of each window were counted by hand from
data/sample/submissions.csv (edition 3, submitted_at in the window, region from
countries_regions.csv)."""

from __future__ import annotations

import email
import json
import shutil
import socket
import struct
import zlib
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from conftest import ROOT

from prizestats.cli import digest as digest_cli
from prizestats.outputs import digest, mail

AS_OF = "2025-05-01"  # the end of that day in Seoul: 29 days before the 2025 deadline
NOW = "2025-05-02T08:00:00+09:00"  # the clock of every test: the next morning
AS_OF_ISO = "2025-05-01T23:59:59.999999+09:00"
SENDER = "서울 스마트도시 상 <digest@seoul.go.kr>"
ROLES = {"kim@seoul.go.kr": "organiser", "@seoul.go.kr": "organiser",
         "press@seoul.go.kr": "press", "wego@wego-cities.org": "wego"}

EN_FIGURES = [
    "Entries for 2025: 64 with 29 days to the deadline, 35.4% fewer than at the same point in 2024 (99 then)",
    "Entries so far: 35.4% fewer than in 2024 at 29 days before the deadline (99 then)",
    "Entries so far: 16.9% fewer than in 2023 at 29 days before the deadline (77 then)",
    "About 170 entries (80% interval 64 to 329), based on the pattern of 2023 and 2024.",
    "Regions with no entry yet: Oceania.",
    "Countries (21): Ethiopia, Nigeria, Kyrgyzstan, Cambodia, Pakistan, Thailand, Vietnam, "
    "Spain, Georgia, Iceland, Luxembourg, Netherlands, Norway, Sweden, Ukraine, Iran, "
    "Guatemala, Australia, New Zealand, Bolivia, Chile.",
    "None: the call is open until the end of 30 May 2025 (24:00 KST).",
]
KO_FIGURES = [
    "2025년 접수: 마감 29일 전 64건, 2024년 같은 시점보다 35.4% 적음(당시 99건)",
    "현재 접수: 2024년보다 35.4% 적음(마감 29일 전 기준, 당시 99건)",
    "현재 접수: 2023년보다 16.9% 적음(마감 29일 전 기준, 당시 77건)",
    "약 170건(80% 구간 64~329), 2023년, 2024년 추세 기준.",
    "아직 접수가 없는 지역: 오세아니아.",
    "국가(21개국): 에티오피아, 나이지리아, 키르기스스탄, 캄보디아, 파키스탄, 태국, 베트남, 스페인, "
    "조지아, 아이슬란드, 룩셈부르크, 네덜란드, 노르웨이, 스웨덴, 우크라이나, 이란, 과테말라, "
    "호주, 뉴질랜드, 볼리비아, 칠레.",
]


# ---------------------------------------------------------------------------------------------
# A real SMTP server on 127.0.0.1


class Recorder:
    """Keeps every envelope the server accepted; refuses recipients or messages when told."""

    def __init__(self, refuse_rcpt: str | None = None, refuse_data_after: int | None = None,
                 refuse_rcpt_after: int = 0):
        self.envelopes = []
        self.refuse_rcpt = refuse_rcpt
        self.refuse_data_after = refuse_data_after
        self.refuse_rcpt_after = refuse_rcpt_after  # accept that address this many times first
        self.rcpt_seen = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt and address == self.refuse_rcpt:
            self.rcpt_seen += 1
            if self.rcpt_seen > self.refuse_rcpt_after:
                return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data_after is not None and len(self.envelopes) >= self.refuse_data_after:
            return "554 5.6.0 message refused"
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(e.original_content, policy=policy.default)
                for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """start(handler=None, **controller options) -> (port, handler); stopped after the test."""
    started = []

    def start(handler: Recorder | None = None, **options) -> tuple[int, Recorder]:
        handler = handler or Recorder()
        controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        started.append(controller)
        return controller.port, handler

    yield start
    for controller in started:
        controller.stop()


# ---------------------------------------------------------------------------------------------
# The database (a copy per test: the state file lives beside it), secrets and the clock


@pytest.fixture
def database(tmp_path, sample_db, monkeypatch) -> Path:
    path = tmp_path / "db" / "prizestats.duckdb"
    path.parent.mkdir()
    shutil.copyfile(sample_db, path)
    monkeypatch.setenv("PRIZESTATS_NOW", NOW)
    monkeypatch.delenv("PRIZESTATS_DB", raising=False)
    return path


def write_secrets(folder: Path, port: int | None, roles: dict | None = ROLES,
                  extra: str = "") -> Path:
    lines = []
    if roles is not None:
        lines.append("[prizestats.roles]")
        lines += [f'"{key}" = "{value}"' for key, value in roles.items()]
    if port is not None:
        lines += ["[prizestats.smtp]", 'host = "127.0.0.1"', f"port = {port}",
                  "starttls = false", f'from = "{SENDER}"']
    lines.append("[prizestats.digest]")
    lines.append('app_url = "https://stats.example.org/"')
    path = folder / "secrets.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def state_of(database: Path) -> dict | None:
    path = database.with_name(f".{database.name}.digest.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def write_state(database: Path, covered: dict) -> bytes:
    path = database.with_name(f".{database.name}.digest.json")
    path.write_text(json.dumps({"version": 1, "covered": covered}), encoding="utf-8")
    return path.read_bytes()


def tiny_png() -> bytes:
    """A valid 1 x 1 PNG, for tests that are not about the images (no browser start)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


@pytest.fixture
def quick_images(monkeypatch):
    """The charts are still built; only their drawing by chromium is left out."""
    def draw(rendered, progress):
        return {(r.lang, name): tiny_png() for r in rendered for name in digest.CHARTS}
    monkeypatch.setattr(digest, "draw_images", draw)


def run_digest(database: Path, *args: str) -> int:
    return digest_cli.main(["--db", str(database), "--edition", "3", "--as-of", AS_OF, *args])


def plain(message: EmailMessage) -> str:
    """The text/plain part (lines end in CRLF once through SMTP)."""
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# ---------------------------------------------------------------------------------------------
# End to end


def test_digest_is_sent_in_korean_and_english(database, tmp_path, smtp_server, capsys):
    port, server = smtp_server()
    secrets = write_secrets(tmp_path, port)
    assert run_digest(database, "--lang", "ko,en", "--secrets", str(secrets),
                      "--to", "김민수 <kim@seoul.go.kr>", "lee@seoul.go.kr") == 0

    assert [e.mail_from for e in server.envelopes] == ["digest@seoul.go.kr"] * 2
    assert [e.rcpt_tos for e in server.envelopes] == [["kim@seoul.go.kr", "lee@seoul.go.kr"]] * 2
    korean, english = server.messages()

    # headers: the Korean subject and names are RFC 2047 encoded, and decode back
    raw = server.envelopes[0].original_content
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # nothing but ASCII on the wire
    assert b"Subject: =?utf-8?b?" in head
    assert korean["Subject"] == ("[샘플 데이터] [서울 스마트도시 상] 2025년 접수 현황 2025년 5월 1일: "
                                 "신규 1건, 누적 64건")
    assert english["Subject"] == ("[Sample data] Seoul Smart City Prize 2025 intake, "
                                  "1 May 2025: 1 new, 64 in total")
    assert korean["From"].addresses[0].display_name == "서울 스마트도시 상"
    assert korean["From"].addresses[0].addr_spec == "digest@seoul.go.kr"
    assert [(a.display_name, a.addr_spec) for a in korean["To"].addresses] == [
        ("김민수", "kim@seoul.go.kr"), ("", "lee@seoul.go.kr")]
    assert (korean["Content-Language"], english["Content-Language"]) == ("ko", "en")

    # structure: text/plain beside multipart/related (the HTML and the images it shows)
    for message in (korean, english):
        assert message.get_content_type() == "multipart/alternative"
        text_part, related = message.get_payload()
        assert text_part.get_content_type() == "text/plain"
        assert related.get_content_type() == "multipart/related"
        html_part, *images = related.get_payload()
        assert html_part.get_content_type() == "text/html"
        assert [i.get_content_type() for i in images] == ["image/png", "image/png"]
        body = html_part.get_content()
        for image in images:
            assert image.get_content_disposition() == "inline"
            assert f'src="cid:{image["Content-ID"].strip().strip("<>")}"' in body
            assert png_size(image.get_content()) == (2000, 1240)  # kaleido, scale 2

    # the figures, in both languages, in the text and in the HTML
    for line in EN_FIGURES:
        assert line in plain(english)
        assert line in html(english)
    for line in KO_FIGURES:
        assert line in plain(korean)
        assert line in html(korean)
    assert "This is the first digest of this edition: it covers the last 24 hours." in \
        plain(english)
    assert "이번 회차의 첫 번째 현황 메일로, 최근 24시간을 다룹니다." in plain(korean)
    # the last 24 hours: SSCP2025-0064, Ireland, 1 May 17:57 (Europe, human-centricity)
    assert ("New entries from the end of 30 April 2025 (24:00 KST) to the end of 1 May 2025 "
            "(24:00 KST): 1." in plain(english))
    assert "By region:\n  Europe: 1\n\nBy category:\n  Human-CentriCity: 1" in plain(english)
    assert "지역별:\n  유럽: 1\n\n부문별:\n  사람 중심: 1" in plain(korean)
    assert "https://stats.example.org/intake?edition=3&lang=en&as_of=2025-05-01" in \
        plain(english)
    assert 'href="https://stats.example.org/intake?edition=3&amp;lang=ko&amp;as_of=2025-05-01"' \
        in html(korean)
    assert "Sample data" in plain(english)
    assert '<html lang="ko">' in html(korean)

    # the moment covered moved on, for both languages, only now
    assert state_of(database)["covered"] == {"3": {"ko": AS_OF_ISO, "en": AS_OF_ISO}}
    out = capsys.readouterr()
    assert "sent to" in out.out
    assert "drawing 4 chart images" in out.err


def test_digest_figures_equal_the_intake_page(database, tmp_path, quick_images, monkeypatch):
    """The digest and the Intake page at the same as-of say the same sentences."""
    from streamlit.testing.v1 import AppTest

    assert run_digest(database, "--lang", "en,ko", "--out", str(tmp_path / "out")) == 0
    monkeypatch.setenv("PRIZESTATS_DB", str(database))
    monkeypatch.delenv("PRIZESTATS_ROLE", raising=False)
    for lang in ("en", "ko"):
        eml = (tmp_path / "out" / f"digest-3-2025-05-01-{lang}.eml").read_bytes()
        text = plain(email.message_from_bytes(eml, policy=policy.default))
        at = AppTest.from_file(str(ROOT / "pages" / "intake.py"), default_timeout=60)
        at.query_params.update({"edition": "3", "as_of": AS_OF, "lang": lang})
        at.run()
        assert not at.exception
        chart = json.loads(at.get("plotly_chart")[0].proto.spec)
        title = chart["layout"]["title"]["text"].replace("<br>", " ")
        pace_lines = [m.value.removeprefix("- ") for m in at.markdown
                      if m.value.startswith("- ")]
        projection = next(m.value for m in at.markdown if m.value.startswith(("About", "약")))
        missing = at.dataframe[0].value.iloc[:, 0].tolist()  # the page's missing countries
        assert len(pace_lines) == 2
        assert f"\n{title}\n" in text
        for line in pace_lines:
            assert f"- {line}\n" in text
        assert f"\n{projection}\n" in text
        count = f"{len(missing)}개국" if lang == "ko" else len(missing)
        assert f"({count}): {', '.join(missing)}." in text


def test_new_entries_since_the_last_digest_by_region_and_category(database, tmp_path,
                                                                   smtp_server, quick_images):
    # 20 April 12:00 to the end of 1 May: SSCP2025-0042 to -0064, counted by hand
    write_state(database, {"3": {"ko": "2025-04-20T12:00:00+09:00",
                                 "en": "2025-04-20T12:00:00+09:00"}})
    port, server = smtp_server()
    assert run_digest(database, "--lang", "en,ko", "--secrets",
                      str(write_secrets(tmp_path, port))) == 0
    english, korean = server.messages()
    # no --to: every organiser named by exact email in the role map
    assert [a.addr_spec for a in english["To"].addresses] == ["kim@seoul.go.kr"]
    assert english["Subject"].endswith("1 May 2025: 23 new, 64 in total")
    text = plain(english)
    assert ("New entries from 20 April 2025, 12:00 KST to the end of 1 May 2025 (24:00 KST): 23."
            in text)
    assert ("By region:\n  Asia: 8\n  Europe: 5\n  Middle East: 5\n  North America: 3\n"
            "  South America: 2\n") in text
    assert ("By category:\n  Human-CentriCity: 14\n  Tech-InnovaCity: 6\n  Leadership: 3\n"
            in text)
    assert "first digest" not in text
    assert "지역별:\n  아시아: 8\n  유럽: 5\n  중동: 5\n  북중미: 3\n  남미: 2\n" in plain(korean)
    body = html(english)
    assert ">Asia</td><td" in body
    assert ">8</td></tr>" in body
    assert state_of(database)["covered"] == {"3": {"ko": AS_OF_ISO, "en": AS_OF_ISO}}


def test_no_new_entries_is_said(database, tmp_path, smtp_server, quick_images, monkeypatch):
    # nothing arrived between SSCP2025-0064 (1 May 17:57) and SSCP2025-0065 (2 May 21:23)
    monkeypatch.setenv("PRIZESTATS_NOW", "2025-05-03T08:00:00+09:00")
    write_state(database, {"3": {"en": "2025-05-01T18:00:00+09:00"}})
    port, server = smtp_server()
    assert digest_cli.main(["--db", str(database), "--as-of", "2025-05-02T12:00:00+09:00",
                        "--edition", "3", "--lang", "en", "--secrets",
                        str(write_secrets(tmp_path, port))]) == 0
    (message,) = server.messages()
    assert message["Subject"] == ("[Sample data] Seoul Smart City Prize 2025 intake, 2 May 2025: "
                                  "0 new, 64 in total")
    expected = "No new entries from 1 May 2025, 18:00 KST to 2 May 2025, 12:00 KST."
    assert expected in plain(message)
    assert expected in html(message)
    assert "By region" not in plain(message)
    assert state_of(database)["covered"]["3"]["en"] == "2025-05-02T12:00:00+09:00"


def test_out_writes_the_message_and_its_html_and_moves_nothing(database, tmp_path, smtp_server,
                                                               quick_images, capsys):
    port, server = smtp_server()
    secrets = write_secrets(tmp_path, port)
    out = tmp_path / "out"
    assert run_digest(database, "--secrets", str(secrets), "--out", str(out)) == 0
    assert sorted(p.name for p in out.iterdir()) == ["digest-3-2025-05-01-ko.eml",
                                                     "digest-3-2025-05-01-ko.html"]
    message = email.message_from_bytes((out / "digest-3-2025-05-01-ko.eml").read_bytes(),
                                       policy=policy.default)
    assert message["Subject"].endswith("신규 1건, 누적 64건")
    assert [a.addr_spec for a in message["To"].addresses] == ["kim@seoul.go.kr"]
    page = (out / "digest-3-2025-05-01-ko.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 2  # opens from disk
    assert "cid:" not in page
    assert KO_FIGURES[0] in page
    assert server.envelopes == []
    assert state_of(database) is None
    assert "wrote" in capsys.readouterr().out


def test_out_without_a_role_map_writes_files(database, tmp_path, quick_images):
    secrets = write_secrets(tmp_path, None, roles=None)
    assert run_digest(database, "--secrets", str(secrets), "--out", str(tmp_path / "out")) == 0
    message = email.message_from_bytes(
        (tmp_path / "out" / "digest-3-2025-05-01-ko.eml").read_bytes(), policy=policy.default)
    assert message["To"] is None
    assert state_of(database) is None


def test_dry_run_moves_nothing(database, tmp_path, smtp_server, quick_images, capsys):
    before = write_state(database, {"3": {"ko": "2025-04-30T08:00:00+09:00"}})
    port, server = smtp_server()
    assert run_digest(database, "--secrets", str(write_secrets(tmp_path, port)),
                      "--dry-run") == 0
    assert server.envelopes == []
    assert database.with_name(f".{database.name}.digest.json").read_bytes() == before
    out = capsys.readouterr().out
    assert "would send to kim@seoul.go.kr" in out
    assert "dry run: nothing was sent" in out


def test_a_missed_day_is_covered_by_the_next_run(database, tmp_path, smtp_server,
                                                 quick_images):
    """A run that fails moves nothing, so the next one covers both days."""
    write_state(database, {"3": {"en": "2025-04-29T23:59:59.999999+09:00"}})
    secrets = write_secrets(tmp_path, free_port())  # nobody listens: the server is down
    assert run_digest(database, "--lang", "en", "--secrets", str(secrets)) == 2
    port, server = smtp_server()
    assert run_digest(database, "--lang", "en", "--secrets",
                      str(write_secrets(tmp_path, port))) == 0
    # 30 April (SSCP2025-0063, Uzbekistan) and 1 May (SSCP2025-0064, Ireland)
    text = plain(server.messages()[0])
    assert ("New entries from the end of 29 April 2025 (24:00 KST) to the end of 1 May 2025 "
            "(24:00 KST): 2.") in text
    assert "By region:\n  Asia: 1\n  Europe: 1\n" in text


def test_login_to_the_smtp_server(database, tmp_path, smtp_server, quick_images):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((mechanism, auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"right", handled=False)

    port, server = smtp_server(authenticator=authenticator, auth_require_tls=False)
    for password, status in (("wrong", 2), ("right", 0)):
        secrets = write_secrets(tmp_path, port, extra="")
        text = secrets.read_text(encoding="utf-8").replace(
            "starttls = false", f'starttls = false\nuser = "digest"\npassword = "{password}"')
        secrets.write_text(text, encoding="utf-8")
        assert run_digest(database, "--secrets", str(secrets)) == status
        assert (state_of(database) is None) == (status == 2)
    # smtplib tries each mechanism the server offers until one is accepted
    assert {(login, password) for _, login, password in logins} == {
        (b"digest", b"wrong"), (b"digest", b"right")}
    assert len(server.envelopes) == 1


# ---------------------------------------------------------------------------------------------
# Bad input: exit status 2, one line, nothing sent, nothing moved on


BEFORE = {"3": {"ko": "2025-04-30T08:00:00+09:00", "en": "2025-04-30T08:00:00+09:00"}}


def bad_case(name: str):
    """(setup(tmp_path, smtp_server) -> (args, server or None), the start of the message)."""
    def server_down(tmp_path, start):
        return ["--secrets", str(write_secrets(tmp_path, free_port()))], None

    def refuses_recipient(tmp_path, start):
        port, server = start(Recorder(refuse_rcpt="lee@seoul.go.kr"))
        return ["--secrets", str(write_secrets(tmp_path, port)), "--to", "kim@seoul.go.kr",
                "lee@seoul.go.kr"], server

    def refuses_second_message(tmp_path, start):
        port, server = start(Recorder(refuse_data_after=1))
        return ["--lang", "ko,en", "--secrets", str(write_secrets(tmp_path, port))], server

    def no_recipients(tmp_path, start):
        port, server = start()
        roles = {"@seoul.go.kr": "organiser"}  # a domain names no one to write to
        return ["--secrets", str(write_secrets(tmp_path, port, roles=roles))], server

    def empty_address(tmp_path, start):
        port, server = start()
        return ["--secrets", str(write_secrets(tmp_path, port)), "--to", ""], server

    def not_an_organiser(tmp_path, start):
        port, server = start()
        return ["--secrets", str(write_secrets(tmp_path, port)), "--to", "kim@seoul.go.kr",
                "wego@wego-cities.org"], server

    def exact_email_beats_domain(tmp_path, start):
        port, server = start()
        return ["--secrets", str(write_secrets(tmp_path, port)), "--to",
                "press@seoul.go.kr"], server

    def no_role_map_with_to(tmp_path, start):
        port, server = start()
        return ["--secrets", str(write_secrets(tmp_path, port, roles=None)), "--out",
                str(tmp_path / "out"), "--to", "kim@seoul.go.kr"], server

    def no_role_map_sending(tmp_path, start):
        port, server = start()
        return ["--secrets", str(write_secrets(tmp_path, port, roles=None))], server

    def no_smtp_settings(tmp_path, start):
        return ["--secrets", str(write_secrets(tmp_path, None))], None

    def no_secrets_file(tmp_path, start):
        return ["--secrets", str(tmp_path / "missing.toml")], None

    def covered_already(tmp_path, start):
        port, server = start()
        return ["--secrets", str(write_secrets(tmp_path, port)), "--as-of", "2025-04-29"], server

    def the_future(tmp_path, start):
        port, server = start()
        return ["--secrets", str(write_secrets(tmp_path, port)), "--as-of", "2025-05-03"], server

    cases = {
        "server_down": (server_down, "error: cannot reach the SMTP server 127.0.0.1:"),
        "refuses_recipient": (refuses_recipient, "error: the SMTP server 127.0.0.1:"),
        "refuses_second_message": (refuses_second_message, "error: the SMTP server 127.0.0.1:"),
        "no_recipients": (no_recipients, "error: no recipients"),
        "empty_address": (empty_address, "error: recipient '' is not an email address"),
        "not_an_organiser": (not_an_organiser,
                             "error: recipient wego@wego-cities.org is not an organiser"),
        "exact_email_beats_domain": (exact_email_beats_domain,
                                     "error: recipient press@seoul.go.kr is not an organiser"),
        "no_role_map_with_to": (no_role_map_with_to, "error: no role map"),
        "no_role_map_sending": (no_role_map_sending, "error: no role map"),
        "no_smtp_settings": (no_smtp_settings, "error: no [prizestats.smtp] section"),
        "no_secrets_file": (no_secrets_file, "missing.toml: secrets file not found"),
        "covered_already": (covered_already, "error: the previous ko digest of edition 3 "
                                             "covered up to 2025-04-30T08:00:00+09:00"),
        "the_future": (the_future, "error: --as-of 2025-05-03T23:59:59.999999+09:00 is later "
                                   "than now"),
    }
    return cases[name]


@pytest.mark.parametrize("case", [
    "server_down", "refuses_recipient", "refuses_second_message", "no_recipients",
    "empty_address", "not_an_organiser", "exact_email_beats_domain", "no_role_map_with_to",
    "no_role_map_sending", "no_smtp_settings", "no_secrets_file", "covered_already",
    "the_future"])
def test_bad_input_exits_2_and_moves_nothing(case, database, tmp_path, smtp_server,
                                             quick_images, capsys):
    state = database.with_name(f".{database.name}.digest.json")
    before = write_state(database, BEFORE)
    setup, expected = bad_case(case)
    args, server = setup(tmp_path, smtp_server)
    assert run_digest(database, *args) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(expected) or expected in errors[0], errors[0]
    assert state.read_bytes() == before
    assert not (tmp_path / "out").exists()
    if server is not None and case != "refuses_second_message":
        assert server.envelopes == []


def test_a_refused_recipient_stops_the_run_before_any_message(database, tmp_path, smtp_server,
                                                              quick_images, capsys):
    port, server = smtp_server(Recorder(refuse_rcpt="lee@seoul.go.kr"))
    assert run_digest(database, "--lang", "ko,en", "--secrets", str(write_secrets(tmp_path, port)),
                      "--to", "kim@seoul.go.kr", "lee@seoul.go.kr") == 2
    assert server.envelopes == []
    assert ("refused lee@seoul.go.kr: 550 5.1.1 mailbox unavailable; nothing was sent"
            in capsys.readouterr().err)


def test_a_message_refused_after_another_was_accepted_moves_nothing(database, tmp_path,
                                                                    smtp_server, quick_images,
                                                                    capsys):
    port, server = smtp_server(Recorder(refuse_data_after=1))
    assert run_digest(database, "--lang", "ko,en", "--secrets",
                      str(write_secrets(tmp_path, port))) == 2
    assert len(server.envelopes) == 1
    assert state_of(database) is None
    err = capsys.readouterr().err
    assert ("refused the message in en: 554 5.6.0 message refused; already accepted: the ko "
            "digest; the next run sends every language again over the same period") in err


def test_a_recipient_refused_after_the_check_fails_the_run(database, tmp_path, smtp_server,
                                                           quick_images, capsys):
    """A server that accepts an address when checked and refuses it when the message comes:
    the others received it, and the run fails and moves nothing (the next one sends again)."""
    port, server = smtp_server(Recorder(refuse_rcpt="lee@seoul.go.kr", refuse_rcpt_after=1))
    assert run_digest(database, "--secrets", str(write_secrets(tmp_path, port)),
                      "--to", "kim@seoul.go.kr", "lee@seoul.go.kr") == 2
    assert [e.rcpt_tos for e in server.envelopes] == [["kim@seoul.go.kr"]]
    assert state_of(database) is None
    assert ("refused lee@seoul.go.kr: 550 5.1.1 mailbox unavailable for the message in ko; "
            "already accepted: the ko digest to the other recipients; the next run sends every "
            "language again over the same period") in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Pieces


def test_data_in_the_html_is_escaped(sample_db, run_on):
    from dataclasses import replace

    from prizestats.core.times import parse_as_of

    run = run_on(sample_db)
    as_of = parse_as_of(AS_OF)
    figures = digest.intake_figures(run, 3, as_of)
    hostile = figures.missing_countries.copy()
    hostile["name_en"] = ["<img src=x onerror=alert(1)>"] * len(hostile)
    figures = replace(figures, missing_countries=hostile)
    new = digest.new_entries(run, 3, None, as_of)
    rendered = digest.render(figures, new, "en", "https://stats.example.org/intake?a=1&b=2")
    assert "<img src=x" not in rendered.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered.html
    assert 'href="https://stats.example.org/intake?a=1&amp;b=2"' in rendered.html


@pytest.mark.parametrize(("argv", "expected"), [
    ([], {"edition": None, "as_of": None, "lang": ("ko",), "to": None, "secrets": None,
          "out": None, "dry_run": False, "db": None}),
    (["--lang", "ko,en", "--to", "a@x.org", "--to", "b@x.org", "c@x.org", "--dry-run"],
     {"lang": ("ko", "en"), "to": ["a@x.org", "b@x.org", "c@x.org"], "dry_run": True}),
])
def test_command_line(argv, expected):
    args = digest_cli.make_parser().parse_args(["digest", *argv])
    assert {key: getattr(args, key) for key in expected} == expected


@pytest.mark.parametrize("argv", [["--lang", "fr"], ["--edition", "x"], ["--as-of", "May"]])
def test_command_line_refuses_bad_values(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        digest_cli.main(argv)
    assert stopped.value.code == 2


@pytest.mark.parametrize(("smtp", "problem"), [
    ({"port": 25, "from": "a@x.org"}, "host is missing"),
    ({"host": "mail.x.org", "from": "a@x.org", "tls": True, "starttls": True}, "exclusive"),
    ({"host": "mail.x.org", "from": "a@x.org", "starttls": False, "user": "u",
      "password": "p"}, "never sent without encryption"),
    ({"host": "mail.x.org", "from": "a@x.org", "user": "u"}, "both user and password"),
    ({"host": "mail.x.org"}, "from (the sender's address) is missing"),
    ({"host": "mail.x.org", "from": "a@x.org", "port": "587"}, "is not a port number"),
])
def test_smtp_settings_are_checked(smtp, problem):
    with pytest.raises(digest.DigestError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        mail.smtp_settings({"prizestats": {"smtp": smtp}}, Path("secrets.toml"))


@pytest.mark.parametrize(("smtp", "expected"), [
    ({"host": "mail.x.org", "from": "a@x.org"}, (587, True, False)),
    ({"host": "mail.x.org", "from": "a@x.org", "tls": True}, (465, False, True)),
    ({"host": "127.0.0.1", "from": "a@x.org", "starttls": False}, (25, False, False)),
])
def test_smtp_defaults(smtp, expected):
    settings = mail.smtp_settings({"prizestats": {"smtp": smtp}}, Path("secrets.toml"))
    assert (settings.port, settings.starttls, settings.tls) == expected


def test_state_file_is_replaced_whole(tmp_path):
    path = mail.state_path(tmp_path / "prizestats.duckdb")
    assert path.name == ".prizestats.duckdb.digest.json"
    mail.write_state(path, {"version": 1, "covered": {"3": {"ko": AS_OF_ISO}}})
    assert json.loads(path.read_text(encoding="utf-8"))["covered"] == {"3": {"ko": AS_OF_ISO}}
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(digest.DigestError, match="cannot read the digest state"):
        mail.read_state(path)
