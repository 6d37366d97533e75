"""The charts of a report page: outcomes and applicants (table 三), table 四, and highlights against last year.

May import: what render may import, and render's own modules.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from generator.formats import Axis, Format, Group
from generator.model import Report
from generator.render.charts.common import (
    Chart,
    DataTable,
    Row,
    bars,
    count,
    figure,
    listing,
    make_chart,
    once_per_report,
    short_label,
    stack,
    text,
)
from generator.render.charts.labels import wrap
from generator.render.narrative import shown_figure

_GROUPS: dict[int, tuple[Format, tuple[tuple[Group | Axis, tuple[Axis, ...]], ...]]] = {}


def outcome_groups(fmt: Format) -> tuple[tuple[Group | Axis, tuple[Axis, ...]], ...]:
    """The outcome groups of table 三 (予以公开 … 其他处理) with their rows, in the form's order (found once a format:
    every chart of outcomes, of a report or of an organ, asks)."""
    if id(fmt) not in _GROUPS:
        _GROUPS[id(fmt)] = (fmt, _outcome_groups(fmt))  # the format is kept alive, so its id stays its own
    return _GROUPS[id(fmt)][1]


def _outcome_groups(fmt: Format) -> tuple[tuple[Group | Axis, tuple[Axis, ...]], ...]:
    role = fmt.roles.requests
    t3 = fmt.tables[role.table]
    results = next(r.groups[0].id for r in t3.rows if r.id == role.results_total)  # 三、本年度办理结果
    groups: dict[str, tuple[Group | Axis, list[Axis]]] = {}
    for row in t3.rows:
        if row.groups and row.groups[0].id == results and row.id != role.results_total:
            head = row.groups[1] if len(row.groups) > 1 else row
            groups.setdefault(head.id, (head, []))[1].append(row)
    return tuple((head, tuple(rows)) for head, rows in groups.values())


@once_per_report
def outcome_totals(report: Report) -> tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...]:
    """(group id, total, [(reason, count)]) per outcome group, from the 总计 column of table 三."""
    assert report.format is not None
    role = report.format.roles.requests
    found = []
    for head, rows in outcome_groups(report.format):
        leaves = tuple((r.id, figure(report, role.cell(r.id))) for r in rows)
        found.append((head.id, sum(n for _, n in leaves), leaves))
    return tuple(found)


def _outcomes(report: Report, lang: str) -> Chart | None:
    assert report.format is not None
    role = report.format.roles.requests
    labels = {r.id: r.label for r in report.format.tables[role.table].rows}
    heads = {head.id: head for head, _ in outcome_groups(report.format)}
    groups = [(short_label(heads[gid].label, lang), total, leaves) for gid, total, leaves in outcome_totals(report)]
    total = sum(n for _, n, _ in groups)
    if not total:
        return None
    rows: list[Row] = []
    for label, n, leaves in groups:
        rows.append(Row(label, (n,)))
        rows.extend(Row(labels[leaf].get(lang), (k,), 1) for leaf, k in leaves if len(leaves) > 1)
    parts = [(label, n) for label, n, _ in groups]
    summary = (f"{report.year}年各项办理结果合计{count(total, lang)}，其中{listing(parts, total, lang)}。"
               if lang != "en" else
               f"The outcomes of {report.year} add up to {shown_figure(total)}: {listing(parts, total, lang)}.")
    return make_chart("chart-outcomes", lang, text(lang, "outcomes", year=report.year), summary,
                      ("bars", text(lang, "count")), bars(parts),
                      DataTable((text(lang, "outcome"), text(lang, "count")), tuple(rows)), role.section)


def _applicants(report: Report, lang: str) -> Chart | None:
    assert report.format is not None
    role = report.format.roles.requests
    columns = [c for c in report.format.tables[role.table].columns if c.id != role.total]
    parts = [(c.label.get(lang), figure(report, f"{role.table}.{role.new_received}.{c.id}")) for c in columns]
    total = sum(n for _, n in parts)
    if not total:
        return None
    summary = (f"{report.year}年新收申请{count(total, lang)}，其中{listing(parts, total, lang)}。" if lang != "en"
               else f"{shown_figure(total)} new requests in {report.year}: {listing(parts, total, lang)}.")
    return make_chart("chart-applicants", lang, text(lang, "applicants", year=report.year), summary,
                      ("bars", text(lang, "count")), bars(parts),
                      DataTable((text(lang, "applicant"), text(lang, "count")),
                                tuple(Row(lab, (n,)) for lab, n in parts)), role.section)


@once_per_report
def review_figures(report: Report) -> tuple[tuple[Axis, tuple[tuple[Axis, int], ...]], ...]:
    """Table 四 without its 总计 column: (case kind, [(outcome, count)])."""
    assert report.format is not None
    role = report.format.roles.appeals
    t4 = report.format.tables[role.table]
    outcomes = [c for c in t4.columns if c.id != role.total]
    return tuple((row, tuple((c, figure(report, f"{t4.id}.{row.id}.{c.id}")) for c in outcomes)) for row in t4.rows)


def _review(report: Report, lang: str) -> Chart | None:
    assert report.format is not None
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
    return make_chart("chart-review", lang, text(lang, "review", year=report.year), summary,
                      ("stacked", text(lang, "count")), stack(named),
                      DataTable((text(lang, "case"), *domain, text(lang, "total")), rows),
                      report.format.roles.appeals.section, domain)


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
    this, last = text(lang, "year_label", year=report.year), text(lang, "year_label", year=report.year - 1)
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
    return make_chart("chart-highlights", lang, text(lang, "highlights"), summary, ("paired", ""), data,
                      DataTable((text(lang, "figure"), last, this, text(lang, "change")), tuple(rows)), "highlights",
                      (last, this))


def report_charts(report: Report, lang: str) -> tuple[Chart, ...]:
    """The charts of a report page: outcomes, applicants, table 四 (statutory formats), highlights (all)."""
    kinds: list[Callable[[Report, str], Chart | None]] = [_highlights]
    if report.format is not None:
        kinds = [_outcomes, _applicants, _review, _highlights]
    return tuple(c for c in (kind(report, lang) for kind in kinds) if c is not None)
