"""The form's cross-year chains (X_T2_VALID_CHAIN, X_T2_ITEMS_CHAIN, …) as checks against last year's report.

They are heuristics (stocks do not always chain), so the importer only names the splits that agree with them in
the hint of an ambiguous row; it never decides a row by them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import yaml

from ..formats import RuleInstance, Term, get
from .split import Value


def chains(version: str) -> tuple[RuleInstance, ...]:
    """Every instance of the format's cross-year chains (kind `cross_year`), as the validator expands them."""
    return tuple(inst for rule in get(version).cross_year_rules() if rule.kind == "cross_year"
                 for inst in rule.instances)


def previous_cells(folder: Path, version: str) -> dict[str, Value]:
    """The cells of last year's report.yaml when it uses the same format (else nothing)."""
    path = folder / "report.yaml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    if not isinstance(doc, dict) or str(doc.get("format")) != version or not isinstance(doc.get("tables"), dict):
        return {}
    return {f"{t}.{r}.{c}": v for t, rows in doc["tables"].items() if isinstance(rows, dict)
            for r, cols in rows.items() if isinstance(cols, dict) for c, v in cols.items()}


def _sum(terms: Sequence[Term], now: Mapping[str, Value], before: Mapping[str, Value]) -> Decimal | None:
    total = Decimal(0)
    for term in terms:
        v = (before if term.previous else now).get(term.cell)
        if not isinstance(v, int | Decimal) or isinstance(v, bool):
            return None
        total += term.sign * Decimal(v)
    return total


def agreeing(cells: Sequence[str], candidates: Sequence[tuple[Value, ...]], now: Mapping[str, Value],
             before: Mapping[str, Value], version: str) -> tuple[list[str], list[tuple[Value, ...]]]:
    """The chains that bear on a row, and the candidates under which all of them hold."""
    mine = set(cells)
    rules: list[str] = []
    agree: list[tuple[Value, ...]] = []
    for cand in candidates:
        values = {**now, **dict(zip(cells, cand, strict=True))}
        checked = []
        for chain in chains(version):
            if not any(t.cell in mine and not t.previous for t in chain.lhs + chain.rhs):
                continue
            lhs, rhs = _sum(chain.lhs, values, before), _sum(chain.rhs, values, before)
            if lhs is None or rhs is None:
                continue
            checked.append((chain.rule_id, lhs == rhs))
        if checked and all(ok for _r, ok in checked):
            agree.append(cand)
        rules.extend(r for r, _ok in checked if r not in rules)
    return rules, agree
