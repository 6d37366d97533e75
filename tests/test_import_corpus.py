"""Layouts of the sample reports as converted documents print them, for the import tests: each report's figures
(content/<organ>/<year>/report.yaml) and narrative (zh.md) laid out as text — tables as lines, one cell per line,
or Markdown pipe tables — with the perturbations real conversions make (labels split across lines, spaces inside
words, ASCII punctuation, half-width brackets, blank legal-person columns, numbers on a line apart from their label,
pipe fragments repeated under a page head, a row label lost). `outcome` imports a layout and classifies it:
cell-exact, a located error naming a row, or anything else (a wrong number, an error naming no row)."""

from __future__ import annotations

import collections
import functools
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.formats import Format, get
from generator.importer.run import read_source

ROOT = Path(__file__).parent.parent
REPORTS = [("pingtan", 2019), ("pingtan", 2020), ("pingtan", 2021), ("pingtan", 2022), ("pingtan", 2025),
           ("guangzhou-office", 2020)]
MODES = ("lines", "cells", "pipe")
# perturbations of one row (the first eight keep every number readable; the last three may make the row unreadable)
ROW_PERTURBATIONS = ("split_label", "spaces", "ascii_punct", "half_brackets", "numbers_apart", "thousands",
                     "minus_sign", "tab_cells", "blank_legal", "label_lost", "page_head")
KEEPING = 8  # the first eight keep every number readable
MINUS_SIGNS = "−－–—"  # minus signs of word processors and PDFs (U+2212, full-width, en and em dash)
LEGAL = ("commercial", "research", "social_welfare", "legal_service", "other_org")
PAGE_HEAD = "平潭综合实验区政府信息公开工作年度报告"


@dataclass
class Report:
    """A sample report: its format, cells (cell id → value as in report.yaml) and narrative parts (zh heading → text)."""

    organ: str
    year: int
    fmt: Format
    cells: dict[str, object]
    parts: dict[str, str]


@dataclass
class Plan:
    """How to print a report: a mode per table and the perturbations of each row (row key → names)."""

    modes: dict[str, str] = field(default_factory=dict)
    rows: dict[str, set[str]] = field(default_factory=dict)
    generic_headers: bool = False


@functools.cache
def load(organ: str, year: int) -> Report:
    folder = ROOT / "content" / organ / str(year)
    doc = yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8"))
    cells = {f"{t}.{r}.{c}": v for t, rows in doc["tables"].items() for r, cols in rows.items() for c, v in cols.items()}
    parts: dict[str, str] = {}
    heading = ""
    for line in (folder / "zh.md").read_text(encoding="utf-8").split("\n"):
        if line.startswith("## "):
            heading = line[3:].strip()
            parts[heading] = ""
        elif heading and line.strip():
            text = re.sub(r"\{\{[^}]*\}\}", "若干", line.lstrip("#").strip())
            parts[heading] += text + "\n"
    return Report(organ, year, get(str(doc["format"])), cells, parts)


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return str(value)


def _grouped(shown: str, sep: str) -> str:
    """A figure with thousands separators (24252.311082 → 24,252.311082); any other text as it is."""
    m = re.fullmatch(r"(-?)([0-9]{4,})(\.[0-9]+)?", shown)
    return f"{m[1]}{int(m[2]):,}{m[3] or ''}".replace(",", sep) if m else shown


def _label(label: str, how: set[str], rng: random.Random) -> str:
    out = label
    if "ascii_punct" in how:
        out = out.replace("、", ", ").replace("，", ",").replace("：", ":")
    if "half_brackets" in how:
        out = out.replace("（", "(").replace("）", ")")
    if "spaces" in how and len(out) > 3:
        at = rng.randrange(1, len(out) - 1)
        out = out[:at] + " " + out[at:]
    if "split_label" in how and len(out) > 4:
        at = rng.randrange(2, len(out) - 1)
        out = out[:at] + "\n" + out[at:]
    return out


def _cells_of(report: Report, tid: str, rid: str) -> list[tuple[str, object]]:
    table = report.fmt.tables[tid]
    return [(cid, report.cells[cid]) for _c, cid in table.row_cells[rid]]


def _blanked(report: Report, tid: str, rid: str, how: set[str]) -> list[tuple[str, object]]:
    """The row's cells; with blank_legal, the legal-person columns that are 0 are left blank (null)."""
    out = _cells_of(report, tid, rid)
    if "blank_legal" in how and tid == "t3":
        out = [(cid, None if cid.rsplit(".", 1)[1] in LEGAL and v == 0 else v) for cid, v in out]
    return out


def _table(report: Report, tid: str, plan: Plan, rng: random.Random, expected: dict[str, object]) -> list[str]:
    fmt = report.fmt
    table = fmt.tables[tid]
    mode = plan.modes.get(tid, "lines")
    lines: list[str] = []
    if table.label.zh not in (s.label.zh.split("、", 1)[-1] for s in fmt.sections):
        lines.append(table.label.zh)
    if table.note is not None:
        lines.append(table.note.zh)
    heads = [c.label.zh for c in table.columns]
    if table.wide:
        rows = [("", [v for r in table.rows for v in _cells_of(report, tid, r.id)])]
        lines.append(" ".join([r.label.zh for r in table.rows] + heads * len(table.rows)))
    else:
        rows = [(r.id, _blanked(report, tid, r.id, plan.rows.get(f"{tid}.{r.id}", set()))) for r in table.rows]
        header = [table.header.zh if table.header is not None else "信息内容", *heads]
        if mode == "pipe":
            names = [f"数据{i + 1}" for i in range(len(heads))] if plan.generic_headers else heads
            lines += ["| 项目 | " + " | ".join(names) + " |", "|" + "---|" * (len(heads) + 1)]
        else:
            lines.append(" ".join(header))
    group_shown: set[str] = set()
    for rid, values in rows:
        key = f"{tid}.{rid}" if rid else tid
        how = plan.rows.get(key, set())
        row = next((r for r in table.rows if r.id == rid), None)
        for g in (row.groups if row is not None else ()):
            if g.label.zh not in group_shown:
                group_shown.add(g.label.zh)
                lines.append(f"| {g.label.zh} |" + " |" * len(heads) if mode == "pipe" else g.label.zh)
        label = "" if row is None else _label(row.label.zh, how, rng)
        if "label_lost" in how:
            label = ""
        shown = [_show(v) for _cid, v in values]
        if "thousands" in how:  # 2,418 and 4，166.241619: the separators of Word and of Chinese typesetting
            sep = rng.choice(",，")
            shown = [_grouped(s, sep) for s in shown]
        if "minus_sign" in how:
            shown = [rng.choice(MINUS_SIGNS) + s[1:] if s.startswith("-") else s for s in shown]
        expected.update((cid, v) for cid, v in values)
        if mode == "pipe":
            if "page_head" in how:  # a page break inside the table: the running head, the header row again
                lines += ["", PAGE_HEAD, "", lines[0] if lines[0].startswith("|") else "| 项目 | 数据 |"]
            lines.append("| " + label.replace("\n", " ") + " | " + " | ".join(shown) + " |")
            continue
        printed = [s for s in shown if s]
        if "page_head" in how:
            lines += ["", PAGE_HEAD, "— 3 —", ""]
        if mode == "lines" and "tab_cells" in how and label:  # a table copied from a spreadsheet: a tab between
            lines.append(f"{label}\t" + "\t".join(shown))  # cells, a blank an empty field
        elif mode == "cells":
            lines += [*label.split("\n"), *printed]
        elif "numbers_apart" in how:
            lines += [label, " ".join(printed)]
        else:
            lines.append(f"{label} {' '.join(printed)}".strip())
    return lines


Outline = list[tuple[str, str, tuple[str, ...]]]  # (heading as printed, canonical section id or "", tables)


def standard(fmt: Format) -> Outline:
    return [(s.label.zh, s.id, s.tables) for s in fmt.sections]


def reordered(fmt: Format) -> Outline:
    """Applications as part 二, proactive disclosure as part 三, part 五 其他需要报告的事项, problems last."""
    s = {x.id: x for x in fmt.sections}
    return [("一、总体情况", "s1_overview", ()),
            ("二、收到和处理政府信息公开申请情况", "s3_requests", s["s3_requests"].tables),
            ("三、主动公开政府信息情况", "s2_proactive", s["s2_proactive"].tables),
            ("四、政府信息公开行政复议、行政诉讼情况", "s4_review_litigation", ("t4",)),
            ("五、其他需要报告的事项", "s6_other", ()),
            ("六、存在的主要问题及改进情况", "s5_problems", ())]


def appended(fmt: Format) -> Outline:
    """The narrative first (tables announced as 附表), then every table after part 六 under 附表."""
    out: Outline = [(sec.label.zh, sec.id, ()) for sec in fmt.sections]
    out.append(("附表：政府信息公开工作情况统计表", "", tuple(t for sec in fmt.sections for t in sec.tables)))
    return out


def render(report: Report, plan: Plan, seed: int = 0, outline: Outline | None = None
           ) -> tuple[str, dict[str, object]]:
    """The report as text laid out by `plan`, and the cells an exact import gives (blanks left blank are null)."""
    rng = random.Random(seed)
    fmt = report.fmt
    expected: dict[str, object] = {}
    lines = [f"平潭综合实验区{report.year}年度政府信息公开工作年度报告", "",
             "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，编制本报告。", ""]
    for heading, sid, tids in outline or standard(fmt):
        lines.append(heading)
        text = report.parts.get(fmt.section(sid).label.zh, "") if sid else ""
        if text:
            lines.append(text.rstrip("\n"))
        for tid in tids:
            lines += _table(report, tid, plan, rng, expected)
        lines.append("")
    return "\n".join(lines) + "\n", expected


def random_plan(report: Report, rng: random.Random, *, harmful: bool) -> Plan:
    """A plan with a random mode per table and a few perturbed rows; `harmful` allows the perturbations that may
    make a row unreadable."""
    plan = Plan(generic_headers=rng.random() < 0.5)
    kinds = ROW_PERTURBATIONS if harmful else ROW_PERTURBATIONS[:KEEPING]
    for tid, table in report.fmt.tables.items():
        plan.modes[tid] = rng.choice(MODES)
        keys = [tid] if table.wide else [f"{tid}.{r.id}" for r in table.rows]
        for key in rng.sample(keys, k=min(len(keys), rng.randint(0, 4))):
            plan.rows[key] = set(rng.sample(kinds, k=rng.randint(1, 3)))
    return plan


def empty_content(tmp: Path) -> Path:
    content = tmp / "content"
    if content.exists():
        return content
    content.mkdir(parents=True)
    for organ in {o for o, _y in REPORTS}:
        (content / organ).mkdir()
        (content / organ / "organ.yaml").write_bytes((ROOT / "content" / organ / "organ.yaml").read_bytes())
    return content


_ROW_KEY = re.compile(r"\bt[0-9]\w*(?:\.[a-z_0-9]+)?")


def outcome(source: Path, report: Report, expected: dict[str, object], content: Path) -> tuple[str, str]:
    """("exact" | "located" | "wrong" | "unlocated", detail) for importing `source` as `report`."""
    got = read_source(source, source.name, content, report.organ, report.year, force=True)
    errors = [d for d in got.diagnostics if d.severity == "error"]
    if errors:
        bad = [d for d in errors if d.line < 1 or not _ROW_KEY.search(d.message)
               or not d.code.startswith("IMPORT_")]
        return ("unlocated" if bad else "located"), "\n".join(f"{d.line}:{d.col} {d.code} {d.message}"
                                                              for d in errors)
    doc = yaml.safe_load(got.files["report.yaml"])
    cells = {f"{t}.{r}.{c}": v for t, rows in doc["tables"].items() for r, cols in rows.items() for c, v in cols.items()}
    wrong = {k: (cells.get(k), v) for k, v in expected.items() if _show(cells.get(k)) != _show(v)}
    return ("wrong", repr(wrong)) if wrong or set(cells) != set(expected) else ("exact", "")


def render_html(report: Report, *, blank_legal: bool = False, blank: str = "", outline: Outline | None = None
                ) -> tuple[str, dict[str, object]]:
    """The report as a saved HTML page: ruled tables with merged header and group cells as the form prints them;
    with `blank_legal`, the legal-person columns that are 0 are empty cells (`blank` inside the <td>)."""
    fmt = report.fmt
    expected: dict[str, object] = {}
    body = [f"<h1>平潭综合实验区{report.year}年度政府信息公开工作年度报告</h1>",
            "<p>根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，编制本报告。</p>"]
    for heading, sid, tids in outline or standard(fmt):
        body.append(f"<p><strong>{heading}</strong></p>")
        text = report.parts.get(fmt.section(sid).label.zh, "") if sid else ""
        body += [f"<p>{line}</p>" for line in text.split("\n") if line]
        for tid in tids:
            table = fmt.tables[tid]
            rows = ['<table border="1">']
            heads = [c.label.zh for c in table.columns]
            if table.wide:
                names = [r.label.zh for r in table.rows]
                rows.append("<tr>" + "".join(f'<td colspan="{len(heads)}">{n}</td>' for n in names) + "</tr>")
                rows.append("<tr>" + "".join(f"<td>{h}</td>" for h in heads * len(names)) + "</tr>")
                values = [v for r in table.rows for v in _cells_of(report, tid, r.id)]
                expected.update(values)
                rows.append("<tr>" + "".join(f"<td>{_show(v)}</td>" for _c, v in values) + "</tr>")
            else:
                if table.note is not None:
                    rows.append(f'<tr><td colspan="{len(heads) + 2}">{table.note.zh}</td></tr>')
                header = table.header.zh if table.header is not None else "信息内容"
                rows.append(f'<tr><td colspan="2">{header}</td>' + "".join(f"<td>{h}</td>" for h in heads) + "</tr>")
                for row in table.rows:
                    how = {"blank_legal"} if blank_legal else set()
                    values = _blanked(report, tid, row.id, how)
                    expected.update(values)
                    group = row.groups[-1].label.zh if row.groups else ""
                    label = (f"<td>{group}</td><td>{row.label.zh}</td>" if group
                             else f'<td colspan="2">{row.label.zh}</td>')
                    cells = "".join(f"<td>{_show(v) if v is not None else blank}</td>" for _c, v in values)
                    rows.append(f"<tr>{label}{cells}</tr>")
            rows.append("</table>")
            body += rows
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body>"
            "<div class=\"nav\">首页 政务公开</div><div class=\"article\">" + "\n".join(body) + "</div></body></html>")
    return page, expected


# ---------------------------------------------------------------------------------------------------------------
# The property: every layout imports cell-exact or fails with a located error naming the row, never a wrong number.

HARMLESS = ROW_PERTURBATIONS[:KEEPING] + ("page_head",)
FIXTURES = Path(__file__).parent / "fixtures" / "import"
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@st.composite
def layouts(draw: st.DrawFn, kinds: tuple[str, ...]) -> tuple[Report, Plan, int]:
    report = load(*draw(st.sampled_from(REPORTS)))
    plan = Plan(generic_headers=draw(st.booleans()))
    for tid, table in report.fmt.tables.items():
        plan.modes[tid] = draw(st.sampled_from(MODES))
        keys = [tid] if table.wide else [f"{tid}.{r.id}" for r in table.rows]
        for key in draw(st.lists(st.sampled_from(keys), max_size=4, unique=True)):
            plan.rows[key] = set(draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=3, unique=True)))
    return report, plan, draw(st.integers(0, 2**16))


@pytest.fixture(scope="module")
def corpus_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return empty_content(tmp_path_factory.mktemp("corpus"))


def _case(content: Path, report: Report, plan: Plan, seed: int) -> tuple[str, str]:
    text, expected = render(report, plan, seed)
    source = content.parent / "case.txt"
    source.write_text(text, encoding="utf-8")
    return outcome(source, report, expected, content)


@SETTINGS
@given(case=layouts(HARMLESS))
def test_layouts_that_keep_every_number_import_cell_exact(corpus_content: Path,
                                                          case: tuple[Report, Plan, int]) -> None:
    report, plan, seed = case
    result, detail = _case(corpus_content, report, plan, seed)
    assert result == "exact", (report.organ, report.year, plan, detail)


@SETTINGS
@given(case=layouts(ROW_PERTURBATIONS))
def test_any_layout_imports_cell_exact_or_names_the_row_never_a_wrong_number(
        corpus_content: Path, case: tuple[Report, Plan, int]) -> None:
    report, plan, seed = case
    result, detail = _case(corpus_content, report, plan, seed)
    assert result in ("exact", "located"), (report.organ, report.year, plan, detail)


@pytest.mark.slow
def test_the_corpus_of_single_perturbations(corpus_content: Path) -> None:
    """Every row of every sample report × every perturbation × every mode: the counts are printed (-s)."""
    counts: collections.Counter[str] = collections.Counter()
    by_kind: collections.Counter[tuple[str, str, str]] = collections.Counter()
    for organ, year in REPORTS:
        report = load(organ, year)
        keys = [tid if t.wide else f"{tid}.{r.id}" for tid, t in report.fmt.tables.items()
                for r in t.rows[:1 if t.wide else None]]
        for mode in MODES:
            for how in ROW_PERTURBATIONS:
                for n, key in enumerate(keys):
                    plan = Plan(modes=dict.fromkeys(report.fmt.tables, mode), rows={key: {how}},
                                generic_headers=n % 2 == 1)
                    result, detail = _case(corpus_content, report, plan, n)
                    counts[result] += 1
                    by_kind[(mode, how, result)] += 1
                    assert result in ("exact", "located"), (organ, year, mode, how, key, detail)
                    if how in HARMLESS or (how == "blank_legal" and mode == "pipe"):
                        assert result == "exact", (organ, year, mode, how, key, detail)
    print(f"corpus: {sum(counts.values())} layouts: {counts['exact']} cell-exact, {counts['located']} located "
          f"errors, {counts['wrong']} wrong numbers")
    for key in sorted(by_kind):
        print("  ", *key, by_kind[key])


@pytest.mark.parametrize(("organ", "year"), REPORTS)
def test_tab_separated_rows_keep_their_blank_cells(corpus_content: Path, organ: str, year: int) -> None:
    """Table 三 copied from a spreadsheet (a tab between cells) with its legal-person columns left blank where they
    are 0 (`151\t3\t\t\t\t\t154`): each empty field is a blank of its column, every cell exact."""
    report = load(organ, year)
    rows = {f"t3.{r.id}": {"blank_legal", "tab_cells"} for r in report.fmt.tables["t3"].rows}
    plan = Plan(modes=dict.fromkeys(report.fmt.tables, "lines"), rows=rows)
    text, expected = render(report, plan, 0)
    assert "\t\t" in text and any(v is None for k, v in expected.items() if k.startswith("t3."))
    result, detail = _case(corpus_content, report, plan, 0)
    assert result == "exact", detail


CASES = yaml.safe_load((FIXTURES / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_fixed_layouts_give_their_exact_outcome(corpus_content: Path, case: dict[str, object]) -> None:
    from generator.errors import format_text

    report = load(str(case["organ"]), int(str(case["year"])))
    source = FIXTURES / str(case["file"])
    got = read_source(source, source.name, corpus_content, report.organ, report.year, force=True)
    shown = [format_text(d) for d in got.diagnostics]
    if "error" in case:
        assert not got.ok and shown[0].startswith(f"{source.name}:{case['error']}\n"), shown
        return
    assert got.ok, shown
    assert [d.code for d in got.diagnostics] == ([case["warning"]] if "warning" in case else []), shown
    doc = yaml.safe_load(got.files["report.yaml"])
    cells = {f"{t}.{r}.{c}": v for t, rows in doc["tables"].items() for r, cols in rows.items() for c, v in cols.items()}
    want = dict(report.cells)
    if case.get("blank_legal_zero"):
        want.update({k: None for k, v in want.items() if k.startswith("t3.") and k.rsplit(".", 1)[1] in LEGAL
                     and v == 0})
    assert {k: (cells.get(k), v) for k, v in want.items() if _show(cells.get(k)) != _show(v)} == {}
    assert set(cells) == set(want)
    if case.get("warning") == "IMPORT_NONSTANDARD_PARTS":  # the narrative under the canonical headings, in order
        heads = [line for line in got.files["zh.md"].split("\n") if line.startswith("## ")]
        assert heads == [f"## {s.label.zh}" for s in report.fmt.sections if report.parts.get(s.label.zh)]


def render_docx(report: Report, path: Path, *, blank_legal: bool = False, outline: Outline | None = None
                ) -> dict[str, object]:
    """The report as a Word file made with python-docx: paragraphs and real tables, the group labels of table 三 in
    merged cells, its note and header merged across the row; the cells an exact import gives."""
    import docx

    fmt = report.fmt
    expected: dict[str, object] = {}
    document = docx.Document()
    document.add_paragraph(f"平潭综合实验区{report.year}年度政府信息公开工作年度报告")
    document.add_paragraph("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，编制本报告。")
    for heading, sid, tids in outline or standard(fmt):
        document.add_paragraph(heading)
        for line in (report.parts.get(fmt.section(sid).label.zh, "") if sid else "").split("\n"):
            if line:
                document.add_paragraph(line)
        for tid in tids:
            table = fmt.tables[tid]
            heads = [c.label.zh for c in table.columns]
            if table.wide:
                values = [v for r in table.rows for v in _cells_of(report, tid, r.id)]
                expected.update(values)
                grid = document.add_table(rows=3, cols=len(values))
                for g, r in enumerate(table.rows):
                    first = grid.cell(0, g * len(heads))
                    first.merge(grid.cell(0, (g + 1) * len(heads) - 1)).text = r.label.zh
                for n, h in enumerate(heads * len(table.rows)):
                    grid.cell(1, n).text = h
                for n, (_cid, v) in enumerate(values):
                    grid.cell(2, n).text = _show(v)
                continue
            rows = [(r, _blanked(report, tid, r.id, {"blank_legal"} if blank_legal else set())) for r in table.rows]
            extra = 1 if table.note is not None else 0
            grid = document.add_table(rows=len(rows) + 1 + extra, cols=len(heads) + 2)
            if table.note is not None:
                grid.cell(0, 0).merge(grid.cell(0, len(heads) + 1)).text = table.note.zh
            grid.cell(extra, 0).merge(grid.cell(extra, 1)).text = (
                table.header.zh if table.header is not None else "信息内容")
            for n, h in enumerate(heads):
                grid.cell(extra, n + 2).text = h
            spans: list[tuple[str, list[int]]] = []  # runs of rows under the same group label, merged down
            for i, (row, values) in enumerate(rows):
                at = i + 1 + extra
                expected.update(values)
                if row.groups:
                    if not spans or spans[-1][0] != row.groups[-1].label.zh or spans[-1][1][-1] != at - 1:
                        spans.append((row.groups[-1].label.zh, []))
                    spans[-1][1].append(at)
                    grid.cell(at, 1).text = row.label.zh
                else:
                    grid.cell(at, 0).merge(grid.cell(at, 1)).text = row.label.zh
                for n, (_cid, v) in enumerate(values):
                    grid.cell(at, n + 2).text = _show(v)
            for label, at_rows in spans:
                grid.cell(at_rows[0], 0).merge(grid.cell(at_rows[-1], 0)).text = label
    document.save(str(path))
    return expected


@pytest.mark.parametrize(("organ", "year"), REPORTS, ids=[f"{o}-{y}" for o, y in REPORTS])
def test_a_word_file_imports_cell_exact(corpus_content: Path, organ: str, year: int) -> None:
    report = load(organ, year)
    for blank_legal in (False, True):
        source = corpus_content.parent / f"{organ}-{year}.docx"
        expected = render_docx(report, source, blank_legal=blank_legal)
        result, detail = outcome(source, report, expected, corpus_content)
        assert result == "exact", (blank_legal, detail)


def test_a_word_file_is_read_as_word_shows_it(corpus_content: Path, tmp_path: Path) -> None:
    """Tracked changes (24, 00 deleted, 18 inserted: Word shows 2418), hidden text and a footnote mark in table
    cells: the cells are the figures Word shows."""
    import zipfile

    report = load("pingtan", 2025)
    plain = tmp_path / "plain.docx"
    expected = render_docx(report, plain)
    with zipfile.ZipFile(plain) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    for figure, shown in (
            ("2418", '<w:r><w:t>24</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>00</w:delText></w:r>'
                     '</w:del><w:ins w:id="2" w:author="a"><w:r><w:t>18</w:t></w:r></w:ins>'),
            ("644", '<w:r><w:t>644</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    '<w:t>1</w:t></w:r>'),
            ("546", '<w:r><w:rPr><w:vanish/></w:rPr><w:t>1</w:t></w:r><w:r><w:t>546</w:t></w:r>')):
        old = f"<w:r><w:t>{figure}</w:t></w:r>"
        assert xml.count(old) == 1
        xml = xml.replace(old, shown)
    parts["word/document.xml"] = xml.encode("utf-8")
    source = tmp_path / "edited.docx"
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result, detail = outcome(source, report, expected, corpus_content)
    assert result == "exact", detail
