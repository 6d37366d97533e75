"""Print version of a report: print HTML (templates/print.html.j2) → PDF by WeasyPrint, font-checked and cached."""
# WeasyPrint is imported here and nowhere else. Every character drawn must be covered by an embedded font and every
# font family the stylesheet names must exist: otherwise PdfFontError, never a blank or a box (.notdef).

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import os
import re
import subprocess
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import jinja2
from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]
from markupsafe import Markup

from generator import TEMPLATES
from generator.errors import PdfError, PdfFontError

try:  # WeasyPrint loads Pango through cffi when imported: a missing library is an OSError here
    import weasyprint  # type: ignore[import-untyped]
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
except OSError as exc:
    raise PdfError(f"WeasyPrint cannot load its system libraries ({exc}): "
                   "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (or `make system`)") from exc
from generator.load.yamlsource import safe_load
from generator.model import Organ, Report
from generator.render.narrative import narrative_html
from generator.render.print.fetch import site_fetcher
from generator.render.print.printlayout import print_tables

if TYPE_CHECKING:
    from generator.render.site import SiteRenderer

PDF_LAYOUT_VERSION = "2"  # bump when this module changes what a PDF looks like: invalidates the cache
GENERIC_FAMILIES = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math"})
_SKIP = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # control, format and space characters need no glyph
Ranges = tuple[tuple[int, ...], tuple[int, ...]]  # sorted starts, matching ends (inclusive)


@dataclass(frozen=True)
class FontFile:
    """A font file of the font folder, with the family names it answers to."""

    path: Path
    families: tuple[str, ...]
    weight: int
    italic: bool
    mtime: int = 0  # the file's, so that an edited font is read again


class PrintChart(Protocol):
    """A chart with a title and summary (charts.Chart); a plain SVG string works too."""

    @property
    def svg(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...


Charts = Mapping[str, Sequence["str | PrintChart"]]  # section id (or "highlights") → charts shown there


def content_date(report: Report) -> dt.date:
    """The date a PDF carries: the publication date, else 1 January of the following year (never the clock)."""
    return report.published or dt.date(report.year + 1, 1, 1)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    return f'"{escaped}"'


def css_content(template: str) -> Markup:
    """A CSS `content` value from a text with {page} and {pages}: `"第 " counter(page) " 页"`."""
    pieces = re.split(r"\{(pages?)\}", template)
    out = [f"counter({p})" if i % 2 else css_string(p) for i, p in enumerate(pieces) if i % 2 or p]
    return Markup(" ".join(out) or '""')


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


def _covers(ranges: Ranges, cp: int) -> bool:
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
def _available(files: tuple[FontFile, ...]) -> dict[str, list[Ranges]]:
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


def check_fonts(document: Any, files: tuple[FontFile, ...]) -> None:
    """Raise PdfFontError for a missing font family or a character no embedded font covers (names the char)."""
    available = _available(files)
    texts = [(box.text, tuple(box.style["font_family"])) for page in document.pages
             for box in page._page_box.descendants() if isinstance(box, boxes.TextBox) and box.text]
    for text, families in texts:  # a family the stylesheet needs and nobody has: the root cause, reported first
        if not any(f in available or f.lower() in GENERIC_FAMILIES for f in families):
            raise PdfFontError(f"font {' / '.join(families)!r} is neither installed nor in the font folder "
                               f"(needed for {text[:20]!r}); add it to the font folder", font=families[0])
    for font in document.fonts.values():  # what WeasyPrint drew as .notdef
        if font.missing:
            cp = min(font.missing)
            raise PdfFontError(f"character {chr(cp)!r} (U+{cp:04X}) has no glyph in font {font.family!r} nor in "
                               "any installed font: add a font that has it to the font folder, or change the text",
                               chr(cp), font.family)
    if not all(font.family in available for font in document.fonts.values()):
        return  # a font we cannot look into: the .notdef check above is all we can do
    embedded = [r for font in document.fonts.values() for r in available[font.family]]
    checked: set[str] = set()
    for text, families in texts:
        for ch in set(text) - checked:
            checked.add(ch)
            if unicodedata.category(ch) not in _SKIP and not any(_covers(r, ord(ch)) for r in embedded):
                at = text.index(ch)
                raise PdfFontError(f"character {ch!r} (U+{ord(ch):04X}) is not covered by the embedded fonts "
                                   f"(font {families[0]!r}, in {text[max(0, at - 10): at + 10]!r})", ch, families[0])


@dataclass(frozen=True)
class PdfOptions:
    """How PDFs are made: font folder, official-document style, PDF/A + tagged PDF."""

    fonts_dir: Path | None = None
    official: bool = False
    pdfa: bool = False

    def key(self) -> str:
        """The options, the font folder listing and the relevant installed fonts, for the cache key."""
        listing = fonts_dir_listing(self.fonts_dir)
        system = system_font_fingerprint(["Noto Sans CJK SC", "Noto Serif CJK SC"])
        return repr((self.official, self.pdfa, listing, system, weasyprint.__version__, PDF_LAYOUT_VERSION))


@functools.lru_cache(maxsize=8)
def _print_strings(env: jinja2.Environment) -> dict[str, dict[str, str]]:
    source = env.loader.get_source(env, "print_strings.yaml")[0]  # type: ignore[union-attr]
    data: dict[str, dict[str, str]] = safe_load(source)
    return data


def _chart(chart: str | PrintChart) -> dict[str, Markup | str]:
    if isinstance(chart, str):
        return {"svg": Markup(chart), "title": "", "summary": ""}
    return {"svg": Markup(chart.svg), "title": chart.title, "summary": chart.summary}


def print_html(renderer: SiteRenderer, organ: Organ, report: Report, lang: str, *,
               charts: Charts | None = None, options: PdfOptions = PdfOptions()) -> str:
    """The print HTML of one report in one language (templates/print.html.j2 through the renderer's env)."""
    env = renderer.env
    strings = {**_print_strings(env).get(lang, {}), **renderer.strings[lang]}
    narrative = report.narratives.get(lang)
    parts = {p.section: Markup(narrative_html(p.markdown, report)) for p in narrative.parts} if narrative else {}
    skeletons = renderer.skeletons(report.format, lang) if report.format else {}
    tables = print_tables(report, skeletons, lang)
    organ_name = organ.name.get(lang)
    return env.get_template("print.html.j2").render(
        site=renderer.site, lang=lang, organ=organ, report=report, s=strings.__getitem__, parts=parts,
        tables=tables, has_narrative=narrative is not None, official=options.official,
        charts={k: [_chart(c) for c in v] for k, v in (charts or {}).items()},
        font_faces=Markup(font_faces(font_files(options.fonts_dir))), css_content=css_content,
        created=content_date(report).isoformat(), subject=f"{organ_name} · {strings['print_subject']} · {report.year}",
        keywords=f"{strings['print_subject']}, {organ_name}, {report.year}")


_FONT_CONFIG: list[Any] = []  # one FontConfiguration per process for documents without @font-face


def _weasyprint(html: str, base_url: str, pdfa: bool, files: tuple[FontFile, ...]) -> bytes:
    """HTML → PDF bytes (the only call into WeasyPrint), with the font check of the laid-out document."""
    if weasyprint.text.ffi.harfbuzz_subset is None:  # fontTools would take ~15 s a PDF, with varying bytes
        raise PdfError("HarfBuzz subset library missing: apt-get install libharfbuzz-subset0")
    if not files and not _FONT_CONFIG:
        _FONT_CONFIG.append(FontConfiguration())
    config = _FONT_CONFIG[0] if not files else FontConfiguration()  # @font-face rules stay in their config
    fetcher = site_fetcher(base_url, [f.path for f in files])  # the site's static files and fonts only
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(font_config=config)
    extra: dict[str, Any] = {"pdf_variant": "pdf/a-3b", "pdf_tags": True} if pdfa else {}
    data: bytes = document.write_pdf(**extra)
    check_fonts(document, files)
    return data


class PdfCache:
    """PDFs by SHA-256 of (print HTML, font folder listing, options, WeasyPrint version) under <root>/pdf/."""

    def __init__(self, root: Path | str | None = None) -> None:
        base = Path(root or os.environ.get("GOVREPORT_CACHE_DIR") or ".govreport-cache")
        self.folder = base / "pdf"

    @staticmethod
    def key(html: str, options: PdfOptions) -> str:
        """The cache key of one print HTML with these options."""
        return hashlib.sha256(f"{options.key()}\0{html}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        """The cached PDF, or None."""
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Store a PDF (atomically: a concurrent reader sees the whole file or none)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def report_pdf(renderer: SiteRenderer, organ: Organ, report: Report, lang: str, *, fonts_dir: Path | None = None,
               official: bool = False, pdfa: bool = False, charts: Charts | None = None,
               cache: PdfCache | None = None) -> bytes:
    """The PDF of one report in one language; raises PdfFontError on a missing font or glyph."""
    options = PdfOptions(fonts_dir, official, pdfa)
    html = print_html(renderer, organ, report, lang, charts=charts, options=options)
    key = PdfCache.key(html, options) if cache is not None else ""
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit
    base = (renderer.override or TEMPLATES).resolve().as_uri() + "/"  # relative URLs: the templates folder
    data = _weasyprint(html, base, pdfa, font_files(fonts_dir))
    if cache is not None:
        cache.put(key, data)
    return data
