"""``darmstadt-kg serve``: the read-only SPARQL endpoint, editor and linked-data server.

Every option's default is the field of :class:`~darmstadt_kg.serve.config.ServeConfig` of the
same meaning, so the command line and the configuration cannot drift apart.
"""

from __future__ import annotations

import click

from darmstadt_kg.serve.config import default

__all__ = ["serve"]


def _addresses(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--trusted-proxy`` values, each an IP address or network; a bad one is a usage error."""
    import ipaddress

    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise click.BadParameter(
                f"{value!r} is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
            ) from None
    return tuple(values)


def _option(flag: str, field: str, help: str, **kwargs):
    return click.option(flag, field, default=default(field), show_default=True, help=help, **kwargs)


@click.command()
@_option("--host", "host", "Address to bind (default: loopback only).")
@_option("--port", "port", "Port to listen on (0: any free port).", type=click.IntRange(0, 65535))
@_option(
    "--workers",
    "workers",
    "Server processes (by default one per CPU it may run on, at most 2); they share one "
    "read-only on-disk copy of the graph.",
    type=click.IntRange(1, 64),
)
@_option(
    "--timeout", "timeout", "Seconds a query may run (then 503).", type=click.FloatRange(0.1, 3600)
)
@_option(
    "--max-rows",
    "max_rows",
    "Rows (or triples) a result may have (then 422).",
    type=click.IntRange(1),
)
@_option(
    "--max-request-bytes",
    "max_request_bytes",
    "Largest POST body (then 413).",
    type=click.IntRange(256),
)
@_option(
    "--max-url-bytes",
    "max_url_bytes",
    "Largest URL query string of a GET (then 414).",
    type=click.IntRange(256, 60 * 1024),
)
@_option(
    "--max-header-bytes",
    "max_header_bytes",
    "Largest request head: request line and headers together (then 414/431; at most 61440).",
    type=click.IntRange(1024, 60 * 1024),
)
@_option(
    "--header-timeout",
    "header_timeout",
    "Seconds a client may take to send the request line and headers (then 408).",
    type=click.FloatRange(0.5, 600),
)
@_option(
    "--query-threads",
    "query_threads",
    "Queries one worker evaluates at once; a query over the time limit retires its worker.",
    type=click.IntRange(1, 64),
)
@_option(
    "--per-client",
    "per_client",
    "Queries one client address may run at once per server "
    "worker; more wait their turn (429 with Retry-After when too many wait).",
    type=click.IntRange(1, 64),
)
@_option(
    "--max-query-memory",
    "max_query_memory_mb",
    "MiB of address space a worker may add to what it holds at start (then 503); 0: no limit.",
    type=click.IntRange(0),
)
@_option(
    "--max-nesting",
    "max_nesting",
    "Brackets a query may nest (then 400).",
    type=click.IntRange(4, 1000),
)
@_option(
    "--cache-mb",
    "cache_mb",
    "MiB of answers kept per server worker (the graph is read-only); 0 turns the cache off.",
    type=click.IntRange(0),
)
@click.option(
    "--in-memory",
    is_flag=True,
    help="Each worker keeps its own in-memory "
    "copy of the graph: faster lookups, but memory for every copy (default: all "
    "share one read-only on-disk copy).",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADDR",
    callback=lambda ctx, param, value: _addresses(value),
    help="Address or network (CIDR) of a reverse proxy whose X-Forwarded-For is believed "
    "(repeatable). Without it a client is its socket's address.",
)
@click.option("--base-url", default=None, help="Public URL of this server, if behind a proxy.")
@click.option(
    "--federate",
    "removed_federate",
    multiple=True,
    hidden=True,
    help="Removed: the endpoint never calls other endpoints.",
)
@click.option("--no-validate", is_flag=True, help="Skip validating the graph before serving.")
@click.option(
    "--cache-size",
    type=click.IntRange(0),
    default=None,
    hidden=True,
    help="Earlier name: 0 turns the cache off (as --cache-mb 0).",
)
def serve(
    no_validate: bool, cache_size: int | None, removed_federate: tuple[str, ...], **options
) -> None:
    """Serve the graph: SPARQL 1.1 endpoint at /sparql, front door at /, editor at /query,
    resources at /id/<slug>."""
    import sys

    from darmstadt_kg.allocator import relaunch
    from darmstadt_kg.commands.core import run_validation
    from darmstadt_kg.serve.config import ServeConfig
    from darmstadt_kg.serve.runner import run_serve

    relaunch()  # on jemalloc, where installed: the workers forked later run on it too
    if removed_federate:
        raise click.UsageError(
            "--federate was removed: this endpoint never calls other endpoints (its workers "
            "have no network) — federate from your own client, see docs/security.md"
        )
    if not no_validate:
        code = run_validation()
        if code:
            sys.exit(code)
    if cache_size == 0:
        options["cache_mb"] = 0
    run_serve(ServeConfig(**options))
