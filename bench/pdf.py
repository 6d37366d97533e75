"""Benchmark of the PDF print version: seconds per PDF on one core, Typst (the build's engine) against WeasyPrint
(the former one, bench/weasy.py) on the same reports in the same run; then the sample built cold and cached.

Each round runs in a fresh process pinned to one core: a warm-up on a document of its own (fonts loaded), then every
PDF (report × language, with its charts, no cache) once, so no PDF is timed on an engine that has made it before
(Typst memoizes: the same source again would take a millisecond). The figures per PDF are over the rounds."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
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

TARGET = 0.25  # seconds per PDF, median over the sample (issue 16)


def one_round(content: Path, engine: str) -> dict[str, float]:
    """Seconds of each PDF made once by `engine` in this process, pinned to one core."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    site = check(str(content)).site
    assert site is not None, "the content has errors"
    renderer = SiteRenderer(site, Templates())
    renderer.warm()
    fonts.system_fonts()
    tasks = [(o, r, lang, charts_by_section(r, lang)) for o in site.organs for r in o.reports
             for lang in site.languages]  # charts made (or read from their cache) before any timing
    if engine == "typst":
        pdf._typst('#set text(font: "Noto Sans CJK SC")\n政府信息公开 2021 warm-up', False, ())

        def make(organ, report, lang, charts):  # type: ignore[no-untyped-def]
            return pdf.report_pdf(renderer, organ, report, lang, charts=charts)
    else:
        import weasy  # bench/weasy.py

        weasy.warm_up()

        def make(organ, report, lang, charts):  # type: ignore[no-untyped-def]
            return weasy.weasyprint_pdf(renderer, organ, report, lang, charts)
    times = {}
    for organ, report, lang, charts in tasks:
        start = time.perf_counter()
        make(organ, report, lang, charts)
        times[f"{organ.id}-{report.year}-{lang}"] = time.perf_counter() - start
    return times


def rounds(content: Path, engine: str, n: int) -> dict[str, list[float]]:
    """`n` rounds of `engine`, each in a fresh process: PDF → its times."""
    out: dict[str, list[float]] = {}
    for _ in range(n):
        done = subprocess.run([sys.executable, __file__, str(content), "--round", engine], check=True,
                              capture_output=True, text=True, cwd=ROOT)
        for name, seconds in json.loads(done.stdout.splitlines()[-1]).items():
            out.setdefault(name, []).append(seconds)
    return out


def per_pdf(content: Path, n: int) -> None:
    """Median, min and max seconds per PDF of each engine, and their paired ratio; the target on Typst's median."""
    engines: dict[str, dict[str, list[float]]] = {}
    for i in range(n):  # the engines' rounds interleaved, so that a busy machine slows both alike
        for engine in ("typst", "weasyprint"):
            for name, times in rounds(content, engine, 1).items():
                engines.setdefault(engine, {}).setdefault(name, []).extend(times)
        print(f"  round {i + 1} of {n} done", file=sys.stderr)
    ty, wp = engines["typst"], engines["weasyprint"]
    print(f"pdf: seconds per PDF on one core, median (min-max) of {n} rounds, each a fresh process; no cache")
    print(f"  {'PDF':<26} {'Typst':>20} {'WeasyPrint':>20} {'Typst/WeasyPrint':>17}")
    ratios = []
    for name in ty:
        a, b = statistics.median(ty[name]), statistics.median(wp[name])
        ratios.append(a / b)
        print(f"  {name:<26} {a:6.3f} ({min(ty[name]):.3f}-{max(ty[name]):.3f}) "
              f"{b:6.3f} ({min(wp[name]):.3f}-{max(wp[name]):.3f}) {a / b:17.3f}")
    med_ty = statistics.median(statistics.median(t) for t in ty.values())
    med_wp = statistics.median(statistics.median(t) for t in wp.values())
    print(f"  median over the {len(ty)} PDFs: Typst {med_ty:.3f} s (target <= {TARGET} s: "
          f"{'holds' if med_ty <= TARGET else 'MISSED'}), WeasyPrint {med_wp:.3f} s; paired ratio Typst/WeasyPrint: "
          f"median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}), "
          f"{1 / statistics.median(ratios):.1f}x faster")


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


def bench_pdf(content: Path = ROOT / "content", n: int = 3) -> None:
    """Print both figures."""
    per_pdf(content, n)
    whole_build(content)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("content", nargs="?", default=str(ROOT / "content"))
    p.add_argument("--rounds", type=int, default=3, help="fresh processes per engine (default 3)")
    p.add_argument("--round", choices=("typst", "weasyprint"), help=argparse.SUPPRESS)  # one round, as JSON
    p.add_argument("--no-build", action="store_true", help="per-PDF figures only, not the whole sample build")
    args = p.parse_args()
    if args.round:
        print(json.dumps(one_round(Path(args.content), args.round)))
    elif args.no_build:
        per_pdf(Path(args.content), args.rounds)
    else:
        bench_pdf(Path(args.content), args.rounds)


if __name__ == "__main__":
    main()
