"""The charts of an organ page: trends over the years of its statutory reports (at least two years with data).

May import: what render may import, and render's own modules.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.compute.yoy import absent_years
from generator.model import Organ, Report
from generator.render.charts.common import (
    Chart,
    DataTable,
    Row,
    count,
    figure,
    make_chart,
    new_requests,
    percent,
    short_label,
    stack,
    text,
)
from generator.render.charts.report import outcome_groups, outcome_totals, review_figures
from generator.render.narrative import shown_figure


def _years(organ: Organ) -> list[Report]:
    return [r for r in organ.reports if r.format is not None]


def _gaps(shown: Sequence[int], reports: Sequence[Report]) -> tuple[int, ...]:
    """The years within the span of a chart's years that have no statutory report on the site: drawn as empty
    places marked "—", so that the years either side of a gap are not read as consecutive."""
    reported = {r.year for r in reports}
    return tuple(y for y in absent_years(list(shown)) if y not in reported)


def _gap_note(gaps: Sequence[int], lang: str) -> str:
    return text(lang, "gap_note", years=("、" if lang != "en" else ", ").join(map(str, gaps))) if gaps else ""


def _gap_rows(gaps: Sequence[int], lang: str, width: int) -> dict[int, Row]:
    """The data table's row of each gap year: "not on this site" in its first column."""
    return {y: Row(str(y), (text(lang, "absent"), *("",) * (width - 1))) for y in gaps}


def _requests(reports: Sequence[Report], lang: str) -> Chart | None:
    figures = []
    for r in reports:
        assert r.format is not None
        role = r.format.roles.requests
        figures.append((r.year, new_requests(r), figure(r, role.cell(role.carried_over))))
    if len(figures) < 2 or not any(a or b for _, a, b in figures):
        return None
    new, carried = text(lang, "new"), text(lang, "carried")
    first, last = figures[0], figures[-1]
    peak = max(figures, key=lambda f: f[1])
    carried_total = sum(b for _, _, b in figures)
    summary = (f"Over {len(figures)} years from {first[0]} to {last[0]}, new requests went from "
               f"{shown_figure(first[1])} to {shown_figure(last[1])}, peaking at {shown_figure(peak[1])} in {peak[0]}; "
               f"requests carried over from the previous year: {shown_figure(carried_total)} in all."
               if lang == "en" else
               f"{first[0]}年至{last[0]}年{len(figures)}个年度中，本年新收申请从{count(first[1], lang)}变为"
               f"{count(last[1], lang)}，最多为{peak[0]}年的{count(peak[1], lang)}；"
               f"上年结转申请合计{count(carried_total, lang)}。")
    gaps = _gaps([y for y, _, _ in figures], reports)
    rows = {y: Row(str(y), (a, b)) for y, a, b in figures} | _gap_rows(gaps, lang, 2)
    data = stack([(str(y), [(new, a), (carried, b)]) for y, a, b in figures])
    return make_chart("chart-requests", lang, text(lang, "requests"), summary + _gap_note(gaps, lang),
                      ("columns", text(lang, "count")), _with_gaps(data, gaps),
                      DataTable((text(lang, "year"), new, carried), tuple(rows[y] for y in sorted(rows))),
                      names=(new, carried))


def _with_gaps(data: Sequence[dict[str, object]], gaps: Sequence[int]) -> list[dict[str, object]]:
    """The data of a chart by year with an empty place for each gap year, in the order of the years."""
    places = [*data, *({"label": str(y), "value": 0, "order": 0, "gap": True} for y in gaps)]
    return sorted(places, key=lambda d: int(str(d["label"])))


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
    shares = [(year, percent(sum(n for _, n in parts[:2]), sum(n for _, n in parts))) for year, parts in named]
    both = f"{domain[0]}、{domain[1]}" if lang != "en" else f"{domain[0]} and {domain[1][:1].lower()}{domain[1][1:]}"
    summary = (f"{both} together: {shares[0][1]} of outcomes in {shares[0][0]}, {shares[-1][1]} in {shares[-1][0]}."
               if lang == "en" else
               f"{both}合计占办理结果的比例，{shares[0][0]}年为{shares[0][1]}，{shares[-1][0]}年为{shares[-1][1]}。")
    gaps = _gaps([int(year) for year, _ in named], reports)
    rows = {int(year): Row(year, tuple(dict(parts).get(label, 0) for label in domain)) for year, parts in named}
    rows |= _gap_rows(gaps, lang, len(domain))
    return make_chart("chart-outcome-mix", lang, text(lang, "mix"), summary + _gap_note(gaps, lang),
                      ("mix", text(lang, "share")), _with_gaps(stack(named), gaps),
                      DataTable((text(lang, "year"), *domain), tuple(rows[y] for y in sorted(rows))), names=domain)


def correction_rates(reports: Sequence[Report]) -> list[tuple[int, int, int]]:
    """(year, decided, corrected) over table 四 for each year with a decided case: 纠错率 = corrected / decided."""
    found = []
    for r in reports:
        assert r.format is not None
        role = r.format.roles.appeals
        parts = [dict((c.id, n) for c, n in outcomes) for _, outcomes in review_figures(r)]
        decided = sum(p[role.upheld] + p[role.corrected] + p[role.other] for p in parts)
        if decided:
            found.append((r.year, decided, sum(p[role.corrected] for p in parts)))
    return found


def _corrected(reports: Sequence[Report], lang: str) -> Chart | None:
    rates = correction_rates(reports)
    if len(rates) < 2:
        return None
    shown = [(y, percent(c, d, 1), c, d) for y, d, c in rates]
    summary = ("Share of decided reconsideration and litigation cases whose result was corrected: "
               + ", ".join(f"{y} {p} ({c} of {d})" for y, p, c, d in shown) + "." if lang == "en" else
               "纠错率（结果纠正的案件占已审结行政复议、行政诉讼案件的比例）："
               + "，".join(f"{y}年{p}（{d}件中{c}件）" for y, p, c, d in shown) + "。")
    fmt = reports[-1].format
    assert fmt is not None
    role = fmt.roles.appeals
    corrected = next(c.label for c in fmt.tables[role.table].columns if c.id == role.corrected).get(lang)
    data = [{"label": str(y), "value": c / d, "text": percent(c, d, 1)} for y, d, c in rates]
    gaps = _gaps([y for y, _, _ in rates], reports)
    rows = {y: Row(str(y), (d, c, percent(c, d, 1))) for y, d, c in rates} | _gap_rows(gaps, lang, 3)
    return make_chart("chart-corrected", lang, text(lang, "corrected"), summary + _gap_note(gaps, lang),
                      ("rate", text(lang, "rate")), _with_gaps(data, gaps),
                      DataTable((text(lang, "year"), text(lang, "decided"), corrected, text(lang, "rate")),
                                tuple(rows[y] for y in sorted(rows))))


def organ_charts(organ: Organ, lang: str) -> tuple[Chart, ...]:
    """The trend charts of an organ page, from its statutory reports."""
    reports = _years(organ)
    return tuple(c for c in (_requests(reports, lang), _mix(reports, lang), _corrected(reports, lang)) if c)
