"""`govreport import`: one published report page → report.yaml + zh.md, then validation of what was written."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import formats
from ..errors import Diagnostic, did_you_mean
from ..formats import Format
from . import chains, documents, furniture, headings, html_tables, labels, split, tables, write
from .extract import Extraction, extract
from .rows import line_col

_URL = re.compile(r"原文链接\s*[:：]\s*(https?://\S+)")
_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html|<\?xml|<head|<meta|<!--)", re.IGNORECASE)


@dataclass
class Imported:
    """The outcome of reading a source: the files to write, or the problems that stop the import."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    fmt: Format | None = None
    extraction: Extraction | None = None
    folder: Path | None = None

    @property
    def ok(self) -> bool:
        """True when nothing stops the import."""
        return bool(self.files) and not any(d.severity == "error" for d in self.diagnostics)


def _distinct(fmt: Format, others: list[Format], *, rows_only: bool = False) -> set[str]:
    def words(f: Format) -> set[str]:
        return {a.label.zh for t in f.tables.values() for a in (*t.rows, *(() if rows_only else t.columns))}

    return words(fmt) - set().union(*(words(o) for o in others))


def _share(norm: str, own: set[str]) -> float:
    return sum(1 for w in own if labels.find(norm, w, 0, len(norm))) / max(1, len(own))


def detect_format(text: str) -> Format | None:
    """The format revision whose own table labels the text shows most (本年制发件数 → 2021, 本年新制作数量 → 2019),
    if it shows at least half of them; its own row labels count alone too when the text shows most rows of the form
    (a converted table whose column headers are generic, 数据1 … 数据6, shows only its rows)."""
    norm = labels.normalise(text)
    all_formats = list(formats.available().values())
    scores = []
    for fmt in all_formats:
        others = [f for f in all_formats if f is not fmt]
        share = _share(norm, _distinct(fmt, others))
        if share < 0.5 and _share(norm, {r.label.zh for t in fmt.tables.values() for r in t.rows}) >= 0.5:
            share = _share(norm, _distinct(fmt, others, rows_only=True))  # the rows of a table, not words quoted
        scores.append((share, fmt.version, fmt))
    best = max(scores, key=lambda s: (s[0], s[1]))
    return best[2] if best[0] >= 0.5 else None  # half its own labels: a table, not a word quoted in prose


def _check_target(content: Path, organ: str, year: int, force: bool, shown: str) -> list[Diagnostic]:
    diags = []
    if not (content / organ / "organ.yaml").is_file():
        organs = sorted(p.parent.name for p in content.glob("*/organ.yaml"))
        diags.append(Diagnostic("error", "UNKNOWN_ORGAN",
                                f"no organ `{organ}` in {content}{did_you_mean(organ, organs)}",
                                str(content / organ / "organ.yaml"),
                                hint=f"create {content / organ / 'organ.yaml'} (name, kind) first; organs: "
                                     + (", ".join(organs) or "none")))
    folder = content / organ / str(year)
    if not force and (found := write.existing(folder)):
        diags.append(Diagnostic("error", "IMPORT_EXISTS", f"{found[0]} exists; nothing was written",
                                str(found[0]), hint="pass --force to replace report.yaml and zh.md (en.md is kept)"))
    if not 1990 <= year <= 2100:
        diags.append(Diagnostic("error", "BAD_YEAR", f"--year must be a reporting year such as 2020, found {year}",
                                shown))
    return diags


def _misplaced(fmt: Format, heads: Sequence[headings.Heading], tables_at: Sequence[int]) -> list[str]:
    """The parts without tables of their own under which tables are printed (附表 after part 六)."""
    out = []
    for i, h in enumerate(heads):
        stop = heads[i + 1].start if i + 1 < len(heads) else None
        if not fmt.section(h.section).tables and any(h.end <= a and (stop is None or a < stop) for a in tables_at):
            out.append(h.printed)
    return out


def _nonstandard(fmt: Format, heads: list[headings.Heading], shown: str, raw: str,
                 tables_under: Sequence[str] = ()) -> Diagnostic:
    """IMPORT_NONSTANDARD_PARTS: the parts as printed, and where their text goes."""
    printed = "; ".join(f"{h.printed} → {label}" for h in heads
                        if re.sub(r"\s+", "", h.printed) != (label := fmt.section(h.section).label.zh))
    absent = [s.label.zh for s in fmt.sections if s.id not in {h.section for h in heads}]
    ln, col = line_col(raw, heads[0].start) if raw else (1, 1)  # an HTML body's offsets are not the file's
    what = (f"tables are printed under {'、'.join(tables_under)}" if tables_under
            else f"the parts are printed as {printed}")
    return Diagnostic(
        "warning", "IMPORT_NONSTANDARD_PARTS",
        f"the report does not follow the six parts of the format: {what}"
        + (f"; not printed: {'、'.join(absent)}" if absent else ""),
        shown, ln, col, "each part's text was put under the canonical heading of the same title, in the form's "
        "order; the tables were found by their own labels. Check zh.md against the original")


def _narrative(text: str, fmt: Format, heads: list[headings.Heading], start: int, end: int,
               cuts: Sequence[tuple[int, int]], wrapped: bool) -> str:
    """The lead and each part's text without its tables, under the canonical headings in the form's order."""
    for a, b in cuts:  # the tables' own lines leave the narrative (same length: headings keep their offsets)
        text = text[:a] + re.sub(r"[^\n]", " ", text[a:b]) + text[b:]
    lead_from = headings.lead_start(text, start, heads[0].start)
    lead = text[lead_from:heads[0].start]
    bodies: dict[str, list[str]] = {}
    for i, h in enumerate(heads):
        stop = heads[i + 1].start if i + 1 < len(heads) else end
        bodies.setdefault(h.section, []).append(text[h.end:stop].replace(html_tables.TABLE_MARK, "\n"))
    parts = [(s.label.zh, "\n".join(bodies[s.id])) for s in fmt.sections if s.id in bodies]
    return write.narrative_md(lead, parts, wrapped=wrapped)


_UNIT = r"(?:千元|亿元|(?<!万)元)"


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return end if end >= 0 else len(text)


def _other_units(text: str, tables_text: str, raw: str, fmt: Format, shown: str) -> list[Diagnostic]:
    """IMPORT_UNIT for an amount the form states in 万元 printed in another unit: its column headed `（单位：元）`, or
    the figure written with 元, 千元 or 亿元 in the table (41662416.19 元 read as 万元 would be 10,000 times too
    large); the narrative may state it in any unit."""
    norm, rows = labels.normalise(text), labels.normalise(tables_text)
    out = []
    for table in fmt.tables.values():
        for col in table.columns:
            if col.type != "decimal" or col.unit != "万元":  # the form's amounts in 万元 (formats/*.yaml)
                continue
            head = col.label.zh.split("（")[0]
            found = re.search(re.escape(head) + rf"\s*（\s*(?:单位\s*：\s*)?({_UNIT})\s*）", norm)
            label = head
            for row in table.rows if found is None else ():
                label = row.label.zh
                found = re.search(re.escape(label) + rf"[^\n]{{0,80}}?[0-9][0-9.，]*\s*({_UNIT})", rows)
                if found is not None:
                    break
            if found is not None:
                at = raw.find(label)  # the file's own line (an HTML page's text is not the file)
                ln, c = line_col(raw, at) if at >= 0 else (1, 1)
                out.append(Diagnostic(
                    "error", "IMPORT_UNIT", f"{table.id}: the report prints this amount in {found.group(1)}; the "
                    f"form states it in {col.unit} ({col.label.zh})", shown, ln, c,
                    "convert it and type it into report.yaml, with a note: an amount in 元 ÷ 10,000 is in 万元 "
                    "(41662416.19元 = 4166.241619万元)"))
    return out


_TITLE = re.compile(r"(?:标题\s*[:：]\s*)?(\S{2,40}?(?:19|20)\d\d年度?政府信息公开工作年度报告)")


def _title(text: str, organ: str, year: int) -> str:
    """The report's title as the page prints it (…2019年度政府信息公开工作年度报告), else organ and year."""
    m = _TITLE.search(text)
    return m.group(1) if m else f"{organ} {year}"


def read_source(source: Path, shown: str, content: Path, organ: str, year: int, *, force: bool = False,
                splits: Mapping[str, str] | None = None) -> Imported:
    """Read and check a source; the files are returned, not written."""
    out = Imported()
    out.diagnostics.extend(_check_target(content, organ, year, force, shown))
    decoded, diags = documents.read(source, shown)
    out.diagnostics.extend(diags)
    if decoded is None:
        return out
    raw = decoded.text
    is_html = source.suffix.lower() in (".html", ".htm") or bool(_HTML.match(raw))
    if is_html and (tags := raw.count("<")) > documents.MAX_TAGS:  # parsing would take seconds: refuse first
        limit = f"{documents.MAX_TAGS:,} tags"
        out.diagnostics.append(documents.too_large(shown, f"a page of {tags:,} HTML tags", limit))
        return out
    page = html_tables.read_page(raw) if is_html else None
    text = page.body if page is not None else furniture.mask(raw)
    # the unmasked text: header rows of pipe tables (本年新制作数量 …) are masked from `text` but name the format
    fmt = detect_format(raw if page is None else text + "\n" + "\n".join(c.text for row in page.grid for c in row))
    start = headings.body_start(text)
    sections = (fmt or formats.latest()).sections
    heads = headings.find_headings(text, sections, start)
    nonstandard = False
    if len(heads) < len(sections) and len(loose := headings.find_loose(text, sections, start)) > len(heads):
        heads, nonstandard = loose, True  # parts numbered or ordered otherwise: each found by its own title
    if fmt is None and heads and heads[0].section == "s1_overview" and "政府信息公开工作年度报告" in text[:2000]:
        fmt = formats.latest()  # a report cut before its tables: say so below, not "not a report"
    if fmt is None or not heads:
        out.diagnostics.append(Diagnostic(
            "error", "IMPORT_NOT_A_REPORT",
            "not an annual report on government information disclosure: "
            + ("no table label of the 2019 or 2021 format (本年新制作数量, 本年制发件数, …) was found" if fmt is None
               else "none of the six part headings (一、总体情况 … 六、其他需要报告的事项) was found"),
            shown, hint="import the page of the report itself (its HTML or its text), not an index or news page"))
        return out
    out.fmt = fmt
    found = [h.section for h in heads]
    if nonstandard:
        out.diagnostics.append(_nonstandard(fmt, heads, shown, raw if page is None else ""))
    elif found[-1] != fmt.sections[-1].id:
        last = fmt.section(found[-1])
        absent = [s.label.zh for s in fmt.sections if s.number > last.number]
        ln, col = line_col(raw, len(raw))
        out.diagnostics.append(Diagnostic(
            "error", "IMPORT_TRUNCATED", f"the source ends in part {last.label.zh}: {'、'.join(absent)} "
            f"{'is' if len(absent) == 1 else 'are'} missing", shown, ln, col,
            "save the whole page again; a truncated report cannot be imported"))
        return out
    end = headings.body_end(text, heads, fmt.sections)
    before = chains.previous_cells(content / organ / str(year - 1), fmt.version)
    if page is not None:
        runs, missing = html_tables.locate(page, fmt)
        extraction = extract(runs, fmt, shown, splits or {}, before)
        problems = [*tables.not_found(missing, shown), *extraction.diagnostics]
        cuts: list[tuple[int, int]] = []
    else:
        extraction, problems, cuts = tables.read_text(text, fmt, heads, start, end, shown, splits or {}, before)
        if any(d.severity == "error" for d in problems) and furniture.guessed_columns(raw):
            # a PDF→Markdown converter that pads the columns it guessed with empty cells: read them as no cell (a
            # row short of a number then fails in its place, its errors reported: never a wrong number)
            text = furniture.mask(raw, blanks=False)
            extraction, problems, cuts = tables.read_text(text, fmt, heads, start, end, shown, splits or {}, before)
    out.extraction = extraction
    out.diagnostics.extend(problems)
    tables_text = ("\n".join(text[text.rfind("\n", 0, a) + 1:_line_end(text, b)] for a, b in cuts) if page is None
                   else "\n".join(" ".join(c.text for c in row) for row in page.grid))
    out.diagnostics.extend(_other_units(text if page is None else page.page_text, tables_text, raw, fmt, shown))
    at = [m.start() for m in re.finditer(html_tables.TABLE_MARK, text)] if page is not None else [a for a, _b in cuts]
    if not nonstandard and (outside := _misplaced(fmt, heads, at)):
        out.diagnostics.append(_nonstandard(fmt, heads, shown, raw if page is None else "", outside))
    if any(d.severity == "error" for d in out.diagnostics):
        return out
    date_text = page.page_text if page is not None else text
    published = headings.published(labels.normalise(date_text))
    url = m.group(1) if (m := _URL.search(text)) else None
    title_line = _title(raw if page is None else page.page_text, organ, year)
    printed_year = re.search(r"((?:19|20)\d\d)年", title_line)
    if printed_year and int(printed_year.group(1)) != year:
        out.diagnostics.append(Diagnostic(
            "error", "IMPORT_YEAR_MISMATCH", f"the source is the report on {printed_year.group(1)} ({title_line}), "
            f"not on {year}", shown, hint=f"pass --year {printed_year.group(1)}"))
        return out
    out.files = {
        "report.yaml": write.report_yaml(fmt, extraction.cells, title=title_line,
                                         published=published, document=shown, url=url),
        "zh.md": _narrative(text, fmt, heads, start, end, cuts, wrapped=page is None and decoded.encoding != "docx"),
    }
    out.folder = content / organ / str(year)
    return out


def failing(fmt: Format, cells: Mapping[str, split.Cell]) -> dict[str, list[str]]:
    """Rule id → the left-hand cells of the instances that do not hold (blanks counted as 0)."""
    values = {cid: c.value for cid, c in cells.items()}
    failed: dict[str, list[str]] = {}
    for rule in fmt.rules:
        if rule.kind != "equation" or rule.severity != "error":
            continue
        for inst in rule.instances:
            if all(t.cell in values for t in inst.lhs + inst.rhs) and not split._holds(inst, values):
                failed.setdefault(rule.id, []).append(inst.lhs[0].cell)
    return failed


def acknowledgement(failed: Mapping[str, list[str]]) -> str:
    """A YAML `acknowledged:` entry to paste into report.yaml once the discrepancy is confirmed in the original."""
    lines = ["acknowledged:"]
    for rule, cells in failed.items():
        lines += [f"  - rule: {rule}", f"    cells: [{', '.join(cells)}]", "    reason:",
                  '      zh: "原文如此：……（说明原文数字及不平衡之处）。按原文照录，未作改动。"',
                  '      en: "As published: … (say which figures do not add up). Kept exactly as published."']
    return "\n".join(lines)
