"""The one cache store (generator/cache/store.py): signed entries, atomic writes, `read=False`, pruning."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from generator.cache.checkcache import CheckCache
from generator.cache.pagecache import PageCache
from generator.cache.store import Store


@pytest.fixture(autouse=True)
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "cache.key"  # the secret lives outside the cache folder
    monkeypatch.setenv("GOVREPORT_CACHE_KEY", str(path))
    return path


def test_an_entry_round_trips_and_its_secret_is_private(tmp_path: Path, key: Path) -> None:
    store = Store(tmp_path / "cache")
    store.put("pages", "ab" * 32, b"bytes")
    assert store.get("pages", "ab" * 32) == b"bytes"
    assert Store(tmp_path / "cache").get("pages", "ab" * 32) == b"bytes"  # another build, same secret
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert not (tmp_path / "cache" / "cache.key").exists()


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch " + str(Path(os.environ["BOOM"])),))


@pytest.mark.parametrize("kind", ["pages", "check"])
def test_a_planted_pickle_is_never_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    store = Store(tmp_path / "cache")
    monkeypatch.setenv("BOOM", str(tmp_path / "ran"))
    key = "cd" * 32
    path = store.path(kind, key)
    path.parent.mkdir(parents=True)
    planted = pickle.dumps(Boom())
    path.write_bytes(planted + b"\0" * 32)  # with a made-up signature
    reader = (PageCache("code", tmp_path, store) if kind == "pages" else CheckCache(str(tmp_path), (), store))
    assert reader.get(key) is None
    assert not (tmp_path / "ran").exists() and not path.exists()  # not loaded, and removed
    pickle.loads(planted)  # what an unsigned cache would have done
    assert (tmp_path / "ran").exists()


def test_an_entry_moved_to_another_key_or_altered_is_not_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    store.put("pdf", "01" * 32, b"%PDF-1.7 one")
    moved = store.path("pdf", "02" * 32)
    moved.parent.mkdir(parents=True)
    moved.write_bytes(store.path("pdf", "01" * 32).read_bytes())
    assert store.get("pdf", "02" * 32) is None
    blob = bytearray(store.path("pdf", "01" * 32).read_bytes())
    blob[0] ^= 1
    store.path("pdf", "01" * 32).write_bytes(bytes(blob))
    assert store.get("pdf", "01" * 32) is None


def test_no_cache_reads_nothing_but_stores_for_the_next_build(tmp_path: Path) -> None:
    Store(tmp_path / "cache").put("charts", "03" * 32, b"<svg/>")
    cold = Store(tmp_path / "cache", read=False)
    assert cold.get("charts", "03" * 32) is None
    cold.put("charts", "04" * 32, b"<svg>new</svg>")
    assert Store(tmp_path / "cache").get("charts", "04" * 32) == b"<svg>new</svg>"


def test_prune_keeps_what_the_build_used_of_that_kind(tmp_path: Path) -> None:
    old = Store(tmp_path / "cache")
    for k in ("05", "06"):
        old.put("pages", k * 32, b"old")
    old.put("charts", "07" * 32, b"chart")
    build = Store(tmp_path / "cache")
    assert build.get("pages", "05" * 32) == b"old"
    build.note_used("pages", {"08" * 32})
    build.prune("pages")
    assert sorted(p.name for p in (tmp_path / "cache" / "pages").glob("*/*")) == ["05" * 32]
    assert build.get("charts", "07" * 32) == b"chart"  # another kind: untouched


def test_a_read_only_cache_only_costs_speed(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        store = Store(folder)
        store.put("pages", "09" * 32, b"x")  # no error
        assert store.get("pages", "09" * 32) is None or os.geteuid() == 0  # root writes anyway
    finally:
        folder.chmod(0o700)


def test_retire_removes_the_entries_of_kinds_no_longer_made_and_nothing_else(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    store.put("charts", "0a" * 32, b"<svg/>")  # a chart drawn by an earlier version
    store.put("chart-templates", "0b" * 32, b"spec")
    store.put("pages", "0c" * 32, b"page")
    mine = tmp_path / "cache" / "charts" / "0a" / "notes.txt"  # not an entry: a user's file stays
    mine.write_text("keep", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ("0d" * 32)).write_bytes(b"x")
    (tmp_path / "cache" / "charts" / "0d").symlink_to(outside)  # a link is not followed
    store.retire()
    assert not (tmp_path / "cache" / "chart-templates").exists()
    assert sorted(p.name for p in (tmp_path / "cache" / "charts").rglob("*")) == ["0a", "0d", "notes.txt"]
    assert (outside / ("0d" * 32)).exists()
    assert store.get("pages", "0c" * 32) == b"page"


def test_an_entry_already_there_is_kept_and_a_damaged_one_is_written_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache", read=False)  # --no-cache: every entry made again
    key = "cd" * 32
    store.put("pages", key, b"page bytes")
    path = store.path("pages", key)
    inode = path.stat().st_ino
    store.put("pages", key, b"page bytes")
    assert path.stat().st_ino == inode  # the same entry: not replaced (a replaced file costs a new one on disk)
    store.put("pages", key, b"page BYTES")
    assert path.stat().st_ino != inode  # other bytes, same size: written
    reader = Store(tmp_path / "cache")
    assert reader.get("pages", key) == b"page BYTES"
    damaged = bytearray(path.read_bytes())
    damaged[0] ^= 1  # the body changed on disk, the tag kept
    path.write_bytes(bytes(damaged))
    assert reader.get("pages", key) is None and not path.exists()  # not read, and removed
    store.put("pages", key, b"page BYTES")
    assert reader.get("pages", key) == b"page BYTES"
    inode = path.stat().st_ino
    damaged = bytearray(path.read_bytes())
    damaged[-1] ^= 1  # the tag damaged, the body kept: put keeps the file (bytes compared, not signed again) …
    path.write_bytes(bytes(damaged))
    store.put("pages", key, b"page BYTES")
    assert path.stat().st_ino == inode
    assert reader.get("pages", key) is None and not path.exists()  # … get does not read it, and removes it …
    store.put("pages", key, b"page BYTES")
    assert reader.get("pages", key) == b"page BYTES"  # … and the next put writes it again
    store.put("pages", key, b"page BYTES and more")  # a longer entry under the same key: written
    assert reader.get("pages", key) == b"page BYTES and more"
    store.put("pages", key, b"page")  # a shorter one too
    assert reader.get("pages", key) == b"page"


def test_a_fifo_at_an_entry_never_blocks_a_build(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache", read=False)
    path = store.path("pages", "ef" * 32)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    store.put("pages", "ef" * 32, b"page")  # returns: the FIFO is replaced by the entry
    assert Store(tmp_path / "cache").get("pages", "ef" * 32) == b"page"


def test_an_entry_only_on_disk_is_recognised_by_its_tag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cache import store as store_module

    monkeypatch.setattr(store_module, "_NOWAIT", None)  # as for an entry the kernel no longer holds in memory
    store = Store(tmp_path / "cache", read=False)
    key = "ab" * 32
    store.put("pages", key, b"page bytes")
    path = store.path("pages", key)
    inode = path.stat().st_ino
    store.put_parts("pages", key, [b"page ", b"bytes"])  # the same bytes, in parts: its tag matches, kept
    assert path.stat().st_ino == inode
    store.put("pages", key, b"page BYTES")  # other bytes, same size: written
    assert path.stat().st_ino != inode and Store(tmp_path / "cache").get("pages", key) == b"page BYTES"
    inode = path.stat().st_ino
    damaged = bytearray(path.read_bytes())
    damaged[-1] ^= 1  # the tag damaged: on disk, the entry is not recognised, and written again
    path.write_bytes(bytes(damaged))
    store.put("pages", key, b"page BYTES")
    assert Store(tmp_path / "cache").get("pages", key) == b"page BYTES"


def test_a_file_system_without_nowait_reads_compares_the_tag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from generator.cache import store as store_module

    if store_module._NOWAIT is None:
        pytest.skip("no RWF_NOWAIT here")

    def unsupported(*_: object) -> int:
        raise OSError(errno.EOPNOTSUPP, "Operation not supported")

    store = Store(tmp_path / "cache", read=False)
    key = "cd" * 32
    store.put("pages", key, b"page bytes")
    inode = store.path("pages", key).stat().st_ino
    monkeypatch.setattr(store_module.os, "preadv", unsupported)
    store.put("pages", key, b"page bytes")  # recognised by its tag: kept
    assert store.path("pages", key).stat().st_ino == inode
    store.put("pages", key, b"page BYTES")
    assert Store(tmp_path / "cache").get("pages", key) == b"page BYTES"
