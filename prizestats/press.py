"""Figures that can be quoted: the `figures` object of data-contract.md, computed from the database."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

import pandas as pd

from prizestats import reference
from prizestats.scope import EVERYTHING, Scope
from prizestats.times import KST

# Runs a named query with its params: db.run over a connection in the CLI, the cached
# data layer in the app, so both compute figures the same way.
QueryRunner = Callable[[str, dict], pd.DataFrame]


def latest_edition_with_entries(run: QueryRunner) -> int | None:
    editions = run("editions", {})
    with_entries = editions[editions["entries"] > 0]
    return int(with_entries["edition"].max()) if len(with_entries) else None


def _as_dict(frame, key: str, value: str, keys: tuple[str, ...]) -> dict[str, int]:
    counted = dict(zip(frame[key], frame[value], strict=True))
    return {k: int(counted.get(k, 0)) for k in keys}


def figures(run: QueryRunner, edition: int, as_of: datetime, public: bool = False,
            scope: Scope = EVERYTHING) -> dict:
    """Every key of the contract's object present, 0 where none."""
    params = {"edition": edition, "as_of": as_of, "public": public, **scope.params()}
    summary = run("edition_summary", params)
    row = summary[summary["edition"] == edition]
    editions = run("editions", {})
    year_row = editions[editions["edition"] == edition]
    year = int(year_row["year"].iloc[0]) if len(year_row) else 2022 + edition
    totals = {k: int(row[k].iloc[0]) if len(row) else 0
              for k in ("entries", "countries", "cities", "eligible", "finalists", "winners")}
    regions = run("entries_by_region", params)
    by_region6 = regions.groupby("region6", as_index=False)[["entries", "eligible"]].sum()
    categories = run("entries_by_category", params)
    applicant_types = run("entries_by_applicant_type", params)
    if not scope.countries or "KOR" in scope.countries:
        korea = run("entries_by_applicant_type", {**params, "countries": ["KOR"]})
    else:  # the filter leaves Korea out
        korea = applicant_types.assign(entries=0, eligible=0)
    stages = run("entries_by_stage", params)
    award_groups = run("winners_by_award_group", params)
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


# Published metric -> how to read the same figure from a figures object.
def computed_value(result: dict, metric: str, dimension: str) -> float | None:
    if metric in ("entries", "eligible", "countries", "cities", "finalists", "winners"):
        return result[metric]
    if metric == "entries_by_region":
        return result["by_region6"].get(dimension)
    if metric == "eligible_share_by_region":
        if not result["eligible"]:
            return 0
        share = 100 * result["eligible_by_region6"].get(dimension, 0) / result["eligible"]
        return math.floor(share + 0.5)  # published as whole percents, rounded half up
    if metric == "eligible_korea_by_applicant_type":
        return result["eligible_korea_by_applicant_type"].get(dimension)
    if metric == "awards_by_category":
        return result["winners_by_award_group"].get(dimension)
    return None


def reconcile(result: dict, published: pd.DataFrame) -> pd.DataFrame:
    """Each published figure beside the computed one, and whether they match."""
    rows = []
    for item in published.itertuples(index=False):
        computed = computed_value(result, item.metric, item.dimension)
        rows.append({
            "metric": item.metric, "dimension": item.dimension, "unit": item.unit,
            "published": item.value, "computed": computed,
            "matches": computed is not None and float(computed) == float(item.value),
            "published_on": item.published_on, "source_url": item.source_url,
        })
    columns = ["metric", "dimension", "unit", "published", "computed", "matches",
               "published_on", "source_url"]
    return pd.DataFrame(rows, columns=columns)
