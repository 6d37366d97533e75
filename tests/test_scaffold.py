"""`govreport new`: next year's report from last year's; it validates with only the expected warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import diagnostics_of

from generator.build.pipeline import check
from generator.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def test_new_prefills_the_carry_over_and_validates(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "pingtan", "2026", "--content", str(sample)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"created {sample}/pingtan/2026/: report.yaml, zh.md, en.md"
    assert out[1] == ("from the 2025 report: 7 cells prefilled by the format's chains (上年结转 = 结转下年度 …), "
                      "4 highlights with last year's value as `previous`")
    doc = yaml.safe_load((sample / "pingtan/2026/report.yaml").read_text(encoding="utf-8"))
    last = yaml.safe_load((sample / "pingtan/2025/report.yaml").read_text(encoding="utf-8"))
    forward = {k: v for k, v in last["tables"]["t3"]["carry_forward"].items() if k != "total"}
    assert doc["format"] == "2021" and doc["scope"] == "aggregate" and "published" not in doc
    assert doc["tables"]["t3"]["carried_over"] == forward
    assert doc["tables"]["t3"]["new_received"]["natural_person"] is None and "results_total" not in doc["tables"]["t3"]
    assert [(h["id"], h["value"], h["previous"]) for h in doc["highlights"]] == [
        (h["id"], None, h["value"]) for h in last["highlights"]]
    zh = (sample / "pingtan/2026/zh.md").read_text(encoding="utf-8")
    assert "## 一、总体情况" in zh and "### （一）收取信息处理费情况" in zh and "## 六、其他需要报告的事项" in zh
    result = check(str(sample))
    mine = [d for d in result.diagnostics if "/2026/" in d.file]
    assert result.errors == 0
    assert sorted({d.code for d in mine}) == ["BLANK_CELL", "BLANK_HIGHLIGHT", "NARRATIVE_PART_MISSING",
                                              "PUBLISHED_UNKNOWN"]
    found = [d for d in diagnostics_of(sample) if d.startswith("pingtan/2026/zh.md")]
    assert found[0] == ("pingtan/2026/zh.md:3:1: warning[NARRATIVE_PART_MISSING]: part `一、总体情况` has headings but "
                        "no text\n  hint: write the text under each heading (`govreport new` leaves them empty)")
    blank = next(d for d in diagnostics_of(sample) if "BLANK_HIGHLIGHT" in d)
    assert blank == ("pingtan/2026/report.yaml:50:12: warning[BLANK_HIGHLIGHT]: highlight `website_items` has no "
                     "value yet: it is not shown\n  hint: write this year's figure, or remove the highlight")


def test_new_refuses_to_overwrite(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (sample / "pingtan/2025/report.yaml").read_bytes()
    assert main(["new", "pingtan", "2025", "--content", str(sample)]) == 1
    assert capsys.readouterr().err == (f"error: {sample}/pingtan/2025/ already exists with en.md, report.yaml, zh.md: "
                                       "refusing to overwrite; edit those files, or remove the folder first\n")
    assert (sample / "pingtan/2025/report.yaml").read_bytes() == before


def test_new_unknown_organ(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "pingtang", "2026", "--content", str(sample)]) == 1
    assert capsys.readouterr().err == f"error: no organ `pingtang` in `{sample}` (did you mean `pingtan`?)\n"
    assert not (sample / "pingtang").exists()


def test_new_in_the_2019_format_prefills_the_item_counts(sample: Path) -> None:
    shutil.rmtree(sample / "pingtan/2020")
    assert main(["new", "pingtan", "2020", "--content", str(sample)]) == 0
    doc = yaml.safe_load((sample / "pingtan/2020/report.yaml").read_text(encoding="utf-8"))
    assert doc["format"] == "2019"
    # 上一年项目数量 = 2019's 上一年项目数量 + 本年增/减 (X_T2_ITEMS_CHAIN); 本年增/减 itself is this year's figure
    assert doc["tables"]["t2_art20_5"]["licensing"] == {"prev_year_items": 396, "change": None, "decisions": None}
    assert doc["tables"]["t2_art20_8"]["fees"] == {"prev_year_items": 35, "change": None}
    assert check(str(sample)).errors == 0


def test_new_without_a_previous_year(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "guangzhou-office", "2023", "--content", str(sample)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "no 2022 report of `guangzhou-office`: every figure is blank"
    doc = yaml.safe_load((sample / "guangzhou-office/2023/report.yaml").read_text(encoding="utf-8"))
    assert doc["tables"]["t3"]["carried_over"]["natural_person"] is None and "highlights" not in doc
    assert check(str(sample)).errors == 0
