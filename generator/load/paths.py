"""What may be read below the content folder: no symbolic link that leaves it, no FIFO, socket or device.

A link that stays inside the content folder is followed (a shared image folder, an organ renamed by a link); one that
points outside is reported (`UNSAFE_PATH`) and never read, so that `zh.md → /etc/passwd` cannot be published.
"""

from __future__ import annotations

import errno
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


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_bytes(path: str | os.PathLike[str], root_real: str | None = None, *, found_inside: bool = False) -> bytes:
    """The bytes of a regular file; UnsafePath for a link out of `root_real` or a FIFO/device (never blocks on one).

    `found_inside`: the file's folder is known to be inside `root_real` (the caller listed it): the file is opened
    without following a link, and the path's links are not resolved again (that cost as much as reading the file);
    a file that is a link is checked as any other path. OSError (missing, permissions) passes through.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting
    if found_inside and _NOFOLLOW:
        try:
            fd = os.open(path, flags | _NOFOLLOW)
        except OSError as exc:
            if exc.errno != errno.ELOOP:  # ELOOP: a link was put there since the listing
                raise
        else:
            return _read_regular(fd)
    if root_real is not None and not inside(root_real, path):
        raise UnsafePath("it is a symbolic link to a place outside the content folder")
    return _read_regular(os.open(path, flags))


def _read_regular(fd: int) -> bytes:
    """The bytes of the open file `fd` (closed here), if it is a regular file."""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafePath("it is not a regular file (a FIFO, socket or device)")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
