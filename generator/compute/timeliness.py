"""Timeliness (及时性): every organ's report of a year as on time, late or missing against its statutory deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import formats
from generator.model import Organ, Site

ON_TIME, LATE, MISSING, UNKNOWN = "on_time", "late", "missing", "unknown"


@dataclass(frozen=True)
class Entry:
    """One organ in one year's dashboard."""

    organ: Organ
    status: str  # on_time | late | missing | unknown (published date not stated)
    deadline: dt.date
    published: dt.date | None
    days_late: int


def deadline(organ: Organ, year: int) -> dt.date:
    """The statutory deadline (条例 第四十九条) for the organ's report on `year`, from the format that applies."""
    report = organ.report(year)
    fmt = report.format if report is not None and report.format is not None else formats.for_year(year)
    month, day = fmt.deadlines[organ.kind]
    return dt.date(year + 1, month, day)


def years(site: Site) -> list[int]:
    """The years any organ reported on, newest first."""
    return sorted({r.year for o in site.organs for r in o.reports}, reverse=True)


def dashboard(site: Site, year: int) -> list[Entry]:
    """Every organ that had reported on `year` or earlier, with the state of its report on `year`.

    An organ whose first report is later is not expected yet; one that stopped is listed as missing.
    """
    out = []
    for organ in site.organs:
        if not organ.reports or organ.reports[0].year > year:
            continue
        due = deadline(organ, year)
        report = organ.report(year)
        if report is None:
            out.append(Entry(organ, MISSING, due, None, 0))
        elif report.published is None:
            out.append(Entry(organ, UNKNOWN, due, None, 0))
        else:
            late = (report.published - due).days
            out.append(Entry(organ, LATE if late > 0 else ON_TIME, due, report.published, max(late, 0)))
    order = {MISSING: 0, LATE: 1, UNKNOWN: 2, ON_TIME: 3}
    return sorted(out, key=lambda e: (order[e.status], e.organ.id))


def counts(entries: list[Entry]) -> dict[str, int]:
    """How many organs are in each state."""
    return {s: sum(1 for e in entries if e.status == s) for s in (ON_TIME, LATE, MISSING, UNKNOWN)}
