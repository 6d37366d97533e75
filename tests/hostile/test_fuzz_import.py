"""Fuzzing of `govreport import`: random bytes and mutated real reports end in exit 0, 1 or 2, never a traceback,
every problem located, nothing written outside the report's folder. `make fuzz` runs more examples."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_fuzz import _SPECIAL, EXAMPLES, FUZZ

from generator.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SOURCE = (ROOT / "seeds" / "reports" / "03-pingtan-2021.txt").read_text(encoding="utf-8")
IMPORT_FUZZ = FUZZ.__class__(FUZZ, max_examples=max(10, EXAMPLES // 3))
# a problem line as the CLI prints it: `file:line:col: severity[CODE]: …`
PROBLEM = re.compile(r"^(?P<where>\S.*?):(?P<line>[0-9]+):(?P<col>[0-9]+): (?:error|warning|note)\[[A-Z0-9_]+\]: ")


def _import(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(MINIMAL, root / "content")
        shutil.rmtree(root / "content" / "demo" / "2021")
        source = root / f"source{suffix}"
        source.write_bytes(data)
        before = {p.relative_to(root).as_posix() for p in root.rglob("*")}
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["import", str(source), "--organ", "demo", "--year", "2021", "--content", str(root / "content")])
        text = out.getvalue()
        assert code in (0, 1, 2) and "Traceback" not in text
        for line in text.splitlines():
            if re.search(r"\b(?:error|warning)\[[A-Z0-9_]+\]", line) and not line.startswith(" "):
                assert PROBLEM.match(line), line  # every problem says where
        after = {p.relative_to(root).as_posix() for p in root.rglob("*")}
        new = {p for p in after - before if not p.startswith("content/demo/2021")}
        assert new == set(), new
        if code != 0:
            assert not (root / "content/demo/2021/report.yaml").exists()  # a failed import writes nothing


@IMPORT_FUZZ
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".html", ".md", ".pdf", ".docx"]))
def test_import_of_random_bytes(data: bytes, suffix: str) -> None:
    _import(data, suffix)


_EDIT = st.tuples(st.sampled_from(["cut", "repeat", "insert", "digits"]), st.integers(0, len(SOURCE) - 1),
                  st.integers(1, 400), st.sampled_from([*_SPECIAL, "|", "| 12 |", "（三）", "总计", "\n\n"]))


@IMPORT_FUZZ
@given(st.lists(_EDIT, min_size=1, max_size=6), st.sampled_from([".txt", ".md"]))
def test_import_of_a_mutated_real_report(edits: list[tuple[str, int, int, str]], suffix: str) -> None:
    text = SOURCE
    for kind, at, size, token in edits:
        at %= max(1, len(text))
        if kind == "cut":
            text = text[:at] + text[at + size:]
        elif kind == "repeat":
            text = text[:at] + text[at:at + size] + text[at:]
        elif kind == "insert":
            text = text[:at] + token + text[at:]
        else:  # digits run together or split apart
            text = text[:at] + re.sub(r"(\d) (\d)", r"\1\2", text[at:at + size]) + text[at + size:]
    _import(text.encode("utf-8"), suffix)


def test_a_part_whose_heading_is_lost_is_reported_not_a_crash(tmp_path: Path) -> None:
    """Found by the fuzzer: a cut that takes the 二 of 二、主动公开政府信息情况 left part 二 without a heading, its
    tables unread, and the writer failed on the missing cells. Its rows are now missing where the part should be."""
    at = SOURCE.index("二、主动公开政府信息情况")
    source = tmp_path / "source.txt"
    source.write_text(SOURCE[:at - 399] + SOURCE[at + 1:], encoding="utf-8")
    shutil.copytree(MINIMAL, tmp_path / "content")
    shutil.rmtree(tmp_path / "content" / "demo" / "2021")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["import", str(source), "--organ", "demo", "--year", "2021", "--content",
                     str(tmp_path / "content")])
    text = out.getvalue()
    assert code == 1 and "Traceback" not in text, text
    assert f"{source}:10:1837: error[IMPORT_ROW_NOT_FOUND]: row `规章` of table t2_art20_1 " \
           "(t2_art20_1.regulations) was not found" in text, text
    assert not (tmp_path / "content" / "demo" / "2021").exists()
