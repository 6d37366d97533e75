"""The formats as data: labels exact to the character of the spec, cell counts, rules expanded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import formats
from generator.formats.load import parse_format

SPEC = Path(__file__).parent / "fixtures" / "spec"
VERSIONS = ["2019", "2021"]


def spec(version: str) -> dict[str, Any]:
    return yaml.safe_load((SPEC / f"format-{version}.yaml").read_text(encoding="utf-8"))


def zh_labels(node: Any, path: str = "") -> dict[str, str]:
    """Every `zh:` text in a spec subtree, keyed by its path."""
    out: dict[str, str] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "zh" and isinstance(value, str):
                out[path] = value
            else:
                out.update(zh_labels(value, f"{path}.{key}" if path else str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.update(zh_labels(value, f"{path}[{i}]"))
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_format_data_keeps_every_spec_label(version: str) -> None:
    ours = yaml.safe_load((formats.FORMATS_DIR / f"{version}.yaml").read_text(encoding="utf-8"))
    reference = spec(version)
    for key in ("sections", "tables", "lists"):
        assert zh_labels(ours[key]) == zh_labels(reference[key])
        assert ours[key] == reference[key]


@pytest.mark.parametrize("version", VERSIONS)
def test_loaded_labels_equal_the_spec(version: str) -> None:
    fmt = formats.get(version)
    reference = spec(version)["tables"]
    for table in fmt.tables.values():
        ref = reference[table.id]
        assert table.label.zh == ref["zh"]
        labels = zh_labels(ref.get("rows") or ref["column_groups"])
        for row in table.rows:
            path = ".children.".join([g.id for g in row.groups] + [row.id])
            assert row.label.zh == labels[path], (table.id, row.id)
        col_labels = zh_labels(ref.get("columns") or ref["outcome_columns"])
        for col in table.columns:
            path = ".children.".join([g.id for g in col.groups] + [col.id])
            assert col.label.zh == col_labels[path], (table.id, col.id)
    titles = [s.label.zh for s in fmt.sections]
    assert titles == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_cell_counts() -> None:
    # spec §5–§7: 2019 = 22 part-2 cells + 161 + 15; 2021 = 10 + 175 + 15
    assert len(formats.get("2019").cell_types) == 198
    assert len(formats.get("2021").cell_types) == 200
    assert len(formats.get("2019").tables["t3"].cell_ids()) == 161
    assert len(formats.get("2021").tables["t3"].cell_ids()) == 175


def test_t3_structure_2021() -> None:
    t3 = formats.get("2021").tables["t3"]
    denied = [r.id for r in t3.rows if r.groups and r.groups[-1].id == "denied"]
    assert len(denied) == 8
    assert [g.label.zh for g in t3.rows[2].groups] == ["三、本年度办理结果"]
    other = [r for r in t3.rows if r.groups and r.groups[-1].id == "other"]
    assert other[0].label.zh == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert [c.id for c in t3.columns] == ["natural_person", "commercial", "research", "social_welfare",
                                          "legal_service", "other_org", "total"]
    assert [g.label.zh for g in t3.columns[1].groups] == ["法人或其他组织"]


@pytest.mark.parametrize(("version", "expected"), [
    ("2019", {"T3_COLUMN_BALANCE": 7, "T3_RESULTS_SUM": 7, "T3_ROW_TOTAL": 23, "T4_REVIEW_TOTAL": 1,
              "T4_LIT_DIRECT_TOTAL": 1, "T4_LIT_AFTER_REVIEW_TOTAL": 1, "T2_ART20_1_PUBLISHED_LE_TOTAL": 2}),
    ("2021", {"T3_COLUMN_BALANCE": 7, "T3_RESULTS_SUM": 7, "T3_ROW_TOTAL": 25, "T4_REVIEW_TOTAL": 1,
              "T4_LIT_DIRECT_TOTAL": 1, "T4_LIT_AFTER_REVIEW_TOTAL": 1}),
])
def test_rules_expand_to_the_spec_instance_counts(version: str, expected: dict[str, int]) -> None:
    # expected.json of the Pingtan reports: 41 (2019) / 43 (2021) instances incl. one NONNEG each
    fmt = formats.get(version)
    counts = {r.id: len(r.instances) for r in fmt.rules if r.kind == "equation"}
    assert counts == expected


def test_results_sum_lists_every_outcome_leaf() -> None:
    inst = next(r for r in formats.get("2021").rules if r.id == "T3_RESULTS_SUM").instances[0]
    assert inst.lhs[0].cell == "t3.results_total.natural_person"
    assert len(inst.rhs) == 21
    assert inst.rhs[-1].cell == "t3.other_other.natural_person"


def test_a_new_revision_is_a_new_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (formats.FORMATS_DIR / "2021.yaml").read_text(encoding="utf-8").replace('version: "2021"',
                                                                                  'version: "2031"')
    for name in ("2019.yaml", "2021.yaml"):
        (tmp_path / name).write_text((formats.FORMATS_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "2031.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(formats, "FORMATS_DIR", tmp_path)
    formats.available.cache_clear()
    try:
        assert list(formats.available()) == ["2019", "2021", "2031"]
        assert formats.latest().version == "2031"
    finally:
        formats.available.cache_clear()


def _data(version: str) -> dict[str, Any]:
    return yaml.safe_load((formats.FORMATS_DIR / f"{version}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("version", VERSIONS)
def test_roles_name_the_same_cells_in_both_formats(version: str) -> None:
    t3, t4 = formats.get(version).roles.requests, formats.get(version).roles.appeals
    assert t3.cell(t3.new_received) == "t3.new_received.total"
    assert t4.cell(t4.lit_after_review) == "t4.lit_after_review.total"
    assert (t4.upheld, t4.corrected, t4.other, t3.section) == ("upheld", "corrected", "other", "s3_requests")


@pytest.mark.parametrize(("block", "role", "value", "message"), [
    ("requests", "granted", "granted_x",
     "2021.yaml: roles.requests.granted: no row `granted_x` of table t3 in the format (did you mean `granted`?)"),
    ("requests", "denied", "granted", "2021.yaml: roles.requests.denied: no group `granted` of table t3 in the format"),
    ("appeals", "corrected", "fixed", "2021.yaml: roles.appeals.corrected: no column `fixed` of table t4 in the format"),
    ("appeals", "table", "t5", "2021.yaml: roles.appeals.table: no table `t5` in the format"),
    ("appeals", "section", "s3_requests",
     "2021.yaml: roles.appeals.section: section s3_requests does not show table t4"),
    ("requests", "granted_total", "granted", "2021.yaml: roles.requests: no role `granted_total` (did you mean "
     "`granted`?)"),
])
def test_a_role_naming_no_id_of_the_format_fails_when_it_loads(block: str, role: str, value: str,
                                                                message: str) -> None:
    data = _data("2021")
    data["roles"][block][role] = value
    with pytest.raises(formats.FormatError) as raised:
        parse_format(data, "2021.yaml")
    assert str(raised.value) == message


def test_a_missing_role_fails_when_the_format_loads() -> None:
    data = _data("2019")
    del data["roles"]["appeals"]["other"]
    with pytest.raises(formats.FormatError, match=r"^2019.yaml: roles.appeals: role `other` is missing$"):
        parse_format(data, "2019.yaml")
    del data["roles"]
    with pytest.raises(formats.FormatError, match=r"^2019.yaml: no `roles:` block"):
        parse_format(data, "2019.yaml")
