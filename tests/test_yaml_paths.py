"""The fast YAML path (rapidyaml) must read every document exactly as the PyYAML reference path does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.fastyaml import _risky, fast_load, ryml
from generator.load.yamlsource import parse_yaml, slow_load

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("content/**/*.yaml"), *ROOT.glob("tests/fixtures/minimal/**/*.yaml")])

pytestmark = pytest.mark.skipif(ryml is None, reason="rapidyaml is not installed: only the PyYAML path runs")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_sample_files_read_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast, data = fast_load(text)
    if fast:
        assert data == slow_load(text)
    if "pingtan" in path.parts or "minimal" in path.parts:
        assert fast, "plain report files should take the fast path"


SCALARS = ["0", "7", "-3", "-0", "+5", "012", "00", "1_000", "0x1F", "1.5", "24252.311082", "1.50", "1.", ".5",
           "1e3", "1.0e+3", ".inf", ".nan", "2022-01-20", "2022-1-2", "null", "Null", "NULL", "~", "", "true",
           "false", "True", "yes", "no", "on", "off", "y", '"2021"', "'007'", "２", "30件", "平潭综合实验区",
           '"a: b"', "'it''s'", "a b", "x#y", "Pingtan (Fujian)", "第1.2条"]
KEYS = ["a", "natural_person", "2021", "zh", "t3", "01", "true", "null"]


@st.composite
def documents(draw: st.DrawFn) -> str:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5))
    lines = []
    for key in keys:
        style = draw(st.sampled_from(["plain", "flow", "block", "list"]))
        if style == "plain":
            lines.append(f"{key}: {draw(st.sampled_from(SCALARS))}")
        elif style == "flow":
            pairs = draw(st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(SCALARS)), max_size=4))
            lines.append(f"{key}: {{{', '.join(f'{k}: {v}' for k, v in pairs)}}}")
        elif style == "block":
            lines.append(f"{key}:")
            for k, v in draw(st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(SCALARS)), max_size=3)):
                lines.append(f"  {k}: {v}")
        else:
            lines.append(f"{key}: [{', '.join(draw(st.lists(st.sampled_from(SCALARS), max_size=4)))}]")
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None)
@given(documents())
def test_fast_path_never_differs_from_the_reference(text: str) -> None:
    fast, data = fast_load(text)
    doc, diags = parse_yaml("x.yaml", text)
    if fast:
        assert doc is not None and not diags  # the fast path declines documents with duplicate keys or errors
        assert data == slow_load(text)


def test_risky_documents_fall_back() -> None:
    for text in ["a: &x 1\nb: *x\n", "a: ~\n", "a: |\n  text\n", "a: 1.\n", "a: 1\na: 2\n", "a: [1, 2\n",
                 "---\na: 1\n", "a: !!str 1\n"]:
        assert fast_load(text) == (False, None), text


_PAIR_REGEX = re.compile(r"[&*!~\t\\\x85\u2028\u2029]|[\s\[{,:][|>`%@]")  # the one-regex form of the same test


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab :,[{|>`%@&*!~\t\\\n\u3000\u00a0\x85-")), max_size=12))
def test_risky_scan_equals_one_regex(text: str) -> None:
    assert _risky(text) == bool(_PAIR_REGEX.search(text))


def test_indicators_inside_plain_text_are_not_risky() -> None:
    assert not _risky("a: x|y>z%\nb: 50%\n") and _risky("a: |\n") and _risky("a: [>x]\n") and _risky("a:\u3000@b\n")


def test_syntax_errors_are_reported_by_the_reference_path(capfd: pytest.CaptureFixture[str]) -> None:
    doc, diags = parse_yaml("x.yaml", "a: [1, 2\nb: 3\n")
    assert doc is None and diags[0].code == "YAML_SYNTAX" and diags[0].line == 2
    assert capfd.readouterr().err == ""  # rapidyaml's own message on stderr is suppressed
