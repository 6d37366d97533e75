"""Pages across years and organs: the timeliness dashboards, each organ's review page (cross-year checks and
雷同), and the computed pages of an aggregate organ's years without a report of its own (集中公开)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.compute.timeliness import counts, dashboard, years
from generator.formats import Label
from generator.model import AggregateYear, Organ, Report, Site

__all__ = ["TEMPLATES", "aggregate_year", "members_of", "organ_context", "organ_files", "timeliness_files", "years"]
from generator.compute.yoy import yoy_table

if TYPE_CHECKING:
    from generator.render.templates import PageMaker

TEMPLATES = ("timeliness.html.j2", "timeliness_index.html.j2", "review.html.j2", "aggregate.html.j2",
             "_members.html.j2")


def _alternates(site: Site, path: str) -> dict[str, str]:
    """The same page in every language: `path` is written with `{lang}`."""
    return {lang: path.format(lang=lang) for lang in site.languages}


def members_of(site: Site, organ: Organ, year: int) -> list[tuple[Organ, Report | None]]:
    """The member organs of an aggregate with their report of `year` (None: no report)."""
    if not organ.members:  # most organs aggregate nothing: no index of the site's organs for every report page
        return []
    by_id = {o.id: o for o in site.organs}
    return [(by_id[m], by_id[m].report(year)) for m in organ.members if m in by_id]


def aggregate_year(organ: Organ, year: int) -> AggregateYear | None:
    """The organ's computed aggregate of `year`, if it has members that reported."""
    return next((a for a in organ.aggregates if a.year == year), None)


def _part_title(organ: Organ, year: int, section: str) -> Label:
    """The title of a narrative part: the format's canonical title, or the author's heading (legacy reports)."""
    report = organ.report(year)
    if report is not None and report.format is not None and any(s.id == section for s in report.format.sections):
        return report.format.section(section).label
    for narrative in report.narratives.values() if report is not None else ():
        part = narrative.part(section)
        if part is not None:
            return Label(part.heading, part.heading)
    return Label(section, section)


def organ_context(organ: Organ) -> dict[str, Any]:
    """Extra context of the organ page: the year-over-year table and the computed aggregate years."""
    own = {r.year for r in organ.reports}
    return {"yoy": yoy_table(organ), "computed_years": [a.year for a in organ.aggregates if a.year not in own]}


def timeliness_files(renderer: PageMaker) -> dict[str, bytes]:
    """The timeliness dashboard of every year, and their index, in every language."""
    site = renderer.site
    files: dict[str, bytes] = {}
    all_years = years(site)
    boards = {year: dashboard(site, year) for year in all_years}
    for lang in site.languages:
        here = f"{lang}/timeliness/index.html"
        files[here] = renderer.page(here, "timeliness_index.html.j2", lang,
                                    _alternates(site, "{lang}/timeliness/index.html"),
                                    years=[(y, counts(boards[y])) for y in all_years])
        for year, entries in boards.items():
            here = f"{lang}/timeliness/{year}/index.html"
            files[here] = renderer.page(here, "timeliness.html.j2", lang,
                                        _alternates(site, f"{{lang}}/timeliness/{year}/index.html"), year=year,
                                        entries=entries, counts=counts(entries))
    return files


def organ_files(renderer: PageMaker, organ: Organ) -> dict[str, bytes]:
    """The organ's review page, and a page for each computed aggregate year without a report of its own."""
    site = renderer.site
    files: dict[str, bytes] = {}
    titles: dict[tuple[int, str], Label] = {}  # each part of each year is a row of the page in every language

    def part_title(year: int, section: str) -> Label:
        if (year, section) not in titles:
            titles[year, section] = _part_title(organ, year, section)
        return titles[year, section]

    for lang in site.languages:
        here = f"{lang}/{organ.id}/review/index.html"
        files[here] = renderer.page(here, "review.html.j2", lang,
                                    _alternates(site, f"{{lang}}/{organ.id}/review/index.html"), organ=organ,
                                    reviews=sorted(organ.review, key=lambda r: -r.year),
                                    part_title=part_title)
    own = {r.year for r in organ.reports}
    for agg in organ.aggregates:
        if agg.year in own:
            continue
        report = Report(organ.id, agg.year, agg.format, None, "aggregate", organ.name, agg.values, frozenset(), {},
                        (), (), {})
        for lang in site.languages:
            here = f"{lang}/{organ.id}/{agg.year}/index.html"
            tables = {section: [t.fill(report) for t in ts]
                      for section, ts in renderer.skeletons(agg.format, lang).items()}
            files[here] = renderer.page(here, "aggregate.html.j2", lang,
                                        _alternates(site, f"{{lang}}/{organ.id}/{agg.year}/index.html"),
                                        organ=organ, agg=agg, tables=tables,
                                        members=members_of(site, organ, agg.year))
    return files
