"""Format facts are data: a revision that renames every table, row, column and section id builds the same site.

The formats' `roles:` blocks name what charts, the year-over-year table and the narrative-number check read;
here both formats are rewritten with opaque ids (rules, lists, roles, narrative checks included), the sample content
is rewritten to match, and the charts, YoY tables and narrative warnings must show the same figures as before.
"""

from __future__ import annotations

import copy
import hashlib
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from generator import formats
from generator.build.pipeline import build, check
from generator.compute.yoy import YoYTable, yoy_table
from generator.model import Site
from generator.render.charts.organ import organ_charts
from generator.render.charts.portal import portal_charts
from generator.render.charts.report import report_charts

CONTENT = Path(__file__).resolve().parent.parent / "content"
SUFFIX = "-renamed"  # the renamed revisions' versions: 2019-renamed, 2021-renamed
DOTTED = re.compile(r"[\w{}*]+(?:\.[\w{}*]+)+")  # a cell id or pattern: t3.{r}.total, t2_art20_1.*.valid
FIGURE = re.compile(r"(?<![A-Za-z0-9_.])[0-9]+(?![A-Za-z0-9_.])")  # a number, not the digits of an id (t3)
REFERENCE = re.compile(r"\{\{\s*([^}\s]+)\s*\}\}")
# typed figures in pingtan 2021's narrative: 予以公开及部分公开 agrees with the tables (30 + 5), the others do not
TYPED = ("全年收到申请99件，上年度结转申请5件，办结71件，予以公开及部分公开35件，另有3件结转下年度办理；"
         "行政诉讼4件，不予公开9件，无法提供2件。")


def opaque(name: str) -> str:
    """A new id that shares nothing with the old one (no prefix, no order): code that knows an id cannot work."""
    return "x" + hashlib.sha256(name.encode()).hexdigest()[:8]


class Renamer:
    """Every table, row, column, group and section id of the formats → its opaque id, applied consistently."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        return self.ids.setdefault(name, opaque(name))

    def dotted(self, text: str) -> str:
        """Rename the known parts of every cell id or pattern in a text; placeholders, `*` and words stay."""
        return DOTTED.sub(lambda m: ".".join(self.ids.get(p, p) for p in m.group(0).split(".")), text)

    def tree(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """Rows or columns with their groups (nodes with `children`)."""
        return {self(k): {**v, "children": self.tree(v["children"])} if "children" in v else v
                for k, v in node.items()}

    def format(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """A format data file with every id renamed (and its version)."""
        out = copy.deepcopy(dict(data))
        out["version"] = f"{data['version']}{SUFFIX}"
        out["tables"] = {self(tid): {k: self.tree(v) if k in ("rows", "columns", "column_groups", "outcome_columns")
                                     else v for k, v in t.items() if k != "printed_column_order"}
                         for tid, t in data["tables"].items()}
        out["sections"] = {self(sid): {**s, "tables": [self(t) for t in s["tables"]]} if "tables" in s else s
                           for sid, s in data["sections"].items()}
        out["lists"] = {name: [self.ids[i] for i in items] for name, items in data["lists"].items()}
        out["required_narrative"] = [self.ids[s] for s in data["required_narrative"]]
        out["narrative_checks"] = [{**c, "section": self.ids[c["section"]]} for c in data["narrative_checks"]]
        out["roles"] = {block: {role: self.ids[i] for role, i in roles.items()} for block, roles in data["roles"].items()}
        for rule in out["rules"]:
            if "expr" in rule:
                rule["expr"] = self.dotted(str(rule["expr"]))
            rule["stock"] = [self.dotted(s) for s in rule.get("stock", [])]
            for var, items in (rule.get("for_each") or {}).items():
                if isinstance(items, list):
                    rule["for_each"][var] = [self.dotted(i) if "." in i else self.ids[i] for i in items]
        for unused in ("derived", "mapping_to_2021"):  # notes for readers, not read by the generator
            out.pop(unused, None)
        return out

    def report(self, data: dict[str, Any]) -> dict[str, Any]:
        """A report.yaml's data with its cell ids renamed and its format pointed at the renamed revision."""
        data["format"] = f"{data['format']}{SUFFIX}"
        data["tables"] = {self.ids[t]: {self.ids[r]: {self.ids[c]: v for c, v in cells.items()}
                                        for r, cells in rows.items()} for t, rows in data["tables"].items()}
        if "notes" in data:
            data["notes"] = {self.dotted(cid): note for cid, note in data["notes"].items()}
        for ack in data.get("acknowledged", []):
            ack["cells"] = [self.dotted(c) for c in ack.get("cells", [])]
        return data

    def narrative(self, text: str) -> str:
        """References `{{ t3.new_received.total }}` renamed (`highlights.<id>` stays)."""
        return REFERENCE.sub(lambda m: m.group(0).replace(m.group(1), self.dotted(m.group(1))), text)


def typed_numbers(root: Path) -> Path:
    """Add the typed figures to pingtan 2021's narrative."""
    zh = root / "pingtan" / "2021" / "zh.md"
    text = zh.read_text(encoding="utf-8")
    zh.write_text(text.replace("## 二、", f"{TYPED}\n\n## 二、", 1), encoding="utf-8")
    return root


class Seen(NamedTuple):
    """What a site shows of the figures that roles name."""

    charts: list[tuple[str, str, str, str, str, str, object, str]]  # organ, year, lang, id, title, summary, table, svg
    yoy: dict[str, YoYTable | None]
    narrative: list[tuple[str, str, int, int, list[str]]]  # severity, file, line, col, the figures in the message


def seen(site: Site, diagnostics: Any, root: Path) -> Seen:
    charts = []
    for organ in site.organs:
        for lang in site.languages:
            found = [(r.year, c) for r in organ.reports for c in report_charts(r, lang)]
            found += [(0, c) for c in organ_charts(organ, lang)]
            charts += [(organ.id, str(y), lang, c.id, c.title, c.summary, c.table, c.svg) for y, c in found]
    for lang in site.languages:
        charts += [("", "", lang, c.id, c.title, c.summary, c.table, c.svg) for c in portal_charts(site, lang)]
    narrative = [(d.severity, d.file.replace(str(root), ""), d.line, d.col, FIGURE.findall(d.message))
                 for d in diagnostics if d.code == "N_NARRATIVE_MATCHES_TABLES"]
    return Seen(charts, {o.id: yoy_table(o) for o in site.organs}, narrative)


class Built(NamedTuple):
    original: Seen
    renamed: Seen
    renamer: Renamer
    site: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    base = tmp_path_factory.mktemp("roles")
    original_root = typed_numbers(Path(shutil.copytree(CONTENT, base / "original")))
    result = check(str(original_root), cache=False)
    assert result.site is not None
    original = seen(result.site, result.diagnostics, original_root)

    renamer = Renamer()
    folder = base / "formats"
    folder.mkdir()
    for path in sorted(formats.FORMATS_DIR.glob("*.yaml")):
        data = renamer.format(yaml.safe_load(path.read_text(encoding="utf-8")))
        (folder / path.name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    root = Path(shutil.copytree(CONTENT, base / "renamed"))
    for report in root.glob("*/*/report.yaml"):
        data = yaml.safe_load(report.read_text(encoding="utf-8"))
        if data["format"] != formats.LEGACY:
            report.write_text(yaml.safe_dump(renamer.report(data), allow_unicode=True, sort_keys=False),
                              encoding="utf-8")
    for md in root.glob("*/*/*.md"):
        md.write_text(renamer.narrative(md.read_text(encoding="utf-8")), encoding="utf-8")
    typed_numbers(root)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(formats, "FORMATS_DIR", folder)
        formats.available.cache_clear()
        try:
            assert sorted(formats.available()) == [f"2019{SUFFIX}", f"2021{SUFFIX}"]
            out = base / "site"
            validation, written = build(str(root), str(out), search=False, cache=False)
            assert written, [d for d in validation.diagnostics if d.severity == "error"]
            assert validation.site is not None
            yield Built(original, seen(validation.site, validation.diagnostics, root), renamer, out)
        finally:
            formats.available.cache_clear()


def test_every_id_is_renamed(built: Built) -> None:
    assert {"t3", "t4", "new_received", "results_total", "denied", "total", "upheld", "s3_requests"} <= set(
        built.renamer.ids)
    assert len(set(built.renamer.ids.values())) == len(built.renamer.ids)
    fmt = formats.get(f"2021{SUFFIX}")  # the fixture's folder of renamed revisions is in use during the tests
    used = {*fmt.tables, *(s.id for s in fmt.sections), *(a.id for t in fmt.tables.values() for a in t.rows),
            *(a.id for t in fmt.tables.values() for a in t.columns)}
    assert used <= set(built.renamer.ids.values())
    assert fmt.roles.requests.cell(fmt.roles.requests.granted) == ".".join(map(opaque, ("t3", "granted", "total")))


def test_charts_show_the_same_figures(built: Built) -> None:
    assert len(built.renamed.charts) == len(built.original.charts) > 20
    assert built.renamed.charts == built.original.charts


def test_the_year_over_year_table_is_the_same(built: Built) -> None:
    assert built.original.yoy["pingtan"] is not None
    assert built.renamed.yoy == built.original.yoy


def test_the_narrative_check_reads_the_same_cells(built: Built) -> None:
    assert built.renamed.narrative == built.original.narrative
    said = [figures[0] for *_, figures in built.original.narrative]
    assert said == ["99", "5", "71", "3", "4", "9", "2"]  # 予以公开及部分公开35件 agrees: 30 + 5


def test_the_built_pages_show_charts_and_the_yoy_table(built: Built) -> None:
    organ = (built.site / "zh" / "pingtan" / "index.html").read_text(encoding="utf-8")
    assert 'class="data-table yoy"' in organ
    assert "chart-requests" in organ and "chart-corrected" in organ
    report = (built.site / "zh" / "pingtan" / "2021" / "index.html").read_text(encoding="utf-8")
    for chart in ("chart-outcomes", "chart-applicants", "chart-review"):
        assert chart in report
    # said once, in the table's corner cell (no second note under the table)
    assert report.count("（本列数据的勾稽关系为") == 1 and '<th scope="col" rowspan' in report
