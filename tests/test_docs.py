"""The README mentions every page, query and CLI command, and starts with the two commands."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from prizestats.__main__ import make_parser
from prizestats.core import settings
from prizestats.store import db

README = (ROOT / "README.md").read_text(encoding="utf-8")


def cli_commands() -> list[str]:
    parser = make_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(subparsers.choices)


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1].strip().splitlines()
    assert [line.split("#")[0].strip() for line in first_block] == ["make run", "make test"]


@pytest.mark.parametrize("page", sorted(p.stem for p in (ROOT / "pages").glob("*.py")))
def test_readme_mentions_every_page(page):
    assert f"`/{page}`" in README


@pytest.mark.parametrize("query", db.query_names())
def test_readme_mentions_every_query(query):
    assert f"`{query}.sql`" in README


@pytest.mark.parametrize("command", cli_commands())
def test_readme_mentions_every_cli_command(command):
    assert f"python -m prizestats {command}" in README


@pytest.mark.parametrize("setting", [s.name for s in settings.SETTINGS])
def test_readme_configuration_lists_every_setting(setting):
    configuration = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    assert f"| `{setting}` |" in configuration


def test_the_environment_is_read_only_in_settings():
    """A child process may be given the environment whole ({**os.environ, ...}); reading one
    variable happens in prizestats/core/settings.py alone. The benchmarks (not the product) set
    the product's settings for a run and give their bare page its own knob."""
    reads = re.compile(r"os\.environ\.get|os\.environ\[|os\.getenv|environ\.setdefault")
    readers = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "prizestats").rglob("*.py")
                     if "bench" not in path.parts and reads.search(path.read_text(encoding="utf-8")))
    assert readers == ["prizestats/core/settings.py"]


@pytest.mark.parametrize("query", db.query_names())
def test_every_query_has_its_header(query):
    lines = db.sql_text(query).split("\n")
    header = lines[:next(i for i, line in enumerate(lines) if not line.startswith("--"))]
    for field in ("purpose:", "grain:", "params:", "used by:"):
        assert any(line.startswith(f"-- {field}") for line in header), (query, field)


# A Korean particle depends on how the word before it ends (미주가, 서울이; 71 is read 칠십일: 이),
# so no template puts one right after a value it cannot see: written both ways ("이(가)") reads
# as unedited, and written one way is wrong for half the values. Sentences are written so that
# no particle follows a value (issue 16).
PARTICLE_AFTER_VALUE = re.compile(r"\}(이|가|을|를|은|는|와|과|로|으로)|\((가|를|과|으|은|이|와)\)")


def korean_templates() -> list[tuple[str, str]]:
    """Every message of the Korean catalog."""
    from prizestats.words import catalog

    return [(key, catalog.lookup(key, "ko")) for key in catalog.message_keys()]


def test_no_korean_template_puts_a_particle_after_a_value():
    assert [(name, text) for name, text in korean_templates()
            if PARTICLE_AFTER_VALUE.search(text)] == []


def test_the_cli_and_every_output_load_without_streamlit():
    """The layers' contract (lint-imports) reads the imports; this runs them. A module of the
    CLI, an output or figures that pulled in Streamlit would load it here."""
    modules = ["prizestats.cli.main", "prizestats.outputs.report", "prizestats.outputs.presskit",
               "prizestats.outputs.digest", "prizestats.outputs.mail",
               "prizestats.figures.charts", "prizestats.figures.press"]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True, timeout=300).stdout.strip()
    assert loaded == "[]"
