"""The tables of a text source: by the parts that hold them (flattened page text), or as the form's sequence
(converted documents); the reading with fewer problems is kept, table by table where both read some."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import Diagnostic
from ..formats import Format
from . import labels, sequence, text_tables
from .extract import Extraction, extract
from .headings import Heading
from .rows import Missing, RowRun
from .split import Value


def not_found(missing: Sequence[Missing], shown: str) -> list[Diagnostic]:
    """IMPORT_ROW_NOT_FOUND for each row the source does not show."""
    return [Diagnostic(
        "error", "IMPORT_ROW_NOT_FOUND",
        f"row `{m.label}` of table {m.table} ({m.table}.{m.row}) was not found", shown, m.line, m.col,
        "check that the table in the source is complete; rows are searched in the form's order") for m in missing]


def _errors(diags: Sequence[Diagnostic]) -> int:
    return sum(1 for d in diags if d.severity == "error")


def _unconfirmed(fmt: Format, got: sequence.Read, ext: Extraction, shown: str) -> list[Diagnostic]:
    values = {cid: c.value for cid, c in ext.cells.items()}
    out = []
    for key in sequence.unconfirmed(fmt, got, values):
        table, _dot, row = key.partition(".")
        label = fmt.tables[table].rows[0].label.zh if not row else next(
            r.label.zh for r in fmt.tables[table].rows if r.id == row)
        line, col = got.recovered[key]
        cells = fmt.tables[table].row_cells[row or fmt.tables[table].rows[0].id]
        shown_values = ",".join("?" if cid not in values else "blank" if values[cid] is None else str(values[cid])
                                for _c, cid in cells)
        out.append(Diagnostic(
            "error", "IMPORT_ROW_NOT_FOUND",
            f"row `{label}` of table {table} ({key}) was not found: its label is not printed, and the numbers in its "
            f"place ({shown_values}) are not confirmed by the form's sums", shown, line, col,
            "check the row in the original; print its label before its numbers and import again"))
        for _c, cid in fmt.tables[table].row_cells[row or fmt.tables[table].rows[0].id]:
            ext.cells.pop(cid, None)
    return out


def read_text(text: str, fmt: Format, heads: Sequence[Heading], start: int, end: int, shown: str,
              splits: Mapping[str, str], before: Mapping[str, Value]
              ) -> tuple[Extraction, list[Diagnostic], list[tuple[int, int]]]:
    """Every cell of the text's tables, the problems, and the spans of the tables (cut from the narrative)."""
    located = text_tables.locate(text, fmt, heads, end)
    by_parts = extract(located.runs, fmt, shown, splits, before)
    first = [*not_found(located.missing, shown), *by_parts.diagnostics]
    part_cuts = list(located.spans.values())
    if not _errors(first):
        return by_parts, first, part_cuts
    got = sequence.read(labels.normalise(text), fmt, start)
    if not got.tables:
        return by_parts, first, part_cuts
    # tables the sequence did not read keep what the part-by-part reading found for them
    runs: list[RowRun] = [*got.runs, *(r for r in located.runs if r.table not in got.tables)]
    missing = [m for m in located.missing if m.table not in got.tables]
    ext = extract(runs, fmt, shown, splits, before)
    second = [*not_found(missing, shown), *ext.diagnostics, *_unconfirmed(fmt, got, ext, shown)]
    if _errors(second) < _errors(first):
        cuts = [*got.spans, *(s for sec, s in located.spans.items()
                              if not any(t in got.tables for t in fmt.section(sec).tables))]
        return ext, second, cuts
    return by_parts, first, part_cuts
