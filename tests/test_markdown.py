"""The fast path of narrative Markdown never differs from markdown-it: it writes the same HTML or declines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.markdown import fast_html, markdown_html, reference_html

# texts the fast path must take, and get right
PLAIN = [
    "",
    "\n\n",
    "一段话。",
    "2021年，我区坚持以人民为中心。\n第二行。",
    "## 一、总体情况\n\n正文。",
    "# 标题\n### （一）主动公开\n\n正文",
    "###### six\n\ntext",
    "改进措施：\n\n1. 丰富解读形式。\n2. 加强管理。\n3. 拓宽渠道。",
    "- 一\n- 二\n\n后文",
    "+ a\n+ b",
    "3. three\n4. four",
    "007. seven",
    "- a\n### h\n- b",
    "- a\n\n### h\n\n- b",
    "Q&A, R&D & more",
    'He said "yes".',
    "the [2021] No. 1 notice",
    "a ] b [ c",
    "a!b [x] (y)",
    "text\n### heading\nmore text",
    "10% of $5 at 3:00 - yes + no = {x} @home ^ #tag",
    "\ue0000\ue001 items; \ue0001\ue001件",
    "“引号”、《书名》（括号）【方括号】：；！？",
    "word\u3000word",
    "a\u2028b\x85c\x0cd",
    "- 二〇二一年\n- “三个一”",
    "text\n\n1. one",
    "text\n\n2. two",
    "123456789. nine digits",
]

# texts on the edges of CommonMark: the fast path may decline, but must never differ
EDGES = [
    "a  \nb",  # hard break
    "a \nb",
    "a\\\nb",
    " a",
    "a ",
    "   indented",
    "    code",
    "\tcode",
    "a\tb",
    "a\r\nb",
    "a\rb",
    "a\0b",
    "&amp; &copy; &#35; &#x41; &nbsp",
    "&foo; &1; &#; &#x;",
    "<b>x</b>",
    "a < b > c",
    "*em* _em_ **strong**",
    "`code`",
    "~~del~~",
    "[x](http://a) ![i](b) [y]",
    "[x]: /url\n\n[x]",
    "[x]\n\n[x]: /url",
    "http://example.com www.example.com",
    "| a | b |\n| - | - |\n| 1 | 2 |",
    "a | b\n--|--\n1 | 2",
    "> quote",
    "---",
    "***",
    "___",
    "- - -",
    "text\n===",
    "text\n---",
    "text\n- item",
    "text\n1. item",
    "text\n2. item",
    "- a\nlazy",
    "- a\n  more",
    "- a\n\n- b",
    "+ a\n\n+ b",
    "* a\n* b",
    "- a\n* b",
    "- a\n\n\n- b",
    "1. a\n\n2. b",
    "1) paren",
    "-  two spaces",
    "-",
    "- ",
    "1.",
    "#",
    "#x",
    "####### seven",
    "## closed ##",
    "##  two spaces",
    "## ",
    "## a #b",
    "\\# not a heading",
    "```\nfence\n```",
    "~~~\nfence\n~~~",
    "<div>\nhtml\n</div>",
    "- # heading in item",
    "- > quote in item",
    "- 1. nested",
    "\u00a0a",
    "a\u00a0",
    "\u3000段首空格",
    "段尾\u3000",
    "a\n\u3000b",
    "\x1cx",
    "x\n \n y",
    "\n\n  \n\n",
    " \n",
    "- a\n+ b",  # another marker: another list (the fast path leaves it to markdown-it)
    "AT&T;",
    "1.5万件 was the total",
    "1. x\n\n2. y",
    "1234567890. ten digits",
]


@pytest.mark.parametrize("text", PLAIN)
def test_fast_path_takes_plain_text(text: str) -> None:
    assert fast_html(text) == reference_html(text)


@pytest.mark.parametrize("text", EDGES)
def test_fast_path_never_differs_on_edges(text: str) -> None:
    fast = fast_html(text)
    assert fast is None or fast == reference_html(text)
    assert markdown_html(text) == reference_html(text)


# pieces that make up narrative text and the Markdown that is close to it
_PIECES = st.sampled_from([
    "2021年", "我区", "，", "。", "：", "“", "”", "《", "》", "（", "）", "、", "word", " ", "  ", "\t", "\n", "\n\n",
    "1. ", "2. ", "10. ", "1) ", "- ", "* ", "+ ", "## ", "### ", "# ", "####### ", "#", "&", "&amp;", "&copy;",
    "&#35;", "<", ">", '"', "'", "[", "]", "](", "(", ")", "!", "\\", "`", "*", "_", "~", "|", "---", "===", "> ",
    "    ", "\u3000", "\u00a0", "\ue000", "\ue001", "\r", "\x0c", "\u2028", "{{", "}}", ":", "%", "$", "=", "1.5",
])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_fast_path_never_differs(text: str) -> None:
    fast = fast_html(text)
    assert fast is None or fast == reference_html(text)


_LINE = st.lists(st.sampled_from(["文字", "text", " ", "，", "&", '"', "[", "]", "1", "."]), min_size=1,
                 max_size=6).map("".join)
_BLOCK = st.one_of(
    _LINE, st.builds(lambda t: f"### {t}", _LINE), st.builds(lambda t: f"## {t}", _LINE),
    st.builds(lambda m, t: f"{m} {t}", st.sampled_from(["-", "*", "+", "1.", "2.", "01."]), _LINE), st.just(""))


@settings(max_examples=2000, deadline=None)
@given(st.lists(_BLOCK, max_size=12).map("\n".join))
def test_fast_path_never_differs_on_documents(text: str) -> None:
    fast = fast_html(text)
    assert fast is None or fast == reference_html(text)
