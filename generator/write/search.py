"""Full-text search: run Pagefind (extended build, which segments Chinese) over a written site."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BUNDLE = "pagefind"
PACKAGE = "pagefind_bin_extended"  # pip `pagefind[extended]`; the plain build does not segment Chinese words
TIMEOUT = 300


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
        # --keep-index-url: result links end in index.html like every link of the site (they then work on a
        # server without directory indexes too)
        cmd = [str(binary), "--site", str(site), "--output-path", str(out), "--keep-index-url"]
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
