"""`serve` survives a broken edit and a hostile request; the PDF embeds no file from outside the site."""

from __future__ import annotations

import socket
import struct
import threading
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import pytest
from helpers import edit, project

from generator.check.site import Validation


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_serve_keeps_serving_after_a_broken_edit_and_a_nul_request(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli.serve import serve

    root = project(tmp_path)
    port, stop, reports, failures = _free_port(), threading.Event(), [], []

    def report(result: Validation, written: int, seconds: float) -> None:
        reports.append(len([d for d in result.diagnostics if d.severity == "error"]))

    def run() -> None:
        try:
            serve(str(root / "content"), str(root / "site"), "127.0.0.1", port, None, report, interval=0.1, stop=stop)
        except BaseException as exc:  # pragma: no cover - what the test is about
            failures.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not (root / "site" / "index.html").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)
        assert _status(f"http://127.0.0.1:{port}/index.html") == 200
        assert _status(f"http://127.0.0.1:{port}/%00") == 400
        assert _status(f"http://127.0.0.1:{port}/a%00b/index.html") == 400
        # a value of the wrong shape (TypeError in check/, issue 14): said, not fatal
        edit(root / "content/demo/organ.yaml", "kind: government", "kind: government\nparent: [x]")
        time.sleep(1.5)
        assert thread.is_alive() and not failures
        assert _status(f"http://127.0.0.1:{port}/index.html") == 200
        edit(root / "content/demo/organ.yaml", "name: {", "name: [{")  # a YAML syntax error
        time.sleep(1.5)
        assert thread.is_alive() and not failures
        assert _status(f"http://127.0.0.1:{port}/index.html") == 200
    finally:
        stop.set()
        thread.join(30)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("error: the site was not rebuilt (TypeError") <= 1  # said once, not at every poll


def _png(path: Path) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.mark.slow
def test_a_narrative_image_outside_the_site_is_not_embedded(tmp_path: Path) -> None:
    from generator.build.pipeline import build
    from generator.render.print.pdf import PdfOptions

    root = project(tmp_path)
    _png(tmp_path / "secret.png")
    edit(root / "content/demo/2021/zh.md", "\n## ", f"\n![a]({tmp_path}/secret.png) ![b](../../../../secret.png) "
         f"![c](file://{tmp_path}/secret.png)\n\n## ")
    validation, written = build(str(root / "content"), str(root / "site"), pdf=PdfOptions(), search=False,
                                cache=False)
    assert written, validation.diagnostics
    pdf = (root / "site/zh/demo/2021/demo-2021-zh.pdf").read_bytes()
    assert b"/Subtype /Image" not in pdf and b"/Subtype/Image" not in pdf
