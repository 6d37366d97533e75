"""The one cache store: entries by kind and content key under one folder, each signed, written atomically, pruned.

Every cache of a build (validation results, pages, PDFs, charts, compiled templates) keeps its entries here:
`<cache>/<kind>/<key[:2]>/<key>`, where the key is a hash of everything the entry is made from, the code that makes
it included. An entry is its bytes followed by an HMAC-SHA256 of kind, key and bytes, under a secret kept outside the
cache folder (`~/.config/govreport/cache.key`, or $GOVREPORT_CACHE_KEY): a file put into the cache by anyone else,
or an entry moved to another key, is not read. So an entry that unpickles is one this user's govreport wrote.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

_TAG = 32  # bytes of HMAC-SHA256 after each entry

# Kinds earlier versions kept and this one no longer makes (charts drawn by vl-convert, and its compiled chart
# specs): a build removes their entries, which would otherwise stay on disk for ever (tens of MB on a large site).
RETIRED = ("charts", "chart-templates")
_ENTRY = re.compile("[0-9a-f]{64}")


def cache_root(root: Path | str | None = None) -> Path:
    """The cache folder: `root`, else $GOVREPORT_CACHE_DIR, else .govreport-cache in the working folder."""
    return Path(root or os.environ.get("GOVREPORT_CACHE_DIR") or ".govreport-cache")


def key_file() -> Path:
    """Where the signing secret lives: $GOVREPORT_CACHE_KEY, else ~/.config/govreport/cache.key."""
    configured = os.environ.get("GOVREPORT_CACHE_KEY")
    if configured:
        return Path(configured)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "govreport" / "cache.key"


_SECRETS: dict[str, bytes] = {}
_BY_ENV: dict[tuple[str | None, ...], bytes] = {}  # the secret by the variables that name its file: no Path per entry


def secret() -> bytes:
    """The signing secret, made on first use (mode 0600); a process that cannot keep one uses its own, so that
    entries are then good for this build only (its forked workers share it)."""
    env = (os.environ.get("GOVREPORT_CACHE_KEY"), os.environ.get("XDG_CONFIG_HOME"), os.environ.get("HOME"))
    known = _BY_ENV.get(env)
    if known is not None:
        return known
    path = key_file()
    if str(path) not in _SECRETS:
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        if len(data) < 32:
            data = secrets.token_bytes(32)
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                try:  # two builds starting together: the first secret written wins, the other reads it
                    os.link(tmp, path)
                except FileExistsError:
                    data = path.read_bytes() if len(path.read_bytes()) >= 32 else data
                finally:
                    tmp.unlink(missing_ok=True)
        _SECRETS[str(path)] = data
    _BY_ENV[env] = _SECRETS[str(path)]
    return _BY_ENV[env]


class _Buffer(threading.local):
    data = bytearray()  # grown to the largest entry compared so far, then reused: no fresh pages per entry


_READ = _Buffer()


_NOWAIT = getattr(os, "RWF_NOWAIT", None)  # Linux: read only what is in memory, never wait for the disk


def _holds(path: str, parts: Sequence[bytes], sign: Callable[[], bytes]) -> bool:
    """Whether the entry file at `path` already holds the bytes of `parts` (and a tag). In memory, its bytes are
    compared (a tenth of the cost of signing them; its tag is checked by `get`, which removes a damaged entry, and the
    next `put` writes it again); on disk only, its tag is read and compared with `sign()`, the parts' signature
    (reading 200 KB from the disk cost more than signing them)."""
    want = sum(len(part) for part in parts) + _TAG
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO planted there must not block
    except OSError:
        return False
    try:
        if os.fstat(fd).st_size != want:
            return False
        if _NOWAIT is not None:
            if len(_READ.data) < want:
                _READ.data = bytearray(max(want, 2 * len(_READ.data)))
            try:
                read = os.preadv(fd, [memoryview(_READ.data)[:want]], 0, _NOWAIT)
            except OSError:  # not in memory (EAGAIN), or a file system without RWF_NOWAIT: compare the tag
                read = -1
            if read == want:
                start = 0
                for part in parts:
                    if not _READ.data.startswith(part, start):
                        return False
                    start += len(part)
                return True
        return os.pread(fd, _TAG, want - _TAG) == sign()
    except OSError:
        return False
    finally:
        os.close(fd)


class Store:
    """Signed entries by (kind, key) under one cache folder.

    `read=False` is `--no-cache`: nothing is read (every entry is made again), and what is made is stored for the
    next build. Keys read or written are remembered per kind, so that `prune` keeps exactly what a build used.
    """

    def __init__(self, root: Path | str | None = None, *, read: bool = True) -> None:
        self.folder = cache_root(root)
        self.read = read
        self.used: dict[str, set[str]] = {}

    def path(self, kind: str, key: str) -> Path:
        """The file of one entry."""
        return self.folder / kind / key[:2] / key

    def _tag(self, kind: str, key: str, *parts: bytes | memoryview) -> bytes:
        mac = hmac.new(secret(), f"{kind}\0{key}\0".encode(), hashlib.sha256)
        for part in parts:  # not prefix + data: a copy of each entry (a report's pages: 200 KB)
            mac.update(part)
        return mac.digest()

    def _file(self, kind: str, key: str) -> str:
        return os.path.join(self.folder, kind, key[:2], key)  # a string: pathlib cost as much as a write of 10 KB

    def get(self, kind: str, key: str) -> bytes | None:
        """The bytes stored under `key`, or None: not there, not readable, not signed by us, or `read` is off."""
        if not key or not self.read:
            return None
        try:
            with open(self._file(kind, key), "rb") as f:
                blob = f.read()
        except OSError:
            return None
        if len(blob) < _TAG or not hmac.compare_digest(blob[-_TAG:], self._tag(kind, key, memoryview(blob)[:-_TAG])):
            self._discard(kind, key)  # damaged or not ours: the next `put` writes it again (it keeps a good one)
            return None
        self.used.setdefault(kind, set()).add(key)
        return blob[:-_TAG]

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store bytes under `key` atomically (a concurrent reader sees the whole entry or none); a read-only or
        full disk only costs speed."""
        self.put_parts(kind, key, (data,))

    def put_parts(self, kind: str, key: str, parts: Sequence[bytes]) -> None:
        """`put` of the bytes of `parts` one after the other, without joining them (a copy of each entry)."""
        if not key:
            return
        self.used.setdefault(kind, set()).add(key)
        path = self._file(kind, key)
        signed: list[bytes] = []

        def sign() -> bytes:
            if not signed:
                signed.append(self._tag(kind, key, *parts))
            return signed[0]

        if _holds(path, parts, sign):
            return  # already there (a --no-cache build makes every entry again): replacing it costs a new file
        folder = os.path.dirname(path)
        tag = sign()
        tmp = os.path.join(folder, f".{key}.{os.getpid()}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
            try:
                fd = os.open(tmp, flags, 0o666)
            except FileNotFoundError:  # the entry's folder is made by its first entry (no mkdir call for the rest)
                os.makedirs(folder, exist_ok=True)
                fd = os.open(tmp, flags, 0o666)
            with os.fdopen(fd, "wb") as f:  # the entry, then its tag: no copy of the two joined
                for part in parts:
                    f.write(part)
                f.write(tag)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _discard(self, kind: str, key: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self._file(kind, key))

    def note_used(self, kind: str, keys: Iterable[str]) -> None:
        """Keys that worker processes read or wrote: kept by `prune` too."""
        self.used.setdefault(kind, set()).update(keys)

    def prune(self, kind: str) -> None:
        """Remove the entries of `kind` that this build neither read nor wrote: the cache holds one site."""
        used = self.used.get(kind, set())
        for path in self.folder.glob(f"{kind}/*/*"):
            if path.name not in used and not path.name.startswith("."):
                path.unlink(missing_ok=True)

    def retire(self) -> None:
        """Remove the entries of the RETIRED kinds: only files named like an entry (64 hex digits), then the folders
        left empty; anything else a user put there stays."""
        for kind in RETIRED:
            base = self.folder / kind
            if base.is_symlink() or not base.is_dir():
                continue  # a link is not followed: the cache never deletes outside its folder
            for sub in base.iterdir():
                if sub.is_symlink() or not sub.is_dir():
                    continue
                for path in sub.iterdir():
                    if _ENTRY.fullmatch(path.name) and path.is_file() and not path.is_symlink():
                        path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    sub.rmdir()
            with contextlib.suppress(OSError):
                base.rmdir()
