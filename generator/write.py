"""The only code that writes the output folder: all files to a temporary folder, then an atomic swap."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    """A file plan that would write outside the output folder or one path twice."""


def _check(relpaths: Iterable[str]) -> None:
    seen: set[str] = set()
    for rel in relpaths:
        p = PurePosixPath(rel)
        if p.is_absolute() or ".." in p.parts or not p.parts:
            raise OutputError(f"refusing to write outside the output folder: {rel!r}")
        if rel in seen:
            raise OutputError(f"two outputs want the same path: {rel!r}")
        seen.add(rel)


def write_site(files: dict[str, bytes], out_dir: str | Path) -> None:
    """Write `files` (relative POSIX path → bytes) as `out_dir`, replacing it only when all are written."""
    _check(files)
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for rel, data in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / "site")
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
