"""Start the server: one on-disk copy of the graph, opened read-only by every worker process."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import sys
import threading
import time
from dataclasses import replace

import click
from gunicorn.arbiter import Arbiter
from gunicorn.sock import TCP6Socket, TCPSocket

from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.serve import sandbox
from darmstadt_kg.serve.config import ServeConfig
from darmstadt_kg.serve.pages import warm
from darmstadt_kg.serve.store import build_shared_store, hold_store, new_store_folder
from darmstadt_kg.serve.worker import Gunicorn

__all__ = ["run_serve", "urls", "listen", "announce_when_up"]


def _in_child(work, failed: ExitCode) -> str:
    """``work()`` (a string) in a forked child, so that this process's heap stays as it was:
    the workers fork from it (had it loaded the graph, each would start with that heap, slow
    for glibc's malloc and counted against its memory bound). Its error is raised here as a
    ``UserError`` with its own exit code, or ``failed``."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: work, say what came of it in one line, leave at once
        os.close(read)
        try:
            said = "0 " + work()
        except UserError as err:
            said = f"{int(err.code)} {err}"
        except BaseException as err:  # noqa: BLE001 - reported to the parent
            named = "" if isinstance(err, sandbox.NoSandbox) else f"{type(err).__name__}: "
            said = f"{int(failed)} {named}{err}"
        os.write(write, said.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        said = pipe.read().decode(errors="replace")
    os.waitpid(pid, 0)
    code, _, message = said.partition(" ")
    if code == "0":
        return message
    raise UserError(message or "a child process ended without a word", ExitCode(int(code or 1)))


def urls(config: ServeConfig) -> dict[str, str]:
    host = f"[{config.host}]" if ":" in config.host else config.host
    base = config.base_url or f"http://{host}:{config.port}"
    return {
        "home": f"{base}/",
        "editor": f"{base}/query",
        "endpoint": f"{base}/sparql",
        "Darmstadt": f"{base}/id/darmstadt",
        "ontology": f"{base}/ontology",
        "network": f"{base}/explore",
    }


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before anything is announced; a clear error if it cannot be.
    With TCP_NODELAY (accepted sockets inherit it): with Nagle's algorithm every kept-alive
    answer waited ~40 ms for the client's ACK (measured: 22 vs 756 requests/s at c=1)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        shown = f"[{host}]" if ":" in host else host
        raise UserError(
            f"{shown}:{port}: cannot listen ({err.strerror or err}) — choose another --port "
            "or --host, or stop the program that holds it",
            ExitCode.UNAVAILABLE,
        ) from None
    sock.listen(2048)  # connections queue from now on: nothing announced is ever refused
    sock.set_inheritable(True)
    return sock


def announce_when_up(config: ServeConfig, echo=click.echo, timeout: float = 300.0) -> bool:
    """Print the URLs once the server answers on its socket (polled with a cheap request)."""

    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(config.host, config.host)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(host, config.port, timeout=5)
            connection.request("GET", "/favicon.ico")
            connection.getresponse().read()
            connection.close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        return False
    for name, url in urls(config).items():
        echo(f"{name:>9}: {url}")
    return True


def run_serve(config: ServeConfig) -> None:
    """Serve until interrupted; gunicorn's arbiter forks the workers onto the socket bound here
    and returns (``SystemExit``) once they stopped. Nothing starts unless a child can confine
    itself (else ``UserError``, ``NO_SANDBOX``). A given ``config.store_path`` is served as it
    is; a copy built here is removed on Ctrl-C or SIGTERM."""

    _in_child(sandbox.probe, ExitCode.NO_SANDBOX)  # never serve client text from a process
    sock = listen(config.host, config.port)  # that could reach the network
    if config.port == 0:
        config = replace(config, port=sock.getsockname()[1])
    # SIGTERM like Ctrl-C, so that the copy is removed also while it is built
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    folder = None
    try:
        if not config.store_path:
            folder = new_store_folder()
            built = _in_child(lambda: str(build_shared_store(folder)), ExitCode.INTERNAL)
            config = replace(config, store_path=built)
        _held = hold_store(config.store_path)  # the lock, held until this function returns
        threading.Thread(target=announce_when_up, args=(config,), daemon=True).start()
        click.echo(
            f"serving read-only with {config.workers} worker(s); limits: "
            f"{config.timeout:g} s per query, {config.max_rows} rows, "
            f"{config.max_request_bytes} bytes per request — Ctrl-C stops",
            err=True,
        )
        warm()
        arbiter = Arbiter(Gunicorn(config))
        kind = TCP6Socket if sock.family == socket.AF_INET6 else TCPSocket
        listener = kind(sock.getsockname()[:2], arbiter.cfg, arbiter.log, os.dup(sock.fileno()))
        arbiter.LISTENERS = [listener]
        arbiter.run()
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
