"""Every cell of the form from the rows found: direct where the source separates cells, by arithmetic where not."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import Diagnostic
from ..formats import Format, RuleInstance
from . import chains, split
from .rows import RowRun
from .split import Cell, Value


@dataclass
class Extraction:
    """The cells read (cell id → Cell), how each ambiguous row was decided, and problems."""

    cells: dict[str, Cell] = field(default_factory=dict)
    decided: dict[str, str] = field(default_factory=dict)  # row key → "column sums" | "--split"
    ambiguous: dict[str, list[tuple[Value, ...]]] = field(default_factory=dict)  # row key → surviving splits
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _cell_ids(fmt: Format, run: RowRun) -> tuple[list[str], list[str]]:
    table = fmt.tables[run.table]
    if not run.row:
        ids = list(table.cell_ids())
        return ids, [c.type for _r in table.rows for c in table.columns]
    return [cid for _c, cid in table.row_cells[run.row]], [c.type for c in table.columns]


_ANNOTATION = re.compile(r"（([^（）]*)）")


def _strip_notes(run: str) -> tuple[str, dict[int, str]]:
    """The digits of a run without its annotations, and each annotation by the digit offset it follows."""
    compact = re.sub(r"\s+", "", run)
    notes: dict[int, str] = {}
    out = []
    pos = 0
    for m in _ANNOTATION.finditer(compact):
        out.append(compact[pos:m.start()])
        notes[sum(len(x) for x in out)] = m.group(1).strip()
        pos = m.end()
    out.append(compact[pos:])
    return "".join(out), notes


def _assign(out: Extraction, ids: Sequence[str], values: Sequence[Value], notes: Mapping[int, str]) -> None:
    """Store a row's values; an annotation goes to the cell whose printed digits end where it stands."""
    end = 0
    for cid, value in zip(ids, values, strict=True):
        end += len(str(value)) if value is not None else 0
        out.cells[cid] = Cell(value, notes.get(end, ""))


def _show(values: Sequence[Value]) -> str:
    return ",".join(str(v) for v in values)


def _user_split(run: RowRun, text: str, ids: Sequence[str], kinds: Sequence[str], path: str,
                candidates: Sequence[tuple[Value, ...]]) -> tuple[tuple[Value, ...] | None, list[Diagnostic]]:
    parts = [p.strip() for p in text.split(",")]
    cells = [split.parse_token(p, k) for p, k in zip(parts, kinds, strict=False)]
    values = tuple(c.value for c in cells if c is not None)
    compact = _strip_notes(run.run)[0]
    if len(parts) != len(ids) or len(values) != len(ids) or "".join(parts) != compact:
        shown = text if len(text) <= 80 else f"{text[:40]}… ({len(text):,} characters)"
        return None, [Diagnostic(
            "error", "IMPORT_SPLIT_MISMATCH",
            f"--split {run.key}={shown} does not split the printed `{compact[:80]}` into {len(ids)} cells",
            path, run.line, run.col,
            f"give {len(ids)} comma-separated values that, written together, read `{compact}`")]
    if candidates and values not in candidates:
        return None, [Diagnostic(
            "error", "IMPORT_SPLIT_MISMATCH",
            f"--split {run.key}={text} breaks the row's own arithmetic (总计 = the sum of its cells)",
            path, run.line, run.col, "candidates: " + "; ".join(_show(c) for c in candidates[:5]))]
    return values, []


def extract(runs: Sequence[RowRun], fmt: Format, path: str, splits: Mapping[str, str],
            before: Mapping[str, Value] | None = None) -> Extraction:
    """Resolve every row: separated tokens, a unique split, column sums across open rows, or the user's --split.
    `before` (last year's cells) only adds to the hint of an ambiguous row which splits agree with the chains."""
    out = Extraction()
    rules = split.equations(fmt)
    row_cells: dict[str, list[str]] = {}
    open_rows: dict[str, list[tuple[Value, ...]]] = {}
    notes: dict[str, dict[int, str]] = {}
    by_key = {r.key: r for r in runs}
    for run in runs:
        ids, kinds = _cell_ids(fmt, run)
        row_cells[run.key] = ids
        if run.tokens is not None:
            cells = [split.parse_token(t, k) for t, k in zip(run.tokens, kinds, strict=True)]
            if all(c is not None for c in cells):
                out.cells.update({i: c for i, c in zip(ids, cells, strict=True) if c is not None})
                continue
        elif (direct := split.row_tokens(run.run, ids, kinds, rules)) is not None:
            out.cells.update(zip(ids, direct, strict=True))
            continue
        digits, notes[run.key] = _strip_notes(run.run)
        candidates = split.row_candidates(digits, ids, kinds, rules)
        separated = run.tokens or run.run.split()
        if 1 < len(separated) < len(ids) and not any(i.cell_set <= set(ids) for i in rules):
            # fewer separate numbers than cells, and no sum in the row to tell a number holding two cells (13 = 1, 3)
            # from a blank printed as nothing (13, blank): never guessed
            candidates = []
        if run.key in splits:
            chosen, diags = _user_split(run, splits[run.key], ids, kinds, path, candidates)
            out.diagnostics.extend(diags)
            if chosen is not None:
                _assign(out, ids, chosen, notes[run.key])
                out.decided[run.key] = "--split"
            continue
        if len(candidates) == 1:
            _assign(out, ids, candidates[0], notes[run.key])
        elif not candidates:
            few = 0 < len(shown := run.tokens or tuple(run.run.split())) < len(ids) and all(
                split.parse_token(t, k) is not None for t, k in zip(shown, kinds, strict=False))
            out.diagnostics.append(Diagnostic(
                "error", "IMPORT_BAD_ROW",
                f"cannot read the {len(ids)} values of {run.key}: found `{' '.join(run.run.split())}`"
                + (f" ({len(shown)} numbers for {len(ids)} cells)" if few else ""),
                path, run.line, run.col,
                _blank_hint(path, run.key) if few
                else "check the row in the source; every cell must be a number or blank"))
        else:
            open_rows[run.key] = candidates
    for key in sorted(splits):
        if key not in by_key:
            out.diagnostics.append(Diagnostic(
                "error", "IMPORT_SPLIT_MISMATCH", f"--split names no row of the source: {key}", path,
                hint="name a row as table.row, e.g. t3.granted, or t4"))
    if open_rows:
        _resolve_open(out, open_rows, row_cells, rules, by_key, path, notes)
        if before:
            _chain_hints(out, fmt.version, row_cells, before)
    return out


def _blank_hint(path: str, key: str) -> str:
    """What to do about a row whose blank cells are printed as nothing, by the kind of source."""
    split_it = f"; if a printed number holds several cells run together, give them: `--split {key}=V1,V2,…`"
    if path.lower().endswith((".pdf", ".docx")):
        return ("blank cells printed as nothing cannot be placed in their columns, and this file's table did not "
                "keep them: import the report's HTML page, or type the row into report.yaml" + split_it)
    return ("blank cells printed as nothing cannot be placed in their columns: import the HTML page, the PDF or the "
            "DOCX, whose table keeps them, or type the row into report.yaml" + split_it)


def _resolve_open(out: Extraction, open_rows: dict[str, list[tuple[Value, ...]]], row_cells: Mapping[str, list[str]],
                  rules: Sequence[RuleInstance], by_key: Mapping[str, RowRun], path: str,
                  notes: Mapping[str, Mapping[int, str]]) -> None:
    """Decide open rows table by table with the column sums; a row still open is reported, never guessed."""
    fixed = {cid: c.value for cid, c in out.cells.items()}
    tables = sorted({by_key[k].table for k in open_rows})
    left: dict[str, list[tuple[Value, ...]]] = {}
    for table in tables:
        group = {k: v for k, v in open_rows.items() if by_key[k].table == table}
        touched = {c for k in group for c in row_cells[k]}
        if not any(i.cell_set & touched for i in rules):
            left.update(group)
            continue
        survivors = split.resolve_columns(fixed, group, row_cells, rules)
        for key, cands in group.items():
            seen = list(dict.fromkeys(s[key] for s in survivors))
            if len(seen) == 1:
                _assign(out, row_cells[key], seen[0], notes[key])
                out.decided[key] = "column sums"
            else:
                left[key] = seen or cands
    for key in sorted(left, key=lambda k: (by_key[k].line, by_key[k].col)):
        run, cands = by_key[key], left[key]
        out.ambiguous[key] = cands
        compact = _strip_notes(run.run)[0]
        shown = "; ".join(_show(c) for c in cands[:4]) + (f"; … ({len(cands)} in all)" if len(cands) > 4 else "")
        n = len(row_cells[key])
        out.diagnostics.append(Diagnostic(
            "error", "IMPORT_AMBIGUOUS_SPLIT",
            f"the digits `{compact}` of {key} split into its {n} cells in {len(cands)} ways that the form's "
            f"arithmetic allows: {shown}",
            path, run.line, run.col,
            f"read the row in the original table and pass --split {key}={','.join(['N'] * n)} with its values"))


def _chain_hints(out: Extraction, version: str, row_cells: Mapping[str, list[str]],
                 before: Mapping[str, Value]) -> None:
    """Name, in the hint of each ambiguous row, the splits that agree with last year's report (never decide)."""
    now = {cid: c.value for cid, c in out.cells.items()}
    for n, d in enumerate(out.diagnostics):
        key = next((k for k in out.ambiguous if f" of {k} split " in d.message), None)
        if d.code != "IMPORT_AMBIGUOUS_SPLIT" or key is None:
            continue
        rules, agree = chains.agreeing(row_cells[key], out.ambiguous[key], now, before, version)
        if not rules:
            continue
        names = ", ".join(rules)
        if not agree:
            extra = f"; none agrees with last year's report ({names})"
        elif len(agree) == 1:
            extra = f"; only {_show(agree[0])} agrees with last year's report ({names})"
        else:
            extra = (f"; {len(agree)} agree with last year's report ({names}): "
                     + "; ".join(_show(c) for c in agree[:4]) + ("; …" if len(agree) > 4 else ""))
        out.diagnostics[n] = dataclasses.replace(d, hint=d.hint + extra)
