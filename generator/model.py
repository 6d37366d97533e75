"""The validated report model: frozen, typed, no I/O. Built by `validate`, read by every later stage."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, NamedTuple, Protocol, TypeVar

from generator.formats import Format, Label

CellValue = int | Decimal | str | None
T = TypeVar("T")


def pickled_by_constructor(cls: type[T]) -> type[T]:
    """Pickle a slots dataclass as (class, field values): unpickling a site's ~26,000 parts, checks and highlights
    from the validation cache then costs a third of the generic slots __setstate__."""
    values = operator.attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def reduce(self: T) -> tuple[type[T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


class Cell(NamedTuple):
    """One table cell: its value (None = left blank in the source), whether it was computed, a note."""

    # A NamedTuple, not a frozen dataclass: a report has ~200 cells and frozen __init__ is 5x slower.
    value: CellValue
    computed: bool = False
    note: Label | None = None


class Loc(NamedTuple):
    """Where something is written: a file, and a 1-based line and column in it."""

    file: str
    line: int
    col: int


class Finder(Protocol):
    """Finds positions in a report's file (made by the check stage, which reads YAML)."""

    def position(self, index: int) -> tuple[int, int]:
        """Line and column of place `index`: 0 for `tables`, 1 + i for the format's i-th cell."""

    def packed(self) -> bytes:
        """Every place's line and column, in order, as an array "I"."""


class Locations:
    """Where a report's figures are written in its report.yaml: the value of `tables`, and every cell of the form
    (a cell the author omitted, such as a computed 总计, at its nearest written ancestor: its row).

    While the report is in the process that checked it, a position is found in the file when asked for (most
    reports are never located, and a scan for one cell is cheap). Pickled — into the validation cache, or to
    another process — it carries every position, packed: two unsigned ints per place (array "I"), `tables` first,
    then the cells in the format's order; the file is not read again.
    """

    __slots__ = ("_finder", "_packed", "file")

    def __init__(self, file: str, finder: Finder | None = None, packed: bytes = b"") -> None:
        self.file = file
        self._finder = finder
        self._packed = packed

    def packed(self) -> bytes:
        """Every position (see the class), found now if not yet."""
        if self._finder is not None:
            self._packed, self._finder = self._finder.packed(), None
        return self._packed

    def __reduce__(self) -> tuple[type[Locations], tuple[str, None, bytes]]:
        return Locations, (self.file, None, self.packed())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Locations) and (self.file, self.packed()) == (other.file, other.packed())

    def __hash__(self) -> int:
        return hash(self.file)

    def __repr__(self) -> str:
        return f"Locations({self.file!r})"

    def _at(self, index: int) -> Loc:
        if self._finder is not None:
            return Loc(self.file, *self._finder.position(index))
        numbers = memoryview(self._packed).cast("I")
        if 2 * index + 1 >= len(numbers):
            return Loc(self.file, 1, 1)
        return Loc(self.file, numbers[2 * index], numbers[2 * index + 1])

    @property
    def tables(self) -> Loc:
        """Where the value of `tables` starts (line 1, column 1 in a report without tables)."""
        return self._at(0)

    def cell(self, index: int) -> Loc:
        """Where the format's cell at `index` is written (or its row, when it is not)."""
        return self._at(index + 1)


_CELL_INDEX: dict[str, dict[str, int]] = {}


def cell_index(fmt: Format) -> dict[str, int]:
    """Each cell id of `fmt` → its place in the format's order of cells."""
    found = _CELL_INDEX.get(fmt.version)
    if found is None:
        found = _CELL_INDEX[fmt.version] = {cell: i for i, cell in enumerate(fmt.cell_types)}
    return found


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Highlight:
    """An extra figure of the report (KPI card), with an optional previous-year value."""

    id: str
    label: Label
    value: int | Decimal
    unit: Label | None = None
    previous: int | Decimal | None = None
    approximate: bool = False


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A rule failure that exists in the published original and is acknowledged by the author."""

    rule: str
    instance: str
    message: str
    reason: Label


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Part:
    """The narrative of one part (or the lead paragraph) in one language, as Markdown."""

    section: str  # a section id of the format, or "lead", or a free heading slug for legacy reports
    heading: str  # the heading as the author wrote it ("" for the lead)
    markdown: str
    line: int  # line of the heading in the file (1-based), for diagnostics and source maps


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class Narrative:
    """One language's narrative file, split into parts."""

    lang: str
    file: str
    parts: tuple[Part, ...]

    def part(self, section: str) -> Part | None:
        """The part for `section`, if the author wrote it."""
        return next((p for p in self.parts if p.section == section), None)


@dataclass(frozen=True)
class Report:
    """One annual report of one organ."""

    organ: str
    year: int
    format: Format | None  # None for legacy reports
    published: dt.date | None  # None when the source does not show it
    scope: str
    title: Label
    values: Mapping[str, CellValue]  # every cell of the form by public id; None = blank
    computed: frozenset[str]  # 总计 cells the author omitted and the generator computed
    notes: Mapping[str, Label]  # annotations printed beside cells
    highlights: tuple[Highlight, ...]
    discrepancies: tuple[Discrepancy, ...]
    narratives: Mapping[str, Narrative]
    source: Mapping[str, str] = field(default_factory=dict)
    path: str = ""
    locations: Locations = field(default_factory=lambda: Locations(""))  # where its figures are written

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Between processes, send the cells as a tuple in the format's order: a tenth of the pickle of a dict.
        state = [getattr(self, f.name) for f in fields(self)]
        if self.format is not None and list(self.values) == list(self.format.cell_types):
            state[_VALUES] = tuple(self.values.values())
        return _report_from_state, tuple(state)

    @property
    def legacy(self) -> bool:
        """True when the report has no statutory tables (pre-2019 or summary-only)."""
        return self.format is None

    def cell(self, cell_id: str) -> Cell:
        """One cell with its computed mark and note."""
        return Cell(self.values[cell_id], cell_id in self.computed, self.notes.get(cell_id))

    def locate(self, cell_id: str) -> Loc:
        """Where the cell is written in report.yaml (a computed cell: where its row is)."""
        assert self.format is not None, "a legacy report has no cells"
        return self.locations.cell(cell_index(self.format)[cell_id])


_VALUES = [f.name for f in fields(Report)].index("values")


def _report_from_state(*state: Any) -> Report:
    if isinstance(state[_VALUES], tuple):
        cells = dict(zip(state[2].cell_types, state[_VALUES], strict=True))  # state[2] is the format
        state = (*state[:_VALUES], cells, *state[_VALUES + 1:])
    return Report(*state)


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one cross-year check of a report, shown on the organ's review page."""

    rule: str
    status: str  # holds | fails | not_checkable
    detail: Label  # what was compared, in plain words, in both languages


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class PartSimilarity:
    """How similar a narrative part is to the same part of the organ's previous report (雷同)."""

    section: str
    lang: str
    percent: int | None  # None: too short to compare


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class YearReview:
    """The cross-year review of one report against the organ's report of the year before."""

    year: int
    previous: int | None  # the year compared with (None: no report of the year before)
    checks: tuple[CheckResult, ...]
    similarity: tuple[PartSimilarity, ...]
    threshold: int  # 雷同 warning threshold in percent


@dataclass(frozen=True)
class AggregateYear:
    """One year of an aggregate organ: its tables computed cell-wise from its members' reports."""

    year: int
    format: Format
    values: Mapping[str, CellValue]  # the cell-wise sums (None where every member left the cell blank)
    members: tuple[str, ...]  # members whose report of the year is summed
    missing: tuple[str, ...]  # members without a (valid, statutory) report of the year
    differences: tuple[Label, ...]  # where the aggregate's own report states other figures, in words


@dataclass(frozen=True)
class Organ:
    """An organ (government or department) and its reports, oldest first."""

    id: str
    name: Label
    kind: str
    parent: str | None
    reports: tuple[Report, ...]
    members: tuple[str, ...] = ()  # organs whose reports this one aggregates (汇总)
    review: tuple[YearReview, ...] = ()  # cross-year review of each report that has a predecessor
    aggregates: tuple[AggregateYear, ...] = ()  # computed from the members, one per year any member reported
    since: int | None = None  # the first year it declares it publishes here: a later year without report is missing

    def report(self, year: int) -> Report | None:
        """The report on `year`, if any."""
        return next((r for r in self.reports if r.year == year), None)


@dataclass(frozen=True)
class Site:
    """The whole portal: title, languages and organs."""

    title: Label
    languages: tuple[str, ...]
    default_language: str
    publisher: Label | None
    organs: tuple[Organ, ...]
    licence: str | None = None  # of the open data (site.yaml `licence`)
    footer: Mapping[str, Label] = field(default_factory=dict)  # sponsor, operator, site_code, icp, police, contact

    def reports(self) -> tuple[Report, ...]:
        """Every report of every organ."""
        return tuple(r for o in self.organs for r in o.reports)
