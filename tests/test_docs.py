"""The README documents every diagnostic code, every rule of the formats and every content key."""

from __future__ import annotations

import re
from pathlib import Path

from generator import formats
from generator.check.keys import HIGHLIGHT_KEYS, ORGAN_KEYS, REPORT_KEYS, SITE_KEYS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
_CODE = re.compile(r"""(?:Diagnostic\(\s*"(?:error|warning|note)",\s*|\.(?:error|warning|report)\(\s*(?:[a-z.]+,\s*)?|"""
                   r"""self\.note\(\s*)"([A-Z][A-Z0-9_]+)\"""")


def emitted_codes() -> set[str]:
    codes = set()
    for path in (ROOT / "generator").rglob("*.py"):
        codes.update(_CODE.findall(path.read_text(encoding="utf-8")))
    for fmt in formats.available().values():
        codes.update(r.id for r in fmt.rules if r.kind in ("equation", "cross_year", "cross_year_identical"))
        codes.update(c.id for c in fmt.narrative_checks)
    return codes


def test_every_code_is_documented() -> None:
    codes = emitted_codes()
    assert {"X_T3_CARRY_CHAIN", "X_SIMILAR_NARRATIVE", "AGGREGATE_SUM", "X_NOT_CHECKABLE"} <= codes
    assert sorted(c for c in codes if f"`{c}`" not in README) == []


def test_every_content_key_is_documented() -> None:
    keys = [*SITE_KEYS, *ORGAN_KEYS, *REPORT_KEYS, *HIGHLIGHT_KEYS]
    assert [k for k in keys if f"| `{k}` |" not in README] == []
