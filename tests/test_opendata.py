"""Open data for researchers: all.csv with labels, format, date, unit and flags, amounts in 万元 beside the printed
text; highlights.csv; and data/datapackage.json, validated with the data files by Frictionless itself."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build.pipeline import build
from generator.render.opendata import ALL_COLUMNS, HIGHLIGHT_COLUMNS, amount_in_wan, csv_line

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("opendata") / "site"
    validation, written = build(str(CONTENT), str(out))
    assert written is not None, validation.diagnostics
    return out / "data"


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_the_data_package_is_valid_with_its_data(data: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(data / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    doc = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert doc["licenses"][0]["name"] == "CC-BY-4.0"  # content/site.yaml `licence`
    assert [f["name"] for f in doc["resources"][0]["schema"]["fields"]] == list(ALL_COLUMNS)
    assert [f["name"] for f in doc["resources"][1]["schema"]["fields"]] == list(HIGHLIGHT_COLUMNS)


def test_all_csv_labels_flags_and_amounts(data: Path) -> None:
    lines = rows(data / "all.csv")
    assert list(lines[0]) == list(ALL_COLUMNS)
    by_key = {(r["organ"], r["year"], r["table"], r["row"], r["column"]): r for r in lines}
    amount = by_key[("pingtan", "2019", "t2_art20_9", "central_procurement", "total_amount")]
    assert (amount["value"], amount["printed"], amount["unit"]) == ("7539.443252", "75394432.52元", "10k_yuan")
    fees = by_key[("pingtan", "2025", "t2_art20_8", "fees", "amount")]
    assert (Decimal(fees["value"]), fees["unit"]) == (Decimal("4166.241619"), "10k_yuan")
    cell = by_key[("pingtan", "2020", "t3", "results_total", "natural_person")]
    assert cell["label_zh"].endswith("（七）总计，自然人") and cell["label_en"].endswith("Natural persons")
    assert (cell["format"], cell["published"], cell["unit"], cell["blank"]) == ("2019", "2021-03-05", "count", "false")
    assert {r["computed"] for r in lines} <= {"true", "false"} and {r["blank"] for r in lines} <= {"true", "false"}
    assert all(r["unit"] in ("count", "10k_yuan") for r in lines)
    assert all(r["value"] == "" for r in lines if r["blank"] == "true")


def test_highlights_csv_has_the_legacy_reports(data: Path) -> None:
    lines = rows(data / "highlights.csv")
    legacy = {(r["organ"], r["year"]) for r in lines if r["format"] == "legacy"}
    assert {("guangzhou", "2019"), ("shenzhen", "2018")} <= legacy


@pytest.mark.parametrize(("printed", "kind", "wan"), [
    ("75394432.52元", "money_text", "7539.443252"), ("1237.40万元", "money_text", "1237.4"),
    ("1.2亿元", "money_text", "12000"), ("约100万元", "money_text", ""), (Decimal("9116.36"), "decimal", "9116.36"),
    (None, "money_text", "")])
def test_amounts_in_wan_yuan(printed: str | Decimal | None, kind: str, wan: str) -> None:
    assert amount_in_wan(printed, kind) == wan


@given(st.lists(st.text(alphabet=st.sampled_from(list('a,"\r\n \t\'=元0')) | st.characters()), min_size=2))
def test_lines_joined_by_hand_are_what_csv_writer_writes(fields: list[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)
    assert csv_line(fields) == buffer.getvalue()
