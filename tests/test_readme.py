"""Every command in the README runs as written, so the README cannot drift from the code.

Each fenced ``sh`` block of README.md is found and run with bash, line by line in order, in a
scratch folder that links to the checkout's files (so ``.venv``, ``scripts/`` and ``make`` work as
in the checkout, and what the examples write lands in the scratch folder), with
``DARMSTADT_KG_DATA`` pointing at a copy of the data (``fmt`` rewrites that copy) and the
virtual environment active, as the README asks. A new block is picked up on its own. Lines are
taken as they are, with these exceptions, each needed to run them inside a test:

- a server command (``make run``, ``darmstadt-kg run`` without ``--summary-only``,
  ``darmstadt-kg serve``) runs on a free port until it answers on ``/sparql``, then is stopped;
- ``http://127.0.0.1:8000`` in any other line is the URL of a server the suite started;
- ``127.0.0.1:8890`` (Virtuoso's default port) becomes a free port, which ``scripts/virtuoso.sh``
  is given through ``VIRTUOSO_HTTP_PORT``; a Virtuoso left running by a failed block is stopped;
- ``apt-get install PACKAGES`` is checked (each package's program runs), never run: no test
  installs anything;
- ``make test`` is this very suite: its recipe is checked with ``make -n test``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import free_port, started

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DEFAULT_SERVER = "http://127.0.0.1:8000"
VIRTUOSO_DEFAULT = "127.0.0.1:8890"

# What shows that a Debian package named in the README's apt-get line is there.
PACKAGE_CHECKS = {
    "python3": [sys.executable, "-c", "import sys; assert sys.version_info >= (3, 11)"],
    "python3-venv": ["python3", "-m", "venv", "--help"],
    "make": ["make", "--version"],
    "nodejs": ["node", "--version"],
    "npm": ["npm", "--version"],
    "curl": ["curl", "--version"],
}
SERVER = re.compile(r"^(make run\b|darmstadt-kg (run|serve)\b)")


@dataclass(frozen=True)
class Block:
    """One fenced ``sh`` block: where it starts in README.md and its command lines."""

    line: int
    commands: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"README.md:{self.line}:{self.commands[0][:40]}"


def readme_blocks(text: str) -> list[Block]:
    """The fenced ``sh`` blocks of ``text``, each as its commands (continued lines joined)."""
    blocks, commands, start, inside = [], [], 0, False
    for number, line in enumerate(text.splitlines(), 1):
        if not inside and line.strip() in ("```sh", "```bash", "```shell"):
            inside, start, commands = True, number, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append(Block(start, tuple(commands)))
        elif inside and line.strip() and not line.lstrip().startswith("#"):
            if commands and commands[-1].endswith("\\"):
                commands[-1] = commands[-1][:-1] + " " + line.strip()
            else:
                commands.append(line.strip())
    assert not inside, f"README.md:{start}: a fenced block is not closed"
    return blocks


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def _without_comment(command: str) -> str:
    """``command`` without a trailing ``# comment`` (a ``#`` inside quotes stays)."""
    for match in re.finditer(r"\s#", command):
        head = command[: match.start()]
        try:
            shlex.split(head)  # quotes balanced before it: the "#" starts a comment
        except ValueError:
            continue
        return head.rstrip()
    return command


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A scratch folder beside which nothing of the checkout changes (see the module docstring)."""
    folder = tmp_path_factory.mktemp("readme")
    for entry in ROOT.iterdir():
        if entry.name in ("ontology", "graph", "queries", "sources"):
            shutil.copytree(entry, folder / "data" / entry.name)
        if entry.name not in (".git", "site", "test-artifacts"):
            (folder / entry.name).symlink_to(entry)
    return folder


def _environment(workspace: Path) -> dict[str, str]:
    venv = ROOT / ".venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DARMSTADT_KG_")}
    env.update(
        {
            "DARMSTADT_KG_DATA": str(workspace / "data"),
            "VIRTUAL_ENV": str(venv),
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": str(workspace),
        }
    )
    return env


def _check_packages(command: str) -> None:
    packages = [w for w in shlex.split(command) if not w.startswith("-")]
    packages = packages[packages.index("install") + 1 :]
    for package in packages:
        assert package in PACKAGE_CHECKS, f"add how to check {package!r} to PACKAGE_CHECKS"
        done = subprocess.run(PACKAGE_CHECKS[package], capture_output=True, timeout=60)
        assert done.returncode == 0, f"{package}: {PACKAGE_CHECKS[package]} failed"


def _check_make_test() -> None:
    recipe = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert recipe.returncode == 0, recipe.stderr
    assert "scripts/install-system-deps.sh" in recipe.stdout
    assert "-m pytest" in recipe.stdout


def _serve(command: str, workspace: Path, env: dict[str, str]) -> None:
    """Start a server command on a free port, wait until /sparql answers, stop it."""
    port = free_port()
    if command.startswith("make run"):
        command = re.sub(r"\bPORT=\d+", "", command) + f" PORT={port}"
        argv = ["make", "-C", str(ROOT), *shlex.split(command)[1:]]
    else:
        command = re.sub(r"--port[ =]\d+", "", command) + f" --port {port}"
        argv = shlex.split(command)
        argv[0] = str(ROOT / ".venv" / "bin" / argv[0])
    with started(argv, f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", env=env, cwd=workspace):
        pass


def _run_shell(
    commands: list[str], workspace: Path, env: dict[str, str], block: Block
) -> subprocess.CompletedProcess[str]:
    script = "\n".join(
        ["set -euo pipefail", ". .venv/bin/activate"]
        + [re.sub(r"^make ", f"make -C {shlex.quote(str(ROOT))} ", c) for c in commands]
    )
    return subprocess.run(
        ["bash", "-c", script],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_every_readme_block_runs_as_written(block: Block, workspace: Path, request):
    env = _environment(workspace)
    pending: list[str] = []
    virtuoso_dirs: list[str] = []

    def flush() -> None:
        if not pending:
            return
        done = _run_shell(pending, workspace, env, block)
        assert done.returncode == 0, (
            f"README.md:{block.line}: block failed (exit {done.returncode})\n"
            f"{chr(10).join(pending)}\n--- stdout\n{done.stdout[-2000:]}\n"
            f"--- stderr\n{done.stderr[-2000:]}"
        )
        pending.clear()

    try:
        for raw in block.commands:
            command = _without_comment(raw)
            if not command:
                continue
            if re.search(r"\bapt-get install\b", command):
                _check_packages(command)
            elif command == "make test":
                _check_make_test()
            elif SERVER.match(command) and "--summary-only" not in command:
                flush()
                _serve(command, workspace, env)
            else:
                if DEFAULT_SERVER in command:
                    command = command.replace(
                        DEFAULT_SERVER, request.getfixturevalue("live_server")
                    )
                if VIRTUOSO_DEFAULT in command or "scripts/virtuoso.sh" in command:
                    if "VIRTUOSO_HTTP_PORT" not in env:
                        env["VIRTUOSO_HTTP_PORT"] = str(free_port())
                        env["VIRTUOSO_SQL_PORT"] = str(free_port())
                    command = command.replace(
                        VIRTUOSO_DEFAULT, f"127.0.0.1:{env['VIRTUOSO_HTTP_PORT']}"
                    )
                    started_in = re.search(r"scripts/virtuoso\.sh start (\S+)", command)
                    if started_in:
                        virtuoso_dirs.append(started_in.group(1))
                pending.append(command)
        flush()
    finally:
        for folder in virtuoso_dirs:  # a no-op when the block stopped it itself
            subprocess.run(
                ["bash", "-c", f"scripts/virtuoso.sh stop {folder}"],
                cwd=workspace,
                env=env,
                capture_output=True,
                timeout=120,
            )


def test_the_readme_has_blocks_and_opens_with_its_title_and_one_sentence():
    text = README.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# darmstadt-kg"
    first = text.split("\n\n")[1]
    assert not first.startswith(("```", "|", "#")) and first.count(". ") == 0
    assert len(BLOCKS) >= 8
    setup = next(b for b in BLOCKS if "make run" in b.commands[0])
    assert [_without_comment(c) for c in setup.commands] == ["make run", "make test"]


def test_the_readme_lists_the_exit_codes_of_the_code():
    from darmstadt_kg.errors import exit_codes_text

    text = " ".join(README.read_text(encoding="utf-8").split())
    assert f"Exit codes: {' '.join(exit_codes_text().split())}" in text


def test_every_url_under_what_you_get_answers(live_server):
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## What you get") : text.index("## Using it")]
    urls = re.findall(r"http://127\.0\.0\.1:8000(/\S*)", section)
    assert len(urls) >= 5
    for path in urls:
        with urllib.request.urlopen(live_server + path.rstrip("|").strip(), timeout=30) as answer:
            assert answer.status == 200, path


def test_the_readme_names_every_package_the_install_script_installs():
    script = (ROOT / "scripts" / "install-system-deps.sh").read_text()
    named = set(re.findall(r"^#   (\S+)\s", script, re.M))
    assert {"chromium", "virtuoso-opensource", "nginx-light", "apache2", "wrk"} <= named
    text = README.read_text(encoding="utf-8")
    for package in named:
        assert f"`{package}`" in text, package
