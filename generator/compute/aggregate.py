"""Aggregation (汇总): an organ's tables computed cell-wise from its member organs' reports, and compared with the
figures its own report states for the same year (a warning where they differ)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from generator.errors import Diagnostic
from generator.formats import Format, Label
from generator.formats.cells import cell_labels
from generator.model import AggregateYear, CellValue, Locations, Organ, Report

_MONEY = re.compile(r"([0-9]+(?:\.[0-9]+)?)(元|万元)")


def _money(values: Sequence[str]) -> str:
    """Amounts with their unit as printed ("75394432.52元", "1237.40万元") added up, in 元."""
    total = Decimal(0)
    for v in values:
        m = _MONEY.fullmatch(v)
        if m:
            total += Decimal(m.group(1)) * (10000 if m.group(2) == "万元" else 1)
    return f"{total.quantize(Decimal('0.01'))}元"


def cellwise_sum(fmt: Format, reports: Sequence[Report]) -> dict[str, CellValue]:
    """Every cell of the form summed over `reports`; blank where every report left it blank."""
    out: dict[str, CellValue] = {}
    for cell, kind in fmt.cell_types.items():
        given = [r.values.get(cell) for r in reports]
        filled = [v for v in given if v is not None]
        if not filled:
            out[cell] = None
        elif kind == "money_text":
            out[cell] = _money([str(v) for v in filled])
        else:
            out[cell] = sum(filled, start=0)
    return out


def _differences(fmt: Format, own: Report, summed: Mapping[str, CellValue], count: int) -> list[
        tuple[str, str, Label]]:
    """(first differing cell, message, the same for readers) per row where the aggregate's own figures differ from
    the members' sum."""
    out = []
    for table in fmt.tables.values():
        for row in table.rows:
            cells = [(col.id, cid) for col, cid in table.row_cells[row.id]]
            diff = [(col, own.values.get(cid), summed[cid]) for col, cid in cells
                    if own.values.get(cid) is not None and summed[cid] is not None and own.values[cid] != summed[cid]]
            if not diff:
                continue
            stated = ", ".join(f"{col} {a}" for col, a, _ in diff)
            added = ", ".join(f"{col} {b}" for col, _, b in diff)
            first = f"{table.id}.{row.id}.{diff[0][0]}"
            words = [(cell_labels(fmt, f"{table.id}.{row.id}.{col}"), a, b) for col, a, b in diff]
            public = Label("；".join(f"{w.zh}：本报告为{a}，{count}个成员单位报告之和为{b}" for w, a, b in words),
                           "; ".join(f"{w.en}: this report states {a}, its {count} members' reports add up to {b}"
                                     for w, a, b in words))
            out.append((first, f"{table.id}.{row.id}: the report states {stated}; "
                        f"its {count} members' reports add up to {added}", public))
    return out


def _year(organ: Organ, year: int, members: Mapping[str, Organ | None],
          diags: list[Diagnostic]) -> AggregateYear | None:
    own = organ.report(year)
    found = {m: o.report(year) if o is not None else None for m, o in members.items()}
    statutory = {m: r for m, r in found.items() if r is not None and r.format is not None}
    if not statutory:
        return None
    fmt = own.format if own is not None and own.format is not None else \
        max((r.format for r in statutory.values() if r.format), key=lambda f: f.first_report_year)
    summed_reports = {m: r for m, r in statutory.items() if r.format is not None and r.format.version == fmt.version}
    missing = tuple(m for m in members if m not in summed_reports)
    values = cellwise_sum(fmt, list(summed_reports.values()))
    differences: list[Label] = []
    if own is not None and own.format is not None:
        if missing:
            where = own.locations.tables
            diags.append(Diagnostic("note", "AGGREGATE_SUM", f"the sum of the members is not checkable: "
                                    f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no {year} "
                                    f"report in the {fmt.version} format", where.file, where.line, where.col,
                                    "add the members' reports, or correct `members` in organ.yaml"))
        else:
            for cell, message, public in _differences(fmt, own, values, len(summed_reports)):
                where = own.locate(cell)
                differences.append(public)
                diags.append(Diagnostic("warning", "AGGREGATE_SUM", message, where.file, where.line, where.col,
                                        "an aggregate (汇总) report should equal the sum of its members' tables; "
                                        "check the figures, or the list of `members` in organ.yaml"))
    return AggregateYear(year, fmt, values, tuple(summed_reports), missing, tuple(differences))


def aggregate(organ: Organ, members: Mapping[str, Organ | None], diags: list[Diagnostic]) -> Organ:
    """The organ with its aggregate years (one per year any member reported), differences warned about."""
    years = sorted({r.year for o in members.values() if o is not None for r in o.reports})
    found = [y for year in years if (y := _year(organ, year, members, diags)) is not None]
    return replace(organ, aggregates=tuple(found))


def aggregate_site(organs: Sequence[Organ | None], diags: list[Diagnostic]) -> list[Organ | None]:
    """Every organ, those with members (汇总) with their aggregate years computed from the validated members (a
    member whose organ.yaml has errors counts as one without reports)."""
    by_id = {o.id: o for o in organs if o is not None}
    return [aggregate(o, {m: by_id.get(m) for m in o.members}, diags) if o is not None and o.members else o
            for o in organs]


def figures(organ: Organ) -> Organ:
    """The organ as `aggregate_site` reads it: its reports' figures (and, for an aggregate, where they are written),
    without narratives or review. What `validate`, which needs no model, sends back between processes."""
    keep = bool(organ.members)
    reports = tuple(replace(r, highlights=(), discrepancies=(), narratives={}, notes={}, source={},
                            locations=r.locations if keep else Locations(r.locations.file)) for r in organ.reports)
    return replace(organ, reports=reports, review=())


def unlocated(organ: Organ) -> Organ:
    """The organ as a build keeps it after validation: where its figures are written only for an aggregate (the sum
    of its members is checked against its own figures afterwards); nothing else asks, and finding every position
    to send a report to another process or the cache costs a scan of its report.yaml (~0.4 ms)."""
    if organ.members:
        return organ
    return replace(organ, reports=tuple(replace(r, locations=Locations(r.locations.file)) for r in organ.reports))
