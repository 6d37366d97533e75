"""`YamlDoc.locate` (a scan of the text) gives the position that `YamlDoc.at` (PyYAML's marks) gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import formats
from generator.load.yamlsource import YamlDoc, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted([*ROOT.glob("content/*/*/report.yaml"), *ROOT.glob("tests/fixtures/*/*/*/report.yaml")])


def _paths(data: dict[str, object]) -> list[tuple[str, ...]]:
    fmt = formats.get(str(data["format"]))
    return [("tables",), ("tables", "t3"), ("published",), ("format",),
            *(("tables", *cell.split(".")) for cell in fmt.cell_types)]


@pytest.mark.parametrize("path", [p for p in REPORTS if "legacy" not in p.read_text(encoding="utf-8")],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_locate_agrees_with_the_marks(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc, _ = parse_yaml(str(path), text)
    assert doc is not None
    for where in _paths(doc.data):
        assert YamlDoc(doc.file, doc.data, text).locate(where) == doc.at(where), where


def test_locate_in_wrapped_flow_mappings_and_block_rows() -> None:
    text = ("format: '2021'\ntables:\n  t3:\n    new_received: {natural_person: 128, commercial: 0,\n"
            "      legal_service: 0, other_org: 8, total: 140}\n    carried_over:\n      natural_person: 1\n"
            "      total: 1\n")
    doc, _ = parse_yaml("x.yaml", text)
    assert doc is not None
    for where in [("tables", "t3", "new_received", "total"), ("tables", "t3", "new_received", "commercial"),
                  ("tables", "t3", "carried_over", "total"), ("tables", "t3", "carried_over"), ("tables",)]:
        fresh = YamlDoc(doc.file, doc.data, text)
        assert fresh.locate(where) == doc.at(where), where
