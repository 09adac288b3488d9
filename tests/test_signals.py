"""The organisers' signals (issue 31): events drawn on the Intake charts, alerts that fire only
while a call is open, the digest they lead and the webhook that carries it, on the sample.

Expected values are written out. The running totals under the events were counted from
data/sample/submissions.csv (edition 3 by the end of 10 April 2025: 28 entries; by the end of
20 May 2025: 107; edition 2 by the end of 1 June 2024: 76). The sample's 2025 call closed at the
end of 30 May 2025 and the 2024 call at the end of 14 July 2024, so those days are 50, 10 and 43
days before their deadlines. The pace is the Intake page's (test_digest.py: 35.4% fewer than
2024 at the end of 1 May 2025)."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest
from test_cli import cli

from prizestats.core.times import parse_as_of
from prizestats.figures import signals as signal_figures
from prizestats.outputs import digest, presskit, report
from prizestats.store import archive, db, signals

PRIVATE = "Webinar for WeGO members"
PRIVATE_KO = "WeGO 회원 도시 웨비나"
PUBLIC = "Reminder of the deadline"
EVENTS = [  # (edition, at, kind, English, Korean, public)
    ("3", "2025-04-10", "webinar", PRIVATE, PRIVATE_KO, False),
    ("3", "2025-05-20", "press_release", PUBLIC, "마감 안내 보도자료", True),
    ("2", "2024-06-01", "mailing", "Mailing to WeGO members", "WeGO 회원 도시 메일 발송", False),
]


def add_events(target: Path) -> None:
    for edition, at, kind, text, text_ko, public in EVENTS:
        signals.add_event(target, {"edition": edition, "at": at, "kind": kind, "text": text,
                                   "text_ko": text_ko, "public": public})


@pytest.fixture(scope="module")
def signals_db(sample_db, tmp_path_factory) -> Path:
    """The sample with the three events above and an alert on edition 3 (pace 20% behind
    2024, regions missing) and edition 4 (two quiet days)."""
    target = tmp_path_factory.mktemp("signals") / "prizestats.duckdb"
    shutil.copyfile(sample_db, target)
    add_events(target)
    signals.set_alert(target, {"edition": "3", "pace_below": "-20", "missing_regions": True})
    signals.set_alert(target, {"edition": "4", "quiet_days": "2"})
    return target


@pytest.fixture
def live(signals_db, tmp_path) -> Path:
    target = tmp_path / "data" / "prizestats.duckdb"
    target.parent.mkdir()
    shutil.copyfile(signals_db, target)
    return target


def page(monkeypatch, database: Path, name: str, moment: str, role: str = "organiser",
         lang: str = "en", **params: str) -> AppTest:
    monkeypatch.setenv("PRIZESTATS_DB", str(database))
    monkeypatch.setenv("PRIZESTATS_NOW", moment)
    monkeypatch.setenv("PRIZESTATS_ROLE", role)
    at = AppTest.from_file(str(ROOT / f"pages/{name}.py"), default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def event_notes(spec: dict) -> dict[str, tuple]:
    return {note["name"]: (note["x"], note["y"], note["text"])
            for note in spec["layout"].get("annotations", [])
            if str(note.get("name", "")).startswith("event ")}


def event_lines_(spec: dict) -> dict[str, str]:
    return {shape["name"]: shape["x0"] for shape in spec["layout"].get("shapes", [])
            if str(shape.get("name", "")).startswith("event ")}


def texts_of(at: AppTest) -> str:
    import said

    return "\n".join(t.text for t in said.from_page(at, "page"))


# ---------------------------------------------------------------------------------------------
# Events on the charts


def test_events_sit_on_their_editions_curves(monkeypatch, signals_db):
    at = page(monkeypatch, signals_db, "intake", "2025-05-25T12:00:00+09:00", edition="3")
    running, daily = (json.loads(c.proto.spec) for c in at.get("plotly_chart")[:2])
    # x: days before that edition's deadline; y: that edition's running total by then
    assert event_notes(running) == {"event 1": (50, 28, "Webinar"),
                                    "event 2": (10, 107, "Press release"),
                                    "event 3": (43, 76, "Mailing")}
    # the arrivals per day show this edition's events at their day, labelled
    assert event_lines_(daily) == {"event 1": "2025-04-10", "event 2": "2025-05-20"}
    assert {n: t for n, (_, _, t) in event_notes(daily).items()} == {
        "event 1": "Webinar", "event 2": "Press release"}
    listed = [m.value for m in at.markdown if m.value.startswith("- ") and ": " in m.value]
    assert listed[-3:] == [
        "- Mailing (1 June 2024): Mailing to WeGO members (organisers only)",
        "- Webinar (10 April 2025): Webinar for WeGO members (organisers only)",
        "- Press release (20 May 2025): Reminder of the deadline"]


def test_an_event_is_drawn_from_its_moment_and_in_the_viewers_language(monkeypatch, signals_db):
    at = page(monkeypatch, signals_db, "intake", "2025-05-01T12:00:00+09:00", lang="ko",
              edition="3")
    running = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert event_notes(running) == {"event 1": (50, 28, "웨비나"), "event 3": (43, 76, "메일 발송")}
    assert "- 웨비나(2025년 4월 10일): WeGO 회원 도시 웨비나(주최 측만 볼 수 있음)" in [
        m.value for m in at.markdown]


def test_events_only_of_the_editions_drawn(run_on, signals_db):
    run = run_on(signals_db)
    from prizestats.core.scope import View

    curve = run("intake_curve", View(2, parse_as_of("2024-07-20"), public=False).params())
    curve = curve[curve["edition"] <= 2]
    events = run("events", {"edition": None, "as_of": None, "public": False})
    marks = signal_figures.curve_marks(events, curve, run("editions", {}), "en")
    assert [(m.event_id, m.x, m.y) for m in marks] == [(3, 43, 76)]


# ---------------------------------------------------------------------------------------------
# A private event: organisers only, never in a press view or output


def test_the_public_sees_public_events_only(run_on, signals_db):
    run = run_on(signals_db)
    late = parse_as_of("2026-11-30")
    assert list(run("events", {"edition": None, "as_of": late, "public": True})["event_id"]) \
        == [2]
    assert list(run("events", {"edition": None, "as_of": late, "public": False})["event_id"]) \
        == [3, 1, 2]
    # nor before it happened
    assert run("events", {"edition": 3, "as_of": parse_as_of("2025-05-19"),
                          "public": True}).empty


def test_an_embed_draws_public_events_only_even_for_an_organiser(monkeypatch, signals_db):
    for chart, expected in (("intake_curve", {"event 2"}), ("arrivals_by_day", {"event 2"})):
        at = page(monkeypatch, signals_db, "embed", "2025-05-25T12:00:00+09:00", chart=chart,
                  edition="3")
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        assert set(event_notes(spec)) == expected
        assert PRIVATE not in json.dumps(spec, ensure_ascii=False)


def test_the_intake_pages_image_downloads_draw_public_events_only(monkeypatch, signals_db):
    from prizestats.app import views

    exported: dict[str, dict] = {}
    real = views.downloads

    def kept(ctx, key, table, figure=None):
        if figure is not None:
            exported[key] = figure.to_plotly_json()
        return real(ctx, key, table, figure)

    monkeypatch.setattr(views, "downloads", kept)
    at = page(monkeypatch, signals_db, "intake", "2025-05-25T12:00:00+09:00", edition="3")
    on_screen = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert set(event_notes(on_screen)) == {"event 1", "event 2", "event 3"}
    assert {key: set(event_notes(spec)) for key, spec in exported.items()
            if key in ("intake_curve", "arrivals_by_day")} == {
        "intake_curve": {"event 2"}, "arrivals_by_day": {"event 2"}}


@pytest.mark.parametrize("name", ["intake", "press", "overview", "embed"])
def test_no_press_view_shows_a_private_event(monkeypatch, signals_db, name):
    params = {"edition": "3", **({"chart": "intake_curve"} if name == "embed" else {})}
    at = page(monkeypatch, signals_db, name, "2025-09-30T18:00:00+09:00", role="press", **params)
    said = texts_of(at)
    for private in (PRIVATE, PRIVATE_KO, "Webinar", "웨비나", "Mailing"):
        assert private not in said


@pytest.mark.parametrize(("moment", "listed"), [
    ("2025-05-19T12:00:00+09:00", []),  # before the press release
    ("2025-09-30T18:00:00+09:00", ["- Press release (20 May 2025): Reminder of the deadline"])])
def test_the_press_room_lists_public_events_only(monkeypatch, signals_db, moment, listed):
    at = page(monkeypatch, signals_db, "press", moment, role="press", edition="3")
    assert [m.value for m in at.markdown if m.value.startswith("- ")
            and "(" in m.value and "):" in m.value] == listed
    assert ("During the call" in [s.value for s in at.subheader]) is bool(listed)


def test_no_press_output_carries_a_private_event(signals_db, run_on, tmp_path, monkeypatch):
    from prizestats.figures import export

    drawn: list = []
    monkeypatch.setattr(export, "write_images", lambda jobs: drawn.extend(jobs))
    run = run_on(signals_db)
    as_of = datetime.fromisoformat("2025-09-30T18:00:00+09:00")
    presskit.build(run, tmp_path / "kit", 3, ("en", "ko"), as_of, now=as_of,
                   progress=lambda total: presskit.Progress(total, stream=__import__("io")
                                                            .StringIO()))
    written = "\n".join(p.read_text(encoding="utf-8", errors="ignore")
                        for p in (tmp_path / "kit").rglob("*") if p.is_file())
    written += "\n".join(json.dumps(figure.to_plotly_json(), default=str, ensure_ascii=False)
                         for figure, _ in drawn)
    for role in ("press", "organiser"):
        document = report.Document(run, report._edition(run, 3), "en", role, as_of,
                                   is_sample=True)
        written += document.html(draw=lambda figures: [str(f.to_plotly_json()) for f in figures])
    figures_json = cli("figures", "--edition", "3", "--format", "json", db=signals_db)
    assert figures_json.returncode == 0, figures_json.stderr
    written += figures_json.stdout
    assert written  # something was read
    for private in (PRIVATE, PRIVATE_KO, "Mailing to WeGO members"):
        assert private not in written


# ---------------------------------------------------------------------------------------------
# Alerts


class Alert:
    def __init__(self, pace_below=None, against=None, missing_regions=False, quiet_days=None):
        self.pace_below, self.against = pace_below, against
        self.missing_regions, self.quiet_days = missing_regions, quiet_days


def fired_at(run, alert: Alert, edition: int, moment: str) -> tuple[str, list[str]]:
    from prizestats.core.editions import all_editions
    from prizestats.core.scope import View

    as_of = parse_as_of(moment)
    editions = run("editions", {})
    params = View(edition, as_of, public=False).params()
    watched = signal_figures.evaluate(
        alert, all_editions(editions)[edition], as_of, editions, run("intake_curve", params),
        run("first_arrivals_by_country", params), run("arrivals_by_day", params))
    return watched.state, [signal_figures.fired_text(f, "en") for f in watched.fired]


PACE_35 = ("Pace alert: entries are 35.4% fewer than at the same point in 2024, with 29 days to "
           "the deadline (99 then); the alert is set at 20% fewer than in 2024.")


@pytest.mark.parametrize(("alert", "edition", "moment", "state", "fired"), [
    # the pace of the Intake page at the end of 1 May 2025: 64 against 99 (35.4% fewer)
    (Alert(pace_below=-20), 3, "2025-05-01", "open", [PACE_35]),
    (Alert(pace_below=-40), 3, "2025-05-01", "open", []),
    # 20 May 2025: 107 against 137 in 2024 (21.9% fewer); 29 May: ahead of the 20% line
    (Alert(pace_below=-20), 3, "2025-05-20", "open", [
        "Pace alert: entries are 21.9% fewer than at the same point in 2024, with 10 days to "
        "the deadline (137 then); the alert is set at 20% fewer than in 2024."]),
    (Alert(pace_below=-20), 3, "2025-05-29", "open", []),
    # against 2023 named: 16.9% fewer than 2023's 77
    (Alert(pace_below=-10, against=1), 3, "2025-05-01", "open", [
        "Pace alert: entries are 16.9% fewer than at the same point in 2023, with 29 days to "
        "the deadline (77 then); the alert is set at 10% fewer than in 2023."]),
    # Oceania had entered 2024 by 29 days before its deadline, not 2025 by then
    (Alert(missing_regions=True), 3, "2025-05-01", "open", [
        "Regions alert: no entry yet from Oceania, which had entered 2024 by this point."]),
    (Alert(missing_regions=True), 3, "2025-05-20", "open", []),
    # edition 4: the call opened 13 Feb 2026, the first entry came on 15 Feb at 02:38; no entry
    # on 19 and 20 Feb (18 Feb 17:34, then 21 Feb 16:22)
    (Alert(quiet_days=2), 4, "2026-02-14T12:00:00+09:00", "open", []),
    (Alert(quiet_days=1), 4, "2026-02-14T12:00:00+09:00", "open", [
        "Quiet alert: no entry in the one day since the call opened."]),
    (Alert(quiet_days=2), 4, "2026-02-20T12:00:00+09:00", "open", []),
    (Alert(quiet_days=2), 4, "2026-02-21T00:30:00+09:00", "open", [
        "Quiet alert: no entry on the last two days; the last one arrived on 18 February 2026."]),
    (Alert(quiet_days=2), 4, "2026-02-21T18:00:00+09:00", "open", []),
    # never before the call opens nor after it closes, whatever the figures
    (Alert(pace_below=100, missing_regions=True, quiet_days=1), 4, "2026-02-12T12:00:00+09:00",
     "before", []),
    (Alert(pace_below=100, missing_regions=True, quiet_days=1), 3, "2025-06-15", "closed", []),
])
def test_each_alert_fires_only_when_it_should(run_on, sample_db, alert, edition, moment, state,
                                              fired):
    assert fired_at(run_on(sample_db), alert, edition, moment) == (state, fired)


def test_the_intake_page_shows_firing_alerts_at_the_top(monkeypatch, signals_db):
    at = page(monkeypatch, signals_db, "intake", "2025-05-01T12:00:00+09:00", lang="ko",
              edition="3")
    assert [e.value for e in at.error] == [
        "접수 속도 알림: 2024년 같은 시점보다 36.4% 적음(마감 29일 전 기준, 당시 99건, 알림 기준: "
        "2024년보다 20% 적음).",
        "지역 알림: 2024년 같은 시점에는 접수가 있었던 오세아니아에서 아직 접수가 없습니다."]
    quiet = page(monkeypatch, signals_db, "intake", "2025-05-29T12:00:00+09:00", edition="3")
    assert not quiet.error


def test_alert_list_says_when_an_alert_watches(signals_db):
    shown = cli("alert", "list", "--as-of", "2025-05-01", db=signals_db)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "as of 2025-05-01T23:59+09:00:",
        "edition 3: pace below -20% against the previous edition; regions missing",
        "  watching: the call is open until 2025-05-30T23:59+09:00",
        f"  fires: {PACE_35}",
        "  fires: Regions alert: no entry yet from Oceania, which had entered 2024 by this "
        "point.",
        "edition 4: 2 quiet days",
        "  not watching yet: an alert fires only while the call is open (it opens at "
        "2026-02-13T00:00+09:00)"]
    closed = cli("alert", "list", "--as-of", "2025-06-15", db=signals_db).stdout
    assert "  not watching: the call closed at 2025-05-30T23:59+09:00; an alert fires only " \
           "while the call is open" in closed


# ---------------------------------------------------------------------------------------------
# The digest and the webhook


@pytest.mark.parametrize(("moment", "lang", "subject"), [
    ("2025-05-01", "en", "[Sample data] Alert: pace behind, regions missing — Seoul Smart City "
                         "Prize 2025 intake, 1 May 2025: 1 new, 64 in total"),
    ("2025-05-01", "ko", "[샘플 데이터] 알림: 접수 속도 부진, 지역 미접수 — [서울 스마트도시 상] "
                         "2025년 접수 현황 2025년 5월 1일: 신규 1건, 누적 64건"),
    ("2025-05-29", "en", "[Sample data] Seoul Smart City Prize 2025 intake, 29 May 2025: "
                         "14 new, 175 in total"),
])
def test_a_firing_alert_leads_the_digest(run_on, signals_db, moment, lang, subject):
    run = run_on(signals_db)
    as_of = parse_as_of(moment)
    figures = digest.intake_figures(run, 3, as_of)
    rendered = digest.render(figures, digest.new_entries(run, 3, None, as_of), lang,
                             "https://prizestats.example/intake")
    assert rendered.subject == subject
    heading = {"en": "Alerts", "ko": "알림"}[lang]
    lines = rendered.text.splitlines()
    if figures.alerts:
        assert lines[2] == heading
        assert lines[3].startswith("! ")
        assert rendered.html.index(heading) < rendered.html.index("<strong>")
    else:
        assert heading not in lines


def secrets_file(tmp_path: Path, url: str, role: str = "organiser") -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(f'[prizestats.roles]\n"kim@seoul.go.kr" = "organiser"\n'
                    f'[prizestats.webhooks]\n"{url}" = "{role}"\n', encoding="utf-8")
    return path


class Receiver(http.server.BaseHTTPRequestHandler):
    """A webhook on 127.0.0.1: keeps each body posted and answers with the server's status."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append((self.path, self.headers["Content-Type"],
                                     self.rfile.read(length)))
        self.send_response(self.server.status)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def hook():
    def start(status: int = 200):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        server.received, server.status = [], status
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}/services/T0/B0/secret"

    servers: list = []
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def digest_cli(monkeypatch):
    def run(database: Path, now: str, *args: str):
        monkeypatch.setenv("PRIZESTATS_NOW", now)
        return cli("digest", "--edition", "3", "--db", str(database), *args)
    return run


def test_the_webhook_receives_the_summary_as_json(signals_db, tmp_path, hook, digest_cli):
    server, url = hook()
    result = digest_cli(signals_db, "2025-05-02T08:00:00+09:00", "--as-of", "2025-05-01",
                        "--lang", "en,ko", "--webhook", url,
                        "--secrets", str(secrets_file(tmp_path, url)))
    assert result.returncode == 0, result.stderr
    assert [(path, kind) for path, kind, _ in server.received] == [
        ("/services/T0/B0/secret", "application/json; charset=utf-8")] * 2
    english, korean = (json.loads(body) for _, _, body in server.received)
    assert english["text"].startswith(
        "[Sample data] Alert: pace behind, regions missing — Seoul Smart City Prize 2025 "
        "intake, 1 May 2025: 1 new, 64 in total\n\n[Sample data] Daily intake digest: 2025 "
        "(third edition)\n\nAlerts\n! " + PACE_35 + "\n")
    assert "Entries for 2025: 64 with 29 days to the deadline" in english["text"]
    assert (english["lang"], english["edition"], english["as_of"]) == (
        "en", 3, "2025-05-01T23:59:59.999999+09:00")
    assert [a["kind"] for a in english["alerts"]] == ["pace_below", "missing_regions"]
    assert korean["subject"].startswith("[샘플 데이터] 알림: 접수 속도 부진, 지역 미접수 —")
    assert "secret" not in result.stdout  # the webhook's path is its secret
    assert result.stdout.splitlines()[0] == (
        f"posted to http://127.0.0.1:{server.server_address[1]}/...: " + english["subject"])


def test_alerts_only_sends_nothing_unless_one_fires(signals_db, tmp_path, hook, digest_cli):
    server, url = hook()
    secrets = str(secrets_file(tmp_path, url))
    quiet = digest_cli(signals_db, "2025-05-30T08:00:00+09:00", "--as-of", "2025-05-29",
                       "--alerts-only", "--webhook", url, "--secrets", secrets)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == ("--alerts-only: no alert of edition 3 fires at "
                            "2025-05-29T23:59+09:00 (an alert fires only while the "
                            "call is open): nothing was sent\n")
    assert server.received == []
    mailed = digest_cli(signals_db, "2025-05-30T08:00:00+09:00", "--as-of", "2025-05-29",
                        "--alerts-only", "--out", str(tmp_path / "out"), "--secrets", secrets)
    assert mailed.returncode == 0, mailed.stderr
    assert "nothing was sent" in mailed.stdout
    assert not (tmp_path / "out").exists()
    firing = digest_cli(signals_db, "2025-05-02T08:00:00+09:00", "--as-of", "2025-05-01",
                        "--alerts-only", "--webhook", url, "--secrets", secrets)
    assert firing.returncode == 0, firing.stderr
    assert len(server.received) == 1


def test_a_webhook_not_named_as_an_organiser_channel_gets_nothing(signals_db, tmp_path, hook, digest_cli):
    server, url = hook()
    for secrets in (secrets_file(tmp_path, url, role="press"),
                    secrets_file(tmp_path, url + "/other")):
        result = digest_cli(signals_db, "2025-05-02T08:00:00+09:00", "--as-of", "2025-05-01",
                            "--webhook", url, "--secrets", str(secrets))
        assert result.returncode == 2
        assert "the digest is organiser content; nothing was posted" in result.stderr
    assert server.received == []


def test_a_failed_post_is_an_error(signals_db, tmp_path, hook, digest_cli):
    server, url = hook(status=500)
    result = digest_cli(signals_db, "2025-05-02T08:00:00+09:00", "--as-of", "2025-05-01",
                        "--webhook", url, "--secrets", str(secrets_file(tmp_path, url)))
    assert result.returncode == 2
    port = server.server_address[1]
    assert result.stderr == (f"error: the webhook http://127.0.0.1:{port}/... answered HTTP 500 "
                             "Internal Server Error: the digest was not posted\n")


# ---------------------------------------------------------------------------------------------
# The records: checked, versioned, logged; bad input changes nothing


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("args", "lines"), [
    (("event", "add", "--edition", "9", "--at", "2025-13-01", "--kind", "party", "--text", ""),
     ["error: --edition '9': is not in the database: add it with `edition add` first",
      "error: --at '2025-13-01': not a date (2027-02-15) or date-time (2027-02-15T18:00, "
      "+09:00 assumed)",
      "error: --kind 'party': is not one of deadline_extended, webinar, mailing, "
      "press_release, other",
      "error: --text: required value is empty"]),
    (("event", "add", "--edition", "3", "--at", "2023-01-01", "--kind", "webinar", "--text",
      "x", "--extend-to", "2025-06-10"),
     ["error: --at '2023-01-01': is too far from the call of edition 3: an event falls between "
      "2024-12-25 and 2025-07-29",
      "error: --extend-to '2025-06-10': moves the closing date only with --kind "
      "deadline_extended"]),
    (("event", "add", "--edition", "3", "--at", "2025-05-25", "--kind", "deadline_extended",
      "--text", "x", "--extend-to", "2025-05-20"),
     ["error: --extend-to '2025-05-20': must come after --call-closes-at "
      "(2025-05-30T23:59:59+09:00)"]),
    (("event", "remove", "--id", "99"),
     ["error: --id '99': is not the id of an event (see `event list`)"]),
    (("event", "remove", "--id", "one"),
     ["error: --id 'one': is not the id of an event (see `event list`)"]),
    (("alert", "set", "--edition", "3", "--pace-below", "x", "--against", "5",
      "--quiet-days", "0"),
     ["error: --pace-below 'x': is not a percentage from -100 to 1000 (-20: 20% behind)",
      "error: --against '5': is not an edition before edition 3 in the database",
      "error: --quiet-days '0': is not a number of days from 1 to 60"]),
    (("alert", "set", "--edition", "3"),
     ["error: --edition '3': needs at least one condition: --pace-below, --missing-regions or "
      "--quiet-days"]),
    (("alert", "set", "--edition", "3", "--against", "2", "--missing-regions"),
     ["error: --against '2': compares the pace: give --pace-below too"]),
    (("alert", "clear", "--edition", "2"),
     ["error: --edition '2': has no alert set (see `alert list`)"]),
])
def test_bad_input_is_refused_and_changes_nothing(live, args, lines):
    before = sha(live)
    versions = archive.list_versions(live)
    result = cli(*args, "--db", str(live))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [*lines, "nothing was changed"]
    assert sha(live) == before
    assert archive.list_versions(live) == versions


def test_an_event_is_versioned_logged_and_removed(live):
    versions = len(archive.list_versions(live))
    added = cli("event", "add", "--edition", "4", "--at", "2026-03-02T15:00", "--kind",
                "webinar", "--text", "Second webinar", "--db", str(live))
    assert added.returncode == 0, added.stderr
    assert added.stdout == ("recorded event 4 for edition 4: webinar at 2026-03-02T15:00+09:00 "
                            "(organisers only)\n")
    assert len(archive.list_versions(live)) == versions + 1
    con = db.connect(live)
    with con:
        history = db.run(con, "import_history", {})
    assert history["file_name"].iloc[0] == "(event added)"  # newest first
    listed = cli("event", "list", "--edition", "4", "--db", str(live)).stdout
    assert listed == ("4  edition 4  2026-03-02T15:00+09:00  webinar  (organisers only)  "
                      "Second webinar\n")
    removed = cli("event", "remove", "--id", "4", "--db", str(live))
    assert removed.stdout == "removed event 4 of edition 4\n"
    assert cli("event", "list", "--edition", "4", "--db", str(live)).stdout == \
        "no events recorded\n"


def test_a_deadline_extension_moves_the_closing_date(live, run_on):
    hinted = cli("event", "add", "--edition", "4", "--at", "2026-05-20", "--kind",
                 "deadline_extended", "--text", "Deadline extended", "--public", "--db",
                 str(live))
    assert hinted.stdout.splitlines()[-1] == (
        "hint: to move the closing date so that pace and projection follow: python -m "
        "prizestats edition set --edition 4 --call-closes-at T (or add the event with "
        "--extend-to T)")
    moved = cli("event", "add", "--edition", "4", "--at", "2026-05-21", "--kind",
                "deadline_extended", "--text", "Deadline extended again", "--extend-to",
                "2026-06-12", "--db", str(live))
    assert moved.returncode == 0, moved.stderr
    editions = run_on(live)("editions", {}).set_index("edition")
    assert editions.loc[4, "call_closes_at"].isoformat() == "2026-06-12T23:59:59.999999+09:00"
    # the Intake page's days before the deadline follow: 1 June 2026 is 11 days before it
    from prizestats.figures import intake

    assert intake.days_before(parse_as_of("2026-06-01"),
                              editions.loc[4, "call_closes_at"].to_pydatetime()) == 11


def test_alert_set_replaces_and_clear_removes(live, run_on):
    assert cli("alert", "set", "--edition", "3", "--pace-below", "-10", "--against", "1",
               "--db", str(live)).stdout == \
        "alert set for edition 3: pace below -10% against edition 1\n"
    alerts = run_on(live)("alerts", {"edition": None})
    def value(v):
        return None if pd.isna(v) else float(v)

    assert [(int(r.edition), value(r.pace_below), value(r.against), bool(r.missing_regions),
             value(r.quiet_days)) for r in alerts.itertuples()] == [
        (3, -10.0, 1.0, False, None), (4, None, None, False, 2.0)]
    assert cli("alert", "clear", "--db", str(live)).stdout == \
        "cleared the alert of edition 3, 4\n"
    assert cli("alert", "list", "--db", str(live)).stdout == "no alerts set\n"


def test_an_older_database_without_the_tables_stays_readable(sample_db, tmp_path, run_on,
                                                             monkeypatch):
    older = tmp_path / "older.duckdb"
    shutil.copyfile(sample_db, older)
    con = duckdb.connect(str(older))
    con.execute("drop table events")
    con.execute("drop table alerts")
    con.close()
    run = run_on(older)
    assert run("events", {"edition": None, "as_of": None, "public": False}).empty
    assert run("alerts", {"edition": None}).empty
    page(monkeypatch, older, "intake", "2025-05-01T12:00:00+09:00", edition="3")
    page(monkeypatch, older, "data", "2025-05-01T12:00:00+09:00", edition="3")
    # the next edit writes the new schema
    assert cli("alert", "set", "--edition", "3", "--quiet-days", "3", "--db",
               str(older)).returncode == 0
    assert list(run_on(older)("alerts", {"edition": None})["quiet_days"]) == [3]


# ---------------------------------------------------------------------------------------------
# The Data page


def test_the_data_page_adds_and_removes_an_event_and_sets_an_alert(monkeypatch, live, run_on):
    at = page(monkeypatch, live, "data", "2026-03-01T12:00:00+09:00", edition="4")
    fields = {t.label: t for t in at.text_input}
    fields["When"].input("2026-03-20")
    next(s for s in at.selectbox if s.label == "Kind").set_value("deadline_extended")
    fields["Text (English)"].input("Deadline extended by two weeks")
    at.button(key="FormSubmitter:event_add-Add the event").click().run()
    assert "The event is recorded." in [s.value for s in at.success]
    events = run_on(live)("events", {"edition": 4, "as_of": None, "public": False})
    assert list(events["text_en"]) == ["Deadline extended by two weeks"]
    # the one confirmation of a deadline extension
    assert [i.value for i in at.info][-1] == (
        "This event extends the call of 2026. Move its closing date so that the pace and the "
        "projection follow?")
    next(t for t in at.text_input if t.label == "New closing date").input("2026-06-12")
    at.button(key="extend_confirm").click().run()
    assert "The call of 2026 now closes at the end of 12 June 2026 (24:00 KST)." in [
        s.value for s in at.success]
    fields = {t.label: t for t in at.text_input}
    fields["Days without entries"].input("5")
    at.button(key="FormSubmitter:alert_set-Set the alert").click().run()
    assert "The alert is set." in [s.value for s in at.success]
    assert list(run_on(live)("alerts", {"edition": 4})["quiet_days"]) == [5]
    removing = next(s for s in at.selectbox if s.label == "Event to remove")
    removing.set_value(4)
    at.button(key="event_remove").click().run()
    assert "The event is removed." in [s.value for s in at.success]
    assert run_on(live)("events", {"edition": 4, "as_of": None, "public": False}).empty


def test_the_data_page_says_each_problem(monkeypatch, live):
    at = page(monkeypatch, live, "data", "2026-03-01T12:00:00+09:00", lang="ko", edition="4")
    fields = {t.label: t for t in at.text_input}
    fields["일시"].input("어제")
    at.button(key="FormSubmitter:event_add-일정 추가").click().run()
    shown = [e.value.replace("\\", "") for e in at.error]
    assert shown == ["- --at '어제': 날짜(2027-02-15)나 날짜와 시간(2027-02-15T18:00, 오프셋이 없으면 "
                     "한국 시간 +09:00)이 아닙니다\n- --text: 필수 값이 비어 있습니다"]


@pytest.mark.parametrize("name", ["events", "alerts"])
@pytest.mark.parametrize(("edition", "as_of", "public"), [
    (None, None, False), (3, "2025-05-19", False), (None, "2026-11-30", True), (2, None, True)])
def test_the_pandas_twins_match_the_queries(signals_db, name, edition, as_of, public):
    from pandas.testing import assert_frame_equal
    from test_bench_pandas import comparable

    from prizestats.bench import pandas_queries

    params = {"edition": edition, "as_of": as_of and parse_as_of(as_of), "public": public}
    con = db.connect(signals_db)
    with con:
        expected = db.run(con, name, params)
        tables = db.tables(con)
    assert len(expected) or (name, edition, public) in (("events", 2, True),
                                                        ("alerts", 2, True))
    assert_frame_equal(comparable(pandas_queries.run(tables, name, params)),
                       comparable(expected), check_dtype=False)


def test_events_and_alerts_survive_an_import(live, tmp_path, run_on):
    from test_records import write_entries

    file = write_entries(tmp_path / "entries-2026.csv", 4, ["E1", "E2", "E3"])
    imported = cli("import", str(file), "--db", str(live))
    assert imported.returncode == 0, imported.stderr
    run = run_on(live)
    assert list(run("events", {"edition": None, "as_of": None, "public": False})["event_id"]) \
        == [3, 1, 2]
    assert list(run("alerts", {"edition": None})["edition"]) == [3, 4]
