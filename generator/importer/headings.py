"""The six part headings of a report found loosely (paraphrased, misspelled), the lead, and the publication date."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..formats import Section
from . import decode

_NUMERALS = "一二三四五六七八九十"
_MIN_RATIO = 0.6
_BODY_MARK = re.compile(r"^=+\s*正文\s*=+[ \t]*$", re.MULTILINE)
_LEAD_START = ("本报告根据", "本报告依据", "根据《", "依据《")
_DATE = re.compile(r"(?:发布时间|发布日期|成文日期|发文日期|时间)\s*[:：]\s*"
                   r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_TRAILING_NOISE = ("附件下载", "【打印本页】", "【关闭窗口】", "打印本页", "关闭窗口")


@dataclass(frozen=True, slots=True)
class Heading:
    """A part heading as printed: which part, where it starts and ends in the text."""

    section: str
    start: int
    end: int
    printed: str


def _title(section: Section) -> str:
    return section.label.zh.split("、", 1)[1]


def _match_at(text: str, after: int, title: str) -> tuple[float, int]:
    best, best_end = 0.0, after
    for length in range(max(2, len(title) - 5), len(title) + 6):
        window = re.sub(r"\s+", "", text[after:after + length + 4])[:length]
        ratio = difflib.SequenceMatcher(None, window, title, autojunk=False).ratio()
        if 0.5 <= ratio < 1.0:  # a heading in Traditional characters (申請情況) in a Simplified text: compared as
            simplified = decode.convert(window, "t2s")  # Simplified, so that its last characters are its own
            if simplified != window:
                ratio = max(ratio, difflib.SequenceMatcher(None, simplified, title, autojunk=False).ratio())
        if ratio > best + 1e-9:
            best, best_end = ratio, _end_of(text, after, len(window))
    return best, best_end


def _end_of(text: str, start: int, chars: int) -> int:
    """The offset after `chars` non-space characters from `start`."""
    pos, seen = start, 0
    while pos < len(text) and seen < chars:
        if not text[pos].isspace():
            seen += 1
        pos += 1
    return pos


_TAIL = re.compile(r"[ \t]*[\u4e00-\u9fff]{1,2}[ \t]*(?=\n|$)")


def _line_end(text: str, stop: int) -> int:
    """`stop`, or the end of its line when one or two characters are left on it: the end of a heading printed in
    other characters (申請情況, 情形) is part of the heading, not the first words of its part."""
    m = _TAIL.match(text, stop)
    return m.end() if m else stop


# 一、 一. 一． and, in documents typed with a comma, 一， 一,
_AFTER_NUMERAL = r"\s*[、.．，,]\s*"


def _find(text: str, section: Section, start: int, end: int) -> Heading | None:
    numeral = _NUMERALS[section.number - 1]
    title = _title(section)
    for m in re.compile(re.escape(numeral) + _AFTER_NUMERAL).finditer(text, start, end):
        if m.start() > 0 and text[m.start() - 1] in "（(第":
            continue
        ratio, stop = _match_at(text, m.end(), title)
        if ratio >= _MIN_RATIO:
            stop = _line_end(text, stop)
            return Heading(section.id, m.start(), stop, text[m.start():stop].strip())
    return None


def find_headings(text: str, sections: Sequence[Section], start: int = 0) -> list[Heading]:
    """The part headings in order, each searched after the previous one; a part not found is left out."""
    found: list[Heading] = []
    pos = start
    for s in sections:
        h = _find(text, s, pos, len(text))
        if h is not None:
            found.append(h)
            pos = h.end
    return found


_MAX_LOOSE = 400  # numbered lines looked at: a hostile text of numerals ends fast
_ANY_PART = re.compile(r"(?<![（(第0-9])([一二三四五六七八九十]{1,2})" + _AFTER_NUMERAL)


def find_loose(text: str, sections: Sequence[Section], start: int = 0) -> list[Heading]:
    """The part headings of a report that does not follow the six parts (numbered otherwise, in another order): each
    canonical part is the printed heading whose title is most like its own, whatever its numeral; in printed order."""
    scored = []
    for n, m in enumerate(_ANY_PART.finditer(text, start)):
        if n >= _MAX_LOOSE:
            break
        for s in sections:
            ratio, stop = _match_at(text, m.end(), _title(s))
            if ratio >= _MIN_RATIO:
                scored.append((-ratio, m.start(), s.id, _line_end(text, stop)))
    taken: dict[str, Heading] = {}
    used: set[int] = set()
    for _ratio, at, sid, stop in sorted(scored):
        if sid not in taken and at not in used:
            taken[sid] = Heading(sid, at, stop, text[at:stop].strip())
            used.add(at)
    return sorted(taken.values(), key=lambda h: h.start)


def body_start(text: str) -> int:
    """Where the report body starts: after a crawler's `==== 正文 ====` line, else 0."""
    m = _BODY_MARK.search(text)
    return m.end() if m else 0


def lead_start(text: str, start: int, end: int) -> int:
    """The start of the lead paragraph (根据《条例》…), skipping the title and breadcrumbs before it: the start of the
    sentence that names the regulation (本报告由××办公室依据《条例》…)."""
    hits = [i for k in _LEAD_START if (i := text.find(k, start, end)) >= 0]
    if not hits:
        return start
    hit = min(hits)
    line = max(start, text.rfind("\n", start, hit) + 1)
    before = max(text.rfind(c, line, hit) for c in "。！？")
    return before + 1 if before >= 0 else line


def body_end(text: str, headings: Sequence[Heading], sections: Sequence[Section]) -> int:
    """The end of the last part: before a repeated part heading or trailing page chrome."""
    if not headings:
        return len(text)
    last = headings[-1]
    end = len(text)
    for s in sections:
        again = _find(text, s, last.end, len(text))
        if again is not None:
            end = min(end, again.start)
    tail = text[:end].rstrip()
    lines = tail.split("\n")
    while len(lines) > 1 and len(lines[-1].strip()) <= 6 and "。" not in lines[-1] and lines[-1].strip() != "无":
        lines.pop()  # footer links of the page (相关词条, 联系我们) after the last part
    tail = "\n".join(lines).rstrip()
    for noise in _TRAILING_NOISE:
        if tail.endswith(noise):
            tail = tail[: -len(noise)].rstrip()
    return len(tail)


def published(text: str) -> dt.date | None:
    """The first publication date shown on the page (发布时间：2020-01-20), if any."""
    for m in _DATE.finditer(text):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None
