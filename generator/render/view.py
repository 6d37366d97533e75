"""A report rendered once per language: its narrative HTML and charts, shown by its page and by its PDF alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from generator.model import Report
from generator.render.charts.common import Chart
from generator.render.charts.report import report_charts
from generator.render.narrative import narrative_html


@dataclass(frozen=True)
class ReportView:
    """One report in one language: narrative parts as HTML, charts by section, and whether it has a narrative."""

    parts: Mapping[str, Markup]  # section id → narrative HTML
    charts: Mapping[str, list[Chart]]  # section id (or "highlights") → charts
    has_narrative: bool


def charts_by_section(report: Report, lang: str) -> dict[str, list[Chart]]:
    """The charts of a report, each under the section whose figures it shows (or "highlights")."""
    charts: dict[str, list[Chart]] = {}
    for chart in report_charts(report, lang):
        charts.setdefault(chart.section, []).append(chart)
    return charts


def report_view(report: Report, lang: str) -> ReportView:
    """The narrative HTML and charts of a report in one language, made once for its page and its PDF."""
    narrative = report.narratives.get(lang)
    parts = {p.section: Markup(narrative_html(p.markdown, report, lang)) for p in narrative.parts} if narrative else {}
    return ReportView(parts, charts_by_section(report, lang), narrative is not None)
