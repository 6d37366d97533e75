"""The Jinja2 side of rendering: the environment (user override folder first, compiled templates in the cache
store), the filters, the strings of each language, static files, and the statutory tables rendered once per format
and language as skeletons that a report fills. `PageMaker` is what pages.py and print/ need of the site renderer."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import jinja2
import yaml
from markupsafe import Markup, escape

from generator import TEMPLATES
from generator.cache.store import Store
from generator.errors import TemplateError
from generator.formats import Format, Label
from generator.load.yamlsource import safe_load
from generator.model import Report, Site
from generator.render.chartfigure import ChartSkeleton, chart_head, chart_rows, chart_skeletons
from generator.render.layout import layouts
from generator.render.narrative import amount_text, separated, shown_figure
from generator.render.public import acknowledged_cells, discrepancy_text
from generator.render.template_errors import template_errors

if TYPE_CHECKING:
    pass

LANG_TAGS = {"zh": "zh-CN", "en": "en"}


def format_value(value: Any) -> str:
    """A cell value as printed in a table: blank for None, thousands separators from 10,000 on, text as given."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return separated(value)
    return str(value)


def format_figure(value: Any, lang: str, approximate: bool = False) -> str:
    """A figure in prose or on a card: thousands separators from 10,000 on, decimals as given; 万 in Chinese."""
    return shown_figure(value, lang, approximate)


def file_size(size: int, lang: str) -> str:
    """A download's size for people: `2.3 KB`."""
    if size < 1024:
        return f"{size} B" if lang == "en" else f"{size} 字节"
    return f"{size / 1024:.1f} KB"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in the cache store (kind "templates"): signed, so no file planted in the cache folder
    is ever loaded as code."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket from the store, if this template was compiled before."""
        data = self.store.get("templates", bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a freshly compiled template."""
        self.store.put("templates", bucket.key, bucket.bytecode_to_string())


def environment(override: Path | None = None, store: Store | None = None) -> jinja2.Environment:
    """The Jinja2 environment: autoescape, StrictUndefined, the override folder searched before templates/; with
    `store`, templates compiled once are kept there (by a hash of their source) for the next builds."""
    paths = [str(p) for p in (override, TEMPLATES) if p is not None]
    # compiling the templates took a sixth of a build of unchanged content
    bytecode = _CompiledTemplates(store) if store is not None else None
    # auto_reload off: templates do not change during a build (serve makes a new environment when they do), and
    # checking each file's mtime on every get_template cost 4% of a report page
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             bytecode_cache=bytecode, auto_reload=False)
    env.filters["value"] = format_value
    env.filters["figure"] = format_figure
    env.filters["size"] = file_size
    env.filters["chart_head"] = chart_head
    env.filters["chart_rows"] = chart_rows
    env.filters["t"] = lambda label, lang: "" if label is None else label.get(lang)
    env.filters["discrepancy"] = discrepancy_text
    env.globals["LANG_TAGS"] = LANG_TAGS
    return env


def read_strings(name: str, override: Path | None) -> dict[str, dict[str, str]]:
    """The texts of each language in `name` (strings.yaml, print_strings.yaml): the built-in ones, and over them,
    text by text, those of the templates folder's file of that name (a located TemplateError when it is not
    valid)."""
    built_in: dict[str, dict[str, str]] = safe_load((TEMPLATES / name).read_text(encoding="utf-8"))
    strings = {lang: dict(texts) for lang, texts in built_in.items()}
    own = override / name if override is not None else None
    if own is None or not own.is_file():
        return strings
    try:
        data = safe_load(own.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"cannot read {name}: {exc}", f"{own}:1:1", True) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{own}:{mark.line + 1}:{mark.column + 1}" if mark is not None else f"{own}:1:1"
        raise TemplateError(f"{name} is not valid YAML: {getattr(exc, 'problem', None) or exc}", where,
                            True) from None
    valid = isinstance(data, dict) and all(isinstance(texts, dict) and all(isinstance(v, str) for v in texts.values())
                                           for texts in data.values())
    if not valid:
        raise TemplateError(f"{name} must give each language its texts, e.g. `zh: {{home: 首页}}`", f"{own}:1:1",
                            True)
    for lang, texts in data.items():
        strings.setdefault(str(lang), {}).update(texts)
    return strings


def static_files(override: Path | None) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for base in (TEMPLATES / "static", override / "static" if override else None):
        if base is not None and base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    files[f"static/{path.relative_to(base).as_posix()}"] = path.read_bytes()
    return files


_MARK = re.compile("\ue010([^\ue012]+)\ue012([0-9]+)\ue011")


def mark(cell_id: str, span: int) -> Markup:
    return Markup(f"\ue010{cell_id}\ue012{span}\ue011")


class TableSkeleton:
    """A statutory table rendered once per format and language, with a mark where each report's cell goes.

    A report page then costs one join instead of a template call per cell (~200 cells per report).
    """

    def __init__(self, html: str, strings: Mapping[str, str], lang: str) -> None:
        pieces = _MARK.split(html)
        self.text = pieces[0::3]
        self.cells = list(zip(pieces[1::3], (int(x) for x in pieces[2::3]), strict=True))
        # made once: each cell's id and colspan attributes, with the skeleton's text that follows the cell
        self._ends = [(f'" id="c-{cell_id.replace(".", "-")}"' + (f' colspan="{span}"' if span > 1 else "") + ">",
                       after) for (cell_id, span), after in zip(self.cells, self.text[1:], strict=True)]
        self.blank = f'<span class="visually-hidden">{escape(strings["blank_cell"])}</span>'
        self.star = f'<span class="computed-mark" title="{escape(strings["computed_mark"])}">*</span>'
        self.ack = (f'<a class="ack-mark" href="#discrepancies" title="{escape(strings["acknowledged_mark"])}">'
                    f'<span aria-hidden="true">!</span><span class="visually-hidden">'
                    f'{escape(strings["acknowledged_mark"])}</span></a>')
        self.lang = lang
        # for a report without marks or notes: each cell's attributes, and its end with the text after
        self._plain = [(cell_id, attrs, f"</td>{after}") for (cell_id, _), (attrs, after)
                       in zip(self.cells, self._ends, strict=True)]

    def fill(self, report: Report) -> str:
        """The table with this report's values."""
        values, computed, notes = report.values, report.computed, report.notes
        acknowledged = acknowledged_cells(report) if report.discrepancies else frozenset()
        marked = computed or acknowledged or notes  # most reports: no cell has a mark or a note
        if not marked:
            return self._fill_plain(values)
        return self._fill_marked(values, computed, acknowledged, notes)

    def _fill_marked(self, values: Mapping[str, Any], computed: Collection[str], acknowledged: Collection[str],
                     notes: Mapping[str, Label]) -> str:
        """`fill` of a report with computed or acknowledged cells, or notes."""
        out = [self.text[0]]
        for (cell_id, _), (attrs, after) in zip(self.cells, self._ends, strict=True):
            value = values[cell_id]
            if value.__class__ is int:  # most cells: a count, digits that need no escaping and are no amount
                css, shown = "num", f"{value:,}" if value >= 10000 or value <= -10000 else str(value)
            elif value is None:
                css, shown = "num blank", self.blank
            else:  # str(): Markup + str would escape the marks added below
                css, shown = "num", str(escape(amount_text(format_value(value), self.lang)))
            if cell_id in computed:
                css += " computed"
                shown += self.star
            if cell_id in acknowledged:
                css += " acknowledged"
                shown += self.ack
            if cell_id in notes:
                shown += f'<span class="cell-note">{escape(notes[cell_id].get(self.lang))}</span>'
            out.append(f'<td class="{css}{attrs}{shown}</td>{after}')
        return "".join(out)

    def _fill_plain(self, values: Mapping[str, Any]) -> str:
        """`fill` of a report without marks or notes: counts written straight in (a fifth faster)."""
        out = [self.text[0]]
        for cell_id, attrs, end in self._plain:
            value = values[cell_id]
            if value.__class__ is int:
                out.append(f'<td class="num{attrs}{value:,}{end}' if value >= 10000 or value <= -10000
                           else f'<td class="num{attrs}{value}{end}')
            elif value is None:
                out.append(f'<td class="num blank{attrs}{self.blank}{end}')
            else:
                out.append(f'<td class="num{attrs}{escape(amount_text(format_value(value), self.lang))}{end}')
        return "".join(out)


class PageMaker(Protocol):
    """What the other page makers (pages.py, print/) use of the site renderer."""

    site: Site
    env: jinja2.Environment
    strings: dict[str, dict[str, str]]
    override: Path | None

    def page(self, here: str, template: str, lang: str | None, alternates: Mapping[str, str], **ctx: Any) -> bytes:
        """Render one page at site path `here`."""
        ...

    def skeletons(self, fmt: Format, lang: str) -> dict[str, list[TableSkeleton]]:
        """The tables of each section of a format, rendered once per language."""
        ...


class Templates:
    """The compiled templates of a site: the environment, the strings of each language, and the statutory tables
    rendered once per format and language. Kept between builds of `serve`: none of it depends on the content."""

    def __init__(self, override: Path | None = None, store: Store | None = None) -> None:
        self.override = override
        self.env = environment(override, store)
        self.strings = read_strings("strings.yaml", override)
        self._skeletons: dict[tuple[str, str], dict[str, list[TableSkeleton]]] = {}
        self._charts: dict[str, tuple[ChartSkeleton, ChartSkeleton] | None] = {}

    def chart_skeletons(self, lang: str) -> tuple[ChartSkeleton, ChartSkeleton] | None:
        """The chart figure's skeletons in `lang` (with a narrow drawing, without); None where the override folder
        has its own _chart.html.j2 (called as a macro for each chart)."""
        if lang not in self._charts:
            own = self.override is not None and (self.override / "_chart.html.j2").exists()
            with template_errors(self.override):
                self._charts[lang] = None if own else chart_skeletons(self.env, self.strings[lang], lang)
        return self._charts[lang]

    def warm(self, names: tuple[str, ...]) -> None:
        """Compile these templates now (before worker processes fork and inherit them)."""
        with template_errors(self.override):
            for name in names:
                self.env.get_template(name)

    def skeletons(self, fmt: Format, lang: str) -> dict[str, list[TableSkeleton]]:
        """The tables of each section of a format, rendered once per language."""
        key = (fmt.version, lang)
        if key not in self._skeletons:
            with template_errors(self.override):
                self._skeletons[key] = self._skeleton(fmt, lang)
        return self._skeletons[key]

    def _skeleton(self, fmt: Format, lang: str) -> dict[str, list[TableSkeleton]]:
        macro = self.env.get_template("_table.html.j2").module.statutory_table  # type: ignore[attr-defined]
        strings = self.strings[lang]
        return {section: [TableSkeleton(str(macro(layout, mark, lang, strings.__getitem__)), strings, lang)
                          for layout in section_layouts]
                for section, section_layouts in layouts(fmt).items()}
