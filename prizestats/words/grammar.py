"""Grammar made by code, so that a template cannot get it wrong for some values.

- Korean particles chosen from how the word before them is read: 미주가, 서울이, 71이 (칠십일),
  AI가 (에이아이), Seoul로 (서울로), 10으로 (십으로).
- English plurals by babel's plural rules: 1 entry, 2 entries; ordinals as a wire desk writes
  them (docs/style.md): first to ninth in words, then babel's ordinal rules: 10th, 11th, 21st;
  counts one to nine in words in sentences ("four entries"), 10 and above in figures.
- English articles for names that take one (the Americas, the Middle East, the United States),
  from the glossary and the countries table, since no library knows them.

Templates ask for them in the format spec of a field, so the rule sits beside the value:
"{top:이/가}" (Korean particle), "{count:entry|entries}" (the noun for count), "{top:the}" and
"{top:The}" (the name with its article, at the start of a sentence capitalised), "{n:ordinal}"
(the English ordinal: "third", "12th"), "{n:words}" (an English count in a sentence: "four",
"14", "<3"), "{hour:시}" (a Korean hour: 오후 6시). A field given a list (the names of a tie)
reads as one name: "Asia and Europe" / "아시아, 유럽", each name with its article ("the
Americas and Asia"), the particle after the last.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from babel import Locale, lists

# Hangul syllables: (code - 0xAC00) % 28 is the final consonant, 0 when there is none.
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # ㄹ: takes 로 like a vowel (서울로), but 이/을/은/과 like a consonant

# How the last sound of a number, a letter or a word ends when read in Korean:
# "" for a vowel, "ㄹ" for ㄹ, "C" for any other final consonant.
_DIGIT_ENDS = {"0": "C", "1": "ㄹ", "2": "", "3": "C", "4": "", "5": "", "6": "C", "7": "ㄹ",
               "8": "ㄹ", "9": ""}  # 영 일 이 삼 사 오 육 칠 팔 구
# Trailing zeros of a whole number: 십 (10) 백 (100) 천 (1,000) 만 (10,000, 100,000 ...),
# 억 (10^8), 조 (10^12).
_ZEROS_ENDS = {1: "C", 2: "C", 3: "C", 4: "C", 5: "C", 6: "C", 7: "C", 8: "C", 9: "C",
               10: "C", 11: "C", 12: ""}
# Letter names: 에이 비 씨 디 이 에프 지 에이치 아이 제이 케이 엘 엠 엔 오 피 큐 알 에스 티
# 유 브이 더블유 엑스 와이 제트
_LETTER_ENDS = {"L": "ㄹ", "M": "C", "N": "C", "R": "ㄹ"}

PARTICLES = {"이/가", "을/를", "은/는", "과/와", "으로/로", "이다/다", "이나/나"}


def _hangul_end(char: str) -> str:
    final = (ord(char) - _HANGUL_FIRST) % 28
    return "" if final == 0 else ("ㄹ" if final == _RIEUL else "C")


def _number_end(digits: str) -> str:
    whole, _, fraction = digits.partition(".")
    if fraction:
        return _DIGIT_ENDS[fraction[-1]]  # 12.5: 십이 점 오
    stripped = whole.lstrip("0")
    if not stripped:
        return "C"  # 영
    zeros = len(stripped) - len(stripped.rstrip("0"))
    if zeros == 0:
        return _DIGIT_ENDS[stripped[-1]]
    return _ZEROS_ENDS.get(zeros, "C")


def _latin_end(word: str) -> str:
    """An acronym is read letter by letter (AI: 에이아이, IoT: 아이오티); a word by its usual
    Korean spelling, whose end its last letters give well enough (London 런던, Paris 파리,
    Seoul 서울, Bangkok 방콕, Washington 워싱턴, Madrid 마드리드)."""
    if word.isupper() or (len(word) <= 4 and word[-1].isupper()):
        return _LETTER_ENDS.get(word[-1].upper(), "")
    lower = word.lower()
    if lower.endswith(("m", "n", "ng", "k", "ne")):  # Drone 드론, Melbourne 멜버른
        return "C"
    if lower.endswith(("l", "le")):  # Seattle 시애틀, Google 구글
        return "ㄹ"
    return ""


def reading_end(text: str) -> str:
    """How `text` ends when read aloud in Korean: "" (a vowel), "ㄹ", or "C" (another final
    consonant). A closing parenthesis is skipped: 세계스마트시티기구(WeGO)가 goes by 기구."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text.strip()).rstrip(" \"'\u201d\u2019」』.,")
    if not text:
        return ""
    last = text[-1]
    if _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        return _hangul_end(last)
    if last == "%":
        return ""  # 퍼센트
    number = re.search(r"[\d.,]*\d$", text)
    if number:
        return _number_end(number.group().replace(",", ""))
    word = re.search(r"[A-Za-z]+$", text)
    if word:
        return _latin_end(word.group())
    return ""


def particle(word: str, pair: str) -> str:
    """The word with the particle of `pair` ("이/가", "을/를", "은/는", "과/와", "으로/로",
    "이다/다", "이나/나") that its reading takes."""
    if pair not in PARTICLES:
        raise ValueError(f"not a Korean particle pair: {pair}")
    after_consonant, after_vowel = pair.split("/")
    end = reading_end(word)
    if pair == "으로/로":
        return word + (after_consonant if end == "C" else after_vowel)
    return word + (after_vowel if end == "" else after_consonant)


def count_of(value: object) -> float | None:
    """The number a formatted count stands for ("1,234" -> 1234); None for a hidden one."""
    if isinstance(value, int | float):
        return value
    digits = re.fullmatch(r"[+-]?[\d,.]+", str(value).strip())
    return float(digits.group().replace(",", "")) if digits else None


def plural(count: object, forms: str, locale: str = "en_GB") -> str:
    """"entry|entries" for count: babel's plural category of the number ("one" or "other" in
    English). A count the viewer may not read ("<3") takes the plural."""
    one, other = forms.split("|")
    number = count_of(count)
    if number is None:
        return other
    if number != int(number):
        return other
    return one if Locale.parse(locale).plural_form(int(number)) == "one" else other


_ORDINAL_SUFFIXES = {"one": "st", "two": "nd", "few": "rd"}

# Newsroom style (docs/style.md, which the tests compare with these): one to nine in words.
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
                8: "eight", 9: "nine"}
ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth",
                 7: "seventh", 8: "eighth", 9: "ninth"}


def ordinal(number: int) -> str:
    """first ... ninth in words, then 10th, 11th, 21st: the suffix of babel's English ordinal
    category."""
    if number in ORDINAL_WORDS:
        return ORDINAL_WORDS[number]
    return f"{number}{_ORDINAL_SUFFIXES.get(Locale.parse('en').ordinal_form(number), 'th')}"


def words(count: object) -> str:
    """A count in an English sentence: one to nine in words, anything else as it is given
    ("14", "1,234", "<3", "35.4%")."""
    number = count_of(count)
    if number is not None and number == int(number) and int(number) in NUMBER_WORDS \
            and not str(count).strip().startswith(("+", "-")):
        return NUMBER_WORDS[int(number)]
    return str(count)


def korean_hour(hour: int) -> str:
    """The hour as the Korean press writes it (docs/style.md): 오전 9시, 낮 12시, 오후 6시;
    오전 0시 at the start of a day, 24시 at its end."""
    hour = int(hour)
    if hour in (0, 24):
        return "오전 0시" if hour == 0 else "24시"
    if hour == 12:
        return "낮 12시"
    return f"오전 {hour}시" if hour < 12 else f"오후 {hour - 12}시"


def join(items: Iterable[str], lang: str) -> str:
    """"2023 and 2024" / "2023, 2024 and 2025" in English, "2023, 2024" in Korean."""
    items = list(items)
    if lang == "ko":
        return ", ".join(items)
    return lists.format_list(items, locale="en_GB")


def with_article(name: str, articled: frozenset[str], capital: bool = False) -> str:
    """The name as running English text: "the Americas" for a name that takes an article, and
    "the end of ..." for a moment at a day's end."""
    if name in articled or name.startswith("end of "):
        return f"{'The' if capital else 'the'} {name}"
    return name


class Templates(string.Formatter):
    """str.format with the grammar specs above, for one language."""

    def __init__(self, lang: str, articled: frozenset[str] = frozenset()):
        self.lang = lang
        self.articled = articled

    def format_field(self, value: object, spec: str) -> str:
        if isinstance(value, list | tuple):  # the names of a tie, read as one
            if spec in ("the", "The"):
                value = [with_article(str(v), self.articled, capital=spec == "The" and i == 0)
                         for i, v in enumerate(value)]
                spec = ""
            value = join((str(v) for v in value), self.lang)
        if spec in PARTICLES:
            if self.lang != "ko":
                raise ValueError(f"a Korean particle in a {self.lang} template: {spec}")
            return particle(str(value), spec)
        if "|" in spec:
            if self.lang != "en":
                raise ValueError(f"an English plural in a {self.lang} template: {spec}")
            return plural(value, spec)
        if spec in ("the", "The"):
            if self.lang != "en":
                raise ValueError(f"an English article in a {self.lang} template")
            return with_article(str(value), self.articled, capital=spec == "The")
        if spec == "ordinal":
            if self.lang != "en":
                raise ValueError(f"an English ordinal in a {self.lang} template")
            return ordinal(int(value))
        if spec == "시":
            if self.lang != "ko":
                raise ValueError(f"a Korean hour in a {self.lang} template")
            return korean_hour(int(value))
        if spec == "words":
            if self.lang != "en":
                raise ValueError(f"an English count in words in a {self.lang} template")
            return words(value)
        return super().format_field(value, spec)
