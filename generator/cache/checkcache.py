"""Each organ's validation result cached by the hash of its files, so that a build of unchanged content skips it.

Validating an organ reads only its own folder, the site's settings and the list of organ ids (aggregates are
computed afterwards from the validated members); the result is a function of those and of the generator's code, and
the key covers all of them.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Collection
from pathlib import Path
from typing import Any

from generator.cache.digests import ContentDigests
from generator.cache.pagecache import code_key
from generator.cache.store import Store

Result = tuple[Any, list[Any], int]  # (Organ | None, diagnostics, report count), as build._check_organ returns


class CheckCache:
    """Validation results by organ, kept in the store as kind "check"."""

    KIND = "check"

    def __init__(self, content: str, settings: object, store: Store, digests: ContentDigests | None = None) -> None:
        self.store = store
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
        """The cached result, or None (also on any read problem)."""
        data = self.store.get(self.KIND, key)
        if data is None:
            return None
        try:  # signed by the store: written by this user's govreport, so unpickling runs none of anyone else's code
            result = pickle.loads(data)
        except (pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return None  # also an entry of a class this code no longer has
        return result  # type: ignore[no-any-return]

    def put(self, key: str, result: Result) -> None:
        """Store one organ's result."""
        self.put_pickled(key, pickle.dumps(result, protocol=5))

    def put_pickled(self, key: str, data: bytes) -> None:
        """Store one organ's result already pickled (protocol 5)."""
        self.store.put(self.KIND, key, data)
