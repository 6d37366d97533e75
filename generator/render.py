"""Render the model to files: HTML pages (Jinja2, user override folder first), open data, static assets."""

from __future__ import annotations

import functools
import gc
import hashlib
import multiprocessing
import posixpath
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape

from . import export, pages
from .charts import Chart, organ_charts, portal_charts, report_charts
from .formats import Format
from .layout import layouts
from .model import Organ, Report, Site
from .narrative import narrative_html, shown_figure
from .write import SiteWriter, check_paths

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LANG_TAGS = {"zh": "zh-CN", "en": "en"}


def format_value(value: Any) -> str:
    """A cell value as printed in a table: blank for None, digits as given."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def format_figure(value: Any, lang: str) -> str:
    """A figure in prose or on a card: thousands separators from 10,000 on, decimals as given."""
    return shown_figure(value)


def file_size(size: int, lang: str) -> str:
    """A download's size for people: `2.3 KB`."""
    if size < 1024:
        return f"{size} B" if lang == "en" else f"{size} 字节"
    return f"{size / 1024:.1f} KB"


def environment(override: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: autoescape, StrictUndefined, the override folder searched before templates/."""
    paths = [str(p) for p in (override, TEMPLATES) if p is not None]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["value"] = format_value
    env.filters["figure"] = format_figure
    env.filters["size"] = file_size
    env.filters["t"] = lambda label, lang: "" if label is None else label.get(lang)
    env.globals["LANG_TAGS"] = LANG_TAGS
    return env


def _strings(env: jinja2.Environment) -> dict[str, dict[str, str]]:
    source = env.loader.get_source(env, "strings.yaml")[0]  # type: ignore[union-attr]
    data: dict[str, dict[str, str]] = yaml.safe_load(source)
    return data


def _static_files(override: Path | None) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for base in (TEMPLATES / "static", override / "static" if override else None):
        if base is not None and base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    files[f"static/{path.relative_to(base).as_posix()}"] = path.read_bytes()
    return files


_MARK = re.compile("\ue010([^\ue012]+)\ue012([0-9]+)\ue011")


def _mark(cell_id: str, span: int) -> Markup:
    return Markup(f"\ue010{cell_id}\ue012{span}\ue011")


class TableSkeleton:
    """A statutory table rendered once per format and language, with a mark where each report's cell goes.

    A report page then costs one join instead of a template call per cell (~200 cells per report).
    """

    def __init__(self, html: str, strings: Mapping[str, str], lang: str) -> None:
        pieces = _MARK.split(html)
        self.text = pieces[0::3]
        self.cells = list(zip(pieces[1::3], (int(x) for x in pieces[2::3]), strict=True))
        self.blank = f'<span class="visually-hidden">{escape(strings["blank_cell"])}</span>'
        self.star = f'<span class="computed-mark" title="{escape(strings["computed_mark"])}">*</span>'
        self.lang = lang

    def fill(self, report: Report) -> str:
        """The table with this report's values."""
        out = [self.text[0]]
        values, computed, notes = report.values, report.computed, report.notes
        for (cell_id, span), after in zip(self.cells, self.text[1:], strict=True):
            value = values[cell_id]
            css = "num" if value is not None else "num blank"
            # str(): Markup + str would escape the marks added below
            shown = str(escape(format_value(value))) if value is not None else self.blank
            if cell_id in computed:
                css += " computed"
                shown += self.star
            if cell_id in notes:
                shown += f'<span class="cell-note">{escape(notes[cell_id].get(self.lang))}</span>'
            colspan = f' colspan="{span}"' if span > 1 else ""
            out.append(f'<td class="{css}" id="c-{cell_id.replace(".", "-")}"{colspan}>{shown}</td>{after}')
        return "".join(out)


def report_page(lang: str, organ: str, year: int) -> str:
    """Site-relative path of a report page."""
    return f"{lang}/{organ}/{year}/index.html"


@functools.lru_cache(maxsize=65536)
def _relative(target: str, base: str) -> str:
    return posixpath.relpath(target, base)


class SiteRenderer:
    """Renders every page of one site; each page's links are relative to the page itself."""

    def __init__(self, site: Site, override: Path | None = None) -> None:
        self.site = site
        self.env = environment(override)
        self.strings = _strings(self.env)
        self.override = override
        self._skeletons: dict[tuple[str, str], dict[str, list[TableSkeleton]]] = {}
        self.csv_chunks: dict[str, bytes] = {}  # organ → its lines of data/all.csv, kept between rebuilds

    def warm(self) -> None:
        """Compile every template and table skeleton now, before worker processes fork and inherit them."""
        for name in ("base.html.j2", "chooser.html.j2", "portal.html.j2", "organ.html.j2", "report.html.j2",
                     "search.html.j2", "_table.html.j2", "_chart.html.j2", *pages.TEMPLATES):
            self.env.get_template(name)
        for fmt in {r.format.version: r.format for r in self.site.reports() if r.format}.values():
            for lang in self.site.languages:
                self.skeletons(fmt, lang)

    def skeletons(self, fmt: Format, lang: str) -> dict[str, list[TableSkeleton]]:
        """The tables of each section of a format, rendered once per language."""
        key = (fmt.version, lang)
        if key not in self._skeletons:
            macro = self.env.get_template("_table.html.j2").module.statutory_table  # type: ignore[attr-defined]
            strings = self.strings[lang]
            self._skeletons[key] = {
                section: [TableSkeleton(str(macro(layout, _mark, lang, strings.__getitem__)), strings, lang)
                          for layout in section_layouts]
                for section, section_layouts in layouts(fmt).items()}
        return self._skeletons[key]

    def page(self, here: str, template: str, lang: str | None, alternates: Mapping[str, str], **ctx: Any) -> bytes:
        """Render one page at site path `here`."""
        base = posixpath.dirname(here) or "."

        def url(target: str) -> str:
            return _relative(target, base)

        text: Callable[[str], str] = (lambda key: self.strings[lang][key]) if lang else (lambda key: key)
        html = self.env.get_template(template).render(
            site=self.site, lang=lang, here=here, url=url, s=text, alternates=alternates, strings=self.strings, **ctx)
        return html.encode("utf-8")

    def report(self, organ: Organ, report: Report, lang: str, downloads: list[tuple[str, str, int]]) -> bytes:
        """One report page in one language."""
        narrative = report.narratives.get(lang)
        parts = {p.section: narrative_html(p.markdown, report) for p in narrative.parts} if narrative else {}
        alternates = {other: report_page(other, organ.id, report.year) for other in self.site.languages}
        skeletons = self.skeletons(report.format, lang) if report.format else {}
        tables = {section: [Markup(t.fill(report)) for t in ts] for section, ts in skeletons.items()}
        charts: dict[str, list[Chart]] = {}
        for chart in report_charts(report, lang):  # each in the section whose figures it shows
            charts.setdefault(chart.section, []).append(chart)
        return self.page(report_page(lang, organ.id, report.year), "report.html.j2", lang, alternates, organ=organ,
                         report=report, parts=parts, has_narrative=narrative is not None, tables=tables,
                         downloads=downloads, charts=charts, agg=pages.aggregate_year(organ, report.year),
                         members=pages.members_of(self.site, organ, report.year))

    def common_files(self) -> dict[str, bytes]:
        """The files that depend on the whole site: chooser, portals, search pages, data of all reports, assets."""
        site = self.site
        files = _static_files(self.override)
        files["data/schema.json"] = export.schema()
        files["data/all.csv"] = export.all_csv(site, self.csv_chunks)
        files["index.html"] = self.page("index.html", "chooser.html.j2", None,
                                        {lang: f"{lang}/index.html" for lang in site.languages})
        # the portal lists organs by their latest report, newest first
        by_latest = sorted((o for o in site.organs if o.reports), key=lambda o: (-o.reports[-1].year, o.id))
        for lang in site.languages:
            alternates = {other: f"{other}/index.html" for other in site.languages}
            files[f"{lang}/index.html"] = self.page(f"{lang}/index.html", "portal.html.j2", lang, alternates,
                                                    organs=by_latest, charts=portal_charts(site, lang),
                                                    timeliness_years=pages.years(site))
            files[f"{lang}/search/index.html"] = self.page(
                f"{lang}/search/index.html", "search.html.j2", lang,
                {other: f"{other}/search/index.html" for other in site.languages})
        files.update(pages.timeliness_files(self))
        return files

    def organ_files(self, organ: Organ) -> dict[str, bytes]:
        """The organ's pages, its reports' pages and their open data."""
        site = self.site
        files: dict[str, bytes] = {}
        for lang in site.languages:
            here = f"{lang}/{organ.id}/index.html"
            files[here] = self.page(here, "organ.html.j2", lang,
                                    {other: f"{other}/{organ.id}/index.html" for other in site.languages}, organ=organ,
                                    charts=organ_charts(organ, lang), **pages.organ_context(organ))
        for report in organ.reports:
            files.update(self.report_files(organ, report))
        files.update(pages.organ_files(self, organ))
        return files

    def report_files(self, organ: Organ, report: Report) -> dict[str, bytes]:
        """One report's pages in every language, and its JSON and CSV."""
        stem = f"data/{organ.id}-{report.year}"
        files = {f"{stem}.json": export.report_json(report, organ), f"{stem}.csv": export.report_csv(report)}
        downloads = [("download_json", f"{stem}.json", len(files[f"{stem}.json"])),
                     ("download_csv", f"{stem}.csv", len(files[f"{stem}.csv"]))]
        for lang in self.site.languages:
            files[report_page(lang, organ.id, report.year)] = self.report(organ, report, lang, downloads)
        return files


_WORKER: tuple[SiteRenderer, SiteWriter] | None = None


def _render_organs(indexes: list[int]) -> list[tuple[str, bytes]]:
    assert _WORKER is not None
    renderer, writer = _WORKER
    written: list[tuple[str, bytes]] = []
    for i in indexes:  # written here, in the worker: sending 100 MB of pages back would cost more than rendering
        files = renderer.organ_files(renderer.site.organs[i])
        writer.write(files)
        written.extend((rel, hashlib.sha1(data).digest()) for rel, data in files.items())
    return written


def render_site(site: Site, writer: SiteWriter, override: Path | None = None, jobs: int = 1,
                renderer: SiteRenderer | None = None) -> dict[str, bytes]:
    """Render every file of the site into `writer`, organs in `jobs` processes; returns path → SHA-1 of the bytes."""
    global _WORKER
    renderer = renderer or SiteRenderer(site, override)
    renderer.site = site
    renderer.warm()
    # The common files (the portal's chart) come last: vl-convert's runtime must not start in this process before
    # the workers fork, or they would have to send their charts to a helper process (see vega.convert).
    digests: dict[str, bytes] = {}
    if jobs <= 1 or len(site.organs) < 2:
        for organ in site.organs:
            files = renderer.organ_files(organ)
            writer.write(files)
            digests.update((rel, hashlib.sha1(data).digest()) for rel, data in files.items())
        digests.update(_common(renderer, writer))
        return digests
    # fork: the workers inherit the model and the compiled templates instead of receiving them
    _WORKER = (renderer, writer)
    written: list[str] = []
    try:
        chunks = [list(range(i, len(site.organs), jobs * 4)) for i in range(jobs * 4)]
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=gc.disable) as pool:
            for part in pool.map(_render_organs, chunks):
                written.extend(rel for rel, _ in part)
                digests.update(part)
    finally:
        _WORKER = None
    common = _common(renderer, writer)
    check_paths([*written, *common])
    digests.update(common)
    return digests


def _common(renderer: SiteRenderer, writer: SiteWriter) -> dict[str, bytes]:
    """Render and write the common files; returns path → SHA-1 of the bytes."""
    common = renderer.common_files()
    writer.write(common)
    return {rel: hashlib.sha1(data).digest() for rel, data in common.items()}
