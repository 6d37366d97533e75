"""Print version of a report: print HTML (templates/print.html.j2) → PDF by WeasyPrint, font-checked and cached."""
# WeasyPrint is imported here and nowhere else. Every character drawn must be covered by an embedded font and every
# font family the stylesheet names must exist: otherwise PdfFontError, never a blank or a box (.notdef).

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import jinja2
from markupsafe import Markup

from generator import TEMPLATES
from generator.cache.store import Store
from generator.errors import PdfError, PdfFontError
from generator.render.print import fonts
from generator.render.print.fonts import (
    FontFile,
    covers,
    css_string,
    font_faces,
    font_files,
    fonts_dir_listing,
    system_font_fingerprint,
)

try:  # WeasyPrint loads Pango through cffi when imported: a missing library is an OSError here
    import weasyprint  # type: ignore[import-untyped]
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
except OSError as exc:
    raise PdfError(f"WeasyPrint cannot load its system libraries ({exc}): "
                   "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (or `make system`)") from exc
from generator.load.yamlsource import safe_load
from generator.model import Organ, Report
from generator.render.print.fetch import site_fetcher
from generator.render.print.printlayout import print_tables
from generator.render.view import ReportView, report_view

if TYPE_CHECKING:
    from generator.render.templates import PageMaker

PDF_LAYOUT_VERSION = "2"  # bump when this module changes what a PDF looks like: invalidates the cache
GENERIC_FAMILIES = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math"})
_SKIP = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # control, format and space characters need no glyph


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


def css_content(template: str) -> Markup:
    """A CSS `content` value from a text with {page} and {pages}: `"第 " counter(page) " 页"`."""
    pieces = re.split(r"\{(pages?)\}", template)
    out = [f"counter({p})" if i % 2 else css_string(p) for i, p in enumerate(pieces) if i % 2 or p]
    return Markup(" ".join(out) or '""')


def check_fonts(document: Any, files: tuple[FontFile, ...]) -> None:
    """Raise PdfFontError for a missing font family or a character no embedded font covers (names the char)."""
    usable = fonts.available(files)
    texts = [(box.text, tuple(box.style["font_family"])) for page in document.pages
             for box in page._page_box.descendants() if isinstance(box, boxes.TextBox) and box.text]
    for text, families in texts:  # a family the stylesheet needs and nobody has: the root cause, reported first
        if not any(f in usable or f.lower() in GENERIC_FAMILIES for f in families):
            raise PdfFontError(f"font {' / '.join(families)!r} is neither installed nor in the font folder "
                               f"(needed for {text[:20]!r}); add it to the font folder", font=families[0])
    for font in document.fonts.values():  # what WeasyPrint drew as .notdef
        if font.missing:
            cp = min(font.missing)
            raise PdfFontError(f"character {chr(cp)!r} (U+{cp:04X}) has no glyph in font {font.family!r} nor in "
                               "any installed font: add a font that has it to the font folder, or change the text",
                               chr(cp), font.family)
    if not all(font.family in usable for font in document.fonts.values()):
        return  # a font we cannot look into: the .notdef check above is all we can do
    embedded = [r for font in document.fonts.values() for r in usable[font.family]]
    checked: set[str] = set()
    for text, families in texts:
        for ch in set(text) - checked:
            checked.add(ch)
            if unicodedata.category(ch) not in _SKIP and not any(covers(r, ord(ch)) for r in embedded):
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


def print_html(renderer: PageMaker, organ: Organ, report: Report, lang: str, *,
               charts: Charts | None = None, options: PdfOptions = PdfOptions(), view: ReportView | None = None) -> str:
    """The print HTML of one report in one language (templates/print.html.j2 through the renderer's env): of `view`
    when the page's render is at hand, else of a render made here (with `charts` in place of the report's)."""
    env = renderer.env
    strings = {**_print_strings(env).get(lang, {}), **renderer.strings[lang]}
    view = view or report_view(report, lang)
    skeletons = renderer.skeletons(report.format, lang) if report.format else {}
    tables = print_tables(report, skeletons, lang)
    organ_name = organ.name.get(lang)
    shown: Charts = charts if charts is not None else view.charts
    return env.get_template("print.html.j2").render(
        site=renderer.site, lang=lang, organ=organ, report=report, s=strings.__getitem__, parts=view.parts,
        tables=tables, has_narrative=view.has_narrative, official=options.official,
        charts={k: [_chart(c) for c in v] for k, v in shown.items()},
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
    """PDFs by SHA-256 of (print HTML, font folder listing, options, WeasyPrint version), kept in the store as kind
    "pdf"."""

    KIND = "pdf"

    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def key(html: str, options: PdfOptions) -> str:
        """The cache key of one print HTML with these options."""
        return hashlib.sha256(f"{options.key()}\0{html}".encode()).hexdigest()

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
    html = print_html(renderer, organ, report, lang, options=options, view=view)
    key = PdfCache.key(html, options)
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit, key
    base = (renderer.override or TEMPLATES).resolve().as_uri() + "/"  # relative URLs: the templates folder
    data = _weasyprint(html, base, options.pdfa, font_files(options.fonts_dir))
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
