"""Oxigraph's own server (``oxigraph serve-read-only``, from the ``oxigraph`` wheel) as a peer.

The same engine as pyoxigraph behind a Rust HTTP server: the honest upper bound for a Python
front end over pyoxigraph. It is loaded with the very N-Triples dump of the project's store that
the other peers get (``oxigraph load``), then served read-only on a free loopback port. Both run
on jemalloc (``darmstadt_kg.allocator``) unless a caller asks for glibc's
(``benchmarks.endpoint_bench`` does: it runs each server on its allocator as shipped, and
Oxigraph's server is shipped without one of its own).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from benchmarks.servers import free_port as _free_port
from darmstadt_kg.allocator import with_preload

__all__ = ["oxigraph_command", "load", "serving", "version"]


def oxigraph_command() -> str:
    """The ``oxigraph`` executable installed beside this Python (or on PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph command is missing: install the bench extra (make bench)")
    return found


def version() -> str:
    done = subprocess.run([oxigraph_command(), "--version"], capture_output=True, text=True)
    return done.stdout.strip() or "oxigraph (version unknown)"


def load(dump: Path, location: Path) -> float:
    """Load an N-Triples ``dump`` into a new database at ``location``; seconds taken."""
    if location.exists():
        shutil.rmtree(location)
    started = time.perf_counter()
    subprocess.run(
        [oxigraph_command(), "load", "--location", str(location), "--file", str(dump)],
        check=True,
        capture_output=True,
        timeout=900,
        env=with_preload(dict(os.environ)),
    )
    return time.perf_counter() - started


@contextmanager
def serving(
    location: Path, start_timeout: float = 120, timeout_s: float | None = None, preload: bool = True
):
    """Yield (query URL, pid) of ``oxigraph serve-read-only`` over ``location`` (with
    ``--timeout-s`` when ``timeout_s`` is given; on jemalloc unless not ``preload``); stop it
    after."""
    port = _free_port()
    process = subprocess.Popen(
        [
            oxigraph_command(),
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            *([f"--timeout-s={timeout_s:g}"] if timeout_s else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=with_preload(dict(os.environ)) if preload else None,
    )
    url = f"http://127.0.0.1:{port}/query"
    started = time.perf_counter()
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {process.stderr.read().decode()[-300:]}")
            if time.perf_counter() - started > start_timeout:
                raise RuntimeError(f"oxigraph did not answer within {start_timeout:g} s")
            try:
                with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        yield url, process.pid
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(5)
