"""Golden output: every file of the sample site, and two builds give the same bytes.

Text files (HTML, CSS, JS, JSON, CSV, SVG) are kept whole under tests/golden/site/, with line endings normalised;
each PDF is kept as its text (`pdftotext -layout`, `<file>.pdf.txt`); Pagefind's index is not ours to keep.
Update after an intended change of the output, then review `git diff tests/golden`:

    make golden
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build.pipeline import build
from generator.render.print.pdf import PdfOptions

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
GOLDEN = Path(__file__).parent / "golden" / "site"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
DIFF_LINES = 40
TEXT = (".html", ".css", ".js", ".json", ".csv", ".svg", ".txt", ".xml")
EXCLUDED = ("pagefind", ".govreport-site")  # written by Pagefind when it runs; the marker of a built site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "site"
    validation, written = build(str(CONTENT), str(out), pdf=PdfOptions(), search=False, cache=False)
    assert written is not None, validation.diagnostics
    return out


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def normalised(site: Path) -> dict[str, str]:
    """Golden path → normalised text of every file of a built site."""
    files: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.split("/")[0] in EXCLUDED:
            continue
        if path.suffix == ".pdf":
            files[f"{rel}.txt"] = _pdf_text(path)
        else:
            assert path.suffix in TEXT, f"{rel}: no golden form for this kind of file"
            files[rel] = path.read_text(encoding="utf-8")
    return {rel: "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").splitlines()) + "\n"
            for rel, text in files.items()}


def test_the_site_equals_the_golden_files(site: Path) -> None:
    actual = normalised(site)
    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in actual.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
        return
    assert GOLDEN.is_dir(), "tests/golden/site is missing: run `make golden`"
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    problems = [f"new file {rel} (not in tests/golden/site)" for rel in sorted(set(actual) - set(expected))]
    problems += [f"missing file {rel} (in tests/golden/site)" for rel in sorted(set(expected) - set(actual))]
    for rel in sorted(set(actual) & set(expected)):
        if actual[rel] != expected[rel]:
            diff = list(difflib.unified_diff(expected[rel].splitlines(), actual[rel].splitlines(),
                                             f"tests/golden/site/{rel}", rel, lineterm="", n=1))
            more = f"\n… {len(diff) - DIFF_LINES} more lines" if len(diff) > DIFF_LINES else ""
            problems.append("\n".join(diff[:DIFF_LINES]) + more)
    if problems:
        pytest.fail(f"{len(problems)} files differ from the golden site (if intended: `make golden`, then review "
                    "`git diff tests/golden`):\n" + "\n".join(problems[:12]), pytrace=False)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] not in EXCLUDED}


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    _, written = build(str(CONTENT), str(again), pdf=PdfOptions(), search=False)  # through the caches this time
    assert written is not None
    first, second = _tree(site), _tree(again)
    assert sorted(first) == sorted(second)
    assert len(first) > 40
    assert [name for name in first if first[name] != second[name]] == []
