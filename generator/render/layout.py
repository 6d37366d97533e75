"""The printed layout of the statutory tables: header grids with rowspan/colspan, derived from the format data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.formats import Axis, Format, Group, Label, TableDef


@dataclass(frozen=True, slots=True)
class HeaderCell:
    """One `<th>` of a header or label column."""

    label: Label
    rowspan: int = 1
    colspan: int = 1
    scope: str = "col"  # col | colgroup | row | rowgroup
    css: str = ""


@dataclass(frozen=True, slots=True)
class BodyRow:
    """One row of the table body: its label cells, then (cell id, colspan) for each value."""

    labels: tuple[HeaderCell, ...]
    cells: tuple[tuple[str, int], ...]
    section: Label | None = None  # a part-二 sub-table caption row (第二十条第（一）项) printed before this row


@dataclass(frozen=True, slots=True)
class TableLayout:
    """A whole statutory table ready to print: caption, header rows, body rows."""

    id: str  # t2 (the part-二 tables printed as one), t3, t4
    caption: Label
    head: tuple[tuple[HeaderCell, ...], ...]
    body: tuple[BodyRow, ...]
    columns: int  # total number of columns, labels included
    note: Label | None = None


def _span_groups(paths: Sequence[tuple[Group, ...]], level: int, start: int) -> int:
    """How many consecutive items from `start` share the group path up to `level`."""
    key = paths[start][: level + 1]
    n = 1
    while start + n < len(paths) and paths[start + n][: level + 1] == key:
        n += 1
    return n


def _column_head(columns: Sequence[tuple[tuple[Group, ...], Label]], top: tuple[HeaderCell, ...]) -> list[
        list[HeaderCell]]:
    """Header rows for columns given as (group path, leaf label): groups span their children."""
    depth = max(len(g) for g, _ in columns) + 1
    rows: list[list[HeaderCell]] = [list(top)] + [[] for _ in range(depth - 1)]
    paths = [g for g, _ in columns]
    for level in range(depth):
        i = 0
        while i < len(columns):
            groups, label = columns[i]
            if len(groups) > level:
                span = _span_groups(paths, level, i)
                rows[level].append(HeaderCell(groups[level].label, colspan=span, scope="colgroup"))
                i += span
                continue
            if len(groups) == level:
                rows[level].append(HeaderCell(label, rowspan=depth - level))
            i += 1
    return rows


def _row_labels(rows: Sequence[Axis], index: int, depth: int) -> tuple[HeaderCell, ...]:
    """The label cells of body row `index`: merged group cells where a group starts, then the leaf."""
    row = rows[index]
    paths = [r.groups for r in rows]
    cells = []
    for level, group in enumerate(row.groups):
        if index == 0 or paths[index - 1][: level + 1] != row.groups[: level + 1]:
            cells.append(HeaderCell(group.label, rowspan=_span_groups(paths, level, index), scope="rowgroup",
                                    css=f"lv{level} group"))
    # lv<n>: the label column it starts in (phones keep the label columns in place while the figures scroll)
    cells.append(HeaderCell(row.label, colspan=depth - len(row.groups), scope="row", css=f"lv{len(row.groups)}"))
    return tuple(cells)


def grid_layout(table: TableDef, caption: Label) -> TableLayout:
    """Part 三: label columns for the row groups, a column header over the value columns."""
    depth = max(len(r.groups) for r in table.rows) + 1
    columns = [(c.groups, c.label) for c in table.columns]
    col_depth = max(len(g) for g, _ in columns) + 1
    top_rows = 1 if table.header else 0
    corner = HeaderCell(table.note or Label("", ""), rowspan=col_depth + top_rows, colspan=depth, scope="col",
                        css="note lv0")
    head = _column_head(columns, ())
    if table.header:
        head.insert(0, [HeaderCell(table.header, colspan=len(columns), scope="colgroup")])
    head[0].insert(0, corner)
    body = tuple(BodyRow(_row_labels(table.rows, i, depth), tuple((cid, 1) for _, cid in table.row_cells[r.id]))
                 for i, r in enumerate(table.rows))
    return TableLayout(table.id, caption, tuple(tuple(r) for r in head), body, depth + len(columns), None)


def wide_layout(table: TableDef, caption: Label) -> TableLayout:
    """Part 四: every row id is a column group; one body row holds all the values."""
    columns = [((*r.groups, Group(r.id, r.label)), c.label) for r in table.rows for c in table.columns]
    head = _column_head(columns, ())
    cells = tuple((cid, 1) for r in table.rows for _, cid in table.row_cells[r.id])
    return TableLayout(table.id, caption, tuple(tuple(r) for r in head), (BodyRow((), cells),), len(cells))


def proactive_layout(fmt: Format, tables: Sequence[str], caption: Label) -> TableLayout:
    """Part 二: the 第二十条 sub-tables printed as one table, each with its caption row and header row."""
    width = max(len(fmt.tables[t].columns) for t in tables)
    body: list[BodyRow] = []
    for table_id in tables:
        table = fmt.tables[table_id]
        span = width - len(table.columns) + 1  # the last value cell widens to fill the table, as on the form
        header = HeaderCell(table.header or Label("信息内容", "Information"), scope="col", css="lv0")
        cols = tuple(HeaderCell(c.label, colspan=span if i == len(table.columns) - 1 else 1)
                     for i, c in enumerate(table.columns))
        body.append(BodyRow((header, *cols), (), section=table.label))
        for row in table.rows:
            cells = tuple((cid, span if i == len(table.columns) - 1 else 1)
                          for i, (_, cid) in enumerate(table.row_cells[row.id]))
            body.append(BodyRow((HeaderCell(row.label, scope="row", css="lv0"),), cells))
    return TableLayout("t2", caption, (), tuple(body), width + 1)


def layouts(fmt: Format) -> dict[str, tuple[TableLayout, ...]]:
    """Every section's tables, laid out as printed: section id → layouts."""
    out: dict[str, tuple[TableLayout, ...]] = {}
    for section in fmt.sections:
        if not section.tables:
            continue
        if len(section.tables) > 1:
            out[section.id] = (proactive_layout(fmt, section.tables, section.label),)
            continue
        table = fmt.tables[section.tables[0]]
        layout = wide_layout(table, table.label) if table.wide else grid_layout(table, table.label)
        out[section.id] = (layout,)
    return out
