"""Render the model to files: HTML pages (Jinja2, user override folder first), open data, PDFs, static assets.

The renderer is made once per site model and changes nothing after: every method is a function of the model, the
templates and its options. What is cached between builds is the build's business (generator/build/files.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generator.errors import PdfFontError
from generator.formats import Format
from generator.model import Organ, Report, Site
from generator.render import export, opendata, pages
from generator.render.chartfigure import TEMPLATE as CHART
from generator.render.charts import metrics
from generator.render.charts.common import Chart
from generator.render.charts.organ import organ_charts
from generator.render.charts.portal import portal_charts
from generator.render.fragments import FOOTER, Fragments, root_of
from generator.render.paths import HANDBOOK, handbook_languages, pdf_path, relative, report_page
from generator.render.template_errors import template_errors
from generator.render.templates import TableSkeleton, Templates, static_files
from generator.render.view import ReportView, report_view

if TYPE_CHECKING:
    from generator.cache.store import Store
    from generator.render.print.pdf import PdfCache, PdfOptions


# Every template a site is rendered with: compiled before worker processes fork, so that they inherit them.
TEMPLATES = ("base.html.j2", "chooser.html.j2", "portal.html.j2", "organ.html.j2", "report.html.j2", "search.html.j2",
             "_table.html.j2", CHART, FOOTER, *pages.TEMPLATES)


def warm_templates(override: Path | None, store: Store | None) -> Templates:
    """The templates of a site, compiled, and the chart font's metrics read: what rendering needs that does not
    depend on the content (made while the content is validated)."""
    templates = Templates(override, store)
    templates.warm(TEMPLATES)
    metrics.warm()
    return templates


class SiteRenderer:
    """Renders every page of one site; each page's links are relative to the page itself."""

    def __init__(self, site: Site, templates: Templates, pdf: PdfOptions | None = None,
                 handbook: Path | None = None, link_handbook: bool = False) -> None:
        self.site = site
        self.templates = templates
        self.env, self.strings, self.override = templates.env, templates.strings, templates.override
        self.pdf = pdf  # None: no print version
        self.handbook_dir = handbook
        # the footer links the handbook only in serve's preview (for editors), not on the public site
        self.handbook = handbook_languages(handbook) if link_handbook else None
        self.fragments = Fragments(self.env, site, self.strings)  # the footer, rendered once per language and depth

    def warm(self) -> None:
        """Compile every template and table skeleton and read the chart font's metrics now, before worker processes
        fork and inherit them."""
        self.templates.warm(TEMPLATES)
        for fmt in {r.format.version: r.format for r in self.site.reports() if r.format}.values():
            for lang in self.site.languages:
                self.skeletons(fmt, lang)
        for lang in self.site.languages:
            self.templates.chart_skeletons(lang)
        metrics.warm()

    def skeletons(self, fmt: Format, lang: str) -> dict[str, list[TableSkeleton]]:
        """The tables of each section of a format, rendered once per language."""
        return self.templates.skeletons(fmt, lang)

    def page(self, here: str, template: str, lang: str | None, alternates: Mapping[str, str], **ctx: Any) -> bytes:
        """Render one page at site path `here`."""
        base = posixpath.dirname(here) or "."

        def url(target: str) -> str:
            return relative(target, base)

        text: Callable[[str], str] = (lambda key: self.strings[lang][key]) if lang else (lambda key: key)
        handbook = None
        if self.handbook is not None:
            handbook = url(f"{HANDBOOK}/{lang}/index.html" if lang in self.handbook else f"{HANDBOOK}/index.html")
        page = {"site": self.site, "lang": lang, "here": here, "url": url, "s": text, "alternates": alternates,
                "strings": self.strings, "handbook": handbook,
                "footer": self.fragments.footer(lang, root_of(base), handbook), **ctx}
        with template_errors(self.override):
            html = self.env.get_template(template).render(page, chart=self._chart(lang, page))
        return html.encode("utf-8")

    def _chart(self, lang: str | None, page: dict[str, Any]) -> Callable[..., Markup]:
        """The page's `chart(c)`: a chart's figure, from the skeleton of the built-in _chart.html.j2, else from the
        override folder's macro (made with the page's context on first use)."""
        skeletons = self.templates.chart_skeletons(lang) if lang else None
        if skeletons is not None:
            with_narrow, without = skeletons
            return lambda c, lang=None: with_narrow.fill(c) if c.narrow else without.fill(c)
        made: list[Any] = []

        def chart(c: Chart, chart_lang: str | None = None) -> Markup:
            if not made:
                made.append(self.env.get_template(CHART).make_module(page))
            return Markup(made[0].chart(c, chart_lang or lang))

        return chart

    def view(self, report: Report, lang: str) -> ReportView:
        """The narrative HTML and charts of a report in one language, made once for its page and its PDF."""
        return report_view(report, lang)

    def report(self, organ: Organ, report: Report, lang: str, downloads: list[tuple[str, str, int]],
               view: ReportView | None = None) -> bytes:
        """One report page in one language."""
        view = view or self.view(report, lang)
        alternates = {other: report_page(other, organ.id, report.year) for other in self.site.languages}
        skeletons = self.skeletons(report.format, lang) if report.format else {}
        tables = {section: [Markup(t.fill(report)) for t in ts] for section, ts in skeletons.items()}
        return self.page(report_page(lang, organ.id, report.year), "report.html.j2", lang, alternates, organ=organ,
                         report=report, parts=view.parts, has_narrative=view.has_narrative, tables=tables,
                         downloads=downloads, charts=view.charts, agg=pages.aggregate_year(organ, report.year),
                         has_blank=None in report.values.values(),  # once, not for each section's table note
                         members=pages.members_of(self.site, organ, report.year))

    def report_pdf(self, organ: Organ, report: Report, lang: str, view: ReportView | None = None,
                   cache: PdfCache | None = None) -> tuple[str, bytes, str]:
        """The print version of one report in one language: (site path, PDF bytes, its key in the PDF cache)."""
        from generator.render.print.pdf import print_pdf  # the print version is loaded only when PDFs are made

        assert self.pdf is not None
        try:
            data, key = print_pdf(self, organ, report, lang, view or self.view(report, lang), self.pdf, cache)
        except PdfFontError as exc:  # point at the character in the author's files when it comes from them
            where = exc.where or locate_char(report, lang, exc.char) or report_yaml(report)
            raise PdfFontError(f"PDF of {organ.id} {report.year} ({lang}): {exc.message}", exc.char, exc.font,
                               where) from exc
        return pdf_path(organ.id, report.year, lang), data, key

    def report_files(self, organ: Organ, report: Report, pdf_cache: PdfCache | None = None) -> tuple[
            dict[str, bytes], dict[str, str]]:
        """One report's pages in every language, its JSON and CSV, and its PDFs (made first: each page shows its
        PDF's size); and site path → PDF cache key of each PDF."""
        stem = f"data/{organ.id}-{report.year}"
        files = {f"{stem}.json": export.report_json(report, organ), f"{stem}.csv": export.report_csv(report)}
        data = [("download_json", f"{stem}.json", len(files[f"{stem}.json"])),
                ("download_csv", f"{stem}.csv", len(files[f"{stem}.csv"]))]
        pdfs: dict[str, str] = {}
        for lang in self.site.languages:
            view = self.view(report, lang)  # one narrative and one set of charts for the page and the PDF
            downloads = data
            if self.pdf is not None:  # the print version first: it is what most readers want
                rel, files[rel], pdfs[rel] = self.report_pdf(organ, report, lang, view, pdf_cache)
                downloads = [("download_pdf", rel, len(files[rel])), *data]
            files[report_page(lang, organ.id, report.year)] = self.report(organ, report, lang, downloads, view)
        return files, pdfs

    def organ_pages(self, organ: Organ) -> dict[str, bytes]:
        """The organ's own pages: its index, review page and the computed pages of its aggregate years."""
        site = self.site
        files = {}
        for lang in site.languages:
            here = f"{lang}/{organ.id}/index.html"
            files[here] = self.page(here, "organ.html.j2", lang,
                                    {other: f"{other}/{organ.id}/index.html" for other in site.languages},
                                    organ=organ, charts=organ_charts(organ, lang), **pages.organ_context(organ))
        files.update(pages.organ_files(self, organ))
        return files

    def portal(self, lang: str, charts: tuple[Chart, ...]) -> bytes:
        """The portal page of one language: organs by their latest report, newest first, and the portal's charts."""
        site = self.site
        by_latest = sorted((o for o in site.organs if o.reports), key=lambda o: (-o.reports[-1].year, o.id))
        return self.page(f"{lang}/index.html", "portal.html.j2", lang,
                         {other: f"{other}/index.html" for other in site.languages},
                         organs=by_latest, charts=charts, timeliness_years=pages.years(site))

    def portal_charts(self, lang: str) -> tuple[Chart, ...]:
        """The charts of the portal page."""
        return portal_charts(self.site, lang)

    def timeliness_files(self) -> dict[str, bytes]:
        """The timeliness dashboards of every year, and their index, in every language."""
        return pages.timeliness_files(self)

    def site_files(self, highlights: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
        """The chooser, search pages, static assets and the data of all reports but all.csv (written part by part:
        SiteFiles.all_csv_parts); `highlights`: each organ's lines of highlights.csv already made, by organ id."""
        site = self.site
        files = static_files(self.override)
        files["data/schema.json"] = export.schema()
        files["data/highlights.csv"] = opendata.highlights_csv(site, highlights)
        files["data/datapackage.json"] = opendata.datapackage(site)
        files["index.html"] = self.page("index.html", "chooser.html.j2", None,
                                        {lang: f"{lang}/index.html" for lang in site.languages})
        for lang in site.languages:
            files[f"{lang}/search/index.html"] = self.page(
                f"{lang}/search/index.html", "search.html.j2", lang,
                {other: f"{other}/search/index.html" for other in site.languages})
        return files


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
