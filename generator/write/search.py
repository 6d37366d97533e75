"""Full-text search: run Pagefind over a copy of the written site's pages whose Chinese characters are spaced apart.

Why spaced: Pagefind matches a query word against the *start* of indexed words, and it cuts the query into words
in the browser (Intl.Segmenter, i.e. the browser's ICU dictionary), while the index is cut at build time (Pagefind's
jieba, or ours). The two cuts disagree (Chromium cuts 复议 into 复|议 and 平潭 into 平|潭, jieba keeps 行政复议
whole), so 复议 missed every 行政复议 and 平潭 matched 平台. Indexing every Chinese character as a word of its own
and sending a Chinese query as an exact phrase of characters (templates/static/search.js) makes search find the
query as written, in any browser: the cuts can no longer disagree. The visible site is not changed: only the copy
that Pagefind reads is spaced, and search.js takes the spaces out of the excerpts again.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

BUNDLE = "pagefind"
PACKAGE = "pagefind_bin_extended"  # pip `pagefind[extended]`; the plain build does not segment Chinese words
TIMEOUT = 300
# The ideographs (CJK Unified Ideographs, Extension A, Compatibility): each becomes a word of its own.
IDEOGRAPH = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
# What is not text: markup, comments, and the content of scripts and styles (left as written).
NOT_TEXT = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)",
                      re.IGNORECASE | re.DOTALL)
BODY = "data-pagefind-body"


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message carries its output."""


class PagefindMissing(SearchIndexError):
    """The Pagefind extended binary is not installed (catch this one to make search optional)."""


def pagefind_binary() -> Path:
    """The Pagefind extended binary shipped in the pip package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise PagefindMissing(f"`{PACKAGE}` is not installed: pip install 'pagefind[extended]'")
    binary = Path(next(iter(spec.submodule_search_locations))) / "pagefind_extended"
    if not binary.is_file():
        raise PagefindMissing(f"the Pagefind binary is missing: {binary}")
    return binary


def _sort_entry(bundle: Path) -> None:
    """Sort the languages of pagefind-entry.json: Pagefind writes them in hash-map (random) order."""
    path = bundle / "pagefind-entry.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def space_ideographs(html: str) -> str:
    """The page with a space on each side of every Chinese character of its text (markup untouched)."""
    parts = NOT_TEXT.split(html)
    return "".join(part if i % 2 else IDEOGRAPH.sub(r" \1 ", part) for i, part in enumerate(parts))


def index_copy(site: Path, copy: Path) -> int:
    """Write the pages Pagefind indexes (those with `data-pagefind-body`, or every page when none has it) to
    `copy`, Chinese characters spaced; the number of pages written."""
    pages = {path: path.read_text(encoding="utf-8", errors="replace") for path in sorted(site.rglob("*.html"))
             if path.relative_to(site).parts[0] != BUNDLE}
    marked = {path: text for path, text in pages.items() if BODY in text}
    for path, text in (marked or pages).items():
        out = copy / path.relative_to(site)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(space_ideographs(text), encoding="utf-8")
    return len(marked or pages)


def index_site(site_dir: Path) -> None:
    """Index the site's `data-pagefind-body` elements, one index per `<html lang>`, into <site_dir>/pagefind/."""
    site = Path(site_dir).resolve()
    if not site.is_dir():
        raise SearchIndexError(f"site folder `{site}` does not exist")
    binary = pagefind_binary()
    # No PAGEFIND_* variables and an empty working directory: no pagefind.yml/toml/json is picked up by chance.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    # Written beside the site, then swapped in: a failed run leaves the previous bundle and no stray folder.
    with tempfile.TemporaryDirectory(prefix=f".{site.name}.pagefind-", dir=site.parent) as tmp:
        work = Path(tmp)
        out = work / BUNDLE
        (work / "cwd").mkdir()
        index_copy(site, work / "pages")
        # --keep-index-url: result links end in index.html like every link of the site (they then work on a
        # server without directory indexes too)
        cmd = [str(binary), "--site", str(work / "pages"), "--output-path", str(out), "--keep-index-url"]
        try:
            proc = subprocess.run(cmd, cwd=work / "cwd", env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  encoding="utf-8", errors="replace", timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchIndexError(f"could not run Pagefind ({' '.join(cmd)}): {exc}") from exc
        log = proc.stdout.strip()
        if proc.returncode != 0 or not (out / "pagefind-entry.json").is_file():
            raise SearchIndexError(f"Pagefind failed (exit {proc.returncode}):\n{log}")
        _sort_entry(out)
        target = site / BUNDLE
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        out.rename(target)
