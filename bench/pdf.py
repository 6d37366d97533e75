"""Benchmark of the PDF print version: seconds per PDF on one core (median); the sample built cold and cached."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build.pipeline import build, check  # noqa: E402
from generator.render.print import fonts, pdf  # noqa: E402
from generator.render.site import SiteRenderer  # noqa: E402
from generator.render.templates import Templates  # noqa: E402
from generator.render.view import charts_by_section  # noqa: E402


def per_pdf(content: Path) -> None:
    """Median seconds of one PDF (report × language, with its charts) in this process, no cache."""
    site = check(str(content)).site
    assert site is not None, "the content has errors"
    renderer = SiteRenderer(site, Templates())
    renderer.warm()
    fonts.system_fonts()
    tasks = [(o, r, lang, charts_by_section(r, lang)) for o in site.organs for r in o.reports
             for lang in site.languages]  # charts made (or read from their cache) before any timing
    organ, report, lang, charts = tasks[0]
    pdf.report_pdf(renderer, organ, report, lang, charts=charts)  # warm-up: fonts loaded, fontconfig ready
    times = []
    for organ, report, lang, charts in tasks:
        start = time.perf_counter()
        pdf.report_pdf(renderer, organ, report, lang, charts=charts)
        times.append(time.perf_counter() - start)
    print(f"pdf: {len(tasks)} PDFs ({len(site.reports())} reports x {len(site.languages)} languages, with charts), "
          f"one core: median {statistics.median(times):.2f} s per PDF (min {min(times):.2f}, max {max(times):.2f}; "
          f"target <= 0.5 s), {sum(times):.1f} s in all")


def whole_build(content: Path) -> None:
    """`govreport build` of the sample with PDFs (no search), on a cold PDF cache and then cached."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GOVREPORT_CACHE_DIR"] = str(Path(tmp) / "cache")
        build(str(content), str(Path(tmp) / "site"), search=False)  # charts into the new cache, not timed
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            _, written = build(str(content), str(Path(tmp) / "site"), search=False, pdf=pdf.PdfOptions())
            timings.append(time.perf_counter() - start)
            assert written is not None
        start = time.perf_counter()
        build(str(content), str(Path(tmp) / "site"), search=False)
        without = time.perf_counter() - start
        del os.environ["GOVREPORT_CACHE_DIR"]
    print(f"pdf: whole sample build with PDFs in {os.cpu_count()} processes: cold {timings[0]:.1f} s, cached "
          f"{timings[1]:.2f} s (without PDFs: {without:.2f} s)")


def bench_pdf(content: Path = ROOT / "content") -> None:
    """Print both figures."""
    per_pdf(content)
    whole_build(content)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("content", nargs="?", default=str(ROOT / "content"))
    bench_pdf(Path(p.parse_args().content))


if __name__ == "__main__":
    main()
