"""A synthetic database of any size with the sample's distributions, for the benchmarks.

The sample generator places every entry by hand to reproduce the published figures, so it cannot
simply be asked for a million rows. Instead its entries are drawn with replacement: every column
keeps the sample's joint distribution (country with region and city, category with applicant
type, stage with its dates), arrivals are moved by up to three hours either way so that days
and deadlines keep their shape, and each drawn entry gets a new id.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from prizestats.core import reference
from prizestats.store import build, db

SEED = 20251126
JITTER_SECONDS = 3 * 3600


def submissions(rows: int, seed: int = SEED) -> pd.DataFrame:
    sample = build.read_submissions(reference.SAMPLE_DIR / "submissions.csv", None)
    rng = np.random.default_rng(seed)
    drawn = sample.iloc[rng.integers(0, len(sample), rows)].reset_index(drop=True)
    jitter = pd.to_timedelta(rng.integers(-JITTER_SECONDS, JITTER_SECONDS + 1, rows), unit="s")
    drawn["submitted_at"] = drawn["submitted_at"] + jitter
    number = pd.Series(np.arange(1, rows + 1)).astype(str).str.zfill(7)
    drawn["submission_id"] = "SYN" + drawn["edition"].astype(str) + "-" + number
    return drawn


def write(path: Path, rows: int, seed: int = SEED) -> Path:
    """A complete prizestats database at `path` with `rows` synthetic entries."""
    frame = submissions(rows, seed)
    editions = build.read_editions(reference.SAMPLE_DIR / "editions.csv")
    tables = {"editions": editions, "submissions": frame, "cities": build.city_table(frame),
              **build.reference_tables()}
    db.write_database(path, tables, {"dataset": "synthetic", "rows": str(rows), "seed": str(seed)})
    return path
