"""What a PDF may load: the site's own static files, the fonts of `--fonts`, and `data:` URLs; nothing else.

WeasyPrint's default fetcher reads any `file:` URL, so a narrative image `![x](/etc/x.png)` or `../../x.png` was
embedded in the PDF. This fetcher refuses every other file and the network (the image is then left out).
"""

from __future__ import annotations

import os
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import weasyprint  # type: ignore[import-untyped]

from generator import TEMPLATES


def _path(url: str) -> str:
    return os.path.realpath(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))


class StaticFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
    """Serves `file:` URLs below the static folders (links resolved), the font files, and `data:` URLs."""

    def __init__(self, folders: Iterable[Path], files: Iterable[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"})  # never the network
        self.folders = tuple(os.path.realpath(f) + os.sep for f in folders)
        self.files = frozenset(os.path.realpath(f) for f in files)

    def allows(self, url: str) -> bool:
        """Whether `url` may be read."""
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme == "data":
            return True
        if scheme != "file":
            return False
        path = _path(url)
        return path in self.files or path.startswith(self.folders)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not self.allows(url):
            raise ValueError(f"not a file of the site: {url}")  # WeasyPrint leaves the resource out
        return super().fetch(url, headers)


def site_fetcher(base_url: str, fonts: Iterable[Path]) -> StaticFetcher:
    """The fetcher of a print HTML whose relative URLs resolve against `base_url` (the templates folder)."""
    base = Path(_path(base_url))
    return StaticFetcher({TEMPLATES / "static", base / "static"}, fonts)
