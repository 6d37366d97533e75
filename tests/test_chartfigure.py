"""A chart's figure on a page: the skeleton of the built-in `_chart.html.j2` gives the macro's bytes; an override
folder's own `_chart.html.j2` is called as a macro for each chart."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import build, check
from generator.model import Site
from generator.render.chartfigure import TEMPLATE
from generator.render.charts.common import Chart
from generator.render.charts.organ import organ_charts
from generator.render.charts.portal import portal_charts
from generator.render.charts.report import report_charts
from generator.render.templates import Templates

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def site() -> Site:
    result = check(str(ROOT / "content"))
    assert result.site is not None
    return result.site


def _sample_charts(site: Site, lang: str) -> list[Chart]:
    charts = [c for r in site.reports() for c in report_charts(r, lang)]
    charts += [c for o in site.organs for c in organ_charts(o, lang)]
    return charts + list(portal_charts(site, lang))


def _macro(templates: Templates, lang: str, c: Chart) -> str:
    strings = templates.strings[lang]
    module = templates.env.get_template(TEMPLATE).make_module({"s": strings.__getitem__, "lang": lang})
    return str(module.chart(c, lang))  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sample_chart_filled_is_the_macro_output(site: Site, lang: str) -> None:
    templates = Templates()
    skeletons = templates.chart_skeletons(lang)
    assert skeletons is not None
    with_narrow, without = skeletons
    charts = _sample_charts(site, lang)
    assert len(charts) > 20
    for c in [*charts, dataclasses.replace(charts[0], narrow="")]:
        filled = (with_narrow if c.narrow else without).fill(c)
        assert str(filled) == _macro(templates, lang, c), c.id


def test_text_of_a_chart_is_escaped_where_the_template_escapes_it(site: Site) -> None:
    templates = Templates()
    skeletons = templates.chart_skeletons("en")
    assert skeletons is not None
    c = dataclasses.replace(_sample_charts(site, "en")[0], id='x"y', title="<b>A & B</b>", summary="1 < 2")
    filled = skeletons[0].fill(c)
    assert str(filled) == _macro(templates, "en", c)
    soup = BeautifulSoup(str(filled), "html.parser")
    assert soup.select_one(".chart-title").get_text() == "<b>A & B</b>" and soup.select_one("b") is None
    assert soup.select_one("figure")["id"] == 'x"y' and soup.select_one(".chart-summary").get_text() == "1 < 2"
    assert soup.select_one("svg") is not None  # the drawing put in as it is


def test_an_override_chart_template_is_called_for_each_chart(tmp_path: Path) -> None:
    look = tmp_path / "look"
    look.mkdir()
    (look / TEMPLATE).write_text('{% macro chart(c, lang) %}<figure class="mine" data-lang="{{ lang }}">'
                                 '{{ s("chart_data") }}: {{ c.title }}</figure>{% endmacro %}\n', encoding="utf-8")
    content = ROOT / "content"
    validation, written = build(str(content), str(tmp_path / "site"), look, search=False, cache=False)
    assert written is not None, validation.diagnostics
    page = (tmp_path / "site" / "zh" / "pingtan" / "2022" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    mine = soup.select("figure.mine")
    assert mine and not soup.select("figure.chart")
    assert all(f["data-lang"] == "zh" and f.get_text().startswith("图表数据") for f in mine), mine[0]
