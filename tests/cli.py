"""Running the command line in a child process over a copy of the data folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from darmstadt_kg import paths

__all__ = ["run_cli", "run_on", "copy_data"]

_DATA_FOLDERS = ("ontology", "graph", "queries", "sources")


def copy_data(data: Path) -> Path:
    """A writable copy of the project's data folders in the new folder ``data`` (point
    ``DARMSTADT_KG_DATA`` at it, or give it to :func:`run_on`); returns ``data``."""
    for name in _DATA_FOLDERS:
        source = paths.data_root() / name
        if source.is_dir():
            shutil.copytree(source, data / name)
    return data


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    without: tuple[str, ...] = (),
    input: str | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """``darmstadt-kg ARGS`` in a child process, its output captured as text, ``input`` (if
    any) on its stdin. Its environment is this process's, less each variable whose name starts
    with one of ``without``, plus ``env``."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(without)}
    return subprocess.run(
        [sys.executable, "-m", "darmstadt_kg", *args],
        input=input,
        capture_output=True,
        text=True,
        env={**kept, **(env or {})},
        timeout=timeout,
    )


def run_on(data: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """``darmstadt-kg ARGS`` with ``DARMSTADT_KG_DATA`` pointing at ``data`` (:func:`run_cli`)."""
    return run_cli(*args, env={"DARMSTADT_KG_DATA": str(data)}, timeout=timeout)
