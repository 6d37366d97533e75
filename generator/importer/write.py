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


_GOES_ON = "，、：（「『“《,:"
_UNITS = "年月日件条项个次人元万亿%％期批家号"
_CLOSES = "。，、；：！？）」』”》,;:!?)"
_ENDS_SENTENCE = "。！？!?；;：:…」』”\"）)"
_NUMBERED = re.compile(r"^(?:（[一二三四五六七八九十0-9]{1,3}）|\([一二三四五六七八九十0-9]{1,3}\)|"
                       r"[一二三四五六七八九十]{1,3}[、.．]|[0-9]{1,2}[.．、](?![0-9])|[①-⑳]|第[一二三四五六七八九十]+)")
# a line of figures only (2602条, 2020年 2021年, 58   25, 0 5 10 15 20): the ticks, legends and bars of a chart or
# the cards of a PDF, never a sentence of the narrative
_FIGURES_ONLY = re.compile(r"^(?:[-−]?[0-9][0-9,，.]*\s*(?:%|％|年|月|日|件|条|项|期|次|批次|个|家|人次?|万元|元)?"
                           r"[\s/|]*)+$")


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff1f"  # ideographs and full-width punctuation
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def _chars(line: str) -> int:
    """The characters of a line but white space (a layout's columns and justification add spaces)."""
    return len(line) - sum(1 for c in line if c.isspace())


def _line_width(texts: Sequence[str]) -> int:
    """The width of a full line of hard-wrapped text (a PDF's): the 90th percentile of the lines' lengths."""
    lengths = sorted(_chars(line) for text in texts for line in text.split("\n") if line.strip())
    return lengths[(len(lengths) - 1) * 9 // 10] if lengths else 0


def _joined(lines: list[str], width: int) -> list[str]:
    """Lines cut by a page's width joined again: a line as wide as the page that ends mid-sentence goes on with the
    next one, unless that one starts a numbered item (（二）, 2.). So do a clause cut after its comma or colon and
    punctuation pushed to a line of its own (no paragraph ends in ，or 、, none starts with 。or ）), as text read
    from a PDF in its content order (pdftotext -raw) has them."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if prev and _goes_on(prev, line, width):
            space = " " if prev[-1].isascii() and prev[-1].isalnum() and line[0].isascii() and line[0].isalnum() else ""
            out[-1] = prev + space + line
        else:
            out.append(line)
    return out


def _goes_on(prev: str, line: str, width: int) -> bool:
    """Whether `line` continues the paragraph that `prev` (not empty) ends."""
    if line[0] in _CLOSES:
        return True
    full = width >= 15 and _chars(prev) >= 0.8 * width and prev[-1] not in _ENDS_SENTENCE
    cut = prev[-1] in _GOES_ON or (prev[-1].isdigit() and line[0] in _UNITS)  # 统计期间为2021 / 年全年
    return (full or cut) and not _NUMBERED.match(line)


def _short(line: str) -> bool:
    return _chars(line) <= 10 and not _NUMBERED.match(line) and not any(c in "。！？；：，,.!?;:" for c in line)


def _without_labels(lines: list[str]) -> list[str]:
    """The lines without runs of three or more short lines of words (自然人 64 / 商业企业 / 科研机构, 件数): a
    chart's legend and axis, or a table the reader did not cut, never the narrative, whose headings come one at a
    time (a numbered one is always kept)."""
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if line and _short(line):
            run.append(line)
            continue
        if len(run) < 3:
            out.extend(run)
        run = []
        if line:
            out.append(line)
    return out


def _paragraphs(text: str, width: int = 0) -> str:
    text = text.replace("{{", "{\u200b{")
    paras = []
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not (width and _FIGURES_ONLY.match(line))]
    if width:  # spaces between two Chinese characters: a layout's justification (pdftotext -layout), not the text's
        lines = _without_labels([_CJK_GAP.sub("", line) for line in lines])
    for line in _joined(lines, width) if width else lines:
        for piece in _SUBHEAD.split(line):
            piece = piece.strip()
            if piece:
                paras.append("\\" + piece if piece[0] in "#>*-+=|" else piece)
    return "\n\n".join(paras)


def narrative_md(lead: str, parts: Sequence[tuple[str, str]], *, wrapped: bool = False) -> str:
    """zh.md: the lead, then each part under its canonical heading (parts without text are left out). `wrapped`: the
    text is a document's text with its lines cut at the page's width (PDF, plain text): the lines of a paragraph
    are joined again, and lines of figures alone (a chart's, a card's) are left out."""
    width = _line_width([lead, *(body for _h, body in parts)]) if wrapped else 0
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
