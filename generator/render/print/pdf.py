"""Print version of a report: its Typst source (typdoc.py + templates/print.typ) → PDF by Typst, font-checked and
cached. Typst runs in a helper process (typstproc.py); it reads no file and fetches nothing: the source holds the
whole document (texts as string literals, charts as SVG strings) and imports no package."""
# Every character drawn must be covered by a font (Typst would silently draw a box) and a font family that the style
# names must exist: otherwise PdfFontError, raised before compiling, as the site build reports it at its place.

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache.store import Store
from generator.errors import PdfError, PdfFontError
from generator.model import Organ, Report
from generator.render.print import fonts, typstproc
from generator.render.print.fonts import FontFile, covers, font_files, fonts_dir_listing, system_font_fingerprint
from generator.render.print.typdoc import STYLE_FONTS, Charts, PrintChart, Source, content_date, typst_source
from generator.render.templates import read_strings, static_files
from generator.render.view import ReportView, report_view

if TYPE_CHECKING:
    from generator.render.templates import PageMaker

__all__ = ["PdfCache", "PdfFontError", "PdfOptions", "PrintChart", "content_date", "print_pdf", "print_source",
           "report_pdf"]

PDF_LAYOUT_VERSION = "typst-1"  # bump when what a PDF looks like changes outside the source: invalidates the cache
try:  # Typst runs in a helper process (typstproc.py): this process only needs its version
    TYPST_VERSION = importlib.metadata.version("typst")
except importlib.metadata.PackageNotFoundError as exc:
    raise PdfError("the Python package typst is missing: pip install -r requirements.lock") from exc
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")  # Debian's fonts-noto-cjk, also found as an installed font
_SKIP = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # control, format and space characters need no glyph


@dataclass(frozen=True)
class PdfOptions:
    """How PDFs are made: font folder, official-document style, PDF/A (tagged, with XMP metadata)."""

    fonts_dir: Path | None = None
    official: bool = False
    pdfa: bool = False

    def key(self) -> str:
        """The options, the font folder listing and the relevant installed fonts, for the cache key."""
        listing = fonts_dir_listing(self.fonts_dir)
        system = system_font_fingerprint(["Noto Sans CJK SC", "Noto Serif CJK SC"])
        return repr((self.official, self.pdfa, listing, system, TYPST_VERSION, PDF_LAYOUT_VERSION))


@functools.lru_cache(maxsize=8)
def _print_strings(override: Path | None) -> dict[str, dict[str, str]]:
    return read_strings("print_strings.yaml", override)


@functools.lru_cache(maxsize=8)
def _static(override: Path | None) -> dict[str, bytes]:
    return static_files(override)


def site_image(override: Path | None, src: str) -> bytes | None:
    """A narrative image's bytes when `src` names one of the site's own static files; None for anything else (a
    URL, a path outside static/), which the PDF shows as its alt text."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or "\\" in src:
        return None
    path = posixpath.normpath("/" + src.split("?")[0].split("#")[0]).lstrip("/")
    while path.startswith("../"):
        path = path[3:]
    return _static(override).get(path) if path.startswith("static/") else None


def print_source(renderer: PageMaker, organ: Organ, report: Report, lang: str, *, charts: Charts | None = None,
                 options: PdfOptions = PdfOptions(), view: ReportView | None = None) -> Source:
    """The Typst source of one report in one language (templates/print.typ through the renderer's env): of `view`
    when the page's render is at hand, else of a render made here (with `charts` in place of the report's)."""
    env = renderer.env
    strings = {**_print_strings(renderer.override).get(lang, {}), **renderer.strings[lang]}
    view = view or report_view(report, lang)
    preamble = env.loader.get_source(env, "print.typ")[0]  # type: ignore[union-attr]
    site = renderer.site
    publisher = site.publisher.get(lang) if site.publisher else ""
    return typst_source(preamble, organ, report, lang, strings, site.title.get(lang), publisher, view,
                        charts if charts is not None else view.charts, options.official,
                        functools.partial(site_image, renderer.override))


def check_fonts(texts: Sequence[str], official: bool, files: tuple[FontFile, ...]) -> None:
    """Raise PdfFontError for a font list of the style of which no font exists, or a character that no font has
    (Typst would draw a box): every character is looked up in the first font of the body, then in any font."""
    usable = fonts.available(files)
    known = _families(files)  # Typst's own view: it skips a file it cannot use (one without a PostScript name)
    for role, families in STYLE_FONTS[official].items():
        if not any(f.lower() in known for f in families):
            raise PdfFontError(f"font {' / '.join(families)!r} is neither installed nor in the font folder (needed for "
                               f"the {role} text); add it to the font folder", font=families[0])
    primary = next(f for f in STYLE_FONTS[official]["body"] if f.lower() in known)
    first = [r for name, ranges in usable.items() if name.lower() == primary.lower() for r in ranges]
    seen = _covered(files)
    for ch in set("".join(texts)) - seen:
        cp = ord(ch)
        if unicodedata.category(ch) in _SKIP or any(covers(r, cp) for r in first):
            seen.add(ch)
        elif any(covers(r, cp) for ranges in usable.values() for r in ranges):
            seen.add(ch)  # Typst falls back to a font that has it, and embeds it
        else:
            raise PdfFontError(f"character {ch!r} (U+{cp:04X}) has no glyph in font {primary!r} nor in any installed "
                               "font: add a font that has it to the font folder, or change the text", ch, primary)


@functools.lru_cache(maxsize=8)
def _covered(files: tuple[FontFile, ...]) -> set[str]:
    """The characters found covered with these fonts in this process (a PDF checks only the ones new to it)."""
    return set()


def _font_paths(files: tuple[FontFile, ...]) -> list[str]:
    """The folders Typst looks into besides the installed fonts: Noto CJK's and the font folder's."""
    return [str(p) for p in (NOTO_DIR, *sorted({f.path.parent for f in files})) if p.is_dir()]


@functools.lru_cache(maxsize=8)
def _families(files: tuple[FontFile, ...]) -> frozenset[str]:
    return frozenset(name.lower() for name in typstproc.families(_font_paths(files))[0])


_CREATOR = [(re.compile(rb"/Creator\(Typst [0-9.]+\)"), b"/Creator(govreport)"),
            (re.compile(rb"<xmp:CreatorTool>Typst [0-9.]+</xmp:CreatorTool>"),
             b"<xmp:CreatorTool>govreport</xmp:CreatorTool>")]


def _creator(data: bytes) -> bytes:
    """Name govreport as the PDF's creator, in the info dictionary and the XMP metadata, padded with spaces so that
    no byte offset moves."""
    for pattern, name in _CREATOR:
        m = pattern.search(data)
        if m and len(m.group()) >= len(name):
            data = data[: m.start()] + name.ljust(len(m.group())) + data[m.end():]
    return data


def _typst(source: str, pdfa: bool, files: tuple[FontFile, ...]) -> bytes:
    """Typst source → PDF bytes (the only call into Typst)."""
    try:
        data = typstproc.compile_pdf(source, _font_paths(files), ["a-3b"] if pdfa else [])
    except typstproc.TypstError as exc:
        raise PdfError(f"Typst could not make the PDF: {exc}") from exc
    return _creator(data)


class PdfCache:
    """PDFs by SHA-256 of (Typst source, options, font folder listing, Typst version), kept in the store as kind
    "pdf"."""

    KIND = "pdf"

    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def key(source: str, options: PdfOptions) -> str:
        """The cache key of one Typst source with these options."""
        return hashlib.sha256(f"{options.key()}\0{source}".encode()).hexdigest()

    def get(self, key: str) -> bytes | None:
        """The cached PDF, or None."""
        return self.store.get(self.KIND, key)

    def put(self, key: str, data: bytes) -> None:
        """Store a PDF."""
        self.store.put(self.KIND, key, data)


def print_pdf(renderer: PageMaker, organ: Organ, report: Report, lang: str, view: ReportView,
              options: PdfOptions, cache: PdfCache | None = None) -> tuple[bytes, str]:
    """The PDF of one report in one language from its render, and its key in the PDF cache; raises PdfFontError on a
    missing font or glyph."""
    source = print_source(renderer, organ, report, lang, options=options, view=view)
    key = PdfCache.key(source.code, options)
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit, key
    files = font_files(options.fonts_dir)
    check_fonts(source.texts, options.official, files)
    data = _typst(source.code, options.pdfa, files)
    if cache is not None:
        cache.put(key, data)
    return data, key


def report_pdf(renderer: PageMaker, organ: Organ, report: Report, lang: str, *, fonts_dir: Path | None = None,
               official: bool = False, pdfa: bool = False, charts: Charts | None = None,
               cache: PdfCache | None = None) -> bytes:
    """The PDF of one report in one language, rendered here (with `charts` in place of the report's own)."""
    view = report_view(report, lang)
    if charts is not None:
        view = ReportView(view.parts, charts, view.has_narrative)  # type: ignore[arg-type]
    return print_pdf(renderer, organ, report, lang, view, PdfOptions(fonts_dir, official, pdfa), cache)[0]
