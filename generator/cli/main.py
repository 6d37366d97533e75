"""The `govreport` command line: parse arguments, run a stage, turn diagnostics into exit codes."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import PACKAGE, TEMPLATES, __version__
from generator.check.site import Validation
from generator.errors import (
    PdfError,
    PdfFontError,
    TemplateError,
    format_json,
    format_text,
    printable,
    summary_line,
)
from generator.load.paths import ORGAN_ID_TEXT, valid_organ_id
from generator.render.charts.font import ChartFontError
from generator.write.guard import MARKER, UnsafeOutput, check_output
from generator.write.writer import OutputError

if TYPE_CHECKING:
    from generator.render.print.pdf import PdfOptions


def _print_diagnostics(result: Validation) -> None:
    for d in result.diagnostics:
        print(format_text(d), file=sys.stderr)
    print(summary_line(result.diagnostics, result.report_count), file=sys.stderr)


def _font_error(exc: ChartFontError) -> None:
    print(f"error[CHART_FONT]: {exc}\n  hint: {exc.hint}", file=sys.stderr)


def _template_error(exc: TemplateError) -> None:
    where = f"{printable(exc.where)}: " if exc.where else ""
    hint = ("fix it in your templates folder (--templates), or remove the file to use the built-in template"
            if exc.own else "a built-in template failed: please report this message")
    print(f"{where}error[TEMPLATE]: {printable(exc.message)}\n  hint: {hint}", file=sys.stderr)


def _pdf_options(args: argparse.Namespace, wanted: bool) -> PdfOptions | None:
    """The print-version options of `build`/`serve`, or None when no PDF is wanted."""
    if not wanted:
        return None
    from generator.render.print.pdf import PdfOptions  # the print version is loaded only when PDFs are made

    return PdfOptions(args.fonts, args.official, args.pdfa)


def _pdf_error(exc: PdfError) -> None:
    if isinstance(exc, PdfFontError):
        where = f"{exc.where}: " if exc.where else ""
        print(f"{where}error[PDF_FONT]: {exc.message}\n  hint: add a font that has it to a folder and pass "
              "`--fonts DIR`, or change the text", file=sys.stderr)
    else:
        print(f"error[PDF_LIBRARY]: {exc}\n  hint: install the missing package (`make system`), or build with "
              "`--no-pdf`", file=sys.stderr)


def _refused(args: argparse.Namespace) -> int | None:
    """Exit 2 when the output folder is, holds or lies in something that is not a site govreport built."""
    cache = os.environ.get("GOVREPORT_CACHE_DIR") or ".govreport-cache"
    protected = [("content folder", args.content), ("templates folder", args.templates),
                 ("built-in templates", TEMPLATES), ("generator's code", PACKAGE), ("cache folder", cache),
                 ("handbook", args.handbook), ("fonts folder", getattr(args, "fonts", None))]
    try:
        check_output(args.output, protected)
    except UnsafeOutput as exc:
        print(f"error[UNSAFE_OUTPUT]: refusing to write the site there: {printable(str(exc))}\n  hint: pass a new "
              f"folder with -o, e.g. `-o site`; an existing folder is replaced only when govreport built it ({MARKER})",
              file=sys.stderr)
        return 2
    return None


def _write_error(exc: OSError | OutputError, output: str) -> int:
    where = exc.filename if isinstance(exc, OSError) and exc.filename else output
    why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    print(f"error[WRITE]: cannot write {printable(str(where))}: {printable(why)}\n  hint: check that the disk has "
          f"room and that the folder is writable\nbuild stopped: {output}/ was left as it was", file=sys.stderr)
    return 1


def _interactive() -> bool:
    """Progress lines only for a person at a terminal, never in CI logs."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def _validate(args: argparse.Namespace) -> int:
    from generator.build.pipeline import check

    result = check(args.content, model=False)
    if args.format == "json":
        print(format_json(result.diagnostics, result.report_count))
    else:
        for d in result.diagnostics:
            print(format_text(d))
        print(summary_line(result.diagnostics, result.report_count))
    if result.errors or (args.strict and any(d.severity == "warning" for d in result.diagnostics)):
        return 1
    return 0


def _build(args: argparse.Namespace) -> int:
    from generator.build.pipeline import build

    if (refused := _refused(args)) is not None:
        return refused
    start = time.perf_counter()

    def progress(stage: str) -> None:
        if _interactive():  # a person at a terminal sees the stages; CI logs stay quiet
            print(f"  {time.perf_counter() - start:5.1f} s  {stage} …", file=sys.stderr, flush=True)

    try:
        result, written = build(args.content, args.output, args.templates, search=not args.no_search,
                                pdf=_pdf_options(args, not args.no_pdf), cache=not args.no_cache, progress=progress,
                                handbook=args.handbook)
    except (ChartFontError, PdfError, TemplateError) as exc:
        if isinstance(exc, TemplateError):
            _template_error(exc)
        else:
            _font_error(exc) if isinstance(exc, ChartFontError) else _pdf_error(exc)
        print(f"build stopped: {args.output}/ was left as it was", file=sys.stderr)
        return 1
    except (OSError, OutputError) as exc:
        return _write_error(exc, args.output)
    _print_diagnostics(result)
    if written is None:
        print(f"build stopped: {args.output}/ was left as it was", file=sys.stderr)
        return 1
    print(f"wrote {written} files to {args.output}/ in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from generator.cli.serve import serve

    if (refused := _refused(args)) is not None:
        return refused
    def report(result: Validation, written: int, seconds: float) -> None:
        _print_diagnostics(result)
        state = f"updated {written} files" if result.site is not None else "not rebuilt (errors above)"
        print(f"[{time.strftime('%H:%M:%S')}] {state} in {seconds:.2f} s", file=sys.stderr, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        try:
            serve(args.content, args.output, args.host, args.port, args.templates, report,
                  pdf=_pdf_options(args, args.pdf), handbook=args.handbook)
        except ChartFontError as exc:
            _font_error(exc)
            return 1
        except PdfError as exc:
            _pdf_error(exc)
            return 1
        except TemplateError as exc:
            _template_error(exc)
            return 1
        except OSError as exc:
            if exc.filename is None:  # the address: a port in use, a host that is not this machine's
                print(f"error: cannot serve at {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
                return 1
            return _write_error(exc, args.output)
        except OutputError as exc:
            return _write_error(exc, args.output)
    return 0


def _pdf_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fonts", type=Path, default=None, metavar="DIR",
                   help="folder of extra fonts for the PDFs (e.g. licensed 仿宋_GB2312, 方正小标宋)")
    p.add_argument("--official", action="store_true",
                   help="PDFs in the official-document style (GB/T 9704-like; needs those fonts in --fonts)")
    p.add_argument("--pdfa", action="store_true", help="PDF/A-3b with tags (archival, accessible)")


def _import(args: argparse.Namespace) -> int:
    from generator.importer.cli import run_import

    return run_import(args)


def _new(args: argparse.Namespace) -> int:
    from generator.cli.scaffold import ScaffoldError, new_report

    try:
        done = new_report(args.content, args.organ, args.year)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created {done.folder}/: {', '.join(done.files)}")
    if done.previous is None:
        print(f"no {args.year - 1} report of `{args.organ}`: every figure is blank")
    else:
        print(f"from the {done.previous} report: {len(done.prefilled)} cells prefilled by the format's chains "
              f"(上年结转 = 结转下年度 …), {done.highlights} highlights with last year's value as `previous`")
    print(f"next: fill in the blanks (null) and the narrative, then `govreport validate {args.content}`")
    return 0


def _organ_id(value: str) -> str:
    """An organ id as `import --organ` and `new` take it: a folder name of the content folder, nothing more."""
    if not valid_organ_id(value):
        raise argparse.ArgumentTypeError(f"`{printable(value[:80])}` is not an organ id: use {ORGAN_ID_TEXT}")
    return value


def _content_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("content", nargs="?", default="content", help="content folder (default: content)")


def _handbook_dir(value: str) -> Path:
    """A built handbook: the folder `make docs` writes (with index.html)."""
    folder = Path(value)
    if not (folder / "index.html").is_file():
        raise argparse.ArgumentTypeError(f"{value} is not a built handbook (no index.html); run `make docs` first")
    return folder


def _site_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default="site", help="output folder (default: site)")
    p.add_argument("--templates", type=Path, default=None, metavar="DIR",
                   help="your own templates and static files, searched before the built-in ones")
    p.add_argument("--handbook", type=_handbook_dir, default=None, metavar="DIR",
                   help="a built authors' handbook (make docs), copied to handbook/ (serve links it from every footer)")


def parser() -> argparse.ArgumentParser:
    """The argument parser (also used to generate the CLI reference)."""
    p = argparse.ArgumentParser(prog="govreport", description="Annual reports on government information "
                                "disclosure (政府信息公开工作年度报告) from YAML and Markdown.")
    p.add_argument("--version", action="version", version=f"govreport {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the content and print every problem")
    _content_arg(v)
    v.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    v.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    v.set_defaults(run=_validate)
    b = sub.add_parser("build", help="validate, then build the site")
    _content_arg(b)
    _site_args(b)
    b.add_argument("--no-search", action="store_true", help="skip the search index (faster drafts)")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF print versions (faster drafts)")
    b.add_argument("--no-cache", action="store_true",
                   help="validate and render everything again instead of reading unchanged results from "
                        ".govreport-cache/")
    _pdf_args(b)
    b.set_defaults(run=_build)
    s = sub.add_parser("serve", help="build, serve the site locally and rebuild on every change")
    _content_arg(s)
    _site_args(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    s.add_argument("--pdf", action="store_true",
                   help="make the PDF print versions too (an edited report then takes seconds, not a blink)")
    _pdf_args(s)
    s.set_defaults(run=_serve)
    i = sub.add_parser("import", help="read a published report page (HTML or text) into report.yaml + zh.md")
    i.add_argument("source", type=Path, help="the report page: .html/.htm, or text (UTF-8, GB18030/GBK or Big5)")
    i.add_argument("--organ", required=True, type=_organ_id,
                   help="id of the organ (a folder of CONTENT with organ.yaml)")
    i.add_argument("--year", required=True, type=int, help="the reporting year (the folder name)")
    i.add_argument("--content", default="content", help="content folder (default: content)")
    i.add_argument("--force", action="store_true", help="replace an existing report.yaml and zh.md")
    i.add_argument("--split", action="append", default=[], metavar="ROW=V1,V2,…",
                   help="the cells of a row whose run-together digits are ambiguous, e.g. t3.granted=27,0,0,2,0,1,30")
    i.set_defaults(run=_import)
    n = sub.add_parser("new", help="scaffold next year's report of an organ from last year's")
    n.add_argument("organ", type=_organ_id, help="the organ's folder name")
    n.add_argument("year", type=int, help="the year the new report is on")
    n.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    n.set_defaults(run=_new)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `govreport` console script."""
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
