"""Cross-year checks: the chains of the format data, identical tables, 雷同, not checkable — exact diagnostics."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import Editor, diagnostics_of

from generator.build.pipeline import check
from generator.check.similarity import percent_similar

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def _copy_year(root: Path, source: int, target: int, published: str) -> Path:
    shutil.copytree(root / f"demo/{source}", root / f"demo/{target}")
    path = root / f"demo/{target}/report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text.split("\n")[1], f"published: {published}", 1), encoding="utf-8")
    return path


def test_items_chain_carry_chain_and_identical_tables_2019_format(content: Editor) -> None:
    root = content()
    _copy_year(root, 2020, 2019, "2020-03-01")  # 2020 then repeats 2019's tables: every chain of 2020 breaks
    found = [d for d in diagnostics_of(root) if d.startswith("demo/2020/")]
    assert found == [
        "demo/2020/report.yaml:4:3: warning[X_TABLES_IDENTICAL]: every one of the 198 table cells equals the 2019 "
        "report\n"
        "  hint: were last year's figures copied? Enter this year's figures",
        "demo/2020/report.yaml:8:34: warning[X_T2_ITEMS_CHAIN]: t2_art20_5.licensing.prev_year_items = 100, but "
        "t2_art20_5.licensing.prev_year_items of 2019 + t2_art20_5.licensing.change of 2019 = 98 (difference +2)\n"
        "  hint: 上一年项目数量 should equal last year's 上一年项目数量 + 本年增/减; check both reports' item counts",
        "demo/2020/report.yaml:11:32: warning[X_T2_ITEMS_CHAIN]: t2_art20_6.penalty.prev_year_items = 50, but "
        "t2_art20_6.penalty.prev_year_items of 2019 + t2_art20_6.penalty.change of 2019 = 53 (difference -3)\n"
        "  hint: 上一年项目数量 should equal last year's 上一年项目数量 + 本年增/减; check both reports' item counts",
        "demo/2020/report.yaml:14:29: warning[X_T2_ITEMS_CHAIN]: t2_art20_8.fees.prev_year_items = 7, but "
        "t2_art20_8.fees.prev_year_items of 2019 + t2_art20_8.fees.change of 2019 = 6 (difference +1)\n"
        "  hint: 上一年项目数量 should equal last year's 上一年项目数量 + 本年增/减; check both reports' item counts",
        "demo/2020/report.yaml:19:19: warning[X_T3_CARRY_CHAIN]: t3.carried_over.total = 0, but "
        "t3.carry_forward.total of 2019 = 1 (difference -1)\n"
        "  hint: 二、上年结转 should equal 四、结转下年度继续办理 of the previous year's report; check both reports; "
        "after a reorganisation the chain may break legitimately",
        "demo/2020/report.yaml:19:36: warning[X_T3_CARRY_CHAIN]: t3.carried_over.natural_person = 0, but "
        "t3.carry_forward.natural_person of 2019 = 1 (difference -1)\n"
        "  hint: 二、上年结转 should equal 四、结转下年度继续办理 of the previous year's report; check both reports; "
        "after a reorganisation the chain may break legitimately",
    ]


def test_valid_chain_2021_format(content: Editor) -> None:
    root = content()
    path = _copy_year(root, 2021, 2022, "2023-01-20")
    # 40 in force + 5 issued − 1 repealed = 44 expected; one more issued makes the tables differ from 2021
    path.write_text(path.read_text(encoding="utf-8").replace("valid: 3}", "valid: 4}"), encoding="utf-8")
    assert [d for d in diagnostics_of(root) if d.startswith("demo/2022/")] == [
        "demo/2022/report.yaml:6:48: warning[X_T2_VALID_CHAIN]: t2_art20_1.regulations.valid = 4, but "
        "t2_art20_1.regulations.valid of 2021 + t2_art20_1.regulations.made - t2_art20_1.regulations.repealed = 3 "
        "(difference +1)\n"
        "  hint: 现行有效件数 should equal last year's 现行有效件数 + 本年制发件数 − 本年废止件数; 制发 may count "
        "amendments (修订) that do not add to the stock: say so in a note on the cell",
        "demo/2022/report.yaml:7:51: warning[X_T2_VALID_CHAIN]: t2_art20_1.normative_docs.valid = 40, but "
        "t2_art20_1.normative_docs.valid of 2021 + t2_art20_1.normative_docs.made - "
        "t2_art20_1.normative_docs.repealed = 44 (difference -4)\n"
        "  hint: 现行有效件数 should equal last year's 现行有效件数 + 本年制发件数 − 本年废止件数; 制发 may count "
        "amendments (修订) that do not add to the stock: say so in a note on the cell",
    ]


def test_chains_that_hold_give_nothing(content: Editor) -> None:
    root = content()
    path = _copy_year(root, 2021, 2022, "2023-01-20")
    path.write_text(path.read_text(encoding="utf-8").replace("valid: 40}", "valid: 44}"), encoding="utf-8")
    assert [d for d in diagnostics_of(root, notes=True) if d.startswith("demo/2022/")] == []
    organ = check(str(root)).site.organs[0]  # type: ignore[union-attr]
    review = next(r for r in organ.review if r.year == 2022)
    assert [(c.rule, c.status, c.detail.en) for c in review.checks] == [
        ("X_T3_CARRY_CHAIN", "holds", "7 of 7 comparisons with 2021 hold"),
        ("X_T2_VALID_CHAIN", "holds", "2 of 2 comparisons with 2021 hold"),
        ("X_TABLES_IDENTICAL", "holds", "the tables differ from last year's"),
    ]


def test_a_missing_year_is_not_checkable_not_an_error(content: Editor) -> None:
    root = content()
    _copy_year(root, 2021, 2023, "2024-01-20")
    assert diagnostics_of(root, notes=True)[-1] == (
        "demo/2023/report.yaml:1:1: note[X_NOT_CHECKABLE]: cross-year checks not checkable: no 2022 report of this "
        "organ in the content (the latest before is 2021): X_T3_CARRY_CHAIN, X_T2_VALID_CHAIN, X_TABLES_IDENTICAL, "
        "X_SIMILAR_NARRATIVE\n"
        "  hint: add the 2022 report to check the chains with it")
    assert check(str(root)).errors == 0


def test_pingtan_chains_in_the_sample() -> None:
    """2019→2020 and 2021→2022 hold; 2020→2021 keeps the carry chain across the format change but not 现行有效;
    2025 cannot be checked without 2024."""
    site = check(str(CONTENT)).site
    assert site is not None
    organ = next(o for o in site.organs if o.id == "pingtan")
    statuses = {(r.year, c.rule): c.status for r in organ.review for c in r.checks}
    assert statuses == {
        (2020, "X_T2_ITEMS_CHAIN"): "holds", (2020, "X_T3_CARRY_CHAIN"): "holds",
        (2020, "X_TABLES_IDENTICAL"): "holds",
        (2021, "X_T3_CARRY_CHAIN"): "holds", (2021, "X_T2_VALID_CHAIN"): "not_checkable",
        (2021, "X_TABLES_IDENTICAL"): "not_checkable",
        (2022, "X_T3_CARRY_CHAIN"): "holds", (2022, "X_T2_VALID_CHAIN"): "holds",
        (2022, "X_TABLES_IDENTICAL"): "holds",
        (2025, "X_T3_CARRY_CHAIN"): "not_checkable", (2025, "X_T2_VALID_CHAIN"): "not_checkable",
        (2025, "X_TABLES_IDENTICAL"): "not_checkable",
    }
    notes = [d for d in diagnostics_of(CONTENT, notes=True) if "note[" in d]
    assert notes == [
        "pingtan/2021/report.yaml:12:48: note[X_NOT_CHECKABLE]: X_T2_VALID_CHAIN not checkable across the format "
        "change 2019 → 2021: the 2019 format has no t2_art20_1.regulations.valid\n"
        "  hint: nothing to do: the chain starts again from this report",
        "pingtan/2025/report.yaml:1:1: note[X_NOT_CHECKABLE]: cross-year checks not checkable: no 2024 report of "
        "this organ in the content (the latest before is 2022): X_T3_CARRY_CHAIN, X_T2_VALID_CHAIN, "
        "X_TABLES_IDENTICAL, X_SIMILAR_NARRATIVE\n"
        "  hint: add the 2024 report to check the chains with it",
    ]


OVERVIEW_2021 = """## 一、总体情况
2021年，本县坚持以公开为常态、不公开为例外，围绕县委县政府中心工作，深入推进决策、执行、管理、服务、结果公开。
全年通过政府门户网站主动公开政府信息，重点公开财政预决算、重大建设项目、公共资源配置和社会公益事业等领域信息。
依申请公开方面，规范受理、办理、答复流程，严格落实保密审查，按时答复各类申请。
"""
# the same text with the year and figures changed: a copy (雷同)
COPIED_2022 = OVERVIEW_2021.replace("2021年", "2022年")
# this year's own text on the same topics
EDITED_2022 = """## 一、总体情况
2022年，本县把政务公开与优化营商环境结合起来：新建惠企政策专栏，集中发布减税降费和稳岗政策并配发图解，
组织两场政策说明会回答企业提问；对规范性文件逐件标注有效性。办理政府信息公开申请时，由法制机构参与审核答复文书，
答复书一律列明法律依据和救济途径。
"""


def _body(part: str) -> str:
    return part.split("\n", 1)[1]


def _narrative(root: Path, year: int, overview: str) -> None:
    path = root / f"demo/{year}/zh.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("## 一、总体情况"), text.index("## 五")
    path.write_text(text[:start] + overview + "\n" + text[end:], encoding="utf-8")


def test_copied_narrative_is_similar_and_edited_is_not(content: Editor) -> None:
    root = content()
    path = _copy_year(root, 2021, 2022, "2023-01-20")
    path.write_text(path.read_text(encoding="utf-8").replace("valid: 40}", "valid: 44}"), encoding="utf-8")
    _narrative(root, 2021, OVERVIEW_2021)
    _narrative(root, 2022, COPIED_2022)
    assert [d for d in diagnostics_of(root) if d.startswith("demo/2022/")] == [
        "demo/2022/zh.md:3:1: warning[X_SIMILAR_NARRATIVE]: part `一、总体情况` is 100% the same as in the 2021 "
        "report (warning from 80%)\n"
        "  hint: write this year's text: evaluators mark down reports that repeat earlier years (未出现与往年年报雷同现象); "
        "the threshold is `similarity_threshold` in site.yaml"]
    _narrative(root, 2022, EDITED_2022)
    assert [d for d in diagnostics_of(root) if d.startswith("demo/2022/")] == []
    review = next(r for r in check(str(root)).site.organs[0].review if r.year == 2022)  # type: ignore[union-attr]
    assert [(p.section, p.lang, p.percent) for p in review.similarity if p.lang == "zh"] == [
        ("s1_overview", "zh", percent_similar(_body(EDITED_2022), _body(OVERVIEW_2021))), ("s5_problems", "zh", None),
        ("s6_other", "zh", None)]
    assert percent_similar(EDITED_2022, OVERVIEW_2021) < 20


def test_similarity_threshold_from_site_yaml(content: Editor) -> None:
    root = content("site.yaml", "languages: [zh, en]", "languages: [zh, en]\nsimilarity_threshold: 101")
    assert diagnostics_of(root)[0] == (
        "site.yaml:3:23: error[BAD_VALUE]: `similarity_threshold` must be a whole percentage from 1 to 100, found "
        "the number 101\n"
        "  hint: e.g. `similarity_threshold: 80` (warn when a part is 80% the same as last year)")
    content("site.yaml", "similarity_threshold: 101", "similarity_threshold: 90")
    path = _copy_year(root, 2021, 2022, "2023-01-20")
    path.write_text(path.read_text(encoding="utf-8").replace("valid: 40}", "valid: 44}"), encoding="utf-8")
    _narrative(root, 2021, OVERVIEW_2021)
    _narrative(root, 2022, OVERVIEW_2021.replace("重点公开财政预决算、", ""))  # 90% the same: flagged at 90
    assert [d.split(": warning")[1].split(" (")[0] for d in diagnostics_of(root) if d.startswith("demo/2022/")] == [
        "[X_SIMILAR_NARRATIVE]: part `一、总体情况` is 90% the same as in the 2021 report"]


def test_similarity_ignores_numbers_and_short_parts() -> None:
    quoted = OVERVIEW_2021 + "全年收到申请{{ t3.new_received.total }}件。"
    typed = OVERVIEW_2021.replace("2021年", "2019年") + "全年收到申请21件。"
    assert percent_similar(quoted, typed) == 100
    assert percent_similar("本年度未收取信息处理费。", "本年度未收取信息处理费。") is None


def test_every_cross_year_rule_has_a_title_in_every_language() -> None:
    import yaml

    from generator import formats

    strings = yaml.safe_load((Path(__file__).parent.parent / "templates" / "strings.yaml").read_text(encoding="utf-8"))
    ids = {r.id for f in formats.available().values() for r in f.cross_year_rules()}
    assert ids >= {"X_T3_CARRY_CHAIN", "X_T2_VALID_CHAIN", "X_T2_ITEMS_CHAIN", "X_TABLES_IDENTICAL"}
    assert [(lang, i) for lang in ("zh", "en") for i in sorted(ids) if f"rule_{i}" not in strings[lang]] == []
