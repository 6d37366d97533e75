"""Typst code from text and from the narrative's HTML: every text an author wrote becomes a Typst string literal,
so nothing in it is ever read as markup or code (`#import`, `$`, `*`, `]`, `//` all print as typed)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def lit(text: str) -> str:
    """`text` as a Typst string literal: only `\\` and `"` (and line ends) need escaping inside one."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def block(items: list[str]) -> str:
    """Code values joined into one (content and strings concatenate in a code block); `[]` when empty."""
    return "{" + "; ".join(items) + "}" if items else "[]"


class Texts:
    """The texts of one document, collected as they are turned into literals: the font check reads them all."""

    def __init__(self) -> None:
        self.all: list[str] = []

    def __call__(self, text: str) -> str:
        """A literal of `text`, remembered."""
        self.all.append(text)
        return lit(text)


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)


class _Tree(HTMLParser):
    """markdown-it's HTML as a tree (its HTML is well formed; raw HTML from authors is escaped before this)."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


Image = Callable[[str], "bytes | None"]  # an image's src → its bytes, when it is one of the site's own files

_INLINE = {"strong": "strong", "b": "strong", "em": "emph", "i": "emph"}
_BLOCKS = frozenset({"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "hr"})


class Narrative:
    """HTML of a narrative part → one Typst code value (a code block of content); `text` makes the literals."""

    def __init__(self, text: Callable[[str], str], image: Image | None = None) -> None:
        self.text, self.image = text, image

    def convert(self, html: str) -> str:
        """The Typst code of a part's HTML."""
        tree = _Tree()
        tree.feed(html)
        tree.close()
        return self.blocks(tree.root.children)

    def blocks(self, children: list[_Node | str]) -> str:
        out: list[str] = []
        run: list[_Node | str] = []  # loose inline content between blocks (as in a tight list item)
        for child in children:
            if isinstance(child, _Node) and child.tag in _BLOCKS:
                if any(not isinstance(c, str) or c.strip() for c in run):
                    out.append(f"par({self.inline(run)})")
                run = []
                out.append(self.block(child))
            else:
                run.append(child)
        if any(not isinstance(c, str) or c.strip() for c in run):
            out.append(self.inline(run) if not out else f"par({self.inline(run)})")
        return block(out)

    def block(self, node: _Node) -> str:
        tag = node.tag
        if tag == "p":
            return f"par({self.inline(node.children)})"
        if tag in ("ul", "ol"):
            items = [self.blocks(li.children) for li in node.children if isinstance(li, _Node) and li.tag == "li"]
            start = node.attrs.get("start", "1")
            extra = f"start: {int(start)}, " if tag == "ol" and start.isdigit() else ""
            return f"{'enum' if tag == 'ol' else 'list'}({extra}{', '.join(items) or '[]'})"
        if tag[0] == "h" and tag[1:].isdigit():  # the part's own title is level 1; headings inside start at 2
            level = max(2, int(tag[1:]) - 1)
            return f"heading(level: {level}, outlined: false, bookmarked: false, {self.inline(node.children)})"
        if tag == "table":
            return self.table(node)
        if tag == "blockquote":
            return f"quote(block: true, {self.blocks(node.children)})"
        if tag == "pre":
            return f"raw(block: true, {self.text(_plain(node))})"
        return "line(length: 100%, stroke: 0.5pt + luma(140))"  # hr

    def inline(self, children: list[_Node | str]) -> str:
        out: list[str] = []
        for child in children:
            if isinstance(child, str):
                text = child.replace("\n", " ")
                if text:
                    out.append(self.text(text))
                continue
            tag = child.tag
            if tag in _INLINE:
                out.append(f"{_INLINE[tag]}({self.inline(child.children)})")
            elif tag == "code":
                out.append(f"raw({self.text(_plain(child))})")
            elif tag == "br":
                out.append("linebreak()")
            elif tag == "img":
                out.append(self.img(child.attrs))
            elif tag == "a" and "figure" in child.attrs.get("class", "").split():
                out.append(f"strong({self.inline(child.children)})")  # a figure quoted from the tables
            elif "visually-hidden" not in child.attrs.get("class", "").split():
                out.append(self.inline(child.children))  # a, span and the like: their text
        return block(out)

    def img(self, attrs: Mapping[str, str]) -> str:
        """A site's own image, embedded from its bytes; any other (remote, a path outside the site): its alt text."""
        data = self.image(attrs.get("src", "")) if self.image else None
        if data is None:
            return f"emph({self.text(attrs.get('alt', ''))})"
        if data.lstrip()[:5] in (b"<?xml", b"<svg "):
            return f'box(image(bytes({lit(data.decode("utf-8", "replace"))}), format: "svg", width: 60%))'
        return f"box(image(bytes(({', '.join(map(str, data))},)), width: 60%))"

    def table(self, node: _Node) -> str:
        rows = [(tr, sec.tag == "thead") for sec in node.children if isinstance(sec, _Node)
                for tr in (sec.children if sec.tag in ("thead", "tbody") else [sec])
                if isinstance(tr, _Node) and tr.tag == "tr"]
        width = max((sum(1 for c in tr.children if isinstance(c, _Node)) for tr, _ in rows), default=1)
        cells: list[str] = []
        for tr, head in rows:
            row = [self.inline(c.children) for c in tr.children if isinstance(c, _Node)]
            row += ["[]"] * (width - len(row))
            cells.extend(f"strong({c})" if head else c for c in row)
        return f"table(columns: {width}, {', '.join(cells)})"


def _plain(node: _Node) -> str:
    return "".join(c if isinstance(c, str) else _plain(c) for c in node.children)
