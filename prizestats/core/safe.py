"""Text from outside (a URL parameter, an imported file, a reference table an organiser edits) shown
as text, never as markup: one escaping helper per medium, used by every caller.

Streamlit markdown renders links, images, emphasis, `:color[...]` and `:material/...:` directives,
`$...$` LaTeX and raw HTML; plotly renders `<a>`, `<b>`, `<br>` and entities in every label, title
and hover text. The HTML of the report, the press kit and the digest is escaped by its templates
(prizestats.outputs.templates), with web_link deciding what may be a link.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlparse

# Every ASCII punctuation character may be escaped with a backslash in CommonMark, and escaping
# them all leaves nothing for markdown, Streamlit's directives or LaTeX to act on.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|:$~<>&\"'=^%@/])")


# Streamlit's markdown turns a bare address into a link (GFM autolink literals) even when its
# punctuation is escaped: an invisible word joiner after "http", "www" or "@" stops that.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|www|@)")
WORD_JOINER = "\u2060"


def markdown(text: object) -> str:
    """For st.markdown, st.caption, st.warning and every other element that renders markdown.
    Line breaks become spaces: a value from outside is one line."""
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(rf"\1{WORD_JOINER}", flat))


def plotly(text: object) -> str:
    """For plotly titles, labels, tick labels, legend names and hover text."""
    return html_lib.escape(str(text), quote=False)


def web_link(url: object) -> str | None:
    """The URL when it is an http(s) address that may be a link, else None (javascript:,
    data:, relative paths and anything else are shown as text or not at all)."""
    if not isinstance(url, str):
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme in ("http", "https") and parsed.netloc and not any(
            ch.isspace() or ch in "<>\"'()[]" for ch in url.strip()):
        return url.strip()
    return None
