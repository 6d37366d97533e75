"""Reading outside the content folder: links that leave it, FIFOs, organ ids (folders, import --organ, new)."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import MINIMAL, cli, project, snapshot

from generator.load.paths import UnsafePath, read_bytes, real

SECRET = "root:x:0:0:SECRET-LINE:/root:/bin/bash"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    here = project(tmp_path)
    monkeypatch.chdir(here)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "report.yaml").write_text(f"format: '2021'\n{SECRET}: 1\n", encoding="utf-8")
    shutil.copytree(MINIMAL / "demo", outside / "demo")
    return here


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A FIFO read by mistake would block for ever: fail after a minute instead."""
    def stop(*_: object) -> None:
        raise TimeoutError("govreport blocked (reading a FIFO?)")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _link(path: Path, target: Path) -> None:
    if path.exists():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    path.symlink_to(target)


LINKS = {  # the link (below content/) → its target (below the temporary folder), and the message at the link
    "demo/2021/zh.md": ("outside/passwd", "content/demo/2021/zh.md:1:1: error[UNSAFE_PATH]: not read: it is a "
                        "symbolic link to a place outside the content folder"),
    "demo/2021/report.yaml": ("outside/report.yaml", "content/demo/2021/report.yaml:1:1: error[UNSAFE_PATH]: not "
                              "read: it is a symbolic link to a place outside the content folder"),
    "site.yaml": ("outside/report.yaml", "content/site.yaml:1:1: error[UNSAFE_PATH]"),
    "demo/organ.yaml": ("outside/passwd", "content/demo/organ.yaml:1:1: error[UNSAFE_PATH]"),
    "other": ("outside/demo", "content/other:1:1: error[UNSAFE_PATH]: not read: the folder is a symbolic link to a "
              "place outside the content folder"),
    "demo/2022": ("outside/demo/2021", "content/demo/2022:1:1: error[UNSAFE_PATH]"),
}


@pytest.mark.parametrize("link", sorted(LINKS))
def test_a_link_out_of_the_content_is_not_followed(root: Path, capsys: pytest.CaptureFixture[str], link: str) -> None:
    target, message = LINKS[link]
    _link(root / "content" / link, root.parent / target)
    code, text = cli(capsys, "validate", "content")
    assert code == 1
    assert message in text
    assert "SECRET" not in text  # nothing of the target is echoed (UNKNOWN_KEY quoted its keys)
    code, text = cli(capsys, "build", "content", "-o", "site", "--no-pdf", "--no-search")
    assert code == 1 and not (root / "site").exists()
    assert "SECRET" not in text


def test_links_inside_the_content_are_followed(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.move(root / "content" / "demo" / "2021" / "en.md", root / "content" / "shared-en.md")
    (root / "content" / "demo" / "2021" / "en.md").symlink_to("../../shared-en.md")
    (root / "content" / "demo" / "2021" / "loop").symlink_to("../..")  # a loop: not hashed for ever by the cache
    code, text = cli(capsys, "build", "content", "-o", "site", "--no-pdf", "--no-search")
    assert code == 0, text
    assert "UNSAFE_PATH" not in text


@pytest.mark.parametrize("name", ["demo/2021/zh.md", "demo/2021/report.yaml", "demo/organ.yaml"])
def test_a_fifo_is_reported_not_read(root: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = root / "content" / name
    path.unlink()
    os.mkfifo(path)
    for command in (["validate", "content"], ["build", "content", "-o", "site", "--no-pdf", "--no-search"]):
        code, text = cli(capsys, *command)
        assert code == 1
        assert (f"content/{name}:1:1: error[UNSAFE_PATH]: not read: it is not a regular file (a FIFO, socket or "
                "device)") in text


@pytest.mark.parametrize("name", ["a#b?c%2e", "Demo", "a\nb", "x" * 250, "-x", "a_b", "ümlaut"])
def test_an_organ_folder_that_is_no_id_is_a_located_error(root: Path, capsys: pytest.CaptureFixture[str],
                                                          name: str) -> None:
    shutil.copytree(root / "content" / "demo", root / "content" / name)
    code, text = cli(capsys, "build", "content", "-o", "site", "--no-pdf", "--no-search")
    assert code == 1
    shown, folder = (n.replace("\n", "\\x0a") for n in (name[:80], name))  # escaped, on one line
    assert f"error[BAD_ORGAN_ID]: organ folder `{shown}` is not an organ id; it was not read" in text
    assert f"content/{folder}:1:1: error[BAD_ORGAN_ID]" in text
    assert not (root / "site").exists()


@pytest.mark.parametrize("organ", ["../x", "..", "a/b", "/tmp/x", "A", "x" * 70, "a\nb"])
def test_new_and_import_take_only_organ_ids(root: Path, capsys: pytest.CaptureFixture[str], organ: str) -> None:
    (root / "page.html").write_text("<html><body>2021年政府信息公开工作年度报告</body></html>", encoding="utf-8")
    before = snapshot(root.parent)
    with pytest.raises(SystemExit) as exit_new:  # argparse: a usage error
        cli(capsys, "new", organ, "2022", "--content", "content")
    with pytest.raises(SystemExit) as exit_import:
        cli(capsys, "import", "page.html", "--organ", organ, "--year", "2021", "--content", "content")
    assert exit_new.value.code == exit_import.value.code == 2
    assert "is not an organ id" in capsys.readouterr().err
    assert snapshot(root.parent) == before


def test_the_library_entries_check_organ_ids_too(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from generator.cli.scaffold import ScaffoldError, new_report
    from generator.importer.cli import run_import

    with pytest.raises(ScaffoldError, match="is not an organ id"):
        new_report("content", "../x", 2022)
    args = argparse.Namespace(organ="../x", source="page.html", content="content", year=2021, force=False, split=[])
    assert run_import(args) == 2
    assert "is not an organ id" in capsys.readouterr().err
    assert not (root / "x").exists()


def test_a_file_listed_inside_is_still_checked_when_it_is_a_link(tmp_path: Path) -> None:
    content, outside = tmp_path / "content", tmp_path / "outside"
    content.mkdir()
    outside.mkdir()
    (outside / "secret").write_text("SECRET", encoding="utf-8")
    (content / "shared.md").write_text("shared", encoding="utf-8")
    (content / "out.md").symlink_to(outside / "secret")
    (content / "in.md").symlink_to("shared.md")
    root = real(content)
    with pytest.raises(UnsafePath):
        read_bytes(content / "out.md", root, found_inside=True)  # opened without following: then checked in full
    assert read_bytes(content / "in.md", root, found_inside=True) == b"shared"
    assert read_bytes(content / "shared.md", root, found_inside=True) == b"shared"
