"""Data loss: the output folder of build and serve is never the content, templates, cache or project, nor a folder
govreport did not build; write failures are located errors; the site is readable by others (umask)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from helpers import cli, project, snapshot

from generator import TEMPLATES
from generator.write import writer
from generator.write.guard import MARKER


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = project(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.delenv("GOVREPORT_CACHE_DIR", raising=False)
    (root / ".govreport-cache").mkdir()
    (root / "templates").mkdir()
    (root / "templates" / "base.html.j2").write_text("{% block body %}{% endblock %}", encoding="utf-8")
    (root / "mine").mkdir()
    (root / "mine" / "thesis.tex").write_text("years of work", encoding="utf-8")
    return root


REFUSED = {
    "content": "is the content folder",
    "content/site": "is inside the content folder",
    ".": "contains the content folder",
    "..": "contains the content folder",
    "notes.txt": "exists and is not a folder",
    "mine": "govreport did not build",
    ".govreport-cache": "is the cache folder",
    ".govreport-cache/site": "is inside the cache folder",
    "templates": "is the templates folder",
    "/": "is the root of the file system",
    str(TEMPLATES): "is the built-in templates",
}


@pytest.mark.parametrize("command", ["build", "serve"])
@pytest.mark.parametrize("output", sorted(REFUSED))
def test_unsafe_output_is_refused_and_nothing_changes(here: Path, capsys: pytest.CaptureFixture[str], output: str,
                                                      command: str) -> None:
    before = snapshot(here.parent)
    code, text = cli(capsys, command, "content", "-o", output, "--templates", "templates", "--no-pdf"
                     if command == "build" else "--port=0")
    assert code == 2
    assert "error[UNSAFE_OUTPUT]: refusing to write the site there: " in text
    assert REFUSED[output] in text
    assert snapshot(here.parent) == before


def test_cache_dir_from_the_environment_is_protected(here: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GOVREPORT_CACHE_DIR", str(tmp_path / "cache"))
    code, text = cli(capsys, "build", "content", "-o", str(tmp_path / "cache" / "x"), "--no-pdf")
    assert code == 2 and "is inside the cache folder" in text


def test_a_link_to_the_content_folder_is_the_content_folder(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "out").symlink_to(here / "content")
    before = snapshot(here)
    code, text = cli(capsys, "build", "content", "-o", "out", "--no-pdf")
    assert code == 2 and "is the content folder" in text
    assert snapshot(here) == before


def test_marked_legacy_and_empty_sites_are_replaced_with_the_umask(here: Path, capsys: pytest.CaptureFixture[str],
                                                                   ) -> None:
    legacy = here / "site"
    (legacy / "data").mkdir(parents=True)
    (legacy / "index.html").write_text("old", encoding="utf-8")
    (legacy / "data" / "all.csv").write_text("old", encoding="utf-8")
    (here / "empty").mkdir()
    old_mask = os.umask(0o022)
    try:
        assert cli(capsys, "build", "content", "-o", "site", "--no-pdf", "--no-search")[0] == 0
        assert cli(capsys, "build", "content", "-o", "empty", "--no-pdf", "--no-search")[0] == 0
    finally:
        os.umask(old_mask)
    for site in (legacy, here / "empty"):
        assert (site / MARKER).is_file()
        assert stat.S_IMODE(site.stat().st_mode) == 0o755  # not mkdtemp's 0700: a web server can read it
        assert stat.S_IMODE((site / "index.html").stat().st_mode) == 0o644
        assert stat.S_IMODE((site / "data").stat().st_mode) == 0o755
    assert (legacy / "index.html").read_text(encoding="utf-8") != "old"
    assert (here / "mine" / "thesis.tex").is_file()


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_failed_write_is_a_located_error_and_the_old_site_stays(here: Path, capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch, error: int) -> None:
    site = here / "site"
    site.mkdir()
    (site / MARKER).write_text("", encoding="utf-8")
    (site / "index.html").write_text("previous", encoding="utf-8")
    before = snapshot(here)

    def failing(self: writer.SiteWriter, files: object) -> list[str]:
        raise OSError(error, os.strerror(error), str(self.tmp / "zh" / "index.html"))

    monkeypatch.setattr(writer.SiteWriter, "write", failing)
    code, text = cli(capsys, "build", "content", "-o", "site", "--no-pdf", "--no-search")
    assert code == 1
    assert f"error[WRITE]: cannot write {here}/.site.new-" in text
    assert f"/zh/index.html: {os.strerror(error)}" in text
    assert "build stopped: site/ was left as it was" in text
    after = {k: v for k, v in snapshot(here).items() if not k.startswith(".govreport-cache/")}  # the cache is filled
    assert after == before  # the unfinished new site was removed too


def test_an_unwritable_place_is_a_write_error(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = cli(capsys, "build", "content", "-o", "/proc/govreport-site", "--no-pdf", "--no-search")
    assert code == 1
    assert "error[WRITE]: cannot write /proc" in text
