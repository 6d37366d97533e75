"""The pipeline's direction: a module imports only from its own stage or an earlier one, and no import cycle.

The stages are the folders of generator/, in the order data flows through them; `generator/__init__.py`,
`errors`, `codes`, `model` and `formats/` are the vocabulary every stage shares. Imports inside functions and
under TYPE_CHECKING count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# earliest first; a module may import its own stage and the ones before it
STAGES = ("", "load", "cache", "check", "compute", "render", "write", "build", "importer", "cli")
SHARED = {"generator", "generator.errors", "generator.codes", "generator.model", "generator.formats"}


def module_name(path: Path) -> str:
    """`generator/render/site.py` → `generator.render.site` (a package is named by its folder)."""
    parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> int:
    """The rank of a module's stage: 0 for the shared vocabulary."""
    if module in SHARED or module.startswith("generator.formats."):
        return 0
    if module == "generator.__main__":  # `python -m generator`: the command line
        return STAGES.index("cli")
    return STAGES.index(module.split(".")[1])


def imports(path: Path) -> set[str]:
    """The generator modules that a file imports, anywhere in it."""
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "generator")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([base] if base else [])])
            if base.split(".")[0] != "generator":
                continue
            for alias in node.names:  # `from generator.render import site` imports the module generator.render.site
                sub = f"{base}.{alias.name}"
                found.add(sub if (GENERATOR.parent / (sub.replace(".", "/") + ".py")).exists()
                          or (GENERATOR.parent / sub.replace(".", "/")).is_dir() else base)
    return found


def graph() -> dict[str, set[str]]:
    """Module → the generator modules it imports."""
    return {module_name(p): imports(p) for p in sorted(GENERATOR.rglob("*.py"))}


def test_every_folder_is_a_known_stage() -> None:
    folders = {p.name for p in GENERATOR.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert folders <= {*STAGES, "formats"}


def test_imports_only_go_down_the_pipeline() -> None:
    upward = sorted(f"{m} imports {target}" for m, targets in graph().items() for target in targets
                    if stage(target) > stage(m))
    assert upward == []


def test_no_import_cycles() -> None:
    edges = graph()
    cycles: list[str] = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if nxt == node or nxt not in edges:
                continue
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*path[path.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_each_stage_says_what_it_may_import() -> None:
    silent = [p.parent.name for p in GENERATOR.glob("*/__init__.py")
              if "may import" not in (ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or "").lower()]
    assert silent == []


def test_modules_stay_short() -> None:
    long = [f"{p.relative_to(GENERATOR.parent)}: {n} lines" for p in sorted(GENERATOR.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) >= 300]
    assert long == []
