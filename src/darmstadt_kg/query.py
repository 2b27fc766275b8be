"""Run SPARQL on the embedded store (or a remote endpoint) and get one result model back.

``run_query`` is the entry point of the CLI and notebooks: it takes a library query name, a
path to an ``.rq`` file or the query text itself. Every query on a local store — the CLI's,
notebooks', the endpoint's query processes', the server's own pages' — starts in
:func:`start_query`, so columns, their order, datatypes and language tags are the same
everywhere. The result model and
its writers are in :mod:`darmstadt_kg.results`; syntax errors are explained by
:mod:`darmstadt_kg.syntax`; remote endpoints are asked by :mod:`darmstadt_kg.remote`.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.library import UnknownQuery, find, library
from darmstadt_kg.load import get_store, query_union
from darmstadt_kg.remote import run_remote
from darmstadt_kg.results import QueryResult, collect, to_rdflib_term
from darmstadt_kg.syntax import select_star_order, syntax_error

if TYPE_CHECKING:
    import pyoxigraph

    from darmstadt_kg.credentials import Credentials

__all__ = [
    "QueryResult",
    "resolve",
    "run_query",
    "execute",
    "start_query",
    "collect",
    "to_rdflib_term",
]

_FILE_SUFFIXES = (".rq", ".sparql")


def _looks_like_a_path(text: str) -> bool:
    return "/" in text or text.endswith(_FILE_SUFFIXES)


def resolve(name_or_text: str) -> tuple[str, str]:
    """``(text, origin)`` for a library name, a path to a file, or query text.

    A word with a ``/`` or an ``.rq``/``.sparql`` ending is a file; when it does not exist the
    error says so (a bare ``NAME.rq`` may still name a library query).
    """

    candidate = name_or_text.strip()
    if not candidate or any(c.isspace() for c in candidate) or "{" in candidate:
        return name_or_text, "<query>"
    path = Path(candidate)
    if _looks_like_a_path(candidate):
        if path.is_file():
            return path.read_text(encoding="utf-8"), candidate
        if path.is_dir():
            raise UserError(f"{candidate}: is a folder, not a query file", ExitCode.NOT_FOUND)
        if "/" not in candidate:
            try:
                found = find(candidate)
                return found.text, f"queries/{found.name}.rq"
            except UnknownQuery:
                pass

        stem = path.name.removesuffix(path.suffix)
        close = difflib.get_close_matches(stem, [q.name for q in library()], n=1)
        hint = (
            f"did you mean the library query `darmstadt-kg query {close[0]}`?"
            if close
            else "a library query is run by its name alone (`darmstadt-kg query --list`)"
        )
        raise UserError(f"{candidate}: no such file — check the path; {hint}", ExitCode.NOT_FOUND)
    found = find(candidate)
    return found.text, f"queries/{found.name}.rq"


def start_query(
    store: pyoxigraph.Store,
    text: str,
    origin: str = "<query>",
    *,
    default_graphs: list[str] | tuple[str, ...] | None = None,
    named_graphs: list[str] | tuple[str, ...] | None = None,
    base_iri: str | None = None,
):
    """Parse and start ``text`` on a pyoxigraph store: pyoxigraph's own result object. Its
    default graph is the union of the store's graphs unless ``text`` or the caller names one;
    relative IRIs resolve against ``base_iri`` (the endpoint's URL) when given.

    ``SELECT *`` answers with its variables in the order they appear in the query (pyoxigraph
    sorts them). Raises ``InputSyntaxError`` on bad SPARQL, ``ValueError`` on a bad graph IRI.
    """

    dataset = {} if base_iri is None else {"base_iri": base_iri}
    if default_graphs:
        dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]

    try:  # without a dataset of its own, a query sees the union of the named graphs
        started = query_union(store, text, **dataset)
    except SyntaxError as err:
        raise syntax_error(text, err, origin) from None
    if "*" in text and isinstance(started, ox.QuerySolutions):  # only SELECT * is reordered
        variables = [v.value for v in started.variables]
        star = select_star_order(text, variables)
        if star and star[0] != variables:
            try:
                return query_union(store, star[1], **dataset)
            except SyntaxError:
                pass  # the rewrite did not parse: keep pyoxigraph's order rather than fail
    return started


def execute(
    store: pyoxigraph.Store,
    text: str,
    origin: str = "<query>",
    *,
    max_rows: int | None = None,
    deadline: float | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> QueryResult:
    """Run ``text`` on a pyoxigraph store; raise ``InputSyntaxError`` on bad SPARQL.

    ``max_rows`` and ``deadline`` as in :func:`darmstadt_kg.results.collect`.
    """
    started = start_query(
        store, text, origin, default_graphs=default_graphs, named_graphs=named_graphs
    )
    return collect(started, max_rows=max_rows, deadline=deadline)


def run_query(
    name_or_text: str,
    *,
    endpoint: str | None = None,
    store: pyoxigraph.Store | None = None,
    timeout: float = 60.0,
    credentials: Credentials | None = None,
    auth: str = "digest",
) -> QueryResult:
    """Run a library query (by name), an ``.rq`` file or query text.

    On the embedded store by default, or on any SPARQL 1.1 ``endpoint`` through SPARQLWrapper
    (logging in with ``credentials`` by HTTP ``auth`` when given).
    Use ``result.records()`` for a list of dicts (``pandas.DataFrame(result.records())``).
    """
    text, origin = resolve(name_or_text)
    if endpoint:
        return run_remote(
            endpoint, text, origin, timeout=timeout, credentials=credentials, auth=auth
        )
    if store is None:
        store = get_store()
    return execute(store, text, origin)
