"""The validation cache of builds (generator/cache/checkcache.py): unchanged organs are not validated again, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import pipeline as build_module
from generator.build.pipeline import check
from generator.errors import format_text

FIXTURES = Path(__file__).parent / "fixtures"


def _lines(content: Path, cache: bool = True) -> list[str]:
    return [format_text(d) for d in check(str(content), cache=cache).diagnostics]


def test_unchanged_organs_are_read_with_the_same_diagnostics_and_model(tmp_path: Path,
                                                                      validated: list[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "aggregate", content)
    first = check(str(content), cache=True)
    assert sorted(validated) == sorted(p.name for p in content.iterdir() if p.is_dir())
    validated.clear()
    second = check(str(content), cache=True)
    assert validated == []
    assert second.diagnostics == first.diagnostics
    assert second.site == first.site
    validated.clear()
    assert _lines(content, cache=False) == [format_text(d) for d in first.diagnostics]
    assert len(validated) == len(first.site.organs if first.site else ())  # `validate` never reads the cache


def test_an_edited_member_is_validated_again_and_its_aggregate_summed_again(tmp_path: Path,
                                                                          validated: list[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "aggregate", content)
    before = _lines(content)
    member = content / "county-office" / "2021" / "report.yaml"
    member.write_text(member.read_text(encoding="utf-8").replace("licensing: {decisions: 120}",
                                                                 "licensing: {decisions: 121}"), encoding="utf-8")
    validated.clear()
    after = _lines(content)
    # only the member: the aggregate's own result is read from the cache, and its sums are made from the members
    assert validated == ["county-office"]
    assert after != before and any("AGGREGATE_SUM" in line and "licensing" in line for line in after)
    assert after == _lines(content, cache=False)


def test_site_settings_are_part_of_the_key(tmp_path: Path, validated: list[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    _lines(content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [zh, en]", "languages: [zh]"),
                    encoding="utf-8")
    validated.clear()
    assert _lines(content) == _lines(content, cache=False)
    assert validated[0] == "demo"


def test_an_organ_edited_during_its_validation_is_not_cached(tmp_path: Path, validated: list[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    report = content / "demo" / "2021" / "report.yaml"
    real = build_module._validate_organ

    def editing(task: build_module.Task) -> object:
        result = real(task)  # validated with 30 decisions; the file now says 31
        report.write_text(report.read_text(encoding="utf-8").replace("penalty: {decisions: 30}",
                                                                     "penalty: {decisions: 31}"), encoding="utf-8")
        return result

    monkeypatch.setattr(build_module, "_validate_organ", editing)
    digests = build_module.ContentDigests(content)
    check(str(content), cache=True, digests=digests)
    assert digests.unstable == {"demo"}  # so the build does not cache its pages either
    monkeypatch.setattr(build_module, "_validate_organ", real)
    validated.clear()
    site = check(str(content), cache=True).site
    assert site is not None and site.organs[0].reports[-1].values["t2_art20_6.penalty.decisions"] == 31


def test_workers_store_what_a_serial_check_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_CACHE_DIR", str(tmp_path / "cache"))
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "aggregate", content)
    serial = check(str(content), jobs=1)
    parallel = check(str(content), jobs=2, cache=True)  # each worker pickles its result once, for cache and parent
    assert parallel.diagnostics == serial.diagnostics and parallel.site == serial.site
    read = check(str(content), jobs=2, cache=True)  # every organ read from what the workers stored
    assert read.diagnostics == serial.diagnostics and read.site == serial.site
    assert len(list((tmp_path / "cache" / "check").glob("*/*"))) == len([p for p in content.iterdir() if p.is_dir()])


@pytest.mark.parametrize("workers", [1, 2])
def test_with_no_cache_the_digests_are_those_of_the_files_as_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                       workers: int) -> None:
    """--no-cache: each organ is hashed where it is validated (a worker), before; the build's digests (the page cache
    keys) are those, not the files' after an edit made during the validation."""
    from generator.cache.store import Store

    monkeypatch.setenv("GOVREPORT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: workers)
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    before = build_module.ContentDigests(content).folder("demo")
    report = content / "demo" / "2021" / "report.yaml"
    real = build_module._validate_organ

    def editing(task: build_module.Task) -> object:
        result = real(task)
        report.write_text(report.read_text(encoding="utf-8").replace("penalty: {decisions: 30}",
                                                                     "penalty: {decisions: 31}"), encoding="utf-8")
        return result

    monkeypatch.setattr(build_module, "_validate_organ", editing)
    digests = build_module.ContentDigests(content)
    check(str(content), cache=True, digests=digests, store=Store(read=False))
    assert digests.unstable == {"demo"}
    assert digests.folder("demo") == before != build_module.ContentDigests(content).folder("demo")
    assert list((tmp_path / "cache" / "check").glob("*/*")) == []  # nothing stored under either key
