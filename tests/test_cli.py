"""The command line: output format, summary line, exit codes, JSON, and safe builds."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINIMAL, Editor

from generator.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


def test_validate_sample_exit_0_and_summary() -> None:
    done = run("validate", "content")
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == "0 errors, 3 warnings, 2 notes in 8 reports"
    assert done.stdout.startswith("content/guangzhou-office/2020/report.yaml:5:1: warning[PUBLISHED_UNKNOWN]: ")


def test_strict_fails_on_warnings() -> None:
    assert run("validate", "content", "--strict").returncode == 1


def test_strict_passes_with_notes_only(content: Editor, capsys: pytest.CaptureFixture[str]) -> None:
    root = content()  # the minimal content: one note (a chain not checkable across the format change), no warning
    assert main(["validate", str(root), "--strict"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("note[X_NOT_CHECKABLE]: X_T2_VALID_CHAIN not checkable across the format change "
                           "2019 → 2021: the 2019 format has no t2_art20_1.regulations.valid")
    assert out[-1] == "0 errors, 0 warnings, 1 note in 2 reports"


def test_errors_exit_1(content: Editor, capsys: pytest.CaptureFixture[str]) -> None:
    root = content("demo/2021/report.yaml", "coercion: {decisions: 2}", "coercion: {decisions: ２}")
    assert main(["validate", str(root)]) == 1
    out = [line for line in capsys.readouterr().out.splitlines() if "note[" not in line and "chain starts" not in line]
    assert out[0] == (f"{root}/demo/2021/report.yaml:12:27: error[FULLWIDTH_DIGITS]: "
                      "t2_art20_6.coercion.decisions is written with full-width characters: \"２\"")
    assert out[1] == "  hint: use ASCII digits: 2"
    assert out[-1] == "1 error, 0 warnings, 1 note in 2 reports"


def test_json_output_has_the_same_diagnostics(content: Editor, capsys: pytest.CaptureFixture[str]) -> None:
    root = content("demo/2021/report.yaml", "published: 2022-01-20", "published: 2022-04-02")
    assert main(["validate", str(root), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"] == {"errors": 0, "warnings": 1, "notes": 1, "reports": 2}
    assert [d["code"] for d in doc["diagnostics"]] == ["LATE_PUBLICATION", "X_NOT_CHECKABLE"]
    assert doc["diagnostics"][:1] == [{
        "severity": "warning", "code": "LATE_PUBLICATION",
        "message": "published 2022-04-02, after the statutory deadline 2022-03-31 for a government (条例 第四十九条)",
        "file": f"{root}/demo/2021/report.yaml", "line": 2, "col": 12,
        "hint": "check the date; if it is right, the report was late"}]


def test_missing_content_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "error[MISSING_FILE]: content folder" in capsys.readouterr().out


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(folder: Path, timeout: float = 20.0) -> list[Path]:
    """The temporary folders next to the site, once the previous site's background removal is done (or timed out)."""
    deadline = time.monotonic() + timeout
    while (found := list(folder.glob(".site.*"))) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_build_writes_a_page_per_report_and_is_deterministic(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(MINIMAL), "-o", str(out)]) == 0
    for lang in ("zh", "en"):
        for year in (2020, 2021):
            assert (out / lang / "demo" / str(year) / "index.html").is_file()
    first = _tree_digest(out)
    assert main(["build", str(MINIMAL), "-o", str(out)]) == 0
    assert _tree_digest(out) == first
    assert not _leftovers(tmp_path)  # no temporary folder left behind (the old site is removed in the background)


def test_failed_build_leaves_the_previous_site(content: Editor, tmp_path: Path) -> None:
    out = tmp_path / "site"
    root = content()
    assert main(["build", str(root), "-o", str(out)]) == 0
    before = _tree_digest(out)
    content("demo/2021/report.yaml", "penalty: {decisions: 30}", "penalty: {decisions: x}")
    assert main(["build", str(root), "-o", str(out)]) == 1
    assert _tree_digest(out) == before
    assert not list(tmp_path.glob(".site.*"))


def test_acknowledged_discrepancy_does_not_block_the_build(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(ROOT / "content"), "-o", str(out)]) == 0
    assert (out / "zh" / "pingtan" / "2020" / "index.html").is_file()


def test_users_own_templates_come_first(tmp_path: Path) -> None:
    own = tmp_path / "own"
    (own / "static").mkdir(parents=True)
    strings = (ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8")
    (own / "strings.yaml").write_text(strings.replace("skip: 跳到正文", "skip: 直接阅读正文"), encoding="utf-8")
    (own / "static" / "govreport.css").write_text("body { color: black; }\n", encoding="utf-8")
    (own / "static" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", str(MINIMAL), "-o", str(out), "--templates", str(own), "--no-search"]) == 0
    assert "直接阅读正文" in (out / "zh/demo/2021/index.html").read_text(encoding="utf-8")
    assert (out / "static/govreport.css").read_text(encoding="utf-8") == "body { color: black; }\n"
    assert (out / "static/logo.svg").is_file()


def _build_with_own(tmp_path: Path, name: str, text: str) -> tuple[Path, Path, int]:
    """Build the minimal content with one file of a templates folder: (that file, the output folder, exit code)."""
    own = tmp_path / "own"
    own.mkdir()
    (own / name).write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    code = main(["build", str(MINIMAL), "-o", str(out), "--templates", str(own), "--no-search", "--no-pdf"])
    return own / name, out, code


@pytest.mark.parametrize(("template", "line", "message"), [
    ('{% extends "base.html.j2" %}\n{% block main %}{{ oops(}}{% endblock %}\n', 2, "unexpected '}', expected ')'"),
    ('{% extends "base.html.j2" %}\n{% block main %}\n<p>{{ organ.nmae.zh }}</p>{% endblock %}\n', 3,
     "'generator.model.Organ object' has no attribute 'nmae'"),
    ('{% extends "base.html.j2" %}\n{% block main %}\n<p>{{ organ.name | t }}</p>{% endblock %}\n', 3,
     "TypeError: environment.<locals>.<lambda>() missing 1 required positional argument: 'lang'"),
])
def test_a_broken_own_template_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str,
                                                 line: int, message: str) -> None:
    file, out, code = _build_with_own(tmp_path, "organ.html.j2", template)
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-3:] == [f"{file}:{line}:1: error[TEMPLATE]: {message}",
                        "  hint: fix it in your templates folder (--templates), or remove the file to use the "
                        "built-in template", f"build stopped: {out}/ was left as it was"]
    assert not out.exists() and not list(tmp_path.glob(".site.*"))


def test_the_contents_problems_come_before_a_broken_template(content: Editor, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """With worker processes the templates compile while the content is validated: a broken template is reported
    after the content's own errors, as without them (the build stops at the content's errors first)."""
    from generator.build import pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)  # workers even for one organ: the templates compile meanwhile
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    own = tmp_path / "own"
    own.mkdir()
    (own / "organ.html.j2").write_text('{% block main %}{{ oops(}}{% endblock %}\n', encoding="utf-8")
    root = content("demo/2021/report.yaml", "penalty: {decisions: 30}", "penalty: {decisions: x}")
    args = ["build", str(root), "-o", str(tmp_path / "site"), "--templates", str(own), "--no-search", "--no-pdf"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "error[" in err and "TEMPLATE" not in err, err
    content("demo/2021/report.yaml", "penalty: {decisions: x}", "penalty: {decisions: 30}")
    assert main(args) == 1
    assert "error[TEMPLATE]: unexpected '}', expected ')'" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "where", "message"), [
    ("zh:\n  home: [unclosed\n", "3:1", "strings.yaml is not valid YAML: did not find expected ',' or ']'"),
    ("- home\n", "1:1", "strings.yaml must give each language its texts, e.g. `zh: {home: 首页}`"),
    ("zh:\n  home: {a: b}\n", "1:1", "strings.yaml must give each language its texts, e.g. `zh: {home: 首页}`"),
])
def test_a_broken_own_strings_file_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                                      where: str, message: str) -> None:
    file, out, code = _build_with_own(tmp_path, "strings.yaml", text)
    assert code == 1
    assert f"{file}:{where}: error[TEMPLATE]: {message}" in capsys.readouterr().err.splitlines()
    assert not out.exists()


def test_own_strings_replace_only_the_texts_they_give(tmp_path: Path) -> None:
    _, out, code = _build_with_own(tmp_path, "strings.yaml", "zh:\n  skip: 直接阅读正文\n")  # one text, not all
    assert code == 0
    page = (out / "zh/demo/2021/index.html").read_text(encoding="utf-8")
    assert "直接阅读正文" in page and "首页" in page
    assert "Skip to main content" in (out / "en/demo/2021/index.html").read_text(encoding="utf-8")
