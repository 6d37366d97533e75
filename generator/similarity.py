"""How much a narrative part repeats the same part of the previous year's report (雷同), in percent."""

from __future__ import annotations

import re
import unicodedata

from .parts import REFERENCE

# Below this many trigrams (about as many characters of Chinese, or words of English) a part is too short
# to judge: "无。" or "本年度未收取信息处理费。" may rightly be the same every year.
MIN_SHINGLES = 30
DEFAULT_THRESHOLD = 80

_DIGITS = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)*")
_MARKUP = re.compile(r"^\s{0,3}(?:#+|[-*+]|[0-9]+[.)])\s+", re.MULTILINE)
_WORD = re.compile(r"[a-z]+|0")


def normalise(markdown: str) -> str:
    """The text that counts: no markup, punctuation or spaces; every number (and figure reference) becomes 0.

    Numbers are neutralised so that a report copied with only the year and figures changed still counts as
    the same text (东莞市统计局 2010 = 2008 except the year).
    """
    text = REFERENCE.sub("0", markdown)
    text = _MARKUP.sub("", text)
    text = re.sub(r"\s+", " ", _DIGITS.sub("0", text).casefold())
    return "".join(ch for ch in text if ch == " " or unicodedata.category(ch)[0] in "LN")


def _shingles(text: str) -> set[str]:
    if _mostly_latin(text):  # English: word trigrams (character n-grams of English overlap for any two texts)
        words = _WORD.findall(text)
        return {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}
    chars = text.replace(" ", "")
    return {chars[i:i + 3] for i in range(max(1, len(chars) - 2))}


def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(1 for ch in letters if ch.isascii()) * 2 > len(letters)


def percent_similar(current: str, previous: str) -> int | None:
    """Jaccard similarity of the character-trigram (Chinese) or word-trigram (English) sets, in whole percent.

    None when either text is too short to judge.
    """
    sa, sb = _shingles(normalise(current)), _shingles(normalise(previous))
    if len(sa) < MIN_SHINGLES or len(sb) < MIN_SHINGLES:
        return None
    union = len(sa | sb)
    return round(100 * len(sa & sb) / union) if union else None
