"""SVG of the charts, written directly: marks, axes with round ticks, legends; and the accessible inline form.

Plain shapes and <text> in the chart font, no script, no external reference: the same SVG is inlined in the page and
embedded by Typst in the PDF.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Sequence

from generator.render.charts.font import FONT_FAMILY
from generator.render.charts.metrics import text_width
from generator.render.narrative import shown_figure

# Okabe–Ito, darkest first; every bar also gets a dark outline, so even the light hues stand out from white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
INK, GREY, GRID = "#1a1a1a", "#595959", "#d9d9d9"
WIDTH = 480  # drawn at 480 px, scaled by CSS to the column (at most 560 px) through the viewBox
NARROW = 340  # the drawing shown on a phone, where 480 px scaled to the screen would make 11 px text
PAD = 6  # around the whole chart
SIZE = 15  # px, every text of a chart
LINE = 17  # px between the lines of a label
TICK = 5  # px, the length of an axis tick
LABEL_GAP = TICK + 2  # from an axis line to its labels
MIDDLE = 5.0  # from the middle of a line of text to its baseline (CJK glyphs sit about 0.33 em above it)
SWATCH = 10  # px, the square of a legend entry


@functools.lru_cache(maxsize=65536)  # a build draws ~1.6 M coordinates but only ~2,000 distinct ones
def num(x: float) -> str:
    """A coordinate, short: at most two decimals, no trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@functools.lru_cache(maxsize=65536)
def width(text: str) -> float:
    """The width in px of the widest line of a (multi-line) text at the chart size."""
    return max((text_width(line, SIZE) for line in text.split("\n")), default=0.0)


class Svg:
    """An SVG drawing, built up from shapes and texts in order (later on top)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, stroke: str | None = INK) -> None:
        """A filled rectangle, outlined in `stroke` (the bars)."""
        self.parts.append(rect_tag(x, y, w, h, fill, stroke))

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = GREY) -> None:
        """A one-pixel line, on the pixel grid."""
        self.parts.append(_line(x1, y1, x2, y2, stroke))

    def text(self, x: float, y: float, text: str, anchor: str = "start", rotate: bool = False) -> None:
        """`text` with its lines centred on `y` (its middle), aligned by `anchor` at `x`; rotated: read upwards."""
        self.parts.append(text_tag(x, y, text, anchor, rotate))

    def render(self, width: float, height: float) -> str:
        """The whole SVG, white behind, every text in the chart font and ink."""
        return "".join((_svg_tag(width, height), *self.parts, "</svg>"))


@functools.lru_cache(maxsize=4096)
def _svg_tag(width: float, height: float) -> str:
    w, h = num(width), num(height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" font-family="{FONT_FAMILY}" font-size="{SIZE}" fill="{INK}" '
            f'width="{w}" height="{h}" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="white"/>')


# the shapes, written once each: a build draws ~140,000 bars and ~65,000 figures, but only ~3,000 and ~1,700
# different ones (equal numbers print alike, so a float and an int of the same value may share an entry)


@functools.lru_cache(maxsize=65536)
def rect_tag(x: float, y: float, w: float, h: float, fill: str, stroke: str | None) -> str:
    """The markup of Svg.rect."""
    line = f' stroke="{stroke}" stroke-width="0.6"' if stroke else ""
    return (f'<rect x="{num(x)}" y="{num(y)}" width="{num(w if w > 0 else 0)}" height="{num(h if h > 0 else 0)}" '
            f'fill="{fill}"{line}/>')


@functools.lru_cache(maxsize=65536)
def _line(x1: float, y1: float, x2: float, y2: float, stroke: str) -> str:
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{stroke}"/>'


@functools.lru_cache(maxsize=65536)
def text_tag(x: float, y: float, text: str, anchor: str, rotate: bool) -> str:
    """The markup of Svg.text."""
    lines = text.split("\n")
    first = y + MIDDLE - LINE * (len(lines) - 1) / 2
    align = "" if anchor == "start" else f' text-anchor="{anchor}"'
    if rotate:
        place = f' transform="translate({num(x)},{num(y)}) rotate(-90)" y="{num(MIDDLE)}"'
    else:
        place = f' x="{num(x)}" y="{num(first)}"'
    if len(lines) == 1:
        body = html.escape(text, quote=False)
    else:
        body = "".join(f'<tspan x="{num(x)}" y="{num(first + LINE * i)}">{html.escape(part, quote=False)}</tspan>'
                       for i, part in enumerate(lines))
    tag = f"<text{align}{place}>{body}</text>"
    if ' id="' in tag:
        global _TEXT_IDS
        _TEXT_IDS = True
    return tag


# Whether a text drawn so far holds ' id="' (a label may): until one does, no drawing does, as the shapes' markup has
# no id and a match cannot run across a tag (it holds no < or >). inline_svg then need not search the drawing.
_TEXT_IDS = False


# --- scales and axes ----------------------------------------------------------------------------------------


def _increment(span: float, count: int) -> float:
    """The round step (1, 2 or 5 × 10ⁿ) that cuts `span` in about `count` parts (as d3's ticks)."""
    step = span / count
    power = 10.0 ** math.floor(math.log10(step))
    error = step / power
    factor = 10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    return factor * power


def count_ticks(largest: float, count: int = 5) -> list[float]:
    """Ticks from 0 of a count axis reaching `largest`: round steps, and every whole number below 10 (a count axis
    must not read `0 0.5 1 1.5 2`); the last tick is the end of the scale."""
    if largest < 10 and count >= 5:
        return [float(i) for i in range(max(1, math.ceil(largest)) + 1)]
    step = max(1.0, _increment(max(largest, 1), count))
    top = math.ceil(largest / step) * step or step
    step = max(1.0, _increment(top, count))
    return [i * step for i in range(math.ceil(top / step) + 1)]


SHARE_TICKS = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]


@functools.lru_cache(maxsize=4096)  # fitting an axis asks for the same few tick labels again and again
def tick_text(value: float, share: bool) -> str:
    """A tick label: a count as the tables write it, or a share in per cent."""
    return f"{round(100 * value)}%" if share else shown_figure(round(value))


@functools.lru_cache(maxsize=4096)
def axis_ticks(largest: float, count: int, share: bool) -> tuple[tuple[float, ...], float, float]:
    """The ticks of an axis, the width of the last one's label and that of the widest label (each asked for again
    and again while an axis is fitted)."""
    ticks = tuple(SHARE_TICKS if share else count_ticks(largest, count))
    return ticks, width(tick_text(ticks[-1], share)), max(width(tick_text(t, share)) for t in ticks)


@functools.lru_cache(maxsize=4096)
def value_axis(ticks: tuple[float, ...], top_value: float, left: float, plot_w: float, top: float, plot_h: float,
               share: bool, title: str) -> tuple[str, str, float]:
    """The grid behind the bars, the value axis below them (ticks, their labels, its title), and the chart's bottom:
    few scales recur, so each is drawn once."""
    grid = Svg()
    for t in ticks:
        x = left + plot_w * t / top_value
        grid.line(x, top, x, top + plot_h, GRID)
    svg = Svg()
    bottom = top + plot_h
    svg.line(left, bottom, left + plot_w, bottom)
    for t in ticks:
        x = left + plot_w * t / top_value
        svg.line(x, bottom, x, bottom + TICK)
        svg.text(x, bottom + LABEL_GAP + SIZE / 2, tick_text(t, share), "middle")
    bottom += LABEL_GAP + SIZE + 2
    if title:
        svg.text(left + plot_w / 2, bottom + 4 + SIZE / 2, title, "middle")
        bottom += 4 + SIZE + 2
    return "".join(grid.parts), "".join(svg.parts), bottom


def _columns(entries: Sequence[tuple[str, str]], room: float) -> int:
    """One row of up to 3 entries, else 2 columns, else 1: as many as fit in `room` px."""
    for columns in (len(entries) if len(entries) <= 3 else 2, 2, 1):
        if columns == 1 or legend_width(entries, columns) <= room:
            return max(1, min(columns, len(entries)))
    return 1


def legend(svg: Svg, x: float, y: float, entries: Sequence[tuple[str, str]], total: float) -> float:
    """Colour swatches with their names from (x, y) down (left of x if they need it), in as many columns as fit in a
    chart `total` px wide; returns its height."""
    drawing, height = _legend(x, y, tuple(entries), total)
    svg.parts.append(drawing)
    return height


@functools.lru_cache(maxsize=4096)
def _legend(x: float, y: float, entries: tuple[tuple[str, str], ...], total: float) -> tuple[str, float]:
    svg = Svg()
    columns = _columns(entries, total - 2 * PAD)
    x = max(PAD, min(x, total - PAD - legend_width(entries, columns)))
    widths = [max(SWATCH + 5 + width(name) for _, name in entries[c::columns]) for c in range(columns)]
    svg.parts.append('<g class="legend">')
    for i, (colour, name) in enumerate(entries):
        row, column = divmod(i, columns)
        left = x + sum(widths[:column]) + 14 * column
        middle = y + 10 + 20 * row
        svg.rect(left, middle - SWATCH / 2, SWATCH, SWATCH, colour)
        svg.text(left + SWATCH + 5, middle, name)
    svg.parts.append("</g>")
    return "".join(svg.parts), 20 * math.ceil(len(entries) / columns)


def legend_width(entries: Sequence[tuple[str, str]], columns: int) -> float:
    """The width of `legend`'s drawing of `entries` in `columns`."""
    return sum(max(SWATCH + 5 + width(name) for _, name in entries[c::columns]) for c in range(columns)) + 14 * (
        columns - 1)


# --- the inline form ------------------------------------------------------------------------------------------

_IDS = re.compile(r'(\sid="|url\(#|\shref="#)([^")]+)')


def inline_svg(svg: str, chart_id: str, title: str, summary: str, separator: str = ": ", drawn: bool = False) -> str:
    """An SVG with ids made unique on the page, role="img", an accessible name and <title>/<desc>; `drawn`: the SVG
    is a drawing of this package (Svg), so it has ids only if one of its texts has."""
    if (_TEXT_IDS or not drawn) and ' id="' in svg:  # searching a drawing took a twentieth of the charts' time
        svg = _IDS.sub(lambda m: f"{m.group(1)}{chart_id}-{m.group(2)}", svg)
    head, _, body = svg.partition(">")
    return f"{head}{_names(title, summary, separator)}{body}"


@functools.lru_cache(maxsize=16)  # a chart's wide and narrow drawings have the same names, one after the other
def _names(title: str, summary: str, separator: str) -> str:
    label = html.escape(f"{title}{separator}{summary}" if summary else title)
    return f' role="img" aria-label="{label}"><title>{html.escape(title)}</title><desc>{html.escape(summary)}</desc>'
