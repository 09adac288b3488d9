"""The bench command. The benchmarks drive Streamlit and a browser: they are loaded only when
the command runs (the rest of the CLI never imports them)."""

from __future__ import annotations

import argparse
import json

from prizestats.cli.common import fail


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """bench."""
    p = commands.add_parser(
        "bench", help="measure queries, pages, cold start, latency, load and the press kit",
        description="Every measurement against a baseline taken in the same run (see "
                    "BENCHMARKS.md): DuckDB vs pandas at sample size and 1,000,000 rows, page "
                    "render vs a bare page, cold start and browser latency (Debian chromium), "
                    "protocol-level load at 5-100 sessions, press kit time. About 25 minutes; "
                    "--quick checks that it all works in under a minute. Needs the test "
                    "dependencies (make bench). Progress goes to stderr, the report to stdout.")
    p.add_argument("--quick", action="store_true", help="a reduced run, under a minute")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people (default), json for programs")
    p.set_defaults(handler=cmd_bench)


def cmd_bench(args: argparse.Namespace) -> int:
    try:
        from prizestats.bench import run as bench
    except ImportError as error:  # playwright is a test dependency
        return fail(f"bench needs the test dependencies ({error.name} is missing): run `make bench`")
    try:
        result = bench.run(quick=args.quick)
    except (RuntimeError, TimeoutError) as error:
        return fail(str(error))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.format == "json"
          else bench.text(result))
    return 0
