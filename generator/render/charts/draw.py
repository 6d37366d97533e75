"""The six chart kinds laid out and drawn as SVG: horizontal bars, paired bars, stacked bars, shares of 100%,
stacked columns by year, and a rate per year.

A chart is drawn from its Plot (kind, axis title, data rows, series names) in about 30 µs, so charts are not cached
apart from the pages that show them. What recurs from chart to chart is kept in memory instead: the label column and
legend of a set of labels, the axis of a scale, each distinct bar (see svg.py).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.render.charts.labels import unwrap, wrap
from generator.render.charts.svg import (
    GREY,
    GRID,
    INK,
    LABEL_GAP,
    LINE,
    PAD,
    PALETTE,
    SHARE_TICKS,
    SIZE,
    TICK,
    WIDTH,
    Svg,
    axis_ticks,
    count_ticks,
    legend,
    rect_tag,
    text_tag,
    tick_text,
    value_axis,
    width,
)


@dataclass(frozen=True, slots=True)
class Plot:
    """What a chart draws: its kind, the title of its value axis, its data rows and the names of its series.

    A data row has a `label` (lines split by \\n) and a `value`; bars and rates a `text` (the figure printed at the
    bar); series a `series` name and an `order` (stacked) or a `ratio` to the pair's larger value (paired).
    """

    kind: str
    axis: str
    data: tuple[Mapping[str, Any], ...]
    names: tuple[str, ...] = ()


def _labels(data: Sequence[Mapping[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(d["label"]) for d in data))


def _series(plot: Plot) -> list[tuple[str, str]]:
    """(colour, name) of each series in legend order: the given names, else as the data first names them."""
    names = plot.names or tuple(dict.fromkeys(str(d["series"]) for d in plot.data if "series" in d))
    hues = (PALETTE[5], PALETTE[0]) if plot.kind == "paired" else PALETTE
    return [(hues[i % len(hues)], name) for i, name in enumerate(names)]


def _fit(labels: Sequence[str], room: float) -> dict[str, str]:
    """Each label as drawn: wrapped again, narrower, where the widest does not fit in `room` px."""
    if max((width(label) for label in labels), default=0) <= room:
        return {label: label for label in labels}
    return {label: wrap(unwrap(label), room / SIZE) for label in labels}


@functools.lru_cache(maxsize=4096)
def _label_axis(labels: tuple[str, ...], top: float, step: float, left: float) -> str:
    """The axis of labels on the left, one band per label: the same for every report of a format (hence kept)."""
    svg = Svg()
    svg.line(left, top, left, top + step * len(labels))
    for i, label in enumerate(labels):
        middle = top + step * (i + 0.5)
        svg.line(left - TICK, middle, left, middle)
        svg.text(left - LABEL_GAP, middle, label, "end")
    return "".join(svg.parts)


def _totals(plot: Plot) -> dict[str, float]:
    """The sum of the values of each label, the labels in order (as _labels)."""
    totals: dict[str, float] = {}
    for d in plot.data:
        label = str(d["label"])
        totals[label] = totals.get(label, 0.0) + float(d.get("value") or 0)
    return totals


def draw(plot: Plot, total: float = WIDTH) -> str:
    """The SVG of a chart, `total` px wide."""
    if plot.kind in ("bars", "paired", "stacked", "mix"):
        return _horizontal(plot, total)
    if plot.kind in ("columns", "rate"):
        return _vertical(plot, total)
    raise ValueError(f"unknown chart kind {plot.kind!r}")


@dataclass(frozen=True, slots=True)
class _Frame:
    """The layout of a horizontal chart that its labels, series and width alone decide."""

    shown: Mapping[str, str]  # each label as drawn (wrapped narrower where the column is tight)
    labels: tuple[str, ...]  # the labels as drawn, top down
    step: float  # px, the band of one label
    left: float  # x of the label axis
    top: float  # y of the plot, below the legend
    head: str  # the legend's drawing
    colours: Mapping[str, str]  # series name → colour
    series: Mapping[str, int]  # series name → its place in a pair
    band_of: Mapping[str, float]  # label as drawn → y of its band


@functools.lru_cache(maxsize=4096)
def _frame(kind: str, labels: tuple[str, ...], room: float, entries: tuple[tuple[str, str], ...],
           total: float) -> _Frame:
    """The layout of a horizontal chart of these labels and series: the same for every report of a format, hence kept
    (labels fitted, legend drawn once instead of in every chart)."""
    shown = _fit(labels, room)
    drawn = tuple(shown.values())
    lines = LINE * max((label.count("\n") + 1 for label in drawn), default=1) + 8  # a label never meets the next
    step = {"bars": max(30, lines), "paired": 2 * max(22, (lines + 1) // 2)}.get(kind, max(34, lines))
    left = PAD + max((width(label) for label in drawn), default=0) + LABEL_GAP
    svg = Svg()
    top = float(PAD)
    if entries:
        top += legend(svg, left, top, entries, total) + 12
    return _Frame(shown, drawn, step, left, top, "".join(svg.parts), {name: colour for colour, name in entries},
                  {name: i for i, (_, name) in enumerate(entries)},
                  {label: top + step * i for i, label in enumerate(drawn)})


def _scale(kind: str, largest: float, figures: Sequence[tuple[float, float]], room_right: float) -> tuple[
        tuple[float, ...], float, float]:
    """The ticks, the value at the end of the scale and the plot's width in px."""
    share, axis = kind == "mix", kind != "paired"
    for count in (5, 4, 3, 2, 1):  # fewer ticks where long figures would run into each other
        # (share ticks are the same whatever the largest value: one entry of the cache)
        ticks, last, widest = axis_ticks(largest, count, False) if axis and not share else axis_ticks(0.0, 5, True)
        top_value = ticks[-1]
        scale = 1.0 if kind == "paired" else top_value
        # the plot as wide as the room allows, with the last tick's label and every figure at a bar's end inside it
        fits = [room_right - last / 2] if axis else [room_right]
        fits += [space * scale / reach for reach, space in figures if reach > 0]
        plot_w = max(60.0, min(fits))
        if not axis or plot_w / max(1, len(ticks) - 1) >= widest + 10:  # the tick labels stand apart (spaced)
            break
    return ticks, top_value, plot_w


@dataclass(frozen=True, slots=True)
class _Rows:
    """What the wide and the narrow drawing of a plot both take from its data."""

    sums: dict[str, float]  # label → the sum of its values, the labels in order
    entries: tuple[tuple[str, str], ...]  # the legend
    figures: tuple[tuple[float, float], ...]  # (how far a bar reaches, the width of its figure) of bars with one
    rows: tuple[Mapping[str, Any], ...]  # the data in drawing order


_LAST: tuple[Plot, _Rows] | None = None  # the plot drawn last (kept alive, so that `is` cannot meet another)


def _rows(plot: Plot) -> _Rows:
    """The data of a horizontal plot as both its drawings need it: found once for the pair, drawn one after the
    other."""
    global _LAST
    last = _LAST  # one read: another thread may draw too
    if last is not None and last[0] is plot:
        return last[1]
    rows = _Rows(_totals(plot), tuple(_series(plot)) if plot.kind != "bars" else (),
                 tuple((float(d["ratio"] if plot.kind == "paired" else d["value"]), width(str(d["text"])))
                       for d in plot.data if "text" in d),
                 tuple(sorted(plot.data, key=lambda d: float(d.get("order", 0)))))
    _LAST = (plot, rows)
    return rows


def _horizontal(plot: Plot, total: float) -> str:
    """Bars along a value axis at the bottom, one band per label on the left."""
    kind, data = plot.kind, _rows(plot)
    sums = data.sums
    # the labels' column takes at most 42% of the chart, and leaves room for the longest figure after a 60 px bar
    longest = max((w + 4 for _, w in data.figures), default=0)
    room = max(60.0, min(0.42 * total, total - 2 * PAD - LABEL_GAP - longest - 60))
    frame = _frame(kind, tuple(sums), room, data.entries, total)
    shown, labels, step, left, top = frame.shown, frame.labels, frame.step, frame.left, frame.top
    share, axis, paired, stacked = kind == "mix", kind != "paired", kind == "paired", kind in ("stacked", "mix")
    room_right = total - PAD - left
    figures = [(reach, room_right - 4 - w) for reach, w in data.figures]  # (reach, the room its figure leaves)
    ticks, top_value, plot_w = _scale(kind, max(sums.values(), default=0), figures, room_right)
    plot_h = step * len(labels)
    grid, axis_drawing, bottom = value_axis(ticks, top_value, left, plot_w, top, plot_h, share,
                                           plot.axis) if axis else ("", "", top + plot_h)
    parts = [frame.head, grid]
    add = parts.append  # the loop below draws ~10 bars a chart, 140,000 a build: no method lookups in it
    totals = {shown[label]: n for label, n in sums.items()}
    ends = dict.fromkeys(labels, 0.0)
    band_of, colours, series, inset, thick = frame.band_of, frame.colours, frame.series, 0.05 * step, 0.9 * step
    for d in data.rows:
        label = shown[str(d["label"])]
        y, h = band_of[label] + inset, thick
        if "gap" in d:  # a year without a report: its band holds a dash, not an empty bar read as 0
            add(text_tag(left + 4, y + h / 2, "—", "start", False))
            continue
        if paired:
            h /= 2
            y += h * series[str(d["series"])]
            length = plot_w * float(d["ratio"])
        elif share:
            length = plot_w * float(d["value"]) / totals[label] if totals[label] else 0.0
        else:
            length = plot_w * float(d["value"]) / top_value
        x = left + ends[label]
        add(rect_tag(x, y, length, h, colours.get(str(d.get("series")), PALETTE[0]), INK))
        if stacked:
            ends[label] += length
        if "text" in d:
            add(text_tag(x + length + 4, y + h / 2, str(d["text"]), "start", False))
    svg = Svg()
    svg.parts = [*parts, _label_axis(labels, top, step, left), axis_drawing]
    return svg.render(total, bottom + PAD)


def _vertical(plot: Plot, total: float) -> str:
    """Columns by year along the bottom, a value axis on the left (its title read upwards)."""
    labels = _labels(plot.data)
    share = plot.kind == "rate"
    ticks = SHARE_TICKS if share else count_ticks(max(_totals(plot).values(), default=0))
    top_value = ticks[-1]
    entries = _series(plot) if plot.kind == "columns" else []
    title = SIZE + 6 if plot.axis else 0
    left = PAD + title + max(width(tick_text(t, share)) for t in ticks) + LABEL_GAP
    room = total - PAD - left
    # the last year's label, centred under its column, stays inside: the plot ends early enough for half of it
    last = width(labels[-1]) / 2 if labels else 0
    plot_w = min(room, (room - last) / (1 - 1 / (2 * max(1, len(labels)))))
    svg = Svg()
    top = PAD + SIZE / 2  # the top tick's label stands half above the plot
    if entries:
        top = PAD + legend(svg, left, PAD, entries, total) + 12
    if share:
        top += SIZE + 4  # room for a rate written above a full column
    plot_h = 240 if plot.kind == "columns" else 220
    bottom = top + plot_h
    for t in ticks:
        y = bottom - plot_h * t / top_value
        svg.line(left, y, left + plot_w, y, GRID)
    step = plot_w / max(1, len(labels))
    every = math.ceil((max((width(label) for label in labels), default=0) + 8) / step)  # labels that fit side by side
    texts = all(width(str(d.get("text", ""))) + 4 <= step for d in plot.data)  # figures over columns, if they fit
    colours = dict((name, colour) for colour, name in entries)
    ends = dict.fromkeys(labels, 0.0)
    for d in sorted(plot.data, key=lambda d: float(d.get("order", 0))):
        label = str(d["label"])
        x = left + step * (labels.index(label) + 0.05)
        if "gap" in d:  # a year without a report: a dash in its place, not an empty column read as 0
            svg.text(x + 0.45 * step, bottom - 4 - SIZE / 2, "—", "middle")
            continue
        h = plot_h * float(d["value"]) / top_value
        y = bottom - ends[label] - h
        svg.rect(x, y, 0.9 * step, h, colours.get(str(d.get("series")), PALETTE[0]))
        ends[label] += h
        if "text" in d and texts:
            svg.text(x + 0.45 * step, y - 4 - SIZE / 2, str(d["text"]), "middle")
    svg.line(left, top, left, bottom)
    for t in ticks:
        y = bottom - plot_h * t / top_value
        svg.line(left - TICK, y, left, y)
        svg.text(left - LABEL_GAP, y, tick_text(t, share), "end")
    if plot.axis:
        svg.text(PAD + SIZE / 2, top + plot_h / 2, plot.axis, "middle", rotate=True)
    svg.line(left, bottom, left + plot_w, bottom)
    for i, label in enumerate(labels):
        x = left + step * (i + 0.5)
        svg.line(x, bottom, x, bottom + TICK, GREY)
        if i % every == 0:  # the first year always, then as many as fit
            svg.text(x, bottom + LABEL_GAP + SIZE / 2, label, "middle")
    return svg.render(total, bottom + LABEL_GAP + SIZE + 2 + PAD)
