"""serve sizes itself to the CPUs it may run on (its affinity), not to the machine's count."""

from __future__ import annotations

import os
import re

from tests.cli import run_cli
from tests.servers import pinned


def _default_workers() -> int:
    done = run_cli("serve", "--help", timeout=120)
    assert done.returncode == 0, done.stderr
    shown = re.search(r"--workers.*?\[default:\s*(\d+)", done.stdout, re.S)
    assert shown, done.stdout
    return int(shown[1])


def test_serve_starts_one_worker_per_cpu_it_may_run_on_at_most_two() -> None:
    cpus = os.sched_getaffinity(0)
    assert _default_workers() == min(2, len(cpus))
    with pinned({min(cpus)}):  # as under `taskset -c N` or a one-CPU cpuset
        assert _default_workers() == 1
