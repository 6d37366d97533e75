"""The only code that writes the output folder: files go to a temporary folder, swapped in when all are written."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.write.guard import MARKER, MARKER_TEXT, is_built_site


class OutputError(Exception):
    """A file plan that would write outside the output folder or one path twice."""


def check_paths(relpaths: Iterable[str]) -> None:
    """Refuse absolute paths, `..`, and a path written twice."""
    seen: set[str] = set()
    for rel in relpaths:
        # plain string tests (a PurePosixPath per file cost more than writing it): absolute, empty, or a ".." part
        if not rel or rel.startswith("/") or ".." in rel.split("/") or rel.strip("/.") == "":
            raise OutputError(f"refusing to write outside the output folder: {rel!r}")
        if rel in seen:
            raise OutputError(f"two outputs want the same path: {rel!r}")
        seen.add(rel)


def remove_later(folder: Path) -> None:
    """Remove `folder` (the previous site) in a detached process, so that the build need not wait for it.

    Deleting a site's thousands of files and folders took a fifth of a build of unchanged content. The process is
    detached (double fork): the build returns at once and leaves no zombie; the folder is already out of the way,
    renamed next to the output. Without fork (Windows), it is removed here.
    """
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    pid = os.fork()
    if pid == 0:  # the child: fork the remover and exit, so that it is adopted by init and nobody waits for it
        try:
            if os.fork() == 0:
                os.setsid()
                # no inherited pipe or socket kept open: a caller reading the build's output sees its end at once
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                os.closerange(3, 65536)
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)  # never back into the build's code (or pytest's) from a forked copy
    os.waitpid(pid, 0)


_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


def _write_new(path: str, parts: Iterable[bytes], digest: Any = None) -> None:
    """Write a file that does not exist yet (in the new site: a path met twice is refused before), part by part,
    each added to `digest` if one is given. Three system calls, where open() makes six (fstat, lseek, ioctl):
    20,000 fewer for a site of 1,000 reports."""
    fd = os.open(path, _NEW, 0o666)
    try:
        for part in parts:
            if digest is not None:
                digest.update(part)
            view = memoryview(part)
            while view:
                view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class SiteWriter:
    """Writes a new site next to `out_dir` and swaps it in on `commit`; `abort` leaves the old site as it was."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out = Path(out_dir).resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        os.chmod(self.tmp, 0o777 & ~_umask())  # mkdtemp makes it 0700: a web server of another user could not read it
        (self.tmp / MARKER).write_bytes(MARKER_TEXT)  # marks the folder as a site that a build may replace
        self.written: list[str] = []
        self._made: set[str] = {""}  # folders of the new site made so far (by this process)
        self._root = str(self.tmp)

    def write(self, files: Mapping[str, bytes]) -> list[str]:
        """Write files (relative POSIX path → bytes) into the new site; returns their paths."""
        check_paths(files)
        for rel, data in files.items():
            self._write(rel, (data,))
        self.written.extend(files)
        return list(files)

    def write_parts(self, rel: str, parts: Iterable[bytes], sha1: bool = False) -> bytes:
        """Write one file of `parts`, each written as it comes (none held after); returns its SHA-1 with `sha1`,
        else b""."""
        check_paths([rel])
        digest = hashlib.sha1() if sha1 else None
        self._write(rel, parts, digest)
        self.written.append(rel)
        return digest.digest() if digest is not None else b""

    def _write(self, rel: str, parts: Iterable[bytes], digest: Any = None) -> None:
        folder = rel.rpartition("/")[0]  # os calls on strings: pathlib's objects cost as much as the writes
        if folder not in self._made:
            os.makedirs(os.path.join(self._root, folder), exist_ok=True)
            self._made.add(folder)
        try:
            _write_new(os.path.join(self._root, rel), parts, digest)
        except FileExistsError:  # written by another task (the paths of all are checked at the end too)
            raise OutputError(f"two outputs want the same path: {rel!r}") from None

    def commit(self, written: Iterable[str] = ()) -> None:
        """Check that no path was written twice (here or by worker processes), then swap the new site in."""
        check_paths([*self.written, *written])
        old = None
        if self.out.exists():
            if not self.out.is_dir() or not is_built_site(self.out):  # checked by the CLI before; here too (a race)
                raise OutputError(f"refusing to replace {self.out}: not a site built by govreport")
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.rename(self.out, old / "site")
        os.rename(self.tmp, self.out)
        if old is not None:
            remove_later(old)

    def abort(self) -> None:
        """Remove the unfinished new site."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def _folder_in(out: str, rel: str) -> str:
    """The folder of `rel` in the site `out`, made if missing; OutputError if a part of it is not a plain folder (a
    link planted in the site would take the file elsewhere)."""
    folder = out
    for name in rel.split("/")[:-1]:
        folder = os.path.join(folder, name)
        try:
            os.mkdir(folder)
        except FileExistsError:
            if os.path.islink(folder) or not os.path.isdir(folder):
                raise OutputError(f"refusing to write {rel!r}: {name!r} in the site is not a folder") from None
    return folder


def write_in_place(out_dir: str | Path, files: Mapping[str, bytes | Iterable[bytes]]) -> None:
    """Update single files of an existing site (bytes, or parts written as they come), each replaced atomically, for
    the preview server's rebuilds; never through a link found in the site."""
    check_paths(files)
    out = str(out_dir)
    for rel, data in files.items():
        target = os.path.join(_folder_in(out, rel), rel.rpartition("/")[2])
        tmp = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.new")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # left by a rebuild that was stopped: made again, not written through
        try:
            _write_new(tmp, (data,) if isinstance(data, bytes) else data)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
