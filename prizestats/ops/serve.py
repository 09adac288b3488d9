"""Serve the dashboard: one Streamlit server, or several behind Debian's nginx on one address.

    python -m prizestats serve [--replicas N] [--port P] [--address A] [--db PATH] [--state DIR]

A Streamlit server runs the scripts of all its sessions in one Python process (one GIL), so it
uses about one core. With N replicas, N servers run on free ports of 127.0.0.1 and nginx, run
as an ordinary program (not the system service, no root needed), listens on the address and
shares the visitors among them. A session lives in one server (its websocket, its uploads, its
media files), so all of a visitor's requests must reach the same one: see nginx_conf.

The generic pieces (free_port, healthy, serve) also start the servers of the benchmarks and of
the tools that drive a browser: one copy of them.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2

from prizestats.core.reference import ROOT
from prizestats.core.safe_write import atomic_write

HOST = "127.0.0.1"  # where the servers listen; only nginx faces the network
APP = ROOT / "dashboard.py"
MAX_REPLICAS = 32
START_TIMEOUT_S = 60.0  # one server, from start to its first health answer
START_TIMEOUT_PER_REPLICA_S = 10.0  # more servers start on the same cores: more time
STOP_TIMEOUT_S = 10.0
POLL_S = 0.2
AFFINITY_COOKIE = "prizestats_replica"
REPLICA_HEADER = "X-Prizestats-Replica"
UPLOAD_MARGIN_MB = 1  # a multipart body is a little larger than its file (Streamlit allows 1 MB)
MAX_WORKER_CONNECTIONS = 4096  # two per session (browser side, server side)
INSTALL_NGINX = "apt-get install nginx-light"


class ServeError(RuntimeError):
    """What stopped a server or `serve`, in one line (a server's start failure: with its log)."""


# ---------------------------------------------------------------------------------------------
# Ports and health


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def check_port_free(address: str, port: int) -> None:
    """Raises ServeError when nothing could listen on address:port (taken, or no such address)."""
    try:
        family, kind, proto, _, where = socket.getaddrinfo(address, port,
                                                           type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise ServeError(f"cannot listen on {address}: {error.strerror}") from None
    with socket.socket(family, kind, proto) as sock:
        # As nginx and Streamlit bind: connections of an earlier run in TIME_WAIT do not count.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(where)
        except OSError as error:
            raise ServeError(f"port {port} on {address} is taken ({error.strerror}): stop what "
                             f"listens there, or choose another port") from None


def _url_host(address: str) -> str:
    """The host to connect to for a server listening on `address`."""
    if address in ("", "0.0.0.0"):  # every address: this machine's is one of them
        return HOST
    if address == "::":
        return "[::1]"
    return f"[{address}]" if ":" in address else address


def url(address: str, port: int) -> str:
    return f"http://{_url_host(address)}:{port}"


def healthy(port: int, address: str = HOST) -> bool:
    """Whether a Streamlit server (or nginx in front of some) answers /_stcore/health with ok."""
    # No proxy, whatever the environment says: only this machine is asked.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url(address, port)}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Processes

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _stop_with_parent() -> None:  # runs in the child, before exec
    """In a child: SIGTERM when the parent dies, even by SIGKILL, so no server outlives it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start(command: Sequence[str], log_path: Path, env: dict[str, str] | None = None
          ) -> subprocess.Popen:
    """Start a child with its output in log_path (a pipe nobody reads could fill up and stall
    it), in a process group of its own: a Ctrl-C at the terminal reaches only the parent, which
    stops its children in order, and stop() reaches what a child started itself."""
    with log_path.open("ab") as log:
        return subprocess.Popen(
            list(command), cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, process_group=0,
            preexec_fn=_stop_with_parent if sys.platform == "linux" else None)


def stop(processes: Sequence[subprocess.Popen], timeout_s: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM to each child's process group, then SIGKILL to what is left after timeout_s.
    A Ctrl-C or SIGTERM that comes meanwhile waits until the end: it cannot cut this short."""
    stopping = {signal.SIGINT, signal.SIGTERM}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
    try:
        for process in processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0.0))
            # What the child left in its group (or the child itself, when it did not stop)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def ended(process: subprocess.Popen) -> str:
    """How a child that has ended ended, for a message."""
    code = process.returncode
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"was stopped by {signal.Signals(-code).name}"
    return f"exited with status {code}"


def streamlit_command(script: Path, port: int, address: str = HOST) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", address,
            "--server.port", str(port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false"]


def wait_until_healthy(port: int, process: subprocess.Popen, name: str, log_path: Path,
                       deadline: float, address: str = HOST) -> None:
    """Until `name` answers /_stcore/health; ServeError when it exits first or the deadline
    (time.monotonic()) passes."""
    while not healthy(port, address):
        if process.poll() is not None:
            raise ServeError(f"{name} {ended(process)} before answering on port {port}; its "
                             f"log: {log_path}")
        if time.monotonic() > deadline:
            raise ServeError(f"{name} did not answer {url(address, port)}/_stcore/health in "
                             f"time; its log: {log_path}")
        time.sleep(POLL_S)


@dataclass(frozen=True)
class Server:
    port: int
    pid: int
    log_path: Path

    def rss_mb(self) -> float:
        """Resident memory of the server process (VmRSS), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise ProcessLookupError(f"no VmRSS for process {self.pid}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


@contextmanager
def serve(script: Path, port: int, env: dict[str, str] | None = None, *,
          timeout_s: float = START_TIMEOUT_S) -> Iterator[Server]:
    """`streamlit run script` on 127.0.0.1:port until the block ends.

    The server's output goes to a temporary log file. The file is removed afterwards, but kept
    (its path is `log_path`) when the server failed to start, the block raised, or the log holds
    a traceback. A server that does not start raises ServeError with the end of its log.
    """
    script = Path(script)
    script = script if script.is_absolute() else ROOT / script
    if not script.is_file():
        raise FileNotFoundError(script)
    if not 1 <= port <= 65535:
        raise ValueError(f"port {port} out of range")
    check_port_free(HOST, port)  # another server there would answer the health check
    handle, name = tempfile.mkstemp(prefix=f"prizestats-server-{port}-", suffix=".log")
    os.close(handle)
    log_path = Path(name)
    process = start(streamlit_command(script, port), log_path, env)
    server = Server(port=port, pid=process.pid, log_path=log_path)
    failed = True
    try:
        try:
            wait_until_healthy(port, process, "streamlit", log_path,
                               time.monotonic() + timeout_s)
        except ServeError as error:
            raise ServeError(f"{error}:\n{server.log_tail()}") from None
        yield server
        failed = False
    finally:
        stop([process])
        if not failed and "Traceback" not in server.log_tail(10_000):
            log_path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# nginx

# Not HTML: no HTML escaping, and every value checked before it goes in (see the template).
_NGINX = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=False,
    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    keep_trailing_newline=True)


def nginx_conf(folder: Path, address: str, port: int, replica_ports: Sequence[int],
               upload_mb: int, connections: int = MAX_WORKER_CONNECTIONS) -> str:
    """nginx's configuration: listen on address:port and share visitors among the servers on
    127.0.0.1:replica_ports, each visitor always on the same server (by the cookie
    prizestats_replica); every response names its server in X-Prizestats-Replica."""
    if not replica_ports:
        raise ValueError("no servers to share visitors among")
    if any(c in str(folder) for c in '"\\$') or not str(folder).isprintable():
        raise ServeError(f"{folder}: nginx's folder cannot have quotes, backslashes, $ or "
                         f"control characters in its name")
    listen = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return _NGINX.get_template("nginx.conf.j2").render(
        folder=folder, connections=connections, cookie=AFFINITY_COOKIE, header=REPLICA_HEADER,
        listen=listen, body_mb=upload_mb + UPLOAD_MARGIN_MB,
        servers=[f"{HOST}:{p}" for p in replica_ports])


def _connections_allowed() -> int:
    """Worker connections within the open-file limit nginx inherits (it warns above it)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_WORKER_CONNECTIONS
    return max(min(MAX_WORKER_CONNECTIONS, soft - 64), 256)


def write_nginx_conf(folder: Path, address: str, port: int, replica_ports: Sequence[int],
                     upload_mb: int) -> Path:
    folder = folder.absolute()
    return atomic_write(folder / "nginx.conf", nginx_conf(folder, address, port, replica_ports,
                                                           upload_mb, _connections_allowed()))


def nginx_path() -> str:
    # Debian puts it in /usr/sbin, which an ordinary user's PATH may lack.
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if nginx is None:
        raise ServeError(f"nginx is not installed: {INSTALL_NGINX} (as root), or serve with one "
                         f"replica")
    return nginx


def start_nginx(folder: Path, conf: Path) -> subprocess.Popen:
    """nginx in the foreground (it stops on SIGTERM), its messages in folder/nginx.log."""
    return start([nginx_path(), "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                 folder / "nginx.log")


@dataclass(frozen=True)
class Replicas:
    """Servers behind nginx, as replicas_behind_nginx started them."""
    port: int  # nginx's
    folder: Path  # nginx.conf, nginx.log and replica-N.log
    servers: tuple[Server, ...]
    processes: tuple[subprocess.Popen, ...]  # nginx first, then each server
    names: tuple[str, ...]  # of each process, for messages
    logs: tuple[Path, ...]  # of each process

    def exited(self) -> str | None:
        """A message about the first process that has exited, None while all run."""
        for process, name, log in zip(self.processes, self.names, self.logs, strict=True):
            if process.poll() is not None:
                return f"{name} {ended(process)}; its log: {log}"
        return None


@contextmanager
def replicas_behind_nginx(count: int, address: str, port: int, env: dict[str, str],
                          upload_mb: int, folder: Path) -> Iterator[Replicas]:
    """`count` dashboard servers on free ports of 127.0.0.1 and nginx on address:port in front
    of them, all answering, until the block ends; then all of them stopped. ServeError when
    nginx is missing, the port is taken or a process does not start (naming its log)."""
    if not 1 <= count <= MAX_REPLICAS:
        raise ServeError(f"{count} replicas: expected 1 to {MAX_REPLICAS}")
    nginx_path()  # installed? asked before anything starts
    check_port_free(address, port)
    folder = folder.absolute()
    processes: list[subprocess.Popen] = []
    try:
        ports: list[int] = []
        while len(ports) < count:
            candidate = free_port()
            if candidate not in ports and candidate != port:
                ports.append(candidate)
        logs = [folder / f"replica-{i}.log" for i in range(1, count + 1)]
        for replica_port, log in zip(ports, logs, strict=True):
            log.unlink(missing_ok=True)
            processes.append(start(streamlit_command(APP, replica_port), log, env))
        # Started together, they share the cores: more of them take longer.
        deadline = time.monotonic() + START_TIMEOUT_S + START_TIMEOUT_PER_REPLICA_S * count
        for i, (replica_port, log) in enumerate(zip(ports, logs, strict=True)):
            wait_until_healthy(replica_port, processes[i], f"replica {i + 1}", log, deadline)
        conf = write_nginx_conf(folder, address, port, ports, upload_mb)
        nginx_log = folder / "nginx.log"
        nginx_log.unlink(missing_ok=True)
        # nginx first in the list, so stopped first: no visitor reaches a stopping server
        processes.insert(0, start_nginx(folder, conf))
        wait_until_healthy(port, processes[0], "nginx", nginx_log,
                           time.monotonic() + START_TIMEOUT_S, address)
        yield Replicas(
            port=port, folder=folder,
            servers=tuple(Server(p, process.pid, log)
                          for p, process, log in zip(ports, processes[1:], logs, strict=True)),
            processes=tuple(processes),
            names=("nginx", *(f"replica {i}" for i in range(1, count + 1))),
            logs=(nginx_log, *logs))
    finally:
        stop(processes)


# ---------------------------------------------------------------------------------------------
# The command


class _Stopped(Exception):  # a signal asked to stop: not an error
    pass


def _on_signal(signum: int, _frame: object) -> None:
    raise _Stopped(signal.Signals(signum).name)


def _exec_one(address: str, port: int, env: dict[str, str]) -> None:
    """One server: streamlit itself in this process's place, as `make run` runs it."""
    check_port_free(address, port)
    os.chdir(ROOT)
    sys.stdout.flush()
    os.execve(sys.executable, streamlit_command(APP, port, address), {**os.environ, **env})


def run(replicas: int, address: str, port: int, database: Path, upload_mb: int,
        state: Path | None = None) -> int:
    """Serve until SIGTERM or Ctrl-C (then 0), or until a process dies (ServeError)."""
    if not 1 <= replicas <= MAX_REPLICAS:
        raise ServeError(f"{replicas} replicas: expected 1 to {MAX_REPLICAS}")
    env = {"PRIZESTATS_DB": str(database.absolute())}
    if replicas == 1:
        _exec_one(address, port, env)
    nginx_path()  # before a temporary folder is made
    check_port_free(address, port)
    if state is None:
        folder = Path(tempfile.mkdtemp(prefix="prizestats-serve-"))
    else:
        folder = state
        folder.mkdir(parents=True, exist_ok=True)
    handlers = {s: signal.signal(s, _on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        with replicas_behind_nginx(replicas, address, port, env, upload_mb, folder) as served:
            print(f"prizestats: open {url(address, port)} ({replicas} replicas behind nginx; "
                  f"logs in {served.folder}; Ctrl-C stops)", flush=True)
            while (exited := served.exited()) is None:
                time.sleep(POLL_S)
            raise ServeError(f"{exited}; stopped the others")
    except _Stopped as stopped:
        print(f"prizestats: {stopped}, stopped every server", file=sys.stderr, flush=True)
        if state is None:
            shutil.rmtree(folder, ignore_errors=True)
        return 0
    except ServeError:
        if state is None and not any(folder.iterdir()):
            folder.rmdir()  # a failure keeps its logs, when there are any
        raise
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)
