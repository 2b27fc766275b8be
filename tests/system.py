"""The Debian packages the tests drive for real, checked — never installed — from inside pytest.

``scripts/install-system-deps.sh`` (run by ``make test``) installs them all; a test that needs one
calls :func:`require`, which fails with the command that installs it when it is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

__all__ = ["PROGRAMS", "require"]

# Debian package -> the programs the tests run from it
PROGRAMS: dict[str, tuple[str, ...]] = {
    "chromium": ("chromium",),
    "virtuoso-opensource": ("virtuoso-t", "isql-vt"),
    "nginx": ("nginx",),
    "apache2": ("apache2",),
    "wrk": ("wrk",),
}


def _found(program: str) -> bool:
    return bool(shutil.which(program)) or any(
        Path(folder, program).is_file() for folder in ("/usr/sbin", "/usr/bin")
    )


def require(package: str) -> None:
    """Fail the calling test (not skip it) when ``package``'s programs are not installed."""
    missing = [p for p in PROGRAMS[package] if not _found(p)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: the Debian package {package} is missing — "
            "run `bash scripts/install-system-deps.sh` (or `make test`, which runs it)",
            pytrace=False,
        )
