"""Vega-Lite: chart templates with Altair; SVG by vl-convert with the CJK font, a cache by spec hash, fork safety."""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from generator.cache.store import Store
from generator.render.charts.font import FONT_FAMILY, check_font, font_dir

# Okabe–Ito, darkest first; every bar also gets a dark outline, so even the light hues stand out from white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
INK, GREY = "#1a1a1a", "#595959"
WIDTH = 480  # drawn at 480 px, scaled by CSS to the column (at most 560 px) through the viewBox
DATA = '"data":{"name":"table"}'  # where a template's data goes


_STORE: Store | None = None  # where drawn charts are kept between builds (set by the renderer; forked workers share it)


def use_store(store: Store | None) -> None:
    """Keep drawn charts and chart templates in `store` (None: in memory only)."""
    global _STORE
    _STORE = store


def engine_version() -> str:
    """The vl-convert version, part of every cache key."""
    import vl_convert

    return str(getattr(vl_convert, "__version__", "unknown"))


# --- Altair: one template per chart kind and texts, the data bound per chart -----------------------------


def fingerprint() -> str:
    """What a drawn chart depends on besides its spec: the engine's version, the font family and the font files."""
    font = font_dir()
    stats = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(font.glob("*"))] if font.is_dir() else []
    return repr((engine_version(), FONT_FAMILY, stats))


def _configure(chart: Any) -> Any:
    return (chart.properties(width=WIDTH, autosize={"type": "fit-x", "contains": "padding"}, padding=6)
            .configure(font=FONT_FAMILY, background="white", aria=False)
            .configure_view(stroke=None)
            .configure_axis(labelFontSize=15, titleFontSize=15, labelColor=INK, titleColor=INK, domainColor=GREY,
                            tickColor=GREY, gridColor="#d9d9d9", titleFontWeight="normal", labelLimit=240,
                            labelLineHeight=17)
            .configure_legend(orient="top", labelFontSize=15, labelColor=INK, symbolStrokeColor=INK,
                              symbolStrokeWidth=0.6, symbolType="square", labelLimit=220, title=None)
            .configure_bar(stroke=INK, strokeWidth=0.6)
            .configure_text(fontSize=15, color=INK))


SPLIT = "split(datum.label, '\\n')"  # labels broken into lines by charts.wrap


def series(i: int) -> str:
    """The placeholder of the i-th series name in a template (replaced by `bind`)."""
    return f"\ue020series{i}"


@functools.cache
def _code() -> str:
    from importlib.metadata import version

    return hashlib.sha256(Path(__file__).read_bytes() + version("altair").encode()).hexdigest()


@functools.lru_cache(maxsize=256)
def template(kind: str, axis_title: str = "", count: int = 0, lines: int = 1) -> str:
    """The Vega-Lite JSON of a chart kind with `count` series and labels of up to `lines` lines, from the disk cache
    when this code made it before."""
    key = hashlib.sha256(json.dumps([_code(), kind, axis_title, count, lines]).encode()).hexdigest()
    cached = _STORE.get("chart-templates", key) if _STORE is not None else None
    if cached is not None:
        return cached.decode("utf-8")
    text = _template(kind, axis_title, tuple(series(i) for i in range(count)), lines)
    if _STORE is not None:
        _STORE.put("chart-templates", key, text.encode("utf-8"))
    return text


def bind(spec_template: str, data: list[dict[str, Any]], names: tuple[str, ...] = ()) -> str:
    """A template with its data and series names: the spec to draw."""
    values = json.dumps({"values": data}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    spec = spec_template.replace(DATA, f'"data":{values}')
    for i, name in enumerate(names):
        spec = spec.replace(json.dumps(series(i), ensure_ascii=False), json.dumps(name, ensure_ascii=False))
    return spec


def _template(kind: str, axis_title: str, domain: tuple[str, ...], lines: int = 1) -> str:
    """Build a template with Altair (~0.1 s: hence the cache)."""
    import altair as alt

    base = alt.Chart(alt.NamedData(name="table"))
    title = axis_title or None
    # paired: last year light, this year dark
    hues = (PALETTE[5], PALETTE[0]) if kind == "paired" else PALETTE[:len(domain)]
    colour = alt.Color("series:N", scale=alt.Scale(domain=list(domain), range=list(hues)),
                       legend=alt.Legend(columns=len(domain) if len(domain) <= 3 else 2))
    label_y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelExpr=SPLIT))
    label_x = alt.X("label:O", title=None, axis=alt.Axis(labelAngle=0))
    count = alt.Axis(format="d", tickMinStep=1, tickCount=5, labelFlush=False)
    room = 17 * lines + 8  # a band tall enough for its label's lines: long labels never run into the next one
    chart: Any
    if kind == "bars":  # horizontal bars, the figure at their end
        enc = base.encode(y=label_y, x=alt.X("value:Q", title=title, axis=count))
        chart = (enc.mark_bar(color=PALETTE[0]) + enc.mark_text(align="left", dx=4).encode(text="text:N"))
        chart = chart.properties(height=alt.Step(max(30, room)))
    elif kind == "paired":  # this year against last year, each pair on its own scale (the units differ)
        enc = base.encode(y=label_y, x=alt.X("ratio:Q", axis=None), yOffset=alt.YOffset("series:N", sort=list(domain)))
        chart = (enc.mark_bar().encode(color=colour) + enc.mark_text(align="left", dx=4).encode(text="text:N"))
        chart = chart.properties(height=alt.Step(max(22, (room + 1) // 2)))
    elif kind in ("stacked", "mix"):  # horizontal stacked bars (mix: shares of 100%)
        chart = base.mark_bar().encode(
            y=label_y, color=colour, order=alt.Order("order:Q"),
            x=alt.X("value:Q", stack="normalize" if kind == "mix" else "zero", title=title,
                    axis=alt.Axis(format="%") if kind == "mix" else count)).properties(height=alt.Step(max(34, room)))
    elif kind == "columns":  # stacked columns by year
        chart = base.mark_bar().encode(x=label_x, y=alt.Y("value:Q", title=title, axis=count), color=colour,
                                       order=alt.Order("order:Q")).properties(height=240)
    elif kind == "rate":  # one column per year, the share written above it
        enc = base.encode(x=label_x, y=alt.Y("value:Q", title=title, scale=alt.Scale(domain=[0, 1]),
                                             axis=alt.Axis(format="%")))
        chart = (enc.mark_bar(color=PALETTE[0]) + enc.mark_text(dy=-8).encode(text="text:N")).properties(height=220)
    else:
        raise ValueError(f"unknown chart kind {kind!r}")
    spec = _configure(chart).to_dict(validate=False)
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert text.count(DATA) == 1, "a template has one data source, at the top"
    return text


# --- vl-convert, in this process or (after a fork from a process that used it) in a helper process ----------

_READY_PID: int | None = None  # the process whose vl-convert runtime is running
_HELPER: tuple[int, subprocess.Popen[bytes]] | None = None
_LOCK = threading.Lock()
calls = 0  # conversions by vl-convert in this process (the cache tests count them)


def _convert_here(spec: str) -> str:
    global _READY_PID
    import vl_convert

    if _READY_PID is None:
        vl_convert.register_font_directory(str(check_font()))
        _READY_PID = os.getpid()
    return str(vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]))


def _send(stream: IO[bytes], status: int, text: str) -> None:
    data = text.encode("utf-8")
    stream.write(struct.pack(">BQ", status, len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> tuple[int, str]:
    head = stream.read(9)
    if len(head) < 9:
        raise EOFError
    status, size = struct.unpack(">BQ", head)
    return status, stream.read(size).decode("utf-8")


def _convert_in_helper(spec: str) -> str:
    """vl-convert's runtime does not survive fork: a child of a process that used it asks a fresh interpreter."""
    global _HELPER
    if _HELPER is None or _HELPER[0] != os.getpid():
        root = str(Path(__file__).resolve().parents[3])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        module = __spec__.name if __spec__ else "generator.render.charts.vega"
        _HELPER = (os.getpid(), subprocess.Popen([sys.executable, "-m", module], env=env, stdin=subprocess.PIPE,
                                                 stdout=subprocess.PIPE))
    process = _HELPER[1]
    assert process.stdin is not None and process.stdout is not None
    try:
        _send(process.stdin, 0, spec)
        status, text = _receive(process.stdout)
    except (EOFError, BrokenPipeError) as exc:
        _HELPER = None
        raise RuntimeError("the vl-convert helper process stopped (its error is above)") from exc
    if status:
        raise RuntimeError(f"vl-convert failed in the helper process: {text}")
    return text


def _serve() -> None:
    """The helper process: one spec in, one SVG out, until stdin closes."""
    while True:
        try:
            _, spec = _receive(sys.stdin.buffer)
        except EOFError:
            return
        try:
            _send(sys.stdout.buffer, 0, _convert_here(spec))
        except Exception as exc:  # reported to the caller, which raises it
            _send(sys.stdout.buffer, 1, f"{type(exc).__name__}: {exc}")


def convert(spec: str) -> str:
    """One Vega-Lite spec (JSON) to SVG by vl-convert, uncached."""
    global calls
    with _LOCK:
        calls += 1
        if _READY_PID is not None and os.getpid() != _READY_PID:
            return _convert_in_helper(spec)
        return _convert_here(spec)


# --- the cache: memory, then disk, then vl-convert ---------------------------------------------------------

_MEMORY: dict[str, str] = {}


def spec_key(spec: str) -> str:
    """SHA-256 of the vl-convert version, the spec JSON (and the version of `minify`)."""
    return hashlib.sha256(f"vl-convert {engine_version()} minify {MINIFY}\n{spec}".encode()).hexdigest()


def svg(spec: str) -> str:
    """The SVG of a Vega-Lite spec (JSON), from the memory or disk cache when it was rendered before."""
    key = spec_key(spec)
    if key in _MEMORY:
        return _MEMORY[key]
    cached = _STORE.get("charts", key) if _STORE is not None else None
    if cached is not None:
        text = cached.decode("utf-8")
    else:
        text = minify(convert(spec))
        if _STORE is not None:
            _STORE.put("charts", key, text.encode("utf-8"))
    _MEMORY[key] = text
    return text


def clear_memory() -> None:
    """Forget the in-memory cache (the disk cache stays)."""
    _MEMORY.clear()


# --- from vl-convert's SVG to an inline, accessible one ----------------------------------------------------

MINIFY = 2  # change it when `minify` changes: the key of every cached SVG changes with it
_NOISE = re.compile(r'\s(?:class|pointer-events|role|aria-[a-z]+)="[^"]*"|\sopacity="1"|\sfont-family="[^"]*"'
                    r'|<path[^>]*? d="(?:M0,0h0v0h0Z)?"[^>]*/>')


def minify(raw: str) -> str:
    """vl-convert's SVG without what draws nothing (empty paths, classes, default opacity) or is not read out
    (the marks' ARIA attributes: the chart is one image), and with one font-family."""
    body = _NOISE.sub("", raw)
    return body.replace("<svg ", f'<svg font-family="{FONT_FAMILY}" ', 1)


_IDS = re.compile(r'(\sid="|url\(#|\shref="#)([^")]+)')


def inline_svg(svg: str, chart_id: str, title: str, summary: str, separator: str = ": ") -> str:
    """A minified SVG with ids made unique on the page, role="img", an accessible name and <title>/<desc>."""
    if ' id="' in svg:
        svg = _IDS.sub(lambda m: f"{m.group(1)}{chart_id}-{m.group(2)}", svg)
    label = html.escape(f"{title}{separator}{summary}" if summary else title)
    head, _, body = svg.partition(">")
    return (f'{head} role="img" aria-label="{label}"><title>{html.escape(title)}</title>'
            f"<desc>{html.escape(summary)}</desc>{body}")


if __name__ == "__main__":
    _serve()
