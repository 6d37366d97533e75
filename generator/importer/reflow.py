"""A document's text cut into lines at its page's width (a PDF's, a text made from one) read back as paragraphs: the
lines of a paragraph joined, a layout's spaces between Chinese characters removed, and the figures and labels of
charts and cards left out."""

from __future__ import annotations

import re
from collections.abc import Sequence

_BULLETS = "•·▪●○◆◇■□-*–—"  # a list item, however short, is the narrative
_GOES_ON = "，、：（「『“《,:"
_UNITS = "年月日件条项个次人元万亿%％期批家号"
_CLOSES = "。，、；：！？）」』”》,;:!?)"
_ENDS_SENTENCE = "。！？!?；;：:…」』”\"）)"
_NUMBERED = re.compile(r"^(?:（[一二三四五六七八九十0-9]{1,3}）|\([一二三四五六七八九十0-9]{1,3}\)|"
                       r"[一二三四五六七八九十]{1,3}[、.．]|[0-9]{1,2}[.．、](?![0-9])|[①-⑳]|第[一二三四五六七八九十]+)")
# a line of figures only (2602条, 2020年 2021年, 58   25, 0 5 10 15 20): the ticks, legends and bars of a chart or
# the cards of a PDF, never a sentence of the narrative
_FIGURES_ONLY = re.compile(r"^(?:[-−]?[0-9][0-9,，.]*\s*(?:%|％|年|月|日|件|条|项|期|次|批次|个|家|人次?|万元|元)?"
                           r"[\s/|]*)+$")


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff1f"  # ideographs and full-width punctuation
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def _chars(line: str) -> int:
    """The characters of a line but white space (a layout's columns and justification add spaces)."""
    return len(line) - sum(1 for c in line if c.isspace())


def line_width(texts: Sequence[str]) -> int:
    """The width of a full line of hard-wrapped text (a PDF's): the 90th percentile of the lines' lengths."""
    lengths = sorted(_chars(line) for text in texts for line in text.split("\n") if line.strip())
    return lengths[(len(lengths) - 1) * 9 // 10] if lengths else 0


def _joined(lines: list[str], width: int) -> list[str]:
    """Lines cut by a page's width joined again: a line as wide as the page that ends mid-sentence goes on with the
    next one, unless that one starts a numbered item (（二）, 2.). So do a clause cut after its comma or colon and
    punctuation pushed to a line of its own (no paragraph ends in ，or 、, none starts with 。or ）), as text read
    from a PDF in its content order (pdftotext -raw) has them."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if prev and _goes_on(prev, line, width):
            space = " " if prev[-1].isascii() and prev[-1].isalnum() and line[0].isascii() and line[0].isalnum() else ""
            out[-1] = prev + space + line
        else:
            out.append(line)
    return out


def _goes_on(prev: str, line: str, width: int) -> bool:
    """Whether `line` continues the paragraph that `prev` (not empty) ends."""
    if line[0] in _CLOSES:
        return True
    full = width >= 15 and _chars(prev) >= 0.8 * width and prev[-1] not in _ENDS_SENTENCE
    cut = prev[-1] in _GOES_ON or (prev[-1].isdigit() and line[0] in _UNITS)  # 统计期间为2021 / 年全年
    return (full or cut) and not _NUMBERED.match(line)


def _short(line: str) -> bool:
    """A line of a few words with no punctuation, numbering or bullet: a chart's legend or axis label."""
    return (_chars(line) <= 10 and not _NUMBERED.match(line) and line[0] not in _BULLETS
            and not any(c in "。！？；：，,.!?;:" for c in line))


def _without_labels(lines: list[str]) -> list[str]:
    """The lines without runs of three or more short lines of words (自然人 64 / 商业企业 / 科研机构, 件数): a
    chart's legend and axis, or a table the reader did not cut, never the narrative, whose headings come one at a
    time (a numbered one is always kept)."""
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if line and _short(line):
            run.append(line)
            continue
        if len(run) < 3:
            out.extend(run)
        run = []
        if line:
            out.append(line)
    return out


def paragraphs(lines: Sequence[str], width: int) -> list[str]:
    """The paragraphs of stripped `lines` cut at `width` (see line_width): figures-only lines and runs of short labels
    left out, spaces between Chinese characters removed, the lines of a paragraph joined."""
    kept = [line for line in lines if line and not _FIGURES_ONLY.match(line)]
    # spaces between two Chinese characters: a layout's justification (pdftotext -layout), not the text's
    return _joined(_without_labels([_CJK_GAP.sub("", line) for line in kept]), width)
