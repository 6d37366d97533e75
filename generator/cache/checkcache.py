"""Each organ's validation result cached by the hash of its files, so that a build of unchanged content skips it.

Validating an organ reads only its own folder (and, for an aggregate, its members' folders), the site's settings
and the list of organ ids; the result is a function of those and of the generator's code. The key covers the organ's
folder, those settings and the code; the entry records the digests of the members' folders it read, and is used only
while they are unchanged.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Collection
from pathlib import Path
from typing import Any

from generator.cache.digests import ContentDigests
from generator.cache.pagecache import cache_root, code_key

Result = tuple[Any, list[Any], int]  # (Organ | None, diagnostics, report count), as build._check_organ returns


class CheckCache:
    """Validation results by organ under <cache>/check/."""

    def __init__(self, content: str, settings: object, digests: ContentDigests | None = None,
                 root: Path | str | None = None) -> None:
        self.folder = cache_root(root) / "check"
        self.content = Path(content)
        self.digests = digests or ContentDigests(content)
        self.prefix = repr((code_key(None), str(self.content), settings))  # the same for every organ of a build

    def key(self, name: str, organ_ids: Collection[str], want_model: bool,
            digests: ContentDigests | None = None) -> str:
        """The key of one organ's result: code, content folder, settings, organ ids, and the organ's own files
        (their digests from `digests`, by default the build's)."""
        text = repr((self.prefix, name, sorted(organ_ids), want_model, (digests or self.digests).folder(name)))
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, key: str) -> Result | None:
        """The cached result, if its members' folders are as they were; None otherwise (or on any read problem)."""
        try:
            members, result = pickle.loads((self.folder / key[:2] / f"{key}.pickle").read_bytes())
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError):
            return None
        if any(self.digests.folder(m) != digest for m, digest in members):
            return None
        return result  # type: ignore[no-any-return]

    def put(self, key: str, members: Collection[str], result: Result, digests: ContentDigests | None = None) -> None:
        """Store one organ's result with the digests of the members' folders it read (atomically)."""
        path = self.folder / key[:2] / f"{key}.pickle"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        entry = ([(m, (digests or self.digests).folder(m)) for m in sorted(members)], result)
        tmp.write_bytes(pickle.dumps(entry, protocol=5))
        os.replace(tmp, path)
