"""The readers' loads (mixed reading, arrivals) against real Streamlit servers.

What is checked is what the server did with each visit, not how fast: the loads are the
benchmark's, and a busy machine only makes every visit slower (each waits up to 30 s)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from conftest import ROOT

from prizestats.bench import readers
from prizestats.ops import serve

pytestmark = pytest.mark.browser  # starts real Streamlit servers

BARE_PAGE = ROOT / "prizestats" / "bench" / "bare_page.py"


@pytest.fixture(scope="module")
def press_server(tmp_path_factory):
    from prizestats.core import reference
    from prizestats.store import build

    path = tmp_path_factory.mktemp("readers") / "sample.duckdb"
    build.build(reference.SAMPLE_DIR, path)
    env = {"PRIZESTATS_DB": str(path), "PRIZESTATS_ROLE": "press"}
    with serve.serve(ROOT / "dashboard.py", serve.free_port(), env) as server:
        yield server


def test_the_warm_up_opens_every_public_page_at_every_edition(press_server):
    result = readers.warm_up(press_server.port, readers.APP)
    assert result.errors == 0
    assert len(result.first_ms) == 1
    assert len(result.moves_ms) == 31  # 8 pages x 4 editions, the first apart
    pages = [page for page, _ in result.landed]
    # Each page is its own script: 8 of them, each reached four times in a row.
    assert len(set(pages)) == 8
    assert [pages[i] == pages[i + 1] for i in range(0, 32, 4)] == [True] * 8
    # The edition of the address reached every page (the app writes it back into the URL).
    assert [parse_qs(query)["edition"] for _, query in result.landed[:4]] == [
        ["1"], ["2"], ["3"], ["4"]]


def test_a_page_that_does_not_exist_is_an_error(press_server):
    result = readers.warm_up(press_server.port, readers.Target(("no-such-page",), (3,)))
    assert result.errors == 1
    assert result.landed == []


def test_mixed_reading_reports_first_pages_apart(press_server):
    result = readers.mixed_reading(press_server.port, readers.APP, sessions=3, duration_s=15,
                                   think_s=(0.1, 0.3), ramp_s=1)
    assert result["sessions"] == 3
    assert result["errors"] == 0
    assert result["first_p50_ms"] > 0  # three first pages, timed apart from the moves
    # How many moves fit in 15 s depends on the machine (the warm-up test counts moves); those
    # made are timed.
    if result["moves"]:
        assert result["p95_ms"] >= result["p50_ms"] > 0
    else:
        assert result["p50_ms"] is None


def test_arrivals_open_the_page_once_each(press_server):
    result = readers.arrivals(press_server.port, readers.APP, per_second=2, duration_s=2,
                              stay_s=0.5)
    assert result == {"per_second": 2, "visitors": 4, "rendered": 4, "errors": 0,
                      "p50_ms": result["p50_ms"], "p95_ms": result["p95_ms"]}
    assert result["p95_ms"] >= result["p50_ms"] > 0


def test_arrivals_at_the_bare_page():
    with serve.serve(BARE_PAGE, serve.free_port(), {"PRIZESTATS_BENCH_CHARTS": "2"}) as server:
        result = readers.arrivals(server.port, readers.BARE, per_second=3, duration_s=1,
                                  stay_s=0.2)
    assert (result["visitors"], result["rendered"], result["errors"]) == (3, 3, 0)


def test_arrivals_that_cannot_connect_are_errors():
    result = readers.arrivals(serve.free_port(), readers.BARE, per_second=2, duration_s=1,
                              stay_s=0)
    assert (result["visitors"], result["rendered"], result["errors"]) == (2, 0, 2)
    assert result["p50_ms"] is None


@pytest.mark.parametrize(("call", "message"), [
    (lambda: readers.mixed_reading(1, readers.BARE, 0, 10), "sessions"),
    (lambda: readers.mixed_reading(1, readers.BARE, 301, 10), "sessions"),
    (lambda: readers.mixed_reading(1, readers.BARE, 2, 601), "duration"),
    (lambda: readers.mixed_reading(1, readers.BARE, 2, 10, (3.0, 2.0)), "think"),
    (lambda: readers.mixed_reading(1, readers.BARE, 2, 10, ramp_s=11), "ramp"),
    (lambda: readers.arrivals(1, readers.BARE, 0, 10), "visitors per second"),
    (lambda: readers.arrivals(1, readers.BARE, 51, 10), "visitors per second"),
    (lambda: readers.arrivals(1, readers.BARE, 2, 0.5), "duration"),
])
def test_bounds_are_checked_before_anything_runs(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_replicas_measure_both_loads_through_nginx(tmp_path):
    """python -m prizestats.bench.replicas, reduced: one and two servers behind nginx (as
    `prizestats serve --replicas N` starts them), each load once."""
    from prizestats.bench import replicas
    from prizestats.core import reference
    from prizestats.store import build

    database = tmp_path / "sample.duckdb"
    build.build(reference.SAMPLE_DIR, database)
    rows = replicas.measure(database, replicas=(1, 2), sessions=(2,), rates=(1,), seconds=6,
                            arrival_seconds=2)
    assert [(r["replicas"], r["load"], r["level"], r["errors"]) for r in rows] == [
        (1, "mixed reading", 2, 0), (1, "arrivals", 1, 0),
        (2, "mixed reading", 2, 0), (2, "arrivals", 1, 0)]
    assert [r["rendered"] for r in rows if r["load"] == "arrivals"] == [2, 2]
    # two servers hold about twice the memory of one
    one, two = rows[0]["rss_mb"], rows[2]["rss_mb"]
    assert 1.5 * one < two < 2.5 * one


def test_arrivals_at_the_embed_page(press_server):
    # every visitor lands on the embed page with the chart's address, and its run succeeds
    result = readers.warm_up(press_server.port, readers.EMBED)
    assert (result.errors, len(result.first_ms)) == (0, 1)
    assert parse_qs(result.landed[0][1]) == {"chart": ["entries_by_region"], "edition": ["3"],
                                             "lang": ["en"], "theme": ["auto"]}
    arriving = readers.arrivals(press_server.port, readers.EMBED, per_second=2, duration_s=2,
                                stay_s=0.5)
    assert (arriving["visitors"], arriving["rendered"], arriving["errors"]) == (4, 4, 0)
