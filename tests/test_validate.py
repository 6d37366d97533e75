"""Schema and single-report checks: the exact diagnostic for one bad line each."""

from __future__ import annotations

import shutil

import pytest
from conftest import Editor, diagnostics_of

R21 = "demo/2021/report.yaml"

CASES = [
    ("yaml_syntax", R21, "  t2_art20_5:\n", "  t2_art20_5\n",
     "demo/2021/report.yaml:9:14: error[YAML_SYNTAX]: could not find expected ':' while scanning a simple key\n"
     "  hint: check indentation, the `key: value` colon-space, and quotes around text with `:` or `#`"),
    ("unknown_key", R21, "scope: own", "scpoe: own",
     "demo/2021/report.yaml:3:1: error[UNKNOWN_KEY]: unknown key `scpoe` in report.yaml (did you mean `scope`?)\n"
     "  hint: allowed keys: format, published, scope, title, source, tables, notes, highlights, acknowledged"),
    ("unknown_column", R21, "granted: {natural_person: 5", "granted: {natural_persons: 5",
     "demo/2021/report.yaml:18:15: error[UNKNOWN_KEY]: unknown column `natural_persons` in row t3.granted "
     "(did you mean `natural_person`?)\n"
     "  hint: columns of t3: natural_person, commercial, research, social_welfare, legal_service, other_org, total"),
    ("wrong_type", R21, "    licensing: {decisions: 120}", "    licensing: [120]",
     "demo/2021/report.yaml:9:16: error[WRONG_TYPE]: row `t2_art20_5.licensing` must be a mapping of `key: value` "
     "lines, found a list\n"
     "  hint: write one `key: value` per line, indented under the parent key"),
    ("not_integer", R21, "penalty: {decisions: 30}", "penalty: {decisions: 30.5}",
     "demo/2021/report.yaml:11:26: error[NOT_INTEGER]: t2_art20_6.penalty.decisions must be a whole number, found "
     "the number 30.5\n"
     "  hint: counts are whole numbers; check the decimal point"),
    ("text_with_unit", R21, "penalty: {decisions: 30}", "penalty: {decisions: 30件}",
     "demo/2021/report.yaml:11:26: error[NOT_INTEGER]: t2_art20_6.penalty.decisions must be a whole number, found "
     "text \"30件\"\n"
     "  hint: write the number only (no unit or note); put annotations under `notes:`"),
    ("negative", R21, "coercion: {decisions: 2}", "coercion: {decisions: -2}",
     "demo/2021/report.yaml:12:27: error[NEGATIVE_COUNT]: t2_art20_6.coercion.decisions must not be negative, found "
     "the number -2\n"
     "  hint: counts are 0 or more; only 本年增/减 (change) may be negative"),
    ("fullwidth", R21, "coercion: {decisions: 2}", "coercion: {decisions: ２}",
     "demo/2021/report.yaml:12:27: error[FULLWIDTH_DIGITS]: t2_art20_6.coercion.decisions is written with full-width "
     "characters: \"２\"\n"
     "  hint: use ASCII digits: 2"),
    ("missing_cell", R21, "    np_repeat: {natural_person: 0, commercial: 0,", "    np_repeat: {natural_person: 0,",
     "demo/2021/report.yaml:32:16: error[MISSING_CELL]: row t3.np_repeat has no commercial\n"
     "  hint: give every cell of the form; write null where the published report left it blank"),
    ("missing_row", R21, "    np_repeat: {natural_person: 0, commercial: 0, research: 0, social_welfare: 0, "
     "legal_service: 0, other_org: 0, total: 0}\n", "",
     "demo/2021/report.yaml:15:3: error[MISSING_CELL]: row t3.np_repeat (2.重复申请) is missing\n"
     "  hint: add `np_repeat: {natural_person: …, commercial: …, research: …, social_welfare: …, legal_service: …, "
     "other_org: …}`"),
    ("unknown_format", R21, 'format: "2021"', 'format: "2012"',
     "demo/2021/report.yaml:1:9: error[UNKNOWN_FORMAT]: unknown format `2012` (did you mean `2021`?)\n"
     "  hint: use one of: '2019', '2021', 'legacy'"),
    ("late", R21, "published: 2022-01-20", "published: 2022-04-02",
     "demo/2021/report.yaml:2:12: warning[LATE_PUBLICATION]: published 2022-04-02, after the statutory deadline "
     "2022-03-31 for a government (条例 第四十九条)\n"
     "  hint: check the date; if it is right, the report was late"),
    ("bad_date", R21, "published: 2022-01-20", "published: 2022年1月20日",
     "demo/2021/report.yaml:2:12: error[BAD_DATE]: `published` must be a date YYYY-MM-DD, found text "
     "\"2022年1月20日\"\n"
     "  hint: write e.g. `published: 2024-01-25` (ASCII digits, no quotes)"),
    ("no_date", R21, "published: 2022-01-20\n", "",
     "demo/2021/report.yaml:1:1: warning[PUBLISHED_UNKNOWN]: no publication date: timeliness cannot be checked\n"
     "  hint: add `published: YYYY-MM-DD` (the 发布时间 of the published report) when it is known"),
    ("fee_not_reported", "demo/2021/zh.md", "本年度未收取信息处理费。", "无。",
     "demo/2021/zh.md:9:1: warning[F_FEE_REPORTED]: 六、其他需要报告的事项 does not mention 信息处理费 "
     "(information-processing fees)\n"
     "  hint: state the fees charged under 国办函〔2020〕109号, even if none: e.g. “本年度未收取信息处理费。”"),
    ("part_missing", "demo/2021/en.md", "## V. Main Problems and Improvements\n", "",
     "demo/2021/en.md:1:1: warning[NARRATIVE_PART_MISSING]: English narrative has no part "
     "`V. Main Problems and Improvements`\n"
     "  hint: add `## V. Main Problems and Improvements` with its text; write `无。`/`None.` if there is nothing to "
     "report"),
    ("part_empty", "demo/2021/zh.md", "公开内容的解读还不够深入，下一年将加强政策解读。", "",
     "demo/2021/zh.md:6:1: warning[NARRATIVE_PART_MISSING]: part `五、存在的主要问题及改进情况` is empty\n"
     "  hint: write its text, or `无。`/`None.` if there is nothing to report"),
    ("unknown_reference", "demo/2021/zh.md", "{{ t3.new_received.total }}", "{{ t3.new_recieved.total }}",
     "demo/2021/zh.md:4:13: error[UNKNOWN_REFERENCE]: `{{ t3.new_recieved.total }}` names no figure of this report "
     "(did you mean `t3.new_received.total`?)\n"
     "  hint: quote a cell id such as `t3.new_received.total`, or `highlights.<id>`"),
    ("organ_kind", "demo/organ.yaml", "kind: government", "kind: goverment",
     "demo/organ.yaml:2:7: error[BAD_VALUE]: `kind` must be one of government, department, found text \"goverment\" "
     "(did you mean `government`?)\n"
     "  hint: write one of: government, department"),
    ("duplicate_key", R21, "scope: own", "scope: own\nscope: aggregate",
     "demo/2021/report.yaml:4:1: error[DUPLICATE_KEY]: key `scope` appears twice (first at line 3)\n"
     "  hint: remove or rename one of them: the second would silently win"),
    ("amount_without_unit", "demo/2020/report.yaml", 'total_amount: "251000元"', "total_amount: 251000",
     "demo/2020/report.yaml:16:55: error[BAD_AMOUNT]: t2_art20_9.central_procurement.total_amount must be an amount "
     "with its unit as printed, found 251000\n"
     "  hint: write the figure and unit in quotes, e.g. \"75394432.52元\" or \"1237.40万元\""),
    ("unknown_rule", R21, "highlights:",
     "acknowledged:\n  - rule: T3_RESULT_SUM\n    reason: {zh: 原文如此, en: As published}\nhighlights:",
     "demo/2021/report.yaml:46:11: error[UNKNOWN_RULE]: no rule `T3_RESULT_SUM` in the 2021 format "
     "(did you mean `T3_RESULTS_SUM`?)\n"
     "  hint: rules: T3_COLUMN_BALANCE, T3_RESULTS_SUM, T3_ROW_TOTAL, T4_REVIEW_TOTAL, T4_LIT_DIRECT_TOTAL, "
     "T4_LIT_AFTER_REVIEW_TOTAL, F_FEE_REPORTED"),
    ("narrative_heading", "demo/2021/zh.md", "## 六、其他需要报告的事项", "## 其他",
     "demo/2021/zh.md:9:1: error[NARRATIVE_HEADING]: `## 其他` does not name a part of the report\n"
     "  hint: start each part with its title or number, e.g. `## 一、总体情况` or `## I. Overview`; use `###` for "
     "headings inside a part"),
    ("legacy_with_tables", R21, 'format: "2021"', "format: legacy",
     "demo/2021/report.yaml:4:1: error[LEGACY_TABLES]: a legacy report has no statutory tables: remove `tables`\n"
     "  hint: use highlights for the figures, or set `format:` to \"2019\" or \"2021\""),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_problem(content: Editor, file: str, old: str, new: str, expected: str) -> None:
    assert expected in diagnostics_of(content(file, old, new))


def test_misspelled_row_is_reported_once(content: Editor) -> None:
    found = diagnostics_of(content(R21, "    granted: {", "    grantd: {"))
    assert len(found) == 1
    assert found[0].startswith("demo/2021/report.yaml:18:5: error[UNKNOWN_KEY]: unknown key `grantd` in table `t3` "
                               "(did you mean `granted`?)")


def test_unknown_format_does_not_cascade(content: Editor) -> None:
    found = diagnostics_of(content(R21, 'format: "2021"', 'format: "2012"'))
    assert [d.split(": ")[1] for d in found] == ["error[UNKNOWN_FORMAT]"]


def test_parts_out_of_order(content: Editor) -> None:
    root = content()
    zh = root / "demo/2021/zh.md"
    text = zh.read_text(encoding="utf-8")
    six = "## 六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    zh.write_text(text.replace(six, "").replace("## 五、", six + "\n## 五、"), encoding="utf-8")
    assert diagnostics_of(root) == [
        "demo/2021/zh.md:9:1: error[NARRATIVE_ORDER]: part `五、存在的主要问题及改进情况` comes after a later part\n"
        "  hint: the six parts are fixed by the format: keep them in the order 一 to 六"]


def test_duplicate_part(content: Editor) -> None:
    root = content()
    zh = root / "demo/2021/zh.md"
    zh.write_text(zh.read_text(encoding="utf-8") + "\n## 一\n重复。\n", encoding="utf-8")
    assert diagnostics_of(root) == [
        "demo/2021/zh.md:12:1: error[NARRATIVE_DUPLICATE_PART]: part `一` appears twice (first at line 3)\n"
        "  hint: merge the two parts into one"]


def test_heading_in_code_block_is_not_a_part(content: Editor) -> None:
    root = content("demo/2021/zh.md", "公开内容的解读", "```\n## 不是标题\n```\n公开内容的解读")
    assert diagnostics_of(root) == []


def test_missing_organ_yaml(content: Editor) -> None:
    root = content()
    (root / "demo/organ.yaml").unlink()
    assert diagnostics_of(root) == [
        "demo/organ.yaml:1:1: error[UNKNOWN_ORGAN]: folder `demo` has reports but no organ.yaml\n"
        "  hint: create organ.yaml with `name: {zh: …, en: …}` and `kind: government` or `kind: department`"]


def test_unknown_parent_organ(content: Editor) -> None:
    root = content("demo/organ.yaml", "kind: government", "kind: government\nparent: guangzou")
    assert diagnostics_of(root) == [
        "demo/organ.yaml:3:9: error[UNKNOWN_ORGAN]: parent organ `guangzou` does not exist\n"
        "  hint: `parent` is the folder name of another organ in the content folder"]


def test_missing_english_narrative(content: Editor) -> None:
    root = content()
    (root / "demo/2020/en.md").unlink()
    assert diagnostics_of(root) == [
        "demo/2020/en.md:1:1: warning[NARRATIVE_MISSING]: no en.md: the en page will show the tables with a notice "
        "that the narrative is not available\n"
        "  hint: write en.md with the parts of the report"]


def test_every_problem_in_one_run(content: Editor) -> None:
    root = content(R21, "penalty: {decisions: 30}", "penalty: {decisions: 30件}")
    content("demo/2020/report.yaml", "published: 2021-03-01", "published: 2021-04-01")
    content("demo/organ.yaml", "kind: government", "kind: goverment")
    codes = sorted(d.split("[")[1].split("]")[0] for d in diagnostics_of(root))
    assert codes == ["BAD_VALUE", "NOT_INTEGER"]  # the organ's kind is unknown, so no deadline applies yet
    content("demo/organ.yaml", "kind: goverment", "kind: department")
    codes = sorted(d.split("[")[1].split("]")[0] for d in diagnostics_of(root))
    assert codes == ["LATE_PUBLICATION", "NOT_INTEGER"]  # 2020 published 1 April: late for a department


def test_missing_site_yaml(tmp_path: object, content: Editor) -> None:
    root = content()
    (root / "site.yaml").unlink()
    assert diagnostics_of(root)[0].endswith(
        "site.yaml:1:1: error[MISSING_FILE]: no site.yaml in `" + str(root) + "`\n"
        "  hint: is this the content folder? it must hold site.yaml and one folder per organ")
    shutil.rmtree(root)
