"""Page furniture of converted documents masked out of a report's text, offsets kept: page numbers, running heads,
table-of-contents lines, and Markdown pipe tables turned into plain cells (an empty cell becomes a blank `-`)."""

from __future__ import annotations

import re
from collections import Counter

# 第4页共7页, - 3 -, — 3 —, 3 / 7, Page 3 of 7: a PDF's page numbers, whose digits must never be read as cells (a
# bare number on its own line stays: pdftotext prints every cell so).
_PAGE_NUMBER = re.compile(r"\s*(?:第\s*\d+\s*页\s*(?:[,，/]?\s*共\s*\d+\s*页)?|[-—－]\s*\d{1,4}\s*[-—－]|"
                          r"\d{1,4}\s*/\s*\d{1,4}|共\s*\d+\s*页\s*第\s*\d+\s*页|page\s*\d+(?:\s*of\s*\d+)?)\s*",
                          re.IGNORECASE)
# 一、总体情况 ........ 3: a table of contents line (its headings are not the report's parts).
_TOC = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|．{4,}|-{6,})\s*\d{1,4}\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBERISH = re.compile(r"^\s*(?:[-−－–—﹣]?[0-9][0-9,，]*(?:\.[0-9]+)?(?:万元|元)?(?:[（(][^（）()]*[）)])?"
                        r"|[/／—－-]{1,2})\s*$")
_FIGURE = r"[-−－–—﹣]?[0-9][0-9,，.]*"
_SEVERAL = re.compile(rf"^\s*{_FIGURE}\s+{_FIGURE}(?:\s+{_FIGURE})*\s*$")
# a line seen this often is a running head (the report's title at the top of each page), not content
_REPEATED = 3


def _blank(line: str) -> str:
    return " " * len(line)


def _pipe_row(line: str, blanks: bool) -> str:
    """A Markdown table row as plain cells of the same length; header rows (no number in any cell) keep their
    words. With `blanks`, an empty cell after the row's label (any empty cell of a row without a label) is a blank
    of the form; without, it is nothing."""
    line = line.replace("<br>", "    ")  # a line break inside a cell (同一格内换行)
    pieces = line.split("|")
    inner = pieces[1:-1]
    if not any(_NUMBERISH.match(p) for p in inner if p.strip()):
        # a header or a group label alone: no cell to read. Its words stay (part 四's header names its table); a
        # cell with a digit (数据1 … 数据6, a generic header) is masked, its digit is no cell. (A row left wholly
        # blank, | 规章 |  |  |  |, looks the same as a group label over empty cells: it stays unread, an error)
        return " ".join(_blank(p) if re.search(r"[0-9]", p) else p for p in pieces)
    out = list(" ".join(pieces))
    pos = 0
    # a row of figures only (part 四's one row under its header) has no label: its empty cells after its first
    # figure are blanks (one before it may be the empty label column: no blank, and a row then short of a figure
    # stops in its place)
    labelled = any(p.strip() and not _NUMBERISH.match(p) for p in inner)
    seen_label = False
    for i, piece in enumerate(pieces):
        if blanks and 0 < i < len(pieces) - 1 and not piece.strip() and seen_label:
            # an empty cell after the row's label is a blank cell: keep its place in the row
            out[pos + len(piece) // 2 if piece else pos - 1] = "-"
        if piece.strip() and (not labelled or not _NUMBERISH.match(piece)):
            seen_label = True
        pos += len(piece) + 1
    return "".join(out)


def guessed_columns(text: str) -> bool:
    """Whether a pipe table's cell holds several numbers (`| 0 0 | 4 70 |`): the converter guessed its columns from
    the page, so its cells are not the form's and an empty one is layout, not a blank of the form."""
    return any(_SEVERAL.match(piece) for line in text.split("\n") if line.lstrip().startswith("|")
               for piece in line.split("|"))


def mask(text: str, *, blanks: bool = True) -> str:
    """The text with page furniture replaced by spaces and pipe rows by their cells; same length, same lines.
    `blanks`: an empty pipe cell after a row's label is a blank cell (`-`) of the form."""
    lines = text.split("\n")
    counts = Counter(s for line in lines if len(s := re.sub(r"\s+", "", line)) >= 8 and _CJK.search(s)
                     and "。" not in s and not line.lstrip().startswith("|"))
    out = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            out.append(line)
        elif _PIPE_RULE.match(line):
            out.append(_blank(line))
        elif "|" in stripped and stripped.count("|") >= 2:
            out.append(_pipe_row(line, blanks))
        elif (_PAGE_NUMBER.fullmatch(stripped) or _TOC.search(stripped)
              or counts.get(re.sub(r"\s+", "", line), 0) >= _REPEATED):
            out.append(_blank(line))
        else:
            out.append(line)
    return "\n".join(out)
