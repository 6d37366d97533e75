"""Limits that keep hostile YAML from crashing the reader: nesting depth (checked on the text, before parsing) and the
size of the data once aliases are expanded ("billion laughs"). Content files are far below both.
"""

from __future__ import annotations

import re

import yaml

MAX_FLOW_DEPTH = 50  # lists and mappings in brackets inside each other (a report uses 3)
MAX_INDENT = 200  # columns of indentation and `- ` before a line's text (libyaml recurses once per level)
MAX_NODES = 200_000  # values after expanding aliases, beyond what the text itself holds

_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_LINE = re.compile(rf"^[ \t?:-]{{{MAX_INDENT},}}", re.M)


def _where(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def too_deep(text: str) -> tuple[str, int, int] | None:
    """(message, line, col) when the text nests deeper than the reader can take, else None (linear time)."""
    if m := _DEEP_LINE.search(text):
        return (f"a line is indented by more than {MAX_INDENT} columns (nesting too deep)", *_where(text, m.start()))
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth = 0
    for m in _BRACKETS.finditer(text):  # brackets in quoted text are counted too: only a far deeper text is refused
        if m.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return (f"brackets nested more than {MAX_FLOW_DEPTH} deep", *_where(text, m.start()))
        elif depth:
            depth -= 1
    return None


def too_large(root: yaml.Node, budget: int) -> yaml.Node | None:
    """The innermost node whose value, aliases expanded, has more than `budget` values (else None).

    Computed on the node graph, where an alias is the same node object again: linear in the text, not in the
    expansion.
    """
    sizes: dict[int, int] = {}
    found: list[yaml.Node] = []

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        sizes[id(node)] = total
        if total > budget and not found:
            found.append(node)
        return total

    size(root)
    return found[0] if found else None


def budget(text: str) -> int:
    """How many values a text may expand to: what it could hold without aliases, and a margin."""
    return MAX_NODES + 2 * len(text)


def uses_aliases(text: str) -> bool:
    """Whether the text may hold an alias (cheap test before the size walk)."""
    return "*" in text and "&" in text

