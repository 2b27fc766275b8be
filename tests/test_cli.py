"""The command line: help is instant, the module runs, errors are one line with their exit code."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from darmstadt_kg.cli import COMMANDS, cli
from tests.cli import run_cli


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env, timeout=300)


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
    result = _run("validate", env={"DARMSTADT_KG_DATA": str(data_copy)})
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"darmstadt-kg: error: graph/{target.name}:{middle + 1}:")
    assert {p: p.read_bytes() for p in data_copy.rglob("*.ttl")} == before  # nothing written


def test_help_lists_every_exit_code_of_exitcode():
    from darmstadt_kg.errors import ExitCode, exit_codes_text

    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    assert " ".join(exit_codes_text().split()) in help_text
    for code in ExitCode:
        assert f" {code.value} " in f" {exit_codes_text()}"


def _listen_error(args: list[str], env: dict[str, str] | None = None, drop_root: bool = False):
    """The one error line of ``darmstadt-kg ARGS`` that cannot listen (exit 9).

    ``drop_root``: run it without root's right to bind ports below 1024, as a user would.
    """
    import shlex

    command = [sys.executable, "-m", "darmstadt_kg", *args]
    if drop_root and os.geteuid() == 0:
        command = ["capsh", "--drop=cap_net_bind_service", "--", "-c", shlex.join(command)]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    assert result.returncode == 9, result.stderr
    (line,) = result.stderr.strip().splitlines()
    return line


def test_a_port_in_use_names_the_command_run_with_a_free_port_that_then_listens():
    import re
    import socket

    from tests.servers import free_port, is_free, started

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        line = _listen_error(["run", "--port", str(port)])
        assert f"127.0.0.1:{port}: another program already listens on port {port}" in line
        suggested = re.search(r"`darmstadt-kg (run --port (\d+))`", line)
        assert suggested, line
        make = _listen_error(
            ["run", "--port", str(port)], env={"DARMSTADT_KG_INVOKED_AS": "make run"}
        )
        assert re.search(r"`make run PORT=\d+`", make), make
    new_port = int(suggested.group(2))
    assert new_port != port
    # the suggested command listens (on its port if that is still free on this shared machine)
    new_port = new_port if is_free(new_port) else free_port()
    command = [sys.executable, "-m", "darmstadt_kg", "run", "--port", str(new_port)]
    with started(command, f"http://127.0.0.1:{new_port}/sparql?query=ASK%7B%7D"):
        pass


def test_a_privileged_port_says_so_and_not_that_a_program_holds_it():
    line = _listen_error(["run", "--port", "80"], drop_root=True)
    assert "port 80 is privileged (below 1024)" in line
    assert "stop" not in line and "holds" not in line
    assert "`darmstadt-kg run --port " in line


def test_an_address_not_of_this_machine_suggests_the_loopback_host():
    line = _listen_error(["run", "--host", "192.0.2.1"], {"DARMSTADT_KG_INVOKED_AS": "make run"})
    assert "192.0.2.1 is not an address of this machine" in line
    assert "`make run HOST=127.0.0.1`" in line


def test_run_listens_on_loopback_only_and_prints_its_urls_and_no_secret():
    import secrets

    from tests.servers import free_port, listening, started

    port = free_port()
    canary = secrets.token_urlsafe(16)
    env = {**os.environ, "DARMSTADT_KG_STORE_PASSWORD": canary, "VIRTUOSO_PASSWORD": canary}
    command = [sys.executable, "-m", "darmstadt_kg", "run", "--port", str(port), "--workers", "2"]
    with started(command, f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", env=env) as server:
        bound = listening(server.process.pid)
        # the URLs are printed once the server's own probe got its answer: up to 0.1 s after ours
        deadline = time.monotonic() + 10
        while "network: " not in server.output() and time.monotonic() < deadline:
            time.sleep(0.05)
        output = server.output()
    assert bound == {("127.0.0.1", port)}
    assert output.startswith("valid: ")
    for name, path in (("endpoint", "/sparql"), ("Darmstadt", "/id/darmstadt")):
        assert f"{name}: http://127.0.0.1:{port}{path}\n" in output
    assert canary not in output
