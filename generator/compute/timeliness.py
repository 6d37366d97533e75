"""Timeliness (及时性): every organ's report of a year as on time or late against its statutory deadline, and a
year without a report either as not published (the organ declares that it publishes here since an earlier year,
`since` in organ.yaml) or as not on this site (nothing says that the organ did not publish it elsewhere)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import formats
from generator.model import Organ, Site

ON_TIME, LATE, MISSING, UNKNOWN, ABSENT = "on_time", "late", "missing", "unknown", "absent"
STATES = (ON_TIME, LATE, MISSING, UNKNOWN, ABSENT)


@dataclass(frozen=True)
class Entry:
    """One organ in one year's dashboard."""

    organ: Organ
    status: str  # on_time | late | unknown (published date not stated) | missing (not published) | absent
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
    """Every year from the first to the last that any organ reported on (or declares it publishes here since),
    newest first: a year without any report is listed too."""
    known = {r.year for o in site.organs for r in o.reports}
    if not known:
        return []
    first = min(known | {o.since for o in site.organs if o.since is not None})
    return list(range(max(known), first - 1, -1))


def dashboard(site: Site, year: int) -> list[Entry]:
    """Every organ with the state of its report on `year`.

    Without a report, the organ is `missing` (not published) only from the year it declares it publishes here
    (`since`); otherwise the site cannot tell, and the report is `absent` (not on this site).
    """
    out = []
    for organ in site.organs:
        due = deadline(organ, year)
        report = organ.report(year)
        if report is None:
            declared = organ.since is not None and organ.since <= year
            out.append(Entry(organ, MISSING if declared else ABSENT, due, None, 0))
        elif report.published is None:
            out.append(Entry(organ, UNKNOWN, due, None, 0))
        else:
            late = (report.published - due).days
            out.append(Entry(organ, LATE if late > 0 else ON_TIME, due, report.published, max(late, 0)))
    order = {MISSING: 0, LATE: 1, UNKNOWN: 2, ON_TIME: 3, ABSENT: 4}
    return sorted(out, key=lambda e: (order[e.status], e.organ.id))


def counts(entries: list[Entry]) -> dict[str, int]:
    """How many organs are in each state."""
    return {s: sum(1 for e in entries if e.status == s) for s in STATES}
