"""Statutory tables for print: column widths from the format's layout data; the web page's table skeletons with
those widths (the HTML print version, kept for `make bench`'s comparison)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Protocol

from markupsafe import Markup

from generator.formats import Format
from generator.model import Report
from generator.render.layout import TableLayout, layouts


class Skeleton(Protocol):
    """A table rendered once per format and language (render.TableSkeleton)."""

    def fill(self, report: Report) -> str:
        """The table with this report's values."""


def _text_width(text: str) -> float:
    """Width of a text in em (CJK and full-width characters 1, others about half)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


@functools.lru_cache(maxsize=64)
def column_widths(layout: TableLayout, lang: str) -> tuple[float, ...]:
    """Column widths in percent: label columns by their longest label, number columns share the rest."""
    # fixed layout: a third faster than auto layout (which measures every cell), and the same widths on every page
    taken: set[tuple[int, int]] = set()
    numeric: set[int] = set()
    label_width: dict[int, float] = {}
    r = 0
    for row in layout.body:
        r += 1 if row.section else 0
        c = 0
        for cell in row.labels:
            while (r, c) in taken:
                c += 1
            taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            if cell.colspan == 1 and row.cells:  # group labels (rowspan > 1) are short and may wrap more
                cap = 8.0 if cell.rowspan > 1 else 16.0
                label_width[c] = max(label_width.get(c, 0.0), min(_text_width(cell.label.get(lang)), cap))
            c += cell.colspan
        for _, span in row.cells:
            while (r, c) in taken:
                c += 1
            taken.update((r, c + j) for j in range(span))
            if span == 1:
                numeric.add(c)
            c += span
        r += 1
    labels = [c for c in range(layout.columns) if c not in numeric]
    weights = {c: max(label_width.get(c, 4.0), 4.0) for c in labels}
    narrowest = 8.5 if lang == "en" else 5.0  # a number column must hold its header's longest word
    share = min(max(sum(weights.values()) * 1.4, 30.0), 55.0, 100.0 - narrowest * len(numeric)) if labels else 0.0
    widths = [share * weights[c] / sum(weights.values()) if c in weights else (100.0 - share) / len(numeric)
              for c in range(layout.columns)]
    return tuple(widths)


def colgroup(layout: TableLayout, lang: str) -> str:
    """The column widths as an HTML <colgroup> for a fixed table layout."""
    return "<colgroup>" + "".join(f'<col style="width: {w:.2f}%">' for w in column_widths(layout, lang)) + "</colgroup>"


_LAYOUTS: dict[int, tuple[Format, dict[str, tuple[TableLayout, ...]]]] = {}


def _layouts(fmt: Format) -> dict[str, tuple[TableLayout, ...]]:
    if id(fmt) not in _LAYOUTS:
        _LAYOUTS[id(fmt)] = (fmt, layouts(fmt))  # the format is kept alive, so its id stays its own
    return _LAYOUTS[id(fmt)][1]


def _with_colgroup(html: str, layout: TableLayout, lang: str) -> str:
    return html.replace("</caption>", "</caption>" + colgroup(layout, lang), 1)


def print_tables(report: Report, skeletons: Mapping[str, Sequence[Skeleton]], lang: str) -> dict[str, list[Markup]]:
    """Each section's tables filled with the report's values, a <colgroup> after each caption."""
    if report.format is None:
        return {}
    shapes = _layouts(report.format)
    return {section: [Markup(_with_colgroup(t.fill(report), layout, lang))
                      for t, layout in zip(ts, shapes[section], strict=True)]
            for section, ts in skeletons.items()}
