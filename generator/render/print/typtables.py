"""The statutory tables in Typst, generated from the format's layout data (render/layout.py) as the web page's are:
the label cells once per format and language (a skeleton), each report's values filled in."""

from __future__ import annotations

import functools
from collections.abc import Callable

from generator.formats import Format
from generator.model import Report
from generator.render.layout import TableLayout, layouts
from generator.render.narrative import amount_text
from generator.render.print.printlayout import column_widths
from generator.render.print.typcode import lit
from generator.render.public import acknowledged_cells
from generator.render.templates import format_value

Slot = tuple[str, int]  # a value cell: (cell id, colspan)


@functools.lru_cache(maxsize=64)
def skeleton(layout: TableLayout, lang: str) -> tuple[tuple[str | Slot, ...], tuple[str, ...]]:
    """The Typst code of a table with a slot for each value cell, and the texts it prints (for the font check)."""
    texts: list[str] = []

    def text(label: str) -> str:
        texts.append(label)
        return lit(label)

    def cell(fn: str, rowspan: int, colspan: int, label: str) -> str:
        return f"{fn}({rowspan}, {colspan}, {text(label)})"

    widths = ", ".join(f"{w:.2f}%" for w in column_widths(layout, lang))
    out: list[str | Slot] = [f"caption({text(layout.caption.get(lang))})\n",
                             f"table(columns: ({widths},),\n"]
    if layout.head:
        head = [cell("tn" if c.css == "note" else "th", c.rowspan, c.colspan, c.label.get(lang))
                for row in layout.head for c in row]
        out.append(f"table.header(repeat: true, {', '.join(head)}),\n")
    for row in layout.body:
        if row.section:
            out.append(f"ts({layout.columns}, {text(row.section.get(lang))}),\n")
        fn = "tl" if row.cells else "tsh"
        labels = [cell(fn, c.rowspan, c.colspan, c.label.get(lang)) for c in row.labels]
        if labels:
            out.append(", ".join(labels) + ",\n")
        out.extend(row.cells)
    out.append(")\n")
    return tuple(out), tuple(texts)


def fill(parts: tuple[str | Slot, ...], report: Report, lang: str, text: Callable[[str], str]) -> str:
    """A table's code with this report's values: computed cells marked, notes under their value."""
    out: list[str] = []
    values, computed, notes = report.values, report.computed, report.notes
    acknowledged = acknowledged_cells(report) if report.discrepancies else frozenset()
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        cell_id, span = part
        value = values[cell_id]
        extra = ", computed: true" if cell_id in computed else ""
        if cell_id in acknowledged:
            extra += ", acknowledged: true"
        if cell_id in notes:
            extra += f", note: {text(notes[cell_id].get(lang))}"
        # an amount printed as text gets its unit in the PDF's language
        shown = text(amount_text(format_value(value), lang)) if value is not None else "[]"
        out.append(f"tv({span}, {shown}{extra}), ")
    return "".join(out)


_LAYOUTS: dict[int, tuple[Format, dict[str, tuple[TableLayout, ...]]]] = {}


def _layouts(fmt: Format) -> dict[str, tuple[TableLayout, ...]]:
    if id(fmt) not in _LAYOUTS:
        _LAYOUTS[id(fmt)] = (fmt, layouts(fmt))  # the format is kept alive, so its id stays its own
    return _LAYOUTS[id(fmt)][1]


def typst_tables(report: Report, lang: str, text: Callable[[str], str]) -> dict[str, list[str]]:
    """Each section's statutory tables as Typst code, filled with the report's values; `text` sees every text."""
    if report.format is None:
        return {}
    out: dict[str, list[str]] = {}
    for section, tables in _layouts(report.format).items():
        for layout in tables:
            parts, texts = skeleton(layout, lang)
            for label in texts:
                text(label)
            out.setdefault(section, []).append(fill(parts, report, lang, text))
    return out
