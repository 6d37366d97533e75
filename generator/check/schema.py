"""Typed reading of YAML documents: keys, types and labels, each problem reported at its position."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.errors import Diagnostic, Severity, did_you_mean
from generator.formats import Label
from generator.load.yamlsource import Path, YamlDoc

_FULLWIDTH = re.compile(r"[０-９．，－＋]")
_ASCII = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def describe(value: Any) -> str:
    """How a found value is named in messages: `text "12件"`, `the number 12.5`, …"""
    if value is None:
        return "nothing (blank)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, Decimal)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, Mapping):
        return "a mapping (key: value pairs)"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    if len(text) > 60:  # a pasted page or a 5,000-digit number: enough to find it, not the whole of it
        return f'text "{text[:40]}…" ({len(text):,} characters)'
    return f'text "{text}"'


@dataclass
class DocReader:
    """Reads one YAML document and collects diagnostics located in it."""

    doc: YamlDoc
    diags: list[Diagnostic] = field(default_factory=list)

    def report(self, severity: Severity, code: str, message: str, path: Path, hint: str = "", *,
               key: bool = False) -> None:
        """Add a diagnostic at the value (or key) found at `path`."""
        line, col = self.doc.at(path, key=key)
        self.diags.append(Diagnostic(severity, code, message, self.doc.file, line, col, hint))

    def error(self, code: str, message: str, path: Path, hint: str = "", *, key: bool = False) -> None:
        """Add an error at `path`."""
        self.report("error", code, message, path, hint, key=key)

    def warning(self, code: str, message: str, path: Path, hint: str = "", *, key: bool = False) -> None:
        """Add a warning at `path`."""
        self.report("warning", code, message, path, hint, key=key)

    def mapping(self, value: Any, path: Path, *, required: Sequence[str] = (), optional: Iterable[str] = (),
                what: str = "") -> dict[str, Any]:
        """Check that `value` is a mapping with only known keys and all required keys; return it or {}."""
        where = what or (f"`{path[-1]}`" if path else "the file")
        if not isinstance(value, Mapping):
            self.error("WRONG_TYPE", f"{where} must be a mapping of `key: value` lines, found {describe(value)}",
                       path, "write one `key: value` per line, indented under the parent key")
            return {}
        allowed = list(required) + list(optional)
        for key in value:
            if key not in allowed:
                self.error("UNKNOWN_KEY", f"unknown key `{key}` in {where}{did_you_mean(key, allowed)}",
                           path + (key,), f"allowed keys: {', '.join(allowed)}", key=True)
        for key in required:
            if key not in value:
                self.error("MISSING_KEY", f"{where} has no `{key}`", path, f"add `{key}:`")
        return dict(value)

    def label(self, value: Any, path: Path, languages: Sequence[str]) -> Label | None:
        """A text in every site language: `{zh: …, en: …}`."""
        if value.__class__ is dict and len(value) == 2:  # the common case, without the general checks
            zh, en = value.get("zh"), value.get("en")
            if zh.__class__ is str and en.__class__ is str and zh.strip() and en.strip():
                return Label(zh, en)
        if isinstance(value, str):
            if len(languages) == 1:
                return Label(value, value)
            self.error("WRONG_TYPE", f"`{path[-1]}` needs a text per language, found {describe(value)}", path,
                       f"write `{{{', '.join(f'{lang}: …' for lang in languages)}}}`")
            return None
        m = self.mapping(value, path, required=languages, optional=[x for x in ("zh", "en") if x not in languages])
        texts = {}
        for lang, text in m.items():
            if not isinstance(text, (str, int, Decimal)) or isinstance(text, bool) or str(text).strip() == "":
                self.error("WRONG_TYPE", f"`{lang}` text must be non-empty text, found {describe(text)}",
                           path + (lang,), "put the text after the colon, in quotes if it contains `:` or `#`")
                return None
            texts[lang] = str(text)
        if not all(lang in texts for lang in languages):
            return None
        zh = texts.get("zh", texts.get("en", ""))
        return Label(zh, texts.get("en", zh))

    def choice(self, value: Any, path: Path, choices: Sequence[str]) -> str | None:
        """One of a fixed set of words."""
        text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text in choices:
            return text
        self.error("BAD_VALUE", f"`{path[-1]}` must be one of {', '.join(choices)}, found {describe(value)}"
                   f"{did_you_mean(text or '', choices)}", path, f"write one of: {', '.join(choices)}")
        return None

    def number(self, value: Any, path: Path, *, integer: bool, signed: bool, what: str) -> int | Decimal | None:
        """An ASCII number (int, or decimal when `integer` is false), >= 0 unless `signed`."""
        if isinstance(value, str) and _FULLWIDTH.search(value):
            self.error("FULLWIDTH_DIGITS", f"{what} is written with full-width characters: \"{value}\"", path,
                       f"use ASCII digits: {value.translate(_ASCII)}")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            kind = "a whole number" if integer else "a number"
            self.error("NOT_INTEGER" if integer else "NOT_NUMBER", f"{what} must be {kind}, found {describe(value)}",
                       path, "write the number only (no unit or note); put annotations under `notes:`")
            return None
        if integer and isinstance(value, Decimal):
            if value != value.to_integral_value():
                self.error("NOT_INTEGER", f"{what} must be a whole number, found {describe(value)}", path,
                           "counts are whole numbers; check the decimal point")
                return None
            value = int(value)
        number: int | Decimal = value
        if not signed and number < 0:
            self.error("NEGATIVE_COUNT", f"{what} must not be negative, found {describe(value)}", path,
                       "counts are 0 or more; only 本年增/减 (change) may be negative")
            return None
        return number

    def date(self, value: Any, path: Path) -> dt.date | None:
        """A calendar date written YYYY-MM-DD."""
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.error("BAD_DATE", f"`{path[-1]}` is not a calendar date: {value}", path,
                           "check the month (01–12) and the day")
                return None
        self.error("BAD_DATE", f"`{path[-1]}` must be a date YYYY-MM-DD, found {describe(value)}", path,
                   "write e.g. `published: 2024-01-25` (ASCII digits, no quotes)")
        return None
