"""The chart font's advance widths, read with struct: the same as fontTools reads them, for every font installed on
this machine (fonts we did not make: Noto CJK collections, DejaVu, Liberation), and fontTools for any other cmap."""

from __future__ import annotations

import mmap
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.ttLib.tables._c_m_a_p import cmap_classes

from generator.render.charts import metrics
from generator.render.charts.font import FONT_FAMILY, FONT_SUFFIXES, check_font, font_offsets, names

FONTS = sorted(p for p in Path("/usr/share/fonts").rglob("*") if p.suffix.lower() in FONT_SUFFIXES)


def test_the_chart_font_is_among_the_fonts_compared() -> None:
    assert any(FONT_FAMILY in names_of(p) for p in FONTS)
    assert len(FONTS) >= 4


def names_of(path: Path) -> set[str]:
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return set().union(*(names(data, o) for o in font_offsets(data)))


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_struct_reader_equals_fonttools(path: Path) -> None:
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for index, offset in enumerate(font_offsets(data)):
            read = metrics.read_advances(data, offset)
            assert read is not None, f"{path.name} #{index}: a cmap format other than 4 and 12"
            assert read == metrics._fonttools_advances(path, index), f"{path.name} #{index}"


def test_the_chart_fonts_widths() -> None:
    advances, scale = metrics._advances(str(check_font()), FONT_FAMILY)
    assert scale == 1 / 1000
    assert advances[ord("政")] == 1000 and advances[ord("0")] == 555  # full-width CJK, proportional digits


def _font(tmp_path: Path, fmt: int) -> Path:
    """A small font whose only cmap is of format `fmt` (6: one fontTools reads and the struct reader does not)."""
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "A", "B"])
    fb.setupCharacterMap({ord("A"): "A", ord("B"): "B"})
    fb.setupGlyf({g: _empty() for g in (".notdef", "A", "B")})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (600, 0), "B": (700, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    if fmt == 6:
        table = cmap_classes[6](6)
        table.platformID, table.platEncID, table.language = 3, 1, 0
        table.cmap = {ord("A"): "A", ord("B"): "B"}
        fb.font["cmap"].tables = [table]
    path = tmp_path / f"tiny-{fmt}.ttf"
    fb.save(str(path))
    return path


def _empty() -> object:
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    return TTGlyphPen(None).glyph()


@pytest.mark.parametrize("fmt", [4, 6])
def test_a_cmap_the_reader_does_not_know_goes_to_fonttools(tmp_path: Path, fmt: int) -> None:
    path = _font(tmp_path, fmt)
    data = path.read_bytes()
    assert (metrics.read_advances(data, 0) is None) == (fmt == 6)
    metrics._advances.cache_clear()
    try:
        assert metrics._advances(str(tmp_path), "Tiny") == ({ord("A"): 600, ord("B"): 700}, 1 / 1000)
    finally:
        metrics._advances.cache_clear()
