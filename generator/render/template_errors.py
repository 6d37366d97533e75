"""Template problems located in the template's own file: a syntax error where Jinja2 found it, a failure while
rendering at the innermost template line that ran. The user's templates folder is input like the content: its
mistakes get a located error, never a traceback.

May import: what render may import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import jinja2

from generator.errors import TemplateError


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost frame of a template (Jinja2 rewrites a template's frames to its file and line)."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _own(file: str, override: Path | None) -> bool:
    return override is not None and Path(file).resolve().is_relative_to(Path(override).resolve())


def located(exc: Exception, override: Path | None) -> TemplateError | None:
    """The TemplateError of a failure in a template, or None when no template is at fault."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = exc.filename or exc.name or "template"
        return TemplateError(exc.message or str(exc), f"{file}:{exc.lineno}:1", _own(file, override))
    frame = _template_frame(exc.__traceback__)
    if isinstance(exc, jinja2.TemplateError):
        message = exc.message or str(exc)
    elif frame is not None and _own(frame[0], override):  # a user's template called something wrongly
        message = f"{type(exc).__name__}: {exc}"
    else:
        return None  # the generator's own bug: its traceback is the report
    where = f"{frame[0]}:{frame[1]}:1" if frame else ""
    return TemplateError(message, where, frame is not None and _own(frame[0], override))


@contextmanager
def template_errors(override: Path | None) -> Iterator[None]:
    """Turn a template's failure inside the block into a located TemplateError."""
    try:
        yield
    except Exception as exc:
        problem = located(exc, override)
        if problem is None:
            raise
        raise problem from None
