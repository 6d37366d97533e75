"""A statutory table filled the quick way (a report without marks or notes) is the table filled the general way."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from generator.build.pipeline import check
from generator.model import Report
from generator.render.site import SiteRenderer
from generator.render.templates import Templates

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="module")
def renderer() -> SiteRenderer:
    site = check(str(CONTENT)).site
    assert site is not None
    return SiteRenderer(site, Templates())


def _odd(report: Report) -> Report:
    """The report with every kind of value: blanks, large and negative counts, amounts, text to escape."""
    odd: list[object] = [None, 12345, -10000, 9999, 0, Decimal("1237.40"), Decimal("-0.5"), "1237.40万元", "<b>&",
                         "约 3 亿元"]
    values = {cid: odd[i % len(odd)] for i, cid in enumerate(report.values)}
    return dataclasses.replace(report, values=values)


def test_the_quick_fill_is_the_general_fill(renderer: SiteRenderer) -> None:
    filled = 0
    for report in renderer.site.reports():
        if report.format is None:
            continue
        for lang in renderer.site.languages:
            for tables in renderer.skeletons(report.format, lang).values():
                for table in tables:
                    for r in (report, _odd(report)):
                        assert table._fill_plain(r.values) == table._fill_marked(r.values, (), (), {})
                        filled += 1
    assert filled > 20
