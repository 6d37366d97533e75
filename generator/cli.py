"""The `govreport` command line: parse arguments, run a stage, turn diagnostics into exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .errors import format_json, format_text, summary_line


def _validate(args: argparse.Namespace) -> int:
    from .build import check

    result = check(args.content, model=False)
    if args.format == "json":
        print(format_json(result.diagnostics, result.report_count))
    else:
        for d in result.diagnostics:
            print(format_text(d))
        print(summary_line(result.diagnostics, result.report_count))
    if result.errors or (args.strict and result.diagnostics):
        return 1
    return 0


def _build(args: argparse.Namespace) -> int:
    from .build import build

    result, written = build(args.content, args.output)
    for d in result.diagnostics:
        print(format_text(d), file=sys.stderr)
    print(summary_line(result.diagnostics, result.report_count), file=sys.stderr)
    if written is None:
        print(f"build stopped: {args.output}/ was left as it was", file=sys.stderr)
        return 1
    print(f"wrote {written} files to {args.output}/", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (also used to generate the CLI reference)."""
    p = argparse.ArgumentParser(prog="govreport", description="Annual reports on government information "
                                "disclosure (政府信息公开工作年度报告) from YAML and Markdown.")
    p.add_argument("--version", action="version", version=f"govreport {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the content and print every problem")
    v.add_argument("content", nargs="?", default="content", help="content folder (default: content)")
    v.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    v.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    v.set_defaults(run=_validate)
    b = sub.add_parser("build", help="validate, then build the site")
    b.add_argument("content", nargs="?", default="content", help="content folder (default: content)")
    b.add_argument("-o", "--output", default="site", help="output folder (default: site)")
    b.set_defaults(run=_build)
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
