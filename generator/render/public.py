"""What public pages say about the checks, in the page's language only: acknowledged discrepancies in words (table,
row and column labels and the two figures), and the cells they concern, marked in the table itself.

Rule codes and cell ids are for authors and evaluators: pages keep them in attributes, never in the text.
"""

from __future__ import annotations

from decimal import Decimal

from generator.formats import RuleInstance, Term
from generator.formats.cells import cell_label
from generator.model import Discrepancy, Report
from generator.render.narrative import shown_figure


def _instance(report: Report, d: Discrepancy) -> RuleInstance | None:
    fmt = report.format
    if fmt is None:
        return None
    return next((i for rule in fmt.rules if rule.id == d.rule for i in rule.instances if i.key == d.instance), None)


def _side(report: Report, terms: tuple[Term, ...]) -> int | Decimal:
    total: int | Decimal = 0
    for t in terms:
        value = report.values.get(t.cell)
        total += t.sign * value if isinstance(value, int | Decimal) else 0
    return total


def discrepancy_text(d: Discrepancy, report: Report, lang: str) -> str:
    """One acknowledged failure in words: `…（七）总计，自然人：原报告为20，按勾稽关系应为26`."""
    inst = _instance(report, d)
    if inst is None or report.format is None:
        return ""
    lv, rv = shown_figure(_side(report, inst.lhs)), shown_figure(_side(report, inst.rhs))
    where = cell_label(report.format, inst.lhs[0].cell, lang)
    if lang == "en":
        more = " and related cells" if len(inst.lhs) > 1 else ""
        return f"{where}{more}: published as {lv}; the table's consistency rule gives {rv}"
    more = "等各项之和" if len(inst.lhs) > 1 else ""
    return f"{where}{more}：原报告为{lv}，按勾稽关系应为{rv}"


def acknowledged_cells(report: Report) -> frozenset[str]:
    """The printed cells that an acknowledged discrepancy is about (the left side of each failing equation)."""
    cells: set[str] = set()
    for d in report.discrepancies:
        inst = _instance(report, d)
        if inst is not None:
            cells.update(t.cell for t in inst.lhs)
    return frozenset(cells)
