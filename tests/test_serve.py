"""`python -m prizestats serve`: nginx's configuration, and two servers behind nginx for real.

Every client here comes from 127.0.0.1, as in the benchmark: an affinity by address would put
them all on one server, so what keeps a visitor on one server is the cookie prizestats_replica.
Each response names its server in X-Prizestats-Replica. The end-to-end tests wait for events
(a line printed, a server answering, a process ended), each with a generous timeout."""

from __future__ import annotations

import asyncio
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from conftest import ROOT
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from prizestats.__main__ import main
from prizestats.bench import load
from prizestats.ops import serve
from prizestats.store import guards

READY_TIMEOUT_S = 300.0  # two servers and nginx starting on a busy two-core machine
STOP_TIMEOUT_S = 60.0
COOKIE = serve.AFFINITY_COOKIE
READY = re.compile(r"^prizestats: open (http://127\.0\.0\.1:\d+) \(2 replicas behind nginx; "
                   r"logs in (\S+); Ctrl-C stops\)$", re.MULTILINE)


def conf_lines(conf: str) -> list[str]:
    """The configuration's lines without comments and indentation."""
    return [line.split("#")[0].strip() for line in conf.splitlines() if line.split("#")[0].strip()]


def block(lines: list[str], opening: str) -> list[str]:
    """The lines of a one-level block, from the line after `opening` to its closing brace."""
    start = lines.index(opening) + 1
    return lines[start:lines.index("}", start)]


# ---------------------------------------------------------------------------------------------
# The configuration


def test_the_nginx_configuration_for_two_replicas():
    lines = conf_lines(serve.nginx_conf(Path("/srv/prizestats state"), "127.0.0.1", 8501,
                                        [8601, 8602], upload_mb=50))
    assert block(lines, "upstream dashboard {") == [
        "hash $affinity consistent;",
        "server 127.0.0.1:8601;",
        "server 127.0.0.1:8602;",
    ]
    # a visitor without the cookie gets a random value, and the cookie is set only then
    assert ('map $cookie_prizestats_replica $affinity { "" $request_id; '
            'default $cookie_prizestats_replica; }') in lines
    assert block(lines, "map $cookie_prizestats_replica $affinity_cookie {") == [
        '"" "prizestats_replica=$request_id; Path=/; HttpOnly; SameSite=Lax";',
        'default "";',
    ]
    assert block(lines, "location / {") == [
        "proxy_pass http://dashboard;",
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_set_header Host $http_host;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_read_timeout 1d;",
        "proxy_send_timeout 1d;",
        "proxy_request_buffering off;",
        "proxy_buffering off;",
        "add_header Set-Cookie $affinity_cookie always;",
        "add_header X-Prizestats-Replica $upstream_addr always;",
    ]
    assert "map $http_upgrade $connection_upgrade { default upgrade; \"\" close; }" in lines
    assert "listen 127.0.0.1:8501;" in lines
    assert "client_max_body_size 51m;" in lines  # 50 MB and Streamlit's 1 MB for the framing
    assert 'pid "/srv/prizestats state/nginx.pid";' in lines
    assert 'error_log "/srv/prizestats state/nginx.log";' in lines


def test_an_ipv6_address_is_bracketed():
    lines = conf_lines(serve.nginx_conf(Path("/srv"), "::1", 8501, [8601], upload_mb=50))
    assert "listen [::1]:8501;" in lines


@pytest.mark.parametrize("folder", ['/srv/a"b', "/srv/a\\b", "/srv/$x", "/srv/a\nb"])
def test_a_folder_that_cannot_be_quoted_is_refused(folder):
    with pytest.raises(serve.ServeError, match="nginx's folder cannot have"):
        serve.nginx_conf(Path(folder), "127.0.0.1", 8501, [8601], upload_mb=50)


def test_nginx_accepts_the_configuration(tmp_path):
    nginx = require_nginx()
    conf = serve.write_nginx_conf(tmp_path, "127.0.0.1", serve.free_port(),
                                  [serve.free_port(), serve.free_port()], upload_mb=50)
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(conf)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


# ---------------------------------------------------------------------------------------------
# Bad input: one line, exit status 2, nothing started


def cli(*args: str, tmp: Path | None = None) -> subprocess.CompletedProcess:
    env = environment() | ({"TMPDIR": str(tmp)} if tmp else {})
    return subprocess.run([sys.executable, "-m", "prizestats", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120, check=False)


def environment() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PRIZESTATS_DB", None)
    env.pop(guards.UPLOAD_SIZE_VARIABLE, None)
    return env


@pytest.mark.parametrize(("args", "message"), [
    (["--replicas", "0"], "argument --replicas: '0': the number of servers is a whole number "
                          "from 1 to 32"),
    (["--replicas", "33"], "argument --replicas: '33': the number of servers is a whole number "
                           "from 1 to 32"),
    (["--replicas", "two"], "argument --replicas: 'two'"),
    (["--port", "0"], "argument --port: '0' is not a TCP port (1 to 65535)"),
    (["--port", "65536"], "argument --port: '65536' is not a TCP port"),
    (["--address", "127.0.0.1; include /etc"], "argument --address: '127.0.0.1; include /etc' "
                                               "is not an IP address or a host name"),
])
def test_bad_input_is_refused(sample_db, args, message):
    result = cli("serve", *args, "--db", str(sample_db))
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_a_missing_database_is_refused(tmp_path):
    result = cli("serve", "--replicas", "2", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2
    assert result.stderr == (f"error: no database at {tmp_path / 'none.duckdb'}: build one with "
                             f"`python -m prizestats build --from data/sample`\n")


@pytest.mark.parametrize("replicas", ["1", "2"])
def test_a_taken_port_is_refused(sample_db, replicas, tmp_path):
    with socket.socket() as taken:
        taken.bind((serve.HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--replicas", replicas, "--port", str(port), "--db",
                     str(sample_db), tmp=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"error: port {port} on 127.0.0.1 is taken (Address already in "
                             f"use): stop what listens there, or choose another port\n")
    assert list(tmp_path.iterdir()) == []  # no folder left behind


def test_without_nginx_it_says_how_to_install_it(sample_db, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    assert main(["serve", "--replicas", "2", "--db", str(sample_db)]) == 2
    assert capsys.readouterr().err == ("error: nginx is not installed: apt-get install "
                                       "nginx-light (as root), or serve with one replica\n")


# ---------------------------------------------------------------------------------------------
# Two servers behind nginx, for real


def require_nginx() -> str:
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx is None:  # pragma: no cover - make test installs it on Debian as root
        pytest.fail("nginx is not installed: run `make test` as root, or apt-get install "
                    "nginx-light", pytrace=False)
    return nginx


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    folder: Path  # where serve keeps nginx.conf and the logs
    output: Path  # what serve printed

    def replicas(self) -> set[str]:
        """The servers nginx shares visitors among, as X-Prizestats-Replica names them."""
        conf = (self.folder / "nginx.conf").read_text()
        return {f"127.0.0.1:{port}" for port in re.findall(r"server 127\.0\.0\.1:(\d+);", conf)}


@contextmanager
def serving(database: Path, tmp: Path, *extra: str) -> Iterator[Served]:
    """`serve --replicas 2` running, ready; stopped afterwards whatever happened."""
    require_nginx()
    port = serve.free_port()
    output = tmp / "serve.out"
    with output.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "prizestats", "serve", "--replicas", "2", "--port", str(port),
             "--db", str(database), *extra], cwd=ROOT, env=environment(), stdout=out,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not (ready := READY.search(output.read_text())):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"serve did not get ready: {output.read_text()}", pytrace=False)
            time.sleep(0.2)
        assert ready[1] == f"http://127.0.0.1:{port}"
        yield Served(process, port, Path(ready[2]), output)
    finally:
        try:
            stop_serving(process)
        except subprocess.TimeoutExpired:
            process.kill()  # its servers follow it (they stop when their parent dies)
            process.wait()


def stop_serving(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.wait(timeout=STOP_TIMEOUT_S)


@pytest.fixture(scope="module")
def served(sample_db, tmp_path_factory):
    with serving(sample_db, tmp_path_factory.mktemp("serve")) as running:
        yield running


def request(port: int, path: str, cookie: str | None = None, method: str = "GET",
            body: bytes | None = None, headers: dict[str, str] | None = None
            ) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection(serve.HOST, port, timeout=60)
    try:
        sent = dict(headers or {})
        if cookie is not None:
            sent["Cookie"] = "; ".join(p for p in (f"{COOKIE}={cookie}", sent.get("Cookie")) if p)
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def affinity_cookies(headers: http.client.HTTPMessage) -> list[str]:
    return [h for h in headers.get_all("Set-Cookie") or [] if h.startswith(f"{COOKIE}=")]


def test_it_says_where_to_open_it_and_the_configuration_is_there(served):
    assert served.process.poll() is None
    lines = conf_lines((served.folder / "nginx.conf").read_text())
    assert f"listen 127.0.0.1:{served.port};" in lines
    assert "client_max_body_size 51m;" in lines  # .streamlit/config.toml: maxUploadSize = 50
    assert len(served.replicas()) == 2
    assert sorted(p.name for p in served.folder.glob("*.log")) == [
        "nginx.log", "replica-1.log", "replica-2.log"]


def test_a_visitor_without_the_cookie_is_given_one(served):
    status, headers, _ = request(served.port, "/")
    assert status == 200
    [cookie] = affinity_cookies(headers)
    assert re.fullmatch(rf"{COOKIE}=[0-9a-f]{{32}}; Path=/; HttpOnly; SameSite=Lax", cookie)
    assert headers["X-Prizestats-Replica"] in served.replicas()
    # a visitor who has it keeps it: no new one
    status, headers, _ = request(served.port, "/", cookie=cookie.split(";")[0].split("=")[1])
    assert status == 200
    assert affinity_cookies(headers) == []


async def websocket_replica(port: int, cookie: str) -> str:
    """The server the websocket of a browser with this cookie reaches (Origin as a browser
    on this address sends it)."""
    async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                       additional_headers={"Cookie": f"{COOKIE}={cookie}"},
                       origin=f"http://127.0.0.1:{port}", proxy=None,
                       open_timeout=60) as ws:
        return ws.response.headers["X-Prizestats-Replica"]


def test_a_cookie_keeps_its_server_and_cookies_spread_over_both(served):
    paths = [("GET", "/"), ("GET", "/_stcore/health"), ("GET", "/media/none.png"),
             ("PUT", "/_stcore/upload_file/none/none")]
    reached: dict[str, set[str]] = {}
    for visitor in range(24):
        cookie = f"visitor-{visitor}"
        for method, path in paths * 2:
            _, headers, _ = request(served.port, path, cookie=cookie, method=method)
            reached.setdefault(cookie, set()).add(headers["X-Prizestats-Replica"])
        reached[cookie].add(asyncio.run(websocket_replica(served.port, cookie)))
    assert all(len(servers) == 1 for servers in reached.values()), reached
    assert set().union(*reached.values()) == served.replicas()


def cookies_on_each_server(served: Served) -> dict[str, str]:
    """A cookie value that reaches each server: server -> cookie."""
    found: dict[str, str] = {}
    for visitor in range(64):
        _, headers, _ = request(served.port, "/_stcore/health", cookie=f"visitor-{visitor}")
        found.setdefault(headers["X-Prizestats-Replica"], f"visitor-{visitor}")
        if len(found) == 2:
            return found
    raise AssertionError(f"64 cookies all reached {found}")


def multipart(size: int) -> tuple[str, bytes]:
    """A form with one file, `size` bytes in all (framing included): content type, body."""
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"entries.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    body = head + b"x" * (size - len(head) - len(tail)) + tail
    return f"multipart/form-data; boundary={boundary}", body


async def uploads_to_a_session(port: int, cookie: str, attempts: list[tuple[str, int]]
                               ) -> list[int]:
    """Start a session with `cookie` (a browser's websocket), then upload a file to it with
    each (cookie, size) of `attempts`: the status of each."""
    status, headers, _ = request(port, "/_stcore/health", cookie=cookie)
    assert status == 200
    xsrf = next(h for h in headers.get_all("Set-Cookie")
                if h.startswith("_streamlit_xsrf=")).split(";")[0].split("=", 1)[1]
    async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                       additional_headers={"Cookie": f"{COOKIE}={cookie}"}, proxy=None,
                       open_timeout=60, max_size=None) as ws:
        hello = BackMsg()
        hello.rerun_script.page_name = "about"
        hello.rerun_script.query_string = "lang=en"
        await ws.send(hello.SerializeToString())
        session_id = ""
        async with asyncio.timeout(120):
            while not session_id:
                message = ForwardMsg()
                message.ParseFromString(await ws.recv(decode=False))
                if message.WhichOneof("type") == "new_session":
                    session_id = message.new_session.initialize.session_id
        statuses = []
        for sent_cookie, size in attempts:
            content_type, body = multipart(size)
            status, _, _ = request(
                port, f"/_stcore/upload_file/{session_id}/{uuid.uuid4()}", cookie=sent_cookie,
                method="PUT", body=body,
                headers={"Content-Type": content_type, "X-Xsrftoken": xsrf,
                         "Cookie": f"_streamlit_xsrf={xsrf}"})
            statuses.append(status)
        return statuses


def test_an_upload_reaches_the_server_that_holds_its_session(served):
    first, second = cookies_on_each_server(served).values()
    # The largest upload Streamlit takes (a body of server.maxUploadSize, 50 MB) passes nginx,
    # with the session's cookie. With the other server's cookie the upload meets a server that
    # does not know the session (400): that is why the cookie decides.
    largest = guards.upload_limit_mb() * guards.MEGABYTE
    assert asyncio.run(uploads_to_a_session(
        served.port, first, [(first, largest), (first, 1000), (second, 1000)])) == [204, 204, 400]
    assert asyncio.run(uploads_to_a_session(
        served.port, second, [(second, 1000), (first, 1000)])) == [204, 400]


def test_a_protocol_session_through_nginx(served):
    result = asyncio.run(load.session_run(
        served.port, "overview", "lang=en&edition=3", "Regions", [["Europe"], ["Asia"]],
        think_s=(0.0, 0.0), seed=1, changes=2))
    assert result.errors == 0
    assert not result.timed_out
    assert len(result.latencies_ms) == 2
    assert [parse_qs(q).get("region") for q in result.query_strings] == [["Europe"], ["Asia"]]


def test_one_replica_is_streamlit_itself_on_the_port(sample_db):
    port = serve.free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "prizestats", "serve", "--port", str(port), "--db", str(sample_db)],
        cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not serve.healthy(port):
            assert process.poll() is None, "serve --replicas 1 ended before answering"
            assert time.monotonic() < deadline, "serve --replicas 1 did not answer"
            time.sleep(0.2)
        command = Path(f"/proc/{process.pid}/cmdline").read_bytes().split(b"\0")
        assert command[1:4] == [b"-m", b"streamlit", b"run"]  # in serve's place: no nginx
        status, headers, _ = request(port, "/")
        assert status == 200
        assert headers["X-Prizestats-Replica"] is None
        assert affinity_cookies(headers) == []
    finally:
        process.terminate()
        process.wait(timeout=STOP_TIMEOUT_S)


# ---------------------------------------------------------------------------------------------
# Stopping


def descendants(pid: int) -> dict[int, str]:
    """Every process below `pid`: pid -> command line."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ") \
                .decode(errors="replace").strip()
        except OSError:  # ended meanwhile
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found[child] = commands[child]
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kinds(processes: dict[int, str]) -> list[str]:
    return sorted("nginx master" if "nginx: master" in command else
                  "nginx worker" if "nginx: worker" in command else
                  "streamlit" if "streamlit run" in command else command
                  for command in processes.values())


def test_sigterm_stops_nginx_and_every_replica(sample_db, tmp_path):
    with serving(sample_db, tmp_path) as running:
        children = descendants(running.process.pid)
        assert kinds(children) == ["nginx master", "nginx worker", "streamlit", "streamlit"]
        assert stop_serving(running.process) == 0
    assert "prizestats: SIGTERM, stopped every server" in running.output.read_text()
    assert [pid for pid in children if alive(pid)] == []
    assert not serve.healthy(running.port)
    assert not running.folder.exists()  # a temporary folder, removed on a clean stop


def test_a_replica_that_dies_stops_everything_and_names_its_log(sample_db, tmp_path):
    state = tmp_path / "state"
    with serving(sample_db, tmp_path, "--state", str(state)) as running:
        children = descendants(running.process.pid)
        conf = (state / "nginx.conf").read_text()
        first_port = re.search(r"server 127\.0\.0\.1:(\d+);", conf)[1]
        [first] = [pid for pid, command in children.items()
                   if "streamlit run" in command and f"--server.port {first_port} " in command]
        os.kill(first, signal.SIGKILL)
        assert running.process.wait(timeout=STOP_TIMEOUT_S) == 2
    assert running.output.read_text().splitlines()[-1] == (
        f"error: replica 1 was stopped by SIGKILL; its log: {state / 'replica-1.log'}; stopped "
        f"the others")
    assert [pid for pid in children if alive(pid)] == []
    assert (state / "replica-1.log").is_file()  # the folder given is kept
