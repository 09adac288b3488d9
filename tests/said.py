"""What the product says, read as a reader reads it, and the rules of "What may be said" (data
contract) and of the style guide (docs/style.md) that every medium keeps at every state of an
edition. tests/test_state_matrix.py renders each medium at each moment and asks `broken`.

A text is a `Said`: where it was read, what kind of text it is (a sentence is running prose: a
paragraph, a caption, a chart's title; a card is a KPI card; a table cell or an axis keeps
figures) and the text itself."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest
from test_style import patterns


@dataclass(frozen=True)
class Said:
    where: str
    kind: str  # sentence | card | change | table | axis
    text: str


@dataclass(frozen=True)
class Moment:
    """A moment of an edition, and what is not known at it. `unknown`: the stages not reached,
    by role (a result under embargo is unknown to press; not chosen yet to organisers).
    `open_year`: the year of an edition whose call is open (its counts are provisional and are
    compared only at the same point of an earlier call). `viewing_day`: the day the moment is
    read, in each language, when that must not date a closed edition's figures."""

    name: str
    at: str
    edition: int
    unknown: frozenset[str]
    open_year: int | None = None
    viewing_day: dict[str, str] = field(default_factory=dict)
    screening: bool = False  # under way: eligibility is a count so far, its rates not ranked


# The sample's edition 4 (call 13 Feb - 29 May 2026, ceremony 6 Oct 2026) and edition 3 (call to
# 30 May 2025 18:00, screened by mid-July, finalists public 24 Aug 2025, ceremony 30 Sep 2025
# 17:30). Each moment named as the issue names the states of an edition.
ALL_STAGES = frozenset({"entries", "eligible", "finalists", "winners"})
MOMENTS = [
    Moment("before the call", "2026-02-12T12:00:00+09:00", 4, ALL_STAGES),
    Moment("day 1", "2026-02-13T12:00:00+09:00", 4,
           frozenset({"eligible", "finalists", "winners"}), open_year=2026),
    Moment("mid-call", "2026-05-01T12:00:00+09:00", 4,
           frozenset({"eligible", "finalists", "winners"}), open_year=2026),
    Moment("closed, screening under way", "2025-06-15T12:00:00+09:00", 3,
           frozenset({"finalists", "winners"}), screening=True),
    Moment("screened", "2025-08-01T12:00:00+09:00", 3, frozenset({"finalists", "winners"})),
    Moment("finalists announced", "2025-09-01T12:00:00+09:00", 3, frozenset({"winners"})),
    Moment("after the ceremony", "2025-09-30T18:00:00+09:00", 3, frozenset()),
    Moment("a year later", "2026-09-30T12:00:00+09:00", 3, frozenset(),
           viewing_day={"en": "30 September 2026", "ko": "2026년 9월 30일"}),
]


# ---------------------------------------------------------------------------------------------
# Reading


def _plain(text: str) -> str:
    """Markdown and chart markup as a reader sees it: no tags, no :small[...] wrappers."""
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r":(small|gray|grey|red|green|orange|blue|violet|rainbow)\[", "", text)
    return re.sub(r"[*_`\\]", "", text).strip()


def from_figure(figure: go.Figure | dict, where: str) -> list[Said]:
    spec = figure if isinstance(figure, dict) else figure.to_plotly_json()
    layout = spec.get("layout", {})
    found: list[Said] = []
    title = (layout.get("title") or {}).get("text")
    if title:
        found.append(Said(f"{where}: chart title", "sentence", _plain(title)))
    for note in layout.get("annotations") or []:
        if note.get("text"):
            found.append(Said(f"{where}: chart note", "sentence", _plain(note["text"])))
    for name, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", name) and (axis.get("title") or {}).get("text"):
            found.append(Said(f"{where}: {name}", "axis", _plain(axis["title"]["text"])))
    for trace in spec.get("data", []):
        if trace.get("name"):
            found.append(Said(f"{where}: legend", "axis", _plain(str(trace["name"]))))
        for text in trace.get("text") or []:
            if isinstance(text, str) and text:
                found.append(Said(f"{where}: mark", "axis", _plain(text)))
    return found


def from_page(at: AppTest, where: str) -> list[Said]:
    """Every text of a page: prose, cards (value and change), tables' headers and cells, and
    every chart's words."""
    found: list[Said] = []
    for kind, elements in (("markdown", at.markdown), ("caption", at.caption),
                           ("info", at.info), ("warning", at.warning), ("error", at.error),
                           ("success", at.success), ("title", at.title),
                           ("header", at.header), ("subheader", at.subheader),
                           ("quote", at.code)):  # the press room's sentences, to copy
        for element in elements:
            text = str(element.value)
            is_table = text.lstrip().startswith("|")  # a markdown table keeps figures
            found.append(Said(f"{where}: {kind}", "table" if is_table else "sentence",
                              _plain(text)))
    for metric in at.metric:
        label = f"{where}: card {metric.label}"
        found.append(Said(label, "card", f"{metric.label}: {metric.value}"))
        found.append(Said(label, "change",
                          f"{metric.proto.delta} {metric.proto.delta_description}".strip()))
    for table in at.dataframe:
        frame = table.value
        config = json.loads(table.proto.columns or "{}")
        found += [Said(f"{where}: table header", "table",
                       str(config.get(str(c), {}).get("label") or c)) for c in frame.columns]
        if table.proto.editing_mode:  # an editor shows what the organisers typed, as typed
            continue
        found += [Said(f"{where}: table", "table", str(v)) for v in frame.to_numpy().ravel()
                  if isinstance(v, str)]
    for chart in at.get("plotly_chart"):
        found += from_figure(json.loads(chart.proto.spec), where)
    return found


class _HtmlReader(HTMLParser):
    """Text of an HTML document by element: table cells keep figures, the rest is prose."""

    def __init__(self, where: str):
        super().__init__()
        self.where, self.stack, self.found = where, [], []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "svg"):
            self.skip += 1
        self.stack.append(tag)
        alt = dict(attrs).get("alt")
        if alt:
            self.found.append(Said(f"{self.where}: alt", "sentence", alt))

    def handle_endtag(self, tag):
        if tag in ("style", "script", "svg"):
            self.skip -= 1
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text or self.skip:
            return
        kind = "table" if {"td", "th"} & set(self.stack) else "sentence"
        self.found.append(Said(f"{self.where}: {self.stack[-1] if self.stack else 'text'}",
                               kind, text))


def from_html(html: str, where: str) -> list[Said]:
    reader = _HtmlReader(where)
    reader.feed(html)
    return reader.found


def from_lines(text: str, where: str) -> list[Said]:
    """Plain text (an email, a README): each line is prose, a table's row keeps figures."""
    return [Said(where, "table" if line.lstrip().startswith(("|", "-  ")) else "sentence",
                 _plain(line.lstrip("#- ")))
            for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------
# The rules


# A stage stated as 0 (or a 0 rate ranked "highest"), in a sentence or a card. The cards' labels
# and the stage words, in both languages.
ZERO_SAID = {
    "eligible": {
        "en": [r"(?<![\d,.])0 (entries )?(passed screening|were eligible|eligible)",
               r"^Eligible: 0$", r"[Ee]ligible rate[^.]*\(0(\.0)?\s?%"],
        "ko": [r"(적격|심사를 통과|심사 통과)[^.\d]{0,12}(?<![\d,.])0건", r"^적격: 0$",
               r"적격률[^.]*\(0(\.0)?\s?%"]},
    "finalists": {
        "en": [r"(?<![\d,.])0 (entries )?(finalists?|reached the final)", r"^Finalists: 0$",
               r"[Ff]inalist rate[^.]*\(0(\.0)?\s?%"],
        "ko": [r"본선[^.\d]{0,10}(?<![\d,.])0건", r"^본선 진출: 0$",
               r"본선 진출률[^.]*\(0(\.0)?\s?%"]},
    "winners": {
        "en": [r"(?<![\d,.])0 (entries )?(won|winners?)", r"of whom 0", r"^Winners: 0$"],
        "ko": [r"수상[^.\d]{0,8}(?<![\d,.])0건", r"^수상: 0$"]},
    "entries": {
        "en": [r"^Entries: 0$", r"(?<![\d,.])0 entries"],
        "ko": [r"^접수: 0$", r"(?<![\d,.])0건(이)? 접수"]},
}
NOTHING_HIGHEST_AT_0 = {"en": r"(highest|led|largest|most)[^.]*\(0(\.0)?\s?%",
                        "ko": r"가장 높[^.]*\b0(\.0)?%"}
# "highest for Africa (40%)" may stand only on a base of at least 10: a base the sentence
# names below 10, or a rate stated as "<3 of 2" / "0 of 2".
SMALL_BASE = {"en": r"\((<3|\d+) of [0-9]\)|(highest|lowest)[^.]*\bof [0-9]\b(?! ?\d)",
              "ko": r"[0-9]건 중 (<3|\d+)건[^.]*(가장|최고)"}
# A lead stated over a tie: "X led ... 29-29" or with an en dash (a tie is "X and Y, 29 each").
TIE_LEAD = r"\b(led|highest|가장)\b[^.]*\b(\d+)\s?[\u2013-]\s?\2\b"
# While screening is under way: who passed is a count so far, and no eligible rate ranks.
SCREENED_AS_FINAL = {"en": r"\d+ passed screening|[Ee]ligible rate[^.]*highest",
                     "ko": r"(?<!지금까지 )\d+건 중 \d+건이 적격 심사를 통과|적격률[^.]*가장 높"}
# A comparison with an earlier edition.
COMPARED = {"en": r"\b(vs\.?|against|than in|than at|compared with|on) (20\d\d)\b",
            "ko": r"(20\d\d)년(보다| 대비|에 비해)"}
SAME_POINT = {"en": "same point", "ko": "같은 시점"}
SECONDS = r"\b\d{1,2}:\d{2}:\d{2}\b|\d+초"
YEAR_WITH_SEPARATOR = r"(?<![\d,])2,0\d\d(?![\d,])"
RAW_NAME = r"^[a-z]+(_[a-z0-9]+)+$"  # a column's name, not its words
ISO_DAY = r"\b20\d\d-\d\d-\d\d\b"
LINK = r"https?://\S+"  # a link's as_of=2025-10-31 is an address, not a date said to a reader


def broken(said: list[Said], moment: Moment, role: str, lang: str) -> list[tuple[str, Said]]:
    """(rule, text) for every text that breaks a rule at this moment, for this role and
    language. An empty list: everything said may be said."""
    found: list[tuple[str, Said]] = []
    style = patterns("forbidden_english" if lang == "en" else "forbidden_korean")
    for item in said:
        text, prose = item.text, item.kind in ("sentence", "card")
        for stage in moment.unknown:
            for rule in ZERO_SAID[stage][lang]:
                if prose and re.search(rule, text):
                    found.append((f"a 0 stated for {stage}, not known yet", item))
        if prose and re.search(NOTHING_HIGHEST_AT_0[lang], text):
            found.append(("nothing is highest at 0", item))
        if prose and re.search(SMALL_BASE[lang], text):
            found.append(("a rate ranked on a base under 10", item))
        if prose and re.search(TIE_LEAD, text):
            found.append(("a lead stated over a tie", item))
        if prose and moment.screening and re.search(SCREENED_AS_FINAL[lang], text) \
                and not re.search(r"so far|지금까지", text):
            found.append(("a screening under way stated as done", item))
        found += _comparisons(item, moment, role, lang)
        if re.search(SECONDS, text):
            found.append(("seconds in a moment", item))
        if re.search(YEAR_WITH_SEPARATOR, text):
            found.append(("a year with a thousands separator", item))
        for day in moment.viewing_day.values():
            if day in text:
                found.append(("a closed edition dated by the day it is read", item))
        if item.kind == "sentence":
            found += [(why, item) for pattern, why in style if pattern.search(text)]
        if lang == "ko" and item.kind in ("table", "sentence", "axis") and (
                re.fullmatch(RAW_NAME, text) or re.search(ISO_DAY, re.sub(LINK, "", text))):
            found.append(("a raw name or ISO date on a Korean page", item))
    return found


def _comparisons(item: Said, moment: Moment, role: str, lang: str) -> list[tuple[str, Said]]:
    """While a call is open its counts are set only against the same point of an earlier call
    (and only organisers see that curve); a KPI change says which."""
    if moment.open_year is None:
        return []
    text = item.text
    same_point = SAME_POINT[lang] in text
    if role != "organiser" and same_point:
        return [("press see no change of an open call", item)]
    if item.kind == "change" and text and not same_point:
        return [("an open call's count set against an unequal period", item)]
    if item.kind != "sentence" or same_point:
        return []
    # sentence by sentence, a quoted finding apart from the citation that quotes it
    for part in re.split(r'"|\.\s|[〈〉]', text):
        compared = [m for m in re.finditer(COMPARED[lang], part)
                    if m.group(2 if lang == "en" else 1) != str(moment.open_year)]
        if str(moment.open_year) in part and compared:
            return [("an open call's count set against an unequal period", item)]
    return []


def assert_said_well(said: list[Said], moment: Moment, role: str, lang: str) -> None:
    """`broken` must find nothing; else every finding, a line each."""
    found = broken(said, moment, role, lang)
    assert not found, "\n".join(f"{rule} | {item.where} | {item.text}" for rule, item in found)
