"""Full-text search in a real browser: a Chinese word from inside a sentence finds its one report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CONTENT = Path(__file__).resolve().parents[2] / "content"
# 诈骗 ("fraud") occurs once in the sample, inside a sentence of pingtan 2022 (…开涉税诈骗典型案例…): found only if
# Pagefind segments Chinese words (a build without segmentation indexes the whole run of characters as one word).
WORD, ORGAN, YEAR = "诈骗", "pingtan", "2022"
CJK = re.compile(r"[\u4e00-\u9fff]")

SEARCH_API = """async ([bundle, word]) => {
    const pagefind = await import(bundle + 'pagefind.js');
    await pagefind.init();
    const found = await pagefind.search(word);
    return Promise.all(found.results.map(async r => (await r.data()).url));
}"""


def test_word_is_rare_and_inside_a_sentence() -> None:
    """The search test's premise: the word is in one narrative only, with Chinese characters on both sides."""
    holders = [p for p in sorted(CONTENT.glob("*/*/zh.md")) if WORD in p.read_text(encoding="utf-8")]
    assert holders == [CONTENT / ORGAN / YEAR / "zh.md"], f"{WORD} occurs in {holders}: pick another word"
    text = holders[0].read_text(encoding="utf-8")
    at = text.index(WORD)
    assert CJK.match(text[at - 1]) and CJK.match(text[at + len(WORD)]), "the word must be inside a sentence"


def _report_url(base: str, lang: str) -> str:
    return re.escape(f"{base}{lang}/{ORGAN}/{YEAR}/") + r"(index\.html)?([?#].*)?$"


def test_search_finds_the_report(tab: Any, site_dir: Path) -> None:
    """(d) The zh search page's own UI (#search) returns the report; without a search page, Pagefind's API does."""
    assert (site_dir / "pagefind" / "pagefind.js").is_file(), "no Pagefind bundle in the built site"
    expected = re.compile(_report_url(tab.base, "zh"))
    if (site_dir / "zh" / "search" / "index.html").is_file():
        visit = tab.visit("zh/search/index.html")
        box = tab.page.locator("#search input").first
        box.fill(WORD)
        try:
            tab.page.locator(f'#search a[href*="/zh/{ORGAN}/{YEAR}/"]').first.wait_for(timeout=10_000)
            timed_out = False
        except Exception:  # Playwright's TimeoutError: report what the page shows and logged instead
            timed_out = True
        if timed_out:
            pytest.fail(f"{WORD}: no link to zh/{ORGAN}/{YEAR}/ in #search within 10 s; #search shows "
                        f"{tab.page.inner_text('#search')[:300]!r}; page problems:\n" + "\n".join(visit.problems()))
        hrefs = tab.page.eval_on_selector_all("#search a[href]", "links => links.map(a => a.href)")
        results = [h for h in hrefs if "/pagefind/" not in h]
    else:
        # no search page yet: load the bundle into a page of the served site (lang zh-CN) and ask it directly
        visit = tab.visit("zh/index.html")
        paths = tab.page.evaluate(SEARCH_API, [f"{tab.base}pagefind/", WORD])
        results = [tab.page.evaluate("u => new URL(u, location.href).href", p) for p in paths]
    assert any(expected.match(r) for r in results), f"{WORD}: results {results}, expected one matching {expected}"
    assert all(f"{tab.base}zh/" in r for r in results), f"results outside the Chinese pages: {results}"
    assert not visit.problems(), "\n".join(visit.problems())
    # the result link works under the subpath
    landed = tab.visit(next(r for r in results if expected.match(r)).removeprefix(tab.base))
    assert landed.status == 200 and not landed.problems(), landed.problems()
