"""Shared helpers of the hostile-input tests: a project with content, a snapshot of every file, the CLI in-process."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from generator.cli.main import main

MINIMAL = Path(__file__).resolve().parent.parent / "fixtures" / "minimal"


def project(tmp_path: Path) -> Path:
    """A project folder holding `content/` (the minimal content) and a file of the author's own."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root / "content")
    (root / "notes.txt").write_text("my notes\n", encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, str]:
    """Every path below `folder` (not following links) with the SHA-1 of each file: nothing may change."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                found[rel] = hashlib.sha1(path.read_bytes()).hexdigest()
            else:
                found[rel] = "dir"
    return found


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run govreport in this process: (exit code, stdout + stderr); a traceback would fail the test."""
    code = main(list(args))
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    assert code in (0, 1, 2)
    return code, text


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact text in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
