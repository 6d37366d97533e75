"""Aggregation (汇总) from three member organs, the timeliness dashboard and the year-over-year table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, diagnostics_of

from generator.build.pipeline import check
from generator.compute.timeliness import counts, dashboard
from generator.compute.yoy import yoy_table
from generator.model import Organ, Site

AGGREGATE = FIXTURES / "aggregate"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def county(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(AGGREGATE, root)
    return root


def _edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _site(root: Path) -> Site:
    site = check(str(root)).site
    assert site is not None
    return site


def _organ(site: Site, organ_id: str) -> Organ:
    return next(o for o in site.organs if o.id == organ_id)


def test_members_sum_cell_by_cell(county: Path) -> None:
    site = _site(county)
    organ = _organ(site, "county")
    assert organ.members == ("county-office", "county-finance", "county-education")
    by_year = {a.year: a for a in organ.aggregates}
    assert sorted(by_year) == [2021, 2022]
    # 2021: scales 1 + 2 + 3 of the same tables; the county's own report states 6x: no difference
    full = by_year[2021]
    assert full.members == ("county-office", "county-finance", "county-education") and full.missing == ()
    assert full.differences == ()
    office = _organ(site, "county-office").report(2021)
    assert office is not None
    for cell in ("t3.new_received.total", "t3.granted.natural_person", "t4.review.total", "t2_art20_8.fees.amount"):
        assert full.values[cell] == 6 * office.values[cell]  # type: ignore[operator]
    # 2022: the education bureau has not reported; the county has no report of its own
    partial = by_year[2022]
    assert partial.members == ("county-office", "county-finance") and partial.missing == ("county-education",)
    assert partial.values["t3.new_received.total"] == (13 + 2) + (26 + 2)


def test_stated_figures_that_differ_from_the_members_are_warned(county: Path) -> None:
    _edit(county, "county/2021/report.yaml", "new_received: {natural_person: 60, commercial: 12,",
          "new_received: {natural_person: 61, commercial: 12,")
    _edit(county, "county/2021/report.yaml", "results_total: {natural_person: 60,", "results_total: {natural_person: 61,")
    _edit(county, "county/2021/report.yaml", "granted: {natural_person: 30,", "granted: {natural_person: 31,")
    found = [d for d in diagnostics_of(county) if "AGGREGATE_SUM" in d]
    assert found[0] == (
        "county/2021/report.yaml:16:36: warning[AGGREGATE_SUM]: t3.new_received: the report states natural_person 61; "
        "its 3 members' reports add up to natural_person 60\n"
        "  hint: an aggregate (汇总) report should equal the sum of its members' tables; check the figures, or the list "
        "of `members` in organ.yaml")
    assert len(found) == 3  # new_received, granted, results_total


def test_a_member_without_a_report_makes_the_sum_not_checkable(county: Path) -> None:
    shutil.rmtree(county / "county-education/2021")
    assert [d for d in diagnostics_of(county, notes=True) if "AGGREGATE_SUM" in d] == [
        "county/2021/report.yaml:5:3: note[AGGREGATE_SUM]: the sum of the members is not checkable: county-education "
        "has no 2021 report in the 2021 format\n"
        "  hint: add the members' reports, or correct `members` in organ.yaml"]


def test_unknown_member_is_an_error_with_a_suggestion(county: Path) -> None:
    _edit(county, "county/organ.yaml", "county-finance,", "county-finanse,")
    _edit(county, "county/organ.yaml", "county-education]", "county]")
    assert [d for d in diagnostics_of(county) if d.startswith("county/organ.yaml")] == [
        "county/organ.yaml:4:26: error[UNKNOWN_ORGAN]: member organ `county-finanse` does not exist (did you mean "
        "`county-finance`?)\n"
        "  hint: each member is the folder name of another organ in the content folder",
        "county/organ.yaml:4:42: error[BAD_VALUE]: an organ cannot be its own member\n"
        "  hint: list the other organs whose reports this one aggregates",
    ]


def test_timeliness_dashboard(county: Path) -> None:
    site = _site(county)
    entries = dashboard(site, 2022)
    assert [(e.organ.id, e.status, e.deadline.isoformat(), e.days_late) for e in entries] == [
        ("county-education", "missing", "2023-01-31", 0),  # `since: 2021`: it publishes here, so not published
        ("county-finance", "late", "2023-01-31", 15),
        ("county-office", "on_time", "2023-01-31", 0),
        ("county", "absent", "2023-03-31", 0),  # no `since`: the site cannot tell, so not on this site
    ]
    assert counts(entries) == {"on_time": 1, "late": 1, "missing": 1, "unknown": 0, "absent": 1}
    assert counts(dashboard(site, 2021)) == {"on_time": 4, "late": 0, "missing": 0, "unknown": 0, "absent": 0}


def test_year_over_year_table_of_the_sample() -> None:
    site = _site(ROOT / "content")
    table = yoy_table(_organ(site, "pingtan"))
    assert table is not None and table.years == (2019, 2020, 2021, 2022, 2025)
    rows = dict(table.rows)
    assert [(c.value, c.change, c.percent) for c in rows["yoy_new_received"]] == [
        (23, "", ""), (21, "−2", "−8.7%"), (70, "+49", "+233.3%"), (74, "+4", "+5.7%"), (154, "+80", "+108.1%")]
    assert [c.value for c in rows["yoy_litigation"]] == [0, 0, 12, 1, 9]
    # no report of 2023 and 2024 on the site: 2025's changes are from 2022, and the page says so
    assert table.absent == (2023, 2024)
    assert [table.compared_with(i) for i in range(5)] == [None, None, None, None, 2022]
    assert yoy_table(_organ(site, "guangzhou-office")) is None  # one statutory report: nothing to compare


def test_aggregate_pages_are_built(county: Path, tmp_path: Path) -> None:
    from generator.build.pipeline import build

    out = tmp_path / "site"
    _, written = build(str(county), str(out), search=False)
    assert written is not None
    page = (out / "zh/county/2022/index.html").read_text(encoding="utf-8")  # computed: no report of its own
    assert "2022年度汇总数据（由成员单位报告计算）" in page
    assert 'href="../../county-office/2022/index.html"' in page and "示例县教育局" in page
    own = (out / "en/county/2021/index.html").read_text(encoding="utf-8")
    assert "The tables equal the sum of the member organs&#39; reports." in own
    for member in ("county-office", "county-finance", "county-education"):
        assert f'href="../../{member}/2021/index.html"' in own
    dashboard_page = (out / "en/timeliness/2022/index.html").read_text(encoding="utf-8")
    assert "Late" in dashboard_page and ">15<" in dashboard_page
