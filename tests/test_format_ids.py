"""No id of a format in the generator's code: what code needs of a format it reads from the format's `roles:`.

The ids are those of every format data file: tables, sections, cells, and the rows, columns and groups of the
tables. A string constant of the code (docstrings aside) fails the test when it
  * is a table or section id, or contains a cell reference that starts with a table id (`t3.`, `t2_art20_1.`);
  * is a bare row, column or group id used to pick a row or column: compared (`c.id != "total"`, `in (...)`) or
    used as a subscript (`p["upheld"]`). Elsewhere such words are ordinary keys (the charts' texts "total").
generator/importer/ is not scanned: it reads published reports, whose printed labels it maps to the rows of the
form, and is being rewritten on its own branch; ALLOWED lists the other exceptions, each with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from generator import formats

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
SKIPPED = ("importer",)
ALLOWED = {
    # the help of `govreport import --split`, the importer's syntax for a row's cells (importer: see above)
    ("cli/main.py", "the cells of a row whose run-together digits are ambiguous, e.g. t3.granted=27,0,0,2,0,1,30"),
}


def format_ids() -> tuple[set[str], set[str], re.Pattern[str]]:
    """(table and section ids, row/column/group ids, a pattern finding a cell reference) of every format."""
    named: set[str] = set()
    parts: set[str] = set()
    for fmt in formats.available().values():
        named |= set(fmt.tables) | {s.id for s in fmt.sections}
        for table in fmt.tables.values():
            for axis in (*table.rows, *table.columns):
                parts |= {axis.id, *(g.id for g in axis.groups)}
    tables = sorted({t for fmt in formats.available().values() for t in fmt.tables}, key=len, reverse=True)
    return named, parts, re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, tables))})\.")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _strings(node: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def ids_in_code(root: Path = GENERATOR) -> list[str]:
    """`file:line: 'text'` for every string constant of the code below `root` that names an id of a format."""
    named, parts, reference = format_ids()
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] in SKIPPED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        picks = {id(c) for n in ast.walk(tree) if isinstance(n, ast.Compare) for c in _strings(n)}
        picks |= {id(c) for n in ast.walk(tree) if isinstance(n, ast.Subscript) for c in _strings(n.slice)}
        for const in sorted(_strings(tree), key=lambda c: (c.lineno, c.col_offset)):
            text = str(const.value)
            if id(const) in docs or (rel, text) in ALLOWED:
                continue
            if text in named or reference.search(text) or (id(const) in picks and text in parts):
                found.append(f"{rel}:{const.lineno}: {text!r}")
    return found


def test_no_format_id_in_the_code() -> None:
    assert ids_in_code() == []


def test_the_scan_finds_ids(tmp_path: Path) -> None:
    (tmp_path / "charts.py").write_text(
        'def f(p, t3, r, c):\n    """Docstrings may say t3.new_received.total."""\n'
        '    a = p["upheld"] + p["corrected"]\n    b = [x for x in t3.columns if x.id != "total"]\n'
        '    texts = {"total": "总计"}\n    return f"t3.{r}.{c}", "s3_requests", texts["figure"]\n',
        encoding="utf-8")
    assert ids_in_code(tmp_path) == [
        "charts.py:3: 'upheld'", "charts.py:3: 'corrected'", "charts.py:4: 'total'", "charts.py:6: 't3.'",
        "charts.py:6: 's3_requests'"]
