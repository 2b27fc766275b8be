"""pytest's numbered temp folders (``pytest-of-<user>/pytest-<n>``) of test runs that were killed.

pytest keeps a session's folder while its ``.lock`` file is younger than three days, whether or
not the process that wrote it still lives; a run ended by SIGTERM or SIGKILL (a timeout, a
closed terminal) so leaves hundreds of MB for days. The lock holds the session's process id:
a folder whose process is gone belongs to no running session and can go.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from darmstadt_kg.serve.store import process_alive

__all__ = ["remove_dead_sessions"]


def remove_dead_sessions(root: Path) -> list[Path]:
    """Remove the ``pytest-<n>`` folders under ``root`` whose ``.lock`` names a dead process;
    a folder without a lock, or with one that names no process id, is left to pytest."""
    removed = []
    for folder in sorted(root.glob("pytest-*")):
        lock = folder / ".lock"
        if not re.fullmatch(r"pytest-\d+", folder.name) or folder.is_symlink():
            continue
        try:
            pid = lock.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
