"""Numbers typed in the Chinese narrative next to a keyword (收到 21 件, 办结, 予以公开, 复议 …) against the tables.

Figure references (`{{ t3.new_received.total }}`) are exact by construction; this catches the numbers that were
typed or imported as text. To keep false alarms rare, a number counts only when it follows its keyword closely,
with nothing between them but a few filler words (申请, 政府信息公开, 共, 案件 …), and carries the unit 件/宗/起.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from generator.errors import Diagnostic
from generator.load.parts import REFERENCE, reference_name
from generator.model import CellValue, Narrative

_FILLER = (r"(?:政府信息公开|信息公开|公开|申请|案件|各类|共计|合计|总计|共|了|为|的|达|有"
           r"|下年度|下一年度|继续办理|[（(\s])*")
_KEYWORD = (r"予以公开(?:及|和|与|、)部分公开|予以公开|部分公开|不予公开|无法提供|不予处理|上年结转|结转|新收|收到|受理"
            r"|办结|答复|行政复议|复议|行政诉讼|诉讼")
_AFTER = re.compile(rf"({_KEYWORD}){_FILLER}([0-9][0-9,]*)\s*(?:件|宗|起)")
_BEFORE = re.compile(r"([0-9][0-9,]*)\s*件(?:申请)?(?:结转|转入)下一?年度?")
_CLAUSE_END = re.compile(r"[。；;，,]")

# keyword → candidate sums of cells (a typed number agrees when it equals any of them)
_T3_GROUPS = {"不予公开": "denied", "无法提供": "unable", "不予处理": "not_processed"}
_FIXED: dict[str, tuple[tuple[str, ...], ...]] = {
    "予以公开": (("t3.granted.total",),),
    "部分公开": (("t3.partial.total",),),
    "上年结转": (("t3.carried_over.total",),),
    "结转": (("t3.carry_forward.total",),),
    "新收": (("t3.new_received.total",),),
    "收到": (("t3.new_received.total",), ("t3.new_received.total", "t3.carried_over.total")),
    "受理": (("t3.new_received.total",), ("t3.new_received.total", "t3.carried_over.total")),
    "办结": (("t3.results_total.total",),),
    "答复": (("t3.results_total.total",),),
    "复议": (("t4.review.total",),),
    "诉讼": (("t4.lit_direct.total", "t4.lit_after_review.total"),),
    "直接诉讼": (("t4.lit_direct.total",),),
    "复议后诉讼": (("t4.lit_after_review.total",),),
    "予以公开及部分公开": (("t3.granted.total", "t3.partial.total"),),
}


def _candidates(keyword: str, clause: str, cells: Mapping[str, CellValue]) -> tuple[tuple[str, ...], ...]:
    key = keyword.removeprefix("行政")
    if key.startswith("予以公开") and key.endswith("部分公开") and key != "予以公开":
        key = "予以公开及部分公开"
    if key == "诉讼" and ("直接" in clause or "未经复议" in clause):
        key = "直接诉讼"
    elif key == "诉讼" and "复议后" in clause:
        key = "复议后诉讼"
    if key in _T3_GROUPS:  # a group of outcome rows: the rows of the group, from the cell ids of the form
        prefix = {"denied": "t3.denied_", "unable": "t3.unable_", "not_processed": "t3.np_"}[_T3_GROUPS[key]]
        return (tuple(c for c in cells if c.startswith(prefix) and c.endswith(".total")),)
    return _FIXED[key]


def _shown(cells: Sequence[str]) -> str:
    if len(cells) > 2:  # the rows of a group: t3.denied_*.total
        stem = min(cells)
        while not all(c.startswith(stem) for c in cells):
            stem = stem[:-1]
        return f"the sum of {stem}*.total"
    return " + ".join(cells)


def _check(keyword: str, number: str, clause: str, cells: Mapping[str, CellValue]) -> tuple[str, str] | None:
    """(expected text, hint) when the number disagrees with every candidate; None when it agrees or is unknown."""
    typed = int(number.replace(",", ""))
    options = []
    for candidate in _candidates(keyword, clause, cells):
        values = [cells.get(c) for c in candidate]
        if any(not isinstance(v, int) for v in values):
            return None  # blank or missing: not checkable, reported on its own
        total = sum(v for v in values if isinstance(v, int))
        if total == typed:
            return None
        options.append(f"{_shown(candidate)} = {total}")
    return " or ".join(options), _candidates(keyword, clause, cells)[0][0]


def check_numbers(narrative: Narrative, text: str, cells: Mapping[str, CellValue], diags: list[Diagnostic]) -> None:
    """Warn where a typed number next to a keyword differs from the table figure it names (line of the sentence)."""
    if _AFTER.search(text) is None and _BEFORE.search(text) is None:
        return  # the common case: every figure is quoted by reference (`{{` is no filler: references never match)
    masked = REFERENCE.sub(lambda m: "§" * len(m.group(0)) if reference_name(m) is not None
                           else m.group(0), text)  # same length: columns stay right
    for n, line in enumerate(masked.split("\n"), start=1):
        if line.lstrip().startswith("#") or not any(ch.isdigit() for ch in line):
            continue
        found = [(m.start(), m.group(1), m.group(2), m.group(0)) for m in _AFTER.finditer(line)]
        found += [(m.start(), "结转", m.group(1), m.group(0)) for m in _BEFORE.finditer(line)]
        for start, keyword, number, said in sorted(found):
            clause = _CLAUSE_END.split(line[:start])[-1]
            problem = _check(keyword, number, clause, cells)
            if problem is None:
                continue
            expected, example = problem
            diags.append(Diagnostic(
                "warning", "N_NARRATIVE_MATCHES_TABLES", f"the text says “{said}”, but the table has {expected}",
                narrative.file, n, start + 1,
                f"quote the figure by reference, e.g. `{{{{ {example} }}}}`, so text and table cannot disagree; "
                "if the sentence counts something else, reword it"))
