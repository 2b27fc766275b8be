"""Start a server on a free port of 127.0.0.1 and wait until it answers — for tests and benchmarks.

``free_port()`` picks a port; ``started(command, probe)`` runs ``command`` in its own process group,
waits until ``probe`` (a URL, or ``("127.0.0.1", port)`` for a bare TCP check) answers, yields
the process and stops the whole group afterwards. What the server wrote to stderr goes to an
unnamed temporary file, so a chatty server never blocks on a full pipe and nothing is left in
the temp folder; it is quoted when the server dies or does not answer in time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

__all__ = ["free_port", "answers", "wait_until_answering", "stop", "started"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def answers(probe: str | tuple[str, int]) -> bool:
    """Whether ``probe`` answers: a status below 500 for a URL, a connection for (host, port)."""
    try:
        if isinstance(probe, tuple):
            socket.create_connection(probe, timeout=2).close()
            return True
        with urllib.request.urlopen(probe, timeout=5) as answer:
            return answer.status < 500
    except urllib.error.HTTPError as err:
        return err.code < 500
    except OSError:
        return False


def _tail(log) -> str:
    if log is None:
        return ""
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-2000:]


def wait_until_answering(
    probe: str | tuple[str, int],
    process: subprocess.Popen | None = None,
    *,
    timeout: float = 90.0,
    log=None,
) -> float:
    """Poll ``probe`` until it answers; seconds waited. ``RuntimeError`` if ``process`` exits first
    or ``timeout`` passes (with the end of ``log``, the server's stderr file, in the message)."""
    started = time.monotonic()
    while not answers(probe):
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: {_tail(log)}")
        if time.monotonic() - started > timeout:
            raise RuntimeError(
                f"the server did not answer {probe} within {timeout:g} s: {_tail(log)}"
            )
        time.sleep(0.2)
    return time.monotonic() - started


def stop(process: subprocess.Popen, timeout: float = 20.0) -> None:
    """Stop ``process`` and its process group: SIGTERM, then SIGKILL after ``timeout`` seconds."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # the group may outlive its leader (uvicorn's workers): make sure none is left
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@contextmanager
def started(
    command: Sequence[str],
    probe: str | tuple[str, int],
    *,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike | None = None,
    timeout: float = 90.0,
) -> Iterator[subprocess.Popen]:
    """Run ``command`` until the block ends, once ``probe`` answers; the process is yielded."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            list(command),
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        try:
            wait_until_answering(probe, process, timeout=timeout, log=log)
            yield process
        finally:
            stop(process)
