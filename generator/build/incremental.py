"""The incremental builder of `serve`: the last build kept in memory, so that an edit re-checks and re-renders only
the organs it touches, and writes only the files whose bytes changed."""

from __future__ import annotations

import gc
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from generator import PACKAGE, TEMPLATES
from generator.build.files import Memo, site_files
from generator.build.pipeline import (
    OrganResult,
    assemble_results,
    check_organs,
    missing_content,
    publish,
    silent,
    worker_count,
)
from generator.cache.store import Store
from generator.check.site import Validation, read_site
from generator.load.content import load_site
from generator.render.export import ALL_CSV
from generator.write.writer import write_in_place

if TYPE_CHECKING:
    from generator.render.print.pdf import PdfOptions
    from generator.render.templates import Templates


def _fingerprint(folder: Path | str) -> tuple[tuple[str, int, int], ...]:
    """Every file below `folder` with its modification time and size: cheap to compare between edits."""
    found: list[tuple[str, int, int]] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return ()
    for entry in entries:  # scandir: no second stat to tell folders from files (os.walk cost a third of an edit)
        if entry.is_dir():
            found.extend(_fingerprint(entry.path))
        else:
            st = entry.stat()
            found.append((entry.path, st.st_mtime_ns, st.st_size))
    return tuple(found)


class Builder:
    """Keeps the last build in memory so that an edit re-checks and re-renders only the organs it touches."""

    def __init__(self, content: str, output: str, override: Path | None = None, pdf: PdfOptions | None = None,
                 handbook: Path | None = None) -> None:
        self.content, self.output, self.override, self.pdf = content, Path(output), override, pdf
        self.handbook = handbook
        self.results: dict[str, OrganResult] = {}
        self.prints: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self.shared: tuple[tuple[str, int, int], ...] = ()
        self.hashes: dict[str, bytes] = {}  # path → SHA-1 of what the output holds
        self.store = Store()
        self.templates: Templates | None = None  # compiled templates, kept between rebuilds
        self.memo = Memo()  # all.csv lines, portal and timeliness pages, kept between rebuilds
        self.code = ""  # the page cache's code key
        self.last: Validation | None = None  # the last finished rebuild's result, while nothing changes

    def _shared_print(self) -> tuple[tuple[str, int, int], ...]:
        site_yaml = Path(self.content) / "site.yaml"
        dirs = [PACKAGE, TEMPLATES, self.override]
        files = [(str(site_yaml), *(lambda st: (st.st_mtime_ns, st.st_size))(site_yaml.stat()))] \
            if site_yaml.exists() else []
        return tuple(files) + tuple(f for d in dirs if d is not None and d.is_dir() for f in _fingerprint(d))

    def rebuild(self) -> tuple[Validation, int]:
        """Bring the output up to date; returns the validation and the number of files written (0 on errors)."""
        from generator.render.templates import Templates

        if not Path(self.content).is_dir():
            return missing_content(self.content), 0
        shared = self._shared_print()
        site_doc, names, site_diags = load_site(self.content)
        info = read_site(site_doc, site_diags)
        if shared != self.shared:  # site.yaml, templates or generator changed: everything is stale
            self.results, self.prints, self.shared, self.hashes = {}, {}, shared, {}
            self.templates, self.memo, self.code = None, Memo(), ""
            self.last = None
        prints = {name: _fingerprint(Path(self.content) / name) for name in names}
        changed = {name for name in names if prints[name] != self.prints.get(name)}
        # an aggregate is computed from its members: a changed member makes it stale too
        stale = [name for name in names if name in changed or name not in self.results
                 or set(self._members(name)) & changed]
        if not stale and self.last is not None and list(self.results) == names:
            return self.last, 0  # nothing changed (serve asks twice a second): nothing to check or write
        fresh = [r for r, _, _ in check_organs(self.content, stale, names, info, worker_count(None, len(stale)), True)]
        self.results = {name: self.results[name] if name not in stale else fresh[stale.index(name)]
                        for name in names}
        self.prints = prints
        result = assemble_results(info, site_diags, list(self.results.values()))
        self.last = None  # until this rebuild is done: one that raised (e.g. a PDF font error) is tried again
        if result.site is None:
            self.last = result
            return result, 0
        if self.templates is None:
            from generator.cache.pagecache import code_key
            from generator.render.charts.font import fingerprint
            from generator.render.templates import Templates

            self.templates = Templates(self.override, self.store)
            self.code = code_key(self.override, fingerprint())
        # an edit re-renders its organ: the organ's other reports are read from the page cache
        files = site_files(result.site, self.content, self.store, override=self.override, pdf=self.pdf,
                           handbook=self.handbook, link_handbook=True, templates=self.templates, memo=self.memo,
                           code=self.code)
        if not self.hashes:  # the first build: everything, in parallel, swapped in whole
            self.hashes = publish(self.output, files, True, silent)
            self.hashes[ALL_CSV] = files.all_csv_digest()  # compared with itself on each edit
            # the model and compiled templates live as long as the server: keep the cycle collector from walking
            # them on every edit (it cost a tenth of a rebuild)
            gc.freeze()
            self.last = result
            return result, len(self.hashes)
        for name in stale:
            self.memo.forget(name)
        stale_files = {o.id: files.organ_files(o) for o in result.site.organs if o.id in stale}
        written = self._write({rel: data for organ in stale_files.values() for rel, data in organ.items()}
                              | files.common_files())
        digest = files.all_csv_digest()  # all.csv only if an organ's lines changed (not for an edited narrative)
        if self.hashes.get(ALL_CSV) != digest:
            write_in_place(self.output, {ALL_CSV: files.all_csv_parts()})  # ~90 MB on 1,000 reports: never joined
            self.hashes[ALL_CSV] = digest
            written += 1
        self.last = result
        return result, written

    def _members(self, name: str) -> tuple[str, ...]:
        organ = self.results[name][0] if name in self.results else None
        return organ.members if organ is not None else ()

    def _write(self, files: dict[str, bytes]) -> int:
        """Write the files whose bytes changed, each replaced atomically."""
        changed = {}
        for rel, data in files.items():
            digest = hashlib.sha1(data).digest()
            if self.hashes.get(rel) != digest:
                changed[rel] = data
                self.hashes[rel] = digest
        write_in_place(self.output, changed)
        return len(changed)
