"""``darmstadt-kg serve``: the read-only SPARQL endpoint, editor and linked-data server."""

from __future__ import annotations

import click

from darmstadt_kg.serve.config import DEFAULT_WORKERS

__all__ = ["serve"]


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind (default: loopback only).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=DEFAULT_WORKERS,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes; they share one read-only on-disk copy of the graph.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a query may run.",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Rows (or triples) a result may have.",
)
@click.option(
    "--max-request-bytes",
    default=65_536,
    show_default=True,
    type=click.IntRange(256),
    help="Largest POST body or URL query string.",
)
@click.option(
    "--cache-size",
    default=1024,
    show_default=True,
    type=click.IntRange(0),
    help="Answers kept per worker (the graph is read-only); 0 turns the cache off.",
)
@click.option(
    "--query-processes",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query processes per worker (queries over the time limit are killed).",
)
@click.option(
    "--in-memory",
    is_flag=True,
    help="Each query process keeps its own in-memory copy of the graph: faster lookups, "
    "but memory for every copy (default: all share one read-only on-disk copy).",
)
@click.option("--base-url", default=None, help="Public URL of this server, if behind a proxy.")
@click.option("--no-validate", is_flag=True, help="Skip validating the graph before serving.")
def serve(
    host,
    port,
    workers,
    timeout,
    max_rows,
    max_request_bytes,
    cache_size,
    query_processes,
    in_memory,
    base_url,
    no_validate,
) -> None:
    """Serve the graph: SPARQL 1.1 endpoint at /sparql, editor at /, resources at /id/<slug>."""
    import sys

    from darmstadt_kg.commands.core import run_validation
    from darmstadt_kg.serve.config import ServeConfig
    from darmstadt_kg.serve.runner import run_serve

    if not no_validate:
        code = run_validation()
        if code:
            sys.exit(code)
    run_serve(
        ServeConfig(
            host=host,
            port=port,
            workers=workers,
            timeout=timeout,
            max_rows=max_rows,
            max_request_bytes=max_request_bytes,
            cache_size=cache_size,
            max_concurrent=query_processes,
            in_memory=in_memory,
            base_url=base_url,
        )
    )
