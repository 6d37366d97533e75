"""Build the authors' handbook with MkDocs: OUT/zh/, OUT/en/ and OUT/index.html, swapped in when both are built.

Usage: python docs/build_handbook.py [OUT] [--strict]      (OUT defaults to build/handbook)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
LANGUAGES = ("zh", "en")  # zh first: it is the primary language
# MkDocs files of no use here: 404.html links from the server root (wrong under a subpath and on file://);
# the gzipped sitemap carries the build date (sitemap.xml stays: the language selector reads it).
DROPPED = ("404.html", "sitemap.xml.gz")

INDEX = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url=zh/index.html">
<title>govreport 编写手册 · Authors' handbook</title>
</head>
<body>
<p><a href="zh/index.html" hreflang="zh" lang="zh">govreport 编写手册（中文）</a></p>
<p><a href="en/index.html" hreflang="en" lang="en">govreport authors' handbook (English)</a></p>
</body>
</html>
"""


class HandbookError(Exception):
    """MkDocs failed (in strict mode: warned); the message has its warnings and errors."""


def build(out: Path, *, strict: bool = False) -> None:
    """Build both languages into a new folder next to `out`, then replace `out` with it (nothing on failure)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for lang in LANGUAGES:
            cmd = [sys.executable, "-m", "mkdocs", "build", "-f", f"mkdocs.{lang}.yml", "-d", str(tmp / lang)]
            if strict:
                cmd.append("--strict")
            proc = subprocess.run(cmd, cwd=DOCS, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                log = "\n".join(line for line in (proc.stdout + proc.stderr).splitlines()
                                if "WARNING" in line or "ERROR" in line or "Error" in line or "Aborted" in line)
                raise HandbookError(f"mkdocs build of the {lang} handbook failed (exit {proc.returncode}):\n"
                                    f"{log or proc.stderr}")
            for name in DROPPED:
                (tmp / lang / name).unlink(missing_ok=True)
        (tmp / "index.html").write_text(INDEX, encoding="utf-8")
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            out.rename(old / "handbook")
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def main() -> int:
    """Command line: build the handbook, in strict mode on request (warnings are errors)."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", nargs="?", default="build/handbook", type=Path)
    p.add_argument("--strict", action="store_true", help="fail on any MkDocs warning")
    args = p.parse_args()
    try:
        build(args.out, strict=args.strict)
    except HandbookError as exc:
        print(f"handbook not built: {exc}", file=sys.stderr)
        return 1
    print(f"handbook written to {args.out}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
