"""Which output folders `build` and `serve` may replace: never the content, the templates, the cache, the project.

A built site holds the marker file `.govreport-site`; an existing path is replaced only when it is such a folder, an
empty folder, or a site of an older govreport (no marker, but `index.html` and `data/all.csv`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

MARKER = ".govreport-site"
MARKER_TEXT = b"A site built by govreport: `govreport build` replaces this folder as a whole.\n"


class UnsafeOutput(Exception):
    """The output folder would destroy or overwrite something that is not a site govreport built."""


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(os.path.abspath(path)))


def is_built_site(folder: Path) -> bool:
    """A folder govreport may replace: marked, empty, or an older govreport's site (index.html and data/all.csv)."""
    try:
        if (folder / MARKER).is_file():
            return True
        if not any(os.scandir(folder)):
            return True
    except OSError:
        return False
    return (folder / "index.html").is_file() and (folder / "data" / "all.csv").is_file()


def check_output(output: str | Path, protected: Iterable[tuple[str, str | Path | None]],
                 project: str | Path | None = None) -> None:
    """Raise UnsafeOutput unless `output` may be (re)placed by a built site.

    `protected` names folders (what, path) that the output must not be, contain or lie inside; `project` (the working
    folder by default) is a folder the output must not be or contain (a `site/` inside it is the normal case).
    """
    out = _real(output)
    if out == out.parent:
        raise UnsafeOutput(f"`{output}` is the root of the file system")
    for what, path in protected:
        if path is None:
            continue
        folder = _real(path)
        if out == folder or out.is_relative_to(folder):
            raise UnsafeOutput(f"`{output}` is {'' if out == folder else 'inside '}the {what} ({path})")
        if folder.is_relative_to(out):
            raise UnsafeOutput(f"`{output}` contains the {what} ({path})")
    home = _real(project if project is not None else Path.cwd())
    if home.is_relative_to(out):
        raise UnsafeOutput(f"`{output}` is {'' if home == out else 'a parent of '}the project folder ({home})")
    if os.path.lexists(output) and not os.path.exists(output):
        raise UnsafeOutput(f"`{output}` is a broken symbolic link")
    if out.exists():
        if not out.is_dir():
            raise UnsafeOutput(f"`{output}` exists and is not a folder")
        if not is_built_site(out):
            raise UnsafeOutput(f"`{output}` is a folder that govreport did not build (no {MARKER} file): "
                               "it would be replaced")
