"""Query processes: the pool always refills (that a store copy a live process holds is kept:
``tests/test_serve_stale.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from darmstadt_kg.serve.evaluate import Answer, Failure, Format, Job
from darmstadt_kg.serve.pool import LAUNCHER, QueryPool
from darmstadt_kg.serve.runner import build_shared_store

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


def test_the_processes_wanted_at_once_start_together(monkeypatch):
    """With --in-memory each query process loads the whole store: the pool starts all it needs
    before it waits for the first to be ready, so start-up takes one load, not one per process."""
    import threading

    from darmstadt_kg.serve import pool as pool_module

    events: list[str] = []
    lock = threading.Lock()

    class Slow:
        def __init__(self, ctx, args) -> None:
            with lock:
                events.append("start")
            self.process = None

        def wait_ready(self, timeout: float = 120.0) -> str:
            time.sleep(0.3)  # loading
            with lock:
                events.append("ready")
            return "ready"

        def kill(self) -> None:
            pass

    monkeypatch.setattr(pool_module, "_Process", Slow)
    monkeypatch.setattr(pool_module, "_use_launcher", lambda ctx: None)
    pool = QueryPool("unused", 3)
    pool._closed = True
    pool._wanted.put(0)
    assert events[:3] == ["start"] * 3, events  # all three started before any was waited for
    assert events.count("ready") == 3


@contextmanager
def _one_answering_process(tmp_path):
    """A pool of one query process over a fresh copy of the graph, which has answered an ASK:
    yields that process's pid."""
    (tmp_path / "copy").mkdir()
    pool = QueryPool(str(build_shared_store(tmp_path / "copy")), 1)
    try:
        assert isinstance(pool.run(ASK, 30), Answer)
        process = pool._idle.get()
        pool._idle.put(process)
        yield process.process.pid
    finally:
        pool.close()


def test_query_processes_run_on_jemalloc_which_the_system_deps_install(tmp_path, monkeypatch):
    """scripts/install-system-deps.sh installs libjemalloc2; the launcher preloads it into the
    query processes only: the server's own process keeps glibc's malloc."""
    from darmstadt_kg.allocator import in_use, preload

    monkeypatch.delenv("DARMSTADT_KG_MALLOC", raising=False)
    assert preload() and preload().endswith("libjemalloc.so.2")
    with _one_answering_process(tmp_path) as pid:
        assert in_use(pid) == "jemalloc"
        assert in_use() == "glibc"
        environ = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
        assert any(e.startswith(b"LD_PRELOAD=") and b"jemalloc" in e for e in environ)
        assert b"MALLOC_CONF=retain:false" in environ  # the address-space limit counts RSS
        assert not any(
            e.startswith(b"LD_PRELOAD=")
            for e in open("/proc/self/environ", "rb").read().split(b"\0")
        )


def test_darmstadt_kg_malloc_system_keeps_glibc_in_the_query_processes(tmp_path, monkeypatch):
    from darmstadt_kg.allocator import in_use

    monkeypatch.setenv("DARMSTADT_KG_MALLOC", "system")
    with _one_answering_process(tmp_path) as pid:
        assert in_use(pid) == "glibc"


def test_serve_refuses_a_darmstadt_kg_malloc_that_names_no_file(tmp_path):
    missing = tmp_path / "libnothing.so"
    done = subprocess.run(
        [sys.executable, "-m", "darmstadt_kg", "serve", "--no-validate", "--port", "0"],
        env=dict(os.environ, DARMSTADT_KG_MALLOC=str(missing)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 6, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"darmstadt-kg: error: DARMSTADT_KG_MALLOC={missing}: no such file")
    assert "'system'" in line


def test_a_query_process_the_kernel_will_not_confine_stops_the_pool(monkeypatch):
    """Never serve without the sandbox: a process that says it could not confine itself makes
    the pool refuse to start, with the kernel's reason, instead of retrying or serving."""
    from darmstadt_kg.serve import pool as pool_module
    from darmstadt_kg.serve.sandbox import NoSandbox

    class Unconfined:
        def __init__(self, ctx, args) -> None:
            self.process = None

        def wait_ready(self, timeout: float = 120.0) -> str:
            return "no sandbox: the kernel refused seccomp (Invalid argument)"

        def kill(self) -> None:
            pass

    monkeypatch.setattr(pool_module, "_Process", Unconfined)
    monkeypatch.setattr(pool_module, "_use_launcher", lambda ctx: None)
    started = time.monotonic()
    with pytest.raises(NoSandbox, match="the kernel refused seccomp"):
        QueryPool("unused", 2)
    assert time.monotonic() - started < 10


def test_an_internal_error_is_one_line_to_the_client_and_a_traceback_in_the_log(
    monkeypatch, capsys
):
    from darmstadt_kg.serve import query_process

    real = query_process.answer

    def failing(store, job):
        if job.text == "BUG":
            raise KeyError("a bug in the answer path")
        return real(store, job)

    class Pipe:
        def __init__(self) -> None:
            self.sent, self.jobs = [], [Job("BUG", Format("json", "a"), Format("turtle", "b"), 5)]

        def send(self, value) -> None:
            self.sent.append(value)

        def recv(self):
            if not self.jobs:
                raise EOFError
            return self.jobs.pop()

    import pyoxigraph as ox

    from darmstadt_kg.load import UnionStore

    monkeypatch.setattr(query_process, "answer", failing)
    pipe = Pipe()
    query_process._serve(pipe, UnionStore(ox.Store()), 0)
    assert pipe.sent[0] == "ready"
    reply = pipe.sent[1]
    assert isinstance(reply, Failure) and reply.status == 500 and "KeyError" in reply.message
    log = capsys.readouterr().err
    assert "internal error answering 'BUG'" in log
    assert "Traceback (most recent call last)" in log and "a bug in the answer path" in log
