"""One Diagnostic type for every user-facing problem, and its two formatters (text and JSON)."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]  # a note informs (e.g. "not checkable"); it never fails


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in the content, located at file:line:col (1-based)."""

    severity: Severity
    code: str
    message: str
    file: str
    line: int = 1
    col: int = 1
    hint: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order diagnostics by place, then code, so output is deterministic."""
        return (self.file, self.line, self.col, self.code, self.message)

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[str, str, str, str, int, int, str]]:
        # by constructor: much faster than a slots dataclass's generic __setstate__ (results cross processes)
        return Diagnostic, (self.severity, self.code, self.message, self.file, self.line, self.col, self.hint)


class ContentError(Exception):
    """Raised by stages that cannot continue; carries every diagnostic collected so far."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s)")
        self.diagnostics = tuple(diagnostics)


class TemplateError(Exception):
    """A template of the site (from the user's templates folder or the built-in ones) cannot be compiled or
    rendered; `where` is `file:line:col`."""

    def __init__(self, message: str, where: str = "", own: bool = False) -> None:
        super().__init__(message)
        self.message, self.where, self.own = message, where, own  # own: the user's template, not a built-in one

    def __reduce__(self) -> tuple[type[TemplateError], tuple[str, str, bool]]:
        # raised in a worker process, reported by the parent: every field must survive pickling
        return type(self), (self.message, self.where, self.own)


class PdfError(Exception):
    """A PDF cannot be made here (a missing system library)."""


class PdfFontError(PdfError):
    """A character has no glyph in any embedded font, or a font family named by the stylesheet is missing."""

    def __init__(self, message: str, char: str = "", font: str = "", where: str = "") -> None:
        super().__init__(message)
        self.message, self.char, self.font, self.where = message, char, font, where  # where: `file:line:col`

    def __reduce__(self) -> tuple[type[PdfFontError], tuple[str, str, str, str]]:
        # raised in a worker process, reported by the parent: every field must survive pickling
        return type(self), (self.message, self.char, self.font, self.where)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean `x`?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


# control characters (ESC, BEL, CR, a newline inside a value…), DEL, C1 controls, line/paragraph separators and the
# bidirectional overrides: shown as escapes, so that a value quoted in a message cannot rewrite the terminal
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character written as an escape (`\\x1b`), one line on any terminal."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def format_text(diag: Diagnostic) -> str:
    """`path:line:col: severity[CODE]: message` and an indented hint line (control characters escaped)."""
    head = printable(f"{diag.file}:{diag.line}:{diag.col}: {diag.severity}[{diag.code}]: {diag.message}")
    return f"{head}\n  hint: {printable(diag.hint)}" if diag.hint else head


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def counts(diagnostics: Sequence[Diagnostic]) -> tuple[int, int, int]:
    """Numbers of errors, warnings and notes."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    notes = sum(1 for d in diagnostics if d.severity == "note")
    return errors, len(diagnostics) - errors - notes, notes


def summary_line(diagnostics: Sequence[Diagnostic], reports: int) -> str:
    """`2 errors, 3 warnings in 8 reports`."""
    errors, warnings, notes = counts(diagnostics)
    shown_notes = f", {_plural(notes, 'note')}" if notes else ""
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}{shown_notes} in {_plural(reports, 'report')}"


def format_json(diagnostics: Sequence[Diagnostic], reports: int) -> str:
    """The same diagnostics as one JSON document."""
    errors, warnings, notes = counts(diagnostics)
    doc = {
        "diagnostics": [asdict(d) for d in diagnostics],
        "summary": {"errors": errors, "warnings": warnings, "notes": notes, "reports": reports},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
