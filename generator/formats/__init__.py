"""The statutory report formats, loaded from the data files beside this module (one file per revision).

Part of the vocabulary every stage shares. May import: generator.errors only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from generator.errors import Severity

FORMATS_DIR = Path(__file__).parent
LEGACY = "legacy"


@dataclass(frozen=True, slots=True, order=True)
class Label:
    """A text in both languages; `zh` is exact to the character of the form."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The label in `lang` (Chinese for any language without its own text)."""
        return self.en if lang == "en" else self.zh

    def __reduce__(self) -> tuple[type[Label], tuple[str, str]]:
        # by constructor: a tenth of the time of a slots dataclass's generic __setstate__ (models are cached)
        return Label, (self.zh, self.en)


@dataclass(frozen=True, slots=True)
class Group:
    """A merged header cell (e.g. （三）不予公开) that carries no number of its own."""

    id: str
    label: Label


@dataclass(frozen=True, slots=True)
class Axis:
    """A numeric row or column of a table, with the merged group cells above or beside it."""

    id: str
    label: Label
    groups: tuple[Group, ...] = ()
    type: str = "int"
    unit: str = ""


@dataclass(frozen=True, slots=True)
class TableDef:
    """One statutory table: its rows, columns and header texts."""

    id: str
    label: Label
    rows: tuple[Axis, ...]
    columns: tuple[Axis, ...]
    note: Label | None
    header: Label | None  # the top-left header cell (信息内容) or the column header (申请人情况)
    wide: bool  # printed as one line: every row id is a column group (part 四)
    row_cells: Mapping[str, tuple[tuple[Axis, str], ...]]  # row id → ((column, cell id), …)

    def cell_ids(self) -> tuple[str, ...]:
        """Every cell id of the table, row by row."""
        return tuple(f"{self.id}.{r.id}.{c.id}" for r in self.rows for c in self.columns)


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six parts of the report."""

    id: str
    number: int
    label: Label
    kind: str
    tables: tuple[str, ...]
    topics: tuple[Label, ...] = ()  # the topics the format asks this part to cover (required_topics)


@dataclass(frozen=True, slots=True)
class Term:
    """A signed cell reference inside a rule."""

    sign: int
    cell: str
    previous: bool = False  # `prev(cell)` in a cross-year rule: the cell of the previous year's report


@dataclass(frozen=True, slots=True)
class RuleInstance:
    """A rule expanded for one row or column: lhs op rhs over concrete cell ids."""

    rule_id: str
    key: str
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]
    op: str
    lhs_text: str
    rhs_text: str
    cell_set: frozenset[str]

    def cells(self) -> tuple[str, ...]:
        """All cells the instance reads."""
        return tuple(t.cell for t in self.lhs + self.rhs)


@dataclass(frozen=True, slots=True)
class Rule:
    """A consistency rule of the form (勾稽关系) or a heuristic check."""

    id: str
    severity: str
    kind: str
    says: str
    hint: str
    fills: bool
    instances: tuple[RuleInstance, ...]
    stock: tuple[str, ...] = ()  # cross_year_identical: cell patterns that may legitimately stay the same


@dataclass(frozen=True, slots=True)
class NarrativeCheck:
    """A required mention in a narrative part (e.g. 信息处理费 in part 六)."""

    id: str
    severity: Severity
    section: str
    language: str
    must_mention: str
    says: str
    hint: str


@dataclass(frozen=True)
class Format:
    """A format revision: sections, tables, cell types, rules, deadlines."""

    version: str
    format_id: str
    label: Label
    document_no: str
    first_report_year: int
    last_report_year: int | None
    sections: tuple[Section, ...]
    tables: Mapping[str, TableDef]
    lists: Mapping[str, tuple[str, ...]]
    rules: tuple[Rule, ...]
    narrative_checks: tuple[NarrativeCheck, ...]
    deadlines: Mapping[str, tuple[int, int]]
    required_narrative: tuple[str, ...]
    cell_types: Mapping[str, str]
    fillable: frozenset[str]

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # Sent between processes by version: the receiver has the same data files loaded.
        return get, (self.version,)

    def cross_year_rules(self) -> tuple[Rule, ...]:
        """The rules that compare a report with the same organ's previous report."""
        return tuple(r for r in self.rules if r.kind.startswith("cross_year"))

    def section(self, section_id: str) -> Section:
        """The section with this id."""
        return next(s for s in self.sections if s.id == section_id)


def _label(node: Mapping[str, Any]) -> Label:
    return Label(str(node["zh"]), str(node["en"]))


def _axes(tree: Mapping[str, Any], groups: tuple[Group, ...] = ()) -> list[Axis]:
    out: list[Axis] = []
    for key, node in tree.items():
        if node.get("group"):
            out.extend(_axes(node["children"], groups + (Group(key, _label(node)),)))
        else:
            out.append(Axis(key, _label(node), groups, str(node.get("type", "int")), str(node.get("unit", ""))))
    return out


def _table(table_id: str, node: Mapping[str, Any]) -> TableDef:
    note = _label(node["note"]) if "note" in node else None
    header_node = node.get("header_cell") or node.get("column_header")
    header = _label(header_node) if header_node else None
    if "column_groups" in node:  # part 四: column groups x outcome columns, printed on one line
        rows, columns = _axes(node["column_groups"]), _axes(node["outcome_columns"])
    else:
        rows, columns = _axes(node["rows"]), _axes(node["columns"])
    row_cells = {r.id: tuple((c, f"{table_id}.{r.id}.{c.id}") for c in columns) for r in rows}
    return TableDef(table_id, _label(node), tuple(rows), tuple(columns), note, header, "column_groups" in node,
                    MappingProxyType(row_cells))


_SUM = re.compile(r"sum\(\s*(\w+)\s*,\s*([^)]+?)\s*\)")
_PREV = re.compile(r"prev\(\s*([\w.{}]+)\s*\)")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _expand_side(side: str, binding: Mapping[str, str], lists: Mapping[str, tuple[str, ...]]) -> tuple[
        tuple[Term, ...], str]:
    terms: list[Term] = []
    texts: list[str] = []
    for sign_text, term in re.findall(r"([+-]?)\s*(sum\([^)]*\)|prev\([^)]*\)|[\w.{}]+)", side):
        sign = -1 if sign_text == "-" else 1
        m = _SUM.fullmatch(term)
        if p := _PREV.fullmatch(term):
            cell = p.group(1).format_map(binding)
            terms.append(Term(sign, cell, previous=True))
            texts.append(f"{sign_text} {cell} (previous year)".strip())
        elif m:
            list_name, pattern = m.groups()
            free = [p for p in _PLACEHOLDER.findall(pattern) if p not in binding]
            bound = pattern.format_map({**binding, **{p: "{" + p + "}" for p in free}})
            for item in lists[list_name]:
                terms.append(Term(sign, bound.replace("{" + free[0] + "}", item)))
            texts.append(f"{sign_text} sum of {bound} over {list_name}".strip())
        else:
            cell = term.format_map(binding)
            terms.append(Term(sign, cell))
            texts.append(f"{sign_text} {cell}".strip())
    return tuple(terms), " ".join(texts).replace("- ", "- ").lstrip("+ ")


def _rule(node: Mapping[str, Any], lists: Mapping[str, tuple[str, ...]]) -> Rule:
    kind = str(node.get("kind", "equation"))
    instances: list[RuleInstance] = []
    if kind in ("equation", "cross_year"):
        expr = str(node["expr"])
        op = "<=" if "<=" in expr else "=="
        lhs, rhs = (s.strip() for s in expr.split(op))
        for_each = node.get("for_each") or {}
        if for_each:
            (var, values), = for_each.items()
            items = lists[values] if isinstance(values, str) else tuple(values)
            bindings = [{var: v} for v in items]
        else:
            bindings = [{}]
        for b in bindings:
            lt, ltext = _expand_side(lhs, b, lists)
            rt, rtext = _expand_side(rhs, b, lists)
            instances.append(RuleInstance(node["id"], "".join(b.values()), lt, rt, op, ltext, rtext,
                                          frozenset(t.cell for t in lt + rt)))
    return Rule(str(node["id"]), str(node["severity"]), kind, str(node.get("says", "")), str(node.get("hint", "")),
                bool(node.get("fills", False)), tuple(instances), tuple(node.get("stock") or ()))


_NUMERALS = "一二三四五六七八九十"


def _format(data: Mapping[str, Any]) -> Format:
    lists = {k: tuple(v) for k, v in data["lists"].items()}
    tables = {tid: _table(tid, node) for tid, node in data["tables"].items()}
    sections = tuple(
        Section(sid, _NUMERALS.index(str(node["zh"])[0]) + 1, _label(node), str(node["kind"]),
                tuple(node.get("tables", ())), tuple(_label(t) for t in node.get("required_topics") or ()))
        for sid, node in data["sections"].items())
    rules = tuple(_rule(r, lists) for r in data["rules"])
    cell_types = {f"{t.id}.{r.id}.{c.id}": c.type for t in tables.values() for r in t.rows for c in t.columns}
    fillable = frozenset(i.lhs[0].cell for r in rules if r.fills for i in r.instances)
    checks = tuple(NarrativeCheck(str(c["id"]), "warning" if c["severity"] == "warning" else "error",
                                  str(c["section"]), str(c["language"]), str(c["must_mention"]),
                                  str(c.get("says", "")), str(c.get("hint", "")))
                   for c in data.get("narrative_checks") or ())
    return Format(
        version=str(data["version"]), format_id=str(data["format_id"]), label=_label(data),
        document_no=str(data["document_no"]), first_report_year=int(data["first_report_year"]),
        last_report_year=int(data["last_report_year"]) if data.get("last_report_year") else None,
        sections=sections, tables=MappingProxyType(tables), lists=MappingProxyType(lists), rules=rules,
        narrative_checks=checks,
        deadlines=MappingProxyType({k: (int(v["month"]), int(v["day"]))
                                    for k, v in data["deadlines"].items()}),
        required_narrative=tuple(data["required_narrative"]),
        cell_types=MappingProxyType(cell_types), fillable=fillable)


@functools.cache
def available() -> Mapping[str, Format]:
    """Every format revision found in this folder, keyed by version ("2019", "2021", …)."""
    found: dict[str, Format] = {}
    for path in sorted(FORMATS_DIR.glob("*.yaml")):
        fmt = _format(yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        found[fmt.version] = fmt
    return MappingProxyType(found)


def get(version: str) -> Format:
    """The format revision `version`; KeyError if there is none."""
    return available()[version]


def for_year(year: int) -> Format:
    """The revision that applies to reports on `year` (the latest for years after every revision's start)."""
    fitting = [f for f in available().values()
               if f.first_report_year <= year <= (f.last_report_year or year)]
    return max(fitting, key=lambda f: f.first_report_year) if fitting else latest()


def latest() -> Format:
    """The newest revision (used for legacy reports' part titles)."""
    return available()[max(available())]
