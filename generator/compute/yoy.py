"""The organ page's year-over-year table: key figures of each statutory report and their change."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.formats import Format
from generator.model import Organ


def key_figures(fmt: Format) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(strings.yaml key of the label, cells added up) for each key figure, by the format's roles."""
    t3, t4 = fmt.roles.requests, fmt.roles.appeals
    return (
        ("yoy_new_received", (t3.cell(t3.new_received),)),
        ("yoy_granted", (t3.cell(t3.granted),)),
        ("yoy_results", (t3.cell(t3.results_total),)),
        ("yoy_carry_forward", (t3.cell(t3.carry_forward),)),
        ("yoy_review", (t4.cell(t4.review),)),
        ("yoy_litigation", (t4.cell(t4.lit_direct), t4.cell(t4.lit_after_review))),
    )


@dataclass(frozen=True)
class YoYCell:
    """One figure of one year: the value (None: blank) and its change from the column before."""

    value: int | None
    change: str  # "+3", "−2", "0", or "" (first column or a blank)
    percent: str  # "+16.7%", or "" when there is nothing to compare with (or last year was 0)


@dataclass(frozen=True)
class YoYTable:
    """Rows of key figures over the organ's statutory reports, oldest year first."""

    years: tuple[int, ...]
    rows: tuple[tuple[str, tuple[YoYCell, ...]], ...]  # (label key, one cell per year)
    absent: tuple[int, ...] = ()  # years between the first and the last without a statutory report

    def compared_with(self, i: int) -> int | None:
        """The year the changes of column `i` are measured from, when it is not the year before (a gap)."""
        return self.years[i - 1] if i and self.years[i - 1] != self.years[i] - 1 else None


def _signed(n: int | Decimal) -> str:
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"


def yoy_table(organ: Organ) -> YoYTable | None:
    """The table, or None when the organ has fewer than two reports with statutory tables."""
    figures = [(report, key_figures(report.format)) for report in organ.reports if report.format is not None]
    if len(figures) < 2:
        return None
    rows = []
    for i, (key, _) in enumerate(figures[-1][1]):  # the same figures in every revision, named by its roles
        out: list[YoYCell] = []
        before: int | None = None
        for report, named in figures:
            values = [report.values.get(c) for c in named[i][1]]
            value = sum(v for v in values if isinstance(v, int)) if all(isinstance(v, int) for v in values) else None
            change = percent = ""
            if value is not None and before is not None and out:
                change = _signed(value - before)
                if before:
                    pct = (Decimal(value - before) * 100 / before).quantize(Decimal("0.1"))
                    percent = f"{_signed(pct)}%"
            out.append(YoYCell(value, change, percent))
            before = value
        rows.append((key, tuple(out)))
    years = tuple(r.year for r, _ in figures)
    return YoYTable(years, tuple(rows), absent_years(years))


def absent_years(years: tuple[int, ...] | list[int]) -> tuple[int, ...]:
    """The years between the first and the last of `years` that are not among them."""
    have = set(years)
    return tuple(y for y in range(min(years), max(years) + 1) if y not in have) if years else ()
