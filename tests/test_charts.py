"""Charts: their figures equal the model's, the SVG is text in the page's language, accessible, cached, and a missing
CJK font stops the build.

The figures are checked against the model (report.values) through each chart's Plot; tests/test_draw.py checks
that the SVG draws its Plot.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.build.pipeline import check
from generator.model import Report, Site
from generator.render.charts import font
from generator.render.charts.common import Chart
from generator.render.charts.organ import organ_charts
from generator.render.charts.portal import portal_charts, portal_year
from generator.render.charts.report import report_charts

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
LANGS = ("zh", "en")
TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)


@pytest.fixture(scope="module")
def site() -> Site:
    result = check(str(CONTENT))
    assert result.site is not None
    return result.site


def statutory(site: Site) -> list[Report]:
    return [r for r in site.reports() if r.format is not None]


def by_id(found: tuple[Chart, ...]) -> dict[str, Chart]:
    return {c.id: c for c in found}


def data(chart: Chart) -> list[dict[str, Any]]:
    return [dict(d) for d in chart.plot.data]


def texts(svg: str) -> list[str]:
    """The text of every <text> element of an SVG (multi-line labels joined)."""
    return [re.sub(r"<[^>]+>", "", t) for t in TEXT.findall(svg)]


def n(report: Report, cell: str) -> int:
    value = report.values[cell]
    return int(value) if value is not None else 0


def outcome_rows(report: Report) -> dict[str, list[str]]:
    """Outcome group → its rows of table 三, read from the format's row groups (a row alone is its own group)."""
    assert report.format is not None
    groups: dict[str, list[str]] = {}
    for row in report.format.tables["t3"].rows:
        if row.groups and row.id != "results_total":
            groups.setdefault(row.groups[1].id if len(row.groups) > 1 else row.id, []).append(row.id)
    return groups


# --- the figures are the model's ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_outcome_chart_is_the_sum_of_each_group_in_the_total_column(site: Site, lang: str) -> None:
    for report in statutory(site):
        chart = by_id(report_charts(report, lang))["chart-outcomes"]
        groups = outcome_rows(report)
        expected = [sum(n(report, f"t3.{row}.total") for row in rows) for rows in groups.values()]
        assert len(expected) == (6 if report.format and report.format.version in ("2019", "2021") else 0)
        assert [d["value"] for d in data(chart)] == expected, (report.organ, report.year)
        heads = [r for r in chart.table.rows if r.level == 0]
        assert [r.values[0] for r in heads] == expected
        details = [r.values[0] for r in chart.table.rows if r.level == 1]  # the reasons, for groups of several rows
        assert details == [n(report, f"t3.{row}.total") for rows in groups.values() if len(rows) > 1 for row in rows]


def test_the_outcome_chart_keeps_the_published_rows_where_the_total_differs(site: Site) -> None:
    """平潭 2020 prints （七）总计 21 while its outcome rows add up to 27 (acknowledged): the chart shows the rows."""
    report = next(r for r in site.reports() if (r.organ, r.year) == ("pingtan", 2020))
    chart = by_id(report_charts(report, "zh"))["chart-outcomes"]
    assert sum(d["value"] for d in data(chart)) == 27 != report.values["t3.results_total.total"]
    assert "合计27件" in chart.summary


@pytest.mark.parametrize("lang", LANGS)
def test_applicant_chart_is_the_new_requests_row(site: Site, lang: str) -> None:
    for report in statutory(site):
        chart = by_id(report_charts(report, lang))["chart-applicants"]
        cols = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"]
        expected = [n(report, f"t3.new_received.{c}") for c in cols]
        assert [d["value"] for d in data(chart)] == expected
        assert [r.values[0] for r in chart.table.rows] == expected
        assert sum(expected) == n(report, "t3.new_received.total")


@pytest.mark.parametrize("lang", LANGS)
def test_review_chart_is_table_four(site: Site, lang: str) -> None:
    for report in statutory(site):
        found = by_id(report_charts(report, lang))
        outcomes = ["upheld", "corrected", "other", "pending"]
        groups = ["review", "lit_direct", "lit_after_review"]
        if not any(n(report, f"t4.{g}.{o}") for g in groups for o in outcomes):
            assert "chart-review" not in found  # nothing to draw: no chart
            continue
        chart = found["chart-review"]
        assert [d["value"] for d in data(chart)] == [n(report, f"t4.{g}.{o}") for g in groups for o in outcomes]
        assert [list(r.values) for r in chart.table.rows] == [
            [*(n(report, f"t4.{g}.{o}") for o in outcomes), n(report, f"t4.{g}.total")] for g in groups]


def test_charts_skip_what_has_no_data(site: Site) -> None:
    pingtan_2020 = next(r for r in site.reports() if (r.organ, r.year) == ("pingtan", 2020))
    assert [c.id for c in report_charts(pingtan_2020, "zh")] == [
        "chart-outcomes", "chart-applicants", "chart-highlights"]  # table 四 is all zeros
    shenzhen = next(r for r in site.reports() if r.organ == "shenzhen")
    assert report_charts(shenzhen, "zh") == ()  # legacy, no highlight with a previous value
    office = next(o for o in site.organs if o.id == "guangzhou-office")
    assert organ_charts(office, "zh") == ()  # one year: no trend


@pytest.mark.parametrize("lang", LANGS)
def test_highlight_chart_pairs_last_year_and_this_year(site: Site, lang: str) -> None:
    shown = 0
    for report in site.reports():
        compared = [h for h in report.highlights if h.previous is not None]
        found = by_id(report_charts(report, lang))
        if not compared:
            assert "chart-highlights" not in found
            continue
        chart = found["chart-highlights"]
        assert [d["value"] for d in data(chart)] == [float(v) for h in compared for v in (h.previous, h.value)]
        assert [r.label for r in chart.table.rows] == [h.label.get(lang) for h in compared]
        shown += 1
    assert shown == 3  # 广州 2019 (legacy), 平潭 2020 and 2021


@pytest.mark.parametrize("lang", LANGS)
def test_organ_trends(site: Site, lang: str) -> None:
    pingtan = next(o for o in site.organs if o.id == "pingtan")
    found = by_id(organ_charts(pingtan, lang))
    assert list(found) == ["chart-requests", "chart-outcome-mix", "chart-corrected"]
    reports = [r for r in pingtan.reports if r.format is not None]
    absent = "Not on this site" if lang == "en" else "本站未收录"
    # the sample has no report of 2023 and 2024: each trend shows them as places marked "—", not as neighbours
    gap = {"2023": (absent, ""), "2024": (absent, "")}
    assert [(r.label, *r.values) for r in found["chart-requests"].table.rows] == [
        (str(r.year), n(r, "t3.new_received.total"), n(r, "t3.carried_over.total")) for r in reports[:4]] + [
        ("2023", *gap["2023"]), ("2024", *gap["2024"]), ("2025", n(reports[4], "t3.new_received.total"),
                                                         n(reports[4], "t3.carried_over.total"))]
    for chart in found.values():
        assert [d["label"] for d in data(chart) if d.get("gap")] == ["2023", "2024"]
        assert chart.summary.endswith("2023、2024年本站未收录报告，图中以“—”标示。" if lang == "zh" else
                                      " No report on this site for 2023, 2024, marked “—”.")
        assert chart.svg.count(">—<") == chart.narrow.count(">—<") == 2
    mix = found["chart-outcome-mix"]
    shown = [r for r in mix.table.rows if r.values[0] != absent]
    assert [list(r.values) for r in shown] == [
        [sum(n(r, f"t3.{row}.total") for row in rows) for rows in outcome_rows(r).values()] for r in reports]
    assert [d["value"] for d in data(mix) if not d.get("gap")] == [v for row in shown for v in row.values]
    # 纠错率 = corrected / (upheld + corrected + other) over the three kinds of case; years with none decided skipped
    expected = []
    for r in reports:
        kinds = ("review", "lit_direct", "lit_after_review")
        decided = sum(n(r, f"t4.{k}.{o}") for k in kinds for o in ("upheld", "corrected", "other"))
        if decided:
            expected.append((str(r.year), decided, sum(n(r, f"t4.{k}.corrected") for k in kinds)))
    rates = found["chart-corrected"]
    assert [(r.label, *r.values[:2]) for r in rates.table.rows if r.values[0] != absent] == expected == [
        ("2021", 15, 0), ("2022", 3, 1), ("2025", 45, 6)]
    assert [d["value"] for d in data(rates) if not d.get("gap")] == [c / d for _, d, c in expected]


@pytest.mark.parametrize("lang", LANGS)
def test_portal_compares_the_latest_year_with_two_organs(site: Site, lang: str) -> None:
    (chart,) = portal_charts(site, lang)
    assert portal_year(site) == 2020
    expected = sorted(((o.name.get(lang), n(r, "t3.new_received.total")) for o in site.organs for r in o.reports
                       if r.year == 2020 and r.format is not None), key=lambda f: -f[1])
    assert [(r.label, r.values[0]) for r in chart.table.rows] == expected == [
        (next(o.name.get(lang) for o in site.organs if o.id == "guangzhou-office"), 473),
        (next(o.name.get(lang) for o in site.organs if o.id == "pingtan"), 21)]
    assert [d["value"] for d in data(chart)] == [v for _, v in expected]


# --- the SVG -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "labels"), [
    ("zh", ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理", "件数"]),
    ("en", ["Disclosed", "Partially disclosed", "Disclosure refused", "Cannot be provided", "Not processed",
            "Other handling", "Requests"]),
])
def test_svg_labels_are_text_in_the_page_language(site: Site, lang: str, labels: list[str]) -> None:
    report = next(r for r in site.reports() if (r.organ, r.year) == ("pingtan", 2025))
    found = by_id(report_charts(report, lang))
    shown = texts(found["chart-outcomes"].svg)
    assert all(label in shown for label in labels), shown
    assert any(label == "结果维持" if lang == "zh" else label == "Upheld" for label in texts(found["chart-review"].svg))
    other = "Disclosed" if lang == "zh" else "予以公开"
    assert not any(other in t for t in shown)
    assert f'font-family="{font.FONT_FAMILY}"' in found["chart-outcomes"].svg


def test_svg_is_accessible_self_contained_and_scales(site: Site) -> None:
    for report in site.reports():
        for lang in LANGS:
            for chart in report_charts(report, lang):
                svg = chart.svg
                root = re.match(r"<svg\b[^>]*>", svg)
                assert root is not None
                assert 'role="img"' in root.group(0)
                assert f'aria-label="{chart.title}' in root.group(0)
                assert re.search(r'viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"', root.group(0))
                assert f"<title>{chart.title}</title>" in svg and "<desc>" in svg
                assert svg.count("role=") == 1 and "aria-roledescription" not in svg  # the marks are not read out
                assert not re.search(r"(?i)<image|@font-face|@import|href=\"(?!#)|url\((?!#)", svg)
                for ref in re.findall(r'url\(#([^)]+)\)|id="([^"]+)"', svg):
                    assert (ref[0] or ref[1]).startswith(chart.id + "-")  # unique on a page of several charts
                width = float(re.findall(r'viewBox="0 0 ([\d.]+)', svg)[0])
                assert width <= 560


def test_summary_is_one_sentence_from_the_figures(site: Site) -> None:
    report = next(r for r in site.reports() if (r.organ, r.year) == ("pingtan", 2021))
    zh = by_id(report_charts(report, "zh"))["chart-applicants"].summary
    en = by_id(report_charts(report, "en"))["chart-applicants"].summary
    assert zh == "2021年新收申请70件，其中自然人64件（91%），社会公益组织2件（3%），其他4件（6%）。"
    assert en == ("70 new requests in 2021: Natural persons 64 (91%), Public-interest organizations 2 (3%), "
                  "Other organizations 4 (6%).")


def test_font_families_are_read_from_the_collection() -> None:
    assert font.FONT_FAMILY in font.font_families(Path(font.DEFAULT_FONT_DIR) / "NotoSansCJK-Regular.ttc")
    assert font.check_font(Path(font.DEFAULT_FONT_DIR)) == Path(font.DEFAULT_FONT_DIR)


def test_a_missing_font_is_an_error_that_names_it(tmp_path: Path) -> None:
    with pytest.raises(font.ChartFontError) as caught:
        font.check_font(tmp_path)
    assert str(caught.value) == f"the chart font “Noto Sans CJK SC” was not found in {tmp_path} (the default font folder)"
    assert "apt-get install fonts-noto-cjk" in caught.value.hint


def test_build_fails_without_the_cjk_font(tmp_path: Path) -> None:
    empty = tmp_path / "fonts"
    empty.mkdir()
    out = tmp_path / "site"
    env = {"GOVREPORT_FONT_DIR": str(empty), "GOVREPORT_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "generator", "build", str(CONTENT), "-o", str(out), "--no-search"],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert (f"error[CHART_FONT]: the chart font “Noto Sans CJK SC” was not found in {empty} (GOVREPORT_FONT_DIR)"
            in done.stderr.splitlines())
    assert "  hint: install it with `apt-get install fonts-noto-cjk`" in done.stderr
    assert not out.exists()
