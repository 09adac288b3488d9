"""Two loads of real readers on a Streamlit server, with the protocol client of load.py.

- **Mixed reading**: sessions started evenly over 20 s; each opens a page, then every 2-5 s
  moves to a random page with a random edition (the address a link or the menu gives:
  `?lang=en&edition=N`). The latency of a move is from sending the rerun to the
  script_finished of the run it started; the first page of each session is reported apart.
- **Arrivals**: open-loop new visitors, a fixed number per second whatever the server does,
  each opening one page once and staying 3 s. The first render is from opening the websocket
  to the script_finished of the first run: what a visitor following a shared link waits for.

Both run against the bare page too (pages ("",), no editions): its readers re-open it.
Arrivals run against the embed page too (EMBED: one chart for another site's article).
Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from prizestats.bench.load import HOST, MAX_MESSAGE_BYTES, RUN_TIMEOUT_S, _Client
from prizestats.bench.timing import percentile

PUBLIC_PAGES = ("overview", "regions", "categories", "stages", "trends", "results", "press",
                "about")
EDITIONS = (1, 2, 3, 4)
RAMP_S = 20.0  # mixed reading: sessions start evenly over this long
STAY_S = 3.0  # arrivals: how long a visitor keeps the page open
MAX_READERS = 300
MAX_RATE = 50.0
MAX_DURATION_S = 600.0


@dataclass(frozen=True)
class Target:
    """What readers open: the pages (url_path, "" the default page) and editions to pick from."""
    pages: tuple[str, ...]
    editions: tuple[int, ...] = ()
    lang: str = "en"
    query: str = ""  # the address of a page that needs more than an edition (the embed)

    def address(self, edition: int | None) -> str:
        if edition is None:
            return self.query
        return f"lang={self.lang}&edition={edition}" + (f"&{self.query}" if self.query else "")

    def visits(self) -> list[tuple[str, int | None]]:
        """Every page with every edition once: the warm-up."""
        return [(page, edition) for page in self.pages for edition in self.editions or (None,)]


APP = Target(PUBLIC_PAGES, EDITIONS)
BARE = Target(("",))
# One chart embedded in an article (pages/embed.py), as the Share menu's iframe gives it: every
# reader of the article opens it once (arrivals).
EMBED = Target(("embed",), query="chart=entries_by_region&edition=3&lang=en&theme=auto")


@dataclass
class ReaderResult:
    first_ms: list[float] = field(default_factory=list)  # first page of a session
    moves_ms: list[float] = field(default_factory=list)  # every later page
    errors: int = 0
    # (page script hash, URL query) after each page opened: where the reader really landed
    landed: list[tuple[str, str]] = field(default_factory=list)


def _summary(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    return {"p50_ms": round(statistics.median(ordered), 1) if ordered else None,
            "p95_ms": round(percentile(ordered, 0.95), 1) if ordered else None}


async def _open(client: _Client, page: str, query: str) -> bool:
    """Go to `page` at address `query` in the same session; True when the run succeeded."""
    client.page_name, client.query_string, client.page_script_hash = page, query, ""
    try:
        run = await client.rerun(timeout_s=RUN_TIMEOUT_S)
    except TimeoutError:
        return False
    return run.ok


def _connect(port: int):
    return connect(f"ws://{HOST}:{port}/_stcore/stream", subprotocols=["streamlit"], proxy=None,
                   max_size=MAX_MESSAGE_BYTES, open_timeout=RUN_TIMEOUT_S, ping_interval=None)


async def reader(port: int, target: Target, until: float, think_s: tuple[float, float],
                 rng: random.Random, result: ReaderResult,
                 visits: Sequence[tuple[str, int | None]] | None = None) -> None:
    """One session moving between pages until the monotonic time `until` (or through
    `visits`, in order, when given)."""
    def next_visit(turn: int) -> tuple[str, int | None]:
        if visits is not None:
            return visits[turn]
        return (rng.choice(target.pages),
                rng.choice(target.editions) if target.editions else None)
    try:
        async with _connect(port) as ws:
            client = _Client(ws, "", "")
            turn = 0
            while visits is None or turn < len(visits):
                page, edition = next_visit(turn)
                sent = time.perf_counter()
                if await _open(client, page, target.address(edition)):
                    taken = (time.perf_counter() - sent) * 1000
                    (result.moves_ms if turn else result.first_ms).append(taken)
                    result.landed.append((client.page_script_hash, client.query_string))
                else:
                    result.errors += 1
                turn += 1
                pause = rng.uniform(*think_s)
                if time.monotonic() + pause >= until:
                    break
                await asyncio.sleep(pause)
    except (ConnectionClosed, InvalidHandshake, OSError):
        result.errors += 1


def _check(number: float, low: float, high: float, what: str) -> None:
    if isinstance(number, bool) or not low <= number <= high:
        raise ValueError(f"{what} {number!r}: expected {low:g} to {high:g}")


async def _gather(coroutines: list) -> None:
    tasks = [asyncio.create_task(c) for c in coroutines]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        with suppress(asyncio.CancelledError):
            await asyncio.gather(*tasks, return_exceptions=True)


def warm_up(port: int, target: Target) -> ReaderResult:
    """One session visiting every page and edition once."""
    result = ReaderResult()
    asyncio.run(reader(port, target, time.monotonic() + MAX_DURATION_S, (0.0, 0.0),
                       random.Random(0), result, visits=target.visits()))
    return result


def mixed_reading(port: int, target: Target, sessions: int, duration_s: float,
                  think_s: tuple[float, float] = (2.0, 5.0), ramp_s: float | None = None) -> dict:
    """`sessions` readers started evenly over `ramp_s` (20 s, or half a shorter duration), each
    reading until `duration_s` after the start. Returns sessions, moves (successful later
    pages), p50_ms and p95_ms over them, first_p50_ms and first_p95_ms over the first pages,
    and errors."""
    _check(sessions, 1, MAX_READERS, "sessions")
    _check(duration_s, 0, MAX_DURATION_S, "duration (s)")
    _check(think_s[0], 0, think_s[1], "shortest think time (s)")
    if ramp_s is None:
        ramp_s = min(RAMP_S, duration_s / 2)
    _check(ramp_s, 0, duration_s, "ramp (s)")
    result = ReaderResult()

    async def one(index: int, until: float) -> None:
        await asyncio.sleep(ramp_s * index / sessions)
        await reader(port, target, until, think_s, random.Random(index), result)

    async def everyone() -> None:
        until = time.monotonic() + duration_s
        await _gather([one(i, until) for i in range(sessions)])

    asyncio.run(everyone())
    moves, first = _summary(result.moves_ms), _summary(result.first_ms)
    return {"sessions": sessions, "moves": len(result.moves_ms), **moves,
            "first_p50_ms": first["p50_ms"], "first_p95_ms": first["p95_ms"],
            "errors": result.errors}


async def _visitor(port: int, page: str, query: str, stay_s: float,
                   first_ms: list[float]) -> int:
    """One new visitor: open the page once, stay, leave. Returns its errors (0 or 1)."""
    started = time.perf_counter()
    try:
        async with _connect(port) as ws:
            if not await _open(_Client(ws, "", ""), page, query):
                return 1
            first_ms.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(stay_s)
    except (ConnectionClosed, InvalidHandshake, OSError):
        return 1
    return 0


def arrivals(port: int, target: Target, per_second: float, duration_s: float,
             stay_s: float = STAY_S) -> dict:
    """New visitors at `per_second` for `duration_s`, open-loop (each on its schedule whatever
    the server is doing), each opening the target's first page at the latest edition.
    Returns per_second, visitors, rendered, p50_ms and p95_ms of the first render, errors."""
    _check(per_second, 0.1, MAX_RATE, "visitors per second")
    _check(duration_s, 1, MAX_DURATION_S, "duration (s)")
    count = max(1, round(per_second * duration_s))
    page = target.pages[0]
    query = target.address(None)
    first_ms: list[float] = []
    errors: list[int] = []

    async def one(index: int, start: float) -> None:
        await asyncio.sleep(max(0.0, start + index / per_second - time.monotonic()))
        errors.append(await _visitor(port, page, query, stay_s, first_ms))

    async def everyone() -> None:
        start = time.monotonic()
        await _gather([one(i, start) for i in range(count)])

    asyncio.run(everyone())
    return {"per_second": per_second, "visitors": count, "rendered": len(first_ms),
            **_summary(first_ms), "errors": sum(errors) + count - len(errors)}
