"""The `govreport import` command: read, write, validate, print; exit codes decided here only."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import Diagnostic, format_text, printable
from ..load.paths import ORGAN_ID_TEXT, valid_organ_id
from . import write
from .run import acknowledgement, failing, read_source


def _shown(path: Path) -> str:
    """The source as diagnostics and `source.document` show it: relative to the working folder when inside it."""
    here = Path.cwd()
    absolute = path if path.is_absolute() else here / path
    return os.path.relpath(absolute, here) if absolute.is_relative_to(here) else str(path)


def _splits(items: list[str]) -> tuple[dict[str, str], list[Diagnostic]]:
    out: dict[str, str] = {}
    diags = []
    for item in items:
        key, sep, values = item.partition("=")
        shown = printable(item if len(item) <= 80 else f"{item[:40]}… ({len(item):,} characters)")
        if len(item) > 1000:  # a row has at most 15 cells of at most 15 digits
            diags.append(Diagnostic("error", "IMPORT_SPLIT_MISMATCH", f"--split is too long for a row: `{shown}`",
                                    "--split", hint="give the row's cells, e.g. --split t3.granted=27,0,0,2,0,1,30"))
            continue
        if not sep or not key.strip() or not values.strip():
            diags.append(Diagnostic("error", "IMPORT_SPLIT_MISMATCH", f"--split expects ROW=V1,V2,…, found `{shown}`",
                                    "--split", hint="e.g. --split t3.granted=27,0,0,2,0,1,30"))
            continue
        out[key.strip()] = values.strip()
    return out, diags


def run_import(args: argparse.Namespace) -> int:
    """Import one report; 0 when the files were written (validation findings are printed), 1 when nothing was."""
    if not valid_organ_id(args.organ):  # safety (issue 14): `--organ ../x` would write outside the content folder
        print(f"error: `{printable(args.organ[:80])}` is not an organ id: use {ORGAN_ID_TEXT}", file=sys.stderr)
        return 2
    content = Path(args.content)
    shown = _shown(Path(args.source))
    splits, problems = _splits(args.split)
    result = read_source(Path(args.source), shown, content, args.organ, args.year, force=args.force, splits=splits)
    result.diagnostics[:0] = problems
    for d in result.diagnostics:
        print(format_text(d), file=sys.stderr)
    if not result.ok or result.folder is None or result.fmt is None or result.extraction is None:
        print(f"import stopped: nothing was written to {content / args.organ / str(args.year)}/", file=sys.stderr)
        return 1
    write.write_report(result.folder, result.files)
    ext = result.extraction
    decided = ", ".join(f"{k} by {how}" for k, how in sorted(ext.decided.items()))
    print(f"imported {shown} (format {result.fmt.version}, {len(ext.cells)} cells"
          + (f"; {decided}" if decided else "") + f") → {result.folder}/report.yaml, zh.md", file=sys.stderr)
    return _after(content, args.organ, args.year, result)


def _after(content: Path, organ: str, year: int, result: object) -> int:
    from ..build.pipeline import check
    from .run import Imported

    assert isinstance(result, Imported) and result.fmt is not None and result.extraction is not None
    validation = check(str(content), model=False)
    prefix = str(Path(content, organ, str(year)))
    mine = [d for d in validation.diagnostics if d.file.startswith(prefix)]
    for d in mine:
        print(format_text(d), file=sys.stderr)
    failed = failing(result.fmt, result.extraction.cells)
    if failed:
        print(f"the published figures do not balance ({', '.join(failed)}); they were kept as published. If the "
              "original shows the same, add to report.yaml:", file=sys.stderr)
        print(acknowledgement(failed), file=sys.stderr)
    errors = sum(1 for d in mine if d.severity == "error")
    print(f"validation: {errors} errors, {len(mine) - errors} warnings in {prefix}/", file=sys.stderr)
    return 0
