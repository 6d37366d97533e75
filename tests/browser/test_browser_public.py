"""Public pages on a phone (390 px) and a desktop (1366 px): no sideways page, tables that keep their row labels in
view while the figures scroll (with a visible cue) and their titles inside the box, words that stay in their cells,
statutory group labels in lines of text in English, a timeliness index that fits a phone, readable year tables,
cards that hold their figures, charts whose labels do not overlap, Latin type on English pages, and axe at 0
serious/critical. Every page type: chooser (with and without JavaScript), portal, organ, review, report (2019 and
2021 formats, legacy), timeliness, search, and the computed aggregate report of tests/fixtures/aggregate.

Screenshots of every page and width are kept as test artefacts: in $GOVREPORT_SCREENSHOTS, or in the session's
pytest tmp folder (printed at the end of the run by `-s`).
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _new_tab
from tests.browser.public_checks import (
    CARDS,
    CELLS_HOLD_TEXT,
    CHART_LABELS,
    CHART_TEXT_SIZE,
    FIGURES_IN_VIEW,
    FRAMES,
    GROUP_LABELS_READABLE,
    HINT_VISIBLE,
    HINTS_MATCH,
    LABELS_IN_VIEW,
    LATIN_QUOTES,
    PLURAL_OF_ONE,
    TITLES_IN_VIEW,
    WORDS_NOT_STACKED,
    YEAR_TABLE,
)
from tests.browser.test_browser_pages import AXE_RUN

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)
PAGES = ("zh/pingtan/2020/index.html", "en/pingtan/2020/index.html", "en/pingtan/2021/index.html",
         "zh/pingtan/2021/index.html", "zh/pingtan/review/index.html", "en/pingtan/review/index.html",
         "zh/pingtan/index.html", "en/pingtan/index.html", "en/index.html", "zh/index.html",
         "en/guangzhou/2019/index.html", "zh/shenzhen/2018/index.html", "zh/timeliness/index.html",
         "en/timeliness/index.html", "en/timeliness/2022/index.html", "zh/search/index.html",
         "en/search/index.html")
# tests/fixtures/aggregate: the county's 2022 page is computed from its members' reports; its 2021 report is its own
AGGREGATE_PAGES = ("zh/county/2022/index.html", "en/county/2022/index.html", "zh/county/2021/index.html",
                   "en/county/2021/index.html", "en/county/index.html")
FITS = ("timeliness/index.html",)  # pages whose tables fit a phone: no sideways scrolling at all


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ["GOVREPORT_SCREENSHOTS"]) if os.environ.get("GOVREPORT_SCREENSHOTS") else \
        tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session", params=WIDTHS, ids=lambda w: f"{w}px")
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture(scope="session")
def sized(width: int, browser: Any, base_url: str) -> Iterator[tuple[int, Any]]:
    """A tab of this width on the sample site (axe-core may be injected: CSP bypassed)."""
    for tab in _new_tab(browser, base_url, bypass_csp=True, viewport={"width": width, "height": 900}):
        yield width, tab


@pytest.fixture(scope="session")
def sized_aggregate(width: int, browser: Any, aggregate_url: str) -> Iterator[tuple[int, Any]]:
    """A tab of this width on the site of tests/fixtures/aggregate."""
    for tab in _new_tab(browser, aggregate_url, bypass_csp=True, viewport={"width": width, "height": 900}):
        yield width, tab


def _name(path: str, width: int, what: str = "") -> str:
    return f"{path.removesuffix('/index.html').replace('/', '_') or 'chooser'}{what}-{width}.png"


def check_page(tab: Any, path: str, width: int, shots: Path, axe_source: str, shot: str = "") -> list[str]:
    """Everything a citizen would see wrong on the page open in `tab` (screenshots kept under `shot`)."""
    page = tab.page
    page.screenshot(path=str(shots / _name(shot or path, width)), full_page=True)
    problems: list[str] = []
    # the page itself never scrolls sideways: only a table box does
    scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll[0] > scroll[1]:
        problems.append(f"the page is {scroll[0]} px wide in a {scroll[1]} px window")
    for script in (CARDS, CHART_LABELS, CHART_TEXT_SIZE, YEAR_TABLE, CELLS_HOLD_TEXT, WORDS_NOT_STACKED):
        problems += page.evaluate(script)
    if page.evaluate("document.documentElement.lang") == "en":
        problems += page.evaluate(LATIN_QUOTES) + page.evaluate(PLURAL_OF_ONE) + page.evaluate(GROUP_LABELS_READABLE)
    # the charts' data tables too, as a reader who opens "Chart data" sees them
    page.evaluate("() => document.querySelectorAll('details.chart-data').forEach(d => { d.open = true; })")
    page.evaluate(FRAMES)
    boxes = page.locator("div.table-scroll")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        problems += [f"table {i}: {p}" for p in box.evaluate(TITLES_IN_VIEW) + box.evaluate(FIGURES_IN_VIEW)]
        if not box.evaluate("e => e.scrollWidth > e.clientWidth + 1"):
            if box.evaluate(HINT_VISIBLE):
                problems.append(f"table {i}: a cue says it scrolls, but it fits")
            continue
        if path.endswith(FITS):
            problems.append(f"table {i} scrolls sideways: it must fit")
        if width <= 600 and not box.evaluate(HINT_VISIBLE):
            problems.append(f"table {i}: it scrolls, but no visible cue says so")
        box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        page.wait_for_timeout(50)
        problems += [f"table {i} scrolled: {p}" for p in box.evaluate(LABELS_IN_VIEW) + box.evaluate(TITLES_IN_VIEW)]
        if i == boxes.count() - 1 or "2020" in path or "county" in path:
            box.screenshot(path=str(shots / _name(shot or path, width, f"_table{i}_scrolled")))
        box.evaluate("e => { e.scrollLeft = 0; }")
    page.add_script_tag(content=axe_source)
    problems += [json.dumps(v, ensure_ascii=False) for v in page.evaluate(AXE_RUN)]
    return problems


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.removesuffix("/index.html"))
def test_page_at_width(sized: tuple[int, Any], path: str, shots: Path, axe_source: str) -> None:
    width, tab = sized
    visit = tab.visit(path)
    assert visit.status == 200 and not visit.problems(), visit.problems()
    problems = check_page(tab, path, width, shots, axe_source)
    assert not problems, f"{path} at {width} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", AGGREGATE_PAGES, ids=lambda p: p.removesuffix("/index.html"))
def test_aggregate_page_at_width(sized_aggregate: tuple[int, Any], path: str, shots: Path, axe_source: str) -> None:
    """The computed aggregate report (and the county's own report and organ page, which list its members)."""
    width, tab = sized_aggregate
    visit = tab.visit(path)
    assert visit.status == 200 and not visit.problems(), visit.problems()
    assert tab.page.locator("table.statutory").count() >= 3 or path.endswith("county/index.html")
    problems = check_page(tab, path, width, shots, axe_source, shot=f"aggregate/{path}")
    assert not problems, f"aggregate {path} at {width} px:\n" + "\n".join(problems)


def test_chooser_with_javascript_at_width(sized: tuple[int, Any], shots: Path) -> None:
    """The chooser sends a Chinese browser on to the Chinese portal, which fits the window."""
    width, tab = sized
    visit = tab.visit("index.html")
    assert visit.redirected_to == tab.base + "zh/index.html" and not visit.problems(), visit
    tab.page.screenshot(path=str(shots / _name("chooser_js", width)), full_page=True)
    assert tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_chooser_without_javascript_at_width(width: int, browser: Any, base_url: str, shots: Path,
                                             axe_source: str) -> None:
    """Without its script (JavaScript off) the chooser is a list of languages: each a link in its own language
    (English in a Latin font), whole in the window, a target big enough for a finger and apart from the next."""
    for tab in _new_tab(browser, base_url, keep_refresh=False, bypass_csp=True,
                        viewport={"width": width, "height": 900}):
        visit = tab.visit("index.html")
        assert visit.status == 200 and visit.redirected_to is None and not visit.problems(), visit
        links = tab.page.evaluate("""() => [...document.querySelectorAll('.language-list a')].map(a => {
            const r = a.getBoundingClientRect();
            return [a.lang, a.textContent.trim(), r.left, r.right, r.top, r.bottom, getComputedStyle(a).fontFamily];
        })""")
        assert [lang for lang, *_ in links] == ["zh-CN", "en"], links
        problems = [f"{text}: out of the window or under 24 px" for _, text, left, right, top, bottom, _ in links
                    if left < 0 or right > width or bottom - top < 24]
        problems += [f"{b[1]}: {b[4] - a[5]:.0f} px under the link above" for a, b in itertools.pairwise(links)
                     if b[4] - a[5] < 8]
        problems += [f"{text}: in {font.split(',')[0]}" for lang, text, *_, font in links
                     if lang == "en" and "CJK" in font.split(",")[0]]
        problems += check_page(tab, "index.html", width, shots, axe_source, shot="chooser_nojs")
        assert not problems, f"chooser at {width} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", (390, 900))
def test_the_scroll_cue_shows_only_over_a_table_that_scrolls(width: int, browser: Any, base_url: str) -> None:
    """Below 60rem a table may or may not need sideways scrolling: at 900 px the statutory tables fit and get no
    cue, at 390 px they scroll and each has one (the cue follows the box's own scroll state)."""
    for tab in _new_tab(browser, base_url, viewport={"width": width, "height": 900}):
        seen: list[list[bool]] = []
        for path in ("zh/pingtan/2021/index.html", "en/pingtan/2021/index.html", "en/pingtan/index.html",
                     "en/timeliness/2022/index.html"):
            assert tab.visit(path).status == 200
            tab.page.evaluate("() => document.querySelectorAll('details.chart-data').forEach(d => { d.open = true; })")
            tab.page.evaluate(FRAMES)
            pairs = tab.page.evaluate(HINTS_MATCH)
            assert all(shown == scrolls for shown, scrolls in pairs), f"{path} at {width} px: {pairs}"
            seen += pairs
        # both cases occur, so the check above means something at this width
        assert [False, False] in seen if width == 900 else [True, True] in seen, seen
