"""The command line: help is instant, the module runs, errors are one line with their exit code."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from darmstadt_kg.cli import COMMANDS, cli


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "darmstadt_kg", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_help_lists_every_command_without_importing_them():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
    code = (
        "import sys, darmstadt_kg.cli as c\n"
        "try:\n    c.cli.main(['--help'], standalone_mode=False)\nexcept SystemExit: pass\n"
        "heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'networkx', 'pyvis') "
        "if m in sys.modules]\nprint(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().endswith("[]"), out.stdout


def test_every_registered_command_imports():
    for name in COMMANDS:
        assert cli.get_command(None, name) is not None, name  # type: ignore[arg-type]


def test_python_dash_m_runs_validate():
    result = _run("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid: ")


def test_stats_counts_classes():
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    assert "triples" in result.output.splitlines()[0]
    lines = result.output.splitlines()
    twinning = next(line for line in lines if "dkg:Twinning" in line)
    assert twinning.split()[0] == "Twinning" and twinning.split()[-1] == "17"
    assert any(line.split()[0] == "skos:Concept" for line in lines[1:] if line.strip())


def test_curie_prefers_the_longest_namespace_and_leaves_others_alone():
    from darmstadt_kg.namespaces import DKG, DKR, curie

    assert curie(DKG.Twinning) == "dkg:Twinning"
    assert curie(DKR.darmstadt) == "dkr:darmstadt"
    assert curie(str(DKR)) == str(DKR)
    assert curie("https://example.org/x") == "https://example.org/x"


def test_run_validates_then_summarises():
    result = _run("run", "--summary-only")
    assert result.returncode == 0, result.stderr
    assert "valid:" in result.stdout and "resources" in result.stdout


def test_unknown_command_is_a_usage_error():
    result = _run("no-such-command")
    assert result.returncode == 2
    assert "No such command" in result.stderr


def test_syntax_error_in_data_exits_3_with_one_line(data_copy: Path):
    target = sorted((data_copy / "graph").glob("*.ttl"))[0]
    text = target.read_text().splitlines()
    middle = len(text) // 2
    text.insert(middle, "this is not turtle .")
    target.write_text("\n".join(text) + "\n")
    before = {p: p.read_bytes() for p in data_copy.rglob("*.ttl")}
    started = time.monotonic()
    result = _run("validate", env={"DARMSTADT_KG_DATA": str(data_copy)})
    assert time.monotonic() - started < 300
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"darmstadt-kg: error: graph/{target.name}:{middle + 1}:")
    assert {p: p.read_bytes() for p in data_copy.rglob("*.ttl")} == before  # nothing written
