"""Charts of a report, an organ and the portal: Altair specs, Vega-Lite JSON, inline SVG with a data table."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.formats import Axis, Format, Group, Label
from generator.model import Organ, Report, Site
from generator.render.charts import vega
from generator.render.charts.vega import template
from generator.render.narrative import shown_figure

Figure = int | Decimal | str
MAX_ORGANS = 30  # the portal chart shows the organs with the most requests


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
    spec: str  # the Vega-Lite JSON the SVG was rendered from (data inline)
    section: str = ""  # where a report page shows it: a section id of the format, or "highlights"


TEXTS: Mapping[str, Mapping[str, str]] = {
    "zh": {"outcomes": "{year}年申请办理结果", "applicants": "{year}年新收申请的申请人类型",
           "review": "{year}年行政复议、行政诉讼结果", "highlights": "主要数据与上年比较",
           "requests": "历年收到的政府信息公开申请", "mix": "历年办理结果构成",
           "corrected": "历年行政复议、行政诉讼纠错率", "organs": "{year}年各机关新收政府信息公开申请",
           "count": "件数", "outcome": "办理结果", "applicant": "申请人",
           "case": "类别", "year": "年度", "figure": "指标", "change": "变化", "new": "本年新收",
           "carried": "上年结转", "decided": "已审结", "rate": "纠错率", "organ": "机关", "share": "占比",
           "total": "总计", "year_label": "{year}年", "sep": "："},
    "en": {"outcomes": "Outcomes of requests, {year}", "applicants": "New requests by type of applicant, {year}",
           "review": "Reconsideration and litigation outcomes, {year}", "highlights": "Key figures against last year",
           "requests": "Requests received, by year", "mix": "Outcomes of requests, by year",
           "corrected": "Reconsideration and litigation results corrected, by year",
           "organs": "New requests received by each organ, {year}", "count": "Requests", "outcome": "Outcome",
           "applicant": "Applicant", "case": "Kind of case", "year": "Year", "figure": "Figure", "change": "Change",
           "new": "New this year", "carried": "Carried over", "decided": "Decided", "rate": "Share corrected",
           "organ": "Organ", "share": "Share", "total": "Total", "year_label": "{year}", "sep": ": "},
}


def _t(lang: str, key: str, **fields: object) -> str:
    return TEXTS["en" if lang == "en" else "zh"][key].format(**fields)


# --- labels and figures ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def short_label(label: Label, lang: str) -> str:
    """A form label without its numbering and trailing explanation: （二）部分公开（区分处理的…） → 部分公开."""
    text = label.get(lang)
    text = re.sub(r"^（[一二三四五六七八九十]+）|^\(\d+\)\s*", "", text)
    return re.sub(r"（[^（）]*）$|\s*\([^()]*\)$", "", text) or text


@functools.lru_cache(maxsize=65536)
def wrap(text: str, width: float = 12.0) -> str:
    """Break a label into lines of about `width` em (a CJK character is 1 em, a Latin letter about 0.55)."""
    lines, line, used = [], "", 0.0
    for token in re.findall(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\s+", text):
        size = len(token) if re.match(r"[\u2e80-\u9fff\uff00-\uffef]", token) else 0.55 * len(token.rstrip())
        if line.strip() and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0.0
        line, used = line + token, used + size + (0.3 if token.endswith(" ") else 0)
    return "\n".join([*lines, line.rstrip()])


def _n(report: Report, cell: str) -> int:
    value = report.values.get(cell)
    return int(value) if isinstance(value, int | Decimal) else 0  # a blank counts as 0, as in the rules


def _pct(part: float, whole: float, digits: int = 0) -> str:
    if not whole:
        return "—"
    shown = f"{100 * part / whole:.{digits}f}"
    return f"<{1 / 10 ** digits:g}%" if part and float(shown) == 0 else f"{shown}%"


def _count(n: Figure, lang: str) -> str:
    return shown_figure(n) if lang == "en" else f"{shown_figure(n)}件"


def outcome_groups(fmt: Format) -> list[tuple[Group | Axis, list[Axis]]]:
    """The outcome groups of table 三 (予以公开 … 其他处理) with their rows, in the form's order."""
    t3 = fmt.tables["t3"]
    results = next(r.groups[0].id for r in t3.rows if r.id == "results_total")
    groups: dict[str, tuple[Group | Axis, list[Axis]]] = {}
    for row in t3.rows:
        if row.groups and row.groups[0].id == results and row.id != "results_total":
            head = row.groups[1] if len(row.groups) > 1 else row
            groups.setdefault(head.id, (head, []))[1].append(row)
    return list(groups.values())


def outcome_totals(report: Report) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(group id, total, [(reason, count)]) per outcome group, from the 总计 column of table 三."""
    assert report.format is not None
    found = []
    for head, rows in outcome_groups(report.format):
        leaves = [(r.id, _n(report, f"t3.{r.id}.total")) for r in rows]
        found.append((head.id, sum(n for _, n in leaves), leaves))
    return found


def _chart(chart_id: str, lang: str, title: str, summary: str, kind: tuple[str, str],
           data: Sequence[Mapping[str, Any]], table: DataTable, section: str = "", names: Sequence[str] = ()) -> Chart:
    spec = vega.bind(template(kind[0], kind[1], len(names)), [dict(d) for d in data], tuple(names))
    svg = vega.inline_svg(vega.svg(spec), chart_id, title, summary, _t(lang, "sep"))
    return Chart(chart_id, title, summary, svg, table, spec, section)


def _bars(items: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"label": wrap(label), "value": n, "text": shown_figure(n)} for label, n in items]


def _stack(rows: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> list[dict[str, Any]]:
    return [{"label": wrap(label), "series": series, "value": n, "order": i}
            for label, parts in rows for i, (series, n) in enumerate(parts)]


def _listing(parts: Sequence[tuple[str, int]], total: int, lang: str) -> str:
    if lang == "en":
        return ", ".join(f"{label} {shown_figure(n)} ({_pct(n, total)})" for label, n in parts if n)
    return "，".join(f"{label}{_count(n, lang)}（{_pct(n, total)}）" for label, n in parts if n)


# --- report page -------------------------------------------------------------------------------------------


def _outcomes(report: Report, lang: str) -> Chart | None:
    assert report.format is not None
    t3 = report.format.tables["t3"]
    labels = {r.id: r.label for r in t3.rows}
    heads = {head.id: head for head, _ in outcome_groups(report.format)}
    groups = [(short_label(heads[gid].label, lang), total, leaves) for gid, total, leaves in outcome_totals(report)]
    total = sum(n for _, n, _ in groups)
    if not total:
        return None
    rows: list[Row] = []
    for label, n, leaves in groups:
        rows.append(Row(label, (n,)))
        rows.extend(Row(labels[leaf].get(lang), (count,), 1) for leaf, count in leaves if len(leaves) > 1)
    parts = [(label, n) for label, n, _ in groups]
    summary = (f"{report.year}年各项办理结果合计{_count(total, lang)}，其中{_listing(parts, total, lang)}。"
               if lang != "en" else
               f"The outcomes of {report.year} add up to {shown_figure(total)}: {_listing(parts, total, lang)}.")
    return _chart("chart-outcomes", lang, _t(lang, "outcomes", year=report.year), summary,
                  ("bars", _t(lang, "count")), _bars(parts),
                  DataTable((_t(lang, "outcome"), _t(lang, "count")), tuple(rows)), "s3_requests")


def _applicants(report: Report, lang: str) -> Chart | None:
    assert report.format is not None
    columns = [c for c in report.format.tables["t3"].columns if c.id != "total"]
    parts = [(c.label.get(lang), _n(report, f"t3.new_received.{c.id}")) for c in columns]
    total = sum(n for _, n in parts)
    if not total:
        return None
    summary = (f"{report.year}年新收申请{_count(total, lang)}，其中{_listing(parts, total, lang)}。" if lang != "en"
               else f"{shown_figure(total)} new requests in {report.year}: {_listing(parts, total, lang)}.")
    return _chart("chart-applicants", lang, _t(lang, "applicants", year=report.year), summary,
                  ("bars", _t(lang, "count")), _bars(parts),
                  DataTable((_t(lang, "applicant"), _t(lang, "count")), tuple(Row(lab, (n,)) for lab, n in parts)),
                  "s3_requests")


def review_figures(report: Report) -> list[tuple[Axis, list[tuple[Axis, int]]]]:
    """Table 四 without its 总计 column: (case kind, [(outcome, count)])."""
    assert report.format is not None
    t4 = report.format.tables["t4"]
    outcomes = [c for c in t4.columns if c.id != "total"]
    return [(row, [(c, _n(report, f"t4.{row.id}.{c.id}")) for c in outcomes]) for row in t4.rows]


def _review(report: Report, lang: str) -> Chart | None:
    figures = review_figures(report)
    if not any(n for _, parts in figures for _, n in parts):
        return None
    named = [(short_label(row.label, lang), [(c.label.get(lang), n) for c, n in parts]) for row, parts in figures]
    domain = tuple(label for label, _ in named[0][1])
    texts = []
    for label, parts in named:
        total = sum(n for _, n in parts)
        if total and lang == "en":
            texts.append(f"{label} {total} ({', '.join(f'{o} {n}' for o, n in parts if n)})")
        elif total:
            texts.append(f"{label}{total}件（{'、'.join(f'{o}{n}件' for o, n in parts if n)}）")
    summary = f"In {report.year}: {'; '.join(texts)}." if lang == "en" else f"{report.year}年{'；'.join(texts)}。"
    rows = tuple(Row(label, (*(n for _, n in parts), sum(n for _, n in parts))) for label, parts in named)
    return _chart("chart-review", lang, _t(lang, "review", year=report.year), summary,
                  ("stacked", _t(lang, "count")), _stack(named),
                  DataTable((_t(lang, "case"), *domain, _t(lang, "total")), rows), "s4_review_litigation", domain)


def _change(value: int | Decimal, previous: int | Decimal, lang: str) -> str:
    if value == previous:
        return "unchanged" if lang == "en" else "持平"
    if not previous:
        return "—"
    rate = f"{abs(100 * (Decimal(value) - Decimal(previous)) / Decimal(previous)):.1f}%"
    if lang == "en":
        return ("+" if value > previous else "−") + rate
    return ("增长" if value > previous else "下降") + rate


def _highlights(report: Report, lang: str) -> Chart | None:
    compared = [h for h in report.highlights if h.previous is not None]
    if not compared:
        return None
    this, last = _t(lang, "year_label", year=report.year), _t(lang, "year_label", year=report.year - 1)
    data, rows, texts = [], [], []
    for h in compared:
        assert h.previous is not None
        unit = h.unit.get(lang) if h.unit else ""

        def shown(v: int | Decimal, u: str = unit) -> str:
            return f"{shown_figure(v)} {u}".strip() if lang == "en" else f"{shown_figure(v)}{u}"

        top = max(h.value, h.previous) or 1
        label, change = wrap(h.label.get(lang), 13), _change(h.value, h.previous, lang)
        for series, v in ((last, h.previous), (this, h.value)):
            data.append({"label": label, "series": series, "value": float(v), "ratio": float(v / top),
                         "text": shown(v)})
        rows.append(Row(h.label.get(lang), (shown(h.previous), shown(h.value), change)))
        texts.append(f"{h.label.get(lang)} {shown(h.value)} ({last}: {shown(h.previous)}, {change})" if lang == "en"
                     else f"{h.label.get(lang)}{shown(h.value)}（上年{shown(h.previous)}，{change}）")
    summary = (f"Against {report.year - 1}: {'; '.join(texts)}." if lang == "en"
               else f"与{report.year - 1}年相比：{'；'.join(texts)}。")
    return _chart("chart-highlights", lang, _t(lang, "highlights"), summary, ("paired", ""), data,
                  DataTable((_t(lang, "figure"), last, this, _t(lang, "change")), tuple(rows)), "highlights",
                  (last, this))


def report_charts(report: Report, lang: str) -> tuple[Chart, ...]:
    """The charts of a report page: outcomes, applicants, table 四 (statutory formats), highlights (all)."""
    kinds: list[Callable[[Report, str], Chart | None]] = [_highlights]
    if report.format is not None:
        kinds = [_outcomes, _applicants, _review, _highlights]
    return tuple(c for c in (kind(report, lang) for kind in kinds) if c is not None)


# --- organ page: trends over the years of statutory reports (at least two years with data) ---------------------


def _years(organ: Organ) -> list[Report]:
    return [r for r in organ.reports if r.format is not None]


def _requests(reports: Sequence[Report], lang: str) -> Chart | None:
    figures = [(r.year, _n(r, "t3.new_received.total"), _n(r, "t3.carried_over.total")) for r in reports]
    if len(figures) < 2 or not any(a or b for _, a, b in figures):
        return None
    new, carried = _t(lang, "new"), _t(lang, "carried")
    first, last = figures[0], figures[-1]
    peak = max(figures, key=lambda f: f[1])
    carried_total = sum(b for _, _, b in figures)
    summary = (f"Over {len(figures)} years from {first[0]} to {last[0]}, new requests went from "
               f"{shown_figure(first[1])} to {shown_figure(last[1])}, peaking at {shown_figure(peak[1])} in {peak[0]}; "
               f"requests carried over from the previous year: {shown_figure(carried_total)} in all."
               if lang == "en" else
               f"{first[0]}年至{last[0]}年{len(figures)}个年度中，本年新收申请从{_count(first[1], lang)}变为"
               f"{_count(last[1], lang)}，最多为{peak[0]}年的{_count(peak[1], lang)}；"
               f"上年结转申请合计{_count(carried_total, lang)}。")
    data = _stack([(str(y), [(new, a), (carried, b)]) for y, a, b in figures])
    return _chart("chart-requests", lang, _t(lang, "requests"), summary,
                  ("columns", _t(lang, "count")), data,
                  DataTable((_t(lang, "year"), new, carried), tuple(Row(str(y), (a, b)) for y, a, b in figures)),
                  names=(new, carried))


def _mix(reports: Sequence[Report], lang: str) -> Chart | None:
    years = [(r, outcome_totals(r)) for r in reports]
    years = [(r, groups) for r, groups in years if sum(n for _, n, _ in groups)]
    if len(years) < 2:
        return None
    fmt = years[-1][0].format
    assert fmt is not None
    domain = tuple(dict.fromkeys(short_label(head.label, lang) for head, _ in outcome_groups(fmt)))
    named = []
    for r, groups in years:
        assert r.format is not None
        heads = {head.id: short_label(head.label, lang) for head, _ in outcome_groups(r.format)}
        named.append((str(r.year), [(heads[gid], n) for gid, n, _ in groups]))
    shares = [(year, _pct(sum(n for _, n in parts[:2]), sum(n for _, n in parts))) for year, parts in named]
    both = f"{domain[0]}、{domain[1]}" if lang != "en" else f"{domain[0]} and {domain[1][:1].lower()}{domain[1][1:]}"
    summary = (f"{both} together: {shares[0][1]} of outcomes in {shares[0][0]}, {shares[-1][1]} in {shares[-1][0]}."
               if lang == "en" else
               f"{both}合计占办理结果的比例，{shares[0][0]}年为{shares[0][1]}，{shares[-1][0]}年为{shares[-1][1]}。")
    rows = tuple(Row(year, tuple(dict(parts).get(label, 0) for label in domain)) for year, parts in named)
    return _chart("chart-outcome-mix", lang, _t(lang, "mix"), summary, ("mix", _t(lang, "share")),
                  _stack(named), DataTable((_t(lang, "year"), *domain), rows), names=domain)


def correction_rates(reports: Sequence[Report]) -> list[tuple[int, int, int]]:
    """(year, decided, corrected) over table 四 for each year with a decided case: 纠错率 = corrected / decided."""
    found = []
    for r in reports:
        parts = [dict((c.id, n) for c, n in outcomes) for _, outcomes in review_figures(r)]
        decided = sum(p["upheld"] + p["corrected"] + p["other"] for p in parts)
        if decided:
            found.append((r.year, decided, sum(p["corrected"] for p in parts)))
    return found


def _corrected(reports: Sequence[Report], lang: str) -> Chart | None:
    rates = correction_rates(reports)
    if len(rates) < 2:
        return None
    listing = [(y, _pct(c, d, 1), c, d) for y, d, c in rates]
    summary = ("Share of decided reconsideration and litigation cases whose result was corrected: "
               + ", ".join(f"{y} {p} ({c} of {d})" for y, p, c, d in listing) + "." if lang == "en" else
               "纠错率（结果纠正的案件占已审结行政复议、行政诉讼案件的比例）："
               + "，".join(f"{y}年{p}（{d}件中{c}件）" for y, p, c, d in listing) + "。")
    fmt = reports[-1].format
    assert fmt is not None
    corrected = next(c.label for c in fmt.tables["t4"].columns if c.id == "corrected").get(lang)
    data = [{"label": str(y), "value": c / d, "text": _pct(c, d, 1)} for y, d, c in rates]
    return _chart("chart-corrected", lang, _t(lang, "corrected"), summary, ("rate", _t(lang, "rate")), data,
                  DataTable((_t(lang, "year"), _t(lang, "decided"), corrected, _t(lang, "rate")),
                            tuple(Row(str(y), (d, c, _pct(c, d, 1))) for y, d, c in rates)))


def organ_charts(organ: Organ, lang: str) -> tuple[Chart, ...]:
    """The trend charts of an organ page, from its statutory reports."""
    reports = _years(organ)
    return tuple(c for c in (_requests(reports, lang), _mix(reports, lang), _corrected(reports, lang)) if c)


# --- portal ------------------------------------------------------------------------------------------------


def portal_year(site: Site) -> int | None:
    """The latest year in which at least two organs have a statutory report (a comparison needs two)."""
    counts: dict[int, int] = {}
    for r in site.reports():
        if r.format is not None:
            counts[r.year] = counts.get(r.year, 0) + 1
    return max((y for y, n in counts.items() if n >= 2), default=None)


def portal_charts(site: Site, lang: str) -> tuple[Chart, ...]:
    """The portal chart: new requests received by each organ in the latest year that compares two or more."""
    year = portal_year(site)
    if year is None:
        return ()
    figures = sorted(((o.name.get(lang), _n(r, "t3.new_received.total")) for o in site.organs for r in o.reports
                      if r.year == year and r.format is not None), key=lambda f: (-f[1], f[0]))
    total = sum(n for _, n in figures)
    if not total:
        return ()
    shown = figures[:MAX_ORGANS]
    top = shown[0]
    more = len(figures) > len(shown)
    summary = (f"{shown_figure(total)} new requests to {len(figures)} organs in {year}; the most went to {top[0]} "
               f"({shown_figure(top[1])})." + (f" The {len(shown)} organs with the most are shown." if more else "")
               if lang == "en" else
               f"{year}年{len(figures)}个机关共新收申请{_count(total, lang)}，"
               f"最多的是{top[0]}（{_count(top[1], lang)}）。"
               + (f"图中列出最多的{len(shown)}个机关。" if more else ""))
    return (_chart("chart-organs", lang, _t(lang, "organs", year=year), summary, ("bars", _t(lang, "count")),
                   _bars(shown), DataTable((_t(lang, "organ"), _t(lang, "count")),
                                                 tuple(Row(name, (n,)) for name, n in shown))),)
