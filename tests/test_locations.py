"""Reports carry where their figures are written (model.Locations): found in the file when asked for, packed when
the model is pickled, and always where PyYAML's marks put them."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from generator.build.pipeline import check
from generator.check.cells import cell_path
from generator.check.organ import validate_organ
from generator.check.site import read_site
from generator.errors import format_text
from generator.load.content import load_organ, load_site
from generator.load.positions import scan_tables
from generator.load.yamlsource import parse_yaml
from generator.model import Loc, Organ, Report

ROOT = Path(__file__).resolve().parent.parent


def _organs(content: Path | str) -> list[Organ]:
    """The organs as validation makes them (a build then keeps positions for aggregates only: `unlocated`)."""
    site_doc, names, diags = load_site(str(content))
    info = read_site(site_doc, diags)
    organs = []
    for name in names:
        raw, found = load_organ(str(content), name)
        organ = validate_organ(raw, frozenset(names), info.languages, found, info.similarity_threshold)
        if organ is not None:
            organs.append(organ)
    return organs


def _report(content: Path | str, organ: str, year: int) -> Report:
    found = next(o for o in _organs(content) if o.id == organ).report(year)
    assert found is not None
    return found


def test_a_report_carries_the_location_of_each_cell() -> None:
    report = _report(FIXTURES / "minimal", "demo", 2021)
    file = f"{FIXTURES / 'minimal'}/demo/2021/report.yaml"
    # line 16: `    new_received: {natural_person: 10, …, other_org: 0, total: 13}`
    assert report.locate("t3.new_received.total") == Loc(file, 16, 126)
    assert report.locate("t3.new_received.natural_person") == Loc(file, 16, 36)
    assert report.locations.tables == Loc(file, 5, 3)  # the first line below `tables:`
    packed = pickle.loads(pickle.dumps(report))  # as from the validation cache, or a worker process
    assert packed.locate("t3.new_received.total") == Loc(file, 16, 126)
    assert packed.locations.tables == Loc(file, 5, 3)


def test_a_computed_total_is_located_at_its_row(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    path = content / "demo" / "2021" / "report.yaml"
    text = path.read_text(encoding="utf-8")
    written = "    carried_over: {natural_person: 1, commercial: 0, research: 0, social_welfare: 0, legal_service: 0, " \
              "other_org: 0, total: 1}\n"
    assert written in text
    path.write_text(text.replace(written, "    carried_over:\n      natural_person: 1\n      commercial: 0\n"
                                 "      research: 0\n      social_welfare: 0\n      legal_service: 0\n"
                                 "      other_org: 0\n"), encoding="utf-8")
    report = _report(content, "demo", 2021)
    assert "t3.carried_over.total" in report.computed
    row = Loc(str(path), 18, 7)  # `natural_person: 1`, the row's first line
    assert report.locate("t3.carried_over.total") == row
    assert report.locate("t3.carried_over.commercial") == Loc(str(path), 19, 19)
    assert pickle.loads(pickle.dumps(report)).locate("t3.carried_over.total") == row


@pytest.mark.parametrize("content", [ROOT / "content", FIXTURES / "minimal", FIXTURES / "aggregate"],
                         ids=lambda p: p.name)
def test_packed_locations_are_where_the_marks_are(content: Path) -> None:
    for report in (r for organ in _organs(content) for r in organ.reports):
        if report.format is None:
            continue
        doc, _ = parse_yaml(report.locations.file, Path(report.locations.file).read_text(encoding="utf-8-sig"))
        assert doc is not None
        assert scan_tables(doc.text, doc.data["tables"]) is not None  # the plain layout is scanned, not composed
        packed = pickle.loads(pickle.dumps(report))
        assert packed.locations.tables == Loc(doc.file, *doc.at(("tables",)))
        for cell in report.format.cell_types:
            assert packed.locate(cell) == report.locate(cell) == Loc(doc.file, *doc.at(cell_path(cell))), cell


def test_unusual_layouts_are_located_by_the_marks() -> None:
    text = ("format: '2021'\ntables:\n  t3:\n    new_received: &row {natural_person: 1, total: 1}\n"
            "    granted: {natural_person: 'one, two', total: 1}\n")
    doc, _ = parse_yaml("x.yaml", text)
    assert doc is not None and scan_tables(doc.text, doc.data["tables"]) is None


def test_aggregate_diagnostics_are_located_the_same_from_worker_processes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "aggregate", content)
    path = content / "county" / "2021" / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("granted: {natural_person: 30,",
                                                             "granted: {natural_person: 31,"), encoding="utf-8")
    here = [format_text(d) for d in check(str(content), jobs=1).diagnostics]
    pooled = [format_text(d) for d in check(str(content), jobs=2, model=False).diagnostics]
    assert pooled == here == [format_text(d) for d in check(str(content), jobs=2).diagnostics]
    assert any(line.startswith(f"{path}:18:") and "AGGREGATE_SUM" in line for line in here), here


def test_a_build_keeps_positions_for_aggregates_only() -> None:
    """After validation only an aggregate's own figures are located (against its members' sum): the others are
    sent to the build and the cache without positions, which would cost a scan of every report.yaml."""
    site = check(str(FIXTURES / "aggregate"), jobs=2).site
    assert site is not None
    for organ in site.organs:
        for report in organ.reports:
            assert bool(report.locations.packed()) == bool(organ.members), (organ.id, report.year)
    assert any(organ.members and organ.reports for organ in site.organs)
