"""The edition report's PDF (issue 30): time to make it, its size, pages and fonts, against the
same report in the fonts it had before (Noto Sans CJK, which chromium embeds as Type3), printed
in the same run, the two in turns."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from prizestats.core import access
from prizestats.outputs import report
from prizestats.store import db

EDITION = 3
# today's font before issue 30: the baseline's report is the same HTML with it in place of
# NanumBarunGothic, in the text and in the charts
NOW_FONT, BEFORE_FONT = "NanumBarunGothic", "Noto Sans CJK KR"


def fonts(pdf: bytes) -> dict[str, int]:
    """How many fonts of each subtype the pages use (Type0 by their descendant's)."""
    import pypdf

    counts: dict[str, int] = {}
    seen: set[int] = set()

    def walk(resources) -> None:
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            subtype = str(font["/Subtype"])
            if subtype == "/Type0":
                subtype = str(font["/DescendantFonts"][0].get_object()["/Subtype"])
            counts[subtype.lstrip("/")] = counts.get(subtype.lstrip("/"), 0) + 1
        for form in (resources.get("/XObject") or {}).values():
            form = form.get_object()
            if form.get("/Subtype") == "/Form":
                walk(form.get("/Resources"))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return counts


def _pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def report_section(sample: Path, langs: tuple[str, ...], prints: int,
                   say: Callable[[str], None]) -> list[dict]:
    """Per language: the report's HTML made (queries, charts as SVG), then printed `prints` times
    in turns with the baseline's; medians of the prints. Making a report (report.make) is the
    HTML and one print."""
    con = db.connect(sample)
    rows = []
    try:
        def run(name: str, params: dict) -> object:
            return db.run(con, name, params)

        now = access.now()
        for lang in langs:
            started = time.perf_counter()
            document = report.Document(run, report._edition(run, EDITION), lang, "press", now,
                                       True)
            html, footer = document.html(), document.footer()
            html_s = time.perf_counter() - started
            made = {"report": (html, footer),
                    "baseline": (html.replace(NOW_FONT, BEFORE_FONT),
                                 footer.replace(NOW_FONT, BEFORE_FONT))}
            seconds: dict[str, list[float]] = {"report": [], "baseline": []}
            pdfs: dict[str, bytes] = {}
            for _ in range(prints):
                for name, (page, foot) in made.items():
                    started = time.perf_counter()
                    pdfs[name] = report.print_pdf(page, foot)
                    seconds[name].append(time.perf_counter() - started)
            row = {"lang": lang,
                   "make_s": round(html_s + statistics.median(seconds["report"]), 2)}
            for name in made:
                row |= {f"{name}_print_s": round(statistics.median(seconds[name]), 2),
                        f"{name}_bytes": len(pdfs[name]), f"{name}_pages": _pages(pdfs[name]),
                        f"{name}_fonts": fonts(pdfs[name])}
            row["size_ratio"] = round(row["report_bytes"] / row["baseline_bytes"], 2)
            row["print_ratio"] = round(row["report_print_s"] / row["baseline_print_s"], 2)
            say(f"  report {lang}: {row['report_bytes']:,} B vs {row['baseline_bytes']:,} B")
            rows.append(row)
    finally:
        con.close()
    return rows


def lines(rows: list[dict]) -> list[str]:
    out = ["edition report, edition 3, press (PDF; baseline: the same HTML in Noto Sans CJK)",
           f"  {'lang':<4} {'make s':>7} {'print s':>8} {'base s':>7} {'ratio':>6} "
           f"{'bytes':>9} {'base B':>9} {'ratio':>6} {'pages':>5} {'fonts':<24} base fonts"]
    for r in rows:
        out.append(f"  {r['lang']:<4} {r['make_s']:>7} {r['report_print_s']:>8} "
                   f"{r['baseline_print_s']:>7} {r['print_ratio']:>6} {r['report_bytes']:>9,} "
                   f"{r['baseline_bytes']:>9,} {r['size_ratio']:>6} {r['report_pages']:>5} "
                   f"{_fonts(r['report_fonts']):<24} {_fonts(r['baseline_fonts'])}")
    return out


def _fonts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
