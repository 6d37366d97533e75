"""Benchmark of the PDF print version: seconds per report on one core (median), the whole sample cold and cached."""

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

from generator import pdf  # noqa: E402
from generator.build import check  # noqa: E402
from generator.render import SiteRenderer  # noqa: E402


def _charts(renderer: SiteRenderer) -> dict[tuple[str, int, str], pdf.Charts]:
    """The charts of every report page (as the site shows them), made before any timing."""
    try:
        from generator.charts import report_charts
    except ImportError:
        return {}
    out: dict[tuple[str, int, str], pdf.Charts] = {}
    for organ in renderer.site.organs:
        for report in organ.reports:
            for lang in renderer.site.languages:
                by_section: dict[str, list[str | pdf.PrintChart]] = {}
                for chart in report_charts(report, lang):
                    by_section.setdefault(chart.section, []).append(chart)
                out[(organ.id, report.year, lang)] = by_section
    return out


def bench_pdf(content: Path = ROOT / "content", jobs: int | None = None, charts: bool = True) -> None:
    """Print seconds per report-language (median on one core) and for the whole sample, cold and cached."""
    site = check(str(content)).site
    assert site is not None, "the content has errors"
    renderer = SiteRenderer(site)
    renderer.warm()
    pdf.system_fonts()
    chart_sets = _charts(renderer) if charts else {}
    tasks = [pdf.PdfTask(o.id, r.year, lang, chart_sets.get((o.id, r.year, lang), {}))
             for o in site.organs for r in o.reports for lang in site.languages]
    first = tasks[0]
    organ = next(o for o in site.organs if o.id == first.organ)
    pdf.report_pdf(renderer, organ, organ.reports[0], first.lang)  # warm-up: fonts loaded, fontconfig ready
    times = []
    for task in tasks:
        organ = next(o for o in site.organs if o.id == task.organ)
        report = next(r for r in organ.reports if r.year == task.year)
        start = time.perf_counter()
        pdf.report_pdf(renderer, organ, report, task.lang, charts=task.charts or None)
        times.append(time.perf_counter() - start)
    print(f"pdf: {len(tasks)} PDFs ({len(site.reports())} reports x {len(site.languages)} languages"
          f"{', with charts' if chart_sets else ''}), one core: median {statistics.median(times):.2f} s per PDF "
          f"(min {min(times):.2f}, max {max(times):.2f}; target <= 0.5 s), {sum(times):.1f} s in all")
    jobs = jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        cache = pdf.PdfCache(tmp)
        start = time.perf_counter()
        pdf.render_pdfs(renderer, tasks, jobs=jobs, cache=cache)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        pdf.render_pdfs(renderer, tasks, jobs=jobs, cache=cache)
        cached = time.perf_counter() - start
    print(f"pdf: whole sample in {jobs} processes: cold {cold:.1f} s, cached {cached:.2f} s "
          f"({cached / len(tasks) * 1000:.0f} ms per PDF: print HTML + hash + read)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("content", nargs="?", default=str(ROOT / "content"))
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--no-charts", action="store_true")
    args = p.parse_args()
    bench_pdf(Path(args.content), args.jobs, not args.no_charts)


if __name__ == "__main__":
    main()
