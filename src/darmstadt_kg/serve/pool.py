"""Query processes: a query over its time limit is stopped by ending its process.

pyoxigraph cannot cancel a running query, and a thread cannot be stopped, so every SPARQL
query runs in one of a few query processes that open the shared read-only store. When a query
exceeds its limit, its process is killed and a fresh one takes its place; the server itself is
never blocked and no CPU is left burning. All processes are started by one long-lived thread
(``PR_SET_PDEATHSIG`` follows the thread that started a child), which keeps trying until the
pool is full again; a process that dies on a query tells why (memory limit, crash).

A terminal's Ctrl-C reaches the whole process group. Query processes start through the launcher
``python-ignoring-sigint`` beside this module, which ignores SIGINT before Python starts, so one
still importing when Ctrl-C comes cannot print a ``KeyboardInterrupt`` traceback; the server
stops them itself. The launcher also preloads jemalloc into them where it is installed
(:mod:`darmstadt_kg.allocator`: glibc's malloc makes small queries over a large store slow).
"""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from darmstadt_kg import paths
from darmstadt_kg.serve.jobs import Busy, Failure, Job, Outcome, TimedOut
from darmstadt_kg.serve.sandbox import NoSandbox

__all__ = ["QueryPool", "LAUNCHER"]

LAUNCHER = paths.package_resource("serve", "python-ignoring-sigint")
THREADS = 40  # threads waiting on query processes, per server worker


def _use_launcher(ctx) -> None:
    """Start ``ctx``'s processes through :data:`LAUNCHER` (if it is executable here), with the
    allocator :func:`darmstadt_kg.allocator.preload` chooses."""
    from darmstadt_kg.allocator import preload

    if os.access(LAUNCHER, os.X_OK) and os.access("/bin/sh", os.X_OK):
        os.environ["DARMSTADT_KG_QUERY_PYTHON"] = sys.executable
        os.environ["DARMSTADT_KG_QUERY_PRELOAD"] = preload() or ""
        ctx.set_executable(str(LAUNCHER))


class _Process:
    def __init__(self, ctx, args: tuple) -> None:
        from darmstadt_kg.serve import query_process

        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=query_process.main, args=(child, *args), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent

    def wait_ready(self, timeout: float = 120.0) -> str:
        """``"ready"``, or why not (``"no sandbox: …"`` when the process could not confine
        itself), or ``""`` when it ended or stayed silent."""
        try:
            return self.conn.recv() if self.conn.poll(timeout) else ""
        except (EOFError, OSError):
            return ""

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``size`` query processes over the store at ``store_path``; ``run`` is thread-safe."""

    def __init__(
        self, store_path: str, size: int, in_memory: bool = False, memory_mb: int = 0
    ) -> None:
        import multiprocessing
        import os

        self._ctx = multiprocessing.get_context("spawn")
        _use_launcher(self._ctx)
        self._args = (store_path, in_memory, memory_mb, os.getpid())
        self.memory_mb = memory_mb
        self.size = size
        self._idle: queue.Queue[_Process] = queue.Queue()
        self._wanted: queue.Queue[int] = queue.Queue()
        self._closed = False
        self.refused = ""  # why a query process could not confine itself (then none serve)
        # threads that wait for a query process and its answer: as many as anyio's default
        # limit, which served here before (more requests wait in the executor's queue)
        self._threads = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="query")
        self._thread = threading.Thread(target=self._refill, name="query-pool", daemon=True)
        self._thread.start()
        self._wanted.put(size)
        deadline = time.monotonic() + 180
        while self._idle.qsize() < size:
            if self.refused:
                self.close()
                raise NoSandbox(self.refused)
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError("a query process did not start")
            time.sleep(0.02)

    def _refill(self) -> None:
        """Start a process for every wanted one, retrying until it says ready. The processes
        wanted at once start together (with ``--in-memory`` each loads the whole store: one after
        the other, the start-up took as long again per process)."""
        delay = 0.1
        while not self._closed:
            wanted = self._wanted.get()
            while True:
                try:
                    wanted += self._wanted.get_nowait()
                except queue.Empty:
                    break
            if self._closed or wanted <= 0:
                continue
            started = []
            for _ in range(wanted):
                try:
                    started.append(_Process(self._ctx, self._args))
                except Exception:  # noqa: BLE001 - this thread must outlive any failed start
                    started.append(None)
            failed = 0
            for process in started:
                said = process.wait_ready() if process is not None else ""
                if said == "ready" and not self._closed:
                    self._idle.put(process)
                    continue
                if said.startswith("no sandbox"):  # never serve without it: stop starting
                    self.refused = said.removeprefix("no sandbox: ")
                    self._closed = True
                failed += 1
                if process is not None:
                    process.kill()
            if failed:
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
                self._wanted.put(failed)
            else:
                delay = 0.1

    def _replace(self, process: _Process) -> None:
        process.kill()
        self._wanted.put(1)

    def _died(self, process: _Process) -> Failure:
        process.process.join(1)
        code = process.process.exitcode
        self._replace(process)
        if code in (-signal.SIGABRT, -signal.SIGKILL) and self.memory_mb:
            return Failure(
                503,
                f"the query needed more than this endpoint's {self.memory_mb} MiB per query "
                "— make it more selective or add a LIMIT",
            )
        if code == -signal.SIGSEGV:
            return Failure(
                400,
                "the query is too complex for the SPARQL engine (it crashed "
                "parsing or running it) — simplify it",
            )
        return Failure(
            503,
            "a query process ended while answering; the query was not answered — retry in a moment",
            retry_after=1,
        )

    def run(self, job: Job, timeout: float) -> Outcome:
        """Run ``job``; :class:`TimedOut` when it takes too long, :class:`Busy` when no process
        becomes free in that time."""
        deadline = time.monotonic() + timeout
        try:
            process = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Busy()
        try:
            process.conn.send(job)
            if not process.conn.poll(max(0.001, deadline - time.monotonic())):
                self._replace(process)
                return TimedOut()
            outcome = process.conn.recv()
        except (EOFError, OSError):
            return self._died(process)
        self._idle.put(process)
        return outcome

    async def run_async(self, job: Job, timeout: float) -> Outcome:
        """:meth:`run` from the event loop, in a thread of the pool's own: asyncio's executor
        hop costs a third of anyio's ``to_thread.run_sync`` (its limiter and cancel scopes), on
        every request. A cancelled caller (the client went away) leaves the thread to finish
        the job and give the process back."""
        import asyncio

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self.run, job, timeout)

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._closed = True
        self._wanted.put(0)
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return
