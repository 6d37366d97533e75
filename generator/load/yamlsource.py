"""Read YAML keeping the line and column of every key and value, and report syntax errors located."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

import yaml

from generator.errors import Diagnostic
from generator.load.fastyaml import fast_load
from generator.load.limits import budget, too_deep, too_large, uses_aliases

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~7x faster than pure Python

Path = tuple[str | int, ...]


def safe_load(text: str) -> Any:
    """yaml.safe_load with the C parser when present (for the generator's own files, e.g. strings.yaml)."""
    return yaml.load(text, Loader=_BaseLoader)


_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml parser with a memoised resolver: report files repeat the same few scalars ("0", "null"…)."""

    _tags: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = self._tags.get(value)
            if tag is None:
                tag = self._tags[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file: plain data; positions of keys and values are computed when first asked for."""

    file: str
    data: Any
    text: str = field(repr=False)
    _marks: list[tuple[dict[Path, tuple[int, int]], dict[Path, tuple[int, int]]]] = field(
        default_factory=list, repr=False, compare=False)
    _lines: list[list[str]] = field(default_factory=list, repr=False, compare=False)  # the text's lines, once

    def _positions(self) -> tuple[dict[Path, tuple[int, int]], dict[Path, tuple[int, int]]]:
        # Positions cost as much as parsing; most files never need them, so compose again only on demand.
        if not self._marks:
            values: dict[Path, tuple[int, int]] = {}
            keys: dict[Path, tuple[int, int]] = {}
            try:
                root = yaml.compose(self.text, Loader=_Loader)
            except yaml.YAMLError:  # read by the fast path, which PyYAML does not accept: no positions (1:1)
                root = None
            if root is not None:
                _walk(root, (), values, keys, [], self.file)
            self._marks.append((values, keys))
        return self._marks[0]

    def at(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at `path`, or of its nearest located ancestor."""
        values, keys = self._positions()
        marks = keys if key else values
        p = tuple(path)
        while p:
            if p in marks:
                return marks[p]
            if p in values:
                return values[p]
            p = p[:-1]
        return values.get((), (1, 1))


    def locate(self, path: Path) -> tuple[int, int]:
        """Like `at` for a value, but first tries a cheap scan of the text (block keys, then one flow mapping).

        Checks that report many cells of files that are otherwise fine (cross-year chains) use this: composing
        the file again for its positions costs five times its parsing.
        """
        if not self._marks and all(isinstance(k, str) for k in path):
            if not self._lines:
                self._lines.append(self.text.split("\n"))
            found = _scan(self._lines[0], [str(k) for k in path])
            if found is not None:
                return found
        return self.at(path)


def _scan(lines: list[str], keys: list[str]) -> tuple[int, int] | None:
    """Line and column of the value at `keys` in plainly written YAML, or None when the layout is not plain."""
    start, parent_indent = 0, -1
    for depth, key in enumerate(keys):
        child_indent = None
        for n in range(start, len(lines)):
            line = lines[n]
            body = line.lstrip(" ")
            if not body or body.startswith("#"):
                continue
            indent = len(line) - len(body)
            if indent <= parent_indent:
                return None
            if child_indent is None:
                child_indent = indent
            if indent != child_indent or not body.startswith(key + ":"):
                continue
            rest = body[len(key) + 1:]
            value_col = indent + len(key) + 2 + len(rest) - len(rest.lstrip(" "))
            if depth == len(keys) - 1:
                if rest.strip() and not rest.lstrip().startswith("#"):
                    return n + 1, value_col
                return _next_content(lines, n + 1, indent)  # a block below the key: its first line
            if rest.strip().startswith("{") and depth == len(keys) - 2:
                return _scan_flow(lines, n, value_col - 1, keys[-1])
            if rest.strip() and not rest.lstrip().startswith("#"):
                return None
            start, parent_indent = n + 1, indent
            break
        else:
            return None
    return None


def _next_content(lines: list[str], start: int, parent_indent: int) -> tuple[int, int] | None:
    for n in range(start, len(lines)):
        body = lines[n].lstrip(" ")
        if body and not body.startswith("#"):
            indent = len(lines[n]) - len(body)
            return (n + 1, indent + 1) if indent > parent_indent and not body.startswith("- ") else None
    return None


def _scan_flow(lines: list[str], n: int, start: int, key: str) -> tuple[int, int] | None:
    """The value of `key` in a flow mapping opened at line `n`, column `start` (0-based); it may wrap lines."""
    end = n
    while "}" not in lines[end] and end + 1 < len(lines) and end - n < 8:
        end += 1
    if "}" not in lines[end]:
        return None
    chunk = "\n".join([lines[n][start:], *lines[n + 1:end + 1]])
    m = re.search(r"[{,]\s*" + re.escape(key) + r"\s*:\s*", chunk[:chunk.index("}") + 1])
    if m is None:
        return None
    before = chunk[:m.end()]
    line = n + before.count("\n")
    col = m.end() - (before.rfind("\n") + 1) + (start if line == n else 0)
    return line + 1, col + 1


_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]{0,3999})")  # longer: text (int() refuses 4,300 digits)
_DECIMAL_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")


def _scalar(node: yaml.Node) -> Any:
    """Plain scalars as YAML 1.2's core schema reads them: null, true/false, ASCII integers and decimals.

    Everything else stays text (yes/no/on, 0x1F, 012, 1e3, dates), so the checks can name what they found.
    """
    tag, text = node.tag, node.value
    if tag == _NULL:
        return None if text in ("null", "~", "") else text
    if tag == _BOOL:
        return text == "true" if text in ("true", "false") else text
    if tag == _INT:
        return int(text) if _INT_TEXT.fullmatch(text) else text
    if tag == _FLOAT:  # exact decimals: a fee of 24252.311082 must not become a binary float
        return Decimal(text) if _DECIMAL_TEXT.fullmatch(text) else text
    return text


def _diag(file: str, code: str, message: str, mark: Any, hint: str) -> Diagnostic:
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    return Diagnostic("error", code, message, file, line, col, hint)


def _walk(node: yaml.Node, path: Path, values: dict[Path, tuple[int, int]] | None,
          keys: dict[Path, tuple[int, int]] | None, diags: list[Diagnostic], file: str) -> Any:
    """Plain data from a node tree; with `values`/`keys` dicts, also record every position."""
    if values is not None:
        values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    cls = node.__class__
    if cls is yaml.ScalarNode:
        return _scalar(node)
    if cls is yaml.SequenceNode:
        return [_walk(item, (*path, i), values, keys, diags, file) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        # a key is its text as written (`2021`, `true`, `01`), as every reader of the file would see it
        key = key_node.value if key_node.__class__ is yaml.ScalarNode else ""
        if keys is not None:
            keys[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        elif key in result:
            first = next(n for n, _ in node.value if n.value == key)
            diags.append(_diag(file, "DUPLICATE_KEY", f"key `{key}` appears twice (first at line "
                               f"{first.start_mark.line + 1})", key_node.start_mark,
                               "remove or rename one of them: the second would silently win"))
        result[key] = _walk(value_node, (*path, key), values, keys, diags, file)
    return result


def slow_load(text: str) -> Any:
    """PyYAML's reading of `text` with the same scalar rules (the reference the fast path is tested against)."""
    root = yaml.compose(text, Loader=_Loader)
    return _walk(root, (), None, None, [], "") if root is not None else None


def parse_yaml(file: str, text: str) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse one YAML document; on a syntax error return None and a located diagnostic."""
    if deep := too_deep(text):  # before parsing: libyaml recurses once per level (a segfault at 100,000 levels)
        message, line, col = deep
        return None, [Diagnostic("error", "YAML_LIMIT", message, file, line, col,
                                 "write the lists and mappings less deeply nested")]
    fast, data = fast_load(text)
    if fast:
        return YamlDoc(file, data, text), []
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        return None, [_diag(file, "YAML_SYNTAX", f"{problem}{context}", mark,
                            "check indentation, the `key: value` colon-space, and quotes around text with `:` or `#`")]
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        return None, [_diag(file, "YAML_SYNTAX", str(exc), None, "the file must be UTF-8 YAML")]
    if root is not None and uses_aliases(text) and (big := too_large(root, budget(text))) is not None:
        return None, [_diag(file, "YAML_LIMIT", f"aliases (`*name`) expand to more than {budget(text):,} values",
                            big.start_mark, "write the values out instead of repeating anchors (`&name`) in aliases")]
    diags: list[Diagnostic] = []
    data = _walk(root, (), None, None, diags, file) if root is not None else None
    return YamlDoc(file, data, text), diags
