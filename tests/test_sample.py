"""The embedded sample content: loads, prints only the expected warnings, and equals the sources' figures."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import diagnostics_of

from generator.build.pipeline import check
from generator.model import Report

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
EXPECTED = Path(__file__).parent / "fixtures" / "expected"

EXPECTED_FILES = {
    ("pingtan", 2019): "01-pingtan-2019.expected.json",
    ("pingtan", 2020): "02-pingtan-2020.expected.json",
    ("pingtan", 2021): "03-pingtan-2021.expected.json",
    ("pingtan", 2022): "04-pingtan-2022.expected.json",
    ("pingtan", 2025): "05-pingtan-2025.expected.json",
    ("guangzhou-office", 2020): "guangzhou-office-2020.expected.json",
}


@pytest.fixture(scope="module")
def reports() -> dict[tuple[str, int], Report]:
    result = check(str(CONTENT))
    assert result.site is not None
    return {(r.organ, r.year): r for r in result.site.reports()}


def test_every_sample_report_loads(reports: dict[tuple[str, int], Report]) -> None:
    assert sorted(reports) == [("guangzhou", 2019), ("guangzhou-office", 2020), ("pingtan", 2019), ("pingtan", 2020),
                               ("pingtan", 2021), ("pingtan", 2022), ("pingtan", 2025), ("shenzhen", 2018)]
    for report in reports.values():
        assert set(report.narratives) == {"zh", "en"}


def test_sample_prints_only_the_expected_warnings() -> None:
    found = [d.split(": ", 2)[:2] for d in diagnostics_of(CONTENT, notes=True)]
    assert found == [
        ["guangzhou-office/2020/report.yaml:5:1", "warning[PUBLISHED_UNKNOWN]"],
        ["pingtan/2020/report.yaml:46:37", "warning[T3_RESULTS_SUM]"],
        ["pingtan/2020/report.yaml:46:127", "warning[T3_RESULTS_SUM]"],
        ["pingtan/2021/report.yaml:12:48", "note[X_NOT_CHECKABLE]"],  # 现行有效 chain: 2020 is in the 2019 format
        ["pingtan/2025/report.yaml:1:1", "note[X_NOT_CHECKABLE]"],  # no 2024 report
    ]


@pytest.mark.parametrize("key", sorted(EXPECTED_FILES), ids=lambda k: f"{k[0]}-{k[1]}" if isinstance(k, tuple) else k)
def test_figures_equal_the_expected_json(reports: dict[tuple[str, int], Report], key: tuple[str, int]) -> None:
    expected = json.loads((EXPECTED / EXPECTED_FILES[key]).read_text(encoding="utf-8"), parse_float=Decimal)
    report = reports[key]
    assert report.format is not None
    assert report.format.version == expected["format_version"]
    assert dict(report.values) == expected["cells"]
    assert not report.computed  # every 总计 is given as published
    if expected.get("published"):
        assert report.published is not None and report.published.isoformat() == expected["published"]


def test_pingtan_2020_discrepancy_is_acknowledged(reports: dict[tuple[str, int], Report]) -> None:
    report = reports[("pingtan", 2020)]
    assert [(d.rule, d.instance) for d in report.discrepancies] == [("T3_RESULTS_SUM", "natural_person"),
                                                                     ("T3_RESULTS_SUM", "total")]
    assert "26" in report.discrepancies[0].message and "20" in report.discrepancies[0].message


def test_legacy_reports_carry_the_seed_figures(reports: dict[tuple[str, int], Report]) -> None:
    guangzhou = {h.id: h for h in reports[("guangzhou", 2019)].highlights}
    assert reports[("guangzhou", 2019)].legacy
    assert guangzhou["requests_handled"].value == 16000 and guangzhou["requests_handled"].approximate
    assert guangzhou["one_window_items"].value == 1220
    accounts = next(h for h in guangzhou.values() if h.value == 311)
    assert accounts.previous == 1054
    shenzhen = reports[("shenzhen", 2018)]
    assert shenzhen.legacy and not shenzhen.values and shenzhen.highlights


def test_changed_cell_in_a_sample_copy_is_located(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    report = copy / "pingtan" / "2021" / "report.yaml"
    lines = report.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.lstrip().startswith("np_repeat:"))
    assert "natural_person: 0," in lines[number]
    lines[number] = lines[number].replace("natural_person: 0,", "natural_person: 3,", 1)
    report.write_text("".join(lines), encoding="utf-8")
    errors = [d for d in diagnostics_of(copy) if "error[" in d]
    col = lines[number].index("total: 0") + len("total: ") + 1  # the rule's 总计 cell on the changed line
    assert errors[0].startswith(f"pingtan/2021/report.yaml:{number + 1}:{col}: error[T3_ROW_TOTAL]: "
                                "t3.np_repeat.total = 0, but sum of t3.np_repeat.{c} over t3_applicant_cols = 3")
    assert errors[1].split(": ", 2)[1] == "error[T3_RESULTS_SUM]"
    assert len(errors) == 2
