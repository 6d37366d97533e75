"""Open data for researchers: the lines of data/all.csv (labels, format, date, unit, amounts in 万元 beside the
printed text, computed and blank flags), data/highlights.csv (the key figures, the only figures of legacy reports),
and data/datapackage.json, their data dictionary (a Frictionless data package) with the site's licence.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.formats import Format
from generator.formats.cells import cell_label
from generator.model import CellValue, Organ, Site

ALL_COLUMNS = ("organ", "year", "table", "row", "column", "value", "printed", "unit", "label_zh", "label_en",
               "format", "published", "computed", "blank")
HIGHLIGHT_COLUMNS = ("organ", "year", "format", "published", "id", "label_zh", "label_en", "value", "unit_zh",
                     "unit_en", "previous", "approximate")
WAN_YUAN = "10k_yuan"  # 万元
_AMOUNT = re.compile(r"^\s*([-+]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(亿元|万元|元)\s*$")
_PER_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """A text cell with a leading `'` when a spreadsheet would read it as a formula (as in export.py)."""
    return f"'{text}" if text.startswith(_FORMULA) else text


def _digits(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def amount_in_wan(value: CellValue, kind: str) -> str:
    """An amount as a number in 万元 (`75394432.52元` → 7539.443252), "" when the printed text has no amount."""
    if value is None:
        return ""
    if kind == "decimal":  # the 2021 format states its amounts in 万元
        return _digits(Decimal(str(value)))
    found = _AMOUNT.match(str(value))
    if not found:
        return ""
    try:
        return _digits(Decimal(found.group(1).replace(",", "")) * _PER_WAN[found.group(2)])
    except InvalidOperation:
        return ""


_MONEY = ("decimal", "money_text")


def _value(value: CellValue, kind: str) -> tuple[str, str, str]:
    """(value, printed, unit) of one cell."""
    printed = "" if value is None else format(value, "f") if isinstance(value, Decimal) else str(value)
    if kind in _MONEY:
        return amount_in_wan(value, kind), _safe(printed), WAN_YUAN
    return printed, printed, "count"


_QUOTED = re.compile('[,"\r\n]')


def csv_text(text: str) -> str:
    """One field as csv.writer writes it (QUOTE_MINIMAL, "\\r\\n" lines): quoted when it holds a comma, a quote or a
    line break, its quotes doubled. all.csv lines joined from parts made once per format took a fifth of csv.writer's
    time (200 lines a report); tests/test_opendata.py checks the two agree."""
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if _QUOTED.search(text) else text


def csv_line(fields: Iterable[str]) -> str:
    """A line of text fields as csv.writer writes it."""
    return ",".join(map(csv_text, fields)) + "\r\n"


_LINES: dict[str, dict[str, tuple[str, str, str]]] = {}


def _fixed(fmt: Format) -> dict[str, tuple[str, str, str]]:
    """Per cell of a format, made once: its "table,row,column" fields, its type, and its "labels,format" fields."""
    if fmt.version not in _LINES:
        _LINES[fmt.version] = {
            cid: (",".join(csv_text(_safe(part)) for part in cid.split(".")), kind,
                  ",".join(csv_text(field) for field in (_safe(cell_label(fmt, cid, "zh")),
                                                          _safe(cell_label(fmt, cid, "en")), fmt.version)))
            for cid, kind in fmt.cell_types.items()}
    return _LINES[fmt.version]


_FLAGS = {(False, False): "false,false", (True, False): "true,false", (False, True): "false,true",
          (True, True): "true,true"}


def organ_lines(organ: Organ) -> bytes:
    """One organ's lines of all.csv (no header), one per cell of each of its statutory reports."""
    lines: list[str] = []
    for report in organ.reports:
        fmt = report.format
        if fmt is None:
            continue
        fixed, computed = _fixed(fmt), report.computed
        head = f"{csv_text(_safe(organ.id))},{report.year},"
        published = csv_text(report.published.isoformat() if report.published else "")
        tail = f",{published},"
        for cid, value in report.values.items():
            place, kind, labels = fixed[cid]
            if value.__class__ is int and kind not in _MONEY:  # most cells: a count, written as it is, not blank
                lines.append(f"{head}{place},{value},{value},count,{labels}{tail}"
                             f"{'true' if cid in computed else 'false'},false\r\n")
                continue
            shown, printed, unit = _value(value, kind)
            lines.append(f"{head}{place},{csv_text(shown)},{csv_text(printed)},{unit},{labels}{tail}"
                         f"{_FLAGS[cid in computed, value is None]}\r\n")
    return "".join(lines).encode("utf-8")


def header(columns: Iterable[str]) -> bytes:
    """The first line of a CSV, with the byte-order mark that spreadsheets on Chinese Windows need."""
    return ("\ufeff" + ",".join(columns) + "\r\n").encode("utf-8")


def highlight_lines(organ: Organ) -> bytes:
    """One organ's lines of data/highlights.csv (no header): its reports' key figures (serve keeps them per organ)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for r in organ.reports:
        for h in r.highlights:
            writer.writerow([_safe(organ.id), r.year, r.format.version if r.format else "legacy",
                             r.published.isoformat() if r.published else "", _safe(h.id), _safe(h.label.zh),
                             _safe(h.label.en), _plain(h.value), _safe(h.unit.zh) if h.unit else "",
                             _safe(h.unit.en) if h.unit else "", _plain(h.previous), str(h.approximate).lower()])
    return buffer.getvalue().encode("utf-8")


def highlights_csv(site: Site, lines: Mapping[str, bytes] | None = None) -> bytes:
    """Every report's key figures (highlights): the figures of legacy reports, and the extra ones of the others;
    `lines`: each organ's lines already made (highlight_lines), by organ id."""
    return header(HIGHLIGHT_COLUMNS) + b"".join(
        lines[o.id] if lines is not None else highlight_lines(o) for o in site.organs)


def _plain(value: int | Decimal | None) -> str:
    return "" if value is None else format(value, "f") if isinstance(value, Decimal) else str(value)


def _field(name: str, kind: str, zh: str, en: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "title": en, "description": f"{en} / {zh}", **more}


_COMMON = {
    "organ": ("string", "机关标识（文件夹名）", "Organ id (its folder name)"),
    "year": ("integer", "报告所述年度", "The year the report is about"),
    "format": ("string", "报告格式：2019、2021（国办公开办函〔2019〕60号、〔2021〕30号）或 legacy（摘要）",
               "Format: 2019, 2021 (State Council letters 〔2019〕60 and 〔2021〕30) or legacy (summary)"),
    "published": ("date", "发布日期（空白：原报告未注明）", "Publication date (blank: not stated)"),
    "label_zh": ("string", "中文标签", "Label in Chinese"),
    "label_en": ("string", "英文标签", "Label in English"),
}


def _common(name: str, **more: Any) -> dict[str, Any]:
    kind, zh, en = _COMMON[name]
    return _field(name, kind, zh, en, **more)


def datapackage(site: Site) -> bytes:
    """data/datapackage.json: the Frictionless data package describing all.csv and highlights.csv."""
    boolean = {"trueValues": ["true"], "falseValues": ["false"]}
    cells = [
        _common("organ"), _common("year"),
        _field("table", "string", "表格标识", "Table id (t2_art20_1 … t4)"),
        _field("row", "string", "行标识", "Row id"),
        _field("column", "string", "列标识", "Column id"),
        _field("value", "number", "数值；金额一律换算为万元；空白：原报告未填写或无法换算",
               "The figure; amounts always in 10,000 yuan (万元); blank: left blank in the report, or not an amount"),
        _field("printed", "string", "原报告印出的文字（金额含原单位）",
               "The text as printed (amounts with their unit)"),
        _field("unit", "string", "单位：count（件、条、项）或 10k_yuan（万元）",
               "Unit: count (requests, documents, items) or 10k_yuan (万元)",
               constraints={"enum": ["count", WAN_YUAN]}),
        _common("label_zh"), _common("label_en"), _common("format"), _common("published"),
        _field("computed", "boolean", "true：原报告未填写，本系统由表内数据计算的总计",
               "true: a total not given in the report, computed by govreport from the table", **boolean),
        _field("blank", "boolean", "true：原报告未填写（不等于零）", "true: left blank in the report (not a zero)",
               **boolean),
    ]
    highlights = [
        _common("organ"), _common("year"), _common("format"), _common("published"),
        _field("id", "string", "主要数据标识", "Key figure id"), _common("label_zh"), _common("label_en"),
        _field("value", "number", "数值", "The figure"),
        _field("unit_zh", "string", "单位（中文）", "Unit in Chinese"),
        _field("unit_en", "string", "单位（英文）", "Unit in English"),
        _field("previous", "number", "上年数值", "The figure of the previous year"),
        _field("approximate", "boolean", "true：约数", "true: an approximate figure", **boolean),
    ]
    doc: dict[str, Any] = {
        "name": "govreport-annual-reports",
        "title": f"{site.title.en} / {site.title.zh}",
        "description": "Every figure of every annual report on open government information work of this portal "
                       "(政府信息公开工作年度报告), as published; long format, one line per table cell.",
        "resources": [
            {"name": "all", "path": "all.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": {"fields": cells,
             "primaryKey": ["organ", "year", "table", "row", "column"], "missingValues": [""]}},
            {"name": "highlights", "path": "highlights.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": {"fields": highlights,
             "primaryKey": ["organ", "year", "id"], "missingValues": [""]}},
        ],
    }
    if site.licence:
        spdx = re.fullmatch(r"[A-Za-z0-9.+-]+", site.licence) is not None
        doc["licenses"] = [{"name": site.licence, **({"path": f"https://spdx.org/licenses/{site.licence}.html"}
                                                     if spdx else {}), "title": site.licence}]
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
