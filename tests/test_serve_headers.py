"""The security headers around every answer (``serve.headers.secured``): an unexpected exception
is one line to the client (with the same headers as any answer) and a traceback in the
operator's log; Starlette's gzip and CORS preflight as the server composes them."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from darmstadt_kg.serve.headers import html_response, secured


async def _broken(scope, receive, send):
    raise LookupError("secret detail /srv/path")


def test_an_unexpected_exception_is_one_line_to_the_client_and_a_traceback_in_the_log(caplog):
    app = secured(_broken)
    with caplog.at_level(logging.ERROR, logger="darmstadt_kg.serve"):
        answer = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert answer.status_code == 500
    assert answer.text.count("\n") == 1 and "secret detail" not in answer.text
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["access-control-allow-origin"] == "*"
    (record,) = [r for r in caplog.records if r.name == "darmstadt_kg.serve"]
    assert "GET /boom" in record.getMessage()
    assert record.exc_info and record.exc_info[0] is LookupError


# Starlette's gzip and CORS preflight, composed with the headers as the server does.

_BIG = ("<p>" + "Darmstadt " * 2000 + "</p>").encode()


def _routes():
    from starlette.responses import PlainTextResponse, Response, StreamingResponse

    async def chunks():
        for _ in range(5):
            yield b"x" * 70_000

    return [
        Route("/big", lambda r: PlainTextResponse(_BIG.decode())),
        Route("/small", lambda r: PlainTextResponse("small")),
        Route("/png", lambda r: Response(b"\x89PNG" + b"0" * 10_000, media_type="image/png")),
        Route("/page", lambda r: html_response("<script>go()</script>" + _BIG.decode())),
        Route("/stream", lambda r: StreamingResponse(chunks(), media_type="text/plain")),
        Route("/vary", lambda r: PlainTextResponse(_BIG.decode(), headers={"Vary": "Accept"})),
    ]


def _client():
    return TestClient(secured(Starlette(routes=_routes())))


def _raw_get(client, path, **headers):
    """The answer's bytes as sent (httpx would decode gzip and hide it)."""
    with client.stream("GET", path, headers=headers) as answer:
        return answer, b"".join(answer.iter_raw())


def test_a_large_answer_is_gzipped_only_for_clients_that_accept_it_and_says_it_varies():
    import gzip

    client = _client()
    answer, raw = _raw_get(client, "/big", **{"Accept-Encoding": "gzip, deflate"})
    assert answer.headers["content-encoding"] == "gzip"
    assert gzip.decompress(raw) == _BIG and len(raw) < len(_BIG) // 10
    assert int(answer.headers["content-length"]) == len(raw)
    assert answer.headers["vary"] == "Accept-Encoding"
    plain, raw = _raw_get(client, "/big", **{"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and raw == _BIG
    assert plain.headers["vary"] == "Accept-Encoding"  # a cache must not mix the two
    both = _raw_get(client, "/vary", **{"Accept-Encoding": "gzip"})[0]
    assert both.headers["vary"] == "Accept, Accept-Encoding"


def test_small_and_already_compressed_answers_are_not_gzipped():
    client = _client()
    for path in ("/small", "/png"):
        answer, raw = _raw_get(client, path, **{"Accept-Encoding": "gzip"})
        assert "content-encoding" not in answer.headers, path
        assert "vary" not in answer.headers, path
        assert int(answer.headers["content-length"]) == len(raw)


def test_a_streamed_answer_is_gzipped_chunk_by_chunk():
    import gzip

    answer, raw = _raw_get(_client(), "/stream", **{"Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"
    assert gzip.decompress(raw) == b"x" * 350_000


def test_a_gzipped_html_page_keeps_the_hash_of_its_inline_script_in_its_policy():
    import base64
    import gzip
    import hashlib

    answer, raw = _raw_get(_client(), "/page", **{"Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"
    page = gzip.decompress(raw)
    assert page.startswith(b"<script>go()</script>")
    digest = base64.b64encode(hashlib.sha256(b"go()").digest()).decode()
    assert f"'sha256-{digest}'" in answer.headers["content-security-policy"]


def test_cors_any_origin_reads_answers_and_preflights_allow_get_head_post_only():
    client = _client()
    answer = client.get("/small", headers={"Origin": "https://example.org"})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "Retry-After" in answer.headers["access-control-expose-headers"]
    pre = client.options(
        "/small",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-custom",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "*"
    assert pre.headers["access-control-allow-methods"] == "GET, HEAD, POST"
    assert pre.headers["access-control-allow-headers"] == "content-type, x-custom"
    refused = client.options(
        "/small",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"},
    )
    assert refused.status_code == 400 and len(refused.text.strip().splitlines()) == 1
    assert refused.headers["access-control-allow-origin"] == "*"
