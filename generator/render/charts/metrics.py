"""How wide a text is in the chart font: advance widths read from the font file itself, once a process.

The charts are laid out in Python (see draw.py), so label columns, legends and the figures at the ends of bars need
the widths the browser and Typst will give the same text in the same font. The font's cmap (formats 4 and 12) and
hmtx tables are read here with `struct` (~15 ms); fontTools (~200 ms for a CJK font) reads any other kind of cmap.
"""

from __future__ import annotations

import functools
import mmap
import struct
from pathlib import Path

from generator.render.charts.font import (
    FONT_FAMILY,
    FONT_SUFFIXES,
    Buffer,
    check_font,
    font_families,
    font_offsets,
    names,
)

# fontTools' getBestCmap order: the subtable the browser and Typst use too
_CMAP_ORDER = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))

Advances = tuple[dict[int, int], float]


def _tables(data: Buffer, offset: int) -> dict[bytes, int]:
    (count,) = struct.unpack_from(">H", data, offset + 4)
    return {tag: start for tag, _, start, _ in struct.iter_unpack(">4sIII", data[offset + 12:offset + 12 + 16 * count])}


def _cmap_4(data: Buffer, at: int) -> dict[int, int]:
    (segments,) = struct.unpack_from(">H", data, at + 6)
    n = segments // 2
    ends = struct.unpack_from(f">{n}H", data, at + 14)
    starts = struct.unpack_from(f">{n}H", data, at + 16 + 2 * n)
    deltas = struct.unpack_from(f">{n}h", data, at + 16 + 4 * n)
    ranges_at = at + 16 + 6 * n
    ranges = struct.unpack_from(f">{n}H", data, ranges_at)
    glyphs: dict[int, int] = {}
    for i in range(n):
        start, end, delta, rng = starts[i], ends[i], deltas[i], ranges[i]
        if start == 0xFFFF:
            continue
        for point in range(start, end + 1):
            if rng == 0:
                glyph = (point + delta) & 0xFFFF
            else:
                (glyph,) = struct.unpack_from(">H", data, ranges_at + 2 * i + rng + 2 * (point - start))
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                glyphs[point] = glyph
    return glyphs


def _cmap_12(data: Buffer, at: int) -> dict[int, int]:
    (groups,) = struct.unpack_from(">I", data, at + 12)
    glyphs: dict[int, int] = {}
    for start, end, first in struct.iter_unpack(">III", data[at + 16:at + 16 + 12 * groups]):
        glyphs.update(zip(range(start, end + 1), range(first, first + end - start + 1), strict=True))
    return {point: glyph for point, glyph in glyphs.items() if glyph} if 0 in glyphs.values() else glyphs


def read_advances(data: Buffer, offset: int) -> Advances | None:
    """The advance of each code point (font units) and 1 / units per em of the font whose table directory starts
    at `offset` of the font file's bytes; None if its best cmap is of a format not read here."""
    tables = _tables(data, offset)
    cmap = tables[b"cmap"]
    _, count = struct.unpack_from(">HH", data, cmap)
    subtables = {(p, e): cmap + sub for p, e, sub in struct.iter_unpack(">HHI", data[cmap + 4:cmap + 4 + 8 * count])}
    best = next((subtables[pe] for pe in _CMAP_ORDER if pe in subtables), None)
    if best is None:
        return None
    (fmt,) = struct.unpack_from(">H", data, best)
    if fmt not in (4, 12):
        return None
    glyphs = _cmap_4(data, best) if fmt == 4 else _cmap_12(data, best)
    (units,) = struct.unpack_from(">H", data, tables[b"head"] + 18)
    (long_metrics,) = struct.unpack_from(">H", data, tables[b"hhea"] + 34)
    widths = struct.unpack_from(f">{2 * long_metrics}H", data, tables[b"hmtx"])[::2]  # (advance, side bearing)s
    last = widths[-1]  # the glyphs after the long metrics have the last advance
    return {point: widths[g] if g < long_metrics else last for point, g in glyphs.items()}, 1 / units


def _fonttools_advances(path: Path, index: int) -> Advances:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True, fontNumber=index if path.suffix.lower() in (".ttc", ".otc") else -1)
    metrics = font["hmtx"].metrics
    return {point: int(metrics[glyph][0]) for point, glyph in font.getBestCmap().items()}, 1 / font["head"].unitsPerEm


@functools.cache
def _advances(folder: str, family: str) -> Advances:
    """The font of `family` in `folder`: the advance of each code point it has (font units), and 1 / units per em."""
    files = sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in FONT_SUFFIXES)
    files.sort(key=lambda p: "Regular" not in p.name)  # the regular weight the charts use, before the bold one
    for path in files:
        if family not in font_families(path):
            continue
        with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for index, offset in enumerate(font_offsets(data)):
                if family in names(data, offset):
                    return read_advances(data, offset) or _fonttools_advances(path, index)
    raise LookupError(f"no font of the family {family!r} in {folder}")  # check_font said there is one


@functools.lru_cache(maxsize=65536)
def text_width(text: str, size: float) -> float:
    """The width in px of one line of `text` at font size `size` px in the chart font (a missing glyph: 1 em)."""
    advances, scale = _advances(str(check_font()), FONT_FAMILY)
    em = round(1 / scale)
    return sum(advances.get(ord(ch), em) for ch in text) * scale * size


def warm() -> None:
    """Read the font's metrics now, before worker processes fork and inherit them."""
    _advances(str(check_font()), FONT_FAMILY)
