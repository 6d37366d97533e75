"""SHA-256 digests of the content's files and folders, each file read once per build, for the caches' keys.

A folder's digest is a Merkle hash: of its entries' names with each file's digest and each subfolder's digest. So the
digest of an organ's folder also gives the digests of its year folders, and one pass over the content gives every
key the validation cache and the page cache need.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.load.paths import UnsafePath, inside, read_bytes, real

MISSING = hashlib.sha256(b"\0missing").hexdigest()  # the digest of a folder or file that does not exist


class ContentDigests:
    """Digests of files and folders below one content folder (paths relative to it, with "/"), memoized.

    Make a new instance for each build: the memo assumes the files do not change while it lives. Organs whose files
    changed during a build (noticed by the validation) are listed in `unstable`: their pages are not cached.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = str(root)
        self._folders: dict[str, str] = {}
        self._files: dict[str, str] = {}
        self.unstable: set[str] = set()
        self._real = real(root)
        self._open = {self._real}  # the linked folders being hashed: a loop of links is not followed

    def file(self, rel: str, found_inside: bool = False) -> str:
        """The digest of one file's bytes (MISSING if it does not exist); `found_inside`: listed in a folder known
        to be inside the content folder (see read_bytes)."""
        if rel not in self._files:
            try:
                data = read_bytes(os.path.join(self.root, rel), self._real, found_inside=found_inside)
                self._files[rel] = hashlib.sha256(data).hexdigest()
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                self._files[rel] = MISSING
            except (OSError, UnsafePath) as exc:  # a link out, a FIFO, no permission: reported by load, never read
                self._files[rel] = hashlib.sha256(f"\0unreadable\0{exc}".encode()).hexdigest()
        return self._files[rel]

    def folder(self, rel: str) -> str:
        """The digest of a folder: every name below it with the bytes of every file (MISSING if it does not exist)."""
        if rel in self._folders:
            return self._folders[rel]
        try:
            entries = sorted(os.scandir(os.path.join(self.root, rel)), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            self._folders[rel] = MISSING
            return MISSING
        h = hashlib.sha256()
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            sub = f"{rel}/{entry.name}" if rel else entry.name
            target = real(entry.path) if entry.is_symlink() else ""  # only links can leave or loop
            if target and entry.is_dir() and (target in self._open or not inside(self._real, target)):
                kind, digest = "l", hashlib.sha256(target.encode()).hexdigest()  # a loop or a link out
            elif entry.is_dir():
                self._open.add(target)
                kind, digest = "d", self.folder(sub)
                self._open.discard(target)
            else:
                kind, digest = "f", self.file(sub, found_inside=True)  # this folder is inside: walked from the root
            h.update(f"{kind}\0{entry.name}\0{digest}\0".encode())
        self._folders[rel] = h.hexdigest()
        return self._folders[rel]

    def below(self, rel: str) -> tuple[dict[str, str], dict[str, str]]:
        """The digests made so far of the folder `rel` and of the folders and files below it (a worker that hashed
        an organ sends them to the build's digests)."""
        prefix = f"{rel}/"
        return ({k: v for k, v in self._folders.items() if k == rel or k.startswith(prefix)},
                {k: v for k, v in self._files.items() if k.startswith(prefix)})

    def add(self, known: tuple[dict[str, str], dict[str, str]]) -> None:
        """Digests made by another process of these files (`below`'s); those made here are kept."""
        for memo, digests in zip((self._folders, self._files), known, strict=True):
            for rel, digest in digests.items():
                memo.setdefault(rel, digest)
