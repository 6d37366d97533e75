"""One test per rule of the form: the exact diagnostic, with file:line:col, for one changed cell."""

from __future__ import annotations

from conftest import Editor, diagnostics_of

R21 = "demo/2021/report.yaml"
R20 = "demo/2020/report.yaml"


def test_minimal_fixture_is_clean(content: Editor) -> None:
    assert diagnostics_of(content()) == []


def test_t3_column_balance(content: Editor) -> None:
    # carry_forward of natural persons 1 -> 2: 一+二 (11) no longer equals 三(七)+四 (12); the row total breaks too.
    root = content(R21, "carry_forward: {natural_person: 1,", "carry_forward: {natural_person: 2,")
    assert diagnostics_of(root) == [
        "demo/2021/report.yaml:16:36: error[T3_COLUMN_BALANCE]: t3.new_received.natural_person + "
        "t3.carried_over.natural_person = 11, but t3.results_total.natural_person + t3.carry_forward.natural_person "
        "= 12 (difference -1)\n"
        "  hint: 一+二 must equal 三(七)总计+四 in every column (the note printed on the form); check the four rows "
        "of this column; the form's note says item 1 + item 2 = item 3 + item 4",
        "demo/2021/report.yaml:40:126: error[T3_ROW_TOTAL]: t3.carry_forward.total = 1, but sum of "
        "t3.carry_forward.{c} over t3_applicant_cols = 2 (difference -1)\n"
        "  hint: 总计 must equal the sum of the six applicant columns; omit `total` to have it computed from the "
        "applicant columns",
    ]


def test_t3_column_balance_alone_when_totals_are_computed(content: Editor) -> None:
    root = content(R20, "carry_forward: {natural_person: 1,", "carry_forward: {natural_person: 2,")
    # the omitted total column is computed, so the same error shows there too, located at the row
    assert diagnostics_of(root) == [
        "demo/2020/report.yaml:18:19: error[T3_COLUMN_BALANCE]: t3.new_received.total + t3.carried_over.total = 4, "
        "but t3.results_total.total + t3.carry_forward.total = 5 (difference -1)\n"
        "  hint: 一+二 must equal 三(七)总计+四 in every column (the note printed on the form); check the four rows "
        "of this column; the form's note says item 1 + item 2 = item 3 + item 4",
        "demo/2020/report.yaml:18:36: error[T3_COLUMN_BALANCE]: t3.new_received.natural_person + "
        "t3.carried_over.natural_person = 4, but t3.results_total.natural_person + t3.carry_forward.natural_person "
        "= 5 (difference -1)\n"
        "  hint: 一+二 must equal 三(七)总计+四 in every column (the note printed on the form); check the four rows "
        "of this column; the form's note says item 1 + item 2 = item 3 + item 4",
        # and the 2021 report's 上年结转 no longer equals it
        "demo/2021/report.yaml:17:36: warning[X_T3_CARRY_CHAIN]: t3.carried_over.natural_person = 1, but "
        "t3.carry_forward.natural_person of 2020 = 2 (difference -1) (across the format change 2019 → 2021)\n"
        "  hint: 二、上年结转 should equal 四、结转下年度继续办理 of the previous year's report; check both reports; "
        "after a reorganisation the chain may break legitimately",
        "demo/2021/report.yaml:17:125: warning[X_T3_CARRY_CHAIN]: t3.carried_over.total = 1, but "
        "t3.carry_forward.total of 2020 = 2 (difference -1) (across the format change 2019 → 2021)\n"
        "  hint: 二、上年结转 should equal 四、结转下年度继续办理 of the previous year's report; check both reports; "
        "after a reorganisation the chain may break legitimately",
    ]


def test_t3_results_sum(content: Editor) -> None:
    root = content(R21, "results_total: {natural_person: 10,", "results_total: {natural_person: 9,")
    found = diagnostics_of(root)
    assert found[1] == (
        "demo/2021/report.yaml:39:37: error[T3_RESULTS_SUM]: t3.results_total.natural_person = 9, but sum of "
        "t3.{r}.natural_person over t3_result_leaves = 10 (difference -1)\n"
        "  hint: （七）总计 must equal the sum of the outcome rows; each request is counted under exactly one "
        "outcome; omit results_total to have it computed")
    assert [d.split("]")[0].rsplit("[", 1)[1] for d in found] == [
        "T3_COLUMN_BALANCE", "T3_RESULTS_SUM", "T3_ROW_TOTAL"]


def test_t3_row_total(content: Editor) -> None:
    root = content(R21, "other_org: 0, total: 6}", "other_org: 0, total: 7}")
    found = diagnostics_of(root)
    assert found[0] == (
        "demo/2021/report.yaml:18:120: error[T3_ROW_TOTAL]: t3.granted.total = 7, but sum of t3.granted.{c} over "
        "t3_applicant_cols = 6 (difference +1)\n"
        "  hint: 总计 must equal the sum of the six applicant columns; omit `total` to have it computed from the "
        "applicant columns")
    assert found[1].startswith("demo/2021/report.yaml:39:127: error[T3_RESULTS_SUM]: t3.results_total.total = 13, "
                               "but sum of t3.{r}.total over t3_result_leaves = 14")


def test_t4_review_total(content: Editor) -> None:
    root = content(R21, "review: {upheld: 1, corrected: 0, other: 0, pending: 0, total: 1}",
                   "review: {upheld: 1, corrected: 0, other: 0, pending: 1, total: 1}")
    assert diagnostics_of(root) == [
        "demo/2021/report.yaml:42:68: error[T4_REVIEW_TOTAL]: t4.review.total = 1, but t4.review.upheld + "
        "t4.review.corrected + t4.review.other + t4.review.pending = 2 (difference -1)\n"
        "  hint: 行政复议 总计 must equal 结果维持+结果纠正+其他结果+尚未审结; omit `total` to have it computed"]


def test_t4_lit_direct_total(content: Editor) -> None:
    root = content(R21, "lit_direct: {upheld: 0, corrected: 1, other: 0, pending: 0, total: 1}",
                   "lit_direct: {upheld: 0, corrected: 1, other: 0, pending: 0, total: 3}")
    assert diagnostics_of(root) == [
        "demo/2021/report.yaml:43:72: error[T4_LIT_DIRECT_TOTAL]: t4.lit_direct.total = 3, but t4.lit_direct.upheld "
        "+ t4.lit_direct.corrected + t4.lit_direct.other + t4.lit_direct.pending = 1 (difference +2)\n"
        "  hint: 未经复议直接起诉 总计 must equal 结果维持+结果纠正+其他结果+尚未审结; omit `total` to have it computed"]


def test_t4_lit_after_review_total(content: Editor) -> None:
    root = content(R21, "lit_after_review: {upheld: 0, corrected: 0, other: 0, pending: 0, total: 0}",
                   "lit_after_review: {upheld: 0, corrected: 0, other: 2, pending: 0, total: 0}")
    assert diagnostics_of(root) == [
        "demo/2021/report.yaml:44:78: error[T4_LIT_AFTER_REVIEW_TOTAL]: t4.lit_after_review.total = 0, but "
        "t4.lit_after_review.upheld + t4.lit_after_review.corrected + t4.lit_after_review.other + "
        "t4.lit_after_review.pending = 2 (difference -2)\n"
        "  hint: 复议后起诉 总计 must equal 结果维持+结果纠正+其他结果+尚未审结; omit `total` to have it computed"]


def test_t2_published_le_total_2019(content: Editor) -> None:
    root = content(R20, "normative_docs: {new_made: 5, new_published: 5, total_published: 40}",
                   "normative_docs: {new_made: 5, new_published: 50, total_published: 40}")
    assert diagnostics_of(root) == [
        "demo/2020/report.yaml:6:50: warning[T2_ART20_1_PUBLISHED_LE_TOTAL]: t2_art20_1.normative_docs.new_published "
        "= 50 is more than t2_art20_1.normative_docs.total_published = 40\n"
        "  hint: 本年新公开数量 should not exceed 对外公开总数量 (the cumulative total includes this year's); check "
        "whether the two columns were swapped"]


def test_blank_cells_count_as_zero_and_are_reported(content: Editor) -> None:
    root = content(R21, "denied_third_party: {natural_person: 1,", "denied_third_party: {natural_person: null,")
    found = diagnostics_of(root)
    assert found[0] == (
        "demo/2021/report.yaml:23:42: warning[BLANK_CELL]: row t3.denied_third_party: blank where the form expects a "
        "number: natural_person\n"
        "  hint: a blank is not a zero: write 0 if the count is zero, keep null only if the published report left the "
        "cell empty")
    assert "(blank cells counted as 0: t3.denied_third_party.natural_person)" in found[1]
    assert "error[T3_ROW_TOTAL]" in found[1]


def test_acknowledged_failure_is_a_warning(content: Editor) -> None:
    root = content(R21, "results_total: {natural_person: 10,", "results_total: {natural_person: 9,")
    path = root / R21
    path.write_text(path.read_text(encoding="utf-8").replace("highlights:", """acknowledged:
  - rule: T3_RESULTS_SUM
    cells: [t3.results_total.natural_person]
    reason: {zh: 原文如此。, en: As published.}
highlights:""", 1), encoding="utf-8")
    found = diagnostics_of(root)
    assert found[1] == (
        "demo/2021/report.yaml:39:37: warning[T3_RESULTS_SUM]: acknowledged discrepancy of the published original: "
        "t3.results_total.natural_person = 9, but sum of t3.{r}.natural_person over t3_result_leaves = 10 "
        "(difference -1)\n"
        "  hint: acknowledged in report.yaml: As published.")
    assert [d.split(": ")[1] for d in found] == ["error[T3_COLUMN_BALANCE]", "warning[T3_RESULTS_SUM]",
                                                  "error[T3_ROW_TOTAL]"]


def test_unused_acknowledgement(content: Editor) -> None:
    root = content(R21, "highlights:", """acknowledged:
  - rule: T3_RESULTS_SUM
    reason: {zh: 原文如此。, en: As published.}
highlights:""")
    assert diagnostics_of(root) == [
        "demo/2021/report.yaml:46:5: warning[ACK_UNUSED]: acknowledged T3_RESULTS_SUM does not fail in this report\n"
        "  hint: remove the acknowledgement, or check its `cells`"]


def test_omitted_totals_are_computed_and_marked() -> None:
    from conftest import MINIMAL

    from generator.build.pipeline import check

    site = check(str(MINIMAL)).site
    assert site is not None
    report = next(r for r in site.reports() if r.year == 2020)
    assert report.values["t3.results_total.natural_person"] == 3
    assert "t3.results_total.natural_person" in report.computed
    assert report.values["t3.new_received.total"] == 4
    assert report.cell("t4.review.total").computed
    assert "t3.new_received.natural_person" not in report.computed
