"""The validator passes on the graph and fails, with one clear line each, on broken input."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from darmstadt_kg.validate import validate, violation_checks


def _validate(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "darmstadt_kg", "validate"],
        capture_output=True,
        text=True,
        env={**os.environ, "DARMSTADT_KG_DATA": str(data)},
        timeout=300,
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def _file_with(data: Path, needle: str) -> Path:
    for path in sorted((data / "graph").glob("*.ttl")):
        if needle in path.read_text():
            return path
    raise AssertionError(f"no graph file contains {needle!r}")


def test_project_graph_is_valid():
    report = validate()
    assert report.shacl == []
    assert report.violations == []
    assert report.conforms


def test_there_are_violation_checks():
    names = {p.name for p in violation_checks()}
    assert {
        "missing-label-violation.rq",
        "dangling-iri-violation.rq",
        "missing-source-violation.rq",
    } <= names


def test_shacl_violation_exits_4_one_line_per_result(data_copy: Path):
    path = _file_with(data_copy, '"1998"^^xsd:gYear')
    _edit(path, '"1998"^^xsd:gYear', '"since 1998"')
    result = _validate(data_copy)
    assert result.returncode == 4, result.stderr
    lines = result.stderr.strip().splitlines()
    shacl = [line for line in lines if line.startswith("SHACL ")]
    assert shacl, result.stderr
    for line in shacl:
        assert re.match(r"SHACL \w+: focus \S+ path \S+: .+ \(shape \S+\)$", line), line
    assert any("dkr:" in line and "startDate" in line for line in shacl), shacl
    assert lines[-1].startswith("darmstadt-kg: error: ")


def test_missing_source_is_a_shacl_violation(data_copy: Path):
    path = _file_with(data_copy, "dkr:membership-darmstadt-mayors-for-peace")
    text = path.read_text()
    block_start = text.index("dkr:membership-darmstadt-mayors-for-peace a")
    block_end = text.index(" .\n", block_start)
    block = text[block_start:block_end]
    stripped = re.sub(r"\s*prov:wasDerivedFrom [^;.]+;", "", block)
    assert stripped != block
    path.write_text(text[:block_start] + stripped + text[block_end:])
    result = _validate(data_copy)
    assert result.returncode == 4
    assert "membership-darmstadt-mayors-for-peace" in result.stderr
    assert "wasDerivedFrom" in result.stderr


def test_dangling_iri_exits_5(data_copy: Path):
    path = data_copy / "graph" / "zz-broken.ttl"
    path.write_text(
        "@prefix dkr: <https://w3id.org/darmstadt-kg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "dkr:darmstadt rdfs:seeAlso dkr:no-such-resource .\n"
    )
    result = _validate(data_copy)
    assert result.returncode == 5, result.stderr
    assert "violation dangling-iri: dkr:no-such-resource is referenced but never described" in (
        result.stderr
    )
