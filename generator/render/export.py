"""Open data: one JSON and one CSV per report, a long-format CSV of every report, and the JSON Schema."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from generator.formats import Format
from generator.model import CellValue, Organ, Report
from generator.render import opendata

SCHEMA_ID = "govreport-report-1"


_DECIMAL_MARK = "\ue020"
_DECIMAL_QUOTED = re.compile(f'"{_DECIMAL_MARK}([-0-9.]+)"')


def _number(value: Any) -> Any:
    """Decimals are marked here and written as bare JSON numbers with every digit by `_dumps` (not via float)."""
    return f"{_DECIMAL_MARK}{format(value, 'f')}" if isinstance(value, Decimal) else value


_SCALARS: dict[type, Any] = {str: encode_basestring, int: int.__repr__, float: json.dumps, bool: json.dumps,
                             type(None): json.dumps}


def _indented(obj: Any, indent: str) -> str:
    """`json.dumps(obj, ensure_ascii=False, indent=1)` of dicts, lists and scalars, at depth len(indent): the same
    text, without the Python encoder's generators (which json uses for every indented document)."""
    scalar = _SCALARS.get(obj.__class__)
    if scalar is not None:
        return scalar(obj)  # type: ignore[no-any-return]
    inner = indent + " "
    if obj.__class__ is dict:
        if not obj:
            return "{}"
        scalars, items = _SCALARS.get, []
        for k, v in obj.items():  # most values are scalars (a report's cells): no call to _indented for them
            item = scalars(v.__class__)
            items.append(f"{inner}{encode_basestring(k)}: {item(v) if item else _indented(v, inner)}")
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if obj.__class__ in (list, tuple):
        if not obj:
            return "[]"
        return "[\n" + ",\n".join(inner + _indented(v, inner) for v in obj) + f"\n{indent}]"
    raise TypeError(type(obj).__name__)


class _Written(str):
    """A value already written as indented JSON (the cells of a report), put into the document as it is."""


_SCALARS[_Written] = str.__str__
_CELL_KEYS: dict[tuple[str, ...], list[str]] = {}  # the cell ids of a report → each one's `  "id": `


def _cells(values: Mapping[str, CellValue]) -> _Written | None:
    """`_indented` of a report's cells (at depth 1, decimals marked), each key's text made once per set of cell ids
    (the cells are nine tenths of a report's JSON); None for a value of another type."""
    keys = tuple(values)
    prefixes = _CELL_KEYS.get(keys)
    if prefixes is None:
        prefixes = _CELL_KEYS[keys] = [f"  {encode_basestring(k)}: " for k in keys]
    items = []
    for prefix, value in zip(prefixes, values.values(), strict=True):
        kind = value.__class__
        if kind is int:
            items.append(f"{prefix}{value}")
        elif value is None:
            items.append(f"{prefix}null")
        elif kind is Decimal or kind is str:
            items.append(prefix + encode_basestring(_number(value)))
        else:
            return None
    return _Written("{\n" + ",\n".join(items) + "\n }") if items else None


def _dumps(doc: Any) -> bytes:
    try:
        text = _indented(doc, "")
    except TypeError:  # a key that is no string, a value of another type: json's own rules and errors
        text = json.dumps(doc, ensure_ascii=False, indent=1)
    return (_DECIMAL_QUOTED.sub(r"\1", text) + "\n").encode("utf-8")


def report_data(report: Report, organ: Organ) -> dict[str, Any]:
    """The machine-readable content of one report (the JSON file's document)."""
    return _document(report, organ, {cid: _number(v) for cid, v in report.values.items()})


def _document(report: Report, organ: Organ, cells: Any) -> dict[str, Any]:
    return {
        "$schema": "schema.json",
        "schema": SCHEMA_ID,
        "organ": organ.id,
        "organ_name": {"zh": organ.name.zh, "en": organ.name.en},
        "organ_kind": organ.kind,
        "year": report.year,
        "format": report.format.version if report.format else "legacy",
        "format_document": report.format.document_no if report.format else None,
        "published": report.published.isoformat() if report.published else None,
        "scope": report.scope,
        "title": {"zh": report.title.zh, "en": report.title.en},
        "cells": cells,
        "computed": sorted(report.computed),
        "notes": {cid: {"zh": n.zh, "en": n.en} for cid, n in report.notes.items()},
        "highlights": [{"id": h.id, "label": {"zh": h.label.zh, "en": h.label.en}, "value": _number(h.value),
                        "unit": {"zh": h.unit.zh, "en": h.unit.en} if h.unit else None,
                        "previous": _number(h.previous), "approximate": h.approximate} for h in report.highlights],
        "discrepancies": [{"rule": d.rule, "instance": d.instance, "message": d.message,
                           "reason": {"zh": d.reason.zh, "en": d.reason.en}} for d in report.discrepancies],
        "source": dict(report.source),
    }


def report_json(report: Report, organ: Organ) -> bytes:
    """The report's JSON file."""
    cells = _cells(report.values)
    if cells is not None:
        try:
            return (_DECIMAL_QUOTED.sub(r"\1", _indented(_document(report, organ, cells), "")) + "\n").encode("utf-8")
        except TypeError:  # json's own rules and errors (as _dumps), with the cells as a dict
            pass
    return _dumps(report_data(report, organ))


_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (OWASP: CSV injection)


def _safe(text: str) -> str:
    """A text cell of a CSV, with a leading `'` when a spreadsheet would read it as a formula (`=HYPERLINK(…)`)."""
    return f"'{text}" if text.startswith(_FORMULA) else text


def _text(value: CellValue) -> str:
    """A value's CSV cell: numbers as written, text made safe."""
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value) if not isinstance(value, str) \
        else _safe(value)


_CSV_LABELS: dict[str, list[tuple[str, str]]] = {}
_CSV_HEAD = opendata.csv_line(["id", "table", "row", "column", "label_zh", "label_en", "value", "computed"])


def _csv_labels(fmt: Format) -> list[tuple[str, str]]:
    """The fixed fields of a format's CSV lines (id, table, row, column, labels), joined once per format."""
    if fmt.version not in _CSV_LABELS:
        _CSV_LABELS[fmt.version] = [
            (cid, ",".join(opendata.csv_text(_safe(t)) for t in (cid, table.id, row.id, col.id,
                                                                  f"{row.label.zh} / {col.label.zh}",
                                                                  f"{row.label.en} / {col.label.en}")))
            for table in fmt.tables.values() for row in table.rows for col, cid in table.row_cells[row.id]]
    return _CSV_LABELS[fmt.version]


def report_csv(report: Report) -> bytes:
    """The report's CSV: one line per cell (and per highlight), with labels in both languages."""
    lines = ["\ufeff", _CSV_HEAD]  # a byte-order mark: spreadsheet programs on Chinese Windows then read UTF-8
    if report.format:
        values, computed = report.values, report.computed
        text = opendata.csv_text
        for cid, fixed in _csv_labels(report.format):
            value = values[cid]
            # most cells: a count, whose digits need neither quotes nor a formula guard
            shown = str(value) if value.__class__ is int else text(_text(value))
            lines.append(f"{fixed},{shown},yes\r\n" if cid in computed else f"{fixed},{shown},\r\n")
    for h in report.highlights:
        lines.append(opendata.csv_line([_safe(f"highlights.{h.id}"), "highlights", _safe(h.id), "value",
                                        _safe(h.label.zh), _safe(h.label.en), _text(h.value), ""]))
    return "".join(lines).encode("utf-8")


def organ_long_csv(organ: Organ) -> bytes:
    """One organ's lines of all.csv (no header): see opendata.ALL_COLUMNS."""
    return opendata.organ_lines(organ)


ALL_CSV = "data/all.csv"


def all_csv_parts(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The bytes of all.csv, part by part: its header, then each organ's lines (a build writes them as they come)."""
    yield opendata.header(opendata.ALL_COLUMNS)
    yield from chunks


def schema() -> bytes:
    """The JSON Schema of the per-report JSON files."""
    label = {"type": "object", "required": ["zh", "en"],
             "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}}
    number_or_null = {"type": ["number", "null"]}
    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "govreport: one annual report on open government information work (政府信息公开工作年度报告)",
        "type": "object",
        "required": ["schema", "organ", "year", "format", "cells"],
        "properties": {
            "schema": {"const": SCHEMA_ID},
            "organ": {"type": "string", "description": "organ id (folder name)"},
            "organ_name": label,
            "organ_kind": {"enum": ["government", "department"]},
            "year": {"type": "integer", "description": "the year the report is about"},
            "format": {"enum": ["2019", "2021", "legacy"],
                       "description": "State Council format: 国办公开办函〔2019〕60号 or 〔2021〕30号"},
            "format_document": {"type": ["string", "null"]},
            "published": {"type": ["string", "null"], "format": "date"},
            "scope": {"enum": ["own", "aggregate"]},
            "title": label,
            "cells": {"type": "object", "description": "every table cell by public id <table>.<row>.<column>; "
                      "null = left blank in the published report",
                      "patternProperties": {r"^t[0-9a-z_]+\.[a-z_]+\.[a-z_]+$":
                                            {"type": ["number", "string", "null"]}},
                      "additionalProperties": False},
            "computed": {"type": "array", "items": {"type": "string"},
                         "description": "总计 cells not given in the source, computed by govreport"},
            "notes": {"type": "object", "additionalProperties": label},
            "highlights": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "label": label, "value": {"type": "number"},
                "unit": {"oneOf": [label, {"type": "null"}]}, "previous": number_or_null,
                "approximate": {"type": "boolean"}}}},
            "discrepancies": {"type": "array", "items": {"type": "object", "properties": {
                "rule": {"type": "string"}, "instance": {"type": "string"}, "message": {"type": "string"},
                "reason": label}}},
            "source": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
