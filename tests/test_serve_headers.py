"""The security-headers middleware: an unexpected exception is one line to the client (with the
same headers as any answer) and a traceback in the operator's log."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.testclient import TestClient

from darmstadt_kg.serve.headers import SecurityHeaders


def _broken(request):
    raise LookupError("secret detail /srv/path")


def test_an_unexpected_exception_is_one_line_to_the_client_and_a_traceback_in_the_log(caplog):
    app = Starlette(routes=[Route("/boom", _broken)], middleware=[Middleware(SecurityHeaders)])
    with caplog.at_level(logging.ERROR, logger="darmstadt_kg.serve"):
        answer = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert answer.status_code == 500
    assert answer.text.count("\n") == 1 and "secret detail" not in answer.text
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["access-control-allow-origin"] == "*"
    (record,) = [r for r in caplog.records if r.name == "darmstadt_kg.serve"]
    assert "GET /boom" in record.getMessage()
    assert record.exc_info and record.exc_info[0] is LookupError
