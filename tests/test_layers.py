"""The layers stay one-way: tools/ and retrieval/ never import agent/, and no product module
imports another that (directly or not) imports it back. Imports are read from the source (every
``import`` statement, lazy ones inside functions included; type-checking-only imports excluded),
so a cycle hidden behind a function-level import is caught too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("agent", "tools", "retrieval", "prompts")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Product modules that ``path`` imports (``from pkg import mod`` resolves to the module)."""
    tree = ast.parse(path.read_text())
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".strip(".")
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {m for m in found if m in known or m.split(".")[0] in PACKAGES}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, name, known) & known for name, path in modules.items()}


@pytest.mark.parametrize("library", ["tools", "retrieval"])
def test_libraries_never_import_agent(library: str) -> None:
    modules = _modules()
    known = set(modules)
    offenders = {
        name: sorted(m for m in _imports(path, name, known) if m == "agent" or m.startswith("agent."))
        for name, path in modules.items()
        if name.split(".")[0] == library
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every back edge of a depth-first walk, as the cycle it closes."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_no_import_cycles() -> None:
    assert find_cycles(_graph()) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_product_module_imports_the_benches_reference_values() -> None:
    """Handbook and reference values live in bench/ and tests/ only (issue #24): no product module
    imports a bench script (crystal_references.py and the rest) or a test module, lazily or not."""
    off_limits = {"bench", "tests", "conftest"} | {p.stem for p in (ROOT / "bench").glob("*.py")}
    off_limits |= {p.stem for p in (ROOT / "tests").glob("*.py")}
    found = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                tops = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                tops = [(node.module or "").split(".")[0]]
            else:
                continue
            found += [(name, top) for top in tops if top in off_limits]
    assert "crystal_references" in off_limits and found == []
