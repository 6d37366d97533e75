"""Table rows of a plain-text report: labels found in the form's order, the values printed after each label."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..formats import Format, Section, TableDef
from . import labels
from .headings import Heading
from .rows import Missing, RowRun, line_col

# The values after a row label: digits, thousands separators, signs, decimals, units, blanks, spaces, and notes such
# as （其中修订16件）. A character of a figure missing here would end the row inside it (2,418 read as 2).
_VALUES = re.compile(r"(?:[0-9\s.,，\-−－–—﹣/]|万元|元|（[^（）]{0,40}?[0-9][^（）]{0,40}?）)*")


@dataclass(frozen=True, slots=True)
class TextTables:
    """Rows found in a text, where the tables of each part start and end, and rows not found."""

    runs: tuple[RowRun, ...]
    spans: dict[str, tuple[int, int]]  # section id → (start, end) of its tables in the text
    missing: tuple[Missing, ...]


def _anchors(table: TableDef, section: Section) -> list[str]:
    out = []
    title = section.label.zh.split("、", 1)[-1]
    if table.label.zh != title:
        out.append(table.label.zh)
    if table.note is not None:
        out.append(table.note.zh)
    if table.header is not None:
        out.append(table.header.zh)
    return out


def _header_end(text: str, table: TableDef, start: int, end: int) -> tuple[int, int] | None:
    """Span of the header of a wide table (行政复议 行政诉讼 结果维持 … 总计), read word by word."""
    words = {r.label.zh for r in table.rows} | {g.label.zh for r in table.rows for g in r.groups}
    words |= {c.label.zh for c in table.columns}
    pattern = re.compile("|".join(labels.label_regex(w).pattern for w in sorted(words, key=len, reverse=True)))
    first = pattern.search(text, start, end)
    if first is None:
        return None
    pos = first.end()
    while True:
        m = re.compile(r"\s*").match(text, pos)
        nxt = pattern.match(text, m.end() if m else pos, end)
        if nxt is None:
            return first.start(), pos
        pos = nxt.end()


# a figure that goes on after a character no figure has (2'418, 2、418, 2·418): the run must not end inside it
_CUT_FIGURE = re.compile(r"[^\s\u4e00-\u9fff（(][0-9]")
_TOKEN_REST = re.compile(r"\S*")


def _value_run(text: str, start: int, stop: int) -> tuple[str, int]:
    m = _VALUES.match(text, start, stop)
    run = m.group(0) if m else ""
    end = start + len(run)
    if run and not run[-1].isspace() and _CUT_FIGURE.match(text, end, stop):
        # read the whole token: its odd character then fails as no cell, named, instead of the figure's first digits
        token = _TOKEN_REST.match(text, end, stop)
        run = text[start:token.end() if token else end]
    elif not run.strip():  # no figure at all (〇 〇 〇, 零): the rest of the line, for the error to show what is there
        line_end = text.find("\n", start, stop)
        rest = text[start:line_end if line_end >= 0 else stop]
        if rest.strip() and len(rest) <= 60:
            run = rest
    return run, start


def locate(text: str, fmt: Format, headings: Sequence[Heading], body_end: int) -> TextTables:
    """Find every row of the format's tables in the parts that hold them."""
    norm = labels.normalise(text)
    by_section = {h.section: i for i, h in enumerate(headings)}
    runs: list[RowRun] = []
    spans: dict[str, tuple[int, int]] = {}
    missing: list[Missing] = []
    for section in fmt.sections:
        if not section.tables:
            continue
        if section.id not in by_section:  # its heading was not found: its rows are missing where the part should be
            after = [h.start for h in headings if fmt.section(h.section).number > section.number]
            ln, col = line_col(text, min(after, default=body_end))
            missing.extend(Missing(tid, r.id, r.label.zh, ln, col) for tid in section.tables
                           for r in fmt.tables[tid].rows)
            continue
        i = by_section[section.id]
        start = headings[i].end
        end = headings[i + 1].start if i + 1 < len(headings) else body_end
        stops: list[int] = [end]
        found: list[tuple[str, str, int, int]] = []  # table, row, label start, label end
        pos = start
        first = end
        for tid in section.tables:
            table = fmt.tables[tid]
            if table.wide:
                span = _header_end(norm, table, pos, end)
                if span is None:
                    ln, col = line_col(text, pos)
                    missing.extend(Missing(tid, r.id, r.label.zh, ln, col) for r in table.rows)
                    continue
                first = min(first, span[0])
                found.append((tid, "", span[0], span[1]))
                pos = span[1]
                continue
            for anchor in _anchors(table, section):
                hit = labels.find(norm, anchor, pos, end)
                if hit is not None:
                    first = min(first, hit[0])
                    stops.append(hit[0])
                    pos = hit[1]
            for row in table.rows:
                hit = labels.find(norm, row.label.zh, pos, end)
                if hit is None:
                    ln, col = line_col(text, pos)
                    missing.append(Missing(tid, row.id, row.label.zh, ln, col))
                    continue
                first = min(first, hit[0])
                found.append((tid, row.id, hit[0], hit[1]))
                stops.append(hit[0])
                pos = hit[1]
        last = first
        for tid, rid, _label_start, label_end in found:
            stop = min((s for s in stops if s >= label_end), default=end)
            run, at = _value_run(norm, label_end, stop)
            ln, col = line_col(text, at + len(run) - len(run.lstrip()))
            runs.append(RowRun(tid, rid, run.strip(), ln, col))
            last = max(last, label_end + len(run.rstrip()))
        if found:
            spans[section.id] = (first, last)
    return TextTables(tuple(runs), spans, tuple(missing))
