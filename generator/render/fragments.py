"""Pieces of page that are the same on many pages, rendered once and reused: the site footer.

The footer (`_footer.html.j2`) depends only on the page's language, how deep the page is (its links to data/ go up
to the site root) and the handbook link; a site of 2,000 report pages has a handful of distinct footers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import jinja2
from markupsafe import Markup

from generator.model import Site

FOOTER = "_footer.html.j2"


def root_of(base: str) -> str:
    """The way up from a page's folder (`zh/pingtan/2021`) to the site root (`../../../`); "" at the root."""
    return "" if base in ("", ".") else "../" * (base.count("/") + 1)


class Fragments:
    """The footer of each language, depth and handbook link, rendered on first use."""

    def __init__(self, env: jinja2.Environment, site: Site, strings: Mapping[str, Mapping[str, str]]) -> None:
        self.env, self.site, self.strings = env, site, strings
        self._footers: dict[tuple[str | None, str, str | None], Markup] = {}

    def footer(self, lang: str | None, root: str, handbook: str | None) -> Markup:
        """The site footer of a page in `lang` whose way up to the site root is `root`."""
        key = (lang, root, handbook)
        html = self._footers.get(key)
        if html is None:
            strings = self.strings
            # the page's own context (here, alternates, the report…) is not given: the footer is the same on
            # every page of a language and depth; url() links from the site root, as relative() does for data/
            text: Callable[[str], str] = (lambda k: strings[lang][k]) if lang else (lambda k: k)
            html = Markup(self.env.get_template(FOOTER).render(
                site=self.site, lang=lang, url=lambda target: root + target, s=text, strings=strings,
                handbook=handbook))
            self._footers[key] = html
        return html
