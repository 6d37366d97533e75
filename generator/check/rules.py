"""The form's arithmetic (勾稽关系): compute omitted 总计 cells, then evaluate every equation rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.formats import Format, Label, Rule, RuleInstance, Term
from generator.model import CellValue, Discrepancy


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """An author's statement that a rule fails in the published original."""

    rule: str
    cells: frozenset[str]
    reason: Label
    index: int  # position in the `acknowledged` list, to report unused ones


@dataclass(frozen=True, slots=True)
class Failure:
    """A rule instance that does not hold."""

    instance: RuleInstance
    severity: str
    message: str
    hint: str
    acknowledged: Acknowledgement | None


def _sum(terms: Sequence[Term], values: Mapping[str, CellValue]) -> int | Decimal:
    if all(t.sign == 1 for t in terms):
        try:  # the common case: no blank, no minus sign
            return sum(map(values.__getitem__, [t.cell for t in terms]))  # type: ignore[arg-type]
        except TypeError:
            pass
    total: int | Decimal = 0
    for t in terms:
        v = values[t.cell]
        if v is not None:
            total += t.sign * v  # type: ignore[operator]
    return total


def fill_totals(fmt: Format, given: Mapping[str, CellValue], omitted: set[str]) -> tuple[dict[str, CellValue],
                                                                                       set[str]]:
    """Compute every omitted 总计 cell from the rule that defines it (blank inputs count as 0).

    Returns all values and the ids of the computed cells.
    """
    values: dict[str, CellValue] = dict(given)
    computed: set[str] = set()
    progress = True
    while progress and omitted - computed:
        progress = False
        for rule in fmt.rules:
            if not rule.fills:
                continue
            for inst in rule.instances:
                target = inst.lhs[0].cell
                if target not in omitted or target in computed or any(t.cell not in values for t in inst.rhs):
                    continue
                inputs = [values[t.cell] for t in inst.rhs]
                values[target] = None if all(v is None for v in inputs) else _sum(inst.rhs, values)
                computed.add(target)
                progress = True
    return values, computed


def _blank_note(blanks: Sequence[str]) -> str:
    if not blanks:
        return ""
    shown = ", ".join(blanks[:3]) + (f" and {len(blanks) - 3} more" if len(blanks) > 3 else "")
    return f" (blank cells counted as 0: {shown})"


def _side_blank(terms: Sequence[Term], values: Mapping[str, CellValue]) -> bool:
    return all(values[t.cell] is None for t in terms)


_Equation = tuple[Rule, RuleInstance, tuple[str, ...] | None, tuple[str, ...] | None]
_EQUATIONS: dict[int, tuple[Format, list[_Equation]]] = {}


def _equations(fmt: Format) -> list[_Equation]:
    """The format's equation instances (cross-year rules are checked by crossyear.py, with the previous report),
    each with the cells of its sides when every term is added (most): made once per format."""
    known = _EQUATIONS.get(id(fmt))
    if known is None or known[0] is not fmt:
        def plain(terms: tuple[Term, ...]) -> tuple[str, ...] | None:
            return tuple(t.cell for t in terms) if all(t.sign == 1 for t in terms) else None

        known = (fmt, [(rule, inst, plain(inst.lhs), plain(inst.rhs))
                       for rule in fmt.rules if rule.kind == "equation" for inst in rule.instances])
        _EQUATIONS[id(fmt)] = known  # the format is kept alive with it: its id is not reused
    return known[1]


def evaluate(fmt: Format, values: Mapping[str, CellValue], acks: Sequence[Acknowledgement]) -> list[Failure]:
    """Every failing instance of the format's equation rules, strict where cells are filled, blank = 0 else."""
    failures: list[Failure] = []
    get = values.__getitem__
    for rule, inst, left, right in _equations(fmt):
        if not values.keys() >= inst.cell_set:
            continue  # a missing or mistyped cell is reported on its own
        try:  # the common case: sums of counts, without a blank
            lv = sum(map(get, left)) if left is not None else _sum(inst.lhs, values)  # type: ignore[arg-type]
            rv = sum(map(get, right)) if right is not None else _sum(inst.rhs, values)  # type: ignore[arg-type]
        except TypeError:
            lv, rv = _sum(inst.lhs, values), _sum(inst.rhs, values)
        if (lv == rv) if inst.op == "==" else (lv <= rv):
            continue
        if _side_blank(inst.lhs, values) or _side_blank(inst.rhs, values):
            continue  # one side not filled in yet (e.g. a report made by `govreport new`): blanks are reported
        blanks = sorted({cid for cid in inst.cells() if values[cid] is None})
        if inst.op == "==":
            message = f"{inst.lhs_text} = {lv}, but {inst.rhs_text} = {rv} (difference {lv - rv:+})"
        else:
            message = f"{inst.lhs_text} = {lv} is more than {inst.rhs_text} = {rv}"
        message += _blank_note(blanks)
        hint = "; ".join(h for h in (rule.says, rule.hint) if h)
        ack = next((a for a in acks if a.rule == rule.id and (not a.cells or a.cells & set(inst.cells()))), None)
        severity = "warning" if ack else rule.severity
        if ack:
            message = f"acknowledged discrepancy of the published original: {message}"
            hint = f"acknowledged in report.yaml: {ack.reason.en}"
        failures.append(Failure(inst, severity, message, hint, ack))
    return failures


def discrepancies(failures: Sequence[Failure]) -> tuple[Discrepancy, ...]:
    """The acknowledged failures, for display on the report page."""
    return tuple(Discrepancy(f.instance.rule_id, f.instance.key, f.message.split(": ", 1)[1], f.acknowledged.reason)
                 for f in failures if f.acknowledged)
