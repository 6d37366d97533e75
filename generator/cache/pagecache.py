"""Report pages and open data cached by the hash of all they are made from: an unchanged report is read, not rendered.

The key of a report's files is the SHA-256 of: the generator's code, format data and templates (and the override
folder), the chart engine and font; the site-wide facts every page shows (title, publisher, languages, every organ
with its years); the report itself, every field; and the sizes of its PDFs. Anything else a page could show comes
from these, so a hit is always the bytes a render would give.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator import PACKAGE as GENERATOR
from generator import TEMPLATES
from generator.cache.digests import ContentDigests
from generator.cache.store import Store
from generator.formats import Format
from generator.model import Organ, Report, Site

_MAGIC = b"govreport pages 1\n"  # an entry: this line, a JSON header line (files and sizes, notes), the files' bytes
_SCALARS = (str, int, float, bool, Decimal, dt.date, type(None))


def canonical(obj: Any) -> Any:
    """A value made of tuples and scalars whose repr is the same in every process (sets sorted, formats by id)."""
    if isinstance(obj, _SCALARS):
        return obj
    if isinstance(obj, Format):
        return ("format", obj.version)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return (type(obj).__name__, *(canonical(getattr(obj, f.name)) for f in dataclasses.fields(obj)))
    if isinstance(obj, Mapping):
        return ("map", *((canonical(k), canonical(v)) for k, v in obj.items()))
    if isinstance(obj, set | frozenset):
        return ("set", *sorted((canonical(v) for v in obj), key=repr))
    if isinstance(obj, Sequence):
        return ("seq", *(canonical(v) for v in obj))
    raise TypeError(f"no canonical form for {type(obj).__name__}")  # a new model type: teach it here


def code_key(override: Path | None, engine: str = "") -> str:
    """What every page depends on besides the content: code, formats, templates (and the override folder), and
    `engine`: what the renderer says of its own tools (chart engine, font)."""
    h = hashlib.sha256()
    for folder in (GENERATOR, TEMPLATES, override):
        if folder is not None:
            h.update(ContentDigests(folder).folder("").encode())
    h.update(engine.encode())
    return h.hexdigest()


def site_key(site: Site) -> str:
    """The site-wide facts a report page shows: title, publisher, languages, every organ with its reports' dates."""
    # what a page may show of other organs (navigation, member lists): not their figures, which only their own
    # pages and their aggregates show (an organ's aggregates are part of its own key)
    organs = [(o.id, canonical(o.name), o.kind, o.parent, o.members, o.since,
               tuple((r.year, r.published, r.format.version if r.format else None) for r in o.reports))
              for o in site.organs]  # also all the timeliness pages show
    facts = (canonical(site.title), site.languages, site.default_language, canonical(site.publisher), organs,
             sorted((k, canonical(v)) for k, v in site.footer.items()))
    return hashlib.sha256(repr(facts).encode()).hexdigest()


def _digest(digests: ContentDigests, organ: Organ, year: int | None) -> str:
    """SHA-256 of the files an organ's pages are made from: site.yaml, its organ.yaml and its members', and the
    year folders (`year`, or all of them) of the organ and its members (an aggregate sums and lists theirs)."""
    own = (organ.id, *organ.members)
    parts = [digests.file("site.yaml"), *(digests.file(f"{o}/organ.yaml") for o in own),
             *(digests.folder(f"{o}/{year}" if year is not None else o) for o in own)]
    return hashlib.sha256(repr((own, year, parts)).encode()).hexdigest()


class PageCache:
    """Files by key (a report's pages and data; an organ's own pages; its lines of all.csv; the timeliness pages),
    kept in the store as kind "pages"; entries not used by a full build are removed after it."""

    KIND = "pages"

    def __init__(self, code: str, content: Path | str, store: Store, digests: ContentDigests | None = None) -> None:
        self.store = store
        self.code = code
        self.content = Path(content)
        self.digests = digests or ContentDigests(content)  # the build's: replace it for each build (fresh())

    def key(self, site: str, organ: Organ, report: Report | None, extra: object = ()) -> str:
        """The key of one report's files (or, with `report` None, of the organ's own pages): the code, the site
        facts, the files they are made from, and `extra` (PDF sizes, handbook); "" (do not cache) for an organ whose
        files changed during the build. Hashing the source files is much cheaper than a canonical form of the model,
        and as exact: the pages are a function of them and the code."""
        if self.digests.unstable & {organ.id, *organ.members}:
            return ""
        year = report.year if report is not None else None
        text = repr((self.code, site, organ.id, year, _digest(self.digests, organ, year), canonical(extra)))
        return hashlib.sha256(text.encode()).hexdigest()

    def facts_key(self, site: str, name: str, extra: object = ()) -> str:
        """The key of files made from the site facts alone (`name`: which files, e.g. the timeliness pages)."""
        return hashlib.sha256(repr((self.code, site, name, canonical(extra))).encode()).hexdigest()

    def get(self, key: str) -> tuple[dict[str, bytes], dict[str, str]] | None:
        """The cached files and their notes (what the caller stored beside them), or None (also for an unreadable
        entry, and for the key "")."""
        data = self.store.get(self.KIND, key)
        if data is None or not data.startswith(_MAGIC):
            return None  # also an entry of an earlier version (a pickle)
        try:  # signed by the store: written by this code's format, so a plain header
            end = data.index(b"\n", len(_MAGIC))
            head = json.loads(data[len(_MAGIC):end])
            files, start = {}, end + 1
            for rel, size in head["files"]:
                files[str(rel)] = data[start:start + size]
                start += size
            notes = {str(k): str(v) for k, v in head["notes"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        return (files, notes) if start == len(data) else None

    def put(self, key: str, files: Mapping[str, bytes], notes: Mapping[str, str] | None = None) -> None:
        """Store files (and `notes`, e.g. the PDF cache keys of a report's PDFs); not for key "". Stored as a header
        line and the files' bytes, written one after the other: no pickle, no copy of the joined entry."""
        if key:
            head = json.dumps({"files": [[rel, len(data)] for rel, data in files.items()], "notes": notes or {}},
                              ensure_ascii=False, separators=(",", ":"))
            self.store.put_parts(self.KIND, key, (_MAGIC, head.encode() + b"\n", *files.values()))

    def prune(self) -> None:
        """Remove the entries this build neither read nor wrote: the cache holds one site, not every past one."""
        self.store.prune(self.KIND)
