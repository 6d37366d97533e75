"""Progress of long builds (generator/build/sitejobs.py): stages and counts for a person at a terminal, nothing in CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL

from generator.build import sitejobs
from generator.build.pipeline import build
from generator.cli import main as cli


def test_the_ticker_reports_every_few_seconds_and_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 0.5, 2.6, 3.0, 3.1, 3.2])
    monkeypatch.setattr(sitejobs.time, "monotonic", lambda: next(clock))
    said: list[str] = []
    ticker = sitejobs._Ticker(said.append, 4, "PDFs")  # made at 0.0
    for _ in range(4):
        ticker.tick()  # at 0.5 (too soon), 2.6 (2 s later: said), 3.0 (too soon), 3.1 (the last: said)
    ticker.tick(0)  # an empty chunk after the end says nothing more
    assert said == ["2 of 4 PDFs done", "4 of 4 PDFs done"]


def test_a_build_tells_its_stages_and_counts(tmp_path: Path) -> None:
    said: list[str] = []
    build(str(MINIMAL), str(tmp_path / "site"), search=False, progress=said.append)
    assert said == ["checking the content", "rendering 2 reports", "2 of 2 reports done"]


def test_progress_is_shown_at_a_terminal_but_not_in_ci(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    assert cli.main(["build", str(MINIMAL), "-o", str(tmp_path / "a"), "--no-search", "--no-pdf"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert any(line.endswith("s  2 of 2 reports done …") for line in lines), lines
    monkeypatch.setattr(cli, "_interactive", lambda: False)
    assert cli.main(["build", str(MINIMAL), "-o", str(tmp_path / "b"), "--no-search", "--no-pdf"]) == 0
    assert "reports done" not in capsys.readouterr().err
