"""Where a cold build's time goes (`make bench`): one process under cProfile, own time summed by pipeline stage and
by library. cProfile slows small calls most, so the shares matter, not the seconds."""

from __future__ import annotations

import cProfile
import os
import pstats
import shutil
from collections import defaultdict
from pathlib import Path

GROUPS = (  # first match wins: a path fragment, the name printed
    ("/markdown_it/", "markdown-it-py (narratives)"), ("/jinja2/", "Jinja2 (pages)"), ("/markupsafe/", "markupsafe"),
    ("/yaml/", "PyYAML"), ("ryml", "rapidyaml"), ("/generator/load/", "load"), ("/generator/check/", "check"),
    ("/generator/compute/", "compute"), ("/generator/render/charts/", "render: charts"),
    ("/generator/render/", "render: pages, tables, open data"), ("/generator/cache/", "cache store"),
    ("/generator/write/", "write"), ("/generator/build/", "build (orchestration)"), ("/templates/", "Jinja2 (pages)"),
    ("/generator/", "generator, other"), ("pickle", "pickle"), ("hmac", "cache store"), ("_hashlib", "hashing"),
)


def _group(filename: str, name: str) -> str:
    where = f"{filename} {name}"
    for fragment, group in GROUPS:
        if fragment in where:
            return group
    if filename == "~":  # a built-in: str.join, file writes, …
        return "built-ins (I/O, str, …)"
    return "other Python"


def profile_build(corpus: Path, out: Path) -> None:
    """Profile `build --no-cache --no-pdf --no-search` of `corpus` in one process and print the shares."""
    from generator.build import pipeline

    real = os.cpu_count
    os.cpu_count = lambda: 1  # one process: cProfile sees only its own
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        pipeline.build(str(corpus), str(out), search=False, cache=False)
        profiler.disable()
    finally:
        os.cpu_count = real
        shutil.rmtree(out, ignore_errors=True)
    stats = pstats.Stats(profiler)
    own: dict[str, float] = defaultdict(float)
    for (filename, _, name), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        own[_group(filename, name)] += tottime
    total = sum(own.values())
    print(f"profile of a cold build in one process (cProfile, {total:.1f} s with its overhead): own time by stage")
    for group, seconds in sorted(own.items(), key=lambda kv: -kv[1]):
        if seconds / total >= 0.01:
            print(f"  {group:36} {100 * seconds / total:5.1f}%")
