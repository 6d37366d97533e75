"""Reading a format data file into a Format: tables, rules expanded over their lists, roles checked.

May import: generator.errors, and the other modules of generator.formats.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from generator.errors import did_you_mean
from generator.formats import model, roles


def _label(node: Mapping[str, Any]) -> model.Label:
    return model.Label(str(node["zh"]), str(node["en"]))


def _axes(tree: Mapping[str, Any], groups: tuple[model.Group, ...] = ()) -> list[model.Axis]:
    out: list[model.Axis] = []
    for key, node in tree.items():
        if node.get("group"):
            out.extend(_axes(node["children"], groups + (model.Group(key, _label(node)),)))
        else:
            out.append(model.Axis(key, _label(node), groups, str(node.get("type", "int")), str(node.get("unit", ""))))
    return out


def _table(table_id: str, node: Mapping[str, Any]) -> model.TableDef:
    note = _label(node["note"]) if "note" in node else None
    header_node = node.get("header_cell") or node.get("column_header")
    header = _label(header_node) if header_node else None
    if "column_groups" in node:  # part 四: column groups x outcome columns, printed on one line
        rows, columns = _axes(node["column_groups"]), _axes(node["outcome_columns"])
    else:
        rows, columns = _axes(node["rows"]), _axes(node["columns"])
    row_cells = {r.id: tuple((c, f"{table_id}.{r.id}.{c.id}") for c in columns) for r in rows}
    return model.TableDef(table_id, _label(node), tuple(rows), tuple(columns), note, header, "column_groups" in node,
                    MappingProxyType(row_cells))


_SUM = re.compile(r"sum\(\s*(\w+)\s*,\s*([^)]+?)\s*\)")
_PREV = re.compile(r"prev\(\s*([\w.{}]+)\s*\)")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _expand_side(side: str, binding: Mapping[str, str], lists: Mapping[str, tuple[str, ...]]) -> tuple[
        tuple[model.Term, ...], str]:
    terms: list[model.Term] = []
    texts: list[str] = []
    for sign_text, term in re.findall(r"([+-]?)\s*(sum\([^)]*\)|prev\([^)]*\)|[\w.{}]+)", side):
        sign = -1 if sign_text == "-" else 1
        m = _SUM.fullmatch(term)
        if p := _PREV.fullmatch(term):
            cell = p.group(1).format_map(binding)
            terms.append(model.Term(sign, cell, previous=True))
            texts.append(f"{sign_text} {cell} (previous year)".strip())
        elif m:
            list_name, pattern = m.groups()
            free = [p for p in _PLACEHOLDER.findall(pattern) if p not in binding]
            bound = pattern.format_map({**binding, **{p: "{" + p + "}" for p in free}})
            for item in lists[list_name]:
                terms.append(model.Term(sign, bound.replace("{" + free[0] + "}", item)))
            texts.append(f"{sign_text} sum of {bound} over {list_name}".strip())
        else:
            cell = term.format_map(binding)
            terms.append(model.Term(sign, cell))
            texts.append(f"{sign_text} {cell}".strip())
    return tuple(terms), " ".join(texts).replace("- ", "- ").lstrip("+ ")


def _rule(node: Mapping[str, Any], lists: Mapping[str, tuple[str, ...]]) -> model.Rule:
    kind = str(node.get("kind", "equation"))
    instances: list[model.RuleInstance] = []
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
            instances.append(model.RuleInstance(node["id"], "".join(b.values()), lt, rt, op, ltext, rtext,
                                          frozenset(t.cell for t in lt + rt)))
    return model.Rule(str(node["id"]), str(node["severity"]), kind, str(node.get("says", "")),
                      str(node.get("hint", "")), bool(node.get("fills", False)), tuple(instances),
                      tuple(node.get("stock") or ()))


_NUMERALS = "一二三四五六七八九十"


def parse_format(data: Mapping[str, Any], source: str) -> model.Format:
    """The format described by a data file's contents; FormatError names `source` when the data is unusable."""
    lists = {k: tuple(v) for k, v in data["lists"].items()}
    tables = {tid: _table(tid, node) for tid, node in data["tables"].items()}
    sections = tuple(
        model.Section(sid, _NUMERALS.index(str(node["zh"])[0]) + 1, _label(node), str(node["kind"]),
                tuple(node.get("tables", ())), tuple(_label(t) for t in node.get("required_topics") or ()))
        for sid, node in data["sections"].items())
    rules = tuple(_rule(r, lists) for r in data["rules"])
    cell_types = {f"{t.id}.{r.id}.{c.id}": c.type for t in tables.values() for r in t.rows for c in t.columns}
    fillable = frozenset(i.lhs[0].cell for r in rules if r.fills for i in r.instances)
    checks = tuple(model.NarrativeCheck(str(c["id"]), "warning" if c["severity"] == "warning" else "error",
                                  str(c["section"]), str(c["language"]), str(c["must_mention"]),
                                  str(c.get("says", "")), str(c.get("hint", "")))
                   for c in data.get("narrative_checks") or ())
    format_roles = parse_roles(data.get("roles"), tables, sections, source)
    return model.Format(
        version=str(data["version"]), format_id=str(data["format_id"]), label=_label(data),
        document_no=str(data["document_no"]), first_report_year=int(data["first_report_year"]),
        last_report_year=int(data["last_report_year"]) if data.get("last_report_year") else None,
        sections=sections, tables=MappingProxyType(tables), lists=MappingProxyType(lists), rules=rules,
        narrative_checks=checks,
        deadlines=MappingProxyType({k: (int(v["month"]), int(v["day"]))
                                    for k, v in data["deadlines"].items()}),
        required_narrative=tuple(data["required_narrative"]),
        cell_types=MappingProxyType(cell_types), fillable=fillable, roles=format_roles)


def _targets(kind: str, table: model.TableDef | None, sections: Mapping[str, model.Section]) -> tuple[str, ...]:
    """The ids a role of this kind may name: in the role's table, or the format's tables and sections."""
    if kind == "section":
        return tuple(sections)
    if table is None:
        return ()
    if kind == "row":
        return tuple(r.id for r in table.rows)
    if kind == "column":
        return tuple(c.id for c in table.columns)
    return tuple(dict.fromkeys(g.id for r in table.rows for g in r.groups))  # group


def _role_block(cls: type[roles.RequestRoles] | type[roles.AppealRoles], node: Any,
                tables: Mapping[str, model.TableDef], sections: Mapping[str, model.Section], where: str) -> Any:
    if not isinstance(node, Mapping):
        raise model.FormatError(f"{where}: a mapping of role → id is needed")
    fields = {f.name: str(f.metadata["target"]) for f in dataclasses.fields(cls)}
    missing, unknown = [k for k in fields if k not in node], [k for k in node if k not in fields]
    if missing or unknown:
        raise model.FormatError(f"{where}: " + "; ".join(
            [f"role `{k}` is missing" for k in missing]
            + [f"no role `{k}`{did_you_mean(str(k), fields)}" for k in unknown]))
    table = tables.get(str(node["table"]))
    for name, kind in fields.items():
        value = str(node[name])
        allowed = tuple(tables) if kind == "table" else _targets(kind, table, sections)
        if value not in allowed:
            scope = f" of table {table.id}" if table is not None and kind in ("row", "column", "group") else ""
            raise model.FormatError(f"{where}.{name}: no {kind} `{value}`{scope} in the format"
                                    f"{did_you_mean(value, allowed)}")
    if table is not None and table.id not in sections[str(node["section"])].tables:
        raise model.FormatError(f"{where}.section: section {node['section']} does not show table {table.id}")
    return cls(**{k: str(node[k]) for k in fields})


def parse_roles(node: Any, tables: Mapping[str, model.TableDef], sections: tuple[model.Section, ...],
                source: str) -> roles.Roles:
    """The `roles:` block, every id checked against the format (FormatError naming the role otherwise)."""
    if not isinstance(node, Mapping):
        raise model.FormatError(f"{source}: no `roles:` block (the ids that charts, YoY and the narrative check read)")
    by_id = {s.id: s for s in sections}
    blocks = {"requests": roles.RequestRoles, "appeals": roles.AppealRoles}
    unknown = [k for k in node if k not in blocks]
    if unknown:
        raise model.FormatError(f"{source}: roles: no role block `{unknown[0]}`{did_you_mean(str(unknown[0]), blocks)}")
    found = {name: _role_block(cls, node.get(name), tables, by_id, f"{source}: roles.{name}")
             for name, cls in blocks.items()}
    return roles.Roles(requests=found["requests"], appeals=found["appeals"])
