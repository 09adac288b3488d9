"""The README mentions every page, query and CLI command, and starts with the two commands."""

from __future__ import annotations

import argparse

import pytest
from conftest import ROOT

from prizestats import db
from prizestats.__main__ import make_parser

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


@pytest.mark.parametrize("query", db.query_names())
def test_every_query_has_its_header(query):
    lines = db.sql_text(query).split("\n")
    header = lines[:next(i for i, line in enumerate(lines) if not line.startswith("--"))]
    for field in ("purpose:", "grain:", "params:", "used by:"):
        assert any(line.startswith(f"-- {field}") for line in header), (query, field)
