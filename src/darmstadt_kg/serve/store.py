"""The server's copy of the graph: built once on disk, opened read-only by every worker, held
by a shared lock while any of them lives, and removed once its owner has died."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from darmstadt_kg.load import UnionStore, get_store

__all__ = [
    "UNION_MARK",
    "UNNAMED_STALE_SECONDS",
    "DefaultUnion",
    "build_shared_store",
    "open_store",
    "hold_store",
    "new_store_folder",
    "remove_stale_stores",
    "process_alive",
]

UNION_MARK = "union-in-default-graph"  # beside a store copy whose default graph is the union


def build_shared_store(folder: Path, source=None) -> Path:
    """Write ``source`` (default: the loaded project graph) into an on-disk pyoxigraph store
    under ``folder``, with the union of its named graphs once more in its default graph (and
    ``folder/UNION_MARK`` saying so) — unless a triple is in two graphs or the source's default
    graph holds any (pyoxigraph's union would count those differently): docs/endpoint.md."""

    path = folder / "store"
    (folder / "lock").touch()  # every process that opens the copy holds a shared lock on it
    source = get_store() if source is None else source
    disk = ox.Store(str(path))
    disk.bulk_extend(source.quads_for_pattern(None, None, None))
    named = len(disk)
    if next(iter(source.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None:
        disk.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object)
            for q in source.quads_for_pattern(None, None, None)
        )
        if len(disk) == 2 * named:
            (folder / UNION_MARK).write_text(f"{named}\n", encoding="ascii")
        else:  # a triple in two graphs: the union counts it twice, a default graph once
            disk.clear_graph(ox.DefaultGraph())
    disk.flush()
    del disk
    return path


class DefaultUnion(UnionStore):
    """A copy whose default graph holds the union (:func:`build_shared_store`): a query without
    a dataset reads it, so the union flag is dropped; ``len`` and iteration count the named
    graphs' quads only (the triples served)."""

    default_is_union = True  # load.query_union passes queries on as they are

    def __init__(self, store, triples: int) -> None:
        super().__init__(store)
        self.triples = triples

    def query(self, query: str, **options):
        options.pop("use_default_graph_as_union", None)
        return self.store.query(query, **options)

    def __len__(self) -> int:
        return self.triples

    def __iter__(self):
        default = ox.DefaultGraph()
        return (q for q in self.store if q.graph_name != default)


def open_store(store_path: str, in_memory: bool = False):
    """The shared on-disk store, read-only (or, ``in_memory``, a private in-memory copy), as
    queries should see it: a ``DefaultUnion`` if its copy says so, else a ``UnionStore``."""

    store = ox.Store.read_only(store_path)
    if in_memory:  # quad by quad: a fifth faster than dumping and parsing N-Quads at 10^6
        store, shared = ox.Store(), store
        store.bulk_extend(shared.quads_for_pattern(None, None, None))
    mark = Path(store_path).parent / UNION_MARK
    if mark.is_file():
        return DefaultUnion(store, int(mark.read_text(encoding="ascii")))
    return UnionStore(store)


def hold_store(store_path: str):
    """A shared lock on the store copy's lock file, held for this process's life."""

    lock = Path(store_path).parent / "lock"
    if not lock.exists():
        return None
    handle = lock.open("rb")
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


_PREFIX = "darmstadt-kg-serve-"


def process_alive(pid: int) -> bool:
    """True while a process with this id exists (also one of another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _held(folder: Path) -> bool:
    """True when a live process holds the copy's lock file (the server or one of its workers)."""

    lock = folder / "lock"
    if not lock.exists():
        return False
    with lock.open("rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def new_store_folder() -> Path:
    """A fresh temporary folder for this process's store copy, named after its process id (for
    :func:`remove_stale_stores`, which runs first)."""
    remove_stale_stores()
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))


#: a copy named without a process id (made by versions before ``new_store_folder``) is stale
#: when no process holds it and it has not changed for this long
UNNAMED_STALE_SECONDS = 3600.0


def _stale(folder: Path) -> bool:
    owner, dash, _ = folder.name[len(_PREFIX) :].partition("-")
    if not folder.is_dir() or _held(folder):
        return False
    if dash and owner.isdigit():
        return not process_alive(int(owner))
    if dash:
        return False  # not a name this package gives
    return time.time() - folder.stat().st_mtime > UNNAMED_STALE_SECONDS


def remove_stale_stores(root: Path | None = None) -> list[Path]:
    """Remove store copies left by servers that were killed (``darmstadt-kg-serve-<pid>-…``),
    never one whose server lives or whose lock file a process holds (the server and its
    workers do). One without a process id in its name (from earlier versions) goes once no
    process holds it and it is older than :data:`UNNAMED_STALE_SECONDS`."""
    removed = []
    for folder in sorted(Path(root or tempfile.gettempdir()).glob(_PREFIX + "*")):
        if _stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
