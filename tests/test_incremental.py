"""The incremental builder behind `govreport serve`: an edit rewrites only what it changes; errors keep the site."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import MINIMAL

from generator.build import incremental
from generator.build.files import SiteFiles
from generator.build.incremental import Builder
from generator.check.site import Validation
from generator.cli.serve import serve


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINIMAL, root)
    return root


def test_edit_rewrites_only_the_changed_files(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    out = tmp_path / "site"
    builder = Builder(str(root), str(out))
    result, written = builder.rebuild()
    assert result.site is not None and written > 10
    assert builder.rebuild()[1] == 0  # nothing changed, nothing written
    zh = root / "demo/2021/zh.md"
    zh.write_text(zh.read_text(encoding="utf-8").replace("政策解读。", "政策解读和回应。"), encoding="utf-8")
    result, written = builder.rebuild()
    assert written == 1
    assert "政策解读和回应" in (out / "zh/demo/2021/index.html").read_text(encoding="utf-8")


def test_a_changed_figure_updates_page_json_and_all_csv(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    out = tmp_path / "site"
    builder = Builder(str(root), str(out))
    builder.rebuild()
    report = root / "demo/2021/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("licensing: {decisions: 120}",
                                                                 "licensing: {decisions: 121}"), encoding="utf-8")
    result, written = builder.rebuild()
    assert result.site is not None
    assert '"t2_art20_5.licensing.decisions": 121' in (out / "data/demo-2021.json").read_text(encoding="utf-8")
    assert "demo,2021,t2_art20_5,licensing,decisions,121" in (out / "data/all.csv").read_text(encoding="utf-8-sig")
    assert written >= 5  # both pages (and their download sizes), JSON, CSV, all.csv


def test_errors_leave_the_site_as_it_was(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    out = tmp_path / "site"
    builder = Builder(str(root), str(out))
    builder.rebuild()
    before = (out / "zh/demo/2021/index.html").read_bytes()
    report = root / "demo/2021/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("{decisions: 120}", "{decisions: x}"),
                      encoding="utf-8")
    result, written = builder.rebuild()
    assert result.site is None and written == 0
    assert (out / "zh/demo/2021/index.html").read_bytes() == before


def test_serve_rebuilds_on_change(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    out = tmp_path / "site"
    stop = threading.Event()
    reports: list[tuple[Validation, int]] = []
    thread = threading.Thread(target=serve, args=(str(root), str(out), "127.0.0.1", 0, None,
                                                  lambda r, n, s: reports.append((r, n))),
                              kwargs={"interval": 0.05, "stop": stop}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not reports and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reports and reports[0][0].site is not None
    zh = root / "demo/2021/zh.md"
    zh.write_text(zh.read_text(encoding="utf-8") + "\n新增一句。\n", encoding="utf-8")
    while len(reports) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(10)
    assert len(reports) >= 2 and reports[1][1] == 1
    assert "新增一句" in (out / "zh/demo/2021/index.html").read_text(encoding="utf-8")


def test_serve_serves_the_site(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = _copy(tmp_path)
    out = tmp_path / "site"
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(str(root), str(out), "127.0.0.1", port, None, lambda *a: None),
                              kwargs={"interval": 0.05, "stop": stop}, daemon=True)
    thread.start()
    body = b""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not body:
        try:
            body = urllib.request.urlopen(f"http://127.0.0.1:{port}/zh/demo/2021/index.html", timeout=2).read()
        except OSError:
            time.sleep(0.1)
    stop.set()
    thread.join(10)
    assert "示例县人民政府".encode() in body


def test_a_changed_member_rebuilds_its_aggregate(tmp_path: Path) -> None:
    from conftest import FIXTURES

    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "aggregate", root)
    out = tmp_path / "site"
    builder = Builder(str(root), str(out))
    assert builder.rebuild()[0].site is not None
    page = out / "zh/county/2022/index.html"  # computed from the office's and the finance bureau's 2022 reports
    assert 'id="c-t2_art20_5-licensing-decisions" colspan="3">360<' in page.read_text(encoding="utf-8")
    report = root / "county-office/2022/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("licensing: {decisions: 120}",
                                                                 "licensing: {decisions: 121}"), encoding="utf-8")
    result, written = builder.rebuild()
    assert result.site is not None and written >= 3
    assert 'id="c-t2_art20_5-licensing-decisions" colspan="3">361<' in page.read_text(encoding="utf-8")


def test_a_new_publication_date_reaches_the_timeliness_page(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "aggregate", root)
    out = tmp_path / "site"
    builder = Builder(str(root), str(out))
    builder.rebuild()
    page = out / "en" / "timeliness" / "2022" / "index.html"
    assert "2023-02-15" in page.read_text(encoding="utf-8")
    report = root / "county-finance" / "2022" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("published: 2023-02-15", "published: 2023-01-20"),
                      encoding="utf-8")
    builder.rebuild()
    text = page.read_text(encoding="utf-8")
    assert "2023-01-20" in text and "2023-02-15" not in text


def test_an_unchanged_content_costs_nothing_but_a_look(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy(tmp_path)
    builder = Builder(str(root), str(tmp_path / "site"))
    builder.rebuild()
    calls: list[str] = []
    monkeypatch.setattr(incremental, "check_organs", lambda *a, **k: calls.append("check") or [])
    monkeypatch.setattr(SiteFiles, "common_files", lambda self: calls.append("render") or {})
    result, written = builder.rebuild()  # serve asks twice a second
    assert (written, calls) == (0, []) and result.site is not None and not result.errors
    report = root / "demo/2021/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("{decisions: 120}", "{decisions: x}"),
                      encoding="utf-8")
    monkeypatch.undo()
    errors = builder.rebuild()[0].errors
    assert errors and builder.rebuild() == (builder.last, 0) and builder.rebuild()[0].errors == errors


def test_a_template_broken_while_serving_is_located_and_the_pages_stay(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli.serve import _rebuild

    root, out, own = _copy(tmp_path), tmp_path / "site", tmp_path / "own"
    own.mkdir()
    organ = own / "organ.html.j2"
    organ.write_text('{% extends "base.html.j2" %}{% block main %}<p>自定义</p>{% endblock %}\n', encoding="utf-8")
    builder = Builder(str(root), str(out), own)
    failed: list[str] = []
    assert _rebuild(builder, failed, first=True) is not None
    page = (out / "zh/demo/index.html").read_text(encoding="utf-8")
    organ.write_text('{% extends "base.html.j2" %}\n{% block main %}{{ oops(}}{% endblock %}\n', encoding="utf-8")
    assert _rebuild(builder, failed) is None and _rebuild(builder, failed) is None
    assert capsys.readouterr().err.splitlines() == [  # said once, not on every poll
        f"{organ}:2:1: error[TEMPLATE]: unexpected '}}', expected ')'; the site was not rebuilt, the previous pages "
        "stay"]
    assert (out / "zh/demo/index.html").read_text(encoding="utf-8") == page
    organ.write_text('{% extends "base.html.j2" %}{% block main %}<p>改好了</p>{% endblock %}\n', encoding="utf-8")
    assert _rebuild(builder, failed) is not None
    assert "改好了" in (out / "zh/demo/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("fixture", "edits"), [
    ("aggregate", [("county-office/2022/report.yaml", "licensing: {decisions: 120}", "licensing: {decisions: 121}"),
                   ("county-finance/2022/zh.md", "\n", "\n\n补充说明。\n")]),
    ("minimal", [("demo/2021/report.yaml", "value: 2599", "value: 2600"),
                 ("demo/2021/report.yaml", "licensing: {decisions: 120}", "licensing: {decisions: 121}")]),
])
def test_after_edits_the_served_site_is_what_a_build_makes(tmp_path: Path, fixture: str,
                                                          edits: list[tuple[str, str, str]]) -> None:
    """Figure, key figure and narrative edits of members and aggregates: serve's folder then holds every file of a
    fresh build of the same content, byte for byte (all.csv and highlights.csv from the kept lines of each organ)."""
    from conftest import FIXTURES

    from generator.build.pipeline import build

    root = tmp_path / "content"
    shutil.copytree(FIXTURES / fixture, root)
    out = tmp_path / "site"
    builder = Builder(str(root), str(out))
    assert builder.rebuild()[0].site is not None
    before = (out / "data/highlights.csv").read_bytes(), (out / "data/all.csv").read_bytes()
    for rel, old, new in edits:
        text = (root / rel).read_text(encoding="utf-8")
        assert old in text
        (root / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
        assert builder.rebuild()[0].site is not None
    fresh = tmp_path / "fresh"
    assert build(str(root), str(fresh), search=False)[0].site is not None
    made = sorted(str(p.relative_to(fresh)) for p in fresh.rglob("*") if p.is_file())
    assert [rel for rel in made if (out / rel).read_bytes() != (fresh / rel).read_bytes()] == []
    changed = [(out / "data/highlights.csv").read_bytes() != before[0], (out / "data/all.csv").read_bytes() != before[1]]
    assert changed == [fixture == "minimal", True]
