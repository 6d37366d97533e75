"""The built site loads nothing from elsewhere: no resource URL is absolute (http:, https:, //)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# Elements that load what they point to (an <a href> to the original report is a link, not a load).
LOADING = {"script", "link", "img", "iframe", "source", "video", "audio", "track", "embed", "object", "base"}
URL_ATTRS = {"src", "href", "srcset", "data", "poster"}
EXTERNAL = ("http:", "https:", "//")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in LOADING:
            return
        for name, value in attrs:
            if name in URL_ATTRS and value:
                urls = [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else [value]
                self.found += [(self.getpos()[0], tag, name, url.strip()) for url in urls]

    handle_startendtag = handle_starttag


def _external(url: str) -> bool:
    # browsers ignore ASCII whitespace and treat \ like / in URLs
    return url.strip().lower().replace("\\", "/").startswith(EXTERNAL)


def test_no_external_resources_in_html(site_dir: Path) -> None:
    """(f) Every src/href of script/link/img/iframe/source (and kin) of every page is local."""
    pages = sorted(site_dir.rglob("*.html"))
    assert pages, "no page was built"
    bad = []
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        rel = page.relative_to(site_dir)
        bad += [f"{rel}:{line}: <{tag} {attr}={url!r}>" for line, tag, attr, url in parser.found if _external(url)]
    assert not bad, f"{len(bad)} external resources:\n" + "\n".join(bad)


def test_no_external_resources_in_css(site_dir: Path) -> None:
    """(f) Stylesheets (the site's and Pagefind's) import and url() nothing from elsewhere."""
    bad = []
    for sheet in sorted(site_dir.rglob("*.css")):
        for m in CSS_URL.finditer(sheet.read_text(encoding="utf-8")):
            url = m.group(1) or m.group(2)
            if _external(url):
                bad.append(f"{sheet.relative_to(site_dir)}: {url}")
    assert not bad, f"{len(bad)} external URLs in stylesheets:\n" + "\n".join(bad)
