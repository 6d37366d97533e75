"""Read the statutory tables of a report.yaml into cell values by public cell id."""

from __future__ import annotations

import difflib
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from generator.check.schema import DocReader
from generator.errors import did_you_mean
from generator.formats import Axis, Format, TableDef
from generator.load.positions import find_tables
from generator.load.yamlsource import Path, YamlDoc
from generator.model import CellValue, Locations

_MONEY = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:元|万元)")
_TYPES = {"int": (True, False), "signed_int": (True, True), "decimal": (False, False)}


@dataclass
class TableCells:
    """What a report gives for its tables: values (None = blank) and the omitted 总计 cells."""

    given: dict[str, CellValue] = field(default_factory=dict)
    omitted: set[str] = field(default_factory=set)


def _misspelled(given: Iterable[str], expected: list[str]) -> set[str]:
    """Expected ids that an unknown key probably meant: reported once, as a did-you-mean, not also as missing."""
    unknown = [k for k in given if k not in expected]
    return {m for k in unknown for m in difflib.get_close_matches(k, expected, n=1, cutoff=0.6)}


def _cell(reader: DocReader, kind: str, value: Any, path: Path, cell_id: str) -> tuple[bool, CellValue]:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return True, None
    if kind == "money_text":
        if isinstance(value, str) and _MONEY.fullmatch(value.strip()):
            return True, value.strip()
        reader.error("BAD_AMOUNT", f"{cell_id} must be an amount with its unit as printed, found {value!r}", path,
                     'write the figure and unit in quotes, e.g. "75394432.52元" or "1237.40万元"')
        return False, None
    integer, signed = _TYPES[kind]
    number = reader.number(value, path, integer=integer, signed=signed, what=cell_id)
    return number is not None, number


def cell_path(cell_id: str) -> Path:
    """Where a cell is written in report.yaml: tables → table → row → column."""
    return ("tables", *cell_id.split("."))


class _Finder:
    """Positions in one report.yaml: one cell by a scan for it, all of them by one scan of the tables."""

    def __init__(self, doc: YamlDoc, fmt: Format) -> None:
        self.doc, self.fmt = doc, fmt

    def position(self, index: int) -> tuple[int, int]:
        return self.doc.locate(("tables",) if index == 0 else cell_path(list(self.fmt.cell_types)[index - 1]))

    def packed(self) -> bytes:
        found = find_tables(self.doc)
        if found is None:  # not plainly written: PyYAML's marks
            paths = [("tables",), *(cell_path(cell) for cell in self.fmt.cell_types)]
            return array("I", chain.from_iterable(self.doc.at(p) for p in paths)).tobytes()
        # each cell where it is written, or at its nearest written ancestor (as `YamlDoc.at` locates)
        start, tables = found[("tables",)]
        out = [start]
        for table in self.fmt.tables.values():
            tfound = found.get(("tables", table.id))
            tpos, rows = tfound if tfound is not None else (tables.get(table.id, start), {})
            for row in table.rows:
                rfound = found.get(("tables", table.id, row.id))
                rpos, cols = rfound if rfound is not None else (rows.get(row.id, tpos), {})
                out.extend([cols.get(col.id, rpos) for col in table.columns])
        return array("I", chain.from_iterable(out)).tobytes()


def locations(doc: YamlDoc, fmt: Format | None) -> Locations:
    """Where a report's figures are written (found in `doc` when asked for, or all when the model is pickled)."""
    return Locations(doc.file, _Finder(doc, fmt) if fmt is not None else None)


_ABSENT = object()
_COUNTS = frozenset(("int", "signed_int"))


_COUNT_ROWS: dict[int, tuple[TableDef, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]]] = {}


def _count_rows(table: TableDef) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Row id → (column ids, cell ids) of the table's rows whose every cell is a count: made once per table (the
    table is kept alive with it, so that its id is not reused)."""
    known = _COUNT_ROWS.get(id(table))
    if known is None or known[0] is not table:
        known = (table, {row: (tuple(c.id for c, _ in plan), tuple(cid for _, cid in plan))
                         for row, plan in table.row_cells.items() if all(c.type == "int" for c, _ in plan)})
        _COUNT_ROWS[id(table)] = known
    return known[1]


def _row(reader: DocReader, fmt: Format, table: TableDef, row: Axis, cols: dict[str, Any], out: TableCells) -> None:
    counts = _count_rows(table).get(row.id)
    if counts is not None and len(cols) == len(counts[0]):  # the common case: a full row of counts
        values = list(map(cols.get, counts[0]))
        for v in values:
            if v.__class__ is not int or v < 0:
                break
        else:
            out.given.update(zip(counts[1], values, strict=True))
            return
    rpath = ("tables", table.id, row.id)
    col_ids = [c.id for c in table.columns]
    for key in cols:
        if key not in col_ids:
            reader.error("UNKNOWN_KEY", f"unknown column `{key}` in row {table.id}.{row.id}"
                         f"{did_you_mean(key, col_ids)}", (*rpath, key),
                         f"columns of {table.id}: {', '.join(col_ids)}", key=True)
    missing, blank = [], []
    for col, cell_id in table.row_cells[row.id]:
        value = cols.get(col.id, _ABSENT)
        if value.__class__ is int and col.type in _COUNTS and (value >= 0 or col.type == "signed_int"):
            out.given[cell_id] = value  # the common case, checked without the general reader
            continue
        if value is _ABSENT:
            if cell_id in fmt.fillable:
                out.omitted.add(cell_id)
            elif col.id not in _misspelled(cols, col_ids):
                missing.append(col.id)
            continue
        ok, cell = _cell(reader, col.type, value, (*rpath, col.id), cell_id)
        if ok:
            out.given[cell_id] = cell
            if cell is None:
                blank.append(col.id)
    if missing:
        reader.error("MISSING_CELL", f"row {table.id}.{row.id} has no {', '.join(missing)}", rpath,
                     "give every cell of the form; write null where the published report left it blank")
    if blank:
        reader.warning("BLANK_CELL", f"row {table.id}.{row.id}: blank where the form expects a number: "
                       f"{', '.join(blank)}", (*rpath, blank[0]),
                       "a blank is not a zero: write 0 if the count is zero, keep null only if the "
                       "published report left the cell empty")


def read_tables(reader: DocReader, fmt: Format, value: Any, path: Path) -> TableCells:
    """Check table, row and column ids and every cell's type; report missing and blank cells."""
    out = TableCells()
    tables = reader.mapping(value, path, optional=list(fmt.tables), what=f"`tables` (format {fmt.version})")
    for table in fmt.tables.values():
        tpath = (*path, table.id)
        if table.id not in tables:
            reader.error("MISSING_CELL", f"table {table.id} ({table.label.zh}) is missing: "
                         f"{len(table.cell_ids())} cells", path,
                         f"add `{table.id}:` with its rows; write null for cells the published report left blank")
            continue
        row_ids = [r.id for r in table.rows]
        rows = reader.mapping(tables[table.id], tpath, optional=row_ids, what=f"table `{table.id}`")
        for row in table.rows:
            cols = rows.get(row.id, _ABSENT)
            if cols.__class__ is dict:
                _row(reader, fmt, table, row, cols, out)
            elif cols is not _ABSENT:
                reader.mapping(cols, (*tpath, row.id), what=f"row `{table.id}.{row.id}`")
            else:
                need = [c.id for c in table.columns if f"{table.id}.{row.id}.{c.id}" not in fmt.fillable]
                if not need:  # a row of 总计 cells only, e.g. （七）总计: computed
                    out.omitted.update(f"{table.id}.{row.id}.{c.id}" for c in table.columns)
                elif row.id not in _misspelled(rows, row_ids):
                    reader.error("MISSING_CELL", f"row {table.id}.{row.id} ({row.label.zh}) is missing", tpath,
                                 f"add `{row.id}: {{{', '.join(f'{c}: …' for c in need)}}}`", key=True)
    return out
