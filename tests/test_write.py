"""The output writer (generator/write/writer.py): paths kept inside the site, the new site swapped in, the old one removed."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from generator.write.writer import OutputError, SiteWriter, check_paths, remove_later, write_in_place


@pytest.mark.parametrize("paths", [["/etc/passwd"], ["a/../../b"], [".."], [""], ["./"], ["a.html", "a.html"]])
def test_paths_outside_the_site_or_twice_are_refused(paths: list[str]) -> None:
    with pytest.raises(OutputError):
        check_paths(paths)


def test_a_path_written_by_two_writes_is_refused_and_the_first_kept(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path / "site")
    writer.write({"zh/index.html": b"first"})
    with pytest.raises(OutputError, match=re.escape("two outputs want the same path: 'zh/index.html'")):
        writer.write({"zh/other.html": b"x", "zh/index.html": b"second"})
    assert (writer.tmp / "zh" / "index.html").read_bytes() == b"first"
    writer.abort()


def test_large_files_are_written_whole(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path / "site")
    data = bytes(range(256)) * 40000  # 10 MB: more than one write call may take
    writer.write({"data/all.csv": data, "empty.txt": b""})
    assert (writer.tmp / "data" / "all.csv").read_bytes() == data and (writer.tmp / "empty.txt").read_bytes() == b""
    writer.abort()


def test_a_file_written_part_by_part_is_whole_and_its_sha1_exact(tmp_path: Path) -> None:
    import hashlib

    writer = SiteWriter(tmp_path / "site")
    parts = [b"\xef\xbb\xbforgan,year\r\n", b"", b"demo,2021\r\n" * 50000]
    assert writer.write_parts("data/all.csv", iter(parts), sha1=True) == hashlib.sha1(b"".join(parts)).digest()
    assert writer.write_parts("data/other.csv", iter(parts)) == b""
    assert (writer.tmp / "data" / "all.csv").read_bytes() == b"".join(parts)
    with pytest.raises(OutputError, match="two outputs want the same path"):
        writer.write_parts("data/all.csv", [b"again"])
    with pytest.raises(OutputError, match="outside the output folder"):
        writer.write_parts("../all.csv", [b"x"])
    assert writer.written == ["data/all.csv", "data/other.csv"]
    writer.abort()


def test_ordinary_paths_pass() -> None:
    check_paths(["index.html", "zh/demo/2021/index.html", "data/demo-2021.json", "static/a..b.css"])


def test_commit_swaps_the_new_site_in_and_removes_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "zh").mkdir(parents=True)
    (out / "zh" / "old.html").write_text("old", encoding="utf-8")
    (out / ".govreport-site").write_bytes(b"")  # a site govreport built
    writer = SiteWriter(out)
    writer.write({"zh/index.html": b"new", "data/all.csv": b"a,b\r\n"})
    writer.commit()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        ".govreport-site", "data/all.csv", "zh/index.html"]
    deadline = time.monotonic() + 20
    while list(tmp_path.glob(".site.*")) and time.monotonic() < deadline:  # removed by a detached process
        time.sleep(0.05)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_remove_later_removes_the_folder_in_the_background(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    for i in range(50):
        (folder / str(i)).mkdir(parents=True)
        (folder / str(i) / "index.html").write_bytes(b"x" * 100)
    remove_later(folder)
    deadline = time.monotonic() + 20
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not folder.exists()


def test_write_in_place_replaces_files_and_writes_parts(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "data/all.csv").write_bytes(b"old")
    write_in_place(site, {"data/all.csv": iter([b"head\r\n", b"a,1\r\n", b"b,2\r\n"]), "zh/new/index.html": b"<p>"})
    assert (site / "data/all.csv").read_bytes() == b"head\r\na,1\r\nb,2\r\n"
    assert (site / "zh/new/index.html").read_bytes() == b"<p>"
    assert sorted(p.name for p in (site / "data").iterdir()) == ["all.csv"]  # no temporary file left


def test_write_in_place_never_writes_through_a_link_in_the_site(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "data").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"keep")
    (site / "zh").symlink_to(outside)  # a folder of the site replaced by a link
    with pytest.raises(OutputError, match=re.escape("refusing to write 'zh/secret.txt': 'zh' in the site is not a folder")):
        write_in_place(site, {"zh/secret.txt": b"overwritten"})
    assert (outside / "secret.txt").read_bytes() == b"keep"
    (site / "data/.all.csv.new").symlink_to(outside / "secret.txt")  # a temporary name planted as a link
    write_in_place(site, {"data/all.csv": b"new"})
    assert (outside / "secret.txt").read_bytes() == b"keep"
    assert (site / "data/all.csv").read_bytes() == b"new" and not (site / "data/.all.csv.new").exists()
