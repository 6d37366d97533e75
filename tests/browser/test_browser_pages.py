"""Every page in a real browser: loads cleanly, switches language, shows the statutory tables, passes axe-core."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

LANG_ATTR = {"zh": "zh-CN", "en": "en"}

# Numeric cells (td.num) of each statutory table, by format: rows x columns of the State Council form.
NUMERIC_CELLS = {
    "2021": {"t2": 10, "t3": 175, "t4": 15},
    "2019": {"t2": 22, "t3": 161, "t4": 15},
}


def test_page_loads_cleanly(tab: Any, page_path: str, skip_unbuilt_search: Any) -> None:
    """(a) No console error, no uncaught exception, no failed request, in every language."""
    skip_unbuilt_search(page_path)
    visit = tab.visit(page_path, wait="networkidle" if "/search/" in page_path else "load")
    assert visit.status == 200, f"{page_path}: HTTP {visit.status}"
    assert not visit.problems(), f"{page_path}:\n" + "\n".join(visit.problems())


def test_language_switch(tab: Any, report_page: tuple[str, Any]) -> None:
    """(b) The switch link of a report page lands on the same organ and year in the other language."""
    lang, report = report_page
    tab.visit(f"{lang}/{report.organ}/{report.year}/index.html")
    links = tab.page.locator("a[data-lang-switch]")
    others = [other for other in LANG_ATTR if other != lang]
    assert links.count() == len(others), f"expected {len(others)} a[data-lang-switch], found {links.count()}"
    other = others[0]
    tab.start()
    with tab.page.expect_navigation():
        links.first.click()
    expected = re.escape(f"{tab.base}{other}/{report.organ}/{report.year}/") + r"(index\.html)?$"
    assert re.match(expected, tab.page.url), f"switched to {tab.page.url}, expected {expected}"
    assert tab.page.get_attribute("html", "lang") == LANG_ATTR[other]
    assert not tab.current.problems(), "\n".join(tab.current.problems())


def test_statutory_tables(tab: Any, statutory_page: tuple[str, Any]) -> None:
    """(c) table.statutory[data-table=t2|t3|t4] has as many td.num as the format has cells."""
    lang, report = statutory_page
    tab.visit(f"{lang}/{report.organ}/{report.year}/index.html")
    found = tab.page.evaluate(
        """() => {
            const counts = {};
            for (const table of document.querySelectorAll('table.statutory')) {
                const id = table.getAttribute('data-table');
                counts[id] = (counts[id] || 0) + table.querySelectorAll('td.num').length;
            }
            return counts;
        }"""
    )
    assert found == NUMERIC_CELLS[report.format], (
        f"{report.format} format: td.num per table.statutory[data-table] is {found}, "
        f"expected {NUMERIC_CELLS[report.format]}"
    )


AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                                          why: n.failureSummary})),
                    count: v.nodes.length}));
}"""


def test_accessibility(axe_tab: Any, axe_source: str, page_path: str, skip_unbuilt_search: Any) -> None:
    """(e) axe-core finds no serious or critical violation."""
    skip_unbuilt_search(page_path)
    axe_tab.visit(page_path, wait="networkidle" if "/search/" in page_path else "load")
    axe_tab.page.add_script_tag(content=axe_source)
    violations = axe_tab.page.evaluate(AXE_RUN)
    assert not violations, f"{page_path}: {len(violations)} serious/critical axe violations:\n" + "\n".join(
        json.dumps(v, ensure_ascii=False, indent=1) for v in violations
    )
