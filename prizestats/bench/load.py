"""Protocol-level load on a Streamlit server: simulated visitors who change a widget.

Each visitor is a websocket client that speaks Streamlit's own protocol, as the browser's
frontend does: it opens ws://127.0.0.1:PORT/_stcore/stream (subprotocol "streamlit"), loads a
page with a BackMsg whose rerun_script is a ClientState, waits for that run's script_finished,
then, after a think time, sets one widget to its next value and measures the time from sending
the rerun to the script_finished of the run it started. That is the server's whole answer: run
the script, build every chart, serialise and send the deltas. Nothing is drawn.

Why not browsers: on a small machine (two cores here) a dozen headless chromiums take the cores
from the server, so browser-driven load measures the browsers. These clients, all in one
asyncio loop, cost next to nothing.

How Streamlit 1.67 addresses what the frontend asks for (read from its source):

- A page under st.navigation: ClientState.page_name is the page's url_path ("overview"), ""
  the default page. Once a run has started, the client sends the page_script_hash the server
  announced (new_session, then the navigation message), as the frontend does.
- A widget: WidgetState.id is the element id of its new_element delta. The id may change from
  one run to the next (it includes the default, and the dashboard passes the stored choice as
  the default), so the widget is found again by its label after every run. Like the frontend,
  the client sends the id it last saw; when the server has moved on to a new id, that change
  is lost (the run still happens, with the old choice), in a browser too.
- A selectbox's value is string_value, a multiselect's string_array_value; both carry the
  options as displayed, that is format_func's output (the `options` of the element), not the
  codes and not indices. With the dashboard in English the region labels equal the codes.

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import statistics
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from prizestats.bench.timing import percentile
from prizestats.ops.serve import HOST

MAX_SESSIONS = 200
MAX_DURATION_S = 600.0
MAX_CHANGES = 10_000
CHANGES_TIMEOUT_S = 300.0  # a run of `changes` gives up after this long
MAX_THINK_S = 60.0
RUN_TIMEOUT_S = 30.0  # a rerun not finished by then is an error
MAX_MESSAGE_BYTES = 256 * 1024 * 1024  # above Streamlit's own 200 MB server.maxMessageSize
WIDGET_KINDS = ("selectbox", "multiselect")

# A selectbox gets one option, a multiselect a list of options (one string means [string]).
Value = str | Sequence[str]


# ---------------------------------------------------------------------------------------------
# The protocol client


@dataclass(frozen=True)
class Widget:
    id: str
    kind: str  # "selectbox" or "multiselect"
    options: tuple[str, ...]  # as displayed: what the protocol carries


@dataclass
class Run:
    """What one script run sent back."""
    status: int | None = None
    exception: bool = False
    page_not_found: bool = False
    charts: int = 0  # plotly_chart elements drawn
    widgets: dict[str, Widget] = field(default_factory=dict)  # label -> widget

    @property
    def ok(self) -> bool:
        return (self.status == ForwardMsg.FINISHED_SUCCESSFULLY and not self.exception
                and not self.page_not_found)


@dataclass
class SessionResult:
    latencies_ms: list[float] = field(default_factory=list)  # one per successful change
    errors: int = 0
    charts: list[int] = field(default_factory=list)  # plotly charts each successful change drew
    query_strings: list[str] = field(default_factory=list)  # the URL's query after each of them
    load_ms: float | None = None  # the page load, not counted among the changes
    timed_out: bool = False  # asked for a number of changes, the timeout came first


class _Client:
    """One session: sends reruns and reads the messages of the run each one starts."""

    def __init__(self, ws: ClientConnection, page_name: str, query_string: str) -> None:
        self.ws = ws
        self.page_name = page_name
        self.query_string = query_string
        self.page_script_hash = ""
        self.run_id: str | None = None
        self.stale: set[str] = set()  # runs given up on: their messages are not ours

    async def rerun(self, widgets: Sequence[WidgetState] = (),
                    timeout_s: float = RUN_TIMEOUT_S) -> Run:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        if self.page_script_hash:
            state.page_script_hash = self.page_script_hash
        else:
            state.page_name = self.page_name
        state.widget_states.widgets.extend(widgets)
        self.run_id = None
        await self.ws.send(msg.SerializeToString())
        try:
            async with asyncio.timeout(timeout_s):
                return await self._until_finished()
        except TimeoutError:
            if self.run_id:
                self.stale.add(self.run_id)
            raise

    async def _until_finished(self) -> Run:
        run = Run()
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv(decode=False))
            kind = msg.WhichOneof("type")
            identity = msg.metadata.run
            if kind == "page_info_changed":  # st.query_params: the frontend rewrites the URL
                self.query_string = msg.page_info_changed.query_string
            elif kind == "new_session":
                if identity.fragment_ids or identity.script_run_id in self.stale:
                    continue  # a fragment's run, or one given up on
                self.run_id = identity.script_run_id
                run = Run()  # a run after a rerun starts over
                if msg.new_session.page_script_hash:
                    self.page_script_hash = msg.new_session.page_script_hash
            elif self.run_id is None:
                continue  # what an earlier run still had to say
            elif kind == "navigation" and msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "session_event" and msg.session_event.HasField(
                    "script_compilation_exception"):
                run.exception = True
            elif kind == "delta" and not msg.delta.fragment_id \
                    and msg.delta.WhichOneof("type") == "new_element":
                _note_element(run, msg.delta.new_element)
            elif kind == "script_finished":
                if identity.script_run_id and identity.script_run_id != self.run_id:
                    continue
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    self.run_id = None  # st.rerun: wait for the run that follows
                    continue
                if msg.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    continue
                run.status = msg.script_finished
                return run


def _note_element(run: Run, element: Element) -> None:
    kind = element.WhichOneof("type")
    if kind == "plotly_chart":
        run.charts += 1
    elif kind == "exception":
        run.exception = True
    elif kind in WIDGET_KINDS:
        proto = getattr(element, kind)
        run.widgets[proto.label] = Widget(proto.id, kind, tuple(proto.options))


def _as_choice(widget: Widget, value: Value) -> str | list[str]:
    """The value in the widget's wire form, checked against its options."""
    if widget.kind == "selectbox":
        if not isinstance(value, str):
            raise TypeError(f"a selectbox takes one option, not {value!r}")
        chosen: list[str] = [value]
    else:
        chosen = [value] if isinstance(value, str) else list(value)
    unknown = [v for v in chosen if v not in widget.options]
    if unknown:
        raise ValueError(f"{unknown} not among the options of the {widget.kind} "
                         f"(the protocol carries the options as displayed): {list(widget.options)}")
    return value if widget.kind == "selectbox" else chosen


def _widget_state(widget: Widget, choice: str | list[str]) -> WidgetState:
    state = WidgetState(id=widget.id)
    if widget.kind == "selectbox":
        state.string_value = choice
    else:
        state.string_array_value.data.extend(choice)
    return state


def _check_think(think_s: tuple[float, float]) -> None:
    low, high = think_s
    if not 0 <= low <= high <= MAX_THINK_S:
        raise ValueError(f"think time {think_s}: expected 0 <= low <= high <= {MAX_THINK_S}")


def _check_plan(duration_s: float | None, changes: int | None, timeout_s: float) -> None:
    """Either a duration (the benchmark) or a number of changes within a timeout (the tests)."""
    if (duration_s is None) == (changes is None):
        raise ValueError(f"duration {duration_s}, changes {changes}: give exactly one of them")
    if changes is None:
        if not 0 <= duration_s <= MAX_DURATION_S:
            raise ValueError(f"duration {duration_s} s: expected 0 to {MAX_DURATION_S:.0f} s")
        return
    if isinstance(changes, bool) or not isinstance(changes, int) \
            or not 1 <= changes <= MAX_CHANGES:
        raise ValueError(f"{changes!r} changes: expected a whole number from 1 to {MAX_CHANGES}")
    if not 0 < timeout_s <= MAX_DURATION_S:
        raise ValueError(f"timeout {timeout_s} s: expected more than 0, at most "
                         f"{MAX_DURATION_S:.0f} s")


async def session_run(port: int, page_name: str, query_string: str, widget_label: str,
                      values: Sequence[Value], duration_s: float | None = None,
                      think_s: tuple[float, float] = (2.0, 5.0),
                      seed: int | None = None, *, changes: int | None = None,
                      timeout_s: float = CHANGES_TIMEOUT_S) -> SessionResult:
    """One visitor: load the page, then change the widget labelled `widget_label` to the next of
    `values` (round and round) after every think time, either until `duration_s` is over or
    until it has made `changes` changes.

    A duration measures the server (the benchmark): a run that takes over 30 s is an error, and
    how many changes fit in the time depends on how fast the machine is. A number of changes
    checks behaviour (the tests): exactly `changes` changes are made, one value after the other,
    each waiting for the server however slow the machine is, until `timeout_s` (counted from
    the start, page load included) is over; a session the timeout cut short is `timed_out`.

    `page_name` is the page's url_path ("" the default page), `query_string` the URL's query
    without "?". Values are options as the widget displays them (see the module docstring).
    A run that ends other than successfully or shows an exception is an error (and is not
    made again). Raises LookupError when the page has no such widget, ValueError for a value
    that is not among its options.
    """
    if not values:
        raise ValueError("no values to set")
    _check_plan(duration_s, changes, timeout_s)
    _check_think(think_s)
    rng = random.Random(seed)
    result = SessionResult()
    deadline = time.monotonic() + (duration_s if changes is None else timeout_s)

    def run_timeout() -> float:
        # Measuring, a slow run is an error; counting changes, it may take what time is left.
        return RUN_TIMEOUT_S if changes is None else max(deadline - time.monotonic(), 0.0)
    try:
        async with connect(f"ws://{HOST}:{port}/_stcore/stream", subprotocols=["streamlit"],
                           proxy=None, max_size=MAX_MESSAGE_BYTES, open_timeout=RUN_TIMEOUT_S,
                           ping_interval=None) as ws:
            client = _Client(ws, page_name, query_string)
            sent = time.perf_counter()
            try:
                page = await client.rerun(timeout_s=run_timeout())
            except TimeoutError:
                result.errors += 1
                result.timed_out = changes is not None
                return result
            result.load_ms = (time.perf_counter() - sent) * 1000
            if not page.ok:
                result.errors += 1
                return result
            widget = page.widgets.get(widget_label)
            if widget is None:
                raise LookupError(f"no selectbox or multiselect labelled {widget_label!r} on "
                                  f"page {page_name!r}; found {sorted(page.widgets)}")
            choices = [_as_choice(widget, value) for value in values]
            for turn in itertools.count():
                if turn == changes:
                    break
                pause = rng.uniform(*think_s)
                if time.monotonic() + pause >= deadline:
                    result.timed_out = changes is not None
                    break
                await asyncio.sleep(pause)
                state = _widget_state(widget, choices[turn % len(choices)])
                sent = time.perf_counter()
                try:
                    run = await client.rerun([state], timeout_s=run_timeout())
                except TimeoutError:
                    result.errors += 1
                    continue
                if not run.ok:
                    result.errors += 1
                    continue
                result.latencies_ms.append((time.perf_counter() - sent) * 1000)
                result.charts.append(run.charts)
                result.query_strings.append(client.query_string)
                widget = run.widgets.get(widget_label, widget)  # its id may have changed
    except (ConnectionClosed, InvalidHandshake, OSError):
        result.errors += 1  # the server dropped or refused the session
    return result


def run_load(port: int, sessions: int, duration_s: float | None, page_name: str,
             query_string: str, widget_label: str, values: Sequence[Value],
             think_s: tuple[float, float] = (2.0, 5.0), *, changes: int | None = None,
             timeout_s: float = CHANGES_TIMEOUT_S) -> dict:
    """`sessions` visitors at once, started evenly over the first think time, either for
    `duration_s` (the benchmark) or until each has made `changes` changes (duration_s None),
    all within `timeout_s` (see session_run).

    Returns sessions, changes (successful ones), p50_ms and p95_ms over all of them (None when
    there are none), errors, and also page_load_p50_ms, charts_per_change (the distinct
    numbers of plotly charts a change drew) and timed_out (sessions the timeout cut short).
    """
    if not 1 <= sessions <= MAX_SESSIONS:
        raise ValueError(f"{sessions} sessions: expected 1 to {MAX_SESSIONS}")
    _check_plan(duration_s, changes, timeout_s)
    _check_think(think_s)
    spread = min(think_s[1], duration_s if changes is None else timeout_s / 2)

    async def one(index: int) -> SessionResult:
        delay = spread * index / sessions
        await asyncio.sleep(delay)
        if changes is None:
            return await session_run(port, page_name, query_string, widget_label, values,
                                     duration_s - delay, think_s, seed=index)
        return await session_run(port, page_name, query_string, widget_label, values, None,
                                 think_s, seed=index, changes=changes,
                                 timeout_s=timeout_s - delay)

    async def all_sessions() -> list[SessionResult]:
        tasks = [asyncio.create_task(one(i)) for i in range(sessions)]
        try:
            return await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            with suppress(asyncio.CancelledError):
                await asyncio.gather(*tasks, return_exceptions=True)

    results = asyncio.run(all_sessions())
    latencies = sorted(x for r in results for x in r.latencies_ms)
    loads = [r.load_ms for r in results if r.load_ms is not None]
    return {
        "sessions": sessions,
        "changes": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "errors": sum(r.errors for r in results),
        "page_load_p50_ms": round(statistics.median(loads), 1) if loads else None,
        "charts_per_change": sorted({c for r in results for c in r.charts}),
        "timed_out": sum(r.timed_out for r in results),
    }
