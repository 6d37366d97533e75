"""The only code that writes the output folder: files go to a temporary folder, swapped in when all are written."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    """A file plan that would write outside the output folder or one path twice."""


def check_paths(relpaths: Iterable[str]) -> None:
    """Refuse absolute paths, `..`, and a path written twice."""
    seen: set[str] = set()
    for rel in relpaths:
        p = PurePosixPath(rel)
        if p.is_absolute() or ".." in p.parts or not p.parts:
            raise OutputError(f"refusing to write outside the output folder: {rel!r}")
        if rel in seen:
            raise OutputError(f"two outputs want the same path: {rel!r}")
        seen.add(rel)


class SiteWriter:
    """Writes a new site next to `out_dir` and swaps it in on `commit`; `abort` leaves the old site as it was."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out = Path(out_dir).resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self.written: list[str] = []

    def write(self, files: Mapping[str, bytes]) -> list[str]:
        """Write files (relative POSIX path → bytes) into the new site; returns their paths."""
        check_paths(files)
        made: set[Path] = set()
        for rel, data in files.items():
            target = self.tmp / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
        self.written.extend(files)
        return list(files)

    def commit(self, written: Iterable[str] = ()) -> None:
        """Check that no path was written twice (here or by worker processes), then swap the new site in."""
        check_paths([*self.written, *written])
        old = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.rename(self.out, old / "site")
        os.rename(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        """Remove the unfinished new site."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_site(files: Mapping[str, bytes], out_dir: str | Path) -> None:
    """Write `files` as `out_dir` in one step (all or nothing)."""
    writer = SiteWriter(out_dir)
    try:
        writer.write(files)
        writer.commit()
    except BaseException:
        writer.abort()
        raise


def write_in_place(out_dir: str | Path, files: Mapping[str, bytes]) -> None:
    """Update single files of an existing site, each replaced atomically (for the preview server's rebuilds)."""
    check_paths(files)
    out = Path(out_dir)
    for rel, data in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.new")
        tmp.write_bytes(data)
        os.replace(tmp, target)
