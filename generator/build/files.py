"""Every file of a site, from its renderer through the caches: an unchanged report, organ or site-wide page is read
from the cache store instead of rendered, and PDFs come from the PDF cache by the keys their report recorded."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache.digests import ContentDigests
from generator.cache.pagecache import PageCache, code_key, site_key
from generator.cache.store import Store
from generator.model import Organ, Report, Site
from generator.render import export, opendata
from generator.render.templates import Templates

if TYPE_CHECKING:
    from generator.render.print.pdf import PdfCache, PdfOptions
    from generator.render.site import SiteRenderer


@dataclass
class Memo:
    """Made of the site facts, kept in memory between the rebuilds of `serve` (an edited figure keeps them)."""

    csv_chunks: dict[str, bytes] = field(default_factory=dict)  # organ → its lines of data/all.csv
    csv_digests: dict[str, bytes] = field(default_factory=dict)  # organ → the SHA-1 of its lines of data/all.csv
    highlights: dict[str, bytes] = field(default_factory=dict)  # organ → its lines of data/highlights.csv
    portals: dict[str, tuple[object, bytes]] = field(default_factory=dict)  # language → (facts and charts, page)
    timeliness: tuple[str, dict[str, bytes]] = ("", {})  # site key → the timeliness pages

    def forget(self, organ: str) -> None:
        """Drop what was made of one organ's files (edited, or a member of it edited)."""
        for kept in (self.csv_chunks, self.csv_digests, self.highlights):
            kept.pop(organ, None)


class SiteFiles:
    """The files of one site model: rendered by `renderer`, or read from `pages` (the page cache) and `pdfs`."""

    def __init__(self, renderer: SiteRenderer, store: Store, pages: PageCache | None, pdfs: PdfCache | None,
                 memo: Memo | None = None) -> None:
        self.renderer, self.store, self.pages, self.pdfs = renderer, store, pages, pdfs
        self.memo = memo if memo is not None else Memo()
        self.keep_chunks = memo is not None  # serve's rebuilds join all.csv again from the organs' kept lines
        self.site: Site = renderer.site
        self.site_key = site_key(self.site)
        self.pdf_key = renderer.pdf.key() if renderer.pdf is not None else None  # a page shows its PDF's size

    def report_files(self, organ: Organ, report: Report) -> dict[str, bytes]:
        """One report's pages in every language, its JSON and CSV, and its PDFs."""
        cache = self.pages
        key = cache.key(self.site_key, organ, report, (self.pdf_key, self.renderer.handbook)) if cache else ""
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            files, pdf_keys = hit
            for rel, pdf_key in pdf_keys.items():
                data = self.pdfs.get(pdf_key) if self.pdfs is not None else None
                if data is None:  # the PDF cache lost it: render the report again
                    break
                files[rel] = data
            else:
                return files
        files, pdfs = self.renderer.report_files(organ, report, self.pdfs)
        if cache is not None:
            cache.put(key, {rel: data for rel, data in files.items() if rel not in pdfs}, pdfs)
        return files

    def organ_pages(self, organ: Organ) -> dict[str, bytes]:
        """The organ's own pages: its index, review page and computed aggregate pages."""
        cache = self.pages
        key = cache.key(self.site_key, organ, None, (self.renderer.handbook,)) if cache is not None else ""
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            return hit[0]
        files = self.renderer.organ_pages(organ)
        if cache is not None:
            cache.put(key, files)
        return files

    def organ_files(self, organ: Organ) -> dict[str, bytes]:
        """The organ's own pages, and its reports' pages, data and PDFs."""
        files = self.organ_pages(organ)
        for report in organ.reports:
            files.update(self.report_files(organ, report))
        return files

    def csv_chunk(self, organ: Organ) -> bytes:
        """The organ's lines of data/all.csv: kept between rebuilds (serve) and in the page cache (build)."""
        kept = self.memo.csv_chunks.get(organ.id)
        if kept is not None:
            return kept
        cache = self.pages
        key = cache.key(self.site_key, organ, None, ("all.csv",)) if cache is not None else ""
        hit = cache.get(key) if cache is not None else None
        chunk = hit[0].get("all.csv") if hit is not None else None
        if chunk is None:
            chunk = export.organ_long_csv(organ)
            if cache is not None:
                cache.put(key, {"all.csv": chunk})
        if self.keep_chunks:
            self.memo.csv_chunks[organ.id] = chunk
        return chunk

    def all_csv_parts(self) -> Iterator[bytes]:
        """data/all.csv part by part (header, then each organ's lines), each organ's lines made when asked for: a
        build writes them as they come instead of holding ~90 MB of them twice (1,000 reports)."""
        return export.all_csv_parts(self.csv_chunk(o) for o in self.site.organs)

    def all_csv_digest(self) -> bytes:
        """A digest of data/all.csv that changes when its bytes do: made of each organ's lines' SHA-1, kept between
        the rebuilds of serve, so that an edit hashes its organ's lines, not the whole ~90 MB file (1,000 reports).
        Not the file's SHA-1: compare it only with itself."""
        h = hashlib.sha1(export.ALL_CSV.encode())
        for organ in self.site.organs:
            digest = self.memo.csv_digests.get(organ.id)
            if digest is None:
                digest = hashlib.sha1(self.csv_chunk(organ)).digest()
                if self.keep_chunks:
                    self.memo.csv_digests[organ.id] = digest
            h.update(digest)
        return h.digest()

    def highlight_lines(self, organ: Organ) -> bytes:
        """The organ's lines of data/highlights.csv, kept between the rebuilds of serve."""
        lines = self.memo.highlights.get(organ.id)
        if lines is None:
            lines = opendata.highlight_lines(organ)
            if self.keep_chunks:
                self.memo.highlights[organ.id] = lines
        return lines

    def common_files(self) -> dict[str, bytes]:
        """The files that depend on the whole site: chooser, portals, search pages, data of all reports (without
        all.csv: see all_csv_parts), assets."""
        renderer, memo = self.renderer, self.memo
        files = renderer.site_files(highlights={o.id: self.highlight_lines(o) for o in self.site.organs})
        for lang in self.site.languages:
            charts = renderer.portal_charts(lang)
            facts = (self.site_key, charts)  # an edit that changes neither keeps the page (serve's rebuilds)
            if memo.portals.get(lang, ((), b""))[0] != facts:
                memo.portals[lang] = (facts, renderer.portal(lang, charts))
            files[f"{lang}/index.html"] = memo.portals[lang][1]
        if memo.timeliness[0] != self.site_key:  # made of the site facts only: an edited figure keeps them
            cache = self.pages
            key = cache.facts_key(self.site_key, "timeliness", (renderer.handbook,)) if cache is not None else ""
            hit = cache.get(key) if cache is not None else None
            timeliness = hit[0] if hit is not None else renderer.timeliness_files()
            if cache is not None and hit is None:
                cache.put(key, timeliness)
            memo.timeliness = (self.site_key, timeliness)
        files.update(memo.timeliness[1])
        return files


def site_files(site: Site, content: str, store: Store, *, override: Path | None = None, pdf: PdfOptions | None = None,
               handbook: Path | None = None, link_handbook: bool = False, digests: ContentDigests | None = None,
               templates: Templates | None = None, memo: Memo | None = None, code: str = "") -> SiteFiles:
    """The renderer of a site model and its caches, all in `store`; `templates`, `memo` and `code` (the page cache's
    code key) are kept by serve between rebuilds; `link_handbook`: the footer links the handbook (serve's preview)."""
    from generator.render.charts.font import fingerprint
    from generator.render.site import SiteRenderer

    renderer = SiteRenderer(site, templates or Templates(override, store), pdf, handbook, link_handbook)
    pages = PageCache(code or code_key(override, fingerprint()), content, store, digests)
    pdfs = None
    if pdf is not None:
        from generator.render.print.pdf import PdfCache  # the print version is loaded only when PDFs are made

        pdfs = PdfCache(store)
    return SiteFiles(renderer, store, pages, pdfs, memo)
