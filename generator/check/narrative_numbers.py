"""Numbers typed in the Chinese narrative next to a keyword (收到 21 件, 办结, 予以公开, 复议 …) against the tables.

Figure references (`{{ t3.new_received.total }}`) are exact by construction; this catches the numbers that were
typed or imported as text. To keep false alarms rare, a number counts only when it follows its keyword closely,
with nothing between them but a few filler words (申请, 政府信息公开, 共, 案件 …), and carries the unit 件/宗/起.
The cells a keyword names come from the format's roles, so a revision that renames its rows needs no change here.
A figure that the table gives only with blank cells counted as 0 is compared too, but a disagreement is a note:
the blank may hold the difference.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from generator.errors import Diagnostic, Severity
from generator.formats import Format, RuleInstance
from generator.load.parts import REFERENCE, reference_name
from generator.model import CellValue, Narrative

_FILLER = (r"(?:政府信息公开|信息公开|公开|申请|案件|各类|共计|合计|总计|共|了|为|的|达|有"
           r"|下年度|下一年度|继续办理|[（(\s])*")
_KEYWORD = (r"予以公开(?:及|和|与|、)部分公开|予以公开|部分公开|不予公开|无法提供|不予处理|上一?年度?结转|结转"
            r"|新收|收到|受理|办结|答复|行政复议|复议|行政诉讼|诉讼")
_AFTER = re.compile(rf"({_KEYWORD}){_FILLER}([0-9][0-9,]*)\s*(?:件|宗|起)")
_BEFORE = re.compile(r"([0-9][0-9,]*)\s*件(?:申请)?(?:结转|转入)下一?年度?")
_CLAUSE_END = re.compile(r"[。；;，,]")

_CARRIED_OVER = re.compile(r"上一?年度?结转")  # 上年结转, 上年度结转, 上一年度结转: 二、上年结转, not 四、结转下年度

Candidates = tuple[tuple[str, ...], ...]  # sums of cells; a typed number agrees when it equals any of them


def _keywords(fmt: Format) -> dict[str, Candidates]:
    """Keyword → candidate sums of cells, by the format's roles."""
    t3, t4 = fmt.roles.requests, fmt.roles.appeals
    new, carried, results = t3.cell(t3.new_received), t3.cell(t3.carried_over), t3.cell(t3.results_total)
    rows = fmt.tables[t3.table].rows
    found: dict[str, Candidates] = {
        "予以公开": ((t3.cell(t3.granted),),),
        "部分公开": ((t3.cell(t3.partial),),),
        "上年结转": ((carried,),),
        "结转": ((t3.cell(t3.carry_forward),),),
        "新收": ((new,),),
        "收到": ((new,), (new, carried)),
        "受理": ((new,), (new, carried)),
        "办结": ((results,),),
        "答复": ((results,),),
        "复议": ((t4.cell(t4.review),),),
        "诉讼": ((t4.cell(t4.lit_direct), t4.cell(t4.lit_after_review)),),
        "直接诉讼": ((t4.cell(t4.lit_direct),),),
        "复议后诉讼": ((t4.cell(t4.lit_after_review),),),
        "予以公开及部分公开": ((t3.cell(t3.granted), t3.cell(t3.partial)),),
    }
    for keyword, group in (("不予公开", t3.denied), ("无法提供", t3.unable), ("不予处理", t3.not_processed)):
        found[keyword] = (tuple(t3.cell(r.id) for r in rows if any(g.id == group for g in r.groups)),)
    return found


def _candidates(keyword: str, clause: str, keywords: Mapping[str, Candidates]) -> Candidates:
    key = keyword.removeprefix("行政")
    if key.startswith("予以公开") and key.endswith("部分公开") and key != "予以公开":
        key = "予以公开及部分公开"
    if _CARRIED_OVER.fullmatch(key):
        key = "上年结转"
    if key == "诉讼" and ("直接" in clause or "未经复议" in clause):
        key = "直接诉讼"
    elif key == "诉讼" and "复议后" in clause:
        key = "复议后诉讼"
    return keywords[key]


def _shown(cells: Sequence[str]) -> str:
    if len(cells) > 2:  # the rows of a group: t3.denied_*.total, or each cell when the row ids share no stem_
        first, last = min(cells), max(cells)
        stem = first.rsplit(".", 1)[0]
        while not last.startswith(stem):
            stem = stem[:-1]
        stem = stem[:stem.rfind("_") + 1]
        if "." in stem:
            return f"the sum of {stem}*.{first.rsplit('.', 1)[1]}"
    return " + ".join(cells)


def _blanks(cell: str, cells: Mapping[str, CellValue], computed: Collection[str],
            fillers: Mapping[str, RuleInstance], seen: frozenset[str] = frozenset()) -> list[str]:
    """The blank cells a figure counts as 0: the cell itself, or the blank inputs of a computed 总计."""
    if cells.get(cell) is None:
        return [cell]
    if cell not in computed or cell not in fillers or cell in seen:
        return []
    return [b for t in fillers[cell].rhs for b in _blanks(t.cell, cells, computed, fillers, seen | {cell})]


def _blank_note(blanks: Sequence[str]) -> str:
    shown = ", ".join(blanks[:3]) + (f" and {len(blanks) - 3} more" if len(blanks) > 3 else "")
    return f" (blank cells counted as 0: {shown})"


def _check(number: str, candidates: Candidates, cells: Mapping[str, CellValue], computed: Collection[str],
           fillers: Mapping[str, RuleInstance]) -> tuple[Severity, str] | None:
    """(severity, what the table has) when the number disagrees with every candidate; None when it agrees or
    cannot be compared (a cell that is no count, or every cell of a candidate blank: not filled in yet)."""
    typed = int(number.replace(",", ""))
    options, blanks = [], []
    for candidate in candidates:
        values = [cells.get(c) for c in candidate]
        if any(v is not None and not isinstance(v, int) for v in values):
            return None
        if all(v is None for v in values):
            continue  # not filled in: reported as BLANK_CELL
        total = sum(v for v in values if isinstance(v, int))
        if total == typed:
            return None
        counted = sorted({b for c in candidate for b in _blanks(c, cells, computed, fillers)})
        if counted and 1 < len(candidate) <= 2:  # the figures added up, a blank as 0
            options.append(f"{_shown(candidate)} = {' + '.join(str(v or 0) for v in values)} = {total}")
        else:
            options.append(f"{_shown(candidate)} = {total}")
        blanks += [b for b in counted if b not in blanks]
    if not options:
        return None
    if blanks:  # the blank may hold the difference: a note, with both figures
        return "note", " or ".join(options) + _blank_note(blanks)
    return "warning", " or ".join(options)


def check_numbers(narrative: Narrative, text: str, fmt: Format, cells: Mapping[str, CellValue],
                  computed: Collection[str], diags: list[Diagnostic]) -> None:
    """Warn where a typed number next to a keyword differs from the table figure it names (line of the sentence)."""
    if _AFTER.search(text) is None and _BEFORE.search(text) is None:
        return  # the common case: every figure is quoted by reference (`{{` is no filler: references never match)
    keywords = _keywords(fmt)
    fillers: dict[str, RuleInstance] = {}
    for rule in fmt.rules:
        if rule.fills:
            for inst in rule.instances:
                fillers.setdefault(inst.lhs[0].cell, inst)
    masked = REFERENCE.sub(lambda m: "§" * len(m.group(0)) if reference_name(m) is not None
                           else m.group(0), text)  # same length: columns stay right
    for n, line in enumerate(masked.split("\n"), start=1):
        if line.lstrip().startswith("#") or not any(ch.isdigit() for ch in line):
            continue
        found = [(m.start(), m.group(1), m.group(2), m.group(0)) for m in _AFTER.finditer(line)]
        found += [(m.start(), "结转", m.group(1), m.group(0)) for m in _BEFORE.finditer(line)]
        for start, keyword, number, said in sorted(found):
            candidates = _candidates(keyword, _CLAUSE_END.split(line[:start])[-1], keywords)
            problem = _check(number, candidates, cells, computed, fillers)
            if problem is None:
                continue
            severity, expected = problem
            quote = (f"quote the figure by reference, e.g. `{{{{ {candidates[0][0]} }}}}`, so text and table "
                     "cannot disagree")
            diags.append(Diagnostic(
                severity, "N_NARRATIVE_MATCHES_TABLES", f"the text says “{said}”, but the table has {expected}",
                narrative.file, n, start + 1,
                f"{quote}; if the sentence counts something else, reword it" if severity == "warning" else
                f"fill in the blank cells (one may hold the difference), and {quote}"))
