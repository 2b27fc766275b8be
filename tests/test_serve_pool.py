"""Query processes: the pool always refills, and a store copy a live process holds is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from darmstadt_kg.serve.jobs import Answer, Failure, Format, Job
from darmstadt_kg.serve.pool import LAUNCHER, QueryPool
from darmstadt_kg.serve.runner import build_shared_store, remove_stale_stores

ASK = Job("ASK { ?s ?p ?o }", Format("json", "x"), Format("turtle", "y"), 10)


def test_the_pool_refills_even_when_a_replacement_dies_before_it_is_ready(tmp_path):
    (tmp_path / "copy").mkdir()
    path = str(build_shared_store(tmp_path / "copy"))
    pool = QueryPool(path, 1)
    try:
        good = pool._args
        pool._args = (str(tmp_path / "no-store"), *good[1:])  # replacements now fail to start
        process = pool._idle.get()
        pool._idle.put(process)
        os.kill(process.process.pid, signal.SIGKILL)
        lost = pool.run(ASK, 5)
        assert isinstance(lost, Failure) and lost.status == 503 and lost.retry_after == 1
        time.sleep(1.5)  # a few replacements have died before saying ready
        pool._args = good
        answer = pool.run(ASK, 30)
        assert isinstance(answer, Answer) and b"true" in answer.body
    finally:
        pool.close()


def test_query_processes_start_through_a_launcher_that_ignores_sigint_before_python_starts(
    tmp_path,
):
    import multiprocessing.spawn

    env = dict(os.environ, DARMSTADT_KG_QUERY_PYTHON=sys.executable)
    code = (
        "import signal, sys; "
        "print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN, sys.executable)"
    )
    done = subprocess.run([str(LAUNCHER), "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.split() == ["True", sys.executable]
    (tmp_path / "copy").mkdir()
    pool = QueryPool(str(build_shared_store(tmp_path / "copy")), 1)
    try:
        assert os.fsdecode(multiprocessing.spawn.get_executable()) == str(LAUNCHER)
        assert isinstance(pool.run(ASK, 30), Answer)
    finally:
        pool.close()


def test_a_store_copy_held_by_a_live_process_is_never_removed(tmp_path):
    code = "import os; print(os.getpid())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    dead_pid = done.stdout.strip()
    held = tmp_path / f"darmstadt-kg-serve-{dead_pid}-held"
    free = tmp_path / f"darmstadt-kg-serve-{dead_pid}-free"
    for folder in (held, free):
        folder.mkdir()
        build_shared_store(folder)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from darmstadt_kg.serve.worker import hold_store\n"
         f"lock = hold_store({str(held / 'store')!r}); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        assert remove_stale_stores(tmp_path) == [free]  # its server is dead, but not its holder
        assert held.is_dir() and not free.exists()
    finally:
        holder.kill()
        holder.wait()
    assert remove_stale_stores(tmp_path) == [held]
