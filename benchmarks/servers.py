"""Servers for the benchmarks: started as the tests start them (``tests/servers.py``, the one
start-and-poll helper), and the CPU time a server's process group has used."""

from __future__ import annotations

import os
from pathlib import Path

from tests.servers import free_port, started

__all__ = ["cpu_seconds", "free_port", "process_cpu", "started"]


def cpu_seconds(leader: int) -> tuple[float, float]:
    """CPU seconds (user + system) so far of the process ``leader`` and of the other processes
    of its group (a pre-fork server's workers)."""
    own = others = 0.0
    for entry in os.listdir("/proc"):
        try:
            if not entry.isdigit() or os.getpgid(int(entry)) != leader:
                continue
            seconds = process_cpu(int(entry))
        except OSError:  # the process ended meanwhile
            continue
        if int(entry) == leader:
            own += seconds
        else:
            others += seconds
    return own, others


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) so far of the process ``pid``, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
