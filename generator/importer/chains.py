"""The form's cross-year chains (X_T2_VALID_CHAIN, X_T2_ITEMS_CHAIN, …) as checks against last year's report.

They are heuristics (stocks do not always chain), so the importer only names the splits that agree with them in
the hint of an ambiguous row; it never decides a row by them."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..formats import FORMATS_DIR
from .split import Value

_TERM = re.compile(r"([+-]?)\s*(?:prev\(\s*([\w.{}]+)\s*\)|([\w.{}]+))")  # prev(cell): last year's cell


@dataclass(frozen=True, slots=True)
class Chain:
    """One instance of a cross-year rule: signed terms, each of this year (Y) or the previous one (Y-1)."""

    rule: str
    lhs: tuple[tuple[int, str, bool], ...]  # (sign, cell id, previous year?)
    rhs: tuple[tuple[int, str, bool], ...]


def _side(text: str, binding: Mapping[str, str]) -> tuple[tuple[int, str, bool], ...] | None:
    terms = [(-1 if m.group(1) == "-" else 1, (m.group(2) or m.group(3)).format_map(binding), m.group(2) is not None)
             for m in _TERM.finditer(text)]
    return tuple(terms) if terms and not _TERM.sub("", text).strip() else None


@functools.cache
def chains(version: str) -> tuple[Chain, ...]:
    """Every instance of the format's cross-year rules whose expression is written over cell ids."""
    data: dict[str, Any] = yaml.safe_load((FORMATS_DIR / f"{version}.yaml").read_text(encoding="utf-8"))
    lists = data.get("lists") or {}
    out: list[Chain] = []
    for rule in data.get("rules") or ():
        if rule.get("kind") != "cross_year" or "==" not in str(rule.get("expr", "")):
            continue
        lhs_text, rhs_text = str(rule["expr"]).split("==", 1)
        ((var, values),) = (rule.get("for_each") or {"_": ["_"]}).items()
        for value in lists[values] if isinstance(values, str) else values:
            lhs, rhs = _side(lhs_text, {var: value}), _side(rhs_text, {var: value})
            if lhs is not None and rhs is not None:
                out.append(Chain(str(rule["id"]), lhs, rhs))
    return tuple(out)


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


def _sum(terms: Sequence[tuple[int, str, bool]], now: Mapping[str, Value],
         before: Mapping[str, Value]) -> Decimal | None:
    total = Decimal(0)
    for sign, cell, prev in terms:
        v = (before if prev else now).get(cell)
        if not isinstance(v, int | Decimal) or isinstance(v, bool):
            return None
        total += sign * Decimal(v)
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
            if not any(c in mine and not prev for _s, c, prev in chain.lhs + chain.rhs):
                continue
            lhs, rhs = _sum(chain.lhs, values, before), _sum(chain.rhs, values, before)
            if lhs is None or rhs is None:
                continue
            checked.append((chain.rule, lhs == rhs))
        if checked and all(ok for _r, ok in checked):
            agree.append(cand)
        rules.extend(r for r, _ok in checked if r not in rules)
    return rules, agree
