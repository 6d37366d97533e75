"""Typed numbers in the Chinese narrative against the tables (N_NARRATIVE_MATCHES_TABLES): exact diagnostics."""

from __future__ import annotations

from conftest import Editor, diagnostics_of

ZH = "demo/2021/zh.md"
ANCHOR = "门户网站发布信息{{ highlights.portal_items }}条。"
# the minimal 2021 tables: 新收 13, 上年结转 1, 办结 13, 予以公开 6 + 部分公开 1, 不予公开 1, 无法提供 4, 不予处理 1,
# 结转 1, 复议 1, 诉讼 1 (directly 1, after reconsideration 0)
AGREEING = ("2021年共收到政府信息公开申请13件，办结13件，予以公开及部分公开7件，不予公开1件，无法提供4件，另有1件结转下年度"
            "办理。上年结转1件，受理14件，部分公开1件；行政复议1件，行政诉讼1件。收到群众来信348件，按时办结率100%。")


def test_numbers_that_agree_or_name_no_table_figure_pass(content: Editor) -> None:
    root = content(ZH, ANCHOR, ANCHOR + "\n" + AGREEING)
    assert diagnostics_of(root) == []


def test_numbers_that_disagree_are_warned_at_their_sentence(content: Editor) -> None:
    typed = "全年收到政府信息公开申请12件，办结13件。\n因不予处理2件；未经复议直接提起行政诉讼2件。"
    root = content(ZH, ANCHOR, ANCHOR + "\n" + typed)
    assert diagnostics_of(root) == [
        "demo/2021/zh.md:5:3: warning[N_NARRATIVE_MATCHES_TABLES]: the text says “收到政府信息公开申请12件”, but the "
        "table has t3.new_received.total = 13 or t3.new_received.total + t3.carried_over.total = 14\n"
        "  hint: quote the figure by reference, e.g. `{{ t3.new_received.total }}`, so text and table cannot "
        "disagree; if the sentence counts something else, reword it",
        "demo/2021/zh.md:6:2: warning[N_NARRATIVE_MATCHES_TABLES]: the text says “不予处理2件”, but the table has "
        "the sum of t3.np_*.total = 1\n"
        "  hint: quote the figure by reference, e.g. `{{ t3.np_petition.total }}`, so text and table cannot "
        "disagree; if the sentence counts something else, reword it",
        "demo/2021/zh.md:6:17: warning[N_NARRATIVE_MATCHES_TABLES]: the text says “行政诉讼2件”, but the table has "
        "t4.lit_direct.total = 1\n"
        "  hint: quote the figure by reference, e.g. `{{ t4.lit_direct.total }}`, so text and table cannot "
        "disagree; if the sentence counts something else, reword it",
    ]


def test_figure_references_and_english_are_not_compared(content: Editor) -> None:
    root = content(ZH, ANCHOR, ANCHOR + "共收到申请{{ t3.new_received.total }}件。")
    content("demo/2021/en.md", "## I. Overview", "## I. Overview\nWe received 99 requests (收到申请99件).")
    assert diagnostics_of(root) == []


def test_blank_cells_make_the_number_not_checkable(content: Editor) -> None:
    root = content("demo/2021/report.yaml", "review: {upheld: 1, corrected: 0, other: 0, pending: 0, total: 1}",
                   "review: {upheld: null, corrected: null, other: null, pending: null}")
    content(ZH, ANCHOR, ANCHOR + "行政复议5件。")
    assert [d.split(": ")[1] for d in diagnostics_of(root)] == ["warning[BLANK_CELL]"]


def test_carried_over_from_last_year_is_read_as_carried_over(content: Editor) -> None:
    # issue 13: 上年度结转 (二、上年结转) was read as 结转 and compared with 四、结转下年度继续办理
    root = content(ZH, ANCHOR, ANCHOR + "\n上年度结转申请18件，上一年度结转政府信息公开申请1件。")
    assert diagnostics_of(root) == [
        "demo/2021/zh.md:5:1: warning[N_NARRATIVE_MATCHES_TABLES]: the text says “上年度结转申请18件”, but the "
        "table has t3.carried_over.total = 1\n"
        "  hint: quote the figure by reference, e.g. `{{ t3.carried_over.total }}`, so text and table cannot "
        "disagree; if the sentence counts something else, reword it",
    ]


def test_a_figure_known_only_with_blanks_counted_as_0_is_a_note(content: Editor) -> None:
    # issue 13: 予以公开 is computed with a blank cell counted as 0; the claim may be right, so a note, both figures
    content("demo/2021/report.yaml", "granted: {natural_person: 5, commercial: 1, research: 0,",
            "granted: {natural_person: 5, commercial: 1, research: null,")
    root = content("demo/2021/report.yaml", "legal_service: 0, other_org: 0, total: 6}",
                   "legal_service: 0, other_org: 0}")
    content(ZH, ANCHOR, ANCHOR + "\n予以公开及部分公开8件，予以公开6件。")
    assert [d for d in diagnostics_of(root, notes=True) if "N_NARRATIVE" in d] == [
        "demo/2021/zh.md:5:1: note[N_NARRATIVE_MATCHES_TABLES]: the text says “予以公开及部分公开8件”, but the table "
        "has t3.granted.total + t3.partial.total = 6 + 1 = 7 (blank cells counted as 0: t3.granted.research)\n"
        "  hint: fill in the blank cells (one may hold the difference), and quote the figure by reference, e.g. "
        "`{{ t3.granted.total }}`, so text and table cannot disagree",
    ]


def test_a_sum_with_a_blank_cell_is_compared_as_a_note(content: Editor) -> None:
    # 复议后起诉 left blank: 行政诉讼 = 直接起诉 + blank; before, any blank made the claim not checkable at all
    content("demo/2021/report.yaml", "lit_after_review: {upheld: 0, corrected: 0, other: 0, pending: 0, total: 0}",
            "lit_after_review: {upheld: null, corrected: null, other: null, pending: null, total: null}")
    root = content(ZH, ANCHOR, ANCHOR + "\n行政诉讼2件，行政诉讼1件。")
    assert [d for d in diagnostics_of(root, notes=True) if "N_NARRATIVE" in d] == [
        "demo/2021/zh.md:5:1: note[N_NARRATIVE_MATCHES_TABLES]: the text says “行政诉讼2件”, but the table has "
        "t4.lit_direct.total + t4.lit_after_review.total = 1 + 0 = 1 (blank cells counted as 0: "
        "t4.lit_after_review.total)\n"
        "  hint: fill in the blank cells (one may hold the difference), and quote the figure by reference, e.g. "
        "`{{ t4.lit_direct.total }}`, so text and table cannot disagree",
    ]
