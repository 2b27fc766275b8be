"""Start a server on a free port of 127.0.0.1 and wait until it answers — for tests and benchmarks
(``benchmarks/servers.py`` uses it too).

``free_port()`` picks a port; ``started(command, probe)`` runs ``command`` in its own process group,
waits until ``probe`` (a URL, or ``("127.0.0.1", port)`` for a bare TCP check) answers, yields a
:class:`Running` server and stops the whole group afterwards. What the server writes (stdout and
stderr) goes to an unnamed temporary file, so a chatty server never blocks on a full pipe and
nothing is left in the temp folder; it is quoted when the server dies or does not answer in
time, and ``Running.output()`` reads it.
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
from dataclasses import dataclass
from typing import IO

__all__ = [
    "free_port",
    "is_free",
    "answers",
    "wait_until_answering",
    "stop",
    "started",
    "Running",
    "listening",
    "descendants",
    "forked",
    "pinned",
]


@contextmanager
def pinned(cpus):
    """Run the block with this process pinned to ``cpus``: children started in it inherit."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpus)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nothing listens on ``port`` right now."""
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


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


def _read(log) -> str:
    if log is None:
        return ""
    log.flush()
    log.seek(0)
    text = log.read().decode("utf-8", "replace")
    log.seek(0, os.SEEK_END)
    return text


def _tail(log) -> str:
    return _read(log)[-2000:]


@dataclass
class Running:
    """A started server: its process (the leader of its process group) and what it printed."""

    process: subprocess.Popen
    log: IO[bytes]

    def output(self) -> str:
        """Everything the server wrote to stdout and stderr so far."""
        return _read(self.log)


def listening(pid: int) -> set[tuple[str, int]]:
    """The (address, port) pairs on which the process group led by ``pid`` listens (TCP, Linux)."""
    import ipaddress

    inodes: set[str] = set()
    for proc in os.listdir("/proc"):
        if not proc.isdigit():
            continue
        try:
            if os.getpgid(int(proc)) != pid:
                continue
            for fd in os.listdir(f"/proc/{proc}/fd"):
                target = os.readlink(f"/proc/{proc}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except (OSError, ProcessLookupError):
            continue
    found = set()
    for table, size in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        with open(table) as f:
            next(f)
            for row in f:
                fields = row.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state != "0A" or inode not in inodes:  # 0A: LISTEN
                    continue
                address, port = local.split(":")
                raw = bytes.fromhex(address)
                # /proc shows each 32-bit word in host (little-endian) order
                raw = b"".join(raw[i : i + 4][::-1] for i in range(0, size, 4))
                found.add((str(ipaddress.ip_address(raw)), int(port, 16)))
    return found


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
) -> Iterator[Running]:
    """Run ``command`` until the block ends, once ``probe`` answers."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            list(command),
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_answering(probe, process, timeout=timeout, log=log)
            yield Running(process, log)
        finally:
            stop(process)


def descendants(pid: int) -> set[int]:
    """The process ids of every process below ``pid`` (its children, theirs, …)."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(parent)], capture_output=True, text=True
        ).stdout.split()
        children = {int(c) for c in out}
        found |= children
        todo.extend(children)
    return found


def forked(pid: int, count: int, timeout: float = 30.0) -> set[int]:
    """:func:`descendants` of ``pid`` once there are ``count`` (a pre-fork server's arbiter
    forks its workers one after the other, some after it first answers)."""
    deadline = time.monotonic() + timeout
    while len(found := descendants(pid)) < count:
        assert time.monotonic() < deadline, found
        time.sleep(0.1)
    return found
