"""Files people take away: chart images (kaleido + Debian chromium), CSV and XLSX tables.

No Streamlit here: the app's download buttons and the static press kit use the same functions.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from prizestats.core.reference import ROOT
from prizestats.core.safe_write import atomic_write

STATIC_DIR = ROOT / "static"
IMAGE_SIZE = {"width": 1000, "height": 620}
# A text cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Offline: no MathJax from a CDN, the world outlines from static/.
KALEIDO_OPTIONS = {"mathjax": False}


class ExportError(RuntimeError):
    pass


def _topojson() -> str:
    return f"file://{STATIC_DIR}/"


def browser_available() -> bool:
    return shutil.which("chromium") is not None or shutil.which("google-chrome") is not None


def for_print(figure: go.Figure) -> go.Figure:
    """On screen a chart follows Streamlit's light or dark theme; a file is always light."""
    return go.Figure(figure).update_layout(template="plotly_white")


def image(figure: go.Figure, fmt: str) -> bytes:
    """PNG or SVG of a figure as it is: title, source line and as-of are part of the figure."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"image format {fmt!r}: png or svg")
    if not browser_available():
        raise ExportError("chart images need chromium (Debian: apt-get install chromium)")
    import kaleido  # here, not at the top: pages start faster without it (BENCHMARKS.md)

    opts = {"format": fmt, **IMAGE_SIZE, **({"scale": 2} if fmt == "png" else {})}
    return kaleido.calc_fig_sync(for_print(figure), opts=opts, topojson=_topojson(),
                                 kopts=KALEIDO_OPTIONS)


def write_images(jobs: list[tuple[go.Figure, Path]]) -> None:
    """Many images in one browser session (the press kit): each path's suffix is its format."""
    if not browser_available():
        raise ExportError("chart images need chromium (Debian: apt-get install chromium)")
    import kaleido

    # kaleido opens the paths it is given by name: it draws into a private folder, and each
    # image is then written in place by safe_write.
    with tempfile.TemporaryDirectory(prefix="prizestats-images-") as folder:
        drawn = [Path(folder) / f"{i}{path.suffix}" for i, (_, path) in enumerate(jobs)]
        specs = [{"fig": for_print(figure), "path": str(image),
                  "opts": {"format": path.suffix.lstrip("."), **IMAGE_SIZE,
                           **({"scale": 2} if path.suffix == ".png" else {})},
                  "topojson": _topojson()}
                 for (figure, path), image in zip(jobs, drawn, strict=True)]
        kaleido.write_fig_from_object_sync(specs, kopts=KALEIDO_OPTIONS)
        for (_, path), image in zip(jobs, drawn, strict=True):
            atomic_write(path, image.read_bytes())


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay.
    Spaces before the formula count too: a program that trims cells on import would run it."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS)
                                   or value.lstrip().startswith(FORMULA_STARTS)):
        return f"'{value}"
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so that Excel opens Korean text correctly."""
    return _safe(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, title: str, source_line: str) -> bytes:
    """One sheet: the title, the table, then the source line; numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True)
    safe = _safe(frame)
    sheet.append(list(safe.columns))
    for row in safe.itertuples(index=False):
        sheet.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)
                      for v in row])
    sheet.append([])
    sheet.append([neutralise(source_line)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
