"""Chart labels broken into lines: between words or CJK characters, never before a closing mark (避头尾)."""

from __future__ import annotations

import functools
import re

OPENING = "（《“‘〈「『【〔(["
CLOSING = "）》”’〉」』】〕)]，。、；：！？,.;:!?"
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


@functools.lru_cache(maxsize=65536)
def wrap(text: str, width: float = 12.0) -> str:
    """Break a label into lines of about `width` em (a CJK character is 1 em, a Latin letter about 0.55)."""
    lines, line, used = [], "", 0.0
    for token in re.findall(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\s+", text):
        size = len(token) if re.match(r"[\u2e80-\u9fff\uff00-\uffef]", token) else 0.55 * len(token.rstrip())
        if line.strip() and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0.0
        line, used = line + token, used + size + (0.3 if token.endswith(" ") else 0)
    lines.append(line.rstrip())
    for i in range(len(lines) - 1):  # 避头尾: no line ends with an opening bracket, none starts with a closing mark
        while len(lines[i]) > 1 and lines[i][-1] in OPENING:
            lines[i], lines[i + 1] = lines[i][:-1], lines[i][-1] + lines[i + 1]
        while len(lines[i + 1]) > 1 and lines[i + 1][0] in CLOSING:
            lines[i], lines[i + 1] = lines[i] + lines[i + 1][0], lines[i + 1][1:]
    return "\n".join(lines)


def unwrap(label: str) -> str:
    """A wrapped label as one line again: its lines joined by a space between words, by nothing between CJK."""
    lines = label.split("\n")
    text = lines[0]
    for line in lines[1:]:
        cjk = _CJK.match(text[-1:]) or _CJK.match(line[:1]) or text[-1:] in OPENING or line[:1] in CLOSING
        text += line if cjk else " " + line
    return text
