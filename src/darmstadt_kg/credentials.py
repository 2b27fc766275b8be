"""Credentials for a triple store or endpoint: from a private file or the environment, never
from the command line (where every user sees it in the process list) and never shown."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from darmstadt_kg.errors import ExitCode, UserError

__all__ = ["Credentials", "load_credentials", "ENV_USER", "ENV_PASSWORD", "ENV_CREDENTIALS_FILE"]

ENV_USER = "DARMSTADT_KG_STORE_USER"
ENV_PASSWORD = "DARMSTADT_KG_STORE_PASSWORD"
ENV_CREDENTIALS_FILE = "DARMSTADT_KG_STORE_CREDENTIALS"


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = ""

    def __repr__(self) -> str:  # never show the password
        return f"Credentials(user={self.user!r}, password=***)"


def load_credentials(default_user: str, file: Path | None = None) -> Credentials | None:
    """From ``file`` (or ``$DARMSTADT_KG_STORE_CREDENTIALS``): ``user:password`` on its first
    line, the file not readable by other users; else ``$DARMSTADT_KG_STORE_PASSWORD`` with
    ``$DARMSTADT_KG_STORE_USER`` (or ``default_user``). ``None`` if no password is given
    anywhere: the store is then used without authentication."""
    path = file or (
        Path(os.environ[ENV_CREDENTIALS_FILE]) if os.environ.get(ENV_CREDENTIALS_FILE) else None
    )
    if path is None:
        password = os.environ.get(ENV_PASSWORD)
        if password is None:
            return None
        return Credentials(os.environ.get(ENV_USER) or default_user, password)
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IROTH | stat.S_IWOTH):
            raise UserError(
                f"{path}: the credentials file is readable or writable by every user — "
                f"run chmod 600 {path}",
                ExitCode.USAGE,
            )
        first = next((ln for ln in path.read_text(encoding="utf-8").splitlines() if ln), "")
    except OSError as err:
        raise UserError(
            f"{path}: cannot read the credentials file ({err.strerror or err})",
            ExitCode.NOT_FOUND,
        ) from None
    user, sep, password = first.partition(":")
    if not sep or not user:
        raise UserError(f"{path}: the first line must be user:password", ExitCode.USAGE)
    return Credentials(user, password)
