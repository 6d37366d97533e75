"""The former print version (WeasyPrint: print HTML + CSS → PDF), kept only so that `make bench` measures Typst
against it on the same reports in the same run. The build does not use it. Its templates are in bench/weasyprint/."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

import jinja2
import weasyprint  # type: ignore[import-untyped]
from markupsafe import Markup
from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

from generator.errors import PdfFontError
from generator.load.yamlsource import safe_load
from generator.model import Organ, Report
from generator.render.print import fonts
from generator.render.print.fonts import covers, css_string, font_faces, font_files
from generator.render.print.printlayout import print_tables
from generator.render.print.typdoc import Charts, PrintChart, content_date
from generator.render.site import SiteRenderer
from generator.render.templates import environment
from generator.render.view import report_view

TEMPLATES = Path(__file__).resolve().parent / "weasyprint"
_SKIP = {"Cc", "Cf", "Zs", "Zl", "Zp"}


@functools.cache
def _env() -> jinja2.Environment:
    return environment(TEMPLATES)


def css_content(template: str) -> Markup:
    """A CSS `content` value from a text with {page} and {pages}: `"第 " counter(page) " 页"`."""
    pieces = re.split(r"\{(pages?)\}", template)
    out = [f"counter({p})" if i % 2 else css_string(p) for i, p in enumerate(pieces) if i % 2 or p]
    return Markup(" ".join(out) or '""')


def _chart(chart: str | PrintChart) -> dict[str, Markup | str]:
    if isinstance(chart, str):
        return {"svg": Markup(chart), "title": "", "summary": ""}
    return {"svg": Markup(chart.svg), "title": chart.title, "summary": chart.summary}


def print_html(renderer: SiteRenderer, organ: Organ, report: Report, lang: str, charts: Charts) -> str:
    """The print HTML of one report in one language, as the build made it before Typst."""
    env = _env()
    extra: dict[str, dict[str, str]] = safe_load(env.loader.get_source(env, "print_strings.yaml")[0])  # type: ignore[union-attr]
    strings = {**extra.get(lang, {}), **renderer.strings[lang]}
    view = report_view(report, lang)
    skeletons = renderer.skeletons(report.format, lang) if report.format else {}
    organ_name = organ.name.get(lang)
    return env.get_template("print.html.j2").render(
        site=renderer.site, lang=lang, organ=organ, report=report, s=strings.__getitem__, parts=view.parts,
        tables=print_tables(report, skeletons, lang), has_narrative=view.has_narrative, official=False,
        charts={k: [_chart(c) for c in v] for k, v in charts.items()}, font_faces=Markup(font_faces(font_files(None))),
        css_content=css_content, created=content_date(report).isoformat(),
        subject=f"{organ_name} · {strings['print_subject']} · {report.year}",
        keywords=f"{strings['print_subject']}, {organ_name}, {report.year}")


def check_fonts(document: Any) -> None:
    """The former font check of the laid-out document (part of a PDF's cost then)."""
    usable = fonts.available(())
    texts = [(box.text, tuple(box.style["font_family"])) for page in document.pages
             for box in page._page_box.descendants() if isinstance(box, boxes.TextBox) and box.text]
    for font in document.fonts.values():
        if font.missing:
            cp = min(font.missing)
            raise PdfFontError(f"character {chr(cp)!r} (U+{cp:04X}) has no glyph in font {font.family!r}", chr(cp))
    if not all(font.family in usable for font in document.fonts.values()):
        return
    embedded = [r for font in document.fonts.values() for r in usable[font.family]]
    checked: set[str] = set()
    for text, families in texts:
        for ch in set(text) - checked:
            checked.add(ch)
            if unicodedata.category(ch) not in _SKIP and not any(covers(r, ord(ch)) for r in embedded):
                raise PdfFontError(f"character {ch!r} is not covered by the embedded fonts", ch, families[0])


_CONFIG: list[Any] = []


def weasyprint_pdf(renderer: SiteRenderer, organ: Organ, report: Report, lang: str, charts: Charts) -> bytes:
    """HTML → PDF bytes by WeasyPrint, with the font check, as the build did before Typst."""
    if not _CONFIG:
        _CONFIG.append(FontConfiguration())
    html = print_html(renderer, organ, report, lang, charts)
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"file", "data"})
    document = weasyprint.HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher).render(
        font_config=_CONFIG[0])
    data: bytes = document.write_pdf()
    check_fonts(document)
    return data


def warm_up() -> None:
    """Fonts loaded and fontconfig ready, on a small document of its own."""
    weasyprint.HTML(string='<p style="font-family: \'Noto Sans CJK SC\'">政府信息公开 2021 warm-up</p>').write_pdf()
