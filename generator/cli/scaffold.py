"""`govreport new ORGAN YEAR`: next year's report folder from last year's — blanks to fill, chains prefilled."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from generator import formats
from generator.check.organ import validate_organ
from generator.check.site import read_site
from generator.errors import did_you_mean, printable
from generator.formats import Format, Label
from generator.load.content import display_path, load_organ, load_site
from generator.load.paths import ORGAN_ID_TEXT, valid_organ_id
from generator.model import CellValue, Organ, Report

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_ZH_ITEMS = "一二三四五六七八九十"


class ScaffoldError(Exception):
    """Why the folder was not created (nothing was written)."""


@dataclass(frozen=True)
class Scaffolded:
    """What `new` wrote and what it took from the previous report."""

    folder: str
    files: tuple[str, ...]
    previous: int | None  # the year whose report was used
    prefilled: tuple[str, ...]  # cell ids taken from the chains of the format
    highlights: int  # highlights carried over with last year's value as `previous`


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _label(label: Label) -> str:
    return f"{{zh: {_text(label.zh)}, en: {_text(label.en)}}}"


def _number(value: CellValue) -> str:
    return "null" if value is None else format(value, "f") if not isinstance(value, (int, str)) else str(value)


def prefill(fmt: Format, prev: Report | None) -> dict[str, CellValue]:
    """This year's cells that the format's chains fix from last year's report (上年结转 = 结转下年度 …)."""
    out: dict[str, CellValue] = {}
    if prev is None or prev.format is None:
        return out
    for rule in fmt.cross_year_rules():
        for inst in rule.instances:
            if len(inst.lhs) != 1 or not inst.rhs or not all(t.previous for t in inst.rhs):
                continue  # the chain needs this year's figures too (e.g. 现行有效 = … + 制发 − 废止)
            values = [prev.values.get(t.cell) for t in inst.rhs]
            if all(v is not None and not isinstance(v, str) for v in values):
                out[inst.lhs[0].cell] = sum(t.sign * v for t, v in zip(inst.rhs, values, strict=True))  # type: ignore[operator, misc]
    return out


def _tables(fmt: Format, filled: dict[str, CellValue], year: int) -> list[str]:
    lines = ["tables:"]
    for table in fmt.tables.values():
        lines.append(f"  {table.id}:  # {table.label.zh}")
        for row in table.rows:
            cells = [(col.id, cid) for col, cid in table.row_cells[row.id] if cid not in fmt.fillable]
            if not cells:
                continue  # a row of 总计 only (（七）总计): computed
            shown = ", ".join(f"{col}: {_number(filled.get(cid))}" for col, cid in cells)
            note = f"  # from the {year - 1} report" if any(cid in filled for _, cid in cells) else ""
            lines.append(f"    {row.id}: {{{shown}}}{note}")
    return lines


def report_yaml(organ: Organ, fmt: Format, year: int, prev: Report | None, filled: dict[str, CellValue]) -> str:
    """The report.yaml text: every cell blank (null) but the prefilled ones, 总计 left to be computed."""
    month, day = fmt.deadlines[organ.kind]
    deadline = dt.date(year + 1, month, day).isoformat()
    origin = f"from the {prev.year} report" if prev else "with no earlier report to start from"
    lines = [
        f"# {organ.name.zh}{year}年政府信息公开工作年度报告 — figures, made by `govreport new` {origin}.",
        "# Fill in every null: a blank is not a zero (write 0 for none). 总计 cells are computed while left out;",
        "# add them to have them checked.",
        f'format: "{fmt.version}"',
        f"# published: {deadline}   # the date of publication (发布时间); due by {deadline} (条例 第四十九条)",
        f"scope: {prev.scope if prev else 'own'}",
        *_tables(fmt, filled, year),
    ]
    if prev and prev.highlights:
        lines += ["highlights:  # last year's figures as `previous`: write this year's `value`"]
        for h in prev.highlights:
            lines += [f"  - id: {h.id}", f"    label: {_label(h.label)}", "    value: null"]
            if h.unit:
                lines.append(f"    unit: {_label(h.unit)}")
            lines.append(f"    previous: {_number(h.value)}")
    return "\n".join(lines) + "\n"


def narrative_md(fmt: Format, lang: str, year: int) -> str:
    """The narrative skeleton: the canonical parts the format requires, with the topics it asks them to cover."""
    if lang == "zh":
        lines = [f"本报告依据《中华人民共和国政府信息公开条例》编制，统计期间为{year}年1月1日至12月31日。"]
    else:
        lines = [f"This report is made under the Regulations on Open Government Information; it covers 1 January to "
                 f"31 December {year}."]
    for section_id in fmt.required_narrative:
        section = fmt.section(section_id)
        lines += ["", f"## {section.label.get(lang)}"]
        for i, topic in enumerate(section.topics):
            item = f"（{_ZH_ITEMS[i]}）{topic.zh}" if lang == "zh" else f"{i + 1}. {topic.en}"
            lines += ["", f"### {item}"]
    return "\n".join(lines) + "\n"


def new_report(content: str, organ_id: str, year: int) -> Scaffolded:
    """Create `content/<organ>/<year>/` from the organ's latest earlier report; refuse to overwrite anything."""
    root = Path(content)
    if not valid_organ_id(organ_id):  # `../x` would write outside the content folder
        raise ScaffoldError(f"`{printable(organ_id[:80])}` is not an organ id: use {ORGAN_ID_TEXT}")
    if not (root / "site.yaml").is_file():
        raise ScaffoldError(f"no site.yaml in `{content}`: pass the content folder with --content")
    site_doc, names, _ = load_site(content)
    if not (root / organ_id / "organ.yaml").is_file():
        raise ScaffoldError(f"no organ `{organ_id}` in `{content}`{did_you_mean(organ_id, names)}")
    if not 1990 <= year <= 2999:
        raise ScaffoldError(f"`{year}` is not a year of a report")
    folder = root / organ_id / str(year)
    existing = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if existing:
        raise ScaffoldError(f"{display_path(content, organ_id, str(year))}/ already exists with {', '.join(existing)}: "
                            "refusing to overwrite; edit those files, or remove the folder first")
    info = read_site(site_doc, [])
    raw, _ = load_organ(content, organ_id)
    organ = validate_organ(raw, names, info.languages, [], info.similarity_threshold)
    if organ is None:
        raise ScaffoldError(f"{display_path(content, organ_id, 'organ.yaml')} has errors: run `govreport validate`")
    earlier = [r for r in organ.reports if r.year < year]
    prev = earlier[-1] if earlier and earlier[-1].year == year - 1 else None
    fmt = formats.for_year(year)
    filled = prefill(fmt, prev)
    texts = {"report.yaml": report_yaml(organ, fmt, year, prev, filled)}
    texts.update({f"{lang}.md": narrative_md(fmt, lang, year) for lang in info.languages})
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        with open(folder / name, "x", encoding="utf-8") as f:  # "x": never replace a file that appeared meanwhile
            f.write(text)
    return Scaffolded(display_path(content, organ_id, str(year)), tuple(texts), prev.year if prev else None,
                      tuple(sorted(filled)), len(prev.highlights) if prev else 0)
