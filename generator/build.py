"""The orchestrator: load → validate → render → write, each stage called once, in order."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .errors import Diagnostic
from .load import load_organ, load_site
from .model import Organ
from .render import render_site
from .validate import Validation, assemble, read_site, validate_organ
from .write import write_site

# Below this many organs a process pool costs more than it saves.
PARALLEL_FROM = 16


Task = tuple[str, str, frozenset[str], tuple[str, ...], bool]


def _check_organ(task: Task) -> tuple[Organ | None, list[Diagnostic], int]:
    root, name, organ_ids, languages, want_model = task
    raw, diags = load_organ(root, name)
    organ = validate_organ(raw, organ_ids, languages, diags)
    return (organ if want_model else None), diags, len(raw.reports)


def _jobs(requested: int | None, tasks: int) -> int:
    if requested is not None:
        return max(1, requested)
    return min(os.cpu_count() or 1, 8) if tasks >= PARALLEL_FROM else 1


def check(content: str, jobs: int | None = None, *, model: bool = True) -> Validation:
    """Load and validate a content folder, organs in parallel on large sites; every problem is in the result.

    With `model=False` only diagnostics come back from the workers (what `validate` needs), and `site` is None.
    """
    if not Path(content).is_dir():
        diag = Diagnostic("error", "MISSING_FILE", f"content folder `{content}` does not exist", content, 1, 1,
                          "pass the folder that holds site.yaml, e.g. `govreport validate content`")
        return Validation(None, (diag,), 0)
    site_doc, names, diags = load_site(content)
    info = read_site(site_doc, diags)
    tasks: list[Task] = [(content, name, frozenset(names), info.languages, model) for name in names]
    workers = _jobs(jobs, len(tasks))
    results: Sequence[tuple[Organ | None, list[Diagnostic], int]]
    if workers > 1:
        # fork: workers inherit the loaded formats and modules, so each starts in milliseconds; no cyclic garbage
        # is made while checking, so the cycle collector only costs time (~20%) in these short-lived workers
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=gc.disable) as pool:
            results = list(pool.map(_check_organ, tasks, chunksize=max(1, len(tasks) // (workers * 4))))
    else:
        results = [_check_organ(t) for t in tasks]
    for _, problems, _ in results:
        diags.extend(problems)
    result = assemble(info, [organ for organ, _, _ in results], diags, sum(n for _, _, n in results))
    return result if model else Validation(None, result.diagnostics, result.report_count)


def build(content: str, output: str) -> tuple[Validation, int | None]:
    """Validate, render every page, then swap the new site in; on errors write nothing."""
    result = check(content)
    if result.site is None:
        return result, None
    files = render_site(result.site)
    write_site(files, output)
    return result, len(files)
