"""An organ: organ.yaml checked, then its reports one by one and each against the year before."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from generator.check.crossyear import review_reports
from generator.check.keys import ORGAN_KEYS, ORGAN_KINDS
from generator.check.report import read_report
from generator.check.schema import DocReader, describe
from generator.check.similarity import DEFAULT_THRESHOLD
from generator.errors import Diagnostic, did_you_mean
from generator.formats import Label
from generator.load.content import RawOrgan
from generator.model import Organ


def _members(r: DocReader, value: Any, own: str, organ_ids: Collection[str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        r.error("WRONG_TYPE", f"`members` must be a list of organ ids, found {describe(value)}", ("members",),
                "write e.g. `members: [county-office, county-finance]`")
        return ()
    out: list[str] = []
    for i, member in enumerate(value):
        name = str(member)
        if member == own:
            r.error("BAD_VALUE", "an organ cannot be its own member", ("members", i),
                    "list the other organs whose reports this one aggregates")
        elif name not in organ_ids:
            r.error("UNKNOWN_ORGAN", f"member organ `{name}` does not exist{did_you_mean(name, organ_ids)}",
                    ("members", i), "each member is the folder name of another organ in the content folder")
        elif name in out:
            r.error("BAD_VALUE", f"member `{name}` is listed twice", ("members", i), "list each member once")
        else:
            out.append(name)
    return tuple(out)


def _since(r: DocReader, value: Any) -> int | None:
    if value.__class__ is int and 1990 <= value <= 2100:
        return int(value)
    r.error("BAD_VALUE", f"`since` must be a year from 1990 to 2100, found {describe(value)}", ("since",),
            "the first year whose report the organ publishes on this site, e.g. `since: 2019`")
    return None


def _organ(raw: RawOrgan, organ_ids: Collection[str], languages: Sequence[str],
           diags: list[Diagnostic]) -> tuple[Label | None, str | None, str | None, tuple[str, ...], int | None]:
    if raw.doc is None:
        if not raw.has_file:
            diags.append(Diagnostic("error", "UNKNOWN_ORGAN", f"folder `{raw.id}` has reports but no organ.yaml",
                                    f"{raw.dir}/organ.yaml", 1, 1,
                                    "create organ.yaml with `name: {zh: …, en: …}` and `kind: government` or "
                                    "`kind: department`"))
        return None, None, None, (), None
    r = DocReader(raw.doc)
    m = r.mapping(raw.doc.data, (), required=ORGAN_KEYS[:2], optional=ORGAN_KEYS[2:], what="organ.yaml")
    name = r.label(m["name"], ("name",), languages) if "name" in m else None
    kind = r.choice(m["kind"], ("kind",), ORGAN_KINDS) if "kind" in m else None
    parent = m.get("parent")
    if parent is not None and not isinstance(parent, str):
        r.error("WRONG_TYPE", f"`parent` must be the folder name of one organ, found {type(parent).__name__}",
                ("parent",), "write one organ id, e.g. `parent: guangzhou`")
        parent = None
    if parent is not None and parent not in organ_ids:
        r.error("UNKNOWN_ORGAN", f"parent organ `{parent}` does not exist{did_you_mean(str(parent), organ_ids)}",
                ("parent",), "`parent` is the folder name of another organ in the content folder")
        parent = None
    members = _members(r, m["members"], raw.id, organ_ids) if "members" in m else ()
    since = _since(r, m["since"]) if "since" in m else None
    diags.extend(r.diags)
    return name, kind, parent, members, since


def validate_organ(raw: RawOrgan, organ_ids: Collection[str], languages: Sequence[str],
                   diags: list[Diagnostic], threshold: int = DEFAULT_THRESHOLD) -> Organ | None:
    """Check one organ and its reports, then each report against the year before; the Organ when organ.yaml is
    valid (reports with errors are left out)."""
    name, kind, parent, members, since = _organ(raw, organ_ids, languages, diags)
    shown = name or Label(raw.id, raw.id)
    reports = [rep for rr in raw.reports if (rep := read_report(rr, shown, kind, languages, diags)) is not None]
    review = review_reports({rr.year for rr in raw.reports}, reports, threshold, diags)
    if name and kind:
        return Organ(raw.id, name, kind, parent, tuple(sorted(reports, key=lambda x: x.year)), members, review,
                     since=since)
    return None
