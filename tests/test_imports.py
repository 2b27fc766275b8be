"""No import cycle between the modules of ``src/darmstadt_kg``.

Every ``import`` counts, also one inside a function (a lazy import only hides a cycle until the
function runs); only imports under ``if TYPE_CHECKING:`` are left out, as they never run.
``from package import name`` is an edge to the submodule ``package.name`` when there is one,
else to the package itself (its ``__init__``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import darmstadt_kg

PACKAGE = "darmstadt_kg"
ROOT = Path(darmstadt_kg.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def _imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` (at ``path``) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            for child in node.orelse:  # the else branch does run
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports."""
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as ``[a, b, …, a]``, or ``None`` (depth-first search, sorted order)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_no_module_of_the_package_takes_part_in_an_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_the_import_graph_sees_top_level_and_lazy_imports():
    graph = import_graph()
    assert "darmstadt_kg.paths" in graph["darmstadt_kg.charts.data"]  # top of the module
    assert "darmstadt_kg.query" in graph["darmstadt_kg.charts.data"]  # inside a function
    assert len(graph) > 50 and all(m.startswith(PACKAGE) for m in graph)


def test_relative_imports_count_and_type_checking_imports_do_not(tmp_path: Path):
    source = tmp_path / "a.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import b\n"
        "from .c import thing\n"
        "if TYPE_CHECKING:\n"
        "    import pkg.d\n"
        "else:\n"
        "    import pkg.e\n"
        "def later():\n"
        "    from pkg import f\n",
        encoding="utf-8",
    )
    modules = {f"pkg.{m}": tmp_path / f"{m}.py" for m in "abcdef"} | {"pkg": tmp_path}
    assert _imported("pkg.a", source, modules) == {"pkg.b", "pkg.c", "pkg.e", "pkg.f"}


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": {"b2"}, "b2": set(), "c": {"c"}}, ["c", "c"]),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, None),
    ],
)
def test_find_cycle_names_the_modules_of_a_cycle(graph, expected):
    assert find_cycle(graph) == expected
