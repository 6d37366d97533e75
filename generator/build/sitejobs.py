"""A whole site into a SiteWriter: every report and every organ's own pages in worker processes, the site-wide
files last."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from generator.build.files import SiteFiles
from generator.render.export import ALL_CSV
from generator.render.paths import handbook_files
from generator.write.writer import SiteWriter, check_paths


@dataclass(frozen=True)
class _Job:
    """What the forked workers inherit: the site's files (model, renderer, caches), the writer, and what to return."""

    files: SiteFiles
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


Task = tuple[int, int]  # organ index, report index (-1: the organ's own pages)
Done = tuple[list[tuple[str, bytes]], dict[str, set[str]]]  # (path, SHA-1) of each file written, cache keys used

_JOB: _Job | None = None  # a forked worker's job: set by the pool's initializer from its parent's memory, not pickled


def _start_worker(job: _Job) -> None:
    global _JOB
    _JOB = job
    gc.disable()  # no cyclic garbage is made while rendering: the collector would only cost time


def _sha1(job: _Job, data: bytes) -> bytes:
    return hashlib.sha1(data).digest() if job.hashes else b""


def _run(job: _Job, tasks: list[Task]) -> Done:
    """Render and write the files of `tasks` (written here, in the worker: sending 100 MB of pages back would cost
    more than rendering them)."""
    written: list[tuple[str, bytes]] = []
    site = job.files.site
    for o, r in tasks:
        organ = site.organs[o]
        files = job.files.organ_pages(organ) if r < 0 else job.files.report_files(organ, organ.reports[r])
        job.writer.write(files)
        written.extend((rel, _sha1(job, data)) for rel, data in files.items())
    return written, {kind: set(keys) for kind, keys in job.files.store.used.items()}


def _run_in_worker(tasks: list[Task]) -> Done:
    assert _JOB is not None
    return _run(_JOB, tasks)


def _site_wide(files: SiteFiles, writer: SiteWriter, hashes: bool) -> dict[str, bytes]:
    """Make and write the site-wide files; returns path → SHA-1 (with `hashes`; else path → b""). all.csv is made
    here from each organ's lines (sending ~90 MB of them back from the workers cost more CPU than making them), and
    written organ by organ as they are made: joined, they were held twice (180,000 page faults on 1,000 reports)."""
    common = files.common_files()
    if files.renderer.handbook_dir is not None:
        common = {**common, **handbook_files(files.renderer.handbook_dir)}
    writer.write(common)
    digests = {rel: hashlib.sha1(data).digest() if hashes else b"" for rel, data in common.items()}
    digests[ALL_CSV] = writer.write_parts(ALL_CSV, files.all_csv_parts(), hashes)
    return digests


def render_site(files: SiteFiles, writer: SiteWriter, jobs: int = 1, *, hashes: bool = True,
                progress: Callable[[str], None] = _silent) -> dict[str, bytes]:
    """Render every file of the site into `writer`, in `jobs` processes; returns path → SHA-1 (with `hashes`; else
    path → b""). `progress` hears how many reports are done, every few seconds.

    A task is one report (its PDFs first, so that its pages show their size; its narrative and charts made once for
    both) or one organ's own pages. This process makes the site-wide files while the workers render.
    """
    site = files.site
    files.renderer.warm()
    job = _Job(files, writer, hashes)
    reports = [(o, r) for o, organ in enumerate(site.organs) for r in range(len(organ.reports))]
    organs = [(o, -1) for o in range(len(site.organs))]
    tasks = organs + reports
    if files.renderer.pdf is not None or len(tasks) < jobs * 4:
        batches = [[t] for t in tasks]  # a PDF takes a second or more: one task each keeps every core busy to the end
    else:
        # batches of ~30 reports on 1,000 (a batch is ~0.15 s of work): the worker that takes the last one ends
        # near the others, where batches 4× as large left one core idle at the end for up to ~0.6 s (paired runs of
        # the bench corpus: faster in 4 of 5); each batch costs one small message back
        per_worker = [organs[i::jobs] for i in range(jobs)]
        batches = [b for b in (*per_worker, *(reports[i::jobs * 16] for i in range(jobs * 16))) if b]
    ticker = _Ticker(progress, len(reports), "reports")
    done: list[Done] = []
    common: dict[str, bytes] | None = None
    if jobs <= 1 or len(tasks) < 2:
        for batch in batches:
            done.append(_run(job, batch))
            ticker.tick(sum(1 for _, r in batch if r >= 0))
    else:
        # fork: the workers inherit the model, the compiled templates and the chart font's metrics instead of
        # receiving them; the site-wide files are made here while they render (map forks them first).
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker,
                                 initargs=(job,)) as pool:
            results = pool.map(_run_in_worker, batches)
            common = _site_wide(files, writer, hashes)
            for batch, result in zip(batches, results, strict=True):
                done.append(result)
                ticker.tick(sum(1 for _, r in batch if r >= 0))
    if common is None:
        common = _site_wide(files, writer, hashes)
    digests: dict[str, bytes] = {}
    paths: list[str] = []  # every path written, twice if two tasks wrote it (check_paths refuses that)
    for written, used in done:
        digests.update(written)
        paths.extend(rel for rel, _ in written)
        for kind, keys in used.items():
            files.store.note_used(kind, keys)  # kept by the store's prune
    check_paths([*paths, *common])
    digests.update(common)
    return digests
