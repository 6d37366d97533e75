"""A fast path for plain YAML data: rapidyaml (C++) → JSON → Python, taken only when it must equal PyYAML's reading.

PyYAML builds a Python node per scalar (~2.5 ms for one report.yaml); rapidyaml reads the same file in ~0.3 ms.
Anything unusual (anchors, tags, block scalars, tabs, odd numbers, duplicate keys, syntax errors) returns None,
and the caller falls back to PyYAML, which stays the reference for meaning, positions and error messages.
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from typing import Any

try:
    import ryml
except ImportError:  # pragma: no cover - the fallback is exercised by the equivalence tests
    ryml = None

# Constructs where the two readers could differ: anchors/aliases/tags, `~`, directives, tabs, escapes, block
# scalars and document markers. (Numbers rapidyaml rewrites, such as `1.` → 1.0, are caught in `_float`.)
_RISKY = re.compile(r"[&*!~\t\\\x85\u2028\u2029|>`%@]")
_INDICATORS = "|>`%@"  # risky only after a space or a flow or mapping indicator (else part of plain text)
_BEFORE = "[{,:"


def _risky(text: str) -> bool:
    """Whether `text` has a construct where the two readers could differ: one character class scanned, then each
    indicator's neighbour looked at (~12 µs for a report.yaml; one regex with the pair in it took ~80 µs)."""
    for match in _RISKY.finditer(text):
        i = match.start()
        if text[i] not in _INDICATORS:
            return True
        if i > 0 and (text[i - 1].isspace() or text[i - 1] in _BEFORE):
            return True
    return False
_DECIMAL_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")


class _Unsure(Exception):
    """The fast reading might differ from PyYAML's."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Unsure  # duplicate key: PyYAML reports it with its position
    return result


_NUMBER_CHARS = frozenset("0123456789.eE+-_")


def _written(token: str, source: str) -> bool:
    """Whether `token` stands in `source` as a whole number, not as part of a longer one."""
    start = source.find(token)
    while start >= 0:
        end = start + len(token)
        if (start == 0 or source[start - 1] not in _NUMBER_CHARS) and (
                end == len(source) or source[end] not in _NUMBER_CHARS):
            return True
        start = source.find(token, start + 1)
    return False


def _float_reader(source: str) -> Any:
    def read(text: str) -> Decimal | str:
        if not _written(text, source):
            raise _Unsure  # rapidyaml rewrote the number (`1.` → `1.0`): let PyYAML read the original
        return Decimal(text) if _DECIMAL_TEXT.fullmatch(text) else text
    return read


def fast_load(text: str) -> tuple[bool, Any]:
    """(True, data) when rapidyaml's reading is certain to equal PyYAML's, else (False, None)."""
    if ryml is None or _risky(text) or "\n---" in text or "\n..." in text or text[:1] in ("-", ".", "|", ">",
                                                                                                 "`", "%", "@"):
        return False, None
    saved = os.dup(2)
    try:  # rapidyaml prints parse errors on stderr: PyYAML will report them properly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        tree = ryml.parse_in_arena(text.encode("utf-8"))
        emitted = ryml.emit_json_malloc(tree, tree.root_id()) if tree.size() else "null"
    except Exception:
        return False, None
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    if emitted is None:  # an empty document, as PyYAML reads it
        return True, None
    try:
        return True, json.loads(emitted, object_pairs_hook=_pairs, parse_float=_float_reader(text))
    except (_Unsure, ValueError):
        return False, None
