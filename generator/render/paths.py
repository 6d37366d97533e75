"""Where things are in the site, and links between them: every link is relative to the page it is on."""

from __future__ import annotations

import functools
import posixpath
from pathlib import Path


def report_page(lang: str, organ: str, year: int) -> str:
    """Site-relative path of a report page."""
    return f"{lang}/{organ}/{year}/index.html"


HANDBOOK = "handbook"  # where a built authors' handbook (`make docs`) is copied into the site


def handbook_languages(folder: Path | None) -> frozenset[str] | None:
    """The languages of a built handbook (its sub-folders with an index.html); None without a handbook."""
    if folder is None:
        return None
    return frozenset(p.parent.name for p in folder.glob("*/index.html"))


def handbook_files(folder: Path) -> dict[str, bytes]:
    """Every file of a built handbook, at its path in the site (`handbook/…`)."""
    return {f"{HANDBOOK}/{p.relative_to(folder).as_posix()}": p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pdf_path(organ: str, year: int, lang: str) -> str:
    """Site path of a report's print version: `zh/pingtan/2021/pingtan-2021-zh.pdf` (beside its page)."""
    return f"{lang}/{organ}/{year}/{organ}-{year}-{lang}.pdf"


@functools.lru_cache(maxsize=65536)
def relative(target: str, base: str) -> str:
    """posixpath.relpath for site paths, by their parts (relpath's abspath calls cost 5x: ~40,000 links a site)."""
    if ".." in target or ".." in base or target.startswith("/") or base.startswith("/"):
        return posixpath.relpath(target, base)
    t = [p for p in target.split("/") if p and p != "."]
    b = [p for p in base.split("/") if p and p != "."]
    n = 0
    while n < len(t) and n < len(b) and t[n] == b[n]:
        n += 1
    return "/".join([".."] * (len(b) - n) + t[n:]) or "."
