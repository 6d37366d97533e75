"""The orchestrator: load → validate → render → write, each stage called once, in order."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from generator import PACKAGE, TEMPLATES
from generator.cache.checkcache import CheckCache
from generator.cache.digests import ContentDigests
from generator.check.organ import validate_organ
from generator.check.site import SiteInfo, Validation, assemble, read_site
from generator.compute.aggregate import aggregate_site, figures
from generator.errors import Diagnostic
from generator.load.content import load_organ, load_site
from generator.model import Organ, Site
from generator.write.writer import SiteWriter, write_in_place

if TYPE_CHECKING:
    from generator.render.print.pdf import PdfOptions
    from generator.render.site import SiteRenderer

# Below this many organs a process pool costs more than it saves.
PARALLEL_FROM = 16


OrganResult = tuple[Organ | None, list[Diagnostic], int]
Task = tuple[str, str, frozenset[str], SiteInfo, bool, str]  # ..., the organ's cache key (or "")


_CACHE: CheckCache | None = None  # set by check(cache=True) before the workers fork


def _check_organ(task: Task) -> tuple[OrganResult, bool]:
    """Validate one organ (a cache miss); with the cache, store the result. Returns it, and whether the organ's files
    (and its members') were the same after validation as when the build hashed them."""
    result = _validate_organ(task)
    cache, key = _CACHE, task[5]
    if cache is None:
        return result, True
    now = ContentDigests(task[0])  # read again: a file edited during the build must not be cached under its old key
    stable = cache.key(task[1], task[2], task[4], now) == key
    if stable:
        cache.put(key, (), result, now)  # validating an organ reads its own folder only: aggregates come after
    return result, stable


def _validate_organ(task: Task) -> OrganResult:
    root, name, organ_ids, info, want_model, _ = task
    raw, diags = load_organ(root, name)
    organ = validate_organ(raw, organ_ids, info.languages, diags, info.similarity_threshold)
    # without the model, still the figures: aggregates are computed from them once every organ is validated
    return (organ if want_model or organ is None else figures(organ)), diags, len(raw.reports)


def _jobs(requested: int | None, tasks: int) -> int:
    if requested is not None:
        return max(1, requested)
    return min(os.cpu_count() or 1, 8) if tasks >= PARALLEL_FROM else 1


def _missing(content: str) -> Validation:
    diag = Diagnostic("error", "MISSING_FILE", f"content folder `{content}` does not exist", content, 1, 1,
                      "pass the folder that holds site.yaml, e.g. `govreport validate content`")
    return Validation(None, (diag,), 0)


def _check_organs(content: str, names: Sequence[str], organ_ids: Sequence[str], info: SiteInfo, workers: int,
                  model: bool, keys: dict[str, str] | None = None) -> list[tuple[OrganResult, bool]]:
    tasks: list[Task] = [(content, name, frozenset(organ_ids), info, model, (keys or {}).get(name, ""))
                         for name in names]
    if workers <= 1:
        return [_check_organ(t) for t in tasks]
    # fork: workers inherit the loaded formats and modules, so each starts in milliseconds; no cyclic garbage
    # is made while checking, so the cycle collector only costs time (~20%) in these short-lived workers
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=gc.disable) as pool:
        return list(pool.map(_check_organ, tasks, chunksize=max(1, len(tasks) // (workers * 4))))


def _assemble(info: SiteInfo, site_diags: list[Diagnostic], results: Sequence[OrganResult]) -> Validation:
    diags = list(site_diags)
    for _, problems, _ in results:
        diags.extend(problems)
    organs = aggregate_site([organ for organ, _, _ in results], diags)  # from the members as validated
    return assemble(info, organs, diags, sum(n for _, _, n in results))


def check(content: str, jobs: int | None = None, *, model: bool = True, cache: bool = False,
          digests: ContentDigests | None = None) -> Validation:
    """Load and validate a content folder, organs in parallel on large sites; every problem is in the result.

    With `model=False` only diagnostics come back from the workers (what `validate` needs), and `site` is None.
    With `cache`, an organ whose files are unchanged since a previous cached check is not validated again: its
    result is read here, and only the others go to the workers. `digests` are the build's digests of the content
    (organs whose files changed during the check are added to its `unstable`).
    """
    global _CACHE
    if not Path(content).is_dir():
        return _missing(content)
    site_doc, names, diags = load_site(content)
    info = read_site(site_doc, diags)
    results: dict[str, OrganResult] = {}
    keys: dict[str, str] = {}
    _CACHE = CheckCache(content, info, digests) if cache else None
    try:
        if _CACHE is not None:
            for name in names:  # hashed here, before the workers fork: they inherit the digests
                keys[name] = _CACHE.key(name, names, model)
                if (hit := _CACHE.get(keys[name])) is not None:
                    results[name] = hit
        misses = [name for name in names if name not in results]
        checked = _check_organs(content, misses, names, info, _jobs(jobs, len(misses)), model, keys)
    finally:
        _CACHE = None
    for name, (organ_result, stable) in zip(misses, checked, strict=True):
        results[name] = organ_result
        if not stable and digests is not None:
            digests.unstable.add(name)
    validation = _assemble(info, diags, [results[name] for name in names])
    return validation if model else Validation(None, validation.diagnostics, validation.report_count)


def _index(folder: Path) -> None:
    from generator.write.search import PagefindMissing, index_site

    try:
        index_site(folder)
    except PagefindMissing as exc:  # the site works without search; say so rather than fail the build
        print(f"warning: no search index: {exc}", file=sys.stderr)


def _silent(stage: str) -> None:
    pass


def _pdf_jobs(site: Site) -> int:
    """A PDF takes a second or more: worth a process pool from two of them."""
    return min(os.cpu_count() or 1, 8) if len(site.reports()) * len(site.languages) >= 2 else 1


def _publish(output: str | Path, renderer: SiteRenderer, search: bool, progress: Callable[[str], None],
             hashes: bool = True) -> dict[str, bytes]:
    """Render the whole site into a new folder, index it, and swap it in; returns path → SHA-1 of each file (with
    `hashes`, else path → b"")."""
    from generator.build.sitejobs import render_site  # imported here: `validate` never pays for Jinja2 and markdown-it
    from generator.render.charts.vega import check_font

    check_font()  # ChartFontError before anything is written: charts without their CJK font would show tofu
    writer = SiteWriter(output)
    site = renderer.site
    try:
        pdfs = f" and {len(site.reports()) * len(site.languages)} PDFs" if renderer.pdf is not None else ""
        progress(f"rendering {len(site.reports())} reports{pdfs}")
        digests = render_site(renderer, writer, _jobs(None, len(site.organs)), _pdf_jobs(site), hashes=hashes,
                              progress=progress)
        if search:
            progress("indexing for search")
            _index(writer.tmp)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return digests


def build(content: str, output: str, override: Path | None = None, *, search: bool = True,
          pdf: PdfOptions | None = None, cache: bool = True, progress: Callable[[str], None] = _silent,
          handbook: Path | None = None) -> tuple[Validation, int | None]:
    """Validate, render every page (and a PDF per report and language with `pdf`), index for search, then swap
    the new site in; on errors write nothing (PdfError and ChartFontError propagate, nothing written).

    With `cache`, an unchanged report's pages, data and PDFs are read from the cache instead of made again.
    `handbook` is a built authors' handbook (`make docs`), copied to site/handbook/ and linked from every footer.
    """
    from generator.cache.pagecache import PageCache, code_key
    from generator.render.site import SiteRenderer

    progress("checking the content")
    digests = ContentDigests(content)  # each content file read once, for the keys of both caches
    result = check(content, cache=cache, digests=digests)
    if result.site is None:
        return result, None
    renderer = SiteRenderer(result.site, override, pdf, handbook)
    renderer.page_cache = PageCache(code_key(override), content, digests=digests) if cache else None
    if not cache:
        renderer.pdf_cache = None
    written = len(_publish(output, renderer, search, progress, hashes=False))
    if renderer.page_cache is not None:
        renderer.page_cache.prune()
    return result, written


def _fingerprint(folder: Path | str) -> tuple[tuple[str, int, int], ...]:
    """Every file below `folder` with its modification time and size: cheap to compare between edits."""
    found: list[tuple[str, int, int]] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return ()
    for entry in entries:  # scandir: no second stat to tell folders from files (os.walk cost a third of an edit)
        if entry.is_dir():
            found.extend(_fingerprint(entry.path))
        else:
            st = entry.stat()
            found.append((entry.path, st.st_mtime_ns, st.st_size))
    return tuple(found)


class Builder:
    """Keeps the last build in memory so that an edit re-checks and re-renders only the organs it touches."""

    def __init__(self, content: str, output: str, override: Path | None = None, pdf: PdfOptions | None = None,
                 handbook: Path | None = None) -> None:
        self.content, self.output, self.override, self.pdf = content, Path(output), override, pdf
        self.handbook = handbook
        self.results: dict[str, OrganResult] = {}
        self.prints: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self.shared: tuple[tuple[str, int, int], ...] = ()
        self.hashes: dict[str, bytes] = {}  # path → SHA-1 of what the output holds
        self.renderer: SiteRenderer | None = None  # keeps compiled templates and all.csv lines between rebuilds
        self.last: Validation | None = None  # the last finished rebuild's result, while nothing changes

    def _shared_print(self) -> tuple[tuple[str, int, int], ...]:
        site_yaml = Path(self.content) / "site.yaml"
        dirs = [PACKAGE, TEMPLATES, self.override]
        files = [(str(site_yaml), *(lambda st: (st.st_mtime_ns, st.st_size))(site_yaml.stat()))] \
            if site_yaml.exists() else []
        return tuple(files) + tuple(f for d in dirs if d is not None and d.is_dir() for f in _fingerprint(d))

    def rebuild(self) -> tuple[Validation, int]:
        """Bring the output up to date; returns the validation and the number of files written (0 on errors)."""
        from generator.render.site import SiteRenderer

        if not Path(self.content).is_dir():
            return _missing(self.content), 0
        shared = self._shared_print()
        site_doc, names, site_diags = load_site(self.content)
        info = read_site(site_doc, site_diags)
        if shared != self.shared:  # site.yaml, templates or generator changed: everything is stale
            self.results, self.prints, self.shared, self.hashes, self.renderer = {}, {}, shared, {}, None
            self.last = None
        prints = {name: _fingerprint(Path(self.content) / name) for name in names}
        changed = {name for name in names if prints[name] != self.prints.get(name)}
        # an aggregate is computed from its members: a changed member makes it stale too
        stale = [name for name in names if name in changed or name not in self.results
                 or set(self._members(name)) & changed]
        if not stale and self.last is not None and list(self.results) == names:
            return self.last, 0  # nothing changed (serve asks twice a second): nothing to check or write
        fresh = [r for r, _ in _check_organs(self.content, stale, names, info, _jobs(None, len(stale)), True)]
        self.results = {name: self.results[name] if name not in stale else fresh[stale.index(name)]
                        for name in names}
        self.prints = prints
        result = _assemble(info, site_diags, list(self.results.values()))
        self.last = None  # until this rebuild is done: one that raised (e.g. a PDF font error) is tried again
        if result.site is None:
            self.last = result
            return result, 0
        if self.renderer is None:
            from generator.cache.pagecache import PageCache, code_key

            self.renderer = SiteRenderer(result.site, self.override, self.pdf, self.handbook)
            # an edit re-renders its organ: the organ's other reports are read from the page cache
            self.renderer.page_cache = PageCache(code_key(self.override), self.content)
        renderer = self.renderer
        renderer.site = result.site
        assert renderer.page_cache is not None
        renderer.page_cache.fresh()  # the content's digests as they are now
        if not self.hashes:  # the first build: everything, in parallel, swapped in whole
            self.hashes = _publish(self.output, renderer, True, _silent)
            # the model and compiled templates live as long as the server: keep the cycle collector from walking
            # them on every edit (it cost a tenth of a rebuild)
            gc.freeze()
            self.last = result
            return result, len(self.hashes)
        for name in stale:
            renderer.csv_chunks.pop(name, None)
            renderer.forget_pdfs(name)
        files = renderer.common_files()
        for organ in result.site.organs:
            if organ.id in stale:
                files.update(renderer.organ_files(organ))
        written = self._write(files)
        self.last = result
        return result, written

    def _members(self, name: str) -> tuple[str, ...]:
        organ = self.results[name][0] if name in self.results else None
        return organ.members if organ is not None else ()

    def _write(self, files: dict[str, bytes]) -> int:
        """Write the files whose bytes changed, each replaced atomically."""
        changed = {}
        for rel, data in files.items():
            digest = hashlib.sha1(data).digest()
            if self.hashes.get(rel) != digest:
                changed[rel] = data
                self.hashes[rel] = digest
        write_in_place(self.output, changed)
        return len(changed)
