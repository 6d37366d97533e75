"""The chart font: where it is, which families a font file holds, and the check that charts will not show tofu."""

from __future__ import annotations

import functools
import mmap
import os
import struct
from pathlib import Path

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


Buffer = bytes | mmap.mmap


def font_offsets(data: Buffer) -> tuple[int, ...]:
    """Where the table directory of each font in a font file starts (a .ttc collection holds several)."""
    if data[:4] != b"ttcf":
        return (0,)
    (fonts,) = struct.unpack_from(">I", data, 8)
    return struct.unpack_from(f">{fonts}I", data, 12)


def names(data: Buffer, offset: int, ids: tuple[int, ...] = (1, 16)) -> set[str]:
    """The names with ids `ids` (1 and 16: the family) of the font whose table directory starts at `offset`."""
    (count,) = struct.unpack_from(">H", data, offset + 4)
    found: set[str] = set()
    for tag, _, start, _ in struct.iter_unpack(">4sIII", data[offset + 12:offset + 12 + 16 * count]):
        if tag != b"name":
            continue
        _, records, strings = struct.unpack_from(">HHH", data, start)
        for platform, _, _, name_id, length, at in struct.iter_unpack(">6H", data[start + 6:start + 6 + 12 * records]):
            if name_id in ids:
                raw = data[start + strings + at:start + strings + at + length]
                found.add(raw.decode("utf-16-be", "replace") if platform in (0, 3) else raw.decode("latin-1"))
    return found


def font_families(path: Path) -> set[str]:
    """Every family name in a font file (.ttf, .otf or a .ttc collection), read from its name tables."""
    try:
        with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return set().union(*(names(data, o) for o in font_offsets(data)))
    except (OSError, ValueError, struct.error):  # ValueError: an empty file cannot be mapped
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
