"""Writing output so that a failure part-way never leaves a half-written file or folder.

Every file goes to a temporary name beside its target and takes the target's name with one
``os.replace`` once it is complete; a folder is built beside its target and swapped in whole.
The functions here create the folders they write into. The commands do not let them: they call
:func:`make_parents` first, so a missing folder in an output option is an error unless
``--parents`` asks to create it, and a typo in a path never grows a folder tree.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from darmstadt_kg.errors import ExitCode, UserError

__all__ = [
    "atomic_write",
    "replacing",
    "replacing_folder",
    "make_parents",
    "output_error",
]


def _check_folder(folder: Path) -> None:
    """Check that ``folder`` exists; a file in the way and a missing folder are named as such."""
    if folder.is_dir():
        return
    for above in (folder, *folder.parents):
        if above.exists() and not above.is_dir():
            raise NotADirectoryError(
                errno.ENOTDIR, "part of the path is a file, not a folder", str(above)
            )
    raise FileNotFoundError(errno.ENOENT, "the folder does not exist", str(folder))


def _ensure_folder(folder: Path) -> None:
    """Create ``folder`` and its parents; a file in the way is named as such."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        _check_folder(folder)
        raise


def make_parents(target: Path, create: bool) -> None:
    """The folder above ``target``: created when ``create`` (``--parents``), else it must exist.

    Raises ``FileNotFoundError`` naming the missing folder, ``NotADirectoryError`` naming a
    file in the way.
    """
    folder = Path(target).parent
    if create:
        _ensure_folder(folder)
    else:
        _check_folder(folder)


def output_error(target: Path | str, err: OSError):
    """One line for an output that cannot be written: what, why, and what to do."""

    if isinstance(err, FileNotFoundError):
        folder = err.filename or Path(target).parent
        hint = f"create {folder} first, or add --parents to create it"
    elif isinstance(err, NotADirectoryError):
        hint = f"{err.filename} is a file: choose another path"
    elif isinstance(err, PermissionError):
        hint = "choose a folder you may write to"
    else:
        hint = "check the path"
    return UserError(f"{target}: cannot write ({err.strerror or err}) — {hint}", ExitCode.NOT_FOUND)


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` to write to; it becomes ``target`` on success."""
    target = Path(target)
    _ensure_folder(target.parent)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(target: Path, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``target`` in one step."""
    with replacing(target) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(target)


@contextmanager
def replacing_folder(target: Path) -> Iterator[Path]:
    """A new empty folder beside ``target`` to build in; it replaces ``target`` on success.

    On failure the new folder is removed and ``target`` is left as it was.
    """
    target = Path(target)
    _ensure_folder(target.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, target)
