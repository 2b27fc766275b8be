"""Pre-fork workers under gunicorn's arbiter: each does HTTP and the query, confined.

Before it reads a request a worker asks to die with the arbiter, bounds its address space and
confines itself (:mod:`~darmstadt_kg.serve.sandbox`). After a query over its time or memory
limit has its 503, the worker *retires*: it stops accepting at once (before the 503 is sent: a
connection it accepted later would be closed unanswered when it shuts down, as one was under
load), finishes the answers in flight and ends with ``os._exit`` (the query's thread cannot be
stopped); the arbiter forks a fresh one.

A worker forked just as the arbiter was told to stop (Ctrl-C right after start: the arbiter
spawns the worker it was about to, then sends it SIGQUIT) ends at once: until it takes its own
signal handlers it has the arbiter's, which only queue the signal (in its copy of the arbiter's
queue), so it looks there. Before, it served on until the arbiter killed it 9 s later ("was
sent SIGKILL! Perhaps out of memory?").
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys

from gunicorn.app.base import BaseApplication
from uvicorn.server import Server
from uvicorn_worker import UvicornWorker

from darmstadt_kg.serve import sandbox
from darmstadt_kg.serve.app import create_app
from darmstadt_kg.serve.config import ServeConfig
from darmstadt_kg.serve.evaluate import catch_aborts
from darmstadt_kg.serve.http import bounded

__all__ = ["Worker", "Gunicorn", "limit_memory", "proxy_settings"]

_STOPS = (signal.SIGINT, signal.SIGQUIT, signal.SIGTERM)

_M_ARENA_MAX = -8


def limit_memory(megabytes: int) -> None:
    """Let this process's address space grow by at most ``megabytes`` from now on (0: no
    bound). glibc keeps two malloc arenas (each reserves 64 MiB of address space per thread
    that gets one, which would count against the bound without being used)."""

    ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 2)
    if megabytes <= 0:
        return
    with open("/proc/self/statm", encoding="ascii") as statm:
        held = int(statm.read().split()[0]) * resource.getpagesize()
    limit = held + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def proxy_settings(config: ServeConfig) -> dict:
    """uvicorn's proxy options: X-Forwarded-For is read only from the ``--trusted-proxy``
    addresses (uvicorn's default trusts 127.0.0.1: docs/security.md)."""
    if not config.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(config.trusted_proxies)}


def _stop_in(signals) -> bool:
    """Whether a stop signal is among those queued in ``signals`` (a ``queue.SimpleQueue``;
    this process's own copy, so taking from it takes nothing from the arbiter)."""
    while not signals.empty():
        if signals.get_nowait() in _STOPS:
            return True
    return False


def _post_fork(arbiter, worker) -> None:
    """gunicorn's hook, in the new worker right after the fork: keep its copy of the queue."""
    worker.arbiter_signals = arbiter.SIG_QUEUE


class Worker(UvicornWorker):
    """uvicorn in a gunicorn worker, confined before it serves (see the module)."""

    @property
    def CONFIG_KWARGS(self) -> dict:  # noqa: N802 - the name UvicornWorker reads

        config = self.app.serve_config
        return {
            "loop": "auto",
            "http": bounded(config),
            "lifespan": "off",
            "timeout_graceful_shutdown": config.timeout + 5,
            **proxy_settings(config),
        }

    arbiter_signals = None  # this process's copy of the arbiter's signal queue (post_fork)

    def init_signals(self) -> None:
        super().init_signals()  # from here a stop signal ends this process
        if self.arbiter_signals is not None and _stop_in(self.arbiter_signals):
            os._exit(0)  # one came before (see the module)

    def run(self) -> None:
        state = self.wsgi.state
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: no orphans
        if os.getppid() != self.ppid:  # the arbiter ended before the call
            os._exit(1)
        limit_memory(state.config.max_query_memory_mb)
        catch_aborts(state.threads)
        try:
            sandbox.confine()  # before any request is read
        except sandbox.NoSandbox as err:
            print(f"darmstadt-kg serve: {err}", file=sys.stderr)
            sys.exit(self.BOOT_ERROR)
        super().run()

    BOOT_ERROR = 3  # gunicorn's Arbiter.WORKER_BOOT_ERROR: the arbiter stops

    async def _serve(self) -> None:
        self.config.app = self.wsgi
        server = Server(config=self.config)
        retiring = []

        def retire() -> None:
            retiring.append(True)
            for listening in server.servers:  # accept nothing more from now: a client that
                listening.close()  # connects now waits for the fresh worker, not for a close
            server.should_exit = True

        self.wsgi.state.retire = retire
        self._install_sigquit_handler()
        await server.serve(sockets=self.sockets)
        if retiring:  # a query thread may still burn: leave without waiting for it
            sys.stderr.flush()
            os._exit(0)
        if not server.started:
            sys.exit(self.BOOT_ERROR)


class Gunicorn(BaseApplication):
    """gunicorn's arbiter over our worker class; the application is made in each worker."""

    def __init__(self, config: ServeConfig) -> None:
        self.serve_config = config
        super().__init__()

    def load_config(self) -> None:
        config = self.serve_config
        settings = {
            "workers": config.workers,
            "worker_class": "darmstadt_kg.serve.worker.Worker",
            # the arbiter's heartbeat: the event loop ticks while queries run in threads
            "timeout": max(30, int(config.timeout * 3)),
            "graceful_timeout": int(config.timeout) + 5,
            "keepalive": 5,
            "loglevel": "warning",
            "proc_name": "darmstadt-kg-serve",
            "post_fork": _post_fork,
        }
        for name, value in settings.items():
            self.cfg.set(name, value)

    def load(self):
        return create_app(self.serve_config)
