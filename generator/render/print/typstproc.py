"""Typst in a helper process of its own: one per process that makes PDFs, started on first use, kept warm.

Typst's compiler runs a thread pool; a process forked after it started (the build's workers, `serve`'s rebuilds)
would inherit the pool without its threads and wait forever. So no govreport process loads Typst: each sends the
sources to its own helper (this file run as a script, importing nothing of govreport) and reads the PDFs back.
Messages are length-prefixed: a JSON header, then the payload.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading
from typing import IO, Any, ClassVar

_LEN = struct.Struct(">I")


def _send(stream: IO[bytes], header: dict[str, Any], payload: bytes = b"") -> None:
    head = json.dumps(header).encode()
    stream.write(_LEN.pack(len(head)) + head + _LEN.pack(len(payload)) + payload)
    stream.flush()


def _read_exactly(stream: IO[bytes], n: int) -> bytes:
    data = stream.read(n)
    if data is None or len(data) != n:
        raise EOFError("the Typst helper process closed its pipe")
    return data


def _receive(stream: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    head = json.loads(_read_exactly(stream, _LEN.unpack(_read_exactly(stream, 4))[0]))
    return head, _read_exactly(stream, _LEN.unpack(_read_exactly(stream, 4))[0])


def serve() -> None:
    """The helper's loop: compile requests in, PDFs (or the error) out, until its input closes."""
    import typst

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a terminated helper still removes its folder
    # Root and package folders: the sources read no file. Removed when the caller closes the pipe.
    with tempfile.TemporaryDirectory(prefix="govreport-typst-") as empty:
        _loop(typst, empty)


def _loop(typst: Any, empty: str) -> None:
    compilers: dict[tuple[str, ...], Any] = {}
    books: dict[tuple[str, ...], Any] = {}
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            head, payload = _receive(stdin)
        except EOFError:
            return
        paths = tuple(head["font_paths"])
        try:
            if paths not in books:  # installed fonts and these folders; Typst's own fonts left out
                books[paths] = typst.Fonts(include_system_fonts=True, include_embedded_fonts=False,
                                           font_paths=list(paths))
            if head["op"] == "families":
                _send(stdout, {"ok": True, "version": getattr(typst, "__version__", "")},
                      json.dumps(books[paths].families()).encode())
                continue
            if paths not in compilers:
                compilers[paths] = typst.Compiler(root=empty, font_paths=books[paths], package_path=empty,
                                                  package_cache_path=empty)
            data = compilers[paths].compile(input=payload, format="pdf", pdf_standards=head["standards"])
            _send(stdout, {"ok": True}, data)
        except Exception as exc:  # a Typst error goes back to the caller, the helper lives on
            _send(stdout, {"ok": False, "error": f"{type(exc).__name__}: {exc}"})


class TypstError(Exception):
    """Typst could not compile a source (or its helper could not start)."""


class Helper:
    """The calling process's Typst helper; a forked child starts its own."""

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _by_pid: ClassVar[dict[int, Helper]] = {}

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-I", os.path.abspath(__file__)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": "0"})

    @classmethod
    def get(cls) -> Helper:
        """The helper of this process (started now if it has none, or if it died)."""
        with cls._lock:
            helper = cls._by_pid.get(os.getpid())
            if helper is None or helper.process.poll() is not None:
                helper = cls._by_pid[os.getpid()] = Helper()
            return helper

    def ask(self, header: dict[str, Any], payload: bytes = b"") -> tuple[dict[str, Any], bytes]:
        with self._lock:
            assert self.process.stdin is not None and self.process.stdout is not None
            try:
                _send(self.process.stdin, header, payload)
                head, data = _receive(self.process.stdout)
            except (EOFError, BrokenPipeError) as exc:
                raise TypstError(f"the Typst helper process stopped ({exc}); is the typst package installed?") from exc
        if not head["ok"]:
            raise TypstError(head["error"])
        return head, data


def compile_pdf(source: str, font_paths: list[str], standards: list[str]) -> bytes:
    """PDF bytes of a Typst source, compiled by this process's helper."""
    return Helper.get().ask({"op": "compile", "font_paths": font_paths, "standards": standards}, source.encode())[1]


def families(font_paths: list[str]) -> tuple[list[str], str]:
    """The font families Typst finds (installed, and in `font_paths`), and Typst's version."""
    head, data = Helper.get().ask({"op": "families", "font_paths": font_paths})
    names: list[str] = json.loads(data)
    return names, str(head["version"])


if __name__ == "__main__":
    serve()
