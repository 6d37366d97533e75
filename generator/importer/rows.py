"""Where each table row's printed values are: the common result of reading tables from text or from HTML."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RowRun:
    """The printed values of one table row (a wide table is one row of all its cells) and where they are."""

    table: str
    row: str  # "" for a wide table printed on one line (part 四)
    run: str  # the values as printed: separated, or run together
    line: int
    col: int
    tokens: tuple[str, ...] | None = None  # the cells, when the source separates them (HTML cells)

    @property
    def key(self) -> str:
        """`t3.granted`, or `t4` for a wide table: the name used in messages and in --split."""
        return f"{self.table}.{self.row}" if self.row else self.table


@dataclass(frozen=True, slots=True)
class Missing:
    """A row of the form that the source does not show, with where it was looked for."""

    table: str
    row: str
    label: str
    line: int
    col: int


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
