"""Render the model to HTML with Jinja2 (user override folder first, then templates/)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt

from .formats import LEGACY, Label
from .model import Report, Site
from .parts import REFERENCE

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_md = MarkdownIt("commonmark", {"html": False})


def format_value(value: Any) -> str:
    """A cell or figure value as printed: blank for None, thousands separators for big counts."""
    if value is None:
        return ""
    if isinstance(value, int) and abs(value) >= 10000:
        return f"{value:,}"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def narrative_html(markdown: str, report: Report) -> str:
    """Markdown → HTML with figure references resolved from the report's data (raw HTML is escaped)."""
    figures: dict[str, Any] = dict(report.values)
    figures.update({f"highlights.{h.id}": h.value for h in report.highlights})

    def resolve(m: Any) -> str:
        return format_value(figures.get(m.group(1)))

    return str(_md.render(REFERENCE.sub(resolve, markdown)))


def environment(override: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: autoescape, StrictUndefined, override folder searched first."""
    paths = [str(p) for p in (override, TEMPLATES) if p is not None]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["value"] = format_value
    env.globals["LEGACY"] = LEGACY
    return env


def _label(label: Label | None, lang: str) -> str:
    return "" if label is None else label.get(lang)


def render_site(site: Site, override: Path | None = None) -> dict[str, bytes]:
    """Every page of the site, as relative path → bytes."""
    env = environment(override)
    env.filters["t"] = _label
    files: dict[str, bytes] = {}

    def page(rel: str, template: str, **ctx: Any) -> None:
        depth = rel.count("/")
        html = env.get_template(template).render(site=site, root="../" * depth, **ctx)
        files[rel] = html.encode("utf-8")

    page("index.html", "chooser.html.j2")
    for lang in site.languages:
        page(f"{lang}/index.html", "portal.html.j2", lang=lang)
        for organ in site.organs:
            page(f"{lang}/{organ.id}/index.html", "organ.html.j2", lang=lang, organ=organ)
            for report in organ.reports:
                narrative = report.narratives.get(lang)
                parts: Mapping[str, str] = {p.section: narrative_html(p.markdown, report)
                                            for p in narrative.parts} if narrative else {}
                page(f"{lang}/{organ.id}/{report.year}/index.html", "report.html.j2", lang=lang, organ=organ,
                     report=report, parts=parts)
    return files
