"""A whole site into a SiteWriter: PDFs first, every organ's files in worker processes, the site-wide files last."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from generator.render.site import SiteRenderer, handbook_files
from generator.write.writer import SiteWriter, check_paths


@dataclass(frozen=True)
class _Job:
    """What the forked workers inherit: the renderer (model, compiled templates), the writer, and what to return."""

    renderer: SiteRenderer
    writer: SiteWriter
    hashes: bool  # return the SHA-1 of every file (the preview server compares them; a build only counts files)


@dataclass
class _Ticker:
    """Counts finished tasks and tells `progress` every few seconds, and once at the end (long builds show life)."""

    progress: Callable[[str], None]
    total: int
    what: str  # "PDFs", "organs"
    every: float = 2.0
    done: int = 0
    last: float = field(default_factory=lambda: time.monotonic())

    def tick(self, n: int = 1) -> None:
        """`n` more tasks finished."""
        self.done += n
        now = time.monotonic()
        if n and (self.done >= self.total or now - self.last >= self.every):
            self.last = now
            self.progress(f"{self.done} of {self.total} {self.what} done")


def _silent(stage: str) -> None:
    pass


_JOB: _Job | None = None
PdfKey = tuple[int, int, str]  # organ index, report index, language


def _sha1(job: _Job, data: bytes) -> bytes:
    return hashlib.sha1(data).digest() if job.hashes else b""


def _render_pdfs(keys: list[PdfKey]) -> list[tuple[str, bytes, int]]:
    job = _JOB
    assert job is not None
    made = []
    for o, r, lang in keys:  # written here, in the worker, like the pages
        organ = job.renderer.site.organs[o]
        rel, data = job.renderer.report_pdf(organ, organ.reports[r], lang)
        job.writer.write({rel: data})
        made.append((rel, _sha1(job, data), len(data)))
    return made


def _pdfs_first(job: _Job, jobs: int, progress: Callable[[str], None]) -> dict[str, bytes]:
    """Make every PDF before the pages that link them (with their size), one report and language a task."""
    global _JOB
    site = job.renderer.site
    keys = [(o, r, lang) for o, organ in enumerate(site.organs) for r in range(len(organ.reports))
            for lang in site.languages]
    ticker = _Ticker(progress, len(keys), "PDFs")
    made: list[tuple[str, bytes, int]] = []
    _JOB = job
    try:
        if jobs <= 1 or len(keys) < 2:
            for key in keys:
                made.extend(_render_pdfs([key]))
                ticker.tick()
        else:  # a PDF takes a second or more: one task each keeps both cores busy to the end
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                for part in pool.map(_render_pdfs, [[k] for k in keys]):
                    made.extend(part)
                    ticker.tick()
    finally:
        _JOB = None
    job.renderer.pdf_sizes = {rel: size for rel, _, size in made}
    return {rel: digest for rel, digest, _ in made}


def _render_organs(indexes: list[int]) -> tuple[list[tuple[str, bytes]], dict[str, bytes], set[str]]:
    job = _JOB
    assert job is not None
    written: list[tuple[str, bytes]] = []
    chunks: dict[str, bytes] = {}
    for i in indexes:  # written here, in the worker: sending 100 MB of pages back would cost more than rendering
        organ = job.renderer.site.organs[i]
        files = job.renderer.organ_files(organ)
        job.writer.write(files)
        written.extend((rel, _sha1(job, data)) for rel, data in files.items())
        chunks[organ.id] = job.renderer.csv_chunk(organ)  # its lines of data/all.csv, made here in parallel too
    cache = job.renderer.page_cache
    return written, chunks, cache.used if cache is not None else set()  # the page cache entries it used


def render_site(renderer: SiteRenderer, writer: SiteWriter, jobs: int = 1, pdf_jobs: int = 1, *,
                hashes: bool = True, progress: Callable[[str], None] = _silent) -> dict[str, bytes]:
    """Render every file of the renderer's site into `writer`, organs in `jobs` processes; returns path → SHA-1
    (with `hashes`; else path → b""). `progress` hears how many PDFs and organs are done, every few seconds.

    PDFs (when the renderer makes them) come first, in `pdf_jobs` processes, so that report pages show their size.
    """
    global _JOB
    site = renderer.site
    renderer.warm()
    job = _Job(renderer, writer, hashes)
    # The common files (the portal's chart) come last: vl-convert's runtime must not start in this process before
    # the workers fork, or they would have to send their charts to a helper process (see vega.convert).
    digests: dict[str, bytes] = _pdfs_first(job, pdf_jobs, progress) if renderer.pdf is not None else {}
    written: list[str] = list(digests)
    ticker = _Ticker(progress, len(site.organs), "organs")
    if jobs <= 1 or len(site.organs) < 2:
        for organ in site.organs:
            files = renderer.organ_files(organ)
            writer.write(files)
            digests.update((rel, _sha1(job, data)) for rel, data in files.items())
            ticker.tick()
    else:
        _JOB = job  # fork: the workers inherit the model and the compiled templates instead of receiving them
        try:
            chunks = [list(range(i, len(site.organs), jobs * 4)) for i in range(jobs * 4)]
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                     initializer=gc.disable) as pool:
                for indexes, (part, csv_lines, used) in zip(chunks, pool.map(_render_organs, chunks), strict=True):
                    written.extend(rel for rel, _ in part)
                    digests.update(part)
                    renderer.csv_chunks.update(csv_lines)
                    if renderer.page_cache is not None:  # kept by its prune()
                        renderer.page_cache.used |= used
                    ticker.tick(len(indexes))
        finally:
            _JOB = None
    common = renderer.common_files()
    if renderer.handbook_dir is not None:
        common = {**common, **handbook_files(renderer.handbook_dir)}
    writer.write(common)
    check_paths([*written, *common])
    digests.update((rel, _sha1(job, data)) for rel, data in common.items())
    return digests
