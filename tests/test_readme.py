"""Every command in the README and in docs/ runs as written, so the documentation cannot drift.

Each fenced ``sh`` block of README.md and docs/*.md is run with bash, line by line in order, in a
temporary copy of the checkout (without ``.git`` and ``.venv``), with the Python environment the
tests run in (its ``bin/`` first on ``PATH``, the copy's ``src/`` on ``PYTHONPATH``), so what the
examples write lands in the copy and nothing is installed. A new block is picked up on its own.
Lines are taken as they are, with these exceptions (the convention, described in docs/testing.md):

- a server command (``make run``, ``darmstadt-kg run`` without ``--summary-only``,
  ``darmstadt-kg serve``) runs on a free port until it answers on ``/sparql``, then is stopped;
- ``http://127.0.0.1:8000`` in any other line is the URL of a server the suite started;
- ``127.0.0.1:8890`` (Virtuoso's default port) becomes a free port, which ``scripts/virtuoso.sh``
  is given through ``VIRTUOSO_HTTP_PORT``; a Virtuoso left running by a failed block is stopped;
- ``make TARGET`` runs with ``NO_INSTALL=1`` and ``VENV`` set to the tests' environment (the
  Makefile then installs nothing);
- ``apt-get install PACKAGES`` is checked (each package's program runs), never run;
- ``make test`` (this very suite), ``make bench`` and ``make bench-endpoint`` (measurements
  of many minutes) are checked with ``make -n``: their recipe must run what the text says.
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
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
VENV = Path(sys.prefix)
#: what the temporary copy leaves out: the history, environments and what builds write
NOT_COPIED = (".git", ".venv", "node_modules", "site", "test-artifacts", "virtuoso-db", "build")
#: ``make`` targets whose recipe is checked (``make -n``), not run: this suite, and measurements
CHECKED_ONLY = {
    "test": "-m pytest",
    "bench": "-m benchmarks.run",
    "bench-endpoint": "-m benchmarks.endpoint_bench",
}
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
    file: str = "README.md"

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}:{self.commands[0][:40]}"


def readme_blocks(text: str, file: str = "README.md") -> list[Block]:
    """The fenced ``sh`` blocks of ``text``, each as its commands (continued lines joined)."""
    blocks, commands, start, inside = [], [], 0, False
    for number, line in enumerate(text.splitlines(), 1):
        if not inside and line.strip() in ("```sh", "```bash", "```shell"):
            inside, start, commands = True, number, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append(Block(start, tuple(commands), file))
        elif inside and line.strip() and not line.lstrip().startswith("#"):
            if commands and commands[-1].endswith("\\"):
                commands[-1] = commands[-1][:-1] + " " + line.strip()
            else:
                commands.append(line.strip())
    assert not inside, f"{file}:{start}: a fenced block is not closed"
    return blocks


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))
DOC_BLOCKS = [
    block
    for doc in DOCS
    for block in readme_blocks(doc.read_text(encoding="utf-8"), str(doc.relative_to(ROOT)))
]


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
    """A temporary copy of the checkout (see the module docstring)."""
    folder = tmp_path_factory.mktemp("readme") / "darmstadt-kg"
    shutil.copytree(
        ROOT,
        folder,
        symlinks=True,
        ignore=lambda where, names: [
            n
            for n in names
            if (Path(where) == ROOT and n in NOT_COPIED) or n in ("__pycache__", ".pytest_cache")
        ],
    )
    (folder / ".venv").symlink_to(VENV)  # where the README says the environment is
    return folder


def _made_on_the_command_line() -> set[str]:
    """The variables an outer ``make`` was given on its command line (``make test NO_INSTALL=1
    VENV=…``): make lists them in ``MAKEFLAGS`` after ``--`` and exports each to its recipes."""
    flags = re.split(r"(?:^|\s)--(?:\s|$)", os.environ.get("MAKEFLAGS", ""), maxsplit=1)
    words = shlex.split(flags[1]) if len(flags) == 2 else []
    return {word.split("=", 1)[0] for word in words if "=" in word}


def _clean_environment() -> dict[str, str]:
    """The environment without the project's settings and without what an outer ``make`` passes
    on (``MAKEFLAGS``, and the variables of its command line: ``NO_INSTALL=1`` of ``make test
    NO_INSTALL=1`` would reach every ``make`` a block runs)."""
    passed_on = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", *_made_on_the_command_line()}
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DARMSTADT_KG_") and k not in passed_on
    }


def _environment(workspace: Path) -> dict[str, str]:
    env = _clean_environment()
    env.update(
        {
            "VIRTUAL_ENV": str(VENV),
            "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(workspace / "src"),
            "HOME": str(workspace),
        }
    )
    return env


def _make(command: str) -> str:
    """A ``make`` line as the tests run it: in the copy, installing nothing."""
    return f"{command} NO_INSTALL=1 VENV={shlex.quote(str(VENV))}"


def _check_packages(command: str) -> None:
    packages = [w for w in shlex.split(command) if not w.startswith("-")]
    packages = packages[packages.index("install") + 1 :]
    for package in packages:
        assert package in PACKAGE_CHECKS, f"add how to check {package!r} to PACKAGE_CHECKS"
        done = subprocess.run(PACKAGE_CHECKS[package], capture_output=True, timeout=60)
        assert done.returncode == 0, f"{package}: {PACKAGE_CHECKS[package]} failed"


def _check_recipe(command: str, workspace: Path) -> None:
    target = shlex.split(command)[1]
    recipe = subprocess.run(
        ["make", "-n", target],
        cwd=workspace,
        env=_clean_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert recipe.returncode == 0, recipe.stderr
    assert CHECKED_ONLY[target] in recipe.stdout, recipe.stdout
    if target == "test":
        assert "scripts/install-system-deps.sh" in recipe.stdout


def _serve(command: str, workspace: Path, env: dict[str, str]) -> None:
    """Start a server command on a free port, wait until /sparql answers, stop it."""
    port = free_port()
    if command.startswith("make run"):
        command = _make(re.sub(r"\bPORT=\d+", "", command) + f" PORT={port}")
    else:
        command = re.sub(r"--port[ =]\d+", "", command) + f" --port {port}"
    argv = shlex.split(command)
    with started(argv, f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", env=env, cwd=workspace):
        pass


def _run_shell(
    commands: list[str], workspace: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    script = "\n".join(
        ["set -euo pipefail"] + [_make(c) if c.startswith("make ") else c for c in commands]
    )
    return subprocess.run(
        ["bash", "-c", script],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.parametrize("block", DOC_BLOCKS, ids=lambda b: b.id)
def test_every_documented_block_runs_as_written(block: Block, workspace: Path, request):
    env = _environment(workspace)
    pending: list[str] = []
    virtuoso_dirs: list[str] = []

    def flush() -> None:
        if not pending:
            return
        done = _run_shell(pending, workspace, env)
        assert done.returncode == 0, (
            f"{block.file}:{block.line}: block failed (exit {done.returncode})\n"
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
            elif command.split()[:2] in (["make", t] for t in CHECKED_ONLY):
                _check_recipe(command, workspace)
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


def test_the_readme_is_short_opens_with_its_title_and_one_sentence_then_the_two_commands():
    text = README.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) <= 150, f"README.md has {len(lines)} lines: move reference text to docs/"
    assert lines[0] == "# darmstadt-kg"
    first = text.split("\n\n")[1]
    assert not first.startswith(("```", "|", "#")) and first.count(". ") == 0
    assert [_without_comment(c) for c in BLOCKS[0].commands] == ["make run", "make test"]
    assert sum("make run" in c or "make test" in c for b in BLOCKS for c in b.commands) == 2


def test_the_readme_links_every_file_of_docs():
    text = README.read_text(encoding="utf-8")
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"](docs/{doc.name})" in text, f"README.md does not link docs/{doc.name}"


def test_the_docs_list_the_exit_codes_of_the_code():
    from darmstadt_kg.errors import exit_codes_text

    text = " ".join((ROOT / "docs" / "commands.md").read_text(encoding="utf-8").split())
    assert f"Exit codes: {' '.join(exit_codes_text().split())}" in text


def test_every_url_under_what_you_get_answers(live_server):
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## What you get") : text.index("## Using it")]
    urls = re.findall(r"http://127\.0\.0\.1:8000(/\S*)", section)
    assert len(urls) >= 5
    for path in urls:
        with urllib.request.urlopen(live_server + path.rstrip("|").strip(), timeout=30) as answer:
            assert answer.status == 200, path


def test_the_install_notes_name_every_package_the_install_script_installs():
    script = (ROOT / "scripts" / "install-system-deps.sh").read_text()
    named = set(re.findall(r"^#   (\S+)\s", script, re.M))
    assert {"chromium", "virtuoso-opensource", "nginx-light", "apache2", "wrk"} <= named
    text = (ROOT / "docs" / "install.md").read_text(encoding="utf-8")
    for package in named:
        assert f"`{package}`" in text, package
