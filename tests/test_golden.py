"""Golden files: one report page and its open data, byte for byte; and two builds give the same bytes.

Update the golden files after an intended change of the output (then review `git diff tests/golden`):

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from generator.build import build
from generator.pdf import PdfOptions

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
DIFF_LINES = 60

# golden file → path in the built site
CASES = {
    "zh-pingtan-2021.html": "zh/pingtan/2021/index.html",
    "pingtan-2021.json": "data/pingtan-2021.json",
}
# written by Pagefind (generator.search) when it runs: not ours to keep byte-identical
EXCLUDED = ("pagefind",)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "site"
    validation, written = build(str(CONTENT), str(out), pdf=PdfOptions())
    assert written is not None, validation.diagnostics
    return out


@pytest.mark.parametrize("golden", sorted(CASES))
def test_output_equals_the_golden_file(site: Path, golden: str) -> None:
    actual = (site / CASES[golden]).read_bytes()
    path = GOLDEN / golden
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        return
    assert path.is_file(), f"{path} is missing: run `UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py`"
    expected = path.read_bytes()
    if actual != expected:
        diff = list(difflib.unified_diff(expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines(),
                                         f"tests/golden/{golden}", CASES[golden], lineterm=""))
        more = f"\n… {len(diff) - DIFF_LINES} more lines" if len(diff) > DIFF_LINES else ""
        pytest.fail(f"{CASES[golden]} differs from tests/golden/{golden} (if intended: "
                    f"UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py):\n" + "\n".join(diff[:DIFF_LINES]) + more,
                    pytrace=False)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] not in EXCLUDED}


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    _, written = build(str(CONTENT), str(again), pdf=PdfOptions(), cache=False)  # rendered again, not read
    assert written is not None
    first, second = _tree(site), _tree(again)
    assert sorted(first) == sorted(second)
    assert len(first) > 40
    assert [name for name in first if first[name] != second[name]] == []
