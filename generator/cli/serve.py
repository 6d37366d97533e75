"""`govreport serve`: a local preview server that rebuilds the site when content or templates change."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.pipeline import Builder
from generator.check.site import Validation

if TYPE_CHECKING:
    from generator.render.print.pdf import PdfOptions


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(content: str, output: str, host: str, port: int, override: Path | None,
          report: Callable[[Validation, int, float], None], *, interval: float = 0.5,
          stop: threading.Event | None = None, pdf: PdfOptions | None = None, handbook: Path | None = None) -> None:
    """Build once, serve `output` on host:port, and rebuild what changed every `interval` seconds until stopped."""
    builder = Builder(content, output, override, pdf, handbook)
    start = time.perf_counter()
    result, written = builder.rebuild()
    report(result, written, time.perf_counter() - start)
    Path(output).mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(Path(output).resolve()))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"serving {output}/ at http://{host}:{server.server_address[1]}/  (Ctrl+C to stop)", flush=True)
    stop = stop or threading.Event()
    try:
        while not stop.wait(interval):
            before = (builder.prints, builder.shared)
            start = time.perf_counter()
            result, written = builder.rebuild()
            if (builder.prints, builder.shared) != before:
                report(result, written, time.perf_counter() - start)
    finally:
        server.shutdown()
        server.server_close()
