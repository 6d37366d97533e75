"""The same report pages built by Hugo (Debian's `hugo`), for a paired comparison in `make bench`.

Each report and language becomes one Hugo page: its narrative (figure references replaced by the figures) and its
statutory tables as Markdown tables of every cell, under a one-file layout. That is the work a report page is made
of, without what Hugo has no notion of (validation, charts, cross-year checks, open data).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import yaml

_REF = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
LAYOUT = ("<!doctype html><html lang=\"{{ .Lang }}\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>"
          "<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n")
LIST = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>"
        "{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")


def _cells(tables: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for key, value in tables.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        out.extend(_cells(value, path) if isinstance(value, dict) else [(path, value)])
    return out


def hugo_site(corpus: Path, out: Path) -> int:
    """Write a Hugo project of every report of `corpus` (both languages) into `out`; returns the page count."""
    if out.exists():
        shutil.rmtree(out)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "layouts" / "_default" / "single.html").write_text(LAYOUT, encoding="utf-8")
    (out / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (out / "hugo.toml").write_text('baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
                                   'defaultContentLanguage = "zh"\n[languages.zh]\nweight = 1\n'
                                   '[languages.en]\nweight = 2\n', encoding="utf-8")
    pages = 0
    for report in sorted(corpus.glob("*/*/report.yaml")):
        data = yaml.safe_load(report.read_text(encoding="utf-8"))
        cells = _cells(data.get("tables") or {})
        values = dict(cells)
        table = "| cell | value |\n|---|---|\n" + "".join(f"| {k} | {'' if v is None else v} |\n" for k, v in cells)
        for lang in ("zh", "en"):
            md = report.parent / f"{lang}.md"
            text = md.read_text(encoding="utf-8") if md.exists() else ""
            body = _REF.sub(lambda m, v=values: str(v.get(m.group(1), m.group(0))), text)
            page = out / "content" / report.parent.parent.name / f"{report.parent.name}.{lang}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            title = f"{report.parent.parent.name} {report.parent.name}"
            page.write_text(f'---\ntitle: "{title}"\n---\n\n{body}\n\n{table}', encoding="utf-8")
            pages += 1
    return pages


def hugo_seconds(project: Path, runs: int) -> list[float]:
    """Seconds of each of `runs` Hugo builds of `project` (each into an empty folder)."""
    if shutil.which("hugo") is None:
        raise RuntimeError("hugo is not installed: apt-get install hugo")
    times = []
    for _ in range(runs):
        public = project / "public"
        shutil.rmtree(public, ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(["hugo", "--source", str(project), "--destination", str(public), "--quiet"], check=True)
        times.append(time.perf_counter() - start)
    return times


def hugo_version() -> str:
    """`hugo version`, shortened: `v0.111.3`."""
    text = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"v[0-9][0-9.]*", text)
    return found.group(0) if found else "?"
