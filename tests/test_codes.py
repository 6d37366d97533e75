"""The registry of diagnostic codes (generator/codes.py) lists every code the generator can emit, and only those."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from generator import formats
from generator.codes import CODES, GROUPS

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
CODE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,}")
# calls whose string arguments of this shape are diagnostic codes
EMITTERS = {"Diagnostic", "error", "warning", "report", "_diag"}
# `error[CODE]` written directly in a message printed by the CLI
PRINTED = re.compile(r"(?:error|warning)\[([A-Z][A-Z0-9_]+)\]")
# rule kinds that the generator reports under the rule's id (the others are checked by named code paths)
REPORTED_KINDS = {"equation", "cross_year", "cross_year_identical"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def emitted_in_source() -> dict[str, set[tuple[str, str]]]:
    """Code → {(file, severity or '?')} for every code literal passed to an emitter or printed as `error[CODE]`."""
    found: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call) or _name(node.func) not in EMITTERS:
                continue
            args = [*node.args, *(k.value for k in node.keywords if k.arg in ("code", "severity"))]
            args += [branch for a in args if isinstance(a, ast.IfExp) for branch in (a.body, a.orelse)]
            texts = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            severity = _name(node.func) if _name(node.func) in ("error", "warning") else next(
                (t for t in texts if t in ("error", "warning", "note")), "?")
            for text in texts:
                if CODE.fullmatch(text):
                    found.setdefault(text, set()).add((path.name, severity))
        for code in PRINTED.findall(source):
            found.setdefault(code, set()).add((path.name, "error"))
    return found


def rule_codes() -> dict[str, str]:
    """Rule id → severity for every rule of every format that is reported under its own id."""
    found = {}
    for version in formats.available():
        fmt = formats.get(version)
        found.update({r.id: r.severity for r in fmt.rules if r.kind in REPORTED_KINDS})
        found.update({c.id: c.severity for c in fmt.narrative_checks})
        # checks of the narrative that have their own code (the others are described only)
        found.update({r.id: r.severity for r in fmt.rules if r.kind == "narrative" and r.id.startswith("N_")})
    return found


def test_every_code_written_in_the_generator_is_registered() -> None:
    emitted = emitted_in_source()
    assert len(emitted) > 30  # the scan finds the emitters (a broken scan must not pass silently)
    missing = {code: sorted(where) for code, where in emitted.items() if code not in CODES}
    assert not missing, f"add these codes to generator/codes.py (and describe them in docs/diagnostics.yaml): {missing}"


def test_every_reported_rule_of_the_formats_is_registered() -> None:
    rules = rule_codes()
    assert {"T3_COLUMN_BALANCE", "F_FEE_REPORTED"} <= set(rules)
    missing = sorted(set(rules) - set(CODES))
    assert not missing, f"add these rule codes to generator/codes.py: {missing}"
    wrong = {code: (sev, CODES[code].severity) for code, sev in rules.items() if CODES[code].severity != sev}
    assert not wrong, f"severity in the format vs generator/codes.py: {wrong}"


def test_registered_codes_are_emitted_somewhere() -> None:
    emitted = set(emitted_in_source()) | set(rule_codes())
    assert sorted(set(CODES) - emitted) == []


def test_registered_severity_matches_the_emitters() -> None:
    wrong = {code: sorted(where) for code, where in emitted_in_source().items()
             if code in CODES and any(sev not in ("?", CODES[code].severity, *CODES[code].also) for _, sev in where)}
    assert not wrong, f"generator/codes.py gives another severity than the code that emits it: {wrong}"


def test_groups() -> None:
    assert {c.group for c in CODES.values()} == set(GROUPS)
    assert all(CODE.fullmatch(code) for code in CODES)


def test_the_readme_lists_every_code() -> None:
    readme = (GENERATOR.parent / "README.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"`{code}`" not in readme] == []
