"""The authors' handbook in a real browser: served under a subpath, offline, and its search finds Chinese words."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Tab, _new_tab, serving

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
# (language, query, page the first results must include): Chinese words taken from inside sentences
SEARCHES = [
    ("zh", "空白", "writing.html"),   # “……写 `null`：空白不是零”
    ("zh", "照录", "history.html"),   # “……逐格照录数字”
    ("zh", "勾稽", "diagnostics.html"),
    ("en", "blank", "writing.html"),
]


@pytest.fixture(scope="module")
def handbook_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The handbook, built as `make docs` does, served at http://127.0.0.1:PORT/portal/sub/."""
    spec = importlib.util.spec_from_file_location("build_handbook", DOCS / "build_handbook.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("handbook") / "handbook"
    module.build(out, strict=True)
    with serving(out) as url:
        yield url


@pytest.fixture(scope="module")
def handbook_tab(browser: Any, handbook_url: str) -> Iterator[Tab]:
    """A page that refuses every request outside the served handbook."""
    yield from _new_tab(browser, handbook_url)


@pytest.mark.parametrize("path", ["index.html", "zh/index.html", "zh/diagnostics.html", "en/cli.html"])
def test_pages_load_without_errors_or_outside_requests(handbook_tab: Tab, path: str) -> None:
    visit = handbook_tab.visit(path)
    handbook_tab.page.wait_for_load_state("networkidle")
    assert visit.status == 200
    assert visit.problems() == []


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES, ids=[q for _, q, _ in SEARCHES])
def test_search_finds_the_page(handbook_tab: Tab, lang: str, query: str, expected: str) -> None:
    visit = handbook_tab.visit(f"{lang}/index.html")
    page = handbook_tab.page
    box = page.locator("input.md-search__input")
    box.click(force=True)
    link = page.locator(f'.md-search-result__item a[href*="{expected}"]').first
    # Material reads the box on keyup (an input method's text comes with one); the search worker builds its
    # index after the page loads, so ask again until the results show (at most ~15 s)
    for _ in range(15):
        box.fill(query)
        box.press("End")
        try:
            link.wait_for(timeout=1_000)
            break
        except Exception:  # Playwright's TimeoutError
            continue
    else:
        shown = page.inner_text(".md-search-result")[:300]
        pytest.fail(f"{query}: no result on {expected} within 15 s; results: {shown!r}; problems: {visit.problems()}")
    assert visit.problems() == []
