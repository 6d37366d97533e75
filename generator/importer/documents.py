"""A source file as text: a PDF's text layer (pdfplumber; ruled tables as rows of cells), a DOCX's paragraphs and
tables (python-docx), or a page's bytes decoded; a PDF without text asks for OCR, a huge file is refused."""

from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic
from . import decode

# A report page is at most a few MB (its text some 100 KB); a larger source is refused at once rather than
# parsed for minutes (a hostile or mistaken file).
MAX_BYTES = 8_000_000
MAX_TEXT = 1_000_000
MAX_PAGES = 300  # of a PDF (a report has some 10): a PDF is read page by page and stops here
MAX_XML = 30_000_000  # bytes of a DOCX's document.xml once unzipped (a zip bomb stops before it is parsed)
MAX_TAGS = 50_000  # HTML elements (a report page has some 2,000): counted before the page is parsed


class TooLarge(Exception):
    """A source found larger than any report while it was read: what was found, and the limit."""

    def __init__(self, found: str, limit: str) -> None:
        super().__init__(found)
        self.found, self.limit = found, limit


def _cell(text: str | None) -> str:
    """A table cell on one line: a label wrapped inside its cell is joined; an empty cell stays empty."""
    return "".join((text or "").split())


def _rows_as_pipes(rows: list[list[str | None]]) -> list[str]:
    """Table rows as Markdown pipe rows, each cell once: None is the rest of a merged cell (left out), "" an empty
    cell (kept: a blank of its column)."""
    return ["| " + " | ".join(_cell(c) for c in row if c is not None) + " |" for row in rows]


def pdf_text(path: Path) -> tuple[str, int]:
    """The PDF's text in reading order, ruled tables as pipe rows in their place; and the number of characters."""
    import pdfplumber

    pages = []
    chars = 0
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages):
            if n >= MAX_PAGES:
                raise TooLarge(f"{len(pdf.pages):,} pages", f"{MAX_PAGES:,} pages")
            chars += len(page.chars)
            if chars > MAX_TEXT:
                raise TooLarge(f"over {MAX_TEXT:,} characters of text", f"{MAX_TEXT:,} characters")
            tables = [t for t in page.find_tables() if any(_cell(c) for row in t.extract() for c in row)]
            outside = page
            for t in tables:
                outside = outside.outside_bbox(t.bbox)
            # each piece keyed by its top edge: lines of text and whole tables interleave as printed
            pieces: list[tuple[float, str]] = []
            for line in outside.extract_text_lines(return_chars=False):
                pieces.append((float(line["top"]), str(line["text"])))
            for t in tables:
                pieces.append((float(t.bbox[1]), "\n".join(_rows_as_pipes(t.extract()))))
            pages.append("\n".join(text for _top, text in sorted(pieces, key=lambda p: p[0])))
    return "\n".join(pages), chars


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _shown_text(element: object) -> str:
    """The text Word shows of a table cell, its paragraphs as lines: a tracked insertion in (python-docx leaves it
    out: 24 + inserted 18 read as 24), a tracked deletion, hidden text (w:vanish) and footnote marks (superscript)
    out."""
    lines = []
    for para in element.iter(f"{_W}p"):  # type: ignore[attr-defined]
        parts: list[str] = []
        for run in para.iter(f"{_W}r"):
            if any(a.tag in (f"{_W}del", f"{_W}moveFrom") for a in run.iterancestors()):
                continue
            props = run.find(f"{_W}rPr")
            if props is not None and (props.find(f"{_W}vanish") is not None or any(
                    v.get(f"{_W}val") == "superscript" for v in props.iter(f"{_W}vertAlign"))):
                continue
            parts.extend(t.text or "" for t in run.iter(f"{_W}t"))
        lines.append("".join(parts))
    return "\n".join(lines)


def docx_text(path: Path) -> str:
    """The DOCX body in order: paragraphs as lines, tables as pipe rows."""
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    with zipfile.ZipFile(path) as archive:
        unzipped = sum(i.file_size for i in archive.infolist() if i.filename.startswith("word/"))
    if unzipped > MAX_XML:
        raise TooLarge(f"{unzipped:,} bytes unzipped", f"{MAX_XML:,} bytes")
    document = docx.Document(str(path))
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells: list[str | None] = []
                last = None
                for cell in row.cells:  # a merged cell comes back once per grid column: print it once
                    cells.append(_shown_text(cell._tc) if cell._tc is not last else None)
                    last = cell._tc
                rows.append(cells)
            lines.extend(_rows_as_pipes(rows))
    return "\n".join(lines)


def read(path: Path, shown: str) -> tuple[decode.Decoded | None, list[Diagnostic]]:
    """Read the source at `path` as text, whatever its kind."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Diagnostic("error", "IMPORT_NOT_A_REPORT", f"cannot read the source: {exc.strerror}", shown,
                                 hint="check the path of the report page")]
    suffix = path.suffix.lower()
    if size > MAX_BYTES and suffix not in (".pdf", ".docx"):
        return None, [too_large(shown, f"{size:,} bytes", f"{MAX_BYTES:,} bytes")]
    try:
        if suffix == ".pdf":
            text, chars = pdf_text(path)
            if chars == 0:
                return None, [Diagnostic(
                    "error", "IMPORT_NEEDS_OCR", "the PDF has no text layer (a scan): its figures cannot be read",
                    shown, hint="run OCR on the PDF (e.g. ocrmypdf) or import the report's HTML page instead")]
        elif suffix == ".docx":
            text = docx_text(path)
        else:
            decoded, diags = decode.read(path, shown)
            if decoded is not None and len(decoded.text) > MAX_TEXT:
                return None, [too_large(shown, f"{len(decoded.text):,} characters", f"{MAX_TEXT:,} characters")]
            return decoded, diags
    except TooLarge as exc:
        return None, [too_large(shown, exc.found, exc.limit)]
    except Exception as exc:  # a damaged file: pdfminer and python-docx raise many kinds
        return None, [Diagnostic("error", "IMPORT_NOT_A_REPORT", f"cannot read the {suffix[1:].upper()} file: "
                                 f"{type(exc).__name__}: {exc}"[:300], shown,
                                 hint="open it in a viewer to check it; save it again, or import the HTML page")]
    if len(text) > MAX_TEXT:
        return None, [too_large(shown, f"{len(text):,} characters", f"{MAX_TEXT:,} characters")]
    traditional = decode.is_traditional(text)
    return decode.Decoded(shown, decode.to_simplified(text) if traditional else text, suffix[1:], traditional), []


def too_large(shown: str, found: str, limit: str) -> Diagnostic:
    return Diagnostic("error", "IMPORT_TOO_LARGE", f"the source is {found}, more than a report page has ({limit})",
                      shown, hint="import the page of the report itself, not a whole site or an archive")
