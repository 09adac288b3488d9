"""Files people take away: chart images (kaleido + Debian chromium), CSV and XLSX tables.

No Streamlit here: the app's download buttons and the static press kit use the same functions.
"""

from __future__ import annotations

import html
import io
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from prizestats.core.reference import ROOT
from prizestats.core.safe_write import atomic_write
from prizestats.figures import chart_style

STATIC_DIR = ROOT / "static"
IMAGE_SIZE = {"width": 1000, "height": 620}  # CSS pixels; a PNG is drawn at twice that
# The files' font: NanumBarunGothic (Debian fonts-nanum) is TrueType, which chromium's PDF embeds
# as a real font. Noto Sans CJK, the screen's, is CFF: chromium (Skia) turns a CFF font into Type3
# glyph procedures (skia issue 40031251), which prepress and PDF/A checks reject. Not NanumGothic:
# its space is also U+0001's glyph, and its text copies with U+0001 between the words.
PAPER_FONT = "NanumBarunGothic, DejaVu Sans, sans-serif"
# The average advance of one display_width unit (half a Hangul syllable, about one Latin
# letter), as a share of the font size: a little more than NanumBarunGothic's, so no line overruns.
UNIT_WIDTH = 0.56
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


def letters(room: float, font_size: float) -> int:
    """How many display_width units of text at `font_size` px fit in `room` px."""
    return int(room / (font_size * UNIT_WIDTH))


def _unwrapped(text: str) -> str:
    """A title or source line as one line again (wrap breaks only at spaces, with <br>)."""
    return text.replace("<br>", " ")


def wrap_phrases(text: str, width: int) -> str:
    """A source line wrapped to `width` letters between its parts (" · "), a part too long for
    one line at its spaces (chart_style.wrap: never inside a word or a name); the line breaks
    as <br>."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and chart_style.display_width(lines[-1] + " · " + part) <= width:
            lines[-1] += " · " + part
        else:
            if lines:
                lines[-1] += " ·"
            lines += chart_style.wrap(part, width).split("<br>")
    return "<br>".join(lines)


def for_image(figure: go.Figure, width: int = IMAGE_SIZE["width"], smallest: float = 0
              ) -> go.Figure:
    """A figure as a file draws it, `width` px wide: light, in the files' font, its title and
    source line wrapped to that width (at spaces, so a Korean word, an eojeol, stays whole; on screen
    they are wrapped for a chart a third of a page wide) and no text smaller than `smallest` px."""
    drawn = for_print(figure)
    layout = drawn.layout
    font_size = layout.font.size or 13
    drawn.update_layout(font_family=PAPER_FONT, font_size=max(font_size, smallest))
    title = layout.title.text
    if title:
        title_size = max(layout.title.font.size or font_size, smallest)
        # the title starts at the image's left edge (container), past a 12 px pad
        wrapped = chart_style.wrap(_unwrapped(title), letters(width - 40, title_size))
        fewer = title.count("<br>") - wrapped.count("<br>")
        drawn.update_layout(title_text=wrapped, title_font_size=title_size)
        if layout.margin.t is not None:
            drawn.update_layout(margin_t=layout.margin.t - chart_style.TITLE_LINE * fewer)
    notes = list(layout.annotations)
    for i, note in enumerate(notes):
        size = max(note.font.size or font_size, smallest)
        if (note.name or "").startswith(chart_style.SOURCE_LINE):
            # the source line starts at the plot's left edge, past the axis labels: a chart
            # of long names gives them up to a third of its width
            room = letters(width * 2 / 3 - 20, size)
            bottom, notes[i] = chart_style.source_line_parts(
                html.unescape(_unwrapped(note.text)), room, size, wrap_phrases)
            drawn.update_layout(margin_b=bottom)
        elif note.font.size and note.font.size < size:
            notes[i] = go.layout.Annotation(note).update(font_size=size)
    drawn.update_layout(annotations=notes)
    if smallest:
        _no_smaller(drawn, smallest)
    return drawn


def _no_smaller(figure: go.Figure, smallest: float) -> None:
    """Every text the figure sets in its own size, at least `smallest` px: labels in bars and
    funnels (uniformtext), legends, axes' ticks and titles, colour bars."""
    layout = figure.layout
    if layout.uniformtext.minsize is not None:
        layout.uniformtext.minsize = max(layout.uniformtext.minsize, smallest)
    for font in (layout.legend.font, layout.legend.title.font):
        if font.size is not None and font.size < smallest:
            font.size = smallest
    for axis in [*figure.select_xaxes(), *figure.select_yaxes()]:
        for font in (axis.tickfont, axis.title.font):
            if font.size is not None and font.size < smallest:
                font.size = smallest
    for trace in figure.data:
        for name in ("textfont", "insidetextfont", "outsidetextfont"):
            font = getattr(trace, name, None)
            if font is not None and isinstance(font.size, int | float) and font.size < smallest:
                font.size = smallest
        bar = getattr(trace, "colorbar", None) or getattr(
            getattr(trace, "marker", None), "colorbar", None)
        if bar is not None and bar.tickfont.size is not None and bar.tickfont.size < smallest:
            bar.tickfont.size = smallest


def image(figure: go.Figure, fmt: str) -> bytes:
    """PNG or SVG of a figure as it is: title, source line and as-of are part of the figure."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"image format {fmt!r}: png or svg")
    if not browser_available():
        raise ExportError("chart images need chromium (Debian: apt-get install chromium)")
    import kaleido  # here, not at the top: pages start faster without it (BENCHMARKS.md)

    opts = {"format": fmt, **IMAGE_SIZE, **({"scale": 2} if fmt == "png" else {})}
    return kaleido.calc_fig_sync(for_image(figure), opts=opts, topojson=_topojson(),
                                 kopts=KALEIDO_OPTIONS)


def write_images(jobs: list[tuple[go.Figure, Path]], size: dict | None = None,
                 smallest: float = 0) -> None:
    """Many images in one browser session (the press kit): each path's suffix is its format.
    `size`: width and height in px (IMAGE_SIZE); `smallest`: the least font size (for_image)."""
    size = size or IMAGE_SIZE
    if not browser_available():
        raise ExportError("chart images need chromium (Debian: apt-get install chromium)")
    import kaleido

    # kaleido opens the paths it is given by name: it draws into a private folder, and each
    # image is then written in place by safe_write.
    with tempfile.TemporaryDirectory(prefix="prizestats-images-") as folder:
        drawn = [Path(folder) / f"{i}{path.suffix}" for i, (_, path) in enumerate(jobs)]
        specs = [{"fig": for_image(figure, size["width"], smallest), "path": str(image),
                  "opts": {"format": path.suffix.lstrip("."), **size,
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
