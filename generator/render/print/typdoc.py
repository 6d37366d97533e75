"""The Typst source of a report's print version: `#let doc = (...)`, templates/print.typ, then the content (cover,
contents, notices, discrepancies, highlights, narrative parts, statutory tables, charts) as calls of its functions.

Every text is a string literal (typcode.lit), every chart an SVG string: the source is the whole document, read from
no file, importing no package, and the same source always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from generator.model import Organ, Report
from generator.render.narrative import shown_figure
from generator.render.print.typcode import Image, Narrative, Texts, block, lit
from generator.render.print.typtables import typst_tables
from generator.render.view import ReportView

FANGSONG = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong")
NOTO = ("Noto Sans CJK SC",)
# font lists by role, first found first (a character none of them has: Typst takes any font that has it)
STYLE_FONTS: dict[bool, dict[str, tuple[str, ...]]] = {
    False: {"body": NOTO, "title": NOTO, "heading": NOTO, "kai": NOTO},
    True: {"body": FANGSONG, "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
           "heading": ("黑体", "SimHei", *NOTO),
           "kai": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "Noto Serif CJK SC")},
}
REGIONS = {"zh": "cn"}


class PrintChart(Protocol):
    """A chart with a title and summary (charts.Chart); a plain SVG string works too."""

    @property
    def svg(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...


Charts = Mapping[str, Sequence["str | PrintChart"]]  # section id (or "highlights") → charts shown there


@dataclass(frozen=True)
class Source:
    """A report's Typst source and every text it prints (for the font check)."""

    code: str
    texts: tuple[str, ...]


def content_date(report: Report) -> dt.date:
    """The date a PDF carries: the publication date, else 1 January of the following year (never the clock)."""
    return report.published or dt.date(report.year + 1, 1, 1)


def footer_function(template: str, text: Callable[[str], str]) -> str:
    """A Typst function (page, pages) => content from a text with {page} and {pages}: `第 {page} 页 共 {pages} 页`."""
    pieces = re.split(r"\{(pages?)\}", template)
    out = [p if i % 2 else text(p) for i, p in enumerate(pieces) if i % 2 or p]
    return f"(page, pages) => {block(out)}"


def _svg_size(svg: str) -> tuple[float, float]:
    """The SVG's width and height in pt (px × 0.75), from its attributes or its viewBox; 0 when unknown."""
    head = svg[: svg.find(">") + 1]
    size = [re.search(rf'\s{a}="([0-9.]+)(px)?"', head) for a in ("width", "height")]
    if size[0] and size[1]:
        return float(size[0].group(1)) * 0.75, float(size[1].group(1)) * 0.75
    box = re.search(r'viewBox="[-0-9.]+[ ,]+[-0-9.]+[ ,]+([0-9.]+)[ ,]+([0-9.]+)"', head)
    return (float(box.group(1)) * 0.75, float(box.group(2)) * 0.75) if box else (0.0, 0.0)


def chart_code(chart: str | PrintChart, text: Callable[[str], str], official: bool) -> str:
    """A chart at its own size, made smaller to fit the text width and 95 mm of height."""
    svg, title, summary = (chart, "", "") if isinstance(chart, str) else (chart.svg, chart.title, chart.summary)
    w, h = _svg_size(svg)
    text_width = (158 if official else 170) * 72 / 25.4
    scale = min(1.0, text_width / w if w else 1.0, 95 * 72 / 25.4 / h if h else 1.0)
    width = f"{w * scale:.2f}pt" if w else "100%"
    return f"chart({text(title)}, {text(summary)}, {lit(svg)}, {width})"


def typst_source(preamble: str, organ: Organ, report: Report, lang: str, strings: Mapping[str, str],
                 site_title: str, publisher: str, view: ReportView, charts: Charts, official: bool,
                 image: Image | None = None) -> Source:
    """The whole Typst source of one report in one language."""
    texts = Texts()
    t, s = texts, strings.__getitem__
    fonts = STYLE_FONTS[official]
    organ_name, title, date = organ.name.get(lang), report.title.get(lang), content_date(report)
    subject = s("print_subject")
    doc = (f"#let doc = (title: {t(title)}, author: {t(organ_name)}, "
           f"subject: {t(f'{organ_name} · {subject} · {report.year}')}, "
           f"keywords: ({t(subject)}, {t(organ_name)}, {t(str(report.year))}), "
           f"date: datetime(year: {date.year}, month: {date.month}, day: {date.day}), "
           f"lang: {lit(lang)}, region: {lit(REGIONS[lang]) if lang in REGIONS else 'none'}, "
           f"official: {'true' if official else 'false'}, footer: {footer_function(s('page_footer'), t)}, "
           "fonts: (" + ", ".join(f"{role}: ({', '.join(map(lit, names))},)" for role, names in fonts.items()) + "))\n")
    out = [doc, preamble, "\n"]

    def add(code: str) -> None:
        out.append(f"#{code}\n")

    published = date.isoformat() if report.published else s("published_unknown")
    no = report.format.document_no if report.format else ""  # a citation in Chinese, in the page's brackets
    fmt_text = (f"{report.format.label.get(lang)}" + (f"（{no}）" if lang == "zh" else f" ({no})") if report.format
                else s("format_legacy"))
    meta = [("print_issuer", organ_name), ("year", str(report.year)), ("published", published),
            ("format", fmt_text), ("scope", s(f"scope_{report.scope}"))]
    url = report.source.get("url", "")
    if url.startswith(("https://", "http://")):  # the original page, with the document's facts (as the web page
        meta.append(("source_page", url))        # shows it): at the end it could stand alone on a last page
    foot = site_title + (f" · {publisher}" if publisher else "")
    # a Chinese title that runs past a line breaks after the organ's name, as official covers set it
    # (平潭综合实验区 / 2021年政府信息公开工作年度报告), not wherever the width ends (…工作年度 / 报告)
    rest = title[len(organ_name):] if lang == "zh" and title.startswith(organ_name) else ""
    cover_title = block([t(organ_name), "linebreak()", t(rest)]) if rest and len(title) > 16 else t(title)
    add(f"cover({t(organ_name)}, {cover_title}, ({', '.join(f'({t(s(k))}, {t(v)})' for k, v in meta)},), "
        f"{block([t(foot), 'linebreak()', t(s('print_generated'))])})")
    add(f"contents({t(s('contents'))})")
    if not view.has_narrative:
        add(f"notice({t(s('missing_narrative') if report.format else s('missing_narrative_legacy'))})")
    if not report.format:
        add(f"notice({t(s('legacy_notice'))})")
    if report.discrepancies:
        reasons = dict.fromkeys(d.reason.get(lang) for d in report.discrepancies)  # the author's words, once each
        items = [block([t(reason)]) for reason in reasons]
        intro = f"par({t(s('discrepancy_intro'))})"
        add(f"discrepancies({t(s('discrepancies'))}, {block([intro, 'list(' + ', '.join(items) + ')'])})")
    narrative = Narrative(t, image)
    if report.highlights:
        add(f"heading(level: 1, {t(s('highlights'))})")
        cards = []
        for h in report.highlights:
            value = [f"unit({t(s('approximately'))})"] if h.approximate else []
            value.append(t(shown_figure(h.value, lang, h.approximate)))
            if h.unit:
                value.append(f"unit({t(h.unit.get(lang))})")
            previous = (t(f"{s('previous')}{s('colon')}{shown_figure(h.previous, lang)}") if h.previous is not None
                        else "none")
            cards.append(f"card({block(value)}, {t(h.label.get(lang))}, {previous})")
        add(f"cards({', '.join(cards)})")
        for c in charts.get("highlights", ()):
            add(chart_code(c, t, official))
    if "lead" in view.parts:
        add(f"{{set text(size: if official {{ st.size }} else {{ 11pt }}); {narrative.convert(view.parts['lead'])}}}")
    tables = typst_tables(report, lang, t)
    if report.format:
        sections = [(sec.id, sec.label.get(lang)) for sec in report.format.sections]
    else:  # a legacy report: its narrative's own parts
        parts = report.narratives[lang].parts if lang in report.narratives else ()
        sections = [(p.section, p.heading) for p in parts if p.section != "lead"]
    for section, label in sections:
        add(f"heading(level: 1, {t(label)})")
        if section in view.parts:
            add(narrative.convert(view.parts[section]))
        for table in tables.get(section, ()):
            add(f"{{{table}}}")
        if tables.get(section) and report.computed:
            add(f"table-note({t(s('computed_note'))})")
        if tables.get(section) and None in report.values.values():
            add(f"table-note({t(s('blank_note'))})")
        for c in charts.get(section, ()):
            add(chart_code(c, t, official))
    return Source("".join(out), tuple(texts.all))
