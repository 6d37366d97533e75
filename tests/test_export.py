"""Open data: per-report JSON (valid against data/schema.json) and CSV, and the long-format data/all.csv."""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from generator.build.pipeline import build, check
from generator.model import Organ
from generator.render.export import _DECIMAL_MARK, _dumps, _indented, report_data, report_json

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BOM = b"\xef\xbb\xbf"

REPORTS = {("guangzhou", 2019): "legacy", ("guangzhou-office", 2020): "2019", ("pingtan", 2019): "2019",
           ("pingtan", 2020): "2019", ("pingtan", 2021): "2021", ("pingtan", 2022): "2021", ("pingtan", 2025): "2021",
           ("shenzhen", 2018): "legacy"}
CELL_COUNT = {"2021": 200, "2019": 198, "legacy": 0}


def rid(key: tuple[str, int]) -> str:
    return f"{key[0]}-{key[1]}"


def load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return doc


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "site"
    validation, written = build(str(CONTENT), str(out))
    assert written is not None, validation.diagnostics
    return out / "data"


@pytest.fixture(scope="module")
def validator(data: Path) -> jsonschema.protocols.Validator:
    schema = json.loads((data / "schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    assert cls is jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_data_folder_has_a_json_and_csv_per_report(data: Path) -> None:
    expected = {f"{rid(k)}.{ext}" for k in REPORTS for ext in ("json", "csv")} | {
        "schema.json", "all.csv", "highlights.csv", "datapackage.json"}
    assert {p.name for p in data.iterdir()} == expected


@pytest.mark.parametrize("key", sorted(REPORTS), ids=rid)
def test_json_is_valid_against_the_schema(data: Path, validator: jsonschema.protocols.Validator,
                                          key: tuple[str, int]) -> None:
    doc = json.loads((data / f"{rid(key)}.json").read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
    assert errors == []
    assert doc["organ"] == key[0] and doc["year"] == key[1] and doc["format"] == REPORTS[key]


def test_schema_rejects_what_it_should(data: Path, validator: jsonschema.protocols.Validator) -> None:
    doc = json.loads((data / "pingtan-2021.json").read_text(encoding="utf-8"))
    assert validator.is_valid(doc)
    for broken in ({**doc, "cells": {**doc["cells"], "T3.X": 1}}, {**doc, "format": "2020"},
                   {k: v for k, v in doc.items() if k != "cells"}, {**doc, "year": "2021"},
                   {**doc, "cells": {**doc["cells"], "t3.granted.total": [1]}}):
        assert not validator.is_valid(broken)


@pytest.mark.parametrize("key", sorted(REPORTS), ids=rid)
def test_json_cells(data: Path, key: tuple[str, int]) -> None:
    cells = load(data / f"{rid(key)}.json")["cells"]
    assert len(cells) == CELL_COUNT[REPORTS[key]]
    if cells:
        assert {c.split(".")[0] for c in cells} >= {"t3", "t4"}
        assert all(v is not None for v in cells.values())  # the sample has no blank cell


def test_fee_decimals_are_exact(data: Path) -> None:
    text = (data / "pingtan-2021.json").read_text(encoding="utf-8")
    assert '"t2_art20_8.fees.amount": 24252.311082,' in text
    assert load(data / "pingtan-2021.json")["cells"]["t2_art20_8.fees.amount"] == Decimal("24252.311082")
    assert load(data / "pingtan-2025.json")["cells"]["t2_art20_8.fees.amount"] == Decimal("4166.241619")
    # 2019: the amount with its unit, as printed
    assert load(data / "pingtan-2019.json")["cells"]["t2_art20_9.central_procurement.total_amount"] == "75394432.52元"


def test_all_csv_has_one_line_per_cell(data: Path) -> None:
    raw = (data / "all.csv").read_bytes()
    assert raw.startswith(BOM) and b"\r\n" in raw
    rows = read_csv(data / "all.csv")
    assert rows[0][:6] == ["organ", "year", "table", "row", "column", "value"]  # then the text as printed, …
    expected = []
    for key in sorted(REPORTS):
        for cid, value in load(data / f"{rid(key)}.json")["cells"].items():
            shown = "" if value is None else format(value, "f") if isinstance(value, Decimal) else str(value)
            expected.append([key[0], str(key[1]), *cid.split("."), shown])
    assert sorted(r[:5] + [r[6]] for r in rows[1:]) == sorted(expected)  # every cell, printed as in its JSON
    assert len(rows) - 1 == sum(CELL_COUNT[f] for f in REPORTS.values()) == 1194


@pytest.mark.parametrize("key", sorted(REPORTS), ids=rid)
def test_report_csv(data: Path, key: tuple[str, int]) -> None:
    assert (data / f"{rid(key)}.csv").read_bytes().startswith(BOM)
    rows = read_csv(data / f"{rid(key)}.csv")
    assert rows[0] == ["id", "table", "row", "column", "label_zh", "label_en", "value", "computed"]
    assert all(len(r) == 8 for r in rows)
    doc = load(data / f"{rid(key)}.json")
    cells = {r[0]: r[6] for r in rows[1:] if r[1] != "highlights"}
    assert list(cells) == list(doc["cells"])
    for cid, value in doc["cells"].items():
        assert cells[cid] == ("" if value is None else format(value, "f") if isinstance(value, Decimal) else str(value))
    highlights = [r[0] for r in rows[1:] if r[1] == "highlights"]
    assert highlights == [f"highlights.{h['id']}" for h in doc["highlights"]]


# --- blanks and computed totals -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with one blank cell, one omitted 总计, one cell note and a long fee amount in pingtan 2021."""
    base = tmp_path_factory.mktemp("edited")
    shutil.copytree(CONTENT, base / "content")
    path = base / "content" / "pingtan" / "2021" / "report.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("regulations: {made: 0,", "regulations: {made: null,"),
                     ("review: {upheld: 1, corrected: 0, other: 2, pending: 0, total: 3}",
                      "review: {upheld: 1, corrected: 0, other: 2, pending: 0}"),
                     ("amount: 24252.311082", "amount: 123456789012.123456")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    text += "notes:\n  t2_art20_1.normative_docs.made: {zh: 其中修订16件, en: including 16 revisions}\n"
    path.write_text(text, encoding="utf-8")
    validation, written = build(str(base / "content"), str(base / "site"))
    assert written is not None, validation.diagnostics
    assert [(d.code, d.severity) for d in validation.diagnostics if "2021" in d.file
            and d.severity != "note"] == [("BLANK_CELL", "warning")]
    return base / "site"


def test_blank_is_null_and_computed_is_listed(edited: Path, validator: jsonschema.protocols.Validator) -> None:
    text = (edited / "data" / "pingtan-2021.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    assert validator.is_valid(doc)
    assert doc["cells"]["t2_art20_1.regulations.made"] is None
    assert '"t2_art20_1.regulations.made": null' in text
    assert doc["cells"]["t4.review.total"] == 3
    assert doc["computed"] == ["t4.review.total"]
    assert doc["notes"] == {"t2_art20_1.normative_docs.made": {"zh": "其中修订16件", "en": "including 16 revisions"}}
    csv_rows = {r[0]: r for r in read_csv(edited / "data" / "pingtan-2021.csv")}
    assert csv_rows["t2_art20_1.regulations.made"][6] == ""
    assert csv_rows["t4.review.total"][6:] == ["3", "yes"]
    assert ["pingtan", "2021", "t2_art20_1", "regulations", "made", ""] in [
        r[:6] for r in read_csv(edited / "data" / "all.csv")]
    page = BeautifulSoup((edited / "zh" / "pingtan" / "2021" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    blank = page.select_one("#c-t2_art20_1-regulations-made")
    assert blank["class"] == ["num", "blank"] and blank.get_text(strip=True) == "空白"
    assert blank.select_one(".visually-hidden") is not None
    assert page.select_one("#c-t4-review-total")["class"] == ["num", "computed"]


def test_computed_mark_and_note_are_markup(edited: Path) -> None:
    page = BeautifulSoup((edited / "zh" / "pingtan" / "2021" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    computed = page.select_one("#c-t4-review-total")
    assert computed.select_one("span.computed-mark[title]").get_text() == "*"
    assert computed.get_text() == "3*"
    noted = page.select_one("#c-t2_art20_1-normative_docs-made")
    assert noted.select_one("span.cell-note").get_text() == "其中修订16件"
    assert noted.get_text() == "69其中修订16件"


def test_long_decimals_keep_every_digit(edited: Path) -> None:
    page = BeautifulSoup((edited / "zh" / "pingtan" / "2021" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.select_one("#c-t2_art20_8-fees-amount").get_text() == "123456789012.123456"
    csv_rows = {r[0]: r for r in read_csv(edited / "data" / "pingtan-2021.csv")}
    assert csv_rows["t2_art20_8.fees.amount"][6] == "123456789012.123456"
    cells = load(edited / "data" / "pingtan-2021.json")["cells"]
    assert cells["t2_art20_8.fees.amount"] == Decimal("123456789012.123456")


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                     | st.dictionaries(st.text(max_size=4), inner, max_size=4), max_leaves=20)


@given(_JSON)
def test_json_written_by_hand_is_what_json_dumps_writes(doc: Any) -> None:
    assert _indented(doc, "") == json.dumps(doc, ensure_ascii=False, indent=1)


_CELL = st.none() | st.integers() | st.booleans() | st.floats(allow_nan=False) \
    | st.decimals(allow_nan=False, allow_infinity=False, places=3) \
    | st.text(alphabet=st.sampled_from(['a', '"', "\\", "\n", "1", ".", "-", _DECIMAL_MARK, "中"]), max_size=5)


@functools.cache
def _pingtan() -> Organ:
    site = check(str(CONTENT)).site
    assert site is not None
    return next(o for o in site.organs if o.id == "pingtan")


@given(st.lists(_CELL, min_size=1, max_size=8))
def test_the_cells_written_once_per_set_of_ids_are_what_report_data_writes(values: list[Any]) -> None:
    """report_json writes the cells with their keys' text made once per set of cell ids: the same bytes as the
    document of report_data, for any values (other types go the general way)."""
    organ = _pingtan()
    report = organ.reports[0]
    odd = dataclasses.replace(report, values=dict(zip(list(report.values)[:len(values)], values, strict=False)))
    for r in (report, odd):
        assert report_json(r, organ) == _dumps(report_data(r, organ))
