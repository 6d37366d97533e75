"""Positions of every value below `tables:` in a report.yaml, by one scan of its text.

The checks locate a cell where PyYAML's marks would (`YamlDoc.at`): the value written for it, or its nearest
written ancestor (a computed 总计 is located at its row). Composing the file again for its marks costs five times its
parsing, so plainly written tables — block mappings of ids, rows as flow mappings `{a: 1, b: 2}` (which may wrap
lines) or as blocks — are scanned instead, guided by the parsed data (keys in file order). Anything else (anchors,
quoted or duplicate keys, empty values, multi-line scalars, comments inside a row, …) falls back to the marks.
"""

from __future__ import annotations

import re
from typing import Any

from generator.load.yamlsource import Path, YamlDoc

Position = tuple[int, int]  # 1-based line and column
Found = dict[Path, tuple[Position, dict[str, Position]]]  # each mapping: its position, and each of its values'

# one `key: value` entry of a flow mapping: the value plain (no flow indicators, quotes or comments) or quoted
# on one line, then `,` or `}` (or the end of the line: not scanned)
_ENTRY = re.compile(r" *([A-Za-z0-9_]+) *: +(\"[^\"\\\n]*\"|'[^'\n]*'|[^\s,{}\[\]#'\"&*!|>%@`][^,{}\[\]#'\"]*?) *"
                    r"([,}])")
_KEY = re.compile(r"( *)([A-Za-z0-9_]+):(?: +|$)")
_SCALAR_START = re.compile(r"[^\s,{}\[\]#&*!|>%@`-]|-[0-9]")


class _Unsure(Exception):
    """The layout is not plain: ask PyYAML's marks."""


class _Scanner:
    def __init__(self, lines: list[str], out: Found) -> None:
        self.lines, self.out = lines, out

    def content(self, n: int) -> int:
        """The index of the first line from `n` that is neither blank nor a comment (len(lines) at the end)."""
        lines = self.lines
        while n < len(lines):
            body = lines[n].lstrip(" ")
            if body and not body.startswith("#"):
                return n
            n += 1
        return n

    def block(self, n: int, indent: int, path: Path, mapping: dict[str, Any]) -> int:
        """Scan the block mapping below the key on line `n` (at `indent`); the index of the line after it."""
        values: dict[str, Position] = {}
        lines = self.lines
        n = self.content(n + 1)
        if n == len(lines):
            raise _Unsure
        child = len(lines[n]) - len(lines[n].lstrip(" "))
        if child <= indent or lines[n][child] == "-":
            raise _Unsure
        self.out[path] = ((n + 1, child + 1), values)
        for key, value in mapping.items():
            n = self.content(n)
            m = _KEY.match(lines[n]) if n < len(lines) else None
            if m is None or len(m.group(1)) != child or m.group(2) != key:
                raise _Unsure
            at = m.end()
            rest = lines[n][at:]
            if value.__class__ is dict:
                if not rest or rest.startswith("#"):
                    n = self.block(n, child, (*path, key), value)
                elif rest.startswith("{"):
                    n = self.flow(n, at, (*path, key), value)
                else:
                    raise _Unsure
                values[key] = self.out[(*path, key)][0]
            elif rest and _SCALAR_START.match(rest) and value.__class__ is not list:
                if rest[0] in "\"'":  # a quoted scalar: closed on the line, nothing but a comment after it
                    end = rest.find(rest[0], 1)
                    if end < 0 or (rest[end + 1:].strip() and not rest[end + 1:].startswith(" #")):
                        raise _Unsure
                values[key] = (n + 1, at + 1)
                n = self.content(n + 1)
                if n < len(lines) and len(lines[n]) - len(lines[n].lstrip(" ")) > child:
                    raise _Unsure  # a continuation line of a multi-line scalar
            else:
                raise _Unsure
        n = self.content(n)
        if n < len(lines) and len(lines[n]) - len(lines[n].lstrip(" ")) > indent:
            raise _Unsure  # a key the data does not hold (a duplicate): PyYAML knows which one counts
        return n

    def flow(self, n: int, at: int, path: Path, mapping: dict[str, Any]) -> int:
        """Scan the flow mapping opened at line `n`, column `at` (0-based); the index of the line after it. Its
        entries may wrap lines, each written on one."""
        lines, match = self.lines, _ENTRY.match
        values: dict[str, Position] = {}
        self.out[path] = ((n + 1, at + 1), values)
        pos, line, closed = at + 1, lines[n], False
        for key in mapping:
            if closed:
                raise _Unsure
            if not line[pos:].strip():  # the entry is on the next line
                n = self.content(n + 1)
                if n == len(lines):
                    raise _Unsure
                line, pos = lines[n], 0
            m = match(line, pos)
            if m is None or m.group(1) != key:
                raise _Unsure
            values[key] = (n + 1, m.start(2) + 1)
            closed, pos = m.group(3) == "}", m.end()
        rest = line[pos:]
        if not closed or (rest.strip() and not rest.startswith(" #")):
            raise _Unsure
        return self.content(n + 1)


def scan_tables(text: str, tables: Any) -> Found | None:
    """The position of every mapping at or below `tables` and of each of its values, as `YamlDoc.at` gives them;
    None when they are not plainly written. `tables` is the parsed value of the file's `tables` key."""
    if tables.__class__ is not dict or not tables:
        return None
    lines = text.split("\n")
    n = next((i for i, line in enumerate(lines) if line.startswith("tables:")), None)
    if n is None or (lines[n][7:].strip() and not lines[n][7:].lstrip().startswith("#")):
        return None
    out: Found = {}
    try:
        _Scanner(lines, out).block(n, 0, ("tables",), tables)
    except (_Unsure, IndexError):
        return None
    return out


def find_tables(doc: YamlDoc) -> Found | None:
    """`scan_tables` of a parsed document."""
    data = doc.data
    return scan_tables(doc.text, data.get("tables") if data.__class__ is dict else None)
