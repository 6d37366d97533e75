"""Benchmarks (`make bench`): validation of a generated corpus of 1,000 reports. Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hugo import hugo_seconds, hugo_site, hugo_version  # noqa: E402

from generator.build.pipeline import check  # noqa: E402
from generator.load.content import load  # noqa: E402

SAMPLE = ROOT / "content"
TEMPLATES = [("pingtan", 2021), ("pingtan", 2022), ("pingtan", 2025)]


def make_corpus(out: Path, reports: int, seed: int = 1) -> Path:
    """Write `reports` consistent reports (from the sample, figures rescaled) over reports/10 organs."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(SAMPLE / "site.yaml", out / "site.yaml")
    sources = []
    for organ, year in TEMPLATES:
        folder = SAMPLE / organ / str(year)
        sources.append((yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8")),
                        (folder / "zh.md").read_text(encoding="utf-8"),
                        (folder / "en.md").read_text(encoding="utf-8")))
    organs = max(1, reports // 10)
    for n in range(reports):
        organ = f"organ-{n % organs:04d}"
        year = 2021 + n // organs
        odir = out / organ
        if not odir.exists():
            odir.mkdir()
            organ_yaml = f"name: {{zh: 示例机关{n % organs}, en: Demo organ {n % organs}}}\nkind: government\n"
            (odir / "organ.yaml").write_text(organ_yaml, encoding="utf-8")
        doc, zh, en = sources[rng.randrange(len(sources))]
        doc = dict(doc)
        doc["published"] = datetime.date(year + 1, 3, 1)
        scale = rng.randint(1, 5)
        tables = {t: {r: {c: (v * scale if isinstance(v, int) and not isinstance(v, bool) else v)
                          for c, v in cols.items()} for r, cols in rows.items()}
                  for t, rows in doc["tables"].items()}
        doc["tables"] = tables
        doc.pop("acknowledged", None)
        rdir = odir / str(year)
        rdir.mkdir()
        (rdir / "report.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False,
                                                         default_flow_style=None), encoding="utf-8")
        # every narrative different, as in real life: no cache can serve one report's text to another
        (rdir / "zh.md").write_text(zh.replace("。", f"。（编号{n}）", 3), encoding="utf-8")
        (rdir / "en.md").write_text(en.replace(". ", f" (no. {n}). ", 3), encoding="utf-8")
    return out


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def build_memory(corpus: Path, out: Path) -> float:
    """Peak resident memory (MiB) of the largest process of a `govreport build` run as a command of its own."""
    import subprocess

    # measured by a fresh wrapper process: this one's earlier worker processes would count too
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")  # KiB on Linux
    command = [sys.executable, "-m", "generator", "build", str(corpus), "-o", str(out), "--no-search", "--no-cache",
               "--no-pdf"]
    done = subprocess.run([sys.executable, "-c", wrapper, *command], check=True, capture_output=True, text=True,
                          cwd=ROOT)
    return int(done.stdout.strip()) / 1024


def bench_build(corpus: Path, runs: int) -> None:
    """Full build of the HTML (search index off) and a one-report edit through the incremental builder."""
    from generator.build.incremental import Builder
    from generator.build.pipeline import build

    out = ROOT / "bench" / "site"
    import os
    import tempfile

    def settle() -> float:
        """Wait for the previous site's background removal (see write.remove_later); returns the seconds waited."""
        start = time.perf_counter()
        while list(out.parent.glob(f".{out.name}.old-*")):
            time.sleep(0.01)
        return time.perf_counter() - start

    project = ROOT / "bench" / "hugo"
    hugo_pages = hugo_site(corpus, project)
    hugo_missing = ""

    def hugo_once() -> float | None:
        """One Hugo build of the same pages (None without Hugo)."""
        nonlocal hugo_missing
        if hugo_missing:
            return None
        try:
            return hugo_seconds(project, 1)[0]
        except RuntimeError as exc:
            hugo_missing = str(exc)
            return None

    def timed(fn: object, n: int) -> tuple[list[float], list[float], list[float]]:
        """Seconds of each of `n` runs, each started on an idle machine and paired with a Hugo build run just
        before it (the machine's speed drifts: a ratio within a pair is steadier than a ratio of bests); the
        removal that followed each; and each pair's ratio (govreport/Hugo)."""
        times, removals, ratios = [], [], []
        for _ in range(n):
            settle()
            hugo = hugo_once()
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
            removals.append(settle())
            if hugo:
                ratios.append(times[-1] / hugo)
                hugos.append(hugo)
        return times, removals, ratios

    hugos: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:  # a cache store of its own
        os.environ["GOVREPORT_CACHE_DIR"] = str(Path(tmp) / "cache")
        (Path(tmp) / "cache").mkdir()
        store = Path(tmp) / "cache"

        def rendered() -> None:  # every organ validated, every page rendered and every chart drawn
            for kind in ("check", "pages"):
                shutil.rmtree(store / kind, ignore_errors=True)
            build(str(corpus), str(out), search=False)

        cold, _, cold_ratios = timed(rendered, runs)
        no_cache, _, no_cache_ratios = timed(lambda: build(str(corpus), str(out), search=False, cache=False), runs)
        settle()
        start = time.perf_counter()
        result, written = build(str(corpus), str(out), search=False)
        filling = time.perf_counter() - start
        warm, removals, warm_ratios = timed(lambda: build(str(corpus), str(out), search=False), max(5, runs))
        target = corpus / "organ-0007" / "2023" / "zh.md"

        def edit_and_build() -> None:
            target.write_text(target.read_text(encoding="utf-8") + "\n构建前修改。\n", encoding="utf-8")
            build(str(corpus), str(out), search=False)

        edited, _, edited_ratios = timed(edit_and_build, max(5, runs))
        del os.environ["GOVREPORT_CACHE_DIR"]
    pages = sum(1 for _ in out.rglob("index.html"))
    reports = sum(1 for p in (out / "zh").glob("organ-*/*/index.html") if p.parent.name.isdigit()) * 2
    print(f"build: {written} files ({reports} report pages, {pages} pages in all; validation included, no search, "
          f"no PDF; target: 2,000 report pages <= 3 s):")
    print(f"  every page rendered (empty page and validation caches; every chart drawn): {min(cold):.2f} s best, "
          f"{statistics.median(cold):.2f} s median of {runs}, {reports / min(cold):,.0f} report pages/s")
    print(f"  --no-cache (nothing read from the cache): {min(no_cache):.2f} s best, "
          f"{statistics.median(no_cache):.2f} s median of {runs}")
    print(f"  filling empty caches: {filling:.2f} s")
    print(f"  unchanged content, pages read from the cache: {min(warm):.2f} s best, {statistics.median(warm):.2f} s "
          f"median of {len(warm)}; the old site's removal then takes {statistics.median(removals):.2f} s more in a "
          "background process")
    print(f"  one report edited, then `build`: {min(edited):.2f} s best, {statistics.median(edited):.2f} s median "
          f"of {len(edited)}")
    print(f"  peak memory of `govreport build --no-cache --no-pdf` (its largest process): "
          f"{build_memory(corpus, out):.0f} MiB")
    if hugo_missing:
        print(f"  Hugo: {hugo_missing}")
    else:
        def ratio(r: list[float]) -> str:
            return f"{statistics.median(r):.2f}x (pairs {min(r):.2f}-{max(r):.2f})"

        print(f"Hugo {hugo_version()} on the same {hugo_pages} report pages (narratives and tables): "
              f"{min(hugos):.2f} s best, {statistics.median(hugos):.2f} s median of {len(hugos)}, one run before each "
              "govreport run; govreport/Hugo, median of the paired ratios:")
        print(f"  cold: every page rendered {ratio(cold_ratios)}, --no-cache {ratio(no_cache_ratios)} "
              "(target: <= 1.0x)")
        print(f"  warm (unchanged content) {ratio(warm_ratios)}; after one edit {ratio(edited_ratios)}")
    builder = Builder(str(corpus), str(out))
    start = time.perf_counter()
    builder.rebuild()
    first = time.perf_counter() - start
    edits = []
    for i in range(max(5, runs)):
        target.write_text(target.read_text(encoding="utf-8") + f"\n本次修改{i}。\n", encoding="utf-8")
        start = time.perf_counter()
        result, written = builder.rebuild()
        edits.append(time.perf_counter() - start)
        assert result.site is not None and written >= 1
    print(f"serve (incremental): first build with search index {first:.2f} s; one-report edit rebuilt in "
          f"{min(edits):.3f} s best, "
          f"{statistics.median(edits):.3f} s median, {max(edits):.3f} s worst (of {len(edits)} edits, "
          f"{written} files rewritten; target <= 0.3 s)")


def bench_charts(runs: int) -> None:
    """Chart cost on the sample reports: every chart of every report page in both languages drawn again."""
    from generator.render.charts import metrics
    from generator.render.charts.report import report_charts

    site = check(str(SAMPLE)).site
    assert site is not None
    reports = site.reports()
    start = time.perf_counter()
    metrics.warm()
    font = time.perf_counter() - start
    count = sum(len(report_charts(r, lang)) for r in reports for lang in site.languages)
    seconds = best_of(runs, lambda: [report_charts(r, lang) for r in reports for lang in site.languages])
    print(f"charts: {count} charts on the pages of {len(reports)} sample reports in {len(site.languages)} languages "
          f"drawn in {1000 * seconds:.1f} ms ({1000 * seconds / count:.2f} ms per chart, best of {runs}); the font's "
          f"metrics read once per process in {font:.2f} s")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--reports", type=int, default=1000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--skip-build", action="store_true", help="validation figures only")
    p.add_argument("--skip-pdf", action="store_true", help="no PDF figures (they take a minute)")
    args = p.parse_args()
    corpus = make_corpus(ROOT / "bench" / "corpus", args.reports)
    result = check(str(corpus))
    errors = [d for d in result.diagnostics if d.severity == "error"]
    notes = sum(1 for d in result.diagnostics if d.severity == "note")
    print(f"corpus: {result.report_count} reports, {len(errors)} errors, "
          f"{len(result.diagnostics) - len(errors) - notes} warnings, {notes} notes")
    if errors:
        print("\n".join(f"  {e.file}:{e.line}: {e.code} {e.message}" for e in errors[:5]))
    t_load = best_of(args.runs, lambda: load(str(corpus)))
    t_total = best_of(args.runs, lambda: check(str(corpus), model=False))
    t_model = best_of(args.runs, lambda: check(str(corpus)))
    t_seq = best_of(args.runs, lambda: check(str(corpus), jobs=1, model=False))
    tracemalloc.start()
    check(str(corpus))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    n = result.report_count
    print(f"`govreport validate` of {n} reports (best of {args.runs}): {t_total:.3f} s, {n / t_total:,.0f} reports/s "
          "(target: <= 1 s)")
    print(f"  one process: {t_seq:.3f} s (load {t_load:.3f} s + checks {t_seq - t_load:.3f} s); with the model "
          f"sent back "
          f"for a build: {t_model:.3f} s; peak traced memory of the main process {peak / 2**20:.1f} MiB")
    if not args.skip_build:
        bench_build(corpus, max(1, args.runs // 2))
        from stages import profile_build  # bench/stages.py

        profile_build(corpus, ROOT / "bench" / "site-profile")
    if not args.skip_pdf:
        from pdf import bench_pdf  # bench/pdf.py

        bench_pdf()
    bench_charts(args.runs)


if __name__ == "__main__":
    main()
