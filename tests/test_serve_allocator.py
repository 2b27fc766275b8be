"""``serve`` starts itself again on jemalloc (Debian's libjemalloc2, installed by
scripts/install-system-deps.sh) as its first step: the same process id, and the arbiter and
every worker it forks run on it; ``DARMSTADT_KG_MALLOC=system`` keeps glibc's malloc, and a
library that does not exist is one line and exit code NOT_FOUND (src/darmstadt_kg/allocator.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from darmstadt_kg.allocator import in_use, preload
from darmstadt_kg.errors import ExitCode
from tests.cli import run_cli
from tests.servers import forked, free_port, started


@pytest.mark.parametrize("chosen", ["", "system"])
def test_serve_and_its_workers_run_on_the_chosen_allocator(chosen: str):
    assert chosen or preload(), "libjemalloc2 is missing: run bash scripts/install-system-deps.sh"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DARMSTADT_KG_MALLOC")}
    env.pop("LD_PRELOAD", None)
    if chosen:
        env["DARMSTADT_KG_MALLOC"] = chosen
    command = [sys.executable, "-m", "darmstadt_kg", "serve", "--port", str(port)]
    command += ["--workers", "2", "--no-validate"]
    with started(command, f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", env=env) as running:
        arbiter = running.process.pid  # started again in place: the same process
        workers = forked(arbiter, 2)
        wanted = "glibc" if chosen else "jemalloc"
        assert {pid: in_use(pid) for pid in (arbiter, *workers)} == dict.fromkeys(
            (arbiter, *workers), wanted
        )


def test_an_allocator_that_does_not_exist_is_one_line_and_exit_not_found(tmp_path: Path):
    missing = tmp_path / "libnothing.so"
    result = run_cli(
        "serve", "--port", "0", "--no-validate", env={"DARMSTADT_KG_MALLOC": str(missing)}
    )
    assert result.returncode == ExitCode.NOT_FOUND
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(missing) in result.stderr and "system" in result.stderr
