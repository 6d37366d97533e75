"""Narrative Markdown → HTML (generator/render/markdown.py); figure references resolved from the report's data."""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

from markupsafe import escape

from generator.load.parts import REFERENCE, reference_name
from generator.model import Report
from generator.render.markdown import markdown_html

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks: cannot come from Markdown, survive rendering unchanged
_MARK = re.compile(f"{_OPEN}([0-9]+){_CLOSE}")


def separated(value: int | Decimal) -> str:
    """The one thousands-separator rule of every page: counts from 10,000 on get separators; amounts (decimals)
    keep their digits as given."""
    if isinstance(value, Decimal):  # amounts (万元) keep every digit as given
        return format(value, "f")
    return f"{value:,}" if abs(value) >= 10000 else str(value)


_AMOUNT_UNITS = {"亿元": " hundred million yuan", "万元": " × 10,000 yuan", "元": " yuan"}
_AMOUNT = re.compile(r"^([-+]?[0-9][0-9,.]*)\s*(亿元|万元|元)$")


def amount_text(text: str, lang: str) -> str:
    """An amount printed as text (`1237.40万元`), its unit in the page's language: `1237.40 × 10,000 yuan`."""
    found = _AMOUNT.match(text) if lang == "en" else None
    return f"{found.group(1)}{_AMOUNT_UNITS[found.group(2)]}" if found else text


def _wan(value: int | Decimal, approximate: bool) -> str | None:
    """Chinese style for a large figure: 1500万, 12.5万 (exact to 0.01万), or 约1.6万 when approximate; else None."""
    wan = Decimal(value) / 10000
    if abs(wan) < (1 if approximate else 10):
        return None
    if approximate:
        wan = wan.quantize(Decimal("0.1"))
    elif wan != wan.quantize(Decimal("0.01")):
        return None  # not exact in 万: the digits as given
    text = format(wan.normalize(), "f")
    return f"{text}万"


def shown_figure(value: Any, lang: str = "en", approximate: bool = False) -> str:
    """A figure as quoted in prose and on cards: thousands separators from 10,000 on, decimals as given; in Chinese
    a large figure is written in 万 (1500万; 约1.6万 for an approximate one), in English an approximate one of a
    million or more in millions (about 10.573 million)."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return amount_text(str(value), lang)
    if lang.startswith("zh") and (isinstance(value, int) or approximate):
        wan = _wan(value, approximate)
        if wan is not None:
            return wan
    elif approximate and abs(Decimal(value)) >= 1_000_000:  # 约1057.3万: "about 10.573 million", not 10,573,000
        millions = (Decimal(value) / 1_000_000).quantize(Decimal("0.001")).normalize()
        return f"{format(millions, 'f')} million"
    return separated(value)


def anchor(name: str) -> str:
    """The HTML id of a cell or highlight, for links from the narrative: `c-t3-new_received-total`."""
    if name.startswith("highlights."):
        return "h-" + name.split(".", 1)[1]
    return "c-" + name.replace(".", "-")


@functools.lru_cache(maxsize=4096)
def _link(name: str) -> str:
    """The opening tag of the link of a figure to its cell or card: the same in every report."""
    return f'<a class="figure" href="#{escape(anchor(name))}">'


def narrative_html(markdown: str, report: Report, lang: str = "en") -> str:
    """Render one part; `{{ id }}` becomes the figure, linked to its table cell or highlight card."""
    found: list[str] = []

    def mark(m: re.Match[str]) -> str:
        name = reference_name(m)
        if name is None:
            return m.group(0)
        found.append(name)
        return f"{_OPEN}{len(found) - 1}{_CLOSE}"

    # the author's own private-use marks (a link title holding them would break out of its attribute) become U+FFFD
    clean = markdown.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd")
    html = markdown_html(REFERENCE.sub(mark, clean))
    highlights = {f"highlights.{h.id}": h.value for h in report.highlights} if found else {}

    def figure(m: re.Match[str]) -> str:
        name = found[int(m.group(1))]
        value = highlights[name] if name in highlights else report.values.get(name)
        shown = shown_figure(value, lang)
        # a count is shown as digits, commas and 万: nothing to escape (and no Markup to make, 10 figures a part)
        return f"{_link(name)}{shown if value.__class__ is int else escape(shown)}</a>"

    return _MARK.sub(figure, html) if found else html  # one pass: replacing mark by mark was quadratic
