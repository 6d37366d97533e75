"""What every chart shares: the Chart and its data table, the charts' texts, labels, figures and chart data.

May import: what render may import, and render's own modules.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from generator.formats import Label
from generator.model import Report
from generator.render.charts.draw import Plot, draw
from generator.render.charts.labels import wrap
from generator.render.charts.svg import NARROW, inline_svg
from generator.render.narrative import shown_figure

Figure = int | Decimal | str
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a chart's data table; level 1 is a detail of the row above (a reason under 不予公开)."""

    label: str
    values: tuple[Figure, ...]
    level: int = 0


@dataclass(frozen=True, slots=True)
class DataTable:
    """The figures of a chart as a table: column headers (the first heads the row labels) and rows."""

    headers: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart ready to print: title, one-sentence summary, inline SVG, and the same figures as a table."""

    id: str
    title: str
    summary: str
    svg: str
    table: DataTable
    plot: Plot  # what the SVG draws
    section: str = ""  # where a report page shows it: a section id of the format, or "highlights"
    narrow: str = ""  # the same chart drawn for a phone's width (the page shows one of the two by the screen's width)


TEXTS: Mapping[str, Mapping[str, str]] = {
    "zh": {"outcomes": "{year}年申请办理结果", "applicants": "{year}年新收申请的申请人类型",
           "review": "{year}年行政复议、行政诉讼结果", "highlights": "主要数据与上年比较",
           "requests": "历年收到的政府信息公开申请", "mix": "历年办理结果构成",
           "corrected": "历年行政复议、行政诉讼纠错率", "organs": "{year}年各机关新收政府信息公开申请",
           "count": "件数", "outcome": "办理结果", "applicant": "申请人",
           "case": "类别", "year": "年度", "figure": "指标", "change": "变化", "new": "本年新收",
           "carried": "上年结转", "decided": "已审结", "rate": "纠错率", "organ": "机关", "share": "占比",
           "total": "总计", "year_label": "{year}年", "sep": "：", "absent": "本站未收录",
           "gap_note": "{years}年本站未收录报告，图中以“—”标示。"},
    "en": {"outcomes": "Outcomes of requests, {year}", "applicants": "New requests by type of applicant, {year}",
           "review": "Reconsideration and litigation outcomes, {year}", "highlights": "Key figures against last year",
           "requests": "Requests received, by year", "mix": "Outcomes of requests, by year",
           "corrected": "Reconsideration and litigation results corrected, by year",
           "organs": "New requests received by each organ, {year}", "count": "Requests", "outcome": "Outcome",
           "applicant": "Applicant", "case": "Kind of case", "year": "Year", "figure": "Figure", "change": "Change",
           "new": "New this year", "carried": "Carried over", "decided": "Decided", "rate": "Share corrected",
           "organ": "Organ", "share": "Share", "total": "Total", "year_label": "{year}", "sep": ": ",
           "absent": "Not on this site", "gap_note": " No report on this site for {years}, marked “—”."},
}


@functools.lru_cache(maxsize=1024)  # asked ~40,000 times a build for a few dozen texts
def text(lang: str, key: str, **fields: object) -> str:
    """A text of the charts in `lang` (Chinese for any language but English), with `fields` filled in."""
    return TEXTS["en" if lang == "en" else "zh"][key].format(**fields)


# --- labels and figures ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def short_label(label: Label, lang: str) -> str:
    """A form label without its numbering and trailing explanation: （二）部分公开（区分处理的…） → 部分公开."""
    text = label.get(lang)
    text = re.sub(r"^（[一二三四五六七八九十]+）|^\(\d+\)\s*", "", text)
    return re.sub(r"（[^（）]*）$|\s*\([^()]*\)$", "", text) or text


STRAIGHT = str.maketrans("“”‘’", "\"\"''")


def figure(report: Report, cell: str) -> int:
    """A cell of the report as a number for a chart: a blank counts as 0, as in the rules."""
    value = report.values.get(cell)
    if value.__class__ is int:  # most cells
        return value
    return int(value) if isinstance(value, int | Decimal) else 0


def once_per_report(fn: Callable[[Report], T]) -> Callable[[Report], T]:
    """`fn` computed once for a report while it lives: for figures that its page and its organ's page ask for in
    every language (a report does not change once loaded)."""
    found: dict[int, T] = {}

    @functools.wraps(fn)
    def once(report: Report) -> T:
        key = id(report)
        if key not in found:
            found[key] = fn(report)
            weakref.finalize(report, found.pop, key, None)  # forgotten with the report, before its id can be reused
        return found[key]

    return once


def new_requests(report: Report) -> int:
    """一、本年新收 of a report in a statutory format (总计 column)."""
    assert report.format is not None
    role = report.format.roles.requests
    return figure(report, role.cell(role.new_received))


def percent(part: float, whole: float, digits: int = 0) -> str:
    """`part` as a percentage of `whole` (— when whole is 0; <1% rather than 0% for a part that is not 0)."""
    if not whole:
        return "—"
    shown = f"{100 * part / whole:.{digits}f}"
    return f"<{1 / 10 ** digits:g}%" if part and float(shown) == 0 else f"{shown}%"


def count(n: Figure, lang: str) -> str:
    """A number of requests or cases as written in the summary (21件 in Chinese)."""
    return shown_figure(n) if lang == "en" else f"{shown_figure(n, lang)}件"


def make_chart(chart_id: str, lang: str, title: str, summary: str, kind: tuple[str, str],
               data: Sequence[Mapping[str, Any]], table: DataTable, section: str = "",
               names: Sequence[str] = ()) -> Chart:
    """A chart of `kind` (kind of drawing, axis title) from its data: the inline SVG and the data table."""
    if lang == "en":  # the chart font's curly quotes are full-width (CJK): English charts get straight ones
        rows = tuple({k: v.translate(STRAIGHT) if isinstance(v, str) else v for k, v in d.items()} for d in data)
        names = [name.translate(STRAIGHT) for name in names]
    else:
        rows = tuple(dict(d) for d in data)
    plot = Plot(kind[0], kind[1], rows, tuple(names))
    svg = inline_svg(draw(plot), chart_id, title, summary, text(lang, "sep"), drawn=True)
    narrow = inline_svg(draw(plot, NARROW), f"{chart_id}-narrow", title, summary, text(lang, "sep"), drawn=True)
    return Chart(chart_id, title, summary, svg, table, plot, section, narrow)


def bars(items: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
    """The data of a bar chart: one bar per (label, count)."""
    return [{"label": wrap(label), "value": n, "text": shown_figure(n)} for label, n in items]


def stack(rows: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> list[dict[str, Any]]:
    """The data of a stacked chart: one bar per label, one segment per (series, count) in order."""
    return [{"label": wrap(label), "series": series, "value": n, "order": i}
            for label, parts in rows for i, (series, n) in enumerate(parts)]


def listing(parts: Sequence[tuple[str, int]], total: int, lang: str) -> str:
    """The parts that are not 0, each with its count and share of `total`, for a summary sentence."""
    if lang == "en":
        return ", ".join(f"{label} {shown_figure(n)} ({percent(n, total)})" for label, n in parts if n)
    return "，".join(f"{label}{count(n, lang)}（{percent(n, total)}）" for label, n in parts if n)
