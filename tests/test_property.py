"""Property tests: random consistent tables pass; changing any one cell is caught by exactly the right rules."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import MINIMAL, diagnostics_of
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import formats
from generator.check.rules import evaluate, fill_totals

count = st.integers(min_value=0, max_value=500)


@st.composite
def consistent_cells(draw: st.DrawFn, version: str) -> dict[str, int]:
    """A table filled so that every equation rule of the format holds."""
    fmt = formats.get(version)
    applicants = fmt.lists["t3_applicant_cols"]
    leaves = fmt.lists["t3_result_leaves"]
    cells: dict[str, int] = {}
    for c in applicants:
        for r in leaves:
            cells[f"t3.{r}.{c}"] = draw(st.integers(0, 40))
        results = sum(cells[f"t3.{r}.{c}"] for r in leaves)
        carry_forward = draw(count)
        carried_over = draw(st.integers(0, results + carry_forward))
        cells[f"t3.results_total.{c}"] = results
        cells[f"t3.carry_forward.{c}"] = carry_forward
        cells[f"t3.carried_over.{c}"] = carried_over
        cells[f"t3.new_received.{c}"] = results + carry_forward - carried_over
    for r in fmt.lists["t3_all_rows"]:
        cells[f"t3.{r}.total"] = sum(cells[f"t3.{r}.{c}"] for c in applicants)
    for g in fmt.lists["t4_groups"]:
        parts = [draw(count) for _ in fmt.lists["t4_outcomes"]]
        cells.update({f"t4.{g}.{o}": v for o, v in zip(fmt.lists["t4_outcomes"], parts, strict=True)})
        cells[f"t4.{g}.total"] = sum(parts)
    return cells


def failing(version: str, values: dict[str, int]) -> set[tuple[str, str]]:
    fmt = formats.get(version)
    return {(f.instance.rule_id, f.instance.key) for f in evaluate(fmt, dict(values), [])
            if f.instance.cells()[0].startswith(("t3.", "t4."))}


def instances_reading(version: str, cell_id: str) -> set[tuple[str, str]]:
    fmt = formats.get(version)
    return {(i.rule_id, i.key) for r in fmt.rules if r.kind == "equation" for i in r.instances if cell_id in i.cells()}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda v: st.tuples(st.just(v), consistent_cells(v))))
def test_consistent_tables_pass(case: tuple[str, dict[str, int]]) -> None:
    version, cells = case
    assert failing(version, cells) == set()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["2019", "2021"]).flatmap(
    lambda v: st.tuples(st.just(v), consistent_cells(v), st.sampled_from(sorted(
        c for c in formats.get(v).cell_types if c.startswith(("t3.", "t4.")))),
        st.integers(1, 50) | st.integers(-50, -1))))
def test_one_changed_cell_is_caught_by_the_rules_that_read_it(case: tuple[str, dict[str, int], str, int]) -> None:
    version, cells, cell_id, delta = case
    cells[cell_id] += delta
    expected = instances_reading(version, cell_id)
    assert expected  # every t3/t4 cell is read by at least one rule
    assert failing(version, cells) == expected


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda v: st.tuples(st.just(v), consistent_cells(v))))
def test_omitted_totals_are_recomputed_exactly(case: tuple[str, dict[str, int]]) -> None:
    version, cells = case
    fmt = formats.get(version)
    given_cells = {cid: v for cid, v in cells.items() if cid not in fmt.fillable}
    values, computed = fill_totals(fmt, given_cells, set(fmt.fillable) & set(cells))
    assert values == cells
    assert computed == set(fmt.fillable)


def _nest(cells: dict[str, object]) -> dict[str, dict[str, dict[str, object]]]:
    tables: dict[str, dict[str, dict[str, object]]] = {}
    for cid, v in cells.items():
        t, r, c = cid.split(".")
        tables.setdefault(t, {}).setdefault(r, {})[c] = v
    return tables


@settings(max_examples=25, deadline=None)
@given(consistent_cells("2021"), st.data())
def test_end_to_end_through_yaml(cells: dict[str, int], data: st.DataObject) -> None:
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp()) / "content"
    shutil.copytree(MINIMAL, root)
    shutil.rmtree(root / "demo/2020")  # one year: changed cells must not also break the chains with the year before
    report = root / "demo/2021/report.yaml"
    doc = yaml.safe_load(report.read_text(encoding="utf-8"))
    doc["tables"].update(_nest(cells))
    report.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert diagnostics_of(root) == []
    cell_id = data.draw(st.sampled_from(sorted(c for c in cells if c.startswith("t3."))))
    cells[cell_id] += 1
    doc["tables"].update(_nest(cells))
    report.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    codes = {d.split("[")[1].split("]")[0] for d in diagnostics_of(root)}
    assert codes == {rule for rule, _ in instances_reading("2021", cell_id)}
    shutil.rmtree(root.parent)
