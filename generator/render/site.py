"""Render the model to files: HTML pages (Jinja2, user override folder first), open data, static assets."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

from generator import TEMPLATES
from generator.cache.pagecache import cache_root, site_key
from generator.errors import PdfFontError
from generator.formats import Format
from generator.load.yamlsource import safe_load
from generator.model import Organ, Report, Site
from generator.render import export, pages
from generator.render.charts.common import Chart
from generator.render.charts.organ import organ_charts
from generator.render.charts.portal import portal_charts
from generator.render.charts.report import report_charts
from generator.render.layout import layouts
from generator.render.narrative import narrative_html, shown_figure

if TYPE_CHECKING:
    from generator.cache.pagecache import PageCache
    from generator.render.print.pdf import PdfCache, PdfOptions

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


def environment(override: Path | None = None, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: autoescape, StrictUndefined, the override folder searched before templates/; with
    `compiled`, templates compiled once are kept there (by a hash of their source) for the next builds."""
    paths = [str(p) for p in (override, TEMPLATES) if p is not None]
    bytecode = None
    if compiled is not None:  # compiling the templates took a sixth of a build of unchanged content
        compiled.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(compiled))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             bytecode_cache=bytecode)
    env.filters["value"] = format_value
    env.filters["figure"] = format_figure
    env.filters["size"] = file_size
    env.filters["t"] = lambda label, lang: "" if label is None else label.get(lang)
    env.globals["LANG_TAGS"] = LANG_TAGS
    return env


def _strings(env: jinja2.Environment) -> dict[str, dict[str, str]]:
    source = env.loader.get_source(env, "strings.yaml")[0]  # type: ignore[union-attr]
    data: dict[str, dict[str, str]] = safe_load(source)
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


HANDBOOK = "handbook"  # where a built authors' handbook (`make docs`) is copied into the site


def handbook_languages(folder: Path | None) -> frozenset[str] | None:
    """The languages of a built handbook (its sub-folders with an index.html); None without a handbook."""
    if folder is None:
        return None
    return frozenset(p.parent.name for p in folder.glob("*/index.html"))


def handbook_files(folder: Path) -> dict[str, bytes]:
    """Every file of a built handbook, at its path in the site (`handbook/…`)."""
    return {f"{HANDBOOK}/{p.relative_to(folder).as_posix()}": p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pdf_path(organ: str, year: int, lang: str) -> str:
    """Site path of a report's print version: `zh/pingtan/2021/pingtan-2021-zh.pdf` (beside its page)."""
    return f"{lang}/{organ}/{year}/{organ}-{year}-{lang}.pdf"


@functools.lru_cache(maxsize=65536)
def _relative(target: str, base: str) -> str:
    """posixpath.relpath for site paths, by their parts (relpath's abspath calls cost 5x: ~40,000 links a site)."""
    if ".." in target or ".." in base or target.startswith("/") or base.startswith("/"):
        return posixpath.relpath(target, base)
    t = [p for p in target.split("/") if p and p != "."]
    b = [p for p in base.split("/") if p and p != "."]
    n = 0
    while n < len(t) and n < len(b) and t[n] == b[n]:
        n += 1
    return "/".join([".."] * (len(b) - n) + t[n:]) or "."


class SiteRenderer:
    """Renders every page of one site; each page's links are relative to the page itself."""

    def __init__(self, site: Site, override: Path | None = None, pdf: PdfOptions | None = None,
                 handbook: Path | None = None) -> None:
        self.site = site
        self.handbook_dir = handbook
        self.handbook = handbook_languages(handbook)  # the footer links the handbook when the site includes it
        self.env = environment(override, cache_root() / "templates")
        self.strings = _strings(self.env)
        self.override = override
        self.pdf = pdf  # None: no print version
        self.pdf_cache: PdfCache | None = None
        if pdf is not None:
            from generator.render.print.pdf import PdfCache  # WeasyPrint is loaded only when PDFs are made

            self.pdf_cache = PdfCache()
        self.pdf_sizes: dict[str, int] = {}  # site path → size of the PDFs already written (by render_site)
        self._skeletons: dict[tuple[str, str], dict[str, list[TableSkeleton]]] = {}
        self.csv_chunks: dict[str, bytes] = {}  # organ → its lines of data/all.csv, kept between rebuilds
        self.page_cache: PageCache | None = None  # set by the build: unchanged reports are read, not rendered
        self._site_key: tuple[Site | None, str] = (None, "")
        self._timeliness: tuple[str, dict[str, bytes]] = ("", {})  # site key → the timeliness pages
        self._portals: dict[str, tuple[object, bytes]] = {}  # language → (site key and chart, the portal page)

    def warm(self) -> None:
        """Compile every template and table skeleton now, before worker processes fork and inherit them."""
        for name in ("base.html.j2", "chooser.html.j2", "portal.html.j2", "organ.html.j2", "report.html.j2",
                     "search.html.j2", "_table.html.j2", "_chart.html.j2", *pages.TEMPLATES):
            self.env.get_template(name)
        if self.pdf is not None:
            self.env.get_template("print.html.j2")
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
        handbook = None
        if self.handbook is not None:
            handbook = url(f"{HANDBOOK}/{lang}/index.html" if lang in self.handbook else f"{HANDBOOK}/index.html")
        html = self.env.get_template(template).render(
            site=self.site, lang=lang, here=here, url=url, s=text, alternates=alternates, strings=self.strings,
            handbook=handbook, **ctx)
        return html.encode("utf-8")

    def report(self, organ: Organ, report: Report, lang: str, downloads: list[tuple[str, str, int]],
               charts: Mapping[str, list[Chart]] | None = None) -> bytes:
        """One report page in one language."""
        narrative = report.narratives.get(lang)
        parts = {p.section: narrative_html(p.markdown, report) for p in narrative.parts} if narrative else {}
        alternates = {other: report_page(other, organ.id, report.year) for other in self.site.languages}
        skeletons = self.skeletons(report.format, lang) if report.format else {}
        tables = {section: [Markup(t.fill(report)) for t in ts] for section, ts in skeletons.items()}
        if charts is None:
            charts = charts_by_section(report, lang)
        return self.page(report_page(lang, organ.id, report.year), "report.html.j2", lang, alternates, organ=organ,
                         report=report, parts=parts, has_narrative=narrative is not None, tables=tables,
                         downloads=downloads, charts=charts, agg=pages.aggregate_year(organ, report.year),
                         members=pages.members_of(self.site, organ, report.year))

    def common_files(self) -> dict[str, bytes]:
        """The files that depend on the whole site: chooser, portals, search pages, data of all reports, assets."""
        site = self.site
        files = _static_files(self.override)
        files["data/schema.json"] = export.schema()
        files["data/all.csv"] = export.all_csv(self.csv_chunk(o) for o in site.organs)
        files["index.html"] = self.page("index.html", "chooser.html.j2", None,
                                        {lang: f"{lang}/index.html" for lang in site.languages})
        # the portal lists organs by their latest report, newest first
        by_latest = sorted((o for o in site.organs if o.reports), key=lambda o: (-o.reports[-1].year, o.id))
        for lang in site.languages:
            alternates = {other: f"{other}/index.html" for other in site.languages}
            charts = portal_charts(site, lang)
            # made of the site facts and its chart: an edit that changes neither keeps the page (serve's rebuilds)
            memo = (self.site_key(), charts)
            if self._portals.get(lang, ((), b""))[0] != memo:
                self._portals[lang] = (memo, self.page(f"{lang}/index.html", "portal.html.j2", lang, alternates,
                                                       organs=by_latest, charts=charts,
                                                       timeliness_years=pages.years(site)))
            files[f"{lang}/index.html"] = self._portals[lang][1]
            files[f"{lang}/search/index.html"] = self.page(
                f"{lang}/search/index.html", "search.html.j2", lang,
                {other: f"{other}/search/index.html" for other in site.languages})
        if self._timeliness[0] != self.site_key():  # made of the site facts only: an edited figure keeps them
            cache = self.page_cache
            key = cache.facts_key(self.site_key(), "timeliness", (self.handbook,)) if cache is not None else ""
            timeliness = cache.get(key) if cache is not None else None
            if timeliness is None:
                timeliness = pages.timeliness_files(self)
                if cache is not None:
                    cache.put(key, timeliness)
            self._timeliness = (self.site_key(), timeliness)
        files.update(self._timeliness[1])
        return files

    def csv_chunk(self, organ: Organ) -> bytes:
        """The organ's lines of data/all.csv: kept between rebuilds (serve) and in the page cache (build)."""
        if organ.id not in self.csv_chunks:
            cache = self.page_cache
            key = cache.key(self.site_key(), organ, None, ("all.csv",)) if cache is not None else ""
            hit = cache.get(key) if cache is not None else None
            if hit is None:
                hit = {"all.csv": export.organ_long_csv(organ)}
                if cache is not None:
                    cache.put(key, hit)
            self.csv_chunks[organ.id] = hit["all.csv"]
        return self.csv_chunks[organ.id]

    def organ_files(self, organ: Organ) -> dict[str, bytes]:
        """The organ's pages, its reports' pages and their open data."""
        site = self.site
        cache, key = self.page_cache, ""
        files: dict[str, bytes] | None = None
        if cache is not None:  # the organ's own pages: its index, review and computed aggregate pages
            key = cache.key(self.site_key(), organ, None, (self.handbook,))
            files = cache.get(key)
        if files is None:
            files = {}
            for lang in site.languages:
                here = f"{lang}/{organ.id}/index.html"
                files[here] = self.page(here, "organ.html.j2", lang,
                                        {other: f"{other}/{organ.id}/index.html" for other in site.languages},
                                        organ=organ, charts=organ_charts(organ, lang), **pages.organ_context(organ))
            files.update(pages.organ_files(self, organ))
            if cache is not None:
                cache.put(key, files)
        for report in organ.reports:
            files.update(self.report_files(organ, report))
        return files

    def site_key(self) -> str:
        """The page cache's key of the site-wide facts (made once per site model)."""
        if self._site_key[0] is not self.site:
            self._site_key = (self.site, site_key(self.site))
        return self._site_key[1]

    def report_pdf(self, organ: Organ, report: Report, lang: str,
                   charts: Mapping[str, list[Chart]] | None = None) -> tuple[str, bytes]:
        """The print version of one report in one language: (site path, PDF bytes)."""
        from generator.render.print.pdf import report_pdf  # WeasyPrint is loaded only when PDFs are made

        assert self.pdf is not None
        try:
            data = report_pdf(self, organ, report, lang, fonts_dir=self.pdf.fonts_dir, official=self.pdf.official,
                              pdfa=self.pdf.pdfa, cache=self.pdf_cache,
                              charts=charts if charts is not None else charts_by_section(report, lang))
        except PdfFontError as exc:  # point at the character in the author's files when it comes from them
            where = exc.where or locate_char(report, lang, exc.char) or report_yaml(report)
            raise PdfFontError(f"PDF of {organ.id} {report.year} ({lang}): {exc.message}", exc.char, exc.font,
                               where) from exc
        return pdf_path(organ.id, report.year, lang), data

    def report_files(self, organ: Organ, report: Report) -> dict[str, bytes]:
        """One report's pages in every language, its JSON and CSV, and its PDFs unless render_site made them.

        With a page cache, an unchanged report's pages and data are read from it instead of rendered.
        """
        cache, key = self.page_cache, ""
        if cache is not None:
            pdfs = [self.pdf_sizes.get(pdf_path(organ.id, report.year, lang)) for lang in self.site.languages]
            if self.pdf is None or None not in pdfs:  # a PDF still to make: render (its bytes are not cached here)
                key = cache.key(self.site_key(), organ, report, (self.pdf is not None, pdfs, self.handbook))
                if (hit := cache.get(key)) is not None:
                    return hit
        files = self._report_files(organ, report)
        if key and cache is not None:
            cache.put(key, files)
        return files

    def _report_files(self, organ: Organ, report: Report) -> dict[str, bytes]:
        stem = f"data/{organ.id}-{report.year}"
        files = {f"{stem}.json": export.report_json(report, organ), f"{stem}.csv": export.report_csv(report)}
        data = [("download_json", f"{stem}.json", len(files[f"{stem}.json"])),
                ("download_csv", f"{stem}.csv", len(files[f"{stem}.csv"]))]
        for lang in self.site.languages:
            charts = charts_by_section(report, lang)
            downloads = data
            if self.pdf is not None:  # the print version first: it is what most readers want
                rel = pdf_path(organ.id, report.year, lang)
                if rel not in self.pdf_sizes:
                    rel, files[rel] = self.report_pdf(organ, report, lang, charts)
                downloads = [("download_pdf", rel, self.pdf_sizes.get(rel) or len(files[rel])), *data]
            files[report_page(lang, organ.id, report.year)] = self.report(organ, report, lang, downloads, charts)
        return files

    def forget_pdfs(self, organ_id: str) -> None:
        """Drop the sizes of an organ's PDFs, so that its next report_files makes them again."""
        self.pdf_sizes = {rel: n for rel, n in self.pdf_sizes.items() if rel.split("/")[1] != organ_id}


def report_yaml(report: Report) -> str:
    """The path of a report's report.yaml (Report.path is its folder)."""
    return str(Path(report.path) / "report.yaml") if Path(report.path).is_dir() else report.path


def locate_char(report: Report, lang: str, char: str) -> str:
    """`file:line:col` of the first `char` in the report's narrative (of `lang`) or report.yaml, or ""."""
    narrative = report.narratives.get(lang)
    for file in ([narrative.file] if narrative else []) + [report_yaml(report)]:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        at = text.find(char) if char else -1
        if at >= 0:
            line_start = text.rfind("\n", 0, at) + 1
            return f"{file}:{text.count(chr(10), 0, at) + 1}:{at - line_start + 1}"
    return ""


def charts_by_section(report: Report, lang: str) -> dict[str, list[Chart]]:
    """The charts of a report, each under the section whose figures it shows (or "highlights")."""
    charts: dict[str, list[Chart]] = {}
    for chart in report_charts(report, lang):
        charts.setdefault(chart.section, []).append(chart)
    return charts
