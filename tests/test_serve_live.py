"""The real server on 127.0.0.1, queried with SPARQLWrapper: same answers as the embedded store."""

from __future__ import annotations

import pytest

from darmstadt_kg import paths
from darmstadt_kg.query import run_query

QUERIES = sorted(paths.queries_dir().glob("*.rq"))


def _same(local, remote) -> None:
    assert local.kind == remote.kind
    if local.kind == "ask":
        assert local.boolean == remote.boolean
    elif local.kind == "graph":
        from rdflib.compare import isomorphic

        assert isomorphic(local.graph, remote.graph)
    else:
        assert local.variables == remote.variables
        assert sorted(map(repr, local.rows)) == sorted(map(repr, remote.rows))


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_library_query_gives_the_same_answer_over_http(live_server, path):
    local = run_query(path.stem)
    remote = run_query(path.stem, endpoint=live_server + "/sparql", timeout=30)
    _same(local, remote)


def test_several_workers_answer_concurrently(live_server):
    from concurrent.futures import ThreadPoolExecutor

    def ask(_):
        return run_query(
            "is-darmstadt-in-mayors-for-peace", endpoint=live_server + "/sparql"
        ).boolean

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(ask, range(40)))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_port_in_use_is_one_line_and_exit_9_before_anything_is_announced(workers):
    import socket
    import subprocess
    import sys

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "darmstadt_kg",
                "serve",
                "--no-validate",
                "--port",
                str(port),
                "--workers",
                workers,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 9, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"darmstadt-kg: error: 127.0.0.1:{port}: cannot listen (Address already in use) — "
        "choose another --port or --host, or stop the program that holds it"
    ]
    assert "endpoint" not in done.stdout  # no URL announced for a server that never ran


def test_stale_store_copies_of_dead_servers_are_removed(tmp_path):
    import os
    import subprocess
    import sys

    from darmstadt_kg.serve.store import remove_stale_stores

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = tmp_path / f"darmstadt-kg-serve-{gone.stdout.strip()}-abc"
    live = tmp_path / f"darmstadt-kg-serve-{os.getpid()}-def"
    other = tmp_path / "darmstadt-kg-serve-notapid"
    for folder in (dead, live, other):
        (folder / "store").mkdir(parents=True)
    assert remove_stale_stores(tmp_path) == [dead]
    assert live.is_dir() and other.is_dir() and not dead.exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_stops_the_server_and_removes_its_store_copy(tmp_path, workers):
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "darmstadt_kg",
            "serve",
            "--no-validate",
            "--port",
            str(port),
            "--workers",
            workers,
        ],
        env={**os.environ, "TMPDIR": str(tmp_path)},
        stdout=(tmp_path / "announced.txt").open("w"),
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.3)
        assert list(tmp_path.glob("darmstadt-kg-serve-*"))  # its copy of the graph
        names = {"home", "editor", "endpoint", "Darmstadt", "ontology", "network"}
        while True:  # the URLs are announced once its own probe is answered, just after ours
            announced = dict(
                line.strip().split(": ", 1)
                for line in (tmp_path / "announced.txt").read_text().splitlines()
                if ": http" in line
            )
            if set(announced) == names or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert set(announced) == names
        for url in announced.values():  # every URL it announces answers a browser
            request = urllib.request.Request(url, headers={"Accept": "text/html"})
            with urllib.request.urlopen(request, timeout=30) as answer:
                assert answer.status == 200 and "text/html" in answer.headers["content-type"]
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    assert not list(tmp_path.glob("darmstadt-kg-serve-*"))
