"""jemalloc for a process that holds a large store: ``make bench`` runs Oxigraph's engines on it.

Over a large store, glibc's ``malloc`` makes pyoxigraph's small queries slow: after the store
is loaded its free lists are long, every query walks them while it sets up its evaluator, and
once another process has had the CPU's caches for a moment that walk costs up to a millisecond
or two (``perf`` on a 10^6-triple store: 78% of a cold one-triple ``ASK`` in ``_int_malloc``).
With jemalloc the same query takes its steady time at once. jemalloc runs with
``retain:false`` (unless ``MALLOC_CONF`` says otherwise): by default it keeps freed address
space mapped (3.8 GB of it for 1.2 GB resident over a 10^6-triple store in memory), which an
address-space limit would count. Measured figures are in ``benchmarks/RESULTS.md``, whose header
names the allocator of every process it times.

The allocator of a running process cannot change, so it is chosen where a process starts
(``LD_PRELOAD``, Debian's ``libjemalloc2``, installed by ``scripts/install-system-deps.sh``).
``serve``'s workers are forked from its arbiter and run on glibc's malloc (the launcher that
preloaded jemalloc into the former query processes went with them). Set
``DARMSTADT_KG_MALLOC=system`` to keep glibc's, or to a library's path to preload that one. For
your own Python process over a large store (a notebook), start it with jemalloc preloaded:
``LD_PRELOAD=libjemalloc.so.2 jupyter lab``.
"""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

from darmstadt_kg.errors import ExitCode, UserError

__all__ = ["ENV", "RETAIN", "preload", "with_preload", "in_use"]

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
    """A copy of ``env`` for a child process that preloads :func:`preload`'s library (as serve's
    launcher of query processes does: ``MALLOC_CONF=retain:false`` unless ``env`` sets one)."""
    library = preload()
    out = dict(env)
    if library and library not in out.get("LD_PRELOAD", "").split(":"):
        out["LD_PRELOAD"] = ":".join(x for x in (library, out.get("LD_PRELOAD")) if x)
        out.setdefault("MALLOC_CONF", RETAIN)
    return out


def in_use(pid: int | str = "self") -> str:
    """``jemalloc`` if that process has it loaded, else ``glibc``."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "unknown"
    return "jemalloc" if "libjemalloc" in maps else "glibc"
