"""Fuzzing the readers of hostile text: the YAML loader and the narrative (bytes and structured inputs).

Whatever the text, they return located diagnostics and never raise. CI runs a few examples; `make fuzz` runs a long
campaign (FUZZ_EXAMPLES examples per test) and prints how many inputs were tried and what failed.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import formats
from generator.check.narrative_checks import check_references, read_narrative
from generator.errors import Diagnostic, format_text
from generator.load.parts import references, split_parts
from generator.load.yamlsource import parse_yaml
from generator.render.narrative import narrative_html

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# the characters that make YAML and Markdown interesting, and a few that are hostile
_SPECIAL = list("[]{}:-?,&*!|>'\"#%@`~\\\n\t ") + ["\u2028", "\u2029", "\x85", "\x00", "\x1b", "\ufeff", "\r", "{{",
                                                 "}}", "##", "```", "0", "9" * 30, "null", "、", "一"]
_TEXT = st.lists(st.one_of(st.sampled_from(_SPECIAL), st.text(max_size=4)), max_size=60).map("".join)
_SCALAR = st.one_of(st.integers(), st.text(max_size=8), st.none(), st.booleans(),
                    st.decimals(allow_nan=False, allow_infinity=False, places=3))


def _yaml_of(value: object, indent: int = 0) -> str:
    """A YAML text of nested data (block and flow styles, quoted and plain)."""
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(f"{pad}{k}:\n{_yaml_of(v, indent + 2)}" for k, v in value.items()) or f"{pad}{{}}\n"
    if isinstance(value, list):
        return "".join(f"{pad}- {_yaml_of(v).strip() or '[]'}\n" for v in value) or f"{pad}[]\n"
    return f"{pad}{value!r}\n" if isinstance(value, str) else f"{pad}{value}\n"


_DATA = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.from_regex(r"[a-z_]{1,6}", fullmatch=True),
                                                                      inner, max_size=4)), max_leaves=20)


def _located(diags: list[Diagnostic], file: str) -> None:
    for d in diags:
        assert d.file == file and d.line >= 1 and d.col >= 1
        assert "\x1b" not in format_text(d) and "\r" not in format_text(d)


def _load(text: str) -> None:
    doc, diags = parse_yaml("f.yaml", text)
    _located(diags, "f.yaml")
    if doc is not None:
        doc.at(("a", 0, "b"))  # positions, composed again on demand
        doc.locate(("tables", "t3", "granted"))
    else:
        assert any(d.severity == "error" for d in diags)


@FUZZ
@given(st.binary(max_size=400))
def test_yaml_loader_bytes(data: bytes) -> None:
    _load(data.decode("utf-8", errors="replace"))


@FUZZ
@given(_TEXT)
def test_yaml_loader_text(text: str) -> None:
    _load(text)


@FUZZ
@given(_DATA, _TEXT)
def test_yaml_loader_structured(data: object, noise: str) -> None:
    text = _yaml_of({"root": data})
    _load(text)
    _load(text + noise)


_FORMAT = formats.latest()
_REPORT = SimpleNamespace(highlights=(), values={"t3.new_received.total": 13})
_HEADINGS = st.sampled_from(["## 一、总体情况", "## 五、存在的主要问题及改进情况", "## 六、其他需要报告的事项", "## I. Overview",
                             "## x", "### a", "```", "~~~", "{{ t3.new_received.total }}", "{{ nope }}", "{{", "}}",
                             "新收 12 件", "![a](/etc/passwd)", "<script>", ""])


def _narrate(text: str) -> None:
    diags: list[Diagnostic] = []
    narrative = read_narrative("zh", "zh.md", text, _FORMAT.sections, legacy=False, diags=diags)
    check_references(narrative, text, ["t3.new_received.total"], "t3.new_received.total", diags)
    _located(diags, "zh.md")
    for name, line, col in references(text):
        assert line >= 1 and col >= 1 and "\n" not in name
    for part in split_parts(text):
        html = narrative_html(part.body, _REPORT)  # type: ignore[arg-type]
        assert "<script>" not in html


@FUZZ
@given(st.binary(max_size=400))
def test_narrative_bytes(data: bytes) -> None:
    _narrate(data.decode("utf-8", errors="replace"))


@FUZZ
@given(st.lists(st.one_of(_HEADINGS, _TEXT), max_size=30).map("\n".join))
def test_narrative_structured(text: str) -> None:
    _narrate(text)
