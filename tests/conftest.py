"""Shared helpers: copy the minimal fixture content, change one line, validate, read diagnostics."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.pipeline import check
from generator.errors import format_text

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


def diagnostics_of(content: Path | str, *, notes: bool = False) -> list[str]:
    """Every diagnostic of a content folder, formatted as the CLI prints it, paths relative to it.

    Notes (e.g. the minimal content's chain that is not checkable across its format change) are left out unless
    asked for: most tests are about one problem.
    """
    root = Path(content)
    result = check(str(root))
    return [format_text(d).replace(str(root) + "/", "") for d in result.diagnostics
            if notes or d.severity != "note"]


Editor = Callable[..., Path]


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache store folder of the test's own."""
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("GOVREPORT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def validated(own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A cache of its own; the organs validated (in this process) rather than read from the cache."""
    from generator.build import pipeline

    calls: list[str] = []
    real = pipeline._validate_organ

    def counting(task: pipeline.Task) -> object:
        calls.append(task[1])
        return real(task)

    monkeypatch.setattr(pipeline, "_validate_organ", counting)
    return calls


@pytest.fixture
def content(tmp_path: Path) -> Editor:
    """Copy the minimal content; `content(file, old, new)` replaces one exact text in a file."""
    root = tmp_path / "content"
    shutil.copytree(MINIMAL, root)

    def edit(file: str | None = None, old: str = "", new: str = "", count: int = 1) -> Path:
        if file is not None:
            path = root / file
            text = path.read_text(encoding="utf-8")
            assert text.count(old) >= count, f"{old!r} not in {file}"
            path.write_text(text.replace(old, new, count), encoding="utf-8")
        return root

    return edit
