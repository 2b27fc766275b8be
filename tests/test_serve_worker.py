"""The pre-fork workers: confined before they serve, refusing to serve unconfined, and an
internal error is one line to the client and a traceback in the log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

from starlette.testclient import TestClient

from darmstadt_kg.serve.app import create_app
from darmstadt_kg.serve.config import ServeConfig
from tests.servers import free_port, is_free

_UNCONFINED = """
import sys
from darmstadt_kg.serve import runner, sandbox
from darmstadt_kg.serve.config import ServeConfig

def refused():
    raise sandbox.NoSandbox("the kernel refused seccomp (test)")

sandbox.confine = refused  # the workers, forked from this process, cannot confine themselves
runner.run_serve(ServeConfig(port=int(sys.argv[1]), workers=2))
"""


def test_a_worker_that_cannot_confine_itself_stops_the_server_before_it_answers(tmp_path):
    port = free_port()
    started = time.monotonic()
    ended = subprocess.run(
        [sys.executable, "-c", _UNCONFINED, str(port)],
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ended.returncode != 0
    assert "the kernel refused seccomp (test)" in ended.stderr
    assert time.monotonic() - started < 60
    assert is_free(port)  # nothing is left listening
    assert not list(tmp_path.glob("darmstadt-kg-serve-*"))  # the store copy is removed


def test_an_internal_error_is_one_line_to_the_client_and_a_traceback_in_the_log(
    monkeypatch, caplog
):
    from darmstadt_kg.serve import sparql

    real = sparql.answer

    def failing(store, job):
        if job.text.startswith("ASK { <urn:bug>"):
            raise KeyError("a bug in the answer path")
        return real(store, job)

    monkeypatch.setattr(sparql, "answer", failing)
    client = TestClient(create_app(ServeConfig(cache_mb=0)), raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="darmstadt_kg.serve"):
        broken = client.get("/sparql", params={"query": "ASK { <urn:bug> ?p ?o }"})
    assert broken.status_code == 500 and len(broken.text.strip().splitlines()) == 1
    assert "KeyError" not in broken.text  # no internals to the client
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "a bug in the answer path" in str(logged[0].exc_info[1])
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
