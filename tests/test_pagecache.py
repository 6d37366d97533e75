"""The page cache (generator/cache/pagecache.py): unchanged reports are read, any input change renders again, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import pipeline as build_module
from generator.build.pipeline import build
from generator.cache import pagecache
from generator.render.site import SiteRenderer

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def rendered(own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """A cache of its own; the list of (organ, year) whose files were rendered rather than read."""
    calls: list[tuple[str, int]] = []
    real = SiteRenderer.report_files

    def counting(self: SiteRenderer, organ: object, report: object, pdfs: object) -> object:
        calls.append((report.organ, report.year))  # type: ignore[attr-defined]
        return real(self, organ, report, pdfs)  # type: ignore[arg-type]

    monkeypatch.setattr(SiteRenderer, "report_files", counting)
    return calls


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(content: Path, out: Path, templates: Path | None = None, cache: bool = True) -> Path:
    validation, written = build(str(content), str(out), templates, search=False, cache=cache)
    assert written is not None, validation.diagnostics
    return out


def test_unchanged_reports_are_read_with_the_same_bytes(tmp_path: Path, rendered: list[tuple[str, int]]) -> None:
    first = _build(MINIMAL, tmp_path / "a")
    assert sorted(rendered) == [("demo", 2020), ("demo", 2021)]
    rendered.clear()
    second = _build(MINIMAL, tmp_path / "b")
    assert rendered == []
    assert _tree(first) == _tree(second)
    rendered.clear()
    third = _build(MINIMAL, tmp_path / "c", cache=False)  # cache off: everything rendered, same bytes
    assert sorted(rendered) == [("demo", 2020), ("demo", 2021)]
    assert _tree(third) == _tree(first)


def test_an_edited_report_is_rendered_again_and_shows_the_edit(tmp_path: Path,
                                                               rendered: list[tuple[str, int]]) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    _build(content, tmp_path / "a")
    zh = content / "demo" / "2021" / "zh.md"
    zh.write_text(zh.read_text(encoding="utf-8").replace("加强政策解读", "加强政策解读和回应关切"), encoding="utf-8")
    rendered.clear()
    out = _build(content, tmp_path / "b")
    assert rendered == [("demo", 2021)]
    assert "加强政策解读和回应关切" in (out / "zh" / "demo" / "2021" / "index.html").read_text(encoding="utf-8")


def test_templates_and_site_facts_are_part_of_the_key(tmp_path: Path, rendered: list[tuple[str, int]]) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    _build(content, tmp_path / "a")
    override = tmp_path / "look"
    (override / "static").mkdir(parents=True)
    (override / "static" / "brand.css").write_text("body { color: #111; }\n", encoding="utf-8")
    rendered.clear()
    _build(content, tmp_path / "b", override)
    assert len(rendered) == 2  # another template folder: every page again
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(text.replace("zh: ", "zh: 新", 1), encoding="utf-8")
    rendered.clear()
    _build(content, tmp_path / "c", override)
    assert len(rendered) == 2  # the site title is on every page


def test_a_build_keeps_only_its_own_entries(tmp_path: Path, rendered: list[tuple[str, int]]) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    _build(content, tmp_path / "a")
    folder = tmp_path / "cache" / "pages"
    before = {p.name for p in folder.glob("*/*")}
    assert len(before) == 5  # two reports, the organ's own pages, its lines of all.csv, the timeliness pages
    report = content / "demo" / "2021" / "zh.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    _build(content, tmp_path / "b")
    after = {p.name for p in folder.glob("*/*")}
    # the old 2021, organ and all.csv entries are gone; 2020 and the timeliness pages (site facts only) are kept
    assert len(after) == 5 and len(after & before) == 2


def test_a_parallel_build_keeps_the_entries_its_workers_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              rendered: list[tuple[str, int]]) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    for n in (2, 3):
        shutil.copytree(content / "demo", content / f"demo{n}")
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 2)
    first = _build(content, tmp_path / "a")
    # per organ: two reports, its own pages, its lines of all.csv; and the timeliness pages (made by the main process)
    assert len(list((tmp_path / "cache" / "pages").glob("*/*"))) == 3 * 4 + 1
    second = _build(content, tmp_path / "b")
    assert len(list((tmp_path / "cache" / "pages").glob("*/*"))) == 3 * 4 + 1
    assert _tree(first) == _tree(second)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_no_cache_build_stores_what_the_next_build_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           rendered: list[tuple[str, int]], validated: list[str],
                                                           workers: int) -> None:
    """With --no-cache the workers hash their own organs (nothing is looked up first): the keys they make are those
    a normal build looks up, so it validates and renders nothing (the second build runs in this process, where the
    calls are counted)."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    shutil.copytree(content / "demo", content / "demo2")
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: workers)
    first = _build(content, tmp_path / "a", cache=False)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 1)
    rendered.clear()
    validated.clear()
    second = _build(content, tmp_path / "b")
    assert (validated, rendered) == ([], [])
    assert _tree(first) == _tree(second)
    assert len(list((tmp_path / "cache" / "check").glob("*/*"))) == 2


def test_site_wide_files_follow_an_edited_figure(tmp_path: Path, rendered: list[tuple[str, int]]) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    first = _build(content, tmp_path / "a")
    assert b"demo,2021,t2_art20_6,penalty,decisions,30,30,count," in (first / "data" / "all.csv").read_bytes()
    report = content / "demo" / "2021" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    assert "penalty: {decisions: 30}" in text
    report.write_text(text.replace("penalty: {decisions: 30}", "penalty: {decisions: 31}"), encoding="utf-8")
    second = _build(content, tmp_path / "b")
    rows = (second / "data" / "all.csv").read_bytes()
    assert b"demo,2021,t2_art20_6,penalty,decisions,31,31,count," in rows
    assert b"demo,2021,t2_art20_6,penalty,decisions,30,30,count," not in rows
    assert _tree(second) == _tree(_build(content, tmp_path / "c", cache=False))


def test_canonical_form_is_independent_of_set_order() -> None:
    a = pagecache.canonical(frozenset({"t3.a", "t3.b", "t4.c"}))
    b = pagecache.canonical(frozenset({"t4.c", "t3.b", "t3.a"}))
    assert repr(a) == repr(b) == "('set', 't3.a', 't3.b', 't4.c')"
    with pytest.raises(TypeError, match="no canonical form for object"):
        pagecache.canonical(object())


def test_parallel_and_sequential_builds_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    for n in (2, 3):  # three organs: enough for worker processes once the threshold is lowered
        shutil.copytree(content / "demo", content / f"demo{n}")
    sequential = _build(content, tmp_path / "one", cache=False)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 2)
    parallel = _build(content, tmp_path / "two", cache=False)
    assert _tree(parallel) == _tree(sequential)
    assert (parallel / "data" / "all.csv").read_bytes().count(b"\r\ndemo3,2021,") > 10


def test_an_aggregate_is_rendered_again_when_a_member_changes(tmp_path: Path, rendered: list[tuple[str, int]]) -> None:
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "aggregate", content)
    _build(content, tmp_path / "a")
    member = content / "county-office" / "2021" / "report.yaml"
    text = member.read_text(encoding="utf-8")
    member.write_text(text.replace("published: 2022-01-20", "published: 2022-01-19"), encoding="utf-8")
    rendered.clear()
    out = _build(content, tmp_path / "b")
    # a date is on every page that lists the report: all rendered again, and the aggregate shows the new one
    assert len(rendered) == 6
    assert "2022-01-19" in (out / "zh" / "county" / "2021" / "index.html").read_text(encoding="utf-8")
    rendered.clear()
    text = member.read_text(encoding="utf-8")
    member.write_text(text.replace("licensing: {decisions: 120}", "licensing: {decisions: 121}", 1),
                      encoding="utf-8")
    _build(content, tmp_path / "c")
    assert sorted(rendered) == [("county", 2021), ("county-office", 2021)]  # a figure: the report and its aggregate


def test_an_entry_round_trips_and_one_of_another_layout_is_not_read(own_cache: Path, tmp_path: Path) -> None:
    import pickle

    from generator.cache.store import Store

    store = Store()
    cache = pagecache.PageCache("code", MINIMAL, store)
    files = {"zh/demo/2021/index.html": "<p>页</p>".encode(), "data/demo-2021.csv": b"", "a\nb.json": b"{}\n"}
    cache.put("ab" * 32, files, {"zh/demo/2021/demo-2021-zh.pdf": "cd" * 32})
    assert cache.get("ab" * 32) == (files, {"zh/demo/2021/demo-2021-zh.pdf": "cd" * 32})
    store.put("pages", "ef" * 32, pickle.dumps(files))  # an entry of an earlier version: rendered again
    store.put("pages", "12" * 32, pagecache._MAGIC + b'{"files":[["x",5]],"notes":{}}\nabc')  # shorter than said
    store.put("pages", "34" * 32, pagecache._MAGIC + b'{"files":[["x",1]],"notes":{}}\nabc')  # longer
    store.put("pages", "56" * 32, pagecache._MAGIC + b"not json\n")
    assert [cache.get(k * 32) for k in ("ef", "12", "34", "56", "78")] == [None] * 5
