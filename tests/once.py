"""Expensive read-only things (the static site) made once per test run, also when pytest-xdist
runs the suite in several worker processes (``make test`` runs ``-n 2``).

The first worker that needs a thing makes it under the run's shared temp folder while holding a
lock on it; the others wait for the lock and read what it made. Without xdist the thing is made
in the session's own temp folder, as a session fixture would.
"""

from __future__ import annotations

import fcntl
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

__all__ = ["run_folder", "once_per_run"]

T = TypeVar("T")


def run_folder(config: pytest.Config, factory: pytest.TempPathFactory) -> Path:
    """The temp folder the whole run shares: under xdist the controller's (each worker's own is
    a ``popen-gwN`` folder inside it), else the session's."""
    base = factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


def once_per_run(
    config: pytest.Config, factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]
) -> tuple[Path, T]:
    """``make(folder)`` run once per test run for ``name``: ``(folder, what make returned)``.

    The folder is ``<run folder>/<name>/<name>``; what ``make`` returns must pickle. A ``make``
    that raises leaves nothing behind but its folder, and the next worker that asks tries again.
    """
    root = run_folder(config, factory) / name
    root.mkdir(exist_ok=True)
    result = root / "made.pickle"
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not result.exists():
            value = make(root / name)
            result.write_bytes(pickle.dumps(value))
        return root / name, pickle.loads(result.read_bytes())
