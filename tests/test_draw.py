"""The drawn SVG: bars as long as their figures, every text inside the chart and clear of the others, round ticks,
for every chart of the sample and for charts made to be hard (long names, large figures, many series)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from generator.build.pipeline import check
from generator.render.charts.common import Chart, DataTable, bars, make_chart, stack
from generator.render.charts.draw import Plot, draw
from generator.render.charts.labels import wrap
from generator.render.charts.metrics import text_width
from generator.render.charts.organ import organ_charts
from generator.render.charts.portal import portal_charts
from generator.render.charts.report import report_charts
from generator.render.charts.svg import MIDDLE, NARROW, SIZE, WIDTH, count_ticks
from tests.test_charts import CONTENT

NS = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Box:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right - 0.5 and other.left < self.right - 0.5 and self.top < other.bottom - 0.5
                and other.top < self.bottom - 0.5)


def texts(root: ET.Element) -> Iterator[Box]:
    """The box of each line of text (not the rotated axis title), from the font's widths."""
    for node in root.iter(NS + "text"):
        if "rotate" in node.get("transform", ""):
            continue
        anchor = node.get("text-anchor", "start")
        for line in node.iter(NS + "tspan") if len(node) else [node]:
            content = line.text or ""
            x, y = float(line.get("x", 0)), float(line.get("y", 0))
            w = text_width(content, SIZE)
            left = x - {"start": 0, "middle": w / 2, "end": w}[anchor]
            yield Box(content, left, y - MIDDLE - SIZE / 2, left + w, y - MIDDLE + SIZE / 2)


def bars_of(root: ET.Element) -> list[tuple[float, float, float, float, str]]:
    """The bars: the rectangles but the background and the legend's swatches."""
    return [(float(r.get("x", 0)), float(r.get("y", 0)), float(r.get("width", 0)), float(r.get("height", 0)),
             r.get("fill", "")) for r in root.findall(NS + "rect") if r.get("fill") != "white"]


def size(root: ET.Element) -> tuple[float, float]:
    _, _, w, h = (float(v) for v in root.get("viewBox", "").split())
    return w, h


def check_layout(svg: str, what: str) -> ET.Element:
    """Every text inside the chart, no two texts on top of each other."""
    root = ET.fromstring(svg)
    w, h = size(root)
    boxes = list(texts(root))
    for box in boxes:
        assert box.left >= 0 and box.right <= w + 0.5 and box.top >= 0 and box.bottom <= h + 0.5, (what, box, w, h)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (what, a, b)
    for x, y, bw, bh, _ in bars_of(root):
        assert x >= 0 and y >= 0 and x + bw <= w + 0.5 and y + bh <= h + 0.5, (what, x, y, bw, bh)
    return root


def sample_charts() -> list[Chart]:
    site = check(str(CONTENT)).site
    assert site is not None
    found: list[Chart] = []
    for lang in ("zh", "en"):
        found += [c for r in site.reports() for c in report_charts(r, lang)]
        found += [c for o in site.organs for c in organ_charts(o, lang)]
        found += list(portal_charts(site, lang))
    return found


def test_every_sample_chart_has_its_texts_inside_and_apart() -> None:
    charts = sample_charts()
    assert len(charts) >= 40
    for chart in charts:
        check_layout(chart.svg, f"{chart.id} {chart.title}")
        check_layout(chart.narrow, f"{chart.id} {chart.title} (narrow)")
        assert size(ET.fromstring(chart.narrow))[0] == NARROW


def test_bars_are_as_long_as_their_figures() -> None:
    for chart in sample_charts():
        root = ET.fromstring(chart.svg)
        drawn = bars_of(root)
        data = [d for d in chart.plot.data if not d.get("gap")]  # a year without a report: a dash, no bar
        assert len(drawn) == len(data), chart.id
        kind = chart.plot.kind
        if kind in ("bars", "stacked"):
            scale = {d["value"] / bw for (_, _, bw, _, _), d in zip(drawn, sorted(
                data, key=lambda d: d.get("order", 0)), strict=True) if bw > 0}
            assert max(scale) - min(scale) < 1e-2 * max(scale), (chart.id, scale)
        elif kind == "columns":
            scale = {d["value"] / bh for (_, _, _, bh, _), d in zip(drawn, sorted(
                data, key=lambda d: d.get("order", 0)), strict=True) if bh > 0}
            assert max(scale) - min(scale) < 1e-2 * max(scale), (chart.id, scale)
        elif kind == "rate":
            heights = [bh for _, _, _, bh, _ in drawn]
            assert heights == pytest.approx([220 * d["value"] for d in data], abs=0.01)
        elif kind == "paired":
            assert [bw for _, _, bw, _, _ in drawn] == pytest.approx(
                [max(bw for _, _, bw, _, _ in drawn) * d["ratio"] for d in data], abs=0.02)


@pytest.mark.parametrize(("largest", "ticks"), [
    (0, [0, 1]), (2, [0, 1, 2]), (9, list(range(10))), (37, [0, 10, 20, 30, 40]), (71, [0, 20, 40, 60, 80]),
    (473, [0, 100, 200, 300, 400, 500]), (10, [0, 2, 4, 6, 8, 10]),
    (1_234_567, [200_000 * i for i in range(8)])])
def test_count_axes_have_round_ticks_and_whole_numbers(largest: int, ticks: list[int]) -> None:
    assert count_ticks(largest) == ticks


def test_fewer_ticks_when_asked_and_never_a_fraction() -> None:
    assert count_ticks(1_234_567, 3) == [0, 500_000, 1_000_000, 1_500_000]
    assert count_ticks(3, 2) == [0, 2, 4]


def hard_cases() -> Iterator[tuple[str, Plot]]:
    names = [f"某某市某某区人民政府办公室第{i}政务服务中心" for i in range(30)]
    yield "30 long organ names", Plot("bars", "件数", tuple(bars([(wrap(n), 1_000_000 - i * 33_333)
                                                                   for i, n in enumerate(names)])))
    english = [f"General Office of the People's Government of District {i}, Municipality of Somewhere" for i in range(6)]
    yield "long English labels", Plot("bars", "Requests", tuple(bars([(wrap(n), 7 * i) for i, n in enumerate(english)])))
    series = tuple(f"Outcome {i} with a long name" for i in range(6))
    yield "six series stacked", Plot("stacked", "Requests", tuple(stack([(wrap(n), [(s, 3 * j + i) for j, s in
                                                                                  enumerate(series)])
                                                                         for i, n in enumerate(english[:3])])), series)
    yield "shares", Plot("mix", "Share", tuple(stack([(str(2019 + i), [(s, i * j + 1) for j, s in enumerate(series)])
                                                       for i in range(8)])), series)
    yield "columns of years", Plot("columns", "件数", tuple(stack([(str(2010 + i), [("本年新收", 1000 * i + 7),
                                                                                ("上年结转", 13 * i)])
                                                                   for i in range(16)])), ("本年新收", "上年结转"))
    yield "rates", Plot("rate", "纠错率", tuple({"label": str(2010 + i), "value": i / 15, "text": f"{100 * i / 15:.1f}%"}
                                             for i in range(16)))
    yield "paired", Plot("paired", "", tuple(
        {"label": wrap("Municipal and district government new-media accounts (end of 2019)", 13), "series": s,
         "value": v, "ratio": v / 123_456_789, "text": f"{v:,} accounts"} for s, v in (("2018", 123_456_789),
                                                                                  ("2019", 3))), ("2018", "2019"))


@pytest.mark.parametrize(("what", "plot"), list(hard_cases()), ids=lambda v: v if isinstance(v, str) else "")
def test_hard_charts_keep_their_texts_inside_and_apart(what: str, plot: Plot) -> None:
    for total in (WIDTH, NARROW):
        root = check_layout(draw(plot, total), f"{what} at {total} px")
        assert all(not math.isnan(float(r.get("width", 0))) for r in root.iter(NS + "rect"))


def test_a_chart_is_drawn_the_same_each_time_and_accessible() -> None:
    data = bars([("予以公开", 21), ("部分公开", 9)])
    table = DataTable(("结果", "件数"), ())
    one = make_chart("chart-x", "zh", "标题", "一句话。", ("bars", "件数"), data, table)
    two = make_chart("chart-x", "zh", "标题", "一句话。", ("bars", "件数"), data, table)
    assert one == two
    assert one.svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" font-family="Noto Sans CJK SC" ')
    assert 'role="img" aria-label="标题：一句话。"><title>标题</title><desc>一句话。</desc>' in one.svg


@pytest.mark.parametrize(("label", "lines"), [
    ("市、区两级政务新媒体（2019年底，清理整合后）", ["市、区两级政务新媒体", "（2019年底，清理整合后）"]),
    ("一二三四五六七八九十一二，三四五", ["一二三四五六七八九十一二，", "三四五"]),
    ("Municipal and district government new-media accounts", ["Municipal and district", "government new-media",
                                                               "accounts"]),
])
def test_labels_break_between_words_and_never_before_a_closing_mark(label: str, lines: list[str]) -> None:
    assert wrap(label, 13 if label.startswith("市") else 12).split("\n") == lines


def test_english_charts_print_straight_quotes_the_chart_font_draws_narrow() -> None:
    data = bars([("“Wenzheng” issues", 3)])
    table = DataTable(("Figure", "Count"), ())
    en = make_chart("chart-x", "en", "Title", "About “Wenzheng Pingtan”.", ("bars", "Count"), data, table)
    zh = make_chart("chart-x", "zh", "标题", "“问政平潭”。", ("bars", "件数"), bars([("“问政平潭”期数", 3)]), table)
    assert ">\"Wenzheng\" issues</text>" in en.svg and "About “Wenzheng Pingtan”." in en.svg
    assert ">“问政平潭”期数</text>" in zh.svg
