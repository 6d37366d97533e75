"""Every diagnostic code the generator can emit: its usual severity, its group and what it means.

This is the one list: tests check that every code written in the generator (and every rule id of the formats
that is reported as a code) is here, and that the authors' handbook (docs/) explains every code listed here.
To add a code: emit it, add it here, and describe it in docs/diagnostics.yaml (meaning, example, fix).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from generator.errors import Severity


@dataclass(frozen=True, slots=True)
class Code:
    """A diagnostic code: the severity it is normally reported with, its group, one line on its meaning, and the
    other severity it may be reported with (e.g. a note when the check cannot be made)."""

    severity: Severity
    group: str
    summary: str
    also: tuple[Severity, ...] = ()


# Groups, in the order the handbook presents them.
GROUPS = ("files", "keys", "cells", "references", "rules", "narrative", "dates", "years", "build", "import")

_C = Code
CODES = MappingProxyType({
    # files: the file cannot be read as intended
    "YAML_SYNTAX": _C("error", "files", "the file is not valid YAML"),
    "DUPLICATE_KEY": _C("error", "files", "a key is written twice in the same mapping"),
    "ENCODING": _C("error", "files", "the file is not saved as UTF-8"),
    "UNREADABLE": _C("error", "files", "the file cannot be read (permissions)"),
    "MISSING_FILE": _C("error", "files", "a required file or the content folder is missing"),
    "BAD_YEAR": _C("error", "files", "a report folder is not named after a four-digit year"),
    "UNSAFE_PATH": _C("error", "files", "a link to a place outside the content folder, or a FIFO or device: not read"),
    "BAD_ORGAN_ID": _C("error", "files", "an organ folder's name is not an organ id (a-z, 0-9, -): not read"),
    "YAML_LIMIT": _C("error", "files", "the YAML nests too deeply or its aliases expand too far to be read"),
    # keys: the content format's keys and types
    "UNKNOWN_KEY": _C("error", "keys", "a key the content format does not have (with a did-you-mean)"),
    "MISSING_KEY": _C("error", "keys", "a required key is missing"),
    "WRONG_TYPE": _C("error", "keys", "a value has the wrong shape (text, list or mapping)"),
    "BAD_VALUE": _C("error", "keys", "a value is not one of the allowed words, or an id is malformed or repeated"),
    # cells: the values of the statutory tables
    "NOT_INTEGER": _C("error", "cells", "a count is not a whole number"),
    "NOT_NUMBER": _C("error", "cells", "an amount or highlight value is not a number"),
    "NEGATIVE_COUNT": _C("error", "cells", "a count is negative"),
    "FULLWIDTH_DIGITS": _C("error", "cells", "a number is written with full-width digits"),
    "BAD_AMOUNT": _C("error", "cells", "a procurement amount lacks its unit (元 or 万元)"),
    "MISSING_CELL": _C("error", "cells", "a cell, row or table of the form is missing"),
    "BLANK_CELL": _C("warning", "cells", "a cell is blank where the form expects a number"),
    "BLANK_HIGHLIGHT": _C("warning", "cells", "a highlight has no value yet (it is not shown)"),
    # references between files and folders
    "UNKNOWN_FORMAT": _C("error", "references", "`format` names no known format"),
    "UNKNOWN_ORGAN": _C("error", "references", "an organ folder without organ.yaml, or an unknown `parent` or member"),
    "UNKNOWN_RULE": _C("error", "references", "an acknowledgement names no rule of the format"),
    "UNKNOWN_CELL": _C("error", "references", "an acknowledgement names a cell the form does not have"),
    "LEGACY_TABLES": _C("error", "references", "a legacy report has statutory tables"),
    "FORMAT_YEAR": _C("warning", "references", "the format does not apply to the report's year"),
    "ACK_UNUSED": _C("warning", "references", "an acknowledgement matches no failing rule"),
    # rules: the form's arithmetic (勾稽关系); acknowledged failures are reported as warnings
    "T3_COLUMN_BALANCE": _C("error", "rules", "table 三: 一 + 二 = 三(七) + 四 in every column"),
    "T3_RESULTS_SUM": _C("error", "rules", "table 三: （七）总计 = the sum of the outcome rows"),
    "T3_ROW_TOTAL": _C("error", "rules", "table 三: 总计 = the sum of the six applicant columns"),
    "T4_REVIEW_TOTAL": _C("error", "rules", "table 四: 行政复议 总计 = the sum of its four outcomes"),
    "T4_LIT_DIRECT_TOTAL": _C("error", "rules", "table 四: 未经复议直接起诉 总计 = the sum of its four outcomes"),
    "T4_LIT_AFTER_REVIEW_TOTAL": _C("error", "rules", "table 四: 复议后起诉 总计 = the sum of its four outcomes"),
    "T2_ART20_1_PUBLISHED_LE_TOTAL": _C("warning", "rules", "2019 format: 本年新公开数量 ≤ 对外公开总数量"),
    "F_FEE_REPORTED": _C("warning", "rules", "2021 format: part 六 must mention 信息处理费"),
    # narrative: part headings and figure references
    "NARRATIVE_HEADING": _C("error", "narrative", "a `##` heading names no part of the report"),
    "NARRATIVE_DUPLICATE_PART": _C("error", "narrative", "a part appears twice"),
    "NARRATIVE_ORDER": _C("error", "narrative", "the parts are not in the order 一 to 六"),
    "UNKNOWN_REFERENCE": _C("error", "narrative", "a `{{ … }}` reference names no figure of the report"),
    "NARRATIVE_PART_MISSING": _C("warning", "narrative", "part 一, 五 or 六 is missing or empty"),
    "NARRATIVE_MISSING": _C("warning", "narrative", "a language of the site has no narrative file"),
    "UNKNOWN_LANGUAGE": _C("warning", "narrative", "a narrative file in a language the site does not publish"),
    "N_NARRATIVE_MATCHES_TABLES": _C("warning", "narrative", "a number typed in the narrative differs from the table",
                                     also=("note",)),
    # dates: the statutory deadline (条例 第四十九条)
    "BAD_DATE": _C("error", "dates", "a date is not a calendar date written YYYY-MM-DD"),
    "LATE_PUBLICATION": _C("warning", "dates", "published after the statutory deadline"),
    "EARLY_PUBLICATION": _C("warning", "dates", "published before the reporting year ended"),
    "PUBLISHED_UNKNOWN": _C("warning", "dates", "no publication date"),
    # years: this report against the organ's report of the year before, and aggregates against their members
    "X_T3_CARRY_CHAIN": _C("warning", "years", "table 三: 二、上年结转 = last year's 四、结转下年度继续办理"),
    "X_T2_VALID_CHAIN": _C("warning", "years", "2021 format: 现行有效件数 = last year's + 本年制发 − 本年废止"),
    "X_T2_ITEMS_CHAIN": _C("warning", "years", "2019 format: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减"),
    "X_TABLES_IDENTICAL": _C("warning", "years", "every table cell equals last year's report"),
    "X_SIMILAR_NARRATIVE": _C("warning", "years", "a narrative part is nearly the same as last year's (雷同)"),
    "X_NOT_CHECKABLE": _C("note", "years", "a cross-year check cannot be made (year before missing, format change)"),
    "AGGREGATE_SUM": _C("warning", "years", "an aggregate's figures differ from the sum of its members' reports",
                        also=("note",)),
    # build: problems of the machine rather than the content
    "CHART_FONT": _C("error", "build", "the charts' Chinese font is not installed"),
    "PDF_FONT": _C("error", "build", "a character has no glyph in the PDF's fonts, or a PDF style font is missing"),
    "PDF_LIBRARY": _C("error", "build", "Typst, which makes the PDFs, is missing or cannot compile the print version"),
    "UNSAFE_OUTPUT": _C("error", "build", "the output folder is, holds or lies in the content, templates or cache, "
                        "or is not a site govreport built"),
    "WRITE": _C("error", "build", "the site cannot be written (disk full, read-only, no permission)"),
    "TEMPLATE": _C("error", "build", "a template of the templates folder (or a built-in one) cannot be compiled or "
                   "rendered"),
    # import: reading a published report with `govreport import`
    "IMPORT_NOT_A_REPORT": _C("error", "import", "the source is not an annual report of the 2019/2021 format"),
    "IMPORT_TRUNCATED": _C("error", "import", "the source ends before part 六"),
    "IMPORT_ENCODING": _C("error", "import", "the source is not UTF-8, GB18030/GBK or Big5"),
    "IMPORT_ROW_NOT_FOUND": _C("error", "import", "a row of the form is not in the source"),
    "IMPORT_BAD_ROW": _C("error", "import", "a row's values cannot be read as its cells"),
    "IMPORT_UNIT": _C("error", "import", "an amount the form states in 万元 is printed in another unit"),
    "IMPORT_AMBIGUOUS_SPLIT": _C("error", "import", "run-together digits split in more than one valid way"),
    "IMPORT_SPLIT_MISMATCH": _C("error", "import", "a --split does not reproduce the printed digits or names no row"),
    "IMPORT_YEAR_MISMATCH": _C("error", "import", "the page is the report on another year than --year"),
    "IMPORT_EXISTS": _C("error", "import", "report.yaml or zh.md exists (pass --force)"),
    "IMPORT_NEEDS_OCR": _C("error", "import", "the PDF has no text layer (a scan): OCR is needed"),
    "IMPORT_TOO_LARGE": _C("error", "import", "the source is larger than any report page (refused at once)"),
    "IMPORT_NONSTANDARD_PARTS": _C("warning", "import",
                                   "the report does not follow the six parts (numbered or ordered otherwise)"),
})
