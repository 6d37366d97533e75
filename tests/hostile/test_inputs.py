"""Crashes become located errors: YAML bombs and depth, U+2028, control characters, 50,000 `{{`, CSV formulas."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import cli, edit, project

from generator.build.pipeline import build, check
from generator.errors import Diagnostic, format_text
from generator.load.yamlsource import parse_yaml
from generator.render.export import _safe
from generator.render.narrative import narrative_html

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))

YAML_CASES = {  # text → the diagnostic (file:line:col: …) it must give
    "laughs": (LAUGHS, "f.yaml:6:4: error[YAML_LIMIT]: aliases (`*name`) expand to more than 200,842 values"),
    "brackets 100000": ("a: " + "[" * 100_000 + "]" * 100_000, "f.yaml:1:54: error[YAML_LIMIT]: brackets nested "
                        "more than 50 deep"),
    "brackets 2000": ("a: " + "{a: " * 2000 + "}" * 2000, "f.yaml:1:204: error[YAML_LIMIT]: brackets nested more "
                      "than 50 deep"),
    "indented 2000": ("a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 2000)), "f.yaml:201:1: "
                      "error[YAML_LIMIT]: a line is indented by more than 200 columns (nesting too deep)"),
    "u2028 key": ("t:\n  r: {made\u2028: 0, b: 1}\n", "f.yaml:3:1: error[YAML_SYNTAX]: "),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_hostile_yaml_is_a_located_error(case: str) -> None:
    text, expected = YAML_CASES[case]
    start = time.perf_counter()
    doc, diags = parse_yaml("f.yaml", text)
    assert time.perf_counter() - start < 5
    assert doc is None
    assert format_text(diags[0]).startswith(expected)


def test_u2028_in_a_report_is_an_error_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path)
    edit(root / "content/demo/2021/report.yaml", "regulations: {made: 0,", "regulations: {made\u2028: 0,")
    code, text = cli(capsys, "validate", str(root / "content"))
    assert code == 1
    assert "/content/demo/2021/report.yaml:7:1: error[YAML_SYNTAX]: did not find expected ',' or '}'" in text


def test_a_billion_laughs_report_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path)
    (root / "content/demo/2021/report.yaml").write_text(LAUGHS, encoding="utf-8")
    code, text = cli(capsys, "build", str(root / "content"), "-o", str(root / "site"), "--no-pdf", "--no-search")
    assert code == 1
    assert "/content/demo/2021/report.yaml:6:4: error[YAML_LIMIT]: aliases" in text


def test_control_characters_are_escaped_in_diagnostics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path)
    edit(root / "content/demo/organ.yaml", "kind: government", 'kind: "\\e[2J\\e[31mgov\\a\\rernment"')
    code, text = cli(capsys, "validate", str(root / "content"))
    assert code == 1
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "\\x1b[2J\\x1b[31mgov\\x07\\x0dernment" in text
    d = Diagnostic("error", "BAD_VALUE", "a\u202eb\nc\x85", "f\x1b.yaml", 1, 1, "h\x9b")
    assert format_text(d) == "f\\x1b.yaml:1:1: error[BAD_VALUE]: a\\u202eb\\x0ac\\x85\n  hint: h\\x9b"


@pytest.mark.parametrize("text", ["{{" * 50_000, "{{ a " * 50_000, "{{ }" * 50_000, "{{ " + " " * 100_000 + "x",
                                  "{{ t3.x }}\n" * 20_000])
def test_many_references_take_linear_time(tmp_path: Path, text: str) -> None:
    root = project(tmp_path)
    (root / "content/demo/2021/zh.md").write_text("## 一、总体情况\n\n" + text, encoding="utf-8")
    start = time.perf_counter()
    check(str(root / "content"))
    report = SimpleNamespace(highlights=(), values={"t3.x": 1})
    html = narrative_html(text, report)  # type: ignore[arg-type]
    assert time.perf_counter() - start < 20  # minutes before (quadratic)
    assert html.count('class="figure"') == text.count("{{ t3.x }}")


def test_a_reference_is_one_line() -> None:
    report = SimpleNamespace(highlights=(), values={"t3.x": 7})
    html = narrative_html("{{ t3.x }} {{\n t3.x \n}} {{ a\nb }}", report)  # type: ignore[arg-type]
    assert html.count('class="figure"') == 2 and "{{ a\nb }}" in html


@pytest.mark.parametrize("text,cell", [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"),
                                       ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
                                       ("\r=1", "'\r=1"), ("正常", "正常"), ("", "")])
def test_csv_text_cells_are_no_formulas(text: str, cell: str) -> None:
    assert _safe(text) == cell


def test_a_formula_label_is_neutralised_in_the_open_data(tmp_path: Path) -> None:
    root = project(tmp_path)
    edit(root / "content/demo/2021/report.yaml", "label: {zh: 门户网站发布信息, en: Items published on the portal}",
         'label: {zh: "=cmd|\' /C calc\'!A0", en: "@SUM(1+1)"}')
    validation, written = build(str(root / "content"), str(root / "site"), search=False, cache=False)
    assert written, validation.diagnostics
    rows = list(csv.reader(io.StringIO((root / "site/data/demo-2021.csv").read_text(encoding="utf-8-sig"))))
    highlight = next(r for r in rows if r[0] == "highlights.portal_items")
    assert highlight[4:6] == ["'=cmd|' /C calc'!A0", "'@SUM(1+1)"]
    for path in (root / "site").rglob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            assert not any(c[:1] in ("=", "+", "@") for c in row), row


MALFORMED = {  # values of the wrong shape: each a located error, never a traceback
    "5,000-digit integer": ("demo/2021/report.yaml", "licensing: {decisions: 120}", "licensing: {decisions: 1"
                            + "0" * 4999 + "}"),
    "parent: [x]": ("demo/organ.yaml", "kind: government", "kind: government\nparent: [x]"),
    "acknowledged.cells: [[a]]": ("demo/2021/report.yaml", "highlights:", "acknowledged:\n  - rule: T3_ROW_TOTAL\n"
                                  "    cells: [[a]]\n    reason: {zh: x, en: y}\nhighlights:"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_values_are_located_errors(tmp_path: Path, case: str) -> None:
    root = project(tmp_path)
    file, old, new = MALFORMED[case]
    edit(root / "content" / file, old, new)
    errors = [format_text(d).replace(str(root / "content") + "/", "") for d in check(str(root / "content")).diagnostics
              if d.severity == "error"]
    assert errors == EXPECTED[case]


EXPECTED = {
    "5,000-digit integer": [
        'demo/2021/report.yaml:9:28: error[NOT_INTEGER]: t2_art20_5.licensing.decisions must be a whole number, found '
        'text "1000000000000000000000000000000000000000…" (5,000 characters)\n'
        "  hint: write the number only (no unit or note); put annotations under `notes:`"],
    "parent: [x]": [
        "demo/organ.yaml:3:9: error[WRONG_TYPE]: `parent` must be the folder name of one organ, found list\n"
        "  hint: write one organ id, e.g. `parent: guangzhou`"],
    "acknowledged.cells: [[a]]": [
        "demo/2021/report.yaml:47:12: error[UNKNOWN_CELL]: `cells` must list cell ids of the form, found ['a']\n"
        "  hint: e.g. `[t3.results_total.total]`"],
}


def test_year_9999_is_an_error(tmp_path: Path) -> None:
    import shutil

    root = project(tmp_path)
    shutil.copytree(root / "content/demo/2021", root / "content/demo/9999")
    errors = [format_text(d).replace(str(root / "content") + "/", "") for d in check(str(root / "content")).diagnostics
              if d.severity == "error"]
    assert errors == ["demo/9999/report.yaml:1:1: error[BAD_YEAR]: report folder `9999` is not a reporting year "
                      "(four digits, 1990–2100)\n  hint: name each report folder after the year it reports on, "
                      "e.g. `2024`"]


def test_private_use_marks_of_the_author_stay_text() -> None:
    """The renderer marks figure references with private-use characters: an author's own cannot break out of a link
    title or point at a figure that does not exist."""
    report = SimpleNamespace(highlights=(), values={"t3.new_received.total": 13})
    text = '[x](http://a.example "\ue0000\ue001 \ue0005\ue001") has {{ t3.new_received.total }} requests'
    html = narrative_html(text, report)  # type: ignore[arg-type]
    assert html.count("<a ") == 2 and 'class="figure" href="#c-t3-new_received-total">13</a>' in html
    assert 'title="\ufffd0\ufffd \ufffd5\ufffd"' in html
