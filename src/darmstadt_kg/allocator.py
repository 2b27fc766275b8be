"""jemalloc for a process that holds a large store: ``serve`` (and ``run``) start on it, and
``make bench`` runs Oxigraph's engines on it.

Over a large store, glibc's ``malloc`` makes pyoxigraph's small queries slow: after the store
is loaded its free lists are long, every query walks them while it sets up its evaluator, and
once another process has had the CPU's caches for a moment that walk costs up to a millisecond
or two (``perf`` on a 10^6-triple store: 78% of a cold one-triple ``ASK`` in ``_int_malloc``).
With jemalloc the same query takes its steady time at once. jemalloc runs with
``retain:false`` (unless ``MALLOC_CONF`` says otherwise): by default it keeps freed address
space mapped (3.8 GB of it for 1.2 GB resident over a 10^6-triple store in memory), which an
address-space limit would count.

The allocator of a running process cannot change, so it is chosen where a process starts
(``LD_PRELOAD``, Debian's ``libjemalloc2``, installed by ``scripts/install-system-deps.sh``):
:func:`relaunch` starts ``serve`` again on it, as its first step (same process id, same
arguments), so that the arbiter and the workers it forks run on it — distinct lookups over
10^6 triples answer 13–24 % more per second than on glibc's (docs/endpoint.md). Set
``DARMSTADT_KG_MALLOC=system`` to keep glibc's, or to a library's path to preload that one. For
your own Python process over a large store (a notebook), start it with jemalloc preloaded:
``LD_PRELOAD=libjemalloc.so.2 jupyter lab``.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

from darmstadt_kg.errors import ExitCode, UserError

__all__ = ["ENV", "RETAIN", "preload", "with_preload", "in_use", "relaunch"]

ENV = "DARMSTADT_KG_MALLOC"
_NAME = "libjemalloc.so.2"
RETAIN = "retain:false"


def _candidates() -> list[Path]:
    arch = sysconfig.get_config_var("MULTIARCH") or ""
    folders = [f"/usr/lib/{arch}", f"/lib/{arch}"] if arch else []
    return [Path(folder) / _NAME for folder in [*folders, "/usr/lib", "/usr/local/lib"]]


def preload() -> str | None:
    """The library to preload into a process that will hold a large store, or None: glibc's
    own (``DARMSTADT_KG_MALLOC=system``, or jemalloc is not installed). A
    ``DARMSTADT_KG_MALLOC`` that names no file raises ``UserError`` (one line, exit code
    NOT_FOUND) instead of leaving the processes on glibc's malloc without a word."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen == "system":
        return None
    if not chosen:
        return next((str(path) for path in _candidates() if path.is_file()), None)
    if Path(chosen).is_file():
        return chosen

    raise UserError(
        f"{ENV}={chosen}: no such file — set it to the path of an allocator library "
        f"(as {_candidates()[0]}), or to 'system' for glibc's malloc",
        ExitCode.NOT_FOUND,
    )


def with_preload(env: dict[str, str]) -> dict[str, str]:
    """A copy of ``env`` for a process that preloads :func:`preload`'s library (with
    ``MALLOC_CONF=retain:false`` unless ``env`` sets one)."""
    library = preload()
    out = dict(env)
    if library and library not in out.get("LD_PRELOAD", "").split(":"):
        out["LD_PRELOAD"] = ":".join(x for x in (library, out.get("LD_PRELOAD")) if x)
        out.setdefault("MALLOC_CONF", RETAIN)
    return out


def _maps(pid: int | str) -> str | None:
    """The memory map of a process (the libraries it has loaded), or None if unreadable."""
    try:
        return Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def in_use(pid: int | str = "self") -> str:
    """``jemalloc`` if that process has it loaded, else ``glibc``."""
    maps = _maps(pid)
    if maps is None:
        return "unknown"
    return "jemalloc" if "libjemalloc" in maps else "glibc"


_RELAUNCHED = "DARMSTADT_KG_MALLOC_RELAUNCHED"  # set in the started-again process: once only


def _the_command() -> bool:
    """Whether this process was started as ``darmstadt-kg`` (or ``python -m darmstadt_kg``)."""
    argv = sys.orig_argv[1:]
    return argv[:2] == ["-m", "darmstadt_kg"] or (
        bool(argv) and Path(argv[0]).name == "darmstadt-kg"
    )


def relaunch() -> None:
    """Start this process again on :func:`preload`'s library, with the same arguments and
    process id (``execve``), unless it runs on it already, none is chosen, or it was started
    again already (a library the loader could not preload is not tried twice), or it was not
    started as the ``darmstadt-kg`` command. Call it first, before anything is printed or
    opened."""
    if not _the_command():
        return  # a caller's process (a test calling the command's function) stays as it is
    library = preload()
    if library is None or os.environ.get(_RELAUNCHED):
        return
    maps = _maps("self")
    if maps is None or library in maps:
        return
    env = {**with_preload(dict(os.environ)), _RELAUNCHED: "1"}
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)
