"""`govreport serve`: a local preview server that rebuilds the site when content or templates change."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.build.incremental import Builder
from generator.check.site import Validation
from generator.errors import PdfError, TemplateError, printable
from generator.render.charts.font import ChartFontError

if TYPE_CHECKING:
    from generator.render.print.pdf import PdfOptions


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def _refused(self) -> bool:
        """Answer 400 to a path no file can have (a NUL byte: `GET /%00`) instead of failing in the file lookup."""
        path = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if "\x00" in path:
            self.send_error(400, "Bad request")
            return True
        return False

    def do_GET(self) -> None:
        if not self._refused():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._refused():
            super().do_HEAD()


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line instead of a traceback: a request that fails must not look like a crash of the preview."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            print(f"serve: a request failed: {printable(repr(exc))}", file=sys.stderr, flush=True)


def _rebuild(builder: Builder, failed: list[str], first: bool = False) -> tuple[Validation, int] | None:
    """Rebuild; on an unexpected error say so once (not on every poll) and keep the pages as they were.

    The first build lets a missing font or PDF library through: the command says what to install and stops.
    """
    try:
        done = builder.rebuild()
    except (ChartFontError, PdfError):
        if first:
            raise
        _failed(failed, sys.exc_info()[1])
        return None
    except Exception as exc:  # a bug or a machine problem in one edit must not stop the preview
        _failed(failed, exc)
        return None
    failed.clear()
    return done


def _failed(failed: list[str], exc: BaseException | None) -> None:
    if isinstance(exc, TemplateError):  # the user's template: where, and what Jinja2 found, waiting for a fix
        where = f"{exc.where}: " if exc.where else ""
        message = f"{where}error[TEMPLATE]: {exc.message}; the site was not rebuilt, the previous pages stay"
    else:
        message = f"error: the site was not rebuilt ({type(exc).__name__}: {exc}); the previous pages stay"
    if failed != [message]:
        print(printable(message), file=sys.stderr, flush=True)
        failed[:] = [message]


def serve(content: str, output: str, host: str, port: int, override: Path | None,
          report: Callable[[Validation, int, float], None], *, interval: float = 0.5,
          stop: threading.Event | None = None, pdf: PdfOptions | None = None, handbook: Path | None = None) -> None:
    """Build once, serve `output` on host:port, and rebuild what changed every `interval` seconds until stopped."""
    builder = Builder(content, output, override, pdf, handbook)
    start = time.perf_counter()
    failed: list[str] = []
    if (done := _rebuild(builder, failed, first=True)) is not None:
        report(*done, time.perf_counter() - start)
    Path(output).mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(Path(output).resolve()))
    server = _Server((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"serving {output}/ at http://{host}:{server.server_address[1]}/  (Ctrl+C to stop)", flush=True)
    stop = stop or threading.Event()
    try:
        while not stop.wait(interval):
            before = (builder.prints, builder.shared)
            start = time.perf_counter()
            done = _rebuild(builder, failed)
            if done is not None and (builder.prints, builder.shared) != before:
                report(*done, time.perf_counter() - start)
    finally:
        server.shutdown()
        server.server_close()
