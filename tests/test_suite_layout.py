"""The suite stands on its own: nothing in ``tests/`` imports the benchmarks (what both need,
the server start-and-poll helper, Chromium's launch recipe and the data generator, lives here;
``benchmarks/tests/`` holds the benchmarks' own smoke tests)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_no_module_of_the_suite_imports_the_benchmarks():
    offenders = {}
    for path in sorted(TESTS.rglob("*.py")):
        found = sorted(m for m in _imported(path) if m.split(".")[0] == "benchmarks")
        if found:
            offenders[str(path.relative_to(TESTS))] = found
    assert offenders == {}
