"""Charts in a real browser with JavaScript off: drawn at build time, they show on a phone and on a desktop."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHARTS = """() => [...document.querySelectorAll('figure.chart')].map(f => {
    // the drawing shown at this width: the phone's or the wide one
    const svg = [...f.querySelectorAll('svg')].find(s => s.getBoundingClientRect().width > 0),
          box = svg.getBoundingClientRect();
    return {id: f.id, width: box.width, height: box.height, name: svg.getAttribute('aria-label'),
            texts: [...svg.querySelectorAll('text')].map(t => t.textContent)};
})"""


@pytest.mark.parametrize(("width", "most"), [(375, 375 - 2 * 16), (1280, 560)])
def test_charts_show_without_javascript(browser: Any, base_url: str, width: int, most: int) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        for path, chart_ids, label in (
                ("zh/pingtan/2025/index.html", ["chart-outcomes", "chart-applicants", "chart-review"], "予以公开"),
                ("en/pingtan/index.html", ["chart-requests", "chart-outcome-mix", "chart-corrected"], "2025"),
                ("zh/index.html", ["chart-organs"], "平潭综合实验区")):
            page.goto(base_url + path)
            charts = page.evaluate(CHARTS)
            assert [c["id"] for c in charts] == chart_ids, path
            for chart in charts:
                assert most * 0.8 <= chart["width"] <= most + 1, (path, chart["id"], chart["width"])
                assert chart["height"] > 60 and chart["name"], (path, chart["id"], chart["height"])
            assert label in charts[0]["texts"], (path, charts[0]["texts"])
    finally:
        context.close()
