"""The site's output folder, handled so that a build never destroys what it did not write.

- **Manifest**: the marker file ``.darmstadt-kg-site`` lists every file the build wrote, one
  relative path a line (sorted). A later build removes only files named there; every other file
  in the folder (``robots.txt``, ``.well-known/acme-challenge/…``, ``uploads/…``) is carried
  over into the new build. A kept file at a path the new build writes itself makes the build
  refuse, in one line naming it, before anything changes.
- **Symlinks**: ``--out LINK`` is followed; the site lands in the folder LINK points to, and
  the link stays.
- **Atomic**: the site is built in ``.NAME.<random>.new`` beside the real folder and swapped in
  with one ``renameat2(RENAME_EXCHANGE)`` (Linux), so a reader sees the old or the new site,
  never neither; where the kernel lacks it, two renames.
- **Leftovers**: ``.NAME.*.new`` / ``.NAME.*.old`` folders of builds that were killed are
  removed by the next build into the same folder. Builds into one parent folder take turns
  (an ``flock`` on the parent folder), so a running build's staging is never taken for a
  leftover.
- **Messages** name the user's path, never the staging folder.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from darmstadt_kg.errors import ExitCode, UserError

__all__ = [
    "MARKER",
    "SiteError",
    "resolve_target",
    "read_manifest",
    "write_manifest",
    "site_folder",
    "user_path",
]

MARKER = ".darmstadt-kg-site"
_HEADER = "built by darmstadt-kg publish site; the files it wrote:"


class SiteError(UserError):
    """The output folder cannot be used."""

    code = ExitCode.USAGE


def resolve_target(out: Path) -> Path:
    """The real folder ``out`` stands for: symlinks (also dangling ones) followed."""
    return Path(os.path.realpath(Path(out).absolute()))


def read_manifest(folder: Path) -> set[str] | None:
    """The files an earlier build wrote into ``folder``; ``None`` if no site was built there.

    A marker without a list (sites built before manifests existed) gives an empty set: then
    only files the new build writes again are replaced, and all others are kept.
    """
    marker = folder / MARKER
    if not marker.is_file():
        return None
    lines = marker.read_text(encoding="utf-8").splitlines()
    return {line for line in lines[1:] if line and not line.startswith("#")}


def write_manifest(folder: Path) -> set[str]:
    """List every file under ``folder`` (the fresh build) in its marker; returns the set."""
    files = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if (p.is_file() or p.is_symlink()) and p.name != MARKER
    }
    files.add(MARKER)
    text = _HEADER + "\n" + "".join(f"{name}\n" for name in sorted(files))
    (folder / MARKER).write_text(text, encoding="utf-8")
    return files


def user_path(text: str, staging: Path | None, real: Path, shown: Path) -> str:
    """``text`` with the staging folder (or the real folder) replaced by the user's path."""
    if staging is not None:
        text = text.replace(str(staging), str(shown))
    if real != shown.absolute():
        text = text.replace(str(real), str(shown))
    return text


def _check(real: Path, shown: Path) -> set[str] | None:
    if real.exists() and not real.is_dir():
        raise SiteError(f"{shown}: exists and is not a folder — choose another --out")
    if not real.exists():
        return None
    manifest = read_manifest(real)
    if manifest is None and any(real.iterdir()):
        raise SiteError(
            f"{shown}: folder is not empty and holds no darmstadt-kg site — "
            "choose an empty or new folder for --out"
        )
    return manifest


def _remove_leftovers(real: Path) -> None:
    for pattern in (f".{real.name}.*.new", f".{real.name}.*.old"):
        for path in real.parent.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)


def _kept_files(real: Path, manifest: set[str] | None) -> list[str]:
    """Files (and symlinks) in the old folder that no earlier build wrote."""
    if manifest is None:
        return []
    kept = []
    for path in real.rglob("*"):
        name = path.relative_to(real).as_posix()
        if (path.is_file() or path.is_symlink()) and name not in manifest:
            kept.append(name)
    kept.extend(
        p.relative_to(real).as_posix() + "/"
        for p in real.rglob("*")
        if p.is_dir() and not p.is_symlink() and not any(p.iterdir())
    )
    return sorted(kept)


def _carry_over(real: Path, staging: Path, kept: list[str], manifest: set[str], shown: Path):
    clash = [
        name
        for name in kept
        if (staging / name.rstrip("/")).exists() or (staging / name).is_symlink()
    ]
    if clash:
        raise SiteError(
            f"{shown}: {', '.join(clash[:5])}{' …' if len(clash) > 5 else ''} "
            "not written by darmstadt-kg, but the new site has a file there — "
            "move it away and build again (nothing was changed)"
        )
    for name in kept:
        source, dest = real / name.rstrip("/"), staging / name.rstrip("/")
        if name.endswith("/"):
            dest.mkdir(parents=True, exist_ok=True)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, dest, follow_symlinks=False)  # same file system: no copy
        except OSError:
            shutil.copy2(source, dest, follow_symlinks=False)


def _exchange(staging: Path, real: Path) -> None:
    """Swap the two folders in one step (``renameat2`` with ``RENAME_EXCHANGE``)."""

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    at_fdcwd, rename_exchange = -100, 2
    if renameat2 is not None:
        done = renameat2(
            at_fdcwd, os.fsencode(staging), at_fdcwd, os.fsencode(real), rename_exchange
        )
        if done == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS):
            raise OSError(code, os.strerror(code), str(real))
    old = Path(tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".old", dir=real.parent))
    os.replace(real, old / real.name)
    os.replace(staging, real)
    os.replace(old / real.name, staging)
    old.rmdir()


@contextmanager
def _lock(parent: Path, shown: Path) -> Iterator[None]:
    fd = os.open(parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SiteError(
                f"{shown}: another 'publish site' is building into this folder — wait for it"
            ) from None
        yield
    finally:
        os.close(fd)


@contextmanager
def site_folder(out: Path) -> Iterator[Path]:
    """An empty staging folder to build the site in; swapped into ``out`` on success.

    On failure the staging folder is removed and ``out`` is left as it was. OSErrors are
    re-raised with the user's path in place of the staging one.
    """
    shown = Path(out)
    real = resolve_target(shown)
    staging: Path | None = None
    try:
        manifest = _check(real, shown)
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise NotADirectoryError(
                errno.ENOTDIR, "part of the path is a file, not a folder", str(real.parent)
            ) from None
        with _lock(real.parent, shown):
            _remove_leftovers(real)
            kept = _kept_files(real, manifest)
            staging = Path(
                tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".new", dir=real.parent)
            )
            try:
                yield staging
                write_manifest(staging)
                _carry_over(real, staging, kept, manifest or set(), shown)
                os.chmod(staging, 0o755)
                if real.is_dir():
                    _exchange(staging, real)
                else:
                    os.replace(staging, real)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as err:
        where = user_path(str(err.filename or shown), staging, real, shown)
        if where.startswith(str(real.parent / f".{real.name}.")):
            where = str(shown)
        raise OSError(err.errno, err.strerror, where) from None
