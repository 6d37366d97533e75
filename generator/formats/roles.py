"""Roles: the cells, rows and columns of a format that charts, the year-over-year table and the narrative check read.

A format's `roles:` block names them by the ids of that format, so that a revision renaming a row changes its
data file only. Each field says what kind of id it holds (`target`), which the loader checks against the format.

May import: nothing of the generator (the vocabulary below it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _id(target: str) -> Any:
    # the kind of id the role holds: table, section, row (of the role's table), group (of rows), column
    return field(metadata={"target": target})


@dataclass(frozen=True, slots=True)
class RequestRoles:
    """Table 三 (requests received and handled): the rows charts, YoY and the narrative check read."""

    table: str = _id("table")
    section: str = _id("section")  # where the report page shows the charts of this table
    total: str = _id("column")  # 总计, the column the figures are read from
    new_received: str = _id("row")  # 一、本年新收
    carried_over: str = _id("row")  # 二、上年结转
    granted: str = _id("row")  # （一）予以公开
    partial: str = _id("row")  # （二）部分公开
    results_total: str = _id("row")  # （七）总计 of the outcomes; its group holds every outcome row
    carry_forward: str = _id("row")  # 四、结转下年度继续办理
    denied: str = _id("group")  # （三）不予公开
    unable: str = _id("group")  # （四）无法提供
    not_processed: str = _id("group")  # （五）不予处理

    def cell(self, row: str) -> str:
        """The 总计 cell of a row of the table."""
        return f"{self.table}.{row}.{self.total}"


@dataclass(frozen=True, slots=True)
class AppealRoles:
    """Table 四 (administrative reconsideration and litigation): case kinds (rows) and outcomes (columns)."""

    table: str = _id("table")
    section: str = _id("section")
    total: str = _id("column")  # 总计
    review: str = _id("row")  # 行政复议
    lit_direct: str = _id("row")  # 行政诉讼：未经复议直接起诉
    lit_after_review: str = _id("row")  # 行政诉讼：复议后起诉
    upheld: str = _id("column")  # 结果维持
    corrected: str = _id("column")  # 结果纠正
    other: str = _id("column")  # 其他结果

    def cell(self, row: str) -> str:
        """The 总计 cell of a kind of case."""
        return f"{self.table}.{row}.{self.total}"


@dataclass(frozen=True, slots=True)
class Roles:
    """The `roles:` block of a format."""

    requests: RequestRoles
    appeals: AppealRoles
