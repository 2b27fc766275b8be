"""The CPUs this process may run on: its affinity mask (``taskset``, a container's cpuset), not
the machine's count, as Python 3.13's ``os.process_cpu_count`` and Rust's
``available_parallelism`` (which Oxigraph's server sizes its threads by) count them."""

from __future__ import annotations

import os

__all__ = ["usable_cpus"]


def usable_cpus() -> int:
    """How many CPUs this process may run on (at least 1)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):  # no affinity on this platform
        return os.cpu_count() or 1
