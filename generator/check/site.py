"""site.yaml (the portal's settings), and the outcome of validating a whole content folder."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.check.keys import FOOTER_KEYS, FOOTER_LABELS, SITE_KEYS
from generator.check.schema import DocReader, describe
from generator.check.similarity import DEFAULT_THRESHOLD
from generator.errors import Diagnostic
from generator.formats import Label
from generator.load.yamlsource import YamlDoc
from generator.model import Organ, Site

_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)?")


@dataclass(frozen=True)
class Validation:
    """The outcome of validation: the model (None when there are errors) and every diagnostic."""

    site: Site | None
    diagnostics: tuple[Diagnostic, ...]
    report_count: int

    @property
    def errors(self) -> int:
        """Number of error diagnostics."""
        return sum(1 for d in self.diagnostics if d.severity == "error")


@dataclass(frozen=True)
class SiteInfo:
    """The portal settings of site.yaml (title None when it is missing or invalid)."""

    title: Label | None
    languages: tuple[str, ...]
    default_language: str
    publisher: Label | None
    similarity_threshold: int = DEFAULT_THRESHOLD
    licence: str | None = None  # of the open data: an SPDX id (CC-BY-4.0) or the licence's name
    footer: Mapping[str, Label] = field(default_factory=dict)


def _footer(r: DocReader, value: Any, languages: Sequence[str]) -> dict[str, Label]:
    """The footer's identification: texts in every language, and numbers as issued (the same in every language)."""
    m = r.mapping(value, ("footer",), optional=FOOTER_KEYS)
    out: dict[str, Label] = {}
    for key in FOOTER_KEYS:
        if key not in m:
            continue
        if key in FOOTER_LABELS:
            if (label := r.label(m[key], ("footer", key), languages)) is not None:
                out[key] = label
        elif isinstance(m[key], (str, int)) and not isinstance(m[key], bool) and str(m[key]).strip():
            out[key] = Label(str(m[key]).strip(), str(m[key]).strip())
        else:
            r.error("WRONG_TYPE", f"`footer.{key}` must be written as issued, e.g. `{_EXAMPLE[key]}`, found "
                    f"{describe(m[key])}", ("footer", key), "write the text once: it is shown in every language")
    return out


_EXAMPLE = {"site_code": "site_code: '3501280001'", "icp": "icp: 闽ICP备12345678号",
            "police": "police: 闽公网安备 35012802000001号"}


def read_site(doc: YamlDoc | None, diags: list[Diagnostic]) -> SiteInfo:
    """Check site.yaml; defaults stand in for what is missing so every organ can still be checked."""
    if doc is None:
        return SiteInfo(None, ("zh", "en"), "zh", None)
    threshold = DEFAULT_THRESHOLD
    r = DocReader(doc)
    m = r.mapping(doc.data, (), required=["title"], optional=SITE_KEYS[1:], what="site.yaml")
    languages: tuple[str, ...] = ("zh", "en")
    if "languages" in m:
        value = m["languages"]
        if isinstance(value, list) and value and all(isinstance(x, str) and _LANG.fullmatch(x) for x in value):
            languages = tuple(value)
        else:
            r.error("WRONG_TYPE", "`languages` must be a list of language codes", ("languages",),
                    "write e.g. `languages: [zh, en]`")
    default = languages[0]
    if "default_language" in m:
        default = r.choice(m["default_language"], ("default_language",), languages) or default
    title = r.label(m.get("title"), ("title",), languages) if "title" in m else None
    publisher = r.label(m["publisher"], ("publisher",), languages) if "publisher" in m else None
    if "similarity_threshold" in m:
        value = m["similarity_threshold"]
        if value.__class__ is int and 1 <= value <= 100:
            threshold = value
        else:
            r.error("BAD_VALUE", f"`similarity_threshold` must be a whole percentage from 1 to 100, found "
                    f"{describe(value)}", ("similarity_threshold",),
                    f"e.g. `similarity_threshold: {DEFAULT_THRESHOLD}` (warn when a part is 80% the same as last year)")
    licence = m.get("licence")
    if licence is not None and (not isinstance(licence, str) or not licence.strip()):
        r.error("WRONG_TYPE", "`licence` must be the name of a licence", ("licence",), "e.g. `licence: CC-BY-4.0`")
        licence = None
    footer = _footer(r, m["footer"], languages) if "footer" in m else {}
    diags.extend(r.diags)
    return SiteInfo(title, languages, default, publisher, threshold, licence, footer)


def assemble(info: SiteInfo, organs: Sequence[Organ | None], diags: list[Diagnostic], count: int) -> Validation:
    """The validation result: sorted diagnostics, and the Site only when there is no error."""
    diags.sort(key=Diagnostic.sort_key)
    has_errors = any(d.severity == "error" for d in diags)
    site = None if has_errors or info.title is None else Site(
        info.title, info.languages, info.default_language, info.publisher, tuple(o for o in organs if o),
        info.licence, info.footer)
    return Validation(site, tuple(diags), count)
