"""The portal's chart: new requests received by each organ in the latest year that compares two or more.

May import: what render may import, and render's own modules.
"""

from __future__ import annotations

from generator.model import Site
from generator.render.charts.common import Chart, DataTable, Row, bars, count, make_chart, new_requests, text
from generator.render.narrative import shown_figure

MAX_ORGANS = 30  # the portal chart shows the organs with the most requests


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
    figures = sorted(((o.name.get(lang), new_requests(r)) for o in site.organs for r in o.reports
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
               f"{year}年{len(figures)}个机关共新收申请{count(total, lang)}，"
               f"最多的是{top[0]}（{count(top[1], lang)}）。"
               + (f"图中列出最多的{len(shown)}个机关。" if more else ""))
    return (make_chart("chart-organs", lang, text(lang, "organs", year=year), summary, ("bars", text(lang, "count")),
                       bars(shown), DataTable((text(lang, "organ"), text(lang, "count")),
                                              tuple(Row(name, (n,)) for name, n in shown))),)
