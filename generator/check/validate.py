"""Check raw content against the content schema, the format's rules and the statute; build the model."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from generator import formats
from generator.check.cells import cell_path, locations, read_tables
from generator.check.crossyear import review_reports
from generator.check.narrative_checks import check_mentions, check_references, check_required, read_narrative
from generator.check.narrative_numbers import check_numbers
from generator.check.rules import Acknowledgement, discrepancies, evaluate, fill_totals
from generator.check.schema import DocReader, describe
from generator.check.similarity import DEFAULT_THRESHOLD
from generator.errors import Diagnostic, did_you_mean
from generator.formats import Format, Label
from generator.load.content import RawOrgan, RawReport
from generator.load.yamlsource import YamlDoc
from generator.model import CellValue, Highlight, Narrative, Organ, Report, Site

SITE_KEYS = ("title", "languages", "default_language", "publisher", "similarity_threshold")
ORGAN_KEYS = ("name", "kind", "parent", "members")
REPORT_KEYS = ("format", "published", "scope", "title", "source", "tables", "notes", "highlights", "acknowledged")
HIGHLIGHT_KEYS = ("id", "label", "value", "unit", "previous", "approximate")
ACK_KEYS = ("rule", "reason", "cells")
SOURCE_KEYS = ("document", "url", "note")
# Every key of the content format, by where it is written (the handbook documents each; a test checks it).
CONTENT_KEYS = {"site.yaml": SITE_KEYS, "organ.yaml": ORGAN_KEYS, "report.yaml": REPORT_KEYS,
                "highlights": HIGHLIGHT_KEYS, "acknowledged": ACK_KEYS, "source": SOURCE_KEYS}
ORGAN_KINDS = ("government", "department")
SCOPES = ("own", "aggregate")
_ID = re.compile(r"[a-z0-9_]+")
_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)?")


@dataclass(frozen=True)
class Validation:
    """The outcome of validation: the model (None when there are errors) and every diagnostic."""

    site: Site | None
    diagnostics: tuple[Diagnostic, ...]
    report_count: int

    @property
    def errors(self) -> int:
        """Number of error diagnostics."""
        return sum(1 for d in self.diagnostics if d.severity == "error")


@dataclass(frozen=True)
class SiteInfo:
    """The portal settings of site.yaml (title None when it is missing or invalid)."""

    title: Label | None
    languages: tuple[str, ...]
    default_language: str
    publisher: Label | None
    similarity_threshold: int = DEFAULT_THRESHOLD


def read_site(doc: YamlDoc | None, diags: list[Diagnostic]) -> SiteInfo:
    """Check site.yaml; defaults stand in for what is missing so every organ can still be checked."""
    if doc is None:
        return SiteInfo(None, ("zh", "en"), "zh", None)
    threshold = DEFAULT_THRESHOLD
    r = DocReader(doc)
    m = r.mapping(doc.data, (), required=["title"], optional=SITE_KEYS[1:], what="site.yaml")
    languages: tuple[str, ...] = ("zh", "en")
    if "languages" in m:
        value = m["languages"]
        if isinstance(value, list) and value and all(isinstance(x, str) and _LANG.fullmatch(x) for x in value):
            languages = tuple(value)
        else:
            r.error("WRONG_TYPE", "`languages` must be a list of language codes", ("languages",),
                    "write e.g. `languages: [zh, en]`")
    default = languages[0]
    if "default_language" in m:
        default = r.choice(m["default_language"], ("default_language",), languages) or default
    title = r.label(m.get("title"), ("title",), languages) if "title" in m else None
    publisher = r.label(m["publisher"], ("publisher",), languages) if "publisher" in m else None
    if "similarity_threshold" in m:
        value = m["similarity_threshold"]
        if value.__class__ is int and 1 <= value <= 100:
            threshold = value
        else:
            r.error("BAD_VALUE", f"`similarity_threshold` must be a whole percentage from 1 to 100, found "
                    f"{describe(value)}", ("similarity_threshold",),
                    f"e.g. `similarity_threshold: {DEFAULT_THRESHOLD}` (warn when a part is 80% the same as last year)")
    diags.extend(r.diags)
    return SiteInfo(title, languages, default, publisher, threshold)


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


def _organ(raw: RawOrgan, organ_ids: Collection[str], languages: Sequence[str],
           diags: list[Diagnostic]) -> tuple[Label | None, str | None, str | None, tuple[str, ...]]:
    if raw.doc is None:
        if not raw.has_file:
            diags.append(Diagnostic("error", "UNKNOWN_ORGAN", f"folder `{raw.id}` has reports but no organ.yaml",
                                    f"{raw.dir}/organ.yaml", 1, 1,
                                    "create organ.yaml with `name: {zh: …, en: …}` and `kind: government` or "
                                    "`kind: department`"))
        return None, None, None, ()
    r = DocReader(raw.doc)
    m = r.mapping(raw.doc.data, (), required=ORGAN_KEYS[:2], optional=ORGAN_KEYS[2:], what="organ.yaml")
    name = r.label(m["name"], ("name",), languages) if "name" in m else None
    kind = r.choice(m["kind"], ("kind",), ORGAN_KINDS) if "kind" in m else None
    parent = m.get("parent")
    if parent is not None and parent not in organ_ids:
        r.error("UNKNOWN_ORGAN", f"parent organ `{parent}` does not exist{did_you_mean(str(parent), organ_ids)}",
                ("parent",), "`parent` is the folder name of another organ in the content folder")
        parent = None
    members = _members(r, m["members"], raw.id, organ_ids) if "members" in m else ()
    diags.extend(r.diags)
    return name, kind, parent, members


def _highlights(r: DocReader, value: Any, languages: Sequence[str]) -> tuple[Highlight, ...]:
    if not isinstance(value, list):
        r.error("WRONG_TYPE", f"`highlights` must be a list, found a {type(value).__name__}", ("highlights",),
                "start each highlight with `- id: …`")
        return ()
    out, seen = [], set()
    for i, item in enumerate(value):
        path = ("highlights", i)
        m = r.mapping(item, path, required=HIGHLIGHT_KEYS[:3], optional=HIGHLIGHT_KEYS[3:],
                      what=f"highlight {i + 1}")
        hid = m.get("id")
        if hid is not None and (not isinstance(hid, str) or not _ID.fullmatch(hid)):
            r.error("BAD_VALUE", f"highlight id must use a-z, 0-9 and _, found {hid!r}", path + ("id",),
                    "e.g. `id: new_media_accounts`")
            hid = None
        elif hid in seen:
            r.error("BAD_VALUE", f"highlight id `{hid}` is used twice", path + ("id",),
                    "give each highlight its own id")
            hid = None
        seen.add(hid)
        label = r.label(m["label"], path + ("label",), languages) if "label" in m else None
        number = None
        if "value" in m and m["value"] is None:  # not known yet (e.g. made by `govreport new`): kept out
            r.warning("BLANK_HIGHLIGHT", f"highlight `{hid}` has no value yet: it is not shown", path + ("value",),
                      "write this year's figure, or remove the highlight")
        elif "value" in m:
            number = r.number(m["value"], path + ("value",), integer=False, signed=True, what="`value`")
        unit = r.label(m["unit"], path + ("unit",), languages) if "unit" in m else None
        previous = r.number(m["previous"], path + ("previous",), integer=False, signed=True, what="`previous`") \
            if m.get("previous") is not None else None
        approximate = m.get("approximate", False)
        if not isinstance(approximate, bool):
            r.error("WRONG_TYPE", "`approximate` must be true or false", path + ("approximate",), "")
            approximate = False
        if hid and label and number is not None:
            out.append(Highlight(hid, label, number, unit, previous, approximate))
    return tuple(out)


def _acks(r: DocReader, value: Any, fmt: Format, languages: Sequence[str]) -> list[Acknowledgement]:
    if not isinstance(value, list):
        r.error("WRONG_TYPE", "`acknowledged` must be a list", ("acknowledged",), "start each entry with `- rule: …`")
        return []
    rule_ids = [rule.id for rule in fmt.rules if rule.kind == "equation"] + [c.id for c in fmt.narrative_checks]
    out = []
    for i, item in enumerate(value):
        path = ("acknowledged", i)
        m = r.mapping(item, path, required=ACK_KEYS[:2], optional=ACK_KEYS[2:], what=f"acknowledgement {i + 1}")
        rule = m.get("rule")
        if rule is not None and rule not in rule_ids:
            r.error("UNKNOWN_RULE", f"no rule `{rule}` in the {fmt.version} format{did_you_mean(str(rule), rule_ids)}",
                    path + ("rule",), f"rules: {', '.join(rule_ids)}")
            rule = None
        cells = m.get("cells") or []
        if not isinstance(cells, list) or any(c not in fmt.cell_types for c in cells):
            bad = cells if not isinstance(cells, list) else next(c for c in cells if c not in fmt.cell_types)
            r.error("UNKNOWN_CELL", f"`cells` must list cell ids of the form, found {bad!r}"
                    f"{did_you_mean(str(bad), fmt.cell_types)}", path + ("cells",), "e.g. `[t3.results_total.total]`")
            cells = []
        reason = r.label(m["reason"], path + ("reason",), languages) if "reason" in m else None
        if rule and reason:
            out.append(Acknowledgement(rule, frozenset(cells), reason, i))
    return out


def _notes(r: DocReader, value: Any, fmt: Format, languages: Sequence[str]) -> dict[str, Label]:
    m = r.mapping(value, ("notes",), optional=list(fmt.cell_types), what="`notes`")
    return {cid: label for cid, v in m.items() if cid in fmt.cell_types
            and (label := r.label(v, ("notes", cid), languages)) is not None}


def _dates(r: DocReader, year: int, published: dt.date, kind: str, fmt: Format) -> None:
    month, day = fmt.deadlines[kind]
    deadline = dt.date(year + 1, month, day)
    if published > deadline:
        r.warning("LATE_PUBLICATION", f"published {published.isoformat()}, after the statutory deadline "
                  f"{deadline.isoformat()} for a {kind} (条例 第四十九条)", ("published",),
                  "check the date; if it is right, the report was late")
    elif published.year <= year:
        r.warning("EARLY_PUBLICATION", f"published {published.isoformat()}, before the year {year} it reports on "
                  "had ended", ("published",), "check the year of the date and the report folder's name")


def _report(raw: RawReport, organ_name: Label, organ_kind: str | None, languages: Sequence[str],
            diags: list[Diagnostic]) -> Report | None:
    if raw.doc is None:
        return None
    r = DocReader(raw.doc)
    m = r.mapping(raw.doc.data, (), required=["format"], optional=REPORT_KEYS[1:], what="report.yaml")
    versions = [*formats.available(), formats.LEGACY]
    version = str(m["format"]) if "format" in m else None
    if version is not None and version not in versions:
        r.error("UNKNOWN_FORMAT", f"unknown format `{version}`{did_you_mean(version, versions)}", ("format",),
                f"use one of: {', '.join(repr(v) for v in versions)}")
        version = None
    fmt = formats.get(version) if version and version != formats.LEGACY else None
    rules_fmt = fmt or formats.latest()  # legacy reports use the latest part titles and deadlines
    published = r.date(m["published"], ("published",)) if "published" in m else None
    if published is not None and organ_kind is not None:
        _dates(r, raw.year, published, organ_kind, rules_fmt)
    elif "published" not in m and fmt is not None:
        r.warning("PUBLISHED_UNKNOWN", "no publication date: timeliness cannot be checked", (),
                  "add `published: YYYY-MM-DD` (the 发布时间 of the published report) when it is known")
    if fmt is not None and not (fmt.first_report_year <= raw.year <= (fmt.last_report_year or raw.year)):
        r.warning("FORMAT_YEAR", f"the {fmt.version} format applies to reports on {fmt.first_report_year}"
                  f"–{fmt.last_report_year or ''}, not {raw.year}", ("format",),
                  "check `format:` against the year of the report")
    scope = r.choice(m["scope"], ("scope",), SCOPES) if "scope" in m else "own"
    title = r.label(m["title"], ("title",), languages) if "title" in m else None
    source = r.mapping(m.get("source", {}), ("source",), optional=SOURCE_KEYS, what="`source`")
    highlights = _highlights(r, m["highlights"], languages) if "highlights" in m else ()

    values: dict[str, CellValue] = {}
    computed: set[str] = set()
    notes: dict[str, Label] = {}
    acks: list[Acknowledgement] = []
    failures = []
    if fmt is None:
        for key in ("tables", "notes", "acknowledged"):
            if key in m and version == formats.LEGACY:
                r.error("LEGACY_TABLES", f"a legacy report has no statutory tables: remove `{key}`", (key,),
                        "use highlights for the figures, or set `format:` to \"2019\" or \"2021\"", key=True)
    else:
        table_cells = read_tables(r, fmt, m.get("tables"), ("tables",)) if "tables" in m else None
        if table_cells is None:
            r.error("MISSING_KEY", "report.yaml has no `tables`", (), f"add the statutory tables of the {fmt.version} "
                    "format, or set `format: legacy` for a summary-only report")
        else:
            notes = _notes(r, m["notes"], fmt, languages) if "notes" in m else {}
            acks = _acks(r, m["acknowledged"], fmt, languages) if "acknowledged" in m else []
            values, computed = fill_totals(fmt, table_cells.given, table_cells.omitted)
            failures = evaluate(fmt, values, acks)
            for f in failures:
                path = cell_path(f.instance.lhs[0].cell)
                r.report(f.severity, f.instance.rule_id, f.message, path, f.hint)  # type: ignore[arg-type]
            used = {f.acknowledged.index for f in failures if f.acknowledged}
            for ack in acks:
                if ack.index not in used:
                    r.warning("ACK_UNUSED", f"acknowledged {ack.rule} does not fail in this report",
                              ("acknowledged", ack.index), "remove the acknowledgement, or check its `cells`")
    diags.extend(r.diags)

    narratives = _narratives(raw, rules_fmt, fmt is None, languages, values if version else None, highlights, diags)
    if ("published" in m and published is None) or version is None or (fmt is not None and not values):
        return None
    default_title = Label(f"{organ_name.zh}{raw.year}年政府信息公开工作年度报告",
                          f"{organ_name.en}: Annual Report on Open Government Information Work, {raw.year}")
    return Report(raw.organ, raw.year, fmt, published, scope or "own", title or default_title,
                  values, frozenset(computed), notes, highlights, discrepancies(failures), narratives,
                  {k: str(v) for k, v in source.items()}, raw.dir, locations(raw.doc, fmt))


def _narratives(raw: RawReport, fmt: Format, legacy: bool, languages: Sequence[str],
                cells: dict[str, CellValue] | None,
                highlights: Sequence[Highlight], diags: list[Diagnostic]) -> dict[str, Narrative]:
    """Read every narrative file; references are checked only when the report's figures are known."""
    known = set(cells or ()) | {f"highlights.{h.id}" for h in highlights}
    narratives: dict[str, Narrative] = {}
    for lang, file, text in raw.narratives:
        if lang not in languages:
            diags.append(Diagnostic("warning", "UNKNOWN_LANGUAGE", f"`{lang}.md` is not in the site's languages "
                                    f"({', '.join(languages)}); it is ignored", file, 1, 1,
                                    "rename the file, or add the language to `languages` in site.yaml"))
            continue
        narrative = read_narrative(lang, file, text, fmt.sections, legacy=legacy, diags=diags)
        narratives[lang] = narrative
        if cells is not None:
            check_references(narrative, text, known, diags)
            if not legacy and lang == "zh":
                check_numbers(narrative, text, cells, diags)
        if not legacy:
            check_required(narrative, fmt, diags)
    for lang in languages:
        if lang not in narratives:
            diags.append(Diagnostic("warning", "NARRATIVE_MISSING", f"no {lang}.md: the {lang} page will show the "
                                    "tables with a notice that the narrative is not available",
                                    f"{raw.dir}/{lang}.md", 1, 1, f"write {lang}.md with the parts of the report"))
    if not legacy:
        check_mentions(narratives, fmt.narrative_checks, diags)
    return narratives


def validate_organ(raw: RawOrgan, organ_ids: Collection[str], languages: Sequence[str],
                   diags: list[Diagnostic], threshold: int = DEFAULT_THRESHOLD) -> Organ | None:
    """Check one organ and its reports, then each report against the year before; the Organ when organ.yaml is
    valid (reports with errors are left out)."""
    name, kind, parent, members = _organ(raw, organ_ids, languages, diags)
    shown = name or Label(raw.id, raw.id)
    reports = [rep for rr in raw.reports if (rep := _report(rr, shown, kind, languages, diags)) is not None]
    review = review_reports({rr.year for rr in raw.reports}, reports, threshold, diags)
    if name and kind:
        return Organ(raw.id, name, kind, parent, tuple(sorted(reports, key=lambda x: x.year)), members, review)
    return None


def assemble(info: SiteInfo, organs: Sequence[Organ | None], diags: list[Diagnostic], count: int) -> Validation:
    """The validation result: sorted diagnostics, and the Site only when there is no error."""
    diags.sort(key=Diagnostic.sort_key)
    has_errors = any(d.severity == "error" for d in diags)
    site = None if has_errors or info.title is None else Site(
        info.title, info.languages, info.default_language, info.publisher, tuple(o for o in organs if o))
    return Validation(site, tuple(diags), count)
