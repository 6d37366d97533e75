"""The footer rendered once per language and depth is the footer each page would render for itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES

from generator.build.pipeline import check
from generator.model import Site
from generator.render.fragments import FOOTER, root_of
from generator.render.paths import relative
from generator.render.site import SiteRenderer
from generator.render.templates import Templates

_FOOTER = re.compile(r'<footer class="site-footer">.*?</footer>\n', re.S)


@pytest.fixture(scope="module")
def site() -> Site:
    site = check(str(FIXTURES / "aggregate")).site
    assert site is not None
    return site


def _pages(renderer: SiteRenderer) -> dict[str, bytes]:
    """Pages at every depth: the chooser, portals, search, organ, review and report pages."""
    site = renderer.site
    files = renderer.site_files()
    for lang in site.languages:
        files[f"{lang}/index.html"] = renderer.portal(lang, ())
    for organ in site.organs:
        files.update(renderer.organ_pages(organ))
        for report in organ.reports:
            for lang in site.languages:
                files[f"{lang}/{organ.id}/{report.year}/index.html"] = renderer.report(organ, report, lang, [])
    return {path: data for path, data in files.items() if path.endswith(".html")}


@pytest.mark.parametrize(("base", "root"), [(".", ""), ("", ""), ("zh", "../"), ("zh/pingtan/2021", "../../../")])
def test_root_of(base: str, root: str) -> None:
    assert root_of(base) == root


@pytest.mark.parametrize("handbook", [False, True])
def test_each_page_has_the_footer_it_would_render_itself(site: Site, tmp_path: Path, handbook: bool) -> None:
    book = None
    if handbook:
        book = tmp_path / "handbook"
        (book / "zh").mkdir(parents=True)
        (book / "zh" / "index.html").write_text("<p>手册</p>", encoding="utf-8")
    renderer = SiteRenderer(site, Templates(), handbook=book, link_handbook=handbook)
    pages = _pages(renderer)
    footer = renderer.env.get_template(FOOTER)
    with_footer = 0
    for path, data in pages.items():
        html = data.decode("utf-8")
        found = _FOOTER.search(html)
        if found is None:
            continue  # the language chooser has no site footer
        with_footer += 1
        base = path.rsplit("/", 1)[0] if "/" in path else "."
        lang = path.split("/", 1)[0]
        link = None
        if handbook:
            link = relative(f"handbook/{lang}/index.html" if lang == "zh" else "handbook/index.html", base)
        own = footer.render(site=site, lang=lang, url=lambda target, base=base: relative(target, base),
                            s=renderer.strings[lang].__getitem__, strings=renderer.strings, handbook=link)
        assert found.group(0) == own, path
        assert ("handbook-link" in own) == handbook
    assert with_footer > 10
    # one footer per language and depth, not one per page
    assert len(renderer.fragments._footers) <= len(site.languages) * 4 < with_footer


def test_an_own_footer_gets_the_language_strings_and_links_from_the_root(site: Site, tmp_path: Path) -> None:
    (tmp_path / FOOTER).write_text("<footer>{{ lang }} {{ s('search') }} {{ url('data/all.csv') }} "
                                   "{{ site.title | t(lang) }}</footer>\n", encoding="utf-8")
    renderer = SiteRenderer(site, Templates(tmp_path))
    organ = site.organs[0]
    report = organ.reports[0]
    page = renderer.report(organ, report, "en", []).decode("utf-8")
    assert (f"<footer>en {renderer.strings['en']['search']} ../../../data/all.csv {site.title.get('en')}</footer>\n"
            "</body>") in page
