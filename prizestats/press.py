"""Figures that can be quoted: the `figures` object of data-contract.md, computed from the database."""

from __future__ import annotations

from datetime import datetime

import duckdb

from prizestats import db, reference
from prizestats.build import KST


def latest_edition_with_entries(con: duckdb.DuckDBPyConnection) -> int | None:
    editions = db.run(con, "editions")
    with_entries = editions[editions["entries"] > 0]
    return int(with_entries["edition"].max()) if len(with_entries) else None


def _as_dict(frame, key: str, value: str, keys: tuple[str, ...]) -> dict[str, int]:
    counted = dict(zip(frame[key], frame[value], strict=True))
    return {k: int(counted.get(k, 0)) for k in keys}


def figures(con: duckdb.DuckDBPyConnection, edition: int, as_of: datetime,
            public: bool = False) -> dict:
    """Every key of the contract's object present, 0 where none."""
    params = {"edition": edition, "as_of": as_of, "public": public}
    summary = db.run(con, "edition_summary", params)
    row = summary[summary["edition"] == edition]
    editions = db.run(con, "editions")
    year_row = editions[editions["edition"] == edition]
    year = int(year_row["year"].iloc[0]) if len(year_row) else 2022 + edition
    totals = {k: int(row[k].iloc[0]) if len(row) else 0
              for k in ("entries", "countries", "cities", "eligible", "finalists", "winners")}
    regions = db.run(con, "entries_by_region", params)
    by_region6 = regions.groupby("region6", as_index=False)[["entries", "eligible"]].sum()
    categories = db.run(con, "entries_by_category", params)
    applicant_types = db.run(con, "entries_by_applicant_type", {**params, "country": None})
    korea = db.run(con, "entries_by_applicant_type", {**params, "country": "KOR"})
    stages = db.run(con, "entries_by_stage", params)
    award_groups = db.run(con, "winners_by_award_group", params)
    return {
        "edition": edition,
        "year": year,
        "as_of": as_of.astimezone(KST).isoformat(timespec="seconds"),
        **totals,
        "by_region": _as_dict(regions, "region", "entries", reference.REGIONS),
        "by_region6": _as_dict(by_region6, "region6", "entries", reference.REGIONS6),
        "by_category": _as_dict(categories, "category", "entries", reference.CATEGORIES),
        "by_applicant_type": _as_dict(applicant_types, "applicant_type", "entries",
                                      reference.APPLICANT_TYPES),
        "by_stage": _as_dict(stages, "stage", "entries", reference.STAGES),
        "eligible_by_region6": _as_dict(by_region6, "region6", "eligible", reference.REGIONS6),
        "eligible_korea_by_applicant_type": _as_dict(korea, "applicant_type", "eligible",
                                                     reference.APPLICANT_TYPES),
        "winners_by_award_group": _as_dict(award_groups, "award_group", "winners",
                                           reference.AWARD_GROUPS),
    }


def figures_rows(result: dict) -> list[tuple[str, str, object]]:
    """The same object as long rows (metric, dimension, value) for --format csv."""
    rows: list[tuple[str, str, object]] = []
    for metric, value in result.items():
        if isinstance(value, dict):
            rows += [(metric, dimension, count) for dimension, count in value.items()]
        else:
            rows.append((metric, "", value))
    return rows


def figures_text(result: dict) -> str:
    lines = [f"Seoul Smart City Prize, edition {result['edition']} ({result['year']}), "
             f"as of {result['as_of']}"]
    for metric in ("entries", "countries", "cities", "eligible", "finalists", "winners"):
        lines.append(f"  {metric:<10} {result[metric]:>6}")
    for metric, value in result.items():
        if isinstance(value, dict):
            lines.append(f"  {metric}:")
            lines += [f"    {dimension:<18} {count:>6}" for dimension, count in value.items()]
    return "\n".join(lines)
