"""Checks of one organ's reports against its report of the year before: the chains of the format data, identical
tables, and narrative parts copied from last year (雷同). Run after the per-report checks, per organ."""

from __future__ import annotations

import fnmatch
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal

from generator.check.similarity import jaccard_percent, shingles
from generator.errors import Diagnostic, Severity
from generator.formats import Format, Label, Rule, RuleInstance, Term
from generator.formats.cells import cell_labels
from generator.model import CellValue, CheckResult, Loc, Part, PartSimilarity, Report, YearReview

HOLDS, FAILS, NOT_CHECKABLE = "holds", "fails", "not_checkable"


def _value(term: Term, this: Mapping[str, CellValue], prev: Mapping[str, CellValue]) -> CellValue:
    return (prev if term.previous else this).get(term.cell)  # None also for a cell with an error of its own


def _side(terms: Sequence[Term], this: Mapping[str, CellValue], prev: Mapping[str, CellValue]) -> int | Decimal:
    total: int | Decimal = 0
    for t in terms:
        total += t.sign * _value(t, this, prev)  # type: ignore[operator]
    return total


def _text(terms: Sequence[Term], prev_year: int) -> str:
    out = []
    for i, t in enumerate(terms):
        sign = ("- " if t.sign < 0 else "+ ") if i else ("-" if t.sign < 0 else "")
        out.append(f"{sign}{t.cell}{f' of {prev_year}' if t.previous else ''}")
    return " ".join(out)


_MOVING: dict[tuple[str, str], tuple[str, ...]] = {}


def _moving(fmt: Format, rule: Rule) -> tuple[str, ...]:
    """The cells that are expected to change from one year to the next (all but the rule's `stock` patterns)."""
    key = (fmt.version, rule.id)
    if key not in _MOVING:
        _MOVING[key] = tuple(c for c in fmt.cell_types if not any(fnmatch.fnmatchcase(c, p) for p in rule.stock))
    return _MOVING[key]


class _Checker:
    """The cross-year checks of one report against the previous one, collecting diagnostics and results."""

    def __init__(self, report: Report, prev: Report, diags: list[Diagnostic]) -> None:
        self.report, self.prev, self.diags = report, prev, diags
        self.results: list[CheckResult] = []

    def note(self, code: str, severity: str, message: str, where: Loc, hint: str) -> None:
        level: Severity = "note" if severity == "note" else "error" if severity == "error" else "warning"
        self.diags.append(Diagnostic(level, code, message, where.file, where.line, where.col, hint))

    def chain(self, rule: Rule, fmt: Format, prev_fmt: Format) -> None:
        this, prev = self.report.values, self.prev.values
        across = f" (across the format change {prev_fmt.version} → {fmt.version})" \
            if prev_fmt.version != fmt.version else ""
        absent = next((t.cell for i in rule.instances for t in i.lhs + i.rhs if t.previous and t.cell not in prev),
                      None)
        if absent is not None:
            detail = (f"not checkable across the format change {prev_fmt.version} → {fmt.version}: the "
                      f"{prev_fmt.version} format has no {absent}")
            words = cell_labels(fmt, absent)
            zh = (f"{prev_fmt.version}年格式与{fmt.version}年格式不同，{prev_fmt.version}年格式没有“{words.zh}”，"
                  "无法跨格式核查")
            en = (f"not checkable across the format change {prev_fmt.version} → {fmt.version}: the "
                  f"{prev_fmt.version} format has no “{words.en}”")
            self.results.append(CheckResult(rule.id, NOT_CHECKABLE, Label(zh, en)))
            first = rule.instances[0].lhs[0].cell
            self.note("X_NOT_CHECKABLE", "note", f"{rule.id} {detail}", self.report.locate(first),
                      "nothing to do: the chain starts again from this report")
            return
        evaluated, failed = 0, 0
        for inst in rule.instances:
            if any(_value(t, this, prev) is None for t in inst.lhs + inst.rhs):
                continue  # a blank is reported on its own
            evaluated += 1
            failed += self._instance(rule, inst, across)
        if not evaluated:
            self.results.append(CheckResult(rule.id, NOT_CHECKABLE, Label("所比较的单元格均为空白",
                                                                          "every cell it compares is blank")))
        else:
            status = FAILS if failed else HOLDS
            across_zh = f"（跨格式 {prev_fmt.version} → {fmt.version}）" if across else ""
            self.results.append(CheckResult(rule.id, status, Label(
                f"与{self.prev.year}年报告比较{evaluated}处，{evaluated - failed}处相符{across_zh}",
                f"{evaluated - failed} of {evaluated} comparisons with {self.prev.year} hold{across}")))

    def _instance(self, rule: Rule, inst: RuleInstance, across: str) -> int:
        this, prev = self.report.values, self.prev.values
        lv, rv = _side(inst.lhs, this, prev), _side(inst.rhs, this, prev)
        if lv == rv:
            return 0
        message = (f"{_text(inst.lhs, self.prev.year)} = {lv}, but {_text(inst.rhs, self.prev.year)} = {rv} "
                   f"(difference {lv - rv:+}){across}")
        hint = "; ".join(h for h in (rule.says, rule.hint) if h)
        self.note(rule.id, rule.severity, message, self.report.locate(inst.lhs[0].cell), hint)
        return 1

    def identical(self, rule: Rule, fmt: Format, prev_fmt: Format) -> None:
        if prev_fmt.version != fmt.version:
            self.results.append(CheckResult(rule.id, NOT_CHECKABLE, Label(
                f"{prev_fmt.version}年格式与{fmt.version}年格式的表格不同",
                f"the {prev_fmt.version} and {fmt.version} formats have different tables")))
            return
        this, prev = self.report.values, self.prev.values
        same = all(c in this and this[c] == prev.get(c) for c in fmt.cell_types)
        # all zero or blank both years is what a quiet organ reports, not a copy
        if same and any(this[c] for c in _moving(fmt, rule)):
            self.results.append(CheckResult(rule.id, FAILS, Label(
                f"全部{len(this)}个单元格与{self.prev.year}年报告相同",
                f"all {len(this)} cells equal the {self.prev.year} report")))
            self.note(rule.id, rule.severity, f"every one of the {len(this)} table cells equals the "
                      f"{self.prev.year} report", self.report.locations.tables, rule.hint)
        else:
            detail = Label("表格与上年不同", "the tables differ from last year's") if not same else \
                Label("与上年相同，但本年各项数字均为0或空白", "identical, but every figure of the year is 0 or blank")
            self.results.append(CheckResult(rule.id, HOLDS, detail))


class _Shingles:
    """Trigram sets of each report's parts, made once: every report is compared as this year and as last year."""

    def __init__(self) -> None:
        self.sets: dict[tuple[int, str, str], frozenset[object]] = {}

    def get(self, report: Report, lang: str, part: Part) -> frozenset[object]:
        key = (report.year, lang, part.section)
        if key not in self.sets:
            self.sets[key] = shingles(part.markdown, words=not lang.startswith("zh"))
        return self.sets[key]


def _similarity(report: Report, prev: Report, threshold: int, cache: _Shingles,
                diags: list[Diagnostic]) -> list[PartSimilarity]:
    out = []
    fmt = report.format
    # the narrative parts of the format (一、五、六); parts 二–四 are optional comments on the tables, which
    # rightly repeat their wording every year. A legacy report's parts are all narrative.
    tables = {sec.id for sec in fmt.sections if sec.kind != "narrative"} if fmt else set()
    # the official text: Chinese (other languages are translations of it), or every language of a site without it
    langs = ["zh"] if "zh" in report.narratives else list(report.narratives)
    for lang in langs:
        narrative = report.narratives[lang]
        before = prev.narratives.get(lang)
        if before is None:
            continue
        for part in narrative.parts:
            old = before.part(part.section)
            if part.section == "lead" or part.section in tables or old is None:
                continue
            percent = jaccard_percent(cache.get(report, lang, part), cache.get(prev, lang, old))
            out.append(PartSimilarity(part.section, lang, percent))
            if percent is not None and percent >= threshold:
                title = fmt.section(part.section).label.get(lang) \
                    if fmt and any(s.id == part.section for s in fmt.sections) else part.heading
                diags.append(Diagnostic(
                    "warning", "X_SIMILAR_NARRATIVE", f"part `{title}` is {percent}% the same as in the "
                    f"{prev.year} report (warning from {threshold}%)", narrative.file, part.line, 1,
                    "write this year's text: evaluators mark down reports that repeat earlier years "
                    "(未出现与往年年报雷同现象); the threshold is `similarity_threshold` in site.yaml"))
    return out


def review_reports(years: Collection[int], reports: Sequence[Report], threshold: int,
                   diags: list[Diagnostic]) -> tuple[YearReview, ...]:
    """Check each report against the organ's report of the year before; a gap is noted as not checkable. `years`
    are those of the organ's report folders (a report of the year before with errors is shown as such)."""
    by_year = {r.year: r for r in reports}
    out = []
    cache = _Shingles()
    for report in sorted(reports, key=lambda r: r.year):
        earlier = [y for y in by_year if y < report.year]
        prev = by_year.get(report.year - 1)
        if prev is None:
            if earlier and report.year - 1 not in years:
                rules = [r.id for r in report.format.cross_year_rules()] if report.format else []
                what = ", ".join([*rules, "X_SIMILAR_NARRATIVE"])
                missing = f"no {report.year - 1} report of this organ in the content (the latest before is " \
                          f"{max(earlier)})"
                missing_label = Label(f"缺少本机关{report.year - 1}年报告（此前最近的是{max(earlier)}年）",
                                      f"no {report.year - 1} report of this organ on this site (the latest before "
                                      f"is {max(earlier)})")  # the public page's words: no folder named
                diags.append(Diagnostic("note", "X_NOT_CHECKABLE", f"cross-year checks not checkable: {missing}: "
                                        f"{what}", report.locations.file, 1, 1,
                                        f"add the {report.year - 1} report to check the chains with it"))
                out.append(YearReview(report.year, None, tuple(CheckResult(r, NOT_CHECKABLE, missing_label)
                                                                 for r in rules), (), threshold))
            continue
        checker = _Checker(report, prev, diags)
        if report.format is not None and prev.format is not None:
            for rule in report.format.cross_year_rules():
                if rule.kind == "cross_year":
                    checker.chain(rule, report.format, prev.format)
                else:
                    checker.identical(rule, report.format, prev.format)
        similar = _similarity(report, prev, threshold, cache, diags)
        out.append(YearReview(report.year, prev.year, tuple(checker.results), tuple(similar), threshold))
    return tuple(out)
