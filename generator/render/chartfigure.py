"""A chart's figure on a page (title, summary, both drawings, data table) from `_chart.html.j2`, rendered once per
language with a slot for each of the chart's fields: a page fills the slots instead of calling the macro for every
chart (the macro cost ~55 µs a chart, a sixth of a report page; a fill costs a few).

Only the built-in `_chart.html.j2` is made a skeleton: its output is its fields put in place, and nothing else of a
chart is read. A `_chart.html.j2` in the override folder is called as a macro for each chart, as written. The rows of
a chart's data table are made here too (the chart_head and chart_rows filters).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup, escape

from generator.render.narrative import shown_figure

if TYPE_CHECKING:
    from generator.render.charts.common import Chart, DataTable

TEMPLATE = "_chart.html.j2"

# A slot holds "<": escaped by the template (`{{ c.title }}`) it shows as "&lt;", put in raw (`| safe`) as "<",
# which tells the fill whether to escape the field.
_SLOT = re.compile("\ue020([a-z]+)(<|&lt;)\ue021")


def slot(name: str) -> str:
    """The text that stands for the field `name` while the skeleton is rendered."""
    return f"\ue020{name}<\ue021"


class SlotTable:
    """The data table of the chart the skeleton is rendered with: the chart_head and chart_rows filters give slots."""

    headers = ("",)
    rows = ()


_SLOT_TABLE = SlotTable()


@dataclass(frozen=True)
class _SlotChart:
    id: str = slot("id")
    title: str = slot("title")
    summary: str = slot("summary")
    svg: str = slot("svg")
    narrow: str = slot("narrow")
    table: SlotTable = _SLOT_TABLE


class ChartSkeleton:
    """`_chart.html.j2` in one language with a slot for each field of a chart (one skeleton with a narrow drawing,
    one without: the template shows the second only where there is one)."""

    def __init__(self, html: str, lang: str) -> None:
        pieces = _SLOT.split(html)
        self.text = pieces[0::3]
        self.slots = list(zip(pieces[1::3], (mark == "&lt;" for mark in pieces[2::3]), strict=True))
        self.lang = lang

    def fill(self, c: Chart) -> Markup:
        """The figure of chart `c`."""
        fields = {"id": c.id, "title": c.title, "summary": c.summary, "svg": c.svg, "narrow": c.narrow}
        out = [self.text[0]]
        for (name, escaped), after in zip(self.slots, self.text[1:], strict=True):
            if name == "head":
                value: str = chart_head(c.table.headers)
            elif name == "rows":
                value = chart_rows(c.table, self.lang)
            else:
                value = fields[name]
            out.append(str(escape(value)) if escaped else str(value))
            out.append(after)
        return Markup("".join(out))


# the cells of chart tables, made once each: keyed by plain ints and strs only (Decimal("1.0") == Decimal("1.00") and
# Markup("a&b") == "a&b", but each prints differently)


@functools.lru_cache(maxsize=65536)
def _cell(value: int | str, lang: str) -> str:
    return f'<td class="chart-num">{escape(shown_figure(value, lang))}</td>'


@functools.lru_cache(maxsize=65536)
def _row_head(label: str, level: int) -> str:
    detail = ' class="detail"' if level else ""
    return f'<tr{detail}><th scope="row">{escape(label)}</th>'


@functools.lru_cache(maxsize=4096)
def _header_cells(headers: tuple[str, ...]) -> str:
    return "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)


def chart_head(headers: tuple[str, ...]) -> Markup:
    """The header cells of a chart's data table, escaped (the same for every report of a format and language)."""
    if headers is SlotTable.headers:
        return Markup(slot("head"))  # the chart skeleton is being made
    cells = _header_cells if all(h.__class__ is str for h in headers) else _header_cells.__wrapped__
    return Markup(cells(headers))


def chart_rows(table: DataTable | SlotTable, lang: str) -> Markup:
    """The body rows of a chart's data table, escaped: one call instead of a template loop over every figure (the
    same labels and small counts recur in every report, so their cells are made once)."""
    if table.__class__ is SlotTable:
        return Markup(slot("rows"))  # the chart skeleton is being made
    out = []
    for row in table.rows:
        head = _row_head if row.label.__class__ is str else _row_head.__wrapped__
        out.append(head(row.label, row.level))
        out.extend(_cell(v, lang) if v.__class__ is int or v.__class__ is str
                   else f'<td class="chart-num">{escape(shown_figure(v, lang))}</td>' for v in row.values)
        out.append("</tr>\n")
    return Markup("".join(out))


def chart_skeletons(env: jinja2.Environment, strings: Mapping[str, str],
                    lang: str) -> tuple[ChartSkeleton, ChartSkeleton]:
    """The skeletons of the built-in `_chart.html.j2` in `lang`: (with a narrow drawing, without)."""
    module = env.get_template(TEMPLATE).make_module({"s": strings.__getitem__, "lang": lang, "strings": strings})
    return (ChartSkeleton(str(module.chart(_SlotChart(), lang)), lang),  # type: ignore[attr-defined]
            ChartSkeleton(str(module.chart(_SlotChart(narrow=""), lang)), lang))  # type: ignore[attr-defined]
