"""Narrative Markdown → HTML: typed HTML is escaped, `{{ … }}` is a lookup of the report's figures, not code."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import check
from generator.model import Report
from generator.render.narrative import narrative_html

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="module")
def report() -> Report:
    site = check(str(CONTENT)).site
    assert site is not None
    return next(r for r in site.reports() if (r.organ, r.year) == ("pingtan", 2021))


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize("typed", [
    "<script>alert(1)</script>",
    "text <img src=x onerror=alert(1)> more",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//example.org></iframe>",
    '<div onclick="alert(1)">x</div>',
    "<!-- comment --><style>body{}</style>",
])
def test_typed_html_is_escaped(report: Report, typed: str) -> None:
    html = narrative_html(typed, report)
    doc = soup(html)
    assert [t.name for t in doc.find_all(True)] == ["p"]  # one paragraph of text, no element from the input
    assert doc.get_text().strip() == typed
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "<div" not in html


def test_html_block_is_escaped(report: Report) -> None:
    html = narrative_html("<script>\nalert(1)\n</script>\n\n<img src=x onerror=alert(1)>\n", report)
    assert soup(html).find_all(["script", "img"]) == []
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_markdown_links_with_a_script_url_are_not_links(report: Report) -> None:
    html = narrative_html("[x](javascript:alert(1)) and [y](vbscript:msgbox) and ![z](data:text/html,<b>)", report)
    doc = soup(html)
    assert doc.select("a[href], img[src]") == []


def test_reference_renders_the_linked_figure(report: Report) -> None:
    html = narrative_html("全年收到申请{{ t3.new_received.total }}件", report)
    assert html == '<p>全年收到申请<a class="figure" href="#c-t3-new_received-total">70</a>件</p>\n'
    links = soup(html).select('a.figure[href="#c-t3-new_received-total"]')
    assert [a.get_text() for a in links] == [str(report.values["t3.new_received.total"])]


@pytest.mark.parametrize(("markdown", "href", "shown"), [
    ("{{t3.new_received.total}}", "#c-t3-new_received-total", "70"),  # spaces are optional
    ("{{ t2_art20_8.fees.amount }}", "#c-t2_art20_8-fees-amount", "24252.311082"),  # decimals exact
    ("{{ highlights.farm_product_tests }}", "#h-farm_product_tests", "20,680"),  # ≥ 10000: grouped
    ("{{ highlights.published_items }}", "#h-published_items", "2645"),
])
def test_reference_kinds(report: Report, markdown: str, href: str, shown: str) -> None:
    links = soup(narrative_html(markdown, report)).select("a.figure")
    assert [(a["href"], a.get_text()) for a in links] == [(href, shown)]


@pytest.mark.parametrize("expression", ["7*7", "''.__class__", "config", "self.__init__.__globals__",
                                        "range(3)|list", "t3.new_received.total + 1", "lipsum"])
def test_expressions_are_not_evaluated(report: Report, expression: str) -> None:
    """A reference is a lookup by name: anything else is no figure and shows as a blank figure (—).

    (Validation rejects it as UNKNOWN_REFERENCE before a page is built; here the renderer is called directly.)
    """
    html = narrative_html(f"a {{{{ {expression} }}}} b", report)
    doc = soup(html)
    figures = doc.select("a.figure")
    assert [a.get_text() for a in figures] == ["—"]
    assert doc.get_text() == "a — b\n"
    assert "49" not in html and "<class" not in html and "&lt;class" not in html and "[0, 1, 2]" not in html
    assert "71" not in html


def test_reference_names_cannot_break_out_of_the_link(report: Report) -> None:
    html = narrative_html('{{ x" onmouseover="alert(1) }}', report)
    (a,) = soup(html).select("a.figure")
    assert list(a.attrs) == ["class", "href"]
    assert a["href"] == '#c-x" onmouseover="alert(1)'  # one attribute value, quotes escaped


def test_jinja_statements_are_text(report: Report) -> None:
    html = narrative_html("{% for x in range(3) %}x{% endfor %}", report)
    assert soup(html).get_text() == "{% for x in range(3) %}x{% endfor %}\n"


@pytest.mark.parametrize(("markdown", "tags"), [
    ("# A\n\ntext", ["h3"]),
    ("## A\n\ntext", ["h3"]),
    ("### A\n\ntext", ["h3"]),
    ("A\n=\n\nB\n-\n", ["h3", "h3"]),  # setext headings too
    ("# A\n\n## B\n\n### C", ["h3", "h3", "h3"]),
])
def test_headings_inside_a_part_start_at_h3(report: Report, markdown: str, tags: list[str]) -> None:
    doc = soup(narrative_html(markdown, report))
    assert [h.name for h in doc.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])] == tags


def test_references_in_code_are_still_figures(report: Report) -> None:
    doc = soup(narrative_html("`{{ t3.new_received.total }}`", report))
    assert [a.get_text() for a in doc.select("code a.figure")] == ["70"]


def test_an_approximate_figure_of_millions_reads_in_millions_in_english() -> None:
    from decimal import Decimal

    from generator.render.narrative import shown_figure

    assert [shown_figure(v, "en", True) for v in (10573000, 15000000, Decimal("2500000"), 24000)] == [
        "10.573 million", "15 million", "2.5 million", "24,000"]
    assert shown_figure(10573000, "en") == "10,573,000"  # an exact figure keeps its digits
    assert shown_figure(10573000, "zh", True) == "1057.3万"
