"""Every file in queries/ against its idiomatic pandas equivalent, on the same data.

DuckDB runs the query file the way the app does (`db.run`: a pooled prepared cursor, the result
as a DataFrame). pandas starts from the raw tables already in memory, as an analyst's notebook
would, so the baseline pays no I/O at all.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prizestats.bench import pandas_queries
from prizestats.bench.timing import ms, percentile, timed
from prizestats.core.times import KST
from prizestats.store import db

# The organisers' view of the 3rd edition (2025) once everything is known: every stage, every
# award, so no query is cut short by the embargo.
PARAMS = {"edition": 3, "editions": None, "as_of": datetime(2026, 1, 1, tzinfo=KST),
          "public": False, "regions": None, "countries": None, "categories": None,
          "applicant_types": None, "stages": None,
          # the Entries page as it opens: no search, its first page (views.ENTRIES_PAGE)
          "search": None, "limit": 100, "offset": 0}


def queries(db_path: Path, repeat: int, progress=print) -> list[dict]:
    con = db.connect(db_path)
    try:
        tables = db.tables(con)
        rows = len(tables["submissions"])
        results = []
        for name in db.query_names():
            db.run(con, name, PARAMS)  # warm: the first run plans the query and fills caches
            duck = timed(lambda name=name: db.run(con, name, PARAMS), repeat)
            # as db.run gives it: through disclosure.disclose when PARAMS are a public view's
            panda = timed(lambda name=name: pandas_queries.run(tables, name, PARAMS), repeat)
            p50, pandas_p50 = percentile(duck, 0.5), percentile(panda, 0.5)
            results.append({"name": name, "rows": rows, "p50_ms": ms(p50),
                            "p95_ms": ms(percentile(duck, 0.95)), "pandas_p50_ms": ms(pandas_p50),
                            "speedup": round(pandas_p50 / p50, 2)})
            progress(f"  {name} at {rows:,} rows: {ms(p50)} ms, pandas {ms(pandas_p50)} ms")
        return results
    finally:
        con.close()
