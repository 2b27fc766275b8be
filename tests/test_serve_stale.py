"""Store copies left in the temp folder: every copy is named after its owner's process id, and
the next server or app that builds a copy removes those whose owner is dead and that no live
process holds — a held one is never removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from darmstadt_kg.serve.store import (
    UNNAMED_STALE_SECONDS,
    build_shared_store,
    remove_stale_stores,
)


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


@contextmanager
def _held_by_another_process(folder: Path) -> Iterator[None]:
    """A live process that holds the copy in ``folder`` (as a query process does)."""
    code = (
        "import time; from darmstadt_kg.serve.store import hold_store\n"
        f"lock = hold_store({str(folder / 'store')!r}); print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def _copies(root: Path, *names: str) -> list[Path]:
    """Store copies built in ``root`` under ``names``."""
    folders = [root / name for name in names]
    for folder in folders:
        folder.mkdir()
        build_shared_store(folder)
    return folders


def _age(folder: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(folder, (then, then))


def test_an_app_names_its_copy_after_its_process_and_removes_a_dead_owners_copy(
    tmp_path: Path, monkeypatch
):
    from darmstadt_kg.serve.app import create_app
    from darmstadt_kg.serve.config import ServeConfig

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (dead,) = _copies(tmp_path, f"darmstadt-kg-serve-{_dead_pid()}-left")
    app = create_app(ServeConfig(cache_mb=0, query_threads=1))
    copy = Path(app.state.config.store_path).parent
    try:
        assert copy.parent == tmp_path
        assert copy.name.startswith(f"darmstadt-kg-serve-{os.getpid()}-")
        assert not dead.exists()
        assert remove_stale_stores(tmp_path) == []  # its own copy: its owner lives
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def test_an_unnamed_copy_of_earlier_versions_goes_only_when_old_and_not_held(tmp_path: Path):
    old, fresh = _copies(tmp_path, "darmstadt-kg-serve-2hf2eba8", "darmstadt-kg-serve-9mllrert")
    _age(old, UNNAMED_STALE_SECONDS + 60)
    _age(fresh, UNNAMED_STALE_SECONDS - 60)
    assert remove_stale_stores(tmp_path) == [old]
    assert fresh.is_dir() and not old.exists()


def test_an_old_unnamed_copy_that_a_live_process_holds_is_kept(tmp_path: Path):
    (held,) = _copies(tmp_path, "darmstadt-kg-serve-_zfwtt3b")
    _age(held, UNNAMED_STALE_SECONDS * 24)
    with _held_by_another_process(held):
        assert remove_stale_stores(tmp_path) == []
        assert held.is_dir()
    assert remove_stale_stores(tmp_path) == [held]


def test_a_store_copy_held_by_a_live_process_is_never_removed(tmp_path: Path):
    dead_pid = _dead_pid()
    held, free = _copies(
        tmp_path, f"darmstadt-kg-serve-{dead_pid}-held", f"darmstadt-kg-serve-{dead_pid}-free"
    )
    with _held_by_another_process(held):
        assert remove_stale_stores(tmp_path) == [free]  # its server is dead, but not its holder
        assert held.is_dir() and not free.exists()
    assert remove_stale_stores(tmp_path) == [held]


def test_folders_of_other_names_are_left_alone(tmp_path: Path):
    others = [tmp_path / "darmstadt-kg-serve-notapid-x", tmp_path / "darmstadt-kg-serve-file"]
    others[0].mkdir()
    others[1].write_text("not a copy")
    for path in others:
        _age(path, UNNAMED_STALE_SECONDS * 24)
    assert remove_stale_stores(tmp_path) == []
    assert all(p.exists() for p in others)
