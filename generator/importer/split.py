"""Cells from a row's printed values: parse separated tokens, or split run-together digits by the form's arithmetic."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..formats import Format, RuleInstance

Value = int | Decimal | str | None

_NUMBER = {
    "int": r"(?:0|[1-9][0-9]*)",
    "signed_int": r"-?(?:0|[1-9][0-9]*)",
    "decimal": r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?",
    "money_text": r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:万元|元)",
}
_LOOSE_MONEY = r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:万元|元)?"  # a separate cell may omit the unit
_TOKEN = {t: re.compile(p) for t, p in _NUMBER.items()}
_BLANKS = {"", "/", "／", "-", "—", "－", "——", "无"}
_NOTE = re.compile(r"^(.*?)[（(]([^（）()]*)[）)]$")
# How documents print a minus sign before a figure (本年增/减 −18): the minus sign, full-width hyphen-minus, en and em
# dashes, small hyphen-minus. Read as "-" in a signed cell only; in any other cell such a figure is no cell (an error,
# never the figure without its sign).
MINUS_SIGNS = "−－–—﹣"
MAX_CANDIDATES = 20000  # a run this ambiguous is reported, not enumerated further


@dataclass(frozen=True, slots=True)
class Cell:
    """A parsed cell: its value as written (None = blank) and an annotation printed beside it."""

    value: Value
    note: str = ""


def convert(text: str, kind: str) -> Value:
    """The typed value of a token that matches the column type `kind`."""
    if kind in ("int", "signed_int"):
        return int(text)
    if kind == "decimal":
        return Decimal(text)
    return text


def parse_token(token: str, kind: str) -> Cell | None:
    """One separated cell: a number of the column's type, blank, or a number with a note (22（其中修订16件）)."""
    text = token.strip()
    if text in _BLANKS:
        return Cell(None)
    note = ""
    m = _NOTE.match(text)
    if m and m.group(1):
        text, note = m.group(1).strip(), m.group(2).strip()
    if not _thousands(text):
        return None  # 4166,241619 or 24,18: a comma that groups no thousands (a decimal comma?) is no figure
    text = text.replace("，", "").replace(",", "")
    if kind == "signed_int" and text[:1] in MINUS_SIGNS and text[1:2].isdigit():
        text = "-" + text[1:]
    pattern = _LOOSE_MONEY if kind == "money_text" else _NUMBER[kind]
    if kind == "decimal" and text.endswith("万元"):
        text = text[:-2]
    if len(text) > MAX_DIGITS + 8 or not re.fullmatch(pattern, text):
        return None  # a cell of thousands of digits is none (and int() would refuse it)
    return Cell(convert(text, kind), note)


def _thousands(text: str) -> bool:
    """Whether every comma of a figure separates thousands: 1-3 digits, then groups of three (2,418; 4,166.24)."""
    parts = re.split("[,，]", text)
    if len(parts) == 1:
        return True
    return (re.search(r"(?<![0-9])[0-9]{1,3}$", parts[0]) is not None
            and all(re.fullmatch("[0-9]{3}", p) for p in parts[1:-1])
            and re.match("[0-9]{3}(?![0-9])", parts[-1]) is not None)


MAX_DIGITS = 15  # of one cell (a sum of money in 元 with cents): longer runs are no cells, and the search stays small


def _splits(text: str, kinds: Sequence[str], pos: int = 0) -> Iterator[tuple[str, ...]]:
    if not kinds:
        if pos == len(text):
            yield ()
        return
    if not len(kinds) <= len(text) - pos <= MAX_DIGITS * len(kinds):
        return  # the digits left cannot fill the cells left: prune before trying every cut
    pattern = _TOKEN[kinds[0]]
    rest = len(kinds) - 1
    for end in range(pos + 1, min(len(text) - rest, pos + MAX_DIGITS + 2) + 1):
        if pattern.fullmatch(text, pos, end):
            for tail in _splits(text, kinds[1:], end):
                yield (text[pos:end], *tail)


def _holds(instance: RuleInstance, values: Mapping[str, Value]) -> bool:
    def side(terms: Sequence[object]) -> Decimal:
        total = Decimal(0)
        for t in terms:
            v = values[t.cell]  # type: ignore[attr-defined]
            total += t.sign * (Decimal(v) if isinstance(v, int | Decimal) else 0)  # type: ignore[attr-defined]
        return total

    lhs, rhs = side(instance.lhs), side(instance.rhs)
    return lhs == rhs if instance.op == "==" else lhs <= rhs


def equations(fmt: Format) -> tuple[RuleInstance, ...]:
    """Every instance of the form's error equations (row totals, column sums)."""
    return tuple(i for r in fmt.rules if r.kind == "equation" and r.severity == "error" for i in r.instances)


def row_candidates(run: str, cell_ids: Sequence[str], kinds: Sequence[str],
                   rules: Sequence[RuleInstance]) -> list[tuple[Value, ...]]:
    """Every split of a digit run into the row's cells that satisfies the rules lying within the row."""
    compact = re.sub(r"\s+", "", run)
    inside = [i for i in rules if i.cell_set <= set(cell_ids)]
    found: list[tuple[Value, ...]] = []
    for parts in _splits(compact, list(kinds)):
        values = tuple(convert(p, k) for p, k in zip(parts, kinds, strict=True))
        if all(_holds(i, dict(zip(cell_ids, values, strict=True))) for i in inside):
            found.append(values)
            if len(found) >= MAX_CANDIDATES:
                break
    return found


def row_tokens(run: str, cell_ids: Sequence[str], kinds: Sequence[str],
               rules: Sequence[RuleInstance]) -> list[Cell] | None:
    """The row's cells when its whitespace-separated tokens are exactly one per cell and keep the row's arithmetic;
    or, in a row whose cells are separated by tabs, its tab-separated fields, an empty one a blank cell
    (…数量\t151\t3\t\t\t\t\t154: a table copied from a spreadsheet or a Word table saved as text)."""
    tokens = run.split()
    if len(tokens) != len(kinds) and "\t" in run and len(fields := run.split("\t")) == len(kinds):
        tokens = [f.strip() for f in fields]
    if len(tokens) != len(kinds):
        return None
    cells = [parse_token(t, k) for t, k in zip(tokens, kinds, strict=True)]
    if any(c is None for c in cells):
        return None
    parsed = [c for c in cells if c is not None]
    values = dict(zip(cell_ids, (c.value for c in parsed), strict=True))
    inside = [i for i in rules if i.cell_set <= set(cell_ids)]
    if any(v is None for v in values.values()) or all(_holds(i, values) for i in inside):
        return parsed
    return None


def resolve_columns(fixed: Mapping[str, Value], open_rows: Mapping[str, list[tuple[Value, ...]]],
                    row_cells: Mapping[str, Sequence[str]], rules: Sequence[RuleInstance],
                    limit: int = 200000) -> list[dict[str, tuple[Value, ...]]]:
    """The combinations of the open rows' candidates under which every rule touching them holds."""
    names = sorted(open_rows)
    touched = set().union(*(row_cells[n] for n in names)) if names else set()
    known = set(fixed) | touched
    relevant = [i for i in rules if i.cell_set & touched and i.cell_set <= known]
    survivors: list[dict[str, tuple[Value, ...]]] = []
    for n, combo in enumerate(itertools.product(*(open_rows[r] for r in names))):
        if n >= limit:
            break
        values = dict(fixed)
        for r, vals in zip(names, combo, strict=True):
            values.update(zip(row_cells[r], vals, strict=True))
        if all(_holds(i, values) for i in relevant):
            survivors.append(dict(zip(names, combo, strict=True)))
    return survivors
