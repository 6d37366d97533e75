"""What may be read below the content folder: no symbolic link that leaves it, no FIFO, socket or device.

A link that stays inside the content folder is followed (a shared image folder, an organ renamed by a link); one that
points outside is reported (`UNSAFE_PATH`) and never read, so that `zh.md → /etc/passwd` cannot be published.
"""

from __future__ import annotations

import os
import re
import stat

# organ ids, as the README documents them: lower-case ASCII letters, digits and hyphens; short enough for file names
ORGAN_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
ORGAN_ID_TEXT = "lower-case letters a-z, digits and hyphens (`-`), at most 64, not starting or ending with `-`"


class UnsafePath(Exception):
    """A path that leaves the content folder, or a file that is not a regular file."""


def real(path: str | os.PathLike[str]) -> str:
    """The absolute path with every symbolic link resolved."""
    return os.path.realpath(os.fspath(path))


def inside(root_real: str, path: str | os.PathLike[str]) -> bool:
    """Whether `path`, links resolved, is `root_real` (a `real` path) or below it."""
    target = real(path)
    return target == root_real or target.startswith(root_real.rstrip(os.sep) + os.sep)


def valid_organ_id(name: str) -> bool:
    """Whether `name` is a usable organ id (folder name, URL part, file name part)."""
    return ORGAN_ID.fullmatch(name) is not None


def read_bytes(path: str | os.PathLike[str], root_real: str | None = None) -> bytes:
    """The bytes of a regular file; UnsafePath for a link out of `root_real` or a FIFO/device (never blocks on one).

    OSError (missing, permissions) passes through.
    """
    if root_real is not None and not inside(root_real, path):
        raise UnsafePath("it is a symbolic link to a place outside the content folder")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO opens at once instead of waiting
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafePath("it is not a regular file (a FIFO, socket or device)")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
