"""How wide a text is in the chart font: advance widths read from the font file itself (fontTools), once a process.

The charts are laid out in Python (see draw.py), so label columns, legends and the figures at the ends of bars need
the widths the browser and Typst will give the same text in the same font.
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.render.charts.font import FONT_FAMILY, FONT_SUFFIXES, check_font, font_families


@functools.cache
def _advances(folder: str, family: str) -> tuple[dict[int, int], float]:
    """The font of `family` in `folder`: the advance of each code point it has (font units), and 1 / units per em."""
    from fontTools.ttLib import TTCollection, TTFont

    files = sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in FONT_SUFFIXES)
    files.sort(key=lambda p: "Regular" not in p.name)  # the regular weight the charts use, before the bold one
    for path in files:
        if family not in font_families(path):
            continue
        fonts = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() in (".ttc", ".otc") else [
            TTFont(str(path), lazy=True)]
        for font in fonts:
            if font["name"].getDebugName(1) == family or font["name"].getDebugName(16) == family:
                metrics = font["hmtx"].metrics
                advances = {point: int(metrics[glyph][0]) for point, glyph in font.getBestCmap().items()}
                return advances, 1 / font["head"].unitsPerEm
    raise LookupError(f"no font of the family {family!r} in {folder}")  # check_font said there is one


@functools.lru_cache(maxsize=65536)
def text_width(text: str, size: float) -> float:
    """The width in px of one line of `text` at font size `size` px in the chart font (a missing glyph: 1 em)."""
    advances, scale = _advances(str(check_font()), FONT_FAMILY)
    em = round(1 / scale)
    return sum(advances.get(ord(ch), em) for ch in text) * scale * size


def warm() -> None:
    """Read the font's metrics now (~0.2 s), before worker processes fork and inherit them."""
    _advances(str(check_font()), FONT_FAMILY)
