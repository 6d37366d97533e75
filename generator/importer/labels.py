"""Find the form's printed labels in a report's text loosely: any spacing, half- or full-width punctuation, quotes."""

from __future__ import annotations

import functools
import re

_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "\u00a0": " ", "\u3000": " ",
                        **{chr(0xFF10 + i): str(i) for i in range(10)}})
_QUOTES = "“”\"「」『』‘’'"
_NUMBERING = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|[0-9]+[.．、])")
_REMARK = re.compile(r"（[^（）]*）$")


def normalise(text: str) -> str:
    """Half-width punctuation to full width, full-width digits to ASCII, odd spaces to spaces (same length)."""
    return text.translate(_WIDTH)


# after normalise(): any of them stands for another (逾期不补正, 行政机关 for 逾期不补正、行政机关)
_PUNCT = ".．、，；：·"


def _char(ch: str) -> str:
    if ch in _QUOTES:
        return f"[{re.escape(_QUOTES)}]?"
    if ch in _PUNCT:
        return f"[{re.escape(_PUNCT)}]"
    return re.escape(ch)


@functools.cache
def label_regex(label: str) -> re.Pattern[str]:
    """The label with optional whitespace between its characters."""
    chars = [c for c in normalise(label) if not c.isspace()]
    return re.compile(r"\s*".join(_char(c) for c in chars))


def prefix_regex(label: str, least: int) -> re.Pattern[str]:
    """The label or any prefix of it of at least `least` characters (a PDF line break can cut a label in two and
    print the row's numbers between the halves); the longest prefix is matched."""
    chars = [_char(c) for c in normalise(label) if not c.isspace()]
    least = max(1, min(least, len(chars)))
    tail = ""
    for c in reversed(chars[least:]):
        tail = rf"(?:\s*{c}{tail})?"
    return re.compile(r"\s*".join(chars[:least]) + tail)


# Wordings of real reports for a label of the form (the form's label → the variants printed instead).
VARIANTS: dict[str, tuple[str, ...]] = {
    "行政规范性文件": ("规范性文件",),
    "规范性文件": ("行政规范性文件",),
    "3.其他": ("3.其他处理",),
    "（六）其他处理": ("（六）其他",),
    "申请人情况": ("申请人",),
}


def key_of(label: str) -> str:
    """The label without its numbering and a trailing remark: （二）部分公开（区分处理的…） → 部分公开."""
    key = _NUMBERING.sub("", normalise(label))
    return _REMARK.sub("", key) or key


def find(text: str, label: str, start: int, end: int) -> tuple[int, int] | None:
    """Span of `label` in normalised `text` between start and end; the exact label first, then its key."""
    for pattern in (label_regex(label), label_regex(key_of(label))):
        m = pattern.search(text, start, end)
        if m:
            return m.start(), m.end()
    return None
