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
    "served_store",
    "open_store",
    "hold_store",
    "new_store_folder",
    "remove_stale_stores",
    "process_alive",
]

UNION_MARK = "union-in-default-graph"  # beside a store copy whose default graph is the union


def build_shared_store(folder: Path, source=None) -> Path:
    """Write ``source`` (default: the loaded project graph) into an on-disk pyoxigraph store
    under ``folder``.

    The copy is read-only from here on, so the union of its named graphs is written once into
    its default graph (and ``folder/UNION_MARK`` says so): a query that names no dataset then
    reads the default graph instead of asking pyoxigraph for the union on every access (the
    copy takes longer to write and more disk).
    pyoxigraph's union yields a triple once per graph holding it, the default graph once: the
    copy is made only when no triple is in two graphs and the source's default graph is
    empty; otherwise the default graph stays empty and queries use the union.
    """

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
    """A store copy whose default graph holds the union of its named graphs (written once
    by :func:`build_shared_store`): a query without a dataset of
    its own reads that default graph, so the union flag is dropped (pyoxigraph's union would
    add the default graph to the named ones); ``GRAPH``, ``FROM`` and ``FROM NAMED`` see
    the named graphs as in any store. ``len`` and iteration count the named graphs' quads
    only (the triples served)."""

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


def served_store(store_path: str, store):
    """``store`` (opened from ``store_path``) as queries on it should see it: a ``DefaultUnion``
    if its copy says so, else a ``UnionStore`` (union asked per query)."""

    mark = Path(store_path).parent / UNION_MARK
    if mark.is_file():
        return DefaultUnion(store, int(mark.read_text(encoding="ascii")))
    return UnionStore(store)


def open_store(store_path: str, in_memory: bool = False):
    """The shared on-disk store, read-only; or, ``in_memory``, a private in-memory copy of it
    (each as :func:`served_store` makes it)."""

    shared = ox.Store.read_only(store_path)
    if not in_memory:
        return served_store(store_path, shared)
    copy = ox.Store()  # quad by quad: a fifth faster than dumping and parsing N-Quads at 10^6
    copy.bulk_extend(shared.quads_for_pattern(None, None, None))
    return served_store(store_path, copy)


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
    """A fresh temporary folder for this process's store copy, named after its process id
    (``darmstadt-kg-serve-<pid>-…``) so that :func:`remove_stale_stores` can tell whether its
    owner still lives. Stale copies of dead owners are removed first."""
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
    """Remove store copies left by servers that were killed (``darmstadt-kg-serve-<pid>-…``).

    A copy of a large graph is large (it holds the union once more in its default graph); a
    server stopped by SIGKILL cannot remove its own. A copy is kept while its server's process
    lives or while any process holds its lock file (the server, its workers and query
    processes each hold it). A copy without a process id in its name (from earlier versions)
    is removed once no process holds it and it is older than :data:`UNNAMED_STALE_SECONDS`.
    """
    removed = []
    for folder in sorted(Path(root or tempfile.gettempdir()).glob(_PREFIX + "*")):
        if _stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
