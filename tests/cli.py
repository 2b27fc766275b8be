"""Running the command line in a child process over a copy of the data folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["run_on"]


def run_on(data: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """``darmstadt-kg ARGS`` with ``DARMSTADT_KG_DATA`` pointing at ``data``; output captured."""
    return subprocess.run(
        [sys.executable, "-m", "darmstadt_kg", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "DARMSTADT_KG_DATA": str(data)},
        timeout=timeout,
    )
