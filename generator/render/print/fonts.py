"""Font files for the print version: the font folder's files and families, the installed fonts (fontconfig) and
the characters each covers, so that a PDF is checked to draw every character with an embedded font."""

from __future__ import annotations

import bisect
import functools
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from generator.errors import PdfFontError

Ranges = tuple[tuple[int, ...], tuple[int, ...]]  # sorted starts, matching ends (inclusive)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    return f'"{escaped}"'


@dataclass(frozen=True)
class FontFile:
    """A font file of the font folder, with the family names it answers to."""

    path: Path
    families: tuple[str, ...]
    weight: int
    italic: bool
    mtime: int = 0  # the file's, so that an edited font is read again


def _open_font(path: str) -> TTFont:
    collection = path.lower().endswith((".ttc", ".otc"))
    return TTCollection(path, lazy=True).fonts[0] if collection else TTFont(path, lazy=True)


def _family_names(font: TTFont) -> tuple[str, ...]:
    names = {str(rec.toUnicode()).strip() for rec in font["name"].names if rec.nameID in (1, 16)}
    return tuple(sorted(n for n in names if n))


@functools.lru_cache(maxsize=16)
def _read_fonts_dir(folder: str, listing: tuple[tuple[str, int, int], ...]) -> tuple[FontFile, ...]:
    files = []
    for name, _, mtime in listing:
        path = Path(folder) / name
        try:
            font = _open_font(str(path))
            weight = int(font["OS/2"].usWeightClass) if "OS/2" in font else 400
            italic = bool(font["OS/2"].fsSelection & 1) if "OS/2" in font else False
            files.append(FontFile(path, _family_names(font), weight, italic, mtime))
        except Exception as exc:  # a broken file is an error, not a silent fallback
            raise PdfFontError(f"cannot read font file {path}: {exc}", font=str(path)) from exc
    return tuple(files)


def fonts_dir_listing(folder: Path | None) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every font file of the font folder (part of the cache key)."""
    if folder is None:
        return ()
    if not folder.is_dir():
        raise PdfFontError(f"font folder {folder} does not exist", font=str(folder))
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".ttf", ".otf", ".ttc", ".otc"):
            st = path.stat()
            found.append((path.relative_to(folder).as_posix(), st.st_size, st.st_mtime_ns))
    return tuple(found)


def font_files(folder: Path | None) -> tuple[FontFile, ...]:
    """The font files of the font folder (none without one)."""
    return () if folder is None else _read_fonts_dir(str(folder.resolve()), fonts_dir_listing(folder))


def font_faces(files: Sequence[FontFile]) -> str:
    """@font-face rules declaring every family name of every file of the font folder."""
    rules = []
    for f in files:
        for family in f.families:
            rules.append(f"@font-face {{ font-family: {css_string(family)}; src: url({css_string(f.path.as_uri())}); "
                         f"font-weight: {f.weight}; font-style: {'italic' if f.italic else 'normal'}; }}")
    return "\n".join(rules)


def _ranges(charset: str) -> Ranges:
    starts, ends = [], []
    for part in charset.split():
        a, _, b = part.partition("-")
        starts.append(int(a, 16))
        ends.append(int(b or a, 16))
    return tuple(starts), tuple(ends)


def covers(ranges: Ranges, cp: int) -> bool:
    i = bisect.bisect_right(ranges[0], cp) - 1
    return i >= 0 and cp <= ranges[1][i]


@functools.cache
def system_fonts() -> dict[str, list[tuple[str, Ranges]]]:
    """Installed fonts by family name (every name fontconfig knows, any language): (file, character ranges)."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{file}\t%{family}\t%{charset}\n"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise PdfFontError(f"cannot list the installed fonts with fc-list ({exc}); install fontconfig") from exc
    fonts: dict[str, list[tuple[str, Ranges]]] = {}
    for line in out.splitlines():
        path, families, charset = (line.split("\t") + ["", ""])[:3]
        ranges = _ranges(charset)
        for family in re.split(r"(?<!\\),", families):
            fonts.setdefault(family.replace("\\", "").strip(), []).append((path, ranges))
    return fonts


@functools.lru_cache(maxsize=64)
def _file_ranges(path: str, mtime: int) -> Ranges:
    cps = tuple(sorted(_open_font(path).getBestCmap() or {}))
    return cps, cps


@functools.lru_cache(maxsize=8)
def available(files: tuple[FontFile, ...]) -> dict[str, list[Ranges]]:
    """Every usable family name → the character ranges of its files: the font folder's and the installed ones."""
    found: dict[str, list[Ranges]] = {name: [r for _, r in entries] for name, entries in system_fonts().items()}
    for f in files:
        ranges = _file_ranges(str(f.path), f.mtime)
        for family in f.families:
            found.setdefault(family, []).append(ranges)
    return found


def system_font_fingerprint(families: Sequence[str]) -> list[tuple[str, int, int]]:
    """The installed files of `families` with size and mtime (an update of fonts-noto-cjk invalidates the cache)."""
    out = []
    for family in families:
        for path, _ in system_fonts().get(family, []):
            st = os.stat(path)
            out.append((path, st.st_size, st.st_mtime_ns))
    return sorted(set(out))
