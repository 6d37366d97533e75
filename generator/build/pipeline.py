"""The orchestrator: load → validate → render → write, each stage called once, in order."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache.checkcache import CheckCache
from generator.cache.digests import ContentDigests
from generator.cache.store import Store
from generator.check.organ import validate_organ
from generator.check.site import SiteInfo, Validation, assemble, read_site
from generator.compute.aggregate import aggregate_site, figures, unlocated
from generator.errors import Diagnostic, TemplateError
from generator.load.content import load_organ, load_site
from generator.model import Organ, Site
from generator.write.writer import SiteWriter

if TYPE_CHECKING:
    from generator.build.files import SiteFiles
    from generator.render.print.pdf import PdfOptions
    from generator.render.templates import Templates

# Below this many organs a process pool costs more than it saves.
PARALLEL_FROM = 16


OrganResult = tuple[Organ | None, list[Diagnostic], int]
Task = tuple[str, str, frozenset[str], SiteInfo, bool, str]  # ..., the organ's cache key (or "")


_CACHE: CheckCache | None = None  # a forked worker's cache: set by the pool's initializer from its parent's memory


def _start_checker(cache: CheckCache | None) -> None:
    global _CACHE
    _CACHE = cache
    gc.disable()  # no cyclic garbage is made while checking: the collector only costs time (~20%) in these workers


def _stable(cache: CheckCache, task: Task) -> bool:
    """Whether the organ's files are the same after validation as when the build hashed them."""
    now = ContentDigests(task[0])  # read again: a file edited during the build must not be cached under its old key
    return cache.key(task[1], task[2], task[4], now) == task[5]


def _keyed(cache: CheckCache, task: Task) -> Task:
    """The task with its organ's key, made here (the organ's files hashed before they are validated) if the build left
    it to the worker: with --no-cache nothing is looked up first, so the workers hash their organs in parallel."""
    return task if task[5] else (*task[:5], cache.key(task[1], task[2], task[4]))


def _check_organ(cache: CheckCache | None, task: Task) -> tuple[OrganResult, bool, str]:
    """Validate one organ (a cache miss); with the cache, store the result. Returns it, whether the organ's files
    were the same after validation as when the build hashed them, and its key."""
    if cache is None:
        return _validate_organ(task), True, ""
    task = _keyed(cache, task)
    result = _validate_organ(task)
    stable = _stable(cache, task)
    if stable:
        cache.put(task[5], result)  # validating an organ reads its own folder only: aggregates come after
    return result, stable, task[5]


Checked = tuple[bytes, bool, str, tuple[dict[str, str], dict[str, str]] | None]


def _check_in_worker(task: Task) -> Checked:
    """A worker's `_check_organ`, its result pickled once: the same bytes go to the cache and back to the parent
    (returning the object would pickle it a second time, ~10% of a worker's time); with the digests of the organ's
    files if it hashed them (for the build's page cache keys)."""
    if _CACHE is None:
        return pickle.dumps(_validate_organ(task), protocol=5), True, "", None
    made = not task[5]
    task = _keyed(_CACHE, task)
    data = pickle.dumps(_validate_organ(task), protocol=5)
    stable = _stable(_CACHE, task)
    if stable:
        _CACHE.put_pickled(task[5], data)
    return data, stable, task[5], _CACHE.digests.below(task[1]) if made else None


def _validate_organ(task: Task) -> OrganResult:
    root, name, organ_ids, info, want_model, _ = task
    raw, diags = load_organ(root, name)
    organ = validate_organ(raw, organ_ids, info.languages, diags, info.similarity_threshold)
    # without the model, still the figures: aggregates are computed from them once every organ is validated
    if organ is not None:
        organ = unlocated(organ) if want_model else figures(organ)
    return organ, diags, len(raw.reports)


def worker_count(requested: int | None, tasks: int) -> int:
    if requested is not None:
        return max(1, requested)
    return min(os.cpu_count() or 1, 8) if tasks >= PARALLEL_FROM else 1


def missing_content(content: str) -> Validation:
    diag = Diagnostic("error", "MISSING_FILE", f"content folder `{content}` does not exist", content, 1, 1,
                      "pass the folder that holds site.yaml, e.g. `govreport validate content`")
    return Validation(None, (diag,), 0)


def check_organs(content: str, names: Sequence[str], organ_ids: Sequence[str], info: SiteInfo, workers: int,
                 model: bool, keys: dict[str, str] | None = None, cache: CheckCache | None = None,
                 meanwhile: Callable[[], None] | None = None) -> list[tuple[OrganResult, bool, str]]:
    """Validate the organs `names` (with `cache`, store each result under its key), in `workers` processes; with
    several, this process runs `meanwhile` while they work (it would otherwise wait idle)."""
    tasks: list[Task] = [(content, name, frozenset(organ_ids), info, model, (keys or {}).get(name, ""))
                         for name in names]
    if workers <= 1:
        return [_check_organ(cache, t) for t in tasks]
    # fork: workers inherit the loaded formats, modules and the cache's digests, so each starts in milliseconds
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_checker,
                             initargs=(cache,)) as pool:
        chunk = max(1, len(tasks) // (workers * 4))
        results = pool.map(_check_in_worker, tasks, chunksize=chunk)  # the workers fork and start here
        if meanwhile is not None:
            meanwhile()  # after the fork: nothing it imports or starts is in the workers
        checked = []
        for data, stable, key, known in results:
            if known is not None and cache is not None:
                cache.digests.add(known)  # as the worker hashed them, before validating
            checked.append((pickle.loads(data), stable, key))
        return checked


def assemble_results(info: SiteInfo, site_diags: list[Diagnostic], results: Sequence[OrganResult]) -> Validation:
    diags = list(site_diags)
    for _, problems, _ in results:
        diags.extend(problems)
    organs = aggregate_site([organ for organ, _, _ in results], diags)  # from the members as validated
    return assemble(info, organs, diags, sum(n for _, _, n in results))


def check(content: str, jobs: int | None = None, *, model: bool = True, cache: bool = False,
          digests: ContentDigests | None = None, store: Store | None = None,
          meanwhile: Callable[[], None] | None = None) -> Validation:
    """Load and validate a content folder, organs in parallel on large sites; every problem is in the result.

    With `model=False` only diagnostics come back from the workers (what `validate` needs), and `site` is None.
    With `cache`, an organ whose files are unchanged since a previous cached check is not validated again: its
    result is read here, and only the others go to the workers. `digests` are the build's digests of the content
    (organs whose files changed during the check are added to its `unstable`). `meanwhile` runs in this process
    while the workers validate, if there are workers.
    """
    if not Path(content).is_dir():
        return missing_content(content)
    site_doc, names, diags = load_site(content)
    info = read_site(site_doc, diags)
    results: dict[str, OrganResult] = {}
    keys: dict[str, str] = {}
    checks = CheckCache(content, info, store if store is not None else Store(), digests) if cache else None
    if checks is not None and checks.store.read:  # (with --no-cache nothing is read: the workers make the keys)
        for name in names:  # hashed here, before the workers fork: they inherit the digests
            keys[name] = checks.key(name, names, model)
            if (hit := checks.get(keys[name])) is not None:
                results[name] = hit
    misses = [name for name in names if name not in results]
    checked = check_organs(content, misses, names, info, worker_count(jobs, len(misses)), model, keys, checks,
                           meanwhile)
    for name, (organ_result, stable, key) in zip(misses, checked, strict=True):
        results[name] = organ_result
        keys[name] = key
        if not stable and digests is not None:
            digests.unstable.add(name)
    if checks is not None:  # the workers stored the misses: keep them all when the store is pruned
        checks.store.note_used(CheckCache.KIND, keys.values())
    validation = assemble_results(info, diags, [results[name] for name in names])
    return validation if model else Validation(None, validation.diagnostics, validation.report_count)


def _index(folder: Path) -> None:
    from generator.write.search import PagefindMissing, index_site

    try:
        index_site(folder)
    except PagefindMissing as exc:  # the site works without search; say so rather than fail the build
        print(f"warning: no search index: {exc}", file=sys.stderr)


def silent(stage: str) -> None:
    pass


def _jobs(site: Site, pdf: bool) -> int:
    """Worker processes: from two PDFs on (a PDF takes a second or more), else from PARALLEL_FROM organs."""
    if pdf:
        return min(os.cpu_count() or 1, 8) if len(site.reports()) * len(site.languages) >= 2 else 1
    return worker_count(None, len(site.organs))


def publish(output: str | Path, files: SiteFiles, search: bool, progress: Callable[[str], None],
            hashes: bool = True) -> dict[str, bytes]:
    """Render the whole site into a new folder, index it, and swap it in; returns path → SHA-1 of each file (with
    `hashes`, else path → b"")."""
    from generator.build.sitejobs import render_site  # imported here: `validate` never pays for Jinja2 and markdown-it
    from generator.render.charts.font import check_font

    check_font()  # ChartFontError before anything is written: charts without their CJK font would show tofu
    writer = SiteWriter(output)
    site, pdf = files.site, files.renderer.pdf is not None
    try:
        pdfs = f" and {len(site.reports()) * len(site.languages)} PDFs" if pdf else ""
        progress(f"rendering {len(site.reports())} reports{pdfs}")
        digests = render_site(files, writer, _jobs(site, pdf), hashes=hashes, progress=progress)
        if search:
            progress("indexing for search")
            _index(writer.tmp)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return digests


def build(content: str, output: str, override: Path | None = None, *, search: bool = True,
          pdf: PdfOptions | None = None, cache: bool = True, progress: Callable[[str], None] = silent,
          handbook: Path | None = None) -> tuple[Validation, int | None]:
    """Validate, render every page (and a PDF per report and language with `pdf`), index for search, then swap
    the new site in; on errors write nothing (PdfError and ChartFontError propagate, nothing written).

    With `cache`, an unchanged report's pages, data and PDFs are read from the cache instead of made again; without
    it nothing is read from the cache (what is made is stored for the next build).
    `handbook` is a built authors' handbook (`make docs`), copied to site/handbook/ (not linked from
    the public footer: `serve`'s preview links it).
    """
    gc_was = gc.isenabled()
    gc.disable()  # the collector would traverse the unpickled model again and again: 0.12 s of 1,000 reports
    try:
        return _build(content, output, override, search, pdf, cache, progress, handbook)
    finally:
        if gc_was:
            gc.enable()


def _build(content: str, output: str, override: Path | None, search: bool, pdf: PdfOptions | None, cache: bool,
           progress: Callable[[str], None], handbook: Path | None) -> tuple[Validation, int | None]:
    progress("checking the content")
    store = Store(read=cache)
    digests = ContentDigests(content)  # each content file read once, for the keys of both caches
    prepared: list[Templates] = []

    def prepare(meanwhile: bool = False) -> None:
        """What rendering needs that no content changes (~0.5 s: the renderer's modules, the compiled templates,
        the chart font's metrics), made while the workers validate, when there are workers."""
        from generator.render.site import warm_templates  # not imported by `validate`

        if not prepared:
            try:
                prepared.append(warm_templates(override, store))
            except TemplateError:
                if not meanwhile:
                    raise  # made again after the check: the content's own problems are reported first

    result = check(content, cache=True, digests=digests, store=store, meanwhile=lambda: prepare(meanwhile=True))
    if result.site is None:
        return result, None
    prepare()
    from generator.build.files import site_files  # the renderer's modules: imported while the workers validated
    files = site_files(result.site, content, store, override=override, pdf=pdf, handbook=handbook, digests=digests,
                       templates=prepared[0])
    written = len(publish(output, files, search, progress, hashes=False))
    for kind in ("check", "pages", *(["pdf"] if pdf is not None else [])):
        store.prune(kind)  # what this whole build did not use is stale (charts and templates stay: few, small)
    store.retire()
    return result, written
