"""A saved HTML report page: the body without site chrome, its text for the narrative, and its table rows as cells."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from ..formats import Format, TableDef
from . import labels
from .rows import Missing, RowRun

TABLE_MARK = "\ue000"  # where a table stood in the body text (a private-use character, removed from the narrative)
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "tr", "blockquote")
_VALUE = re.compile(r"^(?:[-−－–—﹣]?[0-9][0-9,，.]*(?:万元|元)?(?:（[^（）]*）)?|/|—|－|-|)$")


@dataclass(frozen=True, slots=True)
class GridCell:
    """The text of one cell of an HTML table (repeated across its rowspan and colspan) and its source line."""

    text: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What the importer needs from a page: body text with table marks, all page text, the table rows."""

    body: str
    page_text: str
    grid: tuple[tuple[GridCell, ...], ...]
    found_body: bool


_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _unseen(tag: Tag) -> bool:
    """A footnote mark (644<sup>1</sup>) or text a reader does not see: no part of the figure."""
    return tag.name in ("sup", "script", "style") or tag.has_attr("hidden") or bool(
        _HIDDEN.search(str(tag.get("style") or "")))


def _cell_text(td: Tag) -> str:
    shown = []
    for text in td.find_all(string=True):
        parent = text.parent
        while isinstance(parent, Tag) and parent is not td and not _unseen(parent):
            parent = parent.parent
        if parent is td or not isinstance(parent, Tag):
            shown.append(str(text))
    return re.sub(r"\s+", "", labels.normalise("".join(shown)))


def _grid(table: Tag) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = []
    pending: dict[tuple[int, int], GridCell] = {}
    for r, tr in enumerate(table.find_all("tr")):
        row: list[GridCell] = []
        c = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            cell = GridCell(_cell_text(td), td.sourceline or 1, (td.sourcepos or 0) + 1)
            rowspan = _span(td.get("rowspan"))
            colspan = _span(td.get("colspan"))
            for dc in range(colspan):
                row.append(cell)
                for dr in range(1, rowspan):
                    pending[(r + dr, c + dc)] = cell
            c += colspan
        while (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        rows.append(row)
    return rows


def _span(value: object) -> int:
    try:
        return max(1, min(100, int(str(value))))
    except ValueError:
        return 1


def _body(tables: Sequence[Tag], soup: BeautifulSoup) -> Tag | None:
    if not tables:
        return None
    node: Tag | None = tables[0].parent
    while node is not None and not all(node in t.parents for t in tables):
        node = node.parent
    while node is not None and "总体情况" not in labels.normalise(node.get_text("")):
        node = node.parent
    return node


def _text(node: Tag) -> str:
    for table in node.find_all("table"):
        table.replace_with(NavigableString(f"\n{TABLE_MARK}\n"))
    for br in node.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for block in node.find_all(_BLOCKS):
        block.insert_before(NavigableString("\n"))
        block.insert_after(NavigableString("\n"))
    text = node.get_text("").replace("\u00a0", " ").replace("\u3000", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def read_page(html: str) -> HtmlPage:
    """Parse a saved page; the body is the smallest element holding every table and the first part."""
    soup = BeautifulSoup(html, "html.parser")
    for junk in soup.find_all(["script", "style", "noscript"]):
        junk.decompose()
    page_text = soup.get_text(" ")
    tables = [t for t in soup.find_all("table") if t.find("table") is None]
    grid = tuple(tuple(row) for t in tables for row in _grid(t) if row)
    body = _body(tables, soup) or soup.body
    found = body is not None and bool(tables)
    return HtmlPage(_text(body) if body is not None else "", page_text, grid, found)


def _is_value(text: str) -> bool:
    return bool(_VALUE.match(text))


def _table(grid: Sequence[Sequence[GridCell]], table: TableDef, cursor: int
           ) -> tuple[list[RowRun], list[Missing], int]:
    """The rows of one table found in the grid in order from row `cursor`, the rows not found, and the next row."""
    runs: list[RowRun] = []
    missing: list[Missing] = []
    tid = table.id
    if table.wide:
        size = len(table.rows) * len(table.columns)
        at = next((i for i in range(cursor, len(grid)) if len(grid[i]) == size
                   and all(_is_value(c.text) for c in grid[i]) and any(c.text for c in grid[i])), None)
        if at is None:
            return [], [Missing(tid, r.id, r.label.zh, 1, 1) for r in table.rows], cursor
        cells = grid[at]
        return [RowRun(tid, "", " ".join(c.text for c in cells), cells[0].line, cells[0].col,
                       tuple(c.text for c in cells))], [], at + 1
    width = len(table.columns)
    for row in table.rows:
        at = None
        for i in range(cursor, len(grid)):
            cells = grid[i]
            head = "".join(dict.fromkeys(c.text for c in cells[:-width])) if len(cells) > width else ""
            if head and labels.find(head, row.label.zh, 0, len(head)) is not None:
                at = i
                break
        if at is None:
            line = grid[cursor][0].line if cursor < len(grid) and grid[cursor] else 1
            missing.append(Missing(tid, row.id, row.label.zh, line, 1))
            continue
        values = grid[at][-width:]
        runs.append(RowRun(tid, row.id, " ".join(c.text for c in values), values[0].line, values[0].col,
                           tuple(c.text for c in values)))
        cursor = at + 1
    return runs, missing, cursor


def locate(page: HtmlPage, fmt: Format) -> tuple[list[RowRun], list[Missing]]:
    """Each row of the format's tables found in the grid in order: its last cells are its values. A table not found
    after the one before it is looked for from the top (a report that prints its tables in another order)."""
    runs: list[RowRun] = []
    missing: list[Missing] = []
    cursor = 0
    for section in fmt.sections:
        for tid in section.tables:
            found, lost, after = _table(page.grid, fmt.tables[tid], cursor)
            if lost and cursor:
                again = _table(page.grid, fmt.tables[tid], 0)
                if len(again[1]) < len(lost):
                    found, lost, after = again
            runs += found
            missing += lost
            cursor = after
    return runs, missing
