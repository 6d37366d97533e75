"""Full-text search in a real browser: Chinese words are found as written (复议 inside 行政复议; 平潭 and not 平台),
through the search page's own box, with the result pages of real queries asserted; file:// says it needs http."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

CONTENT = Path(__file__).resolve().parents[2] / "content"
# 诈骗 ("fraud") occurs once in the sample, inside a sentence of pingtan 2022 (…开涉税诈骗典型案例…): found only if
# Chinese is searched as written (an index of whole runs of characters or of jieba's words misses it).
WORD, ORGAN, YEAR = "诈骗", "pingtan", "2022"
CJK = re.compile(r"[\u4e00-\u9fff]")

PT = [f"pingtan/{y}" for y in (2019, 2020, 2021, 2022, 2025)]
GZ, GZO, SZ = "guangzhou/2019", "guangzhou-office/2020", "shenzhen/2018"
STATUTORY = [GZO, *PT]  # the reports with the statutory tables (行政复议, 予以公开… are row and column labels)
# Real queries, and the report pages each must find (read off the sample's pages). The results must also be
# exactly the pages whose indexed text contains the query (below): no 平台 for 平潭, no 议题 for 复议.
QUERIES: list[tuple[str, list[str]]] = [
    ("复议", [GZ, *STATUTORY]),
    ("行政复议", STATUTORY),
    ("行政诉讼", STATUTORY),
    ("依申请", [GZ, GZO, *PT[1:]]),
    ("依申请公开", [GZ, GZO, *PT[1:]]),
    ("予以公开", STATUTORY),
    ("不予公开", STATUTORY),
    ("不予处理", STATUTORY),
    ("主动公开", STATUTORY),
    ("国家秘密", STATUTORY),
    ("信息处理费", PT[2:]),
    ("平潭", PT),
    ("平潭综合实验区", PT),
    ("深圳", [SZ]),
    ("深圳市人民政府", [SZ]),
    ("广州市人民政府办公厅", [GZO]),
    ("政务新媒体", [GZ, *PT[1:]]),
    ("政策解读", [GZ, SZ, *STATUTORY]),
    ("重大行政决策", [GZ, PT[3]]),
    ("新闻发布会", [GZO, PT[0], SZ]),
    ("营商环境", [GZ, PT[4]]),
    ("预决算", [GZ, *PT[:3]]),
    ("征地拆迁", [PT[4]]),
    ("核酸", [PT[3]]),
    (WORD, [f"{ORGAN}/{YEAR}"]),
    ("平潭 复议", PT),  # words typed apart: each must occur
]
# Results that were wrong before Chinese was searched as written: never again.
NEVER = {"平潭": [SZ, GZ, GZO], "复议": [SZ]}
ENGLISH: list[tuple[str, list[str]]] = [
    ("reconsideration", [GZ, *STATUTORY]),
    ("Pingtan", PT),
    ("fraud", [PT[3]]),
    ("litigation", STATUTORY),
]

SEARCH_API = """async ([bundle, word]) => {
    const pagefind = await import(bundle + 'pagefind.js');
    await pagefind.init();
    const found = await pagefind.search(word);
    return Promise.all(found.results.map(async r => (await r.data()).url));
}"""
# The search box's results once they are all shown: Pagefind UI shows a few and a "load more" button.
RESULTS = """() => {
    const message = document.querySelector('#search .pagefind-ui__message');
    const results = [...document.querySelectorAll('#search .pagefind-ui__result')];
    const links = results.map(r => r.querySelector('.pagefind-ui__result-link'));  // its own, not its parts'
    return {message: message ? message.textContent : '', pending: links.some(a => !a),
            links: links.filter(a => a).map(a => a.href),
            more: !!document.querySelector('#search .pagefind-ui__button')};
}"""


def indexed_text(site: Path, page: str) -> str:
    """The text Pagefind indexes of a page: its `data-pagefind-body` element less `data-pagefind-ignore` ones."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("[data-pagefind-body]")
    if body is None:
        return ""
    for ignored in body.select("[data-pagefind-ignore]"):
        ignored.decompose()
    return body.get_text("")


def containing(site: Path, lang: str, words: list[str]) -> set[str]:
    """The report pages of `lang` whose indexed text contains every word (case-insensitive)."""
    found = set()
    for path in sorted((site / lang).glob("*/*/index.html")):
        text = indexed_text(site, str(path.relative_to(site))).lower()
        if all(w.lower() in text for w in words):
            found.add(str(path.parent.relative_to(site / lang)))
    return found


def search_box(tab: Any, query: str) -> list[str]:
    """Type `query` (one that has results) into the search page's box; the pages (organ/year) of every result, all
    loaded."""
    box = tab.page.locator("#search input").first
    box.fill("")
    box.fill(query)
    tab.page.wait_for_function(
        """q => { const m = document.querySelector('#search .pagefind-ui__message');
                  if (!m || !m.textContent.includes(q)) { return false; }
                  // "Searching for …" first, then "N results for …" (every query here has results), then the results
                  return /\\d/.test(m.textContent) && document.querySelectorAll('#search .pagefind-ui__result').length > 0; }""",
        arg=query, timeout=10_000)
    for _ in range(100):  # until every result is loaded (Pagefind UI fills them in) and all are shown
        state = tab.page.evaluate(RESULTS)
        told = re.search(r"\d+", state["message"])
        if not state["more"] and not state["pending"] and int(told.group(0) if told else 0) == len(state["links"]):
            break
        if state["more"] and not state["pending"]:
            tab.page.locator("#search .pagefind-ui__button").first.click()
        tab.page.wait_for_timeout(100)
    assert not state["more"] and not state["pending"], f"{query}: results still not all shown"
    count = re.search(r"\d+", state["message"])
    pages = []
    for href in state["links"]:
        match = re.search(r"/(?:zh|en)/([^/]+/\d{4})/", href)
        assert match, f"{query}: result {href} is not a report page"
        pages.append(match.group(1))
    assert (count is not None and int(count.group(0)) == len(pages)) or not pages, (query, state["message"], pages)
    return pages


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


def test_chinese_queries_find_their_pages(tab: Any, site_dir: Path) -> None:
    """Each real query finds its pages, and only pages whose text contains it (every word of it)."""
    assert len(QUERIES) >= 20
    visit = tab.visit("zh/search/index.html")
    wrong = []
    for query, expected in QUERIES:
        found = search_box(tab, query)
        should = containing(site_dir, "zh", query.split())
        assert set(expected) <= should, f"{query}: the test expects {sorted(set(expected) - should)}, which lack it"
        if sorted(found) != sorted(should) or len(found) != len(set(found)):
            wrong.append(f"{query}: found {sorted(found)}, expected {sorted(should)}")
        if set(found) & set(NEVER.get(query, [])):
            wrong.append(f"{query}: found {sorted(set(found) & set(NEVER[query]))}, which do not contain it")
    assert not wrong, "\n".join(wrong)
    assert not visit.problems(), "\n".join(visit.problems())


def test_english_queries_find_their_pages(tab: Any, site_dir: Path) -> None:
    tab.visit("en/search/index.html")
    for query, expected in ENGLISH:
        found = search_box(tab, query)
        assert set(expected) <= set(found), f"{query}: found {sorted(found)}, expected at least {sorted(expected)}"
        assert set(found) <= containing(site_dir, "en", [query[:-2]]), f"{query}: found {sorted(found)}"


def test_excerpts_read_as_written(tab: Any) -> None:
    """The index is spaced, the excerpts are not: the highlight covers the query, with no space inside it."""
    tab.visit("zh/search/index.html")
    search_box(tab, "行政复议")
    excerpt = tab.page.locator("#search .pagefind-ui__result-excerpt").first.inner_html()
    assert "<mark>行</mark><mark>政</mark><mark>复</mark><mark>议</mark>" in excerpt, excerpt
    text = tab.page.locator("#search .pagefind-ui__result-excerpt").first.inner_text()
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", text), text
    title = tab.page.locator("#search .pagefind-ui__result-link").first.inner_text()
    assert " " not in title.strip() and CJK.search(title), title


def test_file_url_says_search_needs_http(browser: Any, site_dir: Path) -> None:
    """Opened from disk, the search page says that search needs the site served over http (no endless spinner)."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto((site_dir / "zh" / "search" / "index.html").as_uri(), wait_until="load")
        notice = page.locator("#search-needs-http")
        notice.wait_for(state="visible", timeout=5_000)
        assert "http://" in notice.inner_text()
        assert page.locator("#search input").count() == 0  # no box that could only spin
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_site_built_without_search_says_so(browser: Any, aggregate_url: str, lang: str) -> None:
    """`build --no-search` (the aggregate fixture's site) still links its search page: served over http, it says
    in the page's language that this copy has no search index, instead of showing an empty page."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{aggregate_url}{lang}/search/index.html", wait_until="load")
        notice = page.locator("#search-missing")
        notice.wait_for(state="visible", timeout=5_000)
        assert ("搜索索引" if lang == "zh" else "without a search index") in notice.inner_text()
        assert page.locator("#search input").count() == 0 and page.locator("#search-needs-http").is_hidden()
    finally:
        context.close()


def test_the_pages_own_hints_are_not_indexed(tab: Any, site_dir: Path) -> None:
    """The scroll hint over every wide table (表格较宽，可左右滑动查看各列) and the report's meta list are page furniture:
    a search for their words finds nothing, though every report page prints them."""
    assert "左右滑动" in (site_dir / "zh/pingtan/2021/index.html").read_text(encoding="utf-8")
    tab.visit("zh/search/index.html")
    box = tab.page.locator("#search input").first
    box.fill("左右滑动")
    tab.page.wait_for_function(
        """() => { const m = document.querySelector('#search .pagefind-ui__message');
                   return m && m.textContent.includes('左右滑动') && !m.textContent.includes('正在'); }""",
        timeout=10_000)
    tab.page.wait_for_timeout(300)
    assert tab.page.locator("#search .pagefind-ui__result").count() == 0
