"""The chart font: where it is, which families a font file holds, and the check that charts will not show tofu."""

from __future__ import annotations

import functools
import os
import struct
from pathlib import Path
from typing import IO

FONT_FAMILY = "Noto Sans CJK SC"
DEFAULT_FONT_DIR = "/usr/share/fonts/opentype/noto"  # Debian's fonts-noto-cjk
FONT_HINT = ("install it with `apt-get install fonts-noto-cjk`, or set GOVREPORT_FONT_DIR to a folder that holds "
             "NotoSansCJK-Regular.ttc")
FONT_SUFFIXES = {".ttc", ".otc", ".otf", ".ttf"}

class ChartFontError(Exception):
    """The CJK font of the charts is missing: charts would show empty boxes (tofu) instead of Chinese."""

    def __init__(self, family: str, folder: str, origin: str) -> None:
        super().__init__(family, folder, origin)  # the args rebuild it when it crosses from a worker process
        self.family, self.folder, self.origin, self.hint = family, folder, origin, FONT_HINT

    def __str__(self) -> str:
        return f"the chart font “{self.family}” was not found in {self.folder} ({self.origin})"


def font_dir() -> Path:
    """The folder of the chart font: $GOVREPORT_FONT_DIR, else Debian's Noto CJK folder."""
    return Path(os.environ.get("GOVREPORT_FONT_DIR") or DEFAULT_FONT_DIR)


def _names(f: IO[bytes], offset: int) -> set[str]:
    """Family names (name ids 1 and 16) of the font whose table directory starts at `offset`."""
    f.seek(offset + 4)
    (count,) = struct.unpack(">H", f.read(2))
    f.seek(offset + 12)
    directory = f.read(16 * count)
    found: set[str] = set()
    for i in range(count):
        tag, _, start, _ = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
        if tag != b"name":
            continue
        f.seek(start)
        _, records, strings = struct.unpack(">HHH", f.read(6))
        table = f.read(12 * records)
        for j in range(records):
            platform, _, _, name_id, length, at = struct.unpack(">HHHHHH", table[12 * j:12 * j + 12])
            if name_id in (1, 16):
                f.seek(start + strings + at)
                raw = f.read(length)
                found.add(raw.decode("utf-16-be", "replace") if platform in (0, 3) else raw.decode("latin-1"))
    return found


def font_families(path: Path) -> set[str]:
    """Every family name in a font file (.ttf, .otf or a .ttc collection), read from its name tables."""
    try:
        with path.open("rb") as f:
            if f.read(4) == b"ttcf":
                f.seek(8)
                (fonts,) = struct.unpack(">I", f.read(4))
                offsets = struct.unpack(f">{fonts}I", f.read(4 * fonts))
            else:
                offsets = (0,)
            return set().union(*(_names(f, o) for o in offsets))
    except (OSError, struct.error):
        return set()


@functools.cache
def _has_family(folder: Path, family: str) -> bool:
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES) if folder.is_dir() else []
    # the likely files first: NotoSansCJK-Regular.ttc holds "Noto Sans CJK SC"
    files.sort(key=lambda p: family.replace(" ", "").split("CJK")[0] not in p.name)
    return any(family in font_families(p) for p in files)


def check_font(folder: Path | None = None, family: str = FONT_FAMILY) -> Path:
    """The font folder, after checking that it holds `family`; ChartFontError otherwise."""
    folder = folder or font_dir()
    if not _has_family(folder, family):
        origin = "GOVREPORT_FONT_DIR" if os.environ.get("GOVREPORT_FONT_DIR") else "the default font folder"
        raise ChartFontError(family, str(folder), origin)
    return folder


def fingerprint() -> str:
    """What a drawn chart depends on besides its figures and this code: the font family and the font files."""
    folder = font_dir()
    # the files the metrics and the check look at: font files anywhere below the folder
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES) if folder.is_dir() else []
    return repr((FONT_FAMILY, [(str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in files]))
