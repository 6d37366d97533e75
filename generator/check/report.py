"""One report: report.yaml checked against the schema, its format's rules and the statute, and its narrative
files read and checked; the Report when it has no error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from generator import formats
from generator.check.annotations import read_acknowledgements, read_highlights, read_notes
from generator.check.cells import cell_path, locations, read_tables
from generator.check.keys import REPORT_KEYS, SCOPES, SOURCE_KEYS
from generator.check.narrative_checks import check_mentions, check_references, check_required, read_narrative
from generator.check.narrative_numbers import check_numbers
from generator.check.rules import Acknowledgement, discrepancies, evaluate, fill_totals
from generator.check.schema import DocReader
from generator.errors import Diagnostic, did_you_mean
from generator.formats import Format, Label
from generator.load.content import RawReport
from generator.model import CellValue, Highlight, Narrative, Report


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


def read_report(raw: RawReport, organ_name: Label, organ_kind: str | None, languages: Sequence[str],
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
    highlights = read_highlights(r, m["highlights"], languages) if "highlights" in m else ()

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
            notes = read_notes(r, m["notes"], fmt, languages) if "notes" in m else {}
            acks = read_acknowledgements(r, m["acknowledged"], fmt, languages) if "acknowledged" in m else []
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

    narratives = _narratives(raw, rules_fmt, fmt is None, languages, values if version else None, computed,
                             highlights, diags)
    if ("published" in m and published is None) or version is None or (fmt is not None and not values):
        return None
    default_title = Label(f"{organ_name.zh}{raw.year}年政府信息公开工作年度报告",
                          f"{organ_name.en}: Annual Report on Open Government Information Work, {raw.year}")
    return Report(raw.organ, raw.year, fmt, published, scope or "own", title or default_title,
                  values, frozenset(computed), notes, highlights, discrepancies(failures), narratives,
                  {k: str(v) for k, v in source.items()}, raw.dir, locations(raw.doc, fmt))


def _narratives(raw: RawReport, fmt: Format, legacy: bool, languages: Sequence[str],
                cells: dict[str, CellValue] | None, computed: Collection[str],
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
            check_references(narrative, text, known, fmt.roles.requests.cell(fmt.roles.requests.new_received), diags)
            if not legacy and lang == "zh":
                check_numbers(narrative, text, fmt, cells, computed, diags)
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
