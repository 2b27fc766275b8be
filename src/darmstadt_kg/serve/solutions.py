"""SELECT and ASK answers serialised by pyoxigraph itself, without a Python object per cell.

The general path (``query.execute`` then ``results.render``) turns every cell into an rdflib
term first: about 5 ms for a library query whose serialisation by pyoxigraph takes under 1 ms.
The endpoint takes this path for SPARQL results in JSON, XML, CSV and TSV; graphs, other formats
and every error still go the general way. The output is bounded in bytes while it is written,
and its rows are counted afterwards for the endpoint's row cap.
"""

from __future__ import annotations

import csv
import io
import json

__all__ = ["serialize_solutions", "TooLarge", "byte_limit"]

_FORMATS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}


class TooLarge(Exception):
    """The serialised answer grew over its byte limit."""


def byte_limit(max_rows: int) -> int:
    """Bytes an answer of up to ``max_rows`` rows may take: 16 MiB plus 4 KiB per row."""
    return 16 * 1024 * 1024 + 4096 * max_rows


class _Bounded:
    """A binary file-like object that keeps what is written and refuses to grow past ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size, self.parts = limit, 0, []

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _rows(fmt: str, body: bytes) -> int:
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return body.count(b"<result>")  # a literal's "<" is written as "&lt;"
    if fmt == "tsv":
        return body.count(b"\n") - 1  # a literal's line break is written as "\n"
    return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1


def serialize_solutions(result, fmt: str, max_rows: int) -> tuple[int, bytes] | None:
    """(rows, body) of a started SELECT or ASK query in the results format ``fmt``.

    None when the general path must answer instead: another format, a graph result, or a
    boolean in CSV/TSV (``result`` is then untouched). Raises :class:`TooLarge` when the body
    would exceed :func:`byte_limit`.
    """
    import pyoxigraph as ox

    if fmt not in _FORMATS:
        return None
    results_format = getattr(ox.QueryResultsFormat, _FORMATS[fmt])
    if isinstance(result, ox.QueryBoolean):
        return (0, result.serialize(format=results_format)) if fmt in ("json", "xml") else None
    if not isinstance(result, ox.QuerySolutions):
        return None
    out = _Bounded(byte_limit(max_rows))
    result.serialize(out, format=results_format)
    body = b"".join(out.parts)
    return _rows(fmt, body), body
