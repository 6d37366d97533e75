"""Narrative Markdown → HTML: markdown-it-py, with a fast path for the plain text most parts are made of.

Most narrative parts are paragraphs, `###` headings and simple lists of plain prose. For those, the fast path
writes exactly what markdown-it writes (tests/test_markdown.py compares the two on many inputs); anything else
(inline markup, links, tables, raw HTML, escapes, entities, indentation, loose lists…) goes to markdown-it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

__all__ = ["fast_html", "markdown_html", "reference_html"]

# CommonMark with raw HTML off: any <tag> an author types is escaped, never passed through.
_MD = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")

# Characters that may start inline markup, an entity, an escape, a table or a line-ending subtlety: a text with any
# of them is left to markdown-it. With no reference definitions (no line starts with `[`), brackets make a link only
# as `](`; an `&` makes an entity only before `#` or `name;`, else it is text (escaped) like `"`.
_SPECIAL = re.compile(r"[\\`*_<>~|\t\r\0\]!&]")  # one character class: a regex of alternatives scanned at half speed
_UNSAFE_AFTER = {"]": re.compile(r"\("), "!": re.compile(r"\["), "&": re.compile(r"#|[A-Za-z0-9]+;")}
# The first character of a line that may open a block other than a paragraph (or be a setext underline), or be
# indentation; digits are checked by _ORDERED_START.
_BLOCK_START = frozenset("#>-*+=_`~<|[ ")
_HEADING = re.compile(r"(#{1,6}) (.*)")
_BULLET = re.compile(r"([-*+]) (.*)")
_ORDERED = re.compile(r"([0-9]{1,9})\. (.*)")
_DIGITS = frozenset("0123456789")
_ORDERED_START = re.compile(r"[0-9]+[.)]")  # a line that may be (or almost be) a numbered list item


def _plain(text: str) -> bool:
    """A line's text that markdown-it takes as one paragraph line of plain text: no block opener, no edge space."""
    return (text != "" and text[0] not in _BLOCK_START and not text[0].isspace() and not text[-1].isspace()
            and _ORDERED_START.match(text) is None)


def _unsafe(source: str) -> bool:
    """Whether `source` has a character that may start markup, an entity or an escape."""
    for found in _SPECIAL.finditer(source):
        after = _UNSAFE_AFTER.get(found.group())
        if after is None or after.match(source, found.end()):
            return True
    return False


def _title(text: str) -> bool:
    """A heading's text that markdown-it keeps as it is: not empty, no edge space, no `#` (a closing sequence)."""
    return text != "" and "#" not in text and not text[0].isspace() and not text[-1].isspace()


def _escape(text: str) -> str:
    # markdown-it escapes & < > " in text; < > never reach the fast path
    return text.replace("&", "&amp;").replace('"', "&quot;")


def fast_html(source: str) -> str | None:
    """The HTML markdown-it makes of `source` (headings h1/h2 as h3), or None if it is not plain enough."""
    if _unsafe(source):
        return None
    out: list[str] = []
    paragraph: list[str] = []
    list_kind = ""  # the open list's marker ("-", "*", "+" or "." for numbered), "" with none open
    blank_after_list = False

    def close_paragraph() -> None:
        if paragraph:
            out.append(f"<p>{_escape(chr(10).join(paragraph))}</p>\n")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_kind
        if list_kind:
            out.append("</ol>\n" if list_kind == "." else "</ul>\n")
            list_kind = ""

    for line in source.split("\n"):  # markdown-it splits at "\n" only (not at U+2028 or \x85, as splitlines would)
        if line == "":
            close_paragraph()
            blank_after_list = bool(list_kind)
            continue
        first = line[0]  # most lines are prose: no pattern tried on them
        heading = _HEADING.fullmatch(line) if first == "#" else None
        item = _BULLET.fullmatch(line) if first in "-*+" else _ORDERED.fullmatch(line) if first in _DIGITS else None
        if heading is not None:
            if not _title(heading.group(2)):
                return None
            close_paragraph()
            close_list()
            level = max(len(heading.group(1)), 3)  # part titles are h2: headings inside a part start at h3
            out.append(f"<h{level}>{_escape(heading.group(2))}</h{level}>\n")
        elif item is not None:
            content = item.group(2)
            kind = "." if item.re is _ORDERED else item.group(1)
            # an item inside a paragraph, after a blank (a loose list) or of another kind: markdown-it's rules
            if paragraph or not _plain(content) or (list_kind and (blank_after_list or kind != list_kind)):
                return None
            if not list_kind:
                start = int(item.group(1)) if kind == "." else 1
                out.append("<ul>\n" if kind != "." else "<ol>\n" if start == 1 else f'<ol start="{start}">\n')
                list_kind, blank_after_list = kind, False
            out.append(f"<li>{_escape(content)}</li>\n")
        elif _plain(line):
            if list_kind:
                if not blank_after_list:
                    return None  # a lazy continuation of the last item
                close_list()
            paragraph.append(line)
        else:
            return None
    close_paragraph()
    close_list()
    return "".join(out)


def reference_html(source: str) -> str:
    """The HTML markdown-it makes of `source`, headings h1/h2 as h3 (part titles are h2)."""
    tokens = _MD.parse(source)
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag in ("h1", "h2"):
            token.tag = "h3"
    return str(_MD.renderer.render(tokens, _MD.options, {}))


def markdown_html(source: str) -> str:
    """Narrative Markdown as HTML: the fast path when the text is plain, else markdown-it."""
    html = fast_html(source)
    return html if html is not None else reference_html(source)
