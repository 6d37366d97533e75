"""The statutory formats as typed, frozen objects: tables, rows and columns, sections, rules, roles.

May import: generator.errors, and the other modules of generator.formats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.errors import Severity
from generator.formats.roles import Roles


class FormatError(ValueError):
    """A format data file that cannot be used (e.g. a role naming a cell the format does not have)."""


@dataclass(frozen=True, slots=True, order=True)
class Label:
    """A text in both languages; `zh` is exact to the character of the form."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The label in `lang` (Chinese for any language without its own text)."""
        return self.en if lang == "en" else self.zh

    def __reduce__(self) -> tuple[type[Label], tuple[str, str]]:
        # by constructor: a tenth of the time of a slots dataclass's generic __setstate__ (models are cached)
        return Label, (self.zh, self.en)


@dataclass(frozen=True, slots=True)
class Group:
    """A merged header cell (e.g. （三）不予公开) that carries no number of its own."""

    id: str
    label: Label


@dataclass(frozen=True, slots=True)
class Axis:
    """A numeric row or column of a table, with the merged group cells above or beside it."""

    id: str
    label: Label
    groups: tuple[Group, ...] = ()
    type: str = "int"
    unit: str = ""


@dataclass(frozen=True, slots=True)
class TableDef:
    """One statutory table: its rows, columns and header texts."""

    id: str
    label: Label
    rows: tuple[Axis, ...]
    columns: tuple[Axis, ...]
    note: Label | None
    header: Label | None  # the top-left header cell (信息内容) or the column header (申请人情况)
    wide: bool  # printed as one line: every row id is a column group (part 四)
    row_cells: Mapping[str, tuple[tuple[Axis, str], ...]]  # row id → ((column, cell id), …)

    def cell_ids(self) -> tuple[str, ...]:
        """Every cell id of the table, row by row."""
        return tuple(f"{self.id}.{r.id}.{c.id}" for r in self.rows for c in self.columns)


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six parts of the report."""

    id: str
    number: int
    label: Label
    kind: str
    tables: tuple[str, ...]
    topics: tuple[Label, ...] = ()  # the topics the format asks this part to cover (required_topics)


@dataclass(frozen=True, slots=True)
class Term:
    """A signed cell reference inside a rule."""

    sign: int
    cell: str
    previous: bool = False  # `prev(cell)` in a cross-year rule: the cell of the previous year's report


@dataclass(frozen=True, slots=True)
class RuleInstance:
    """A rule expanded for one row or column: lhs op rhs over concrete cell ids."""

    rule_id: str
    key: str
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]
    op: str
    lhs_text: str
    rhs_text: str
    cell_set: frozenset[str]

    def cells(self) -> tuple[str, ...]:
        """All cells the instance reads."""
        return tuple(t.cell for t in self.lhs + self.rhs)


@dataclass(frozen=True, slots=True)
class Rule:
    """A consistency rule of the form (勾稽关系) or a heuristic check."""

    id: str
    severity: str
    kind: str
    says: str
    hint: str
    fills: bool
    instances: tuple[RuleInstance, ...]
    stock: tuple[str, ...] = ()  # cross_year_identical: cell patterns that may legitimately stay the same


@dataclass(frozen=True, slots=True)
class NarrativeCheck:
    """A required mention in a narrative part (e.g. 信息处理费 in part 六)."""

    id: str
    severity: Severity
    section: str
    language: str
    must_mention: str
    says: str
    hint: str


@dataclass(frozen=True)
class Format:
    """A format revision: sections, tables, cell types, rules, deadlines."""

    version: str
    format_id: str
    label: Label
    document_no: str
    first_report_year: int
    last_report_year: int | None
    sections: tuple[Section, ...]
    tables: Mapping[str, TableDef]
    lists: Mapping[str, tuple[str, ...]]
    rules: tuple[Rule, ...]
    narrative_checks: tuple[NarrativeCheck, ...]
    deadlines: Mapping[str, tuple[int, int]]
    required_narrative: tuple[str, ...]
    cell_types: Mapping[str, str]
    fillable: frozenset[str]
    roles: Roles
    # pickled by version (the receiver has the same data files loaded): see copyreg in generator/formats/__init__.py

    def cross_year_rules(self) -> tuple[Rule, ...]:
        """The rules that compare a report with the same organ's previous report."""
        return tuple(r for r in self.rules if r.kind.startswith("cross_year"))

    def section(self, section_id: str) -> Section:
        """The section with this id."""
        return next(s for s in self.sections if s.id == section_id)
