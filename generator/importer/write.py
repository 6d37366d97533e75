"""report.yaml and zh.md of an imported report, written atomically; existing content is kept unless forced."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from ..formats import Format
from . import reflow
from .split import Cell, Value

FILES = ("report.yaml", "zh.md")
_SUBHEAD = re.compile(r"(?<=[。；;：:！？\s])(?=（[一二三四五六七八九十]{1,3}）)")


def _scalar(value: Value) -> str:
    if value is None:
        return "null"
    if isinstance(value, int | Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def report_yaml(fmt: Format, cells: Mapping[str, Cell], *, title: str, published: dt.date | None, document: str,
                url: str | None) -> str:
    """The figures in the content format: one flow mapping per row, blanks as null, notes beside."""
    out = [f"# {title} — figures imported by `govreport import` from {document}.",
           "# Numbers are as published: a discrepancy of the original is acknowledged, never corrected.",
           f'format: "{fmt.version}"']
    if published is not None:
        out.append(f"published: {published.isoformat()}")
    else:
        out.append("# published: YYYY-MM-DD  (the page shows no publication date)")
    out.append("source:")
    out.append(f"  document: {_quote(document)}")
    if url:
        out.append(f"  url: {_quote(url)}")
    out.append("  note: imported by govreport import")
    out.append("")
    out.append("tables:")
    for tid, table in fmt.tables.items():
        out.append(f"  {tid}:")
        for row in table.rows:
            pairs = ", ".join(f"{col.id}: {_scalar(cells[cid].value)}" for col, cid in table.row_cells[row.id])
            out.append(f"    {row.id}: {{{pairs}}}")
    notes = [(cid, c.note) for cid, c in cells.items() if c.note]
    if notes:
        out.append("")
        out.append("notes:")
        for cid, note in notes:
            out.append(f"  {cid}: {{zh: {_quote(note)}, en: {_quote(note + ' (as printed)')}}}")
    return "\n".join(out) + "\n"


def _paragraphs(text: str, width: int = 0) -> str:
    text = text.replace("{{", "{\u200b{")
    paras = []
    lines = [line.strip() for line in text.split("\n")]
    for line in reflow.paragraphs(lines, width) if width else [line for line in lines if line]:
        for piece in _SUBHEAD.split(line):
            piece = piece.strip()
            if piece:
                paras.append("\\" + piece if piece[0] in "#>*-+=|" else piece)
    return "\n\n".join(paras)


def narrative_md(lead: str, parts: Sequence[tuple[str, str]], *, wrapped: bool = False) -> str:
    """zh.md: the lead, then each part under its canonical heading (parts without text are left out). `wrapped`: the
    text is a document's text with its lines cut at the page's width (PDF, plain text): the lines of a paragraph
    are joined again, and lines of figures alone (a chart's, a card's) are left out."""
    width = reflow.line_width([lead, *(body for _h, body in parts)]) if wrapped else 0
    blocks = []
    if lead.strip():
        blocks.append(_paragraphs(lead, width))
    for heading, body in parts:
        text = _paragraphs(body, width)
        if text:
            blocks.append(f"## {heading}\n\n{text}")
    return "\n\n".join(blocks) + "\n"


def existing(folder: Path) -> list[Path]:
    """The files an import would replace."""
    return [folder / name for name in FILES if (folder / name).exists()]


def write_report(folder: Path, files: Mapping[str, str]) -> None:
    """Write the files into `folder` all or nothing: a new folder is renamed into place, files are replaced one by one
    after all were written to temporary names beside them."""
    parent = folder.parent
    if not folder.exists():
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.import-", dir=parent))
        try:
            for name, text in files.items():
                (tmp / name).write_text(text, encoding="utf-8")
            os.replace(tmp, folder)
        except BaseException:
            for f in tmp.glob("*"):
                f.unlink()
            tmp.rmdir()
            raise
        return
    staged: list[tuple[Path, Path]] = []
    try:
        for name, text in files.items():
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            staged.append((Path(tmp_name), folder / name))
    except BaseException:
        for tmp_path, _ in staged:
            tmp_path.unlink(missing_ok=True)
        raise
    for tmp_path, target in staged:
        os.replace(tmp_path, target)
