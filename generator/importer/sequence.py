"""Tables read as the form's sequence: each row's label (found loosely) followed by exactly its number of cells.

A converted document (PDF text, Markdown) scatters a table: labels break across lines, numbers sit on lines of their
own, group labels (（三）不予公开) fall between rows. The form fixes what must come: the rows in order, each with a
known count of cells. A table is read when its rows align with the source's separate number tokens by count; a row
whose label is lost is placed by count only when the form's arithmetic confirms it, else it stays an error."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from ..formats import Format, TableDef
from . import labels, split
from .rows import RowRun, line_col

# A separate number: bounded by white space after it (so 2645条, 第4页 and 1.属于 are no cells); a label may be
# glued before it (行政许可2293), not a character of a figure (the 418 of 2'418, 2、418 or 2·418 is no cell). Blanks:
# / — - ; notes such as 22（其中修订16件）; money with its unit.
_TOKEN = re.compile(r"(?<![0-9A-Za-z.．,，\-−－–—﹣'’`´·•×、/／])(?:[-−－–—﹣]?[0-9][0-9,，]*(?:\.[0-9]+)?(?:万元|元)?"
                    r"(?:（[^（）\n]{0,40}）)?"
                    r"|[/／]|[—－-]{1,2})(?=[ \t\n]|$)")
_GAP = 300  # characters allowed between a label and its first number, or between two numbers of a row
_WIDE_GAP = 1500  # after part 四's first header word come its other header words, over several lines
_MAX_SKIPPED = 3  # rows in a row whose label may be lost (pdftotext prints the last three labels after the numbers)
_BUDGET = 20000  # alignment steps per table: a hostile text ends in an error, not in minutes


@dataclass(frozen=True, slots=True)
class Token:
    """A separate number (or blank mark) printed in the text."""

    start: int
    end: int
    text: str


@dataclass
class Read:
    """The rows of the tables that aligned, which rows were placed by count alone, and where each table lies."""

    runs: list[RowRun] = field(default_factory=list)
    tables: set[str] = field(default_factory=set)
    recovered: dict[str, tuple[int, int]] = field(default_factory=dict)  # row key → line, col of its numbers
    spans: list[tuple[int, int]] = field(default_factory=list)


def tokens(text: str) -> list[Token]:
    """Every separate number of the text, in order."""
    return [Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def _occurrences(text: str, label: str, start: int) -> list[tuple[int, int]]:
    """Where a row label (or a variant, or its key, or a long enough prefix cut by a line break) is printed."""
    forms = [label, *labels.VARIANTS.get(label, ())]
    key = labels.key_of(label)
    if len(key) >= 3 and key != label:
        forms += [key, *labels.VARIANTS.get(key, ())]
    found: set[tuple[int, int]] = set()
    for form in forms:
        size = len(labels.normalise(form))
        pattern = labels.prefix_regex(form, max(5, math.ceil(size * 0.4)))
        found.update((m.start(), m.end()) for m in pattern.finditer(text, start))
    # of overlapping finds keep the longest one starting first (the full label over its key inside it)
    out: list[tuple[int, int]] = []
    for s, e in sorted(found, key=lambda p: (p[0], -p[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _close(text: str, a: int, b: int, gap: int = _GAP) -> bool:
    """True when a row may continue from offset a to b: near, and no sentence ends between (not narrative)."""
    return b - a <= gap and "。" not in text[a:b]


@dataclass
class _Table:
    text: str
    toks: list[Token]
    starts: list[int]
    occ: list[list[tuple[int, int]]]
    counts: list[int]
    wide_gap: int = _GAP
    steps: int = 0
    # where other rows' labels are printed: a row's numbers never lie across one (those are another row's), nor
    # do its first number and its label lie across another table's label (`before` holds only those)
    between: list[int] = field(default_factory=list)
    before: list[int] = field(default_factory=list)

    def first_token(self, pos: int) -> int:
        return bisect.bisect_left(self.starts, pos)

    def take(self, k: int, after: int, n: int) -> bool:
        """Whether tokens k … k+n-1 exist, follow `after` closely and each other, with no other row's label between."""
        if k + n > len(self.toks):
            return False
        prev = after
        for j, t in enumerate(self.toks[k:k + n]):
            if not _close(self.text, prev, t.start, self.wide_gap if j == 0 else _GAP):
                return False
            if _crosses(self.before if j == 0 else self.between, prev, t.start):
                return False
            prev = t.end
        return True

    def solve(self, i: int, k: int, floor: int, skipped: int) -> list[tuple[int, tuple[int, int] | None]] | None:
        """Rows i… from token k on, each label after `floor` and before token k: (first token, label) per row."""
        self.steps += 1
        if self.steps > _BUDGET:
            return None
        if i == len(self.counts):
            return []
        n = self.counts[i]
        limit = self.toks[k].start if k < len(self.toks) else len(self.text)
        for o in self.occ[i]:
            if o[0] < floor:
                continue
            if i > 0 and o[0] > limit:
                break
            # the row's numbers start after its label; a number inside the label (`3 .其他`) is the label's own
            k0 = self.first_token(o[1])
            if self.take(k0, o[1], n):
                rest = self.solve(i + 1, k0 + n, self.toks[k0 + n - 1].end if n else o[1], 0)
                if rest is not None:
                    return [(k0, o), *rest]
            if i == 0 and self.steps > _BUDGET:
                return None
        if i > 0 and skipped < _MAX_SKIPPED and self.take(k, floor, n):
            rest = self.solve(i + 1, k + n, self.toks[k + n - 1].end, skipped + 1)
            if rest is not None:
                return [(k, None), *rest]
        return None


def _crosses(marks: list[int], a: int, b: int) -> bool:
    """True when a mark lies in [a, b)."""
    i = bisect.bisect_left(marks, a)
    return i < len(marks) and marks[i] < b


def _row_labels(table: TableDef) -> list[tuple[str, str]]:
    if table.wide:  # part 四: one printed row of all cells after the header (行政复议 … 总计)
        return [("", table.rows[0].label.zh)]
    return [(r.id, r.label.zh) for r in table.rows]


def _words(fmt: Format, table: TableDef) -> set[str]:
    """The characters of the table's own printed words: lines made only of them are the table's furniture."""
    words = [table.label.zh, *(a.label.zh for a in (*table.rows, *table.columns))]
    words += [g.label.zh for a in (*table.rows, *table.columns) for g in a.groups]
    words += [x.zh for x in (table.note, table.header) if x is not None]
    words += [s.label.zh for s in fmt.sections if table.id in s.tables]
    words += [v for w in words for v in labels.VARIANTS.get(w, ())]
    return set("".join(labels.normalise(w) for w in words)) | set("第二十条项（）：:，、.．勾稽关系 \t")


def _extend(text: str, start: int, end: int, chars: set[str]) -> tuple[int, int]:
    """The table's span grown over whole lines of its own furniture (headers above, the note below)."""
    line_start = text.rfind("\n", 0, start) + 1
    while line_start > 0:
        prev = text.rfind("\n", 0, line_start - 1) + 1
        line = text[prev:line_start - 1]
        if line.strip() and not set(line) <= chars:
            break
        line_start = prev
    line_end = text.find("\n", end)
    while line_end != -1:
        nxt = text.find("\n", line_end + 1)
        line = text[line_end + 1:nxt if nxt != -1 else len(text)]
        if line.strip() and not set(line) <= chars:
            break
        line_end = nxt
    return line_start, line_end if line_end != -1 else len(text)


def read(text: str, fmt: Format, start: int = 0) -> Read:
    """The tables of `text` (normalised, furniture masked) that align with the form's sequence of rows."""
    out = Read()
    toks = [t for t in tokens(text) if t.start >= start]
    starts = [t.start for t in toks]
    marks = {tid: sorted({o[0] for r in t.rows for o in _occurrences(text, r.label.zh, start)})
             for tid, t in fmt.tables.items()}
    for tid, table in fmt.tables.items():
        rows = _row_labels(table)
        counts = [len(table.columns) * (len(table.rows) if table.wide else 1)] * len(rows)
        occ = [_occurrences(text, label, start) for _rid, label in rows]
        others = sorted(m for t, ms in marks.items() if t != tid for m in ms)
        state = _Table(text, toks, starts, occ, counts, _WIDE_GAP if table.wide else _GAP,
                       between=others if table.wide else sorted(others + marks[tid]), before=others)
        found = state.solve(0, 0, start, 0)
        if not found:
            continue
        out.tables.add(tid)
        first = last = None
        for (rid, _label), (k, o), n in zip(rows, found, counts, strict=True):
            cells = toks[k:k + n]
            at = cells[0].start if cells else (o[1] if o else 0)
            line, col = line_col(text, at)
            out.runs.append(RowRun(tid, rid, " ".join(t.text for t in cells), line, col,
                                   tuple(t.text for t in cells)))
            if o is None:
                out.recovered[f"{tid}.{rid}" if rid else tid] = (line, col)
            first = o[0] if first is None and o is not None else first
            last = cells[-1].end if cells else last
        if first is not None and last is not None:
            out.spans.append(_extend(text, first, last, _words(fmt, table)))
    return out


def unconfirmed(fmt: Format, got: Read, values: dict[str, split.Value]) -> list[str]:
    """Rows placed by count alone that the form's arithmetic does not confirm. A row is confirmed when each of its
    cells takes part in a sum that holds and reaches beyond the row (a column balance, the results total): numbers
    shifted by one row or column would break it. A published imbalance elsewhere is left to validation."""
    rules = split.equations(fmt)
    bad = []
    for key in got.recovered:
        table, _dot, row = key.partition(".")
        ids = {cid for _c, cid in fmt.tables[table].row_cells[row]} if row else set(fmt.tables[table].cell_ids())
        holding = [i for i in rules if i.cell_set & ids and i.cell_set <= set(values) and not i.cell_set <= ids
                   and split._holds(i, values)]
        if not ids <= {c for i in holding for c in i.cell_set}:
            bad.append(key)
    return bad

