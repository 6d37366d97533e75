"""Split a narrative Markdown file into its parts by level-2 headings, and find figure references."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from generator.formats import Section

_HEADING = re.compile(r" {0,3}##[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# `{{ name }}`: no brace inside, so that every match ends before the next `{{` (linear time, even for 50,000 `{{`);
# a name that spans lines is no reference (`reference_name` is None), and is left as text
REFERENCE = re.compile(r"\{\{([^{}]*)\}\}")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_ZH_NUMERALS = "一二三四五六七八九十"
_ROMAN_HEAD = re.compile(r"(X|IX|VIII|VII|VI|V|IV|III|II|I)(?:[.．、:：)\s]|$)")


@dataclass(frozen=True, slots=True)
class RawPart:
    """A heading (or "" for the lead) with the Markdown below it."""

    heading: str
    line: int
    body: str


_CLOSING = re.compile(r"[ \t]+#+[ \t]*$")  # an optional closing sequence: `## 一、总体情况 ##`
_HEADING_ANYWHERE = re.compile(r"##[ \t]+([^\n]*)")  # a literal start: the regex engine jumps from "##" to "##"


def split_parts(text: str) -> list[RawPart]:
    """Cut `text` at every `## ` heading outside fenced code; the text before the first is the lead."""
    if "```" not in text and "~~~" not in text:  # the common case: find headings in one regex pass
        cuts = []
        for m in _HEADING_ANYWHERE.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            indent = text[line_start:m.start()]
            if len(indent) <= 3 and not indent.strip(" "):  # `##` opens the line (up to 3 spaces before it)
                cuts.append((line_start, m.end(), _CLOSING.sub("", m.group(1)).strip()))
    else:
        cuts = _cuts_outside_fences(text)
    parts: list[RawPart] = []
    heading, line, start = "", 1, 0
    for begin, end, title in cuts:
        body = text[start:begin].strip("\n")
        if heading or body.strip():
            parts.append(RawPart(heading, line, body))
        heading, line, start = title, text.count("\n", 0, begin) + 1, end + 1
    body = text[start:].strip("\n") if start <= len(text) else ""
    if heading or body.strip():
        parts.append(RawPart(heading, line, body))
    return parts


def _cuts_outside_fences(text: str) -> list[tuple[int, int, str]]:
    cuts = []
    fence = ""
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        m = _FENCE.match(line)
        if m and (not fence or m.group(1).startswith(fence)):
            fence = "" if fence else m.group(1)[:3]
        elif not fence and (h := _HEADING.match(line)):
            cuts.append((offset, offset + len(line), h.group(1).strip()))
        offset += len(raw)
    return cuts


def match_section(heading: str, sections: Sequence[Section]) -> str | None:
    """The id of the part a heading names (canonical title, number alone, or id), else None."""
    text = heading.strip()
    for s in sections:
        if text in (s.id, s.label.zh) or text.casefold() == s.label.en.casefold():
            return s.id
    number = 0
    if text and text[0] in _ZH_NUMERALS and (len(text) == 1 or text[1] in "、.． "):
        number = _ZH_NUMERALS.index(text[0]) + 1
    elif m := _ROMAN_HEAD.match(text):
        number = _ROMAN.index(m.group(1)) + 1
    return next((s.id for s in sections if s.number == number), None)


def reference_name(m: re.Match[str]) -> str | None:
    """The name of a REFERENCE match (spaces around it dropped), or None when it is no reference (it spans lines)."""
    name = m.group(1).strip()
    return None if "\n" in name else name


def references(text: str, skip: Collection[str] = ()) -> Iterator[tuple[str, int, int]]:
    """Every `{{ name }}` in `text` whose name is not in `skip`, with its line and column (1-based)."""
    line, line_start, counted = 1, 0, 0  # lines counted up to offset `counted`: each part of the text once
    for m in REFERENCE.finditer(text):
        name = reference_name(m)
        if name is None or name in skip:  # positions cost a scan: compute them only for what is reported
            continue
        if newlines := text.count("\n", counted, m.start()):
            line += newlines
            line_start = text.rfind("\n", counted, m.start()) + 1
        counted = m.start()
        yield name, line, m.start() - line_start + 1
