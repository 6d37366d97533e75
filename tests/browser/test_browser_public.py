"""Public pages on a phone (390 px) and a desktop (1366 px): no sideways page, statutory tables that keep their row
labels in view while the figures scroll (with a visible cue), readable year tables, cards that hold their
figures, charts whose labels do not overlap, Latin type on English pages, and axe at 0 serious/critical.

Screenshots of every page and width are kept as test artefacts: in $GOVREPORT_SCREENSHOTS, or in the session's
pytest tmp folder (printed at the end of the run by `-s`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _new_tab
from tests.browser.test_browser_pages import AXE_RUN

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)
PAGES = ("zh/pingtan/2020/index.html", "en/pingtan/2020/index.html", "en/pingtan/2021/index.html",
         "zh/pingtan/review/index.html", "en/pingtan/review/index.html", "zh/pingtan/index.html",
         "en/pingtan/index.html", "en/index.html", "zh/index.html", "en/guangzhou/2019/index.html",
         "zh/timeliness/index.html", "en/timeliness/2022/index.html", "zh/search/index.html")


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ["GOVREPORT_SCREENSHOTS"]) if os.environ.get("GOVREPORT_SCREENSHOTS") else \
        tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session", params=WIDTHS, ids=lambda w: f"{w}px")
def sized(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[tuple[int, Any]]:
    """A tab of this width (axe-core may be injected: CSP bypassed)."""
    width = request.param
    for tab in _new_tab(browser, base_url, bypass_csp=True, viewport={"width": width, "height": 900}):
        yield width, tab


def _name(path: str, width: int, what: str = "") -> str:
    return f"{path.removesuffix('/index.html').replace('/', '_')}{what}-{width}.png"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.removesuffix("/index.html"))
def test_page_at_width(sized: tuple[int, Any], path: str, shots: Path, axe_source: str) -> None:
    width, tab = sized
    visit = tab.visit(path)
    assert visit.status == 200 and not visit.problems(), visit.problems()
    page = tab.page
    page.screenshot(path=str(shots / _name(path, width)), full_page=True)
    problems: list[str] = []
    # the page itself never scrolls sideways: only a table box does
    scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll[0] > scroll[1]:
        problems.append(f"the page is {scroll[0]} px wide in a {scroll[1]} px window")
    problems += page.evaluate(CARDS)
    problems += page.evaluate(CHART_LABELS)
    if path.startswith("en/"):
        problems += page.evaluate(LATIN_QUOTES)
    problems += page.evaluate(YEAR_TABLE)
    tables = page.locator("div.table-scroll:has(table.statutory)")
    for i in range(tables.count()):
        box = tables.nth(i)
        if not box.evaluate("e => e.scrollWidth > e.clientWidth + 1"):
            continue
        if width <= 600 and not box.evaluate(HINT_VISIBLE):
            problems.append(f"table {i}: it scrolls, but no visible cue says so")
        box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        page.wait_for_timeout(50)
        problems += [f"table {i}: {p}" for p in box.evaluate(LABELS_IN_VIEW)]
        if i == tables.count() - 1 or "2020" in path:
            box.screenshot(path=str(shots / _name(path, width, f"_table{i}_scrolled")))
        box.evaluate("e => { e.scrollLeft = 0; }")
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN)
    problems += [json.dumps(v, ensure_ascii=False) for v in violations]
    assert not problems, f"{path} at {width} px:\n" + "\n".join(problems)


HINT_VISIBLE = """box => {
    const hint = box.previousElementSibling;
    return !!hint && hint.classList.contains('scroll-hint') && hint.offsetHeight > 0;
}"""

# Scrolled to its end, every body row of the table still shows its label, fully inside the box, and a figure.
LABELS_IN_VIEW = """box => {
    const out = [], frame = box.getBoundingClientRect();
    for (const tr of box.querySelectorAll('tbody tr')) {
        const tds = tr.querySelectorAll('td');
        if (!tds.length) continue;
        const ths = tr.querySelectorAll('th');
        if (!ths.length) continue;  // part 四: one row, its labels are the column heads
        const label = ths[ths.length - 1].getBoundingClientRect();
        if (label.left < frame.left - 1 || label.right > frame.right + 1)
            out.push(`row label "${ths[ths.length - 1].textContent.trim()}" out of view`);
        const last = tds[tds.length - 1].getBoundingClientRect();
        if (last.right < label.right + 16) out.push(`the last figure is under its row label`);
    }
    return out.slice(0, 5);
}"""

CARDS = """() => [...document.querySelectorAll('.card-value, .card')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => `card overflows: ${e.textContent.trim()}`)"""

# No two texts of a chart's SVG overlap (axis labels, legend, figures at the bars' ends).
CHART_LABELS = """() => {
    const out = [];
    for (const svg of document.querySelectorAll('.chart-svg svg')) {
        // a text made transparent is not seen (none is, today)
        const seen = t => { for (let e = t; e && e !== svg; e = e.parentElement)
            if (e.getAttribute('opacity') === '0' || getComputedStyle(e).opacity === '0') return false; return true; };
        const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && seen(t))
            .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const [a, ra] = boxes[i], [b, rb] = boxes[j];
            const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
            const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
            // the glyphs, not the line boxes: a text's box is taller than its letters by a third
            if (x > 2 && y > 0.35 * Math.min(ra.height, rb.height)) out.push(`chart labels overlap: "${a}" / "${b}"`);
        }
    }
    return out.slice(0, 5);
}"""

# English quotes are Latin (narrow), not the full-width glyphs of a CJK font.
LATIN_QUOTES = """() => {
    const span = document.createElement('span');
    span.textContent = '\\u201cx\\u2019\\u201d';
    span.style.whiteSpace = 'nowrap';
    document.querySelector('main').appendChild(span);
    const em = parseFloat(getComputedStyle(span).fontSize), w = span.getBoundingClientRect().width;
    span.remove();
    return w > 1.9 * em ? [`English quotes are full-width: "x" is ${w.toFixed(0)} px at ${em} px`] : [];
}"""

# The year-over-year table's labels are not squeezed to one character per line.
YEAR_TABLE = """() => [...document.querySelectorAll('table.yoy tbody th')]
    .filter(th => th.getBoundingClientRect().width < 4 * parseFloat(getComputedStyle(th).fontSize))
    .map(th => `year table label squeezed: ${th.textContent.trim()}`).slice(0, 3)"""
