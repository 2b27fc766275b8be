"""Every bound of a real ``darmstadt-kg serve`` on 127.0.0.1, attacked as an outside client would.

One server with small limits; each attack gets a bounded one-line answer and the server goes
on serving others. Lifecycle: the announced address is the bound one, Ctrl-C is quiet, and
``kill -9`` of the main process takes every child with it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import pytest

from tests.servers import descendants, forked

ARGS = [
    "--no-validate",
    "--port",
    "0",
    "--workers",
    "1",
    "--query-threads",
    "2",
    "--per-client",
    "1",
    "--timeout",
    "4",
    "--max-header-bytes",
    "4096",
    "--header-timeout",
    "1",
    "--max-url-bytes",
    "2048",
    "--max-query-memory",
    "512",  # reached well within the time limit, also on a loaded machine
]


def _start(tmp_path, *extra):
    server = subprocess.Popen(
        [sys.executable, "-m", "darmstadt_kg", "serve", *ARGS, *extra],
        env={**os.environ, "TMPDIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.strip().startswith("network:"):
            return server, lines
    server.kill()
    raise RuntimeError("server did not announce itself: " + server.stderr.read())


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server, lines = _start(tmp_path_factory.mktemp("serve"))
    base = lines[0].split(": ", 1)[1].rstrip("/")
    yield server, lines, base
    os.killpg(server.pid, signal.SIGINT)
    server.wait(30)


def _raw(base: str, data: bytes, source: str = "127.0.0.1", wait: float = 10) -> bytes:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with socket.create_connection(
        (host, int(port)), timeout=wait, source_address=(source, 0)
    ) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def _get(base: str, query: str, source: str = "127.0.0.1", extra: str = ""):
    target = "/sparql?" + urllib.parse.urlencode({"query": query})
    head = f"GET {target} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n"
    answer = _raw(base, head.encode(), source, wait=30)
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), head.decode("latin-1").lower(), body.decode("utf-8", "replace")


def test_server_binds_loopback_and_prints_nothing_secret(served):
    server, lines, base = served
    names = [line.split(":", 1)[0].strip() for line in lines]
    assert names == ["home", "editor", "endpoint", "Darmstadt", "ontology", "network"]
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    assert host == "127.0.0.1" and int(port) > 0
    listening = subprocess.run(
        ["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True
    ).stdout.split()
    assert f"127.0.0.1:{port}" in listening  # the socket is bound to loopback, not 0.0.0.0
    for line in lines:  # only URLs of this server: no paths, no environment
        assert line.split(": ", 1)[1].startswith(base)


def test_huge_headers_get_431_with_cors_and_the_server_goes_on(served):
    base = served[2]
    answer = _raw(
        base, b"GET /sparql HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b"access-control-allow-origin: *" in answer.lower()
    assert _get(base, "ASK {}")[0] == 200


def test_a_request_target_of_64_kib_gets_a_real_414(served):
    base = served[2]
    answer = _raw(base, b"GET /sparql?query=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 ") and b"POST" in answer
    assert b"access-control-allow-origin: *" in answer.lower()
    status, _, body = _get(base, "ASK {} #" + "x" * 3000)  # over --max-url-bytes 2048
    assert status == 414 and "use POST" in body


def test_a_slow_request_head_gets_408_after_the_header_timeout(served):
    started = time.monotonic()
    answer = _raw(served[2], b"GET /sparql HTTP/1.1\r\nHost: x\r\n")  # never finished
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started < 5


def test_a_query_over_the_memory_limit_gets_503_and_the_server_goes_on(served):
    base = served[2]
    binds = " ".join(f"BIND(CONCAT(?v{i},?v{i}) AS ?v{i + 1})" for i in range(32))
    query = f'SELECT (STRLEN(?v32) AS ?n) WHERE {{ BIND("abcdefgh" AS ?v0) {binds} }}'
    status, _, body = _get(base, query)
    assert status == 503 and "512 MiB per query" in body and len(body.strip().splitlines()) == 1
    assert _get(base, "ASK {}")[0] == 200


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
    ],
    ids=["braces", "parentheses"],
)
def test_deep_nesting_is_a_400_never_a_crash(served, query):
    request = urllib.request.Request(
        served[2] + "/sparql",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400 and "nests brackets" in refused.value.read().decode()


def test_a_long_union_chain_is_answered_without_a_crash(served):
    query = "SELECT * WHERE { " + " UNION ".join(["{}"] * 7000) + " }"
    request = urllib.request.Request(
        served[2] + "/sparql",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_query_over_the_time_limit_gets_503_and_a_fresh_worker_serves_on(served):
    """The one-line 503 at the deadline, never a reset; then the worker that ran the query (and
    the thread that cannot be stopped) is gone and a fresh one answers."""
    server, _, base = served
    before = descendants(server.pid)
    started = time.monotonic()
    status, _, body = _get(base, HEAVY + " #over-the-limit")
    assert status == 503 and "limit of 4 s" in body and len(body.strip().splitlines()) == 1
    assert time.monotonic() - started < 8
    assert _get(base, "ASK {}")[0] == 200
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not _alive(before) < before:
        time.sleep(0.2)
    assert _alive(before) < before  # the retired worker has ended
    assert _alive(descendants(server.pid)) - before  # and a new one serves


def _alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` that still run (not ended, not a zombie)."""
    alive = set()
    for pid in pids:
        try:
            state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _probes_under_load(base: str, hogs: list) -> tuple[list[int], set[int]]:
    """The statuses of three lookups by a normal client (127.0.0.3) sent while each of
    ``hogs`` (a function of the request number, returning a status) loops; and every status the
    hogs got."""
    stop = threading.Event()
    seen: list[int] = []

    def loop(hog) -> None:
        while not stop.is_set():
            seen.append(hog(len(seen)))

    threads = [threading.Thread(target=loop, args=(hog,)) for hog in hogs]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)
        probes = [_get(base, f"ASK {{ ?s ?p ?o }} #{n}", source="127.0.0.3") for n in range(3)]
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    return [p[0] for p in probes], set(seen)


def test_one_client_looping_heavy_queries_does_not_starve_another(served):
    base = served[2]

    def hog(n: int) -> int:
        return _get(base, HEAVY + f" #{n}", source="127.0.0.2")[0]

    probes, seen = _probes_under_load(base, [hog] * 4)
    assert probes == [200, 200, 200]
    assert seen <= {503, 429}  # the hog got its time limit or its own wait refused


def test_sixteen_spoofed_forwarded_clients_cannot_take_a_normal_client_s_share(served):
    """X-Forwarded-For is read only from a --trusted-proxy (none here): 16 "clients" that are
    one local process naming 16 addresses share one client's slot, and a normal client's
    lookups are answered (with the header believed from 127.0.0.1, they held both query
    processes and a lookup waited out the time limit: 503)."""
    base = served[2]

    def spoofer(address: int):
        forwarded = f"X-Forwarded-For: 203.0.113.{address}\r\n"
        return lambda n: _get(base, HEAVY + f" #{address}-{n}", extra=forwarded)[0]

    probes, seen = _probes_under_load(base, [spoofer(a) for a in range(16)])
    assert probes == [200, 200, 200]
    assert seen <= {503, 429}  # all 16 queued behind one share


def test_ctrl_c_stops_quietly_and_removes_the_store_copy(tmp_path):
    server, _ = _start(tmp_path, "--workers", "2")
    assert list(tmp_path.glob("darmstadt-kg-serve-*"))
    os.killpg(server.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: the whole group
    _, err = server.communicate(timeout=60)
    assert "Traceback" not in err, err
    # no worker had to be killed: one forked as the signal came ends at once (serve/worker.py;
    # it served on for the 9 s of the graceful timeout in 2 of 3 such runs)
    assert "SIGKILL" not in err, err
    assert not list(tmp_path.glob("darmstadt-kg-serve-*"))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_kill_9_of_the_main_process_takes_every_child_with_it(tmp_path, workers):
    server, lines = _start(tmp_path, "--workers", workers)
    children = forked(server.pid, int(workers))
    assert len(children) == int(workers)  # the pre-fork workers, each HTTP and queries
    server.kill()
    server.wait(10)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in children):
        time.sleep(0.2)
    alive = []
    for pid in children:
        try:
            state = open(f"/proc/{pid}/stat").read().split()[2]
        except FileNotFoundError:
            continue
        if state != "Z":
            alive.append(pid)
    assert alive == []
