"""The server's options and limits: every bound is a field here with its default, and a
command-line option (``commands/serve.py``) whose default is read from this class."""

from __future__ import annotations

from dataclasses import dataclass, fields

from darmstadt_kg.cpus import usable_cpus

__all__ = ["ServeConfig", "DEFAULT_WORKERS", "default"]

# Server processes by default: one per CPU this process may run on, at most two. Measured on
# this 2-core machine (benchmarks/RESULTS.md, one run): distinct lookups over 10^6 triples
# 1,322 → 1,712 requests/s at concurrency 16 with two workers on two CPUs, the question
# library 665 → 679; on one CPU (taskset) a second worker only takes turns with the first
# (docs/endpoint.md has the figures).
DEFAULT_WORKERS = min(2, usable_cpus())


@dataclass(frozen=True)
class ServeConfig:
    """Where to listen and how much one request may cost."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = DEFAULT_WORKERS
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # rows (or triples) per result
    max_request_bytes: int = 64 * 1024  # body of a POST
    max_url_bytes: int = 16 * 1024  # the URL's query string (GET); over it: 414
    max_header_bytes: int = 16 * 1024  # request line and headers together; over it: 431/414
    header_timeout: float = 10.0  # seconds a client may take to send the request line+headers
    query_threads: int = 2  # queries one worker evaluates at once (each in a thread)
    per_client: int = 1  # queries one client address may run at once per server worker
    # address space a worker may take beyond what it holds once started (RLIMIT_AS), MiB
    max_query_memory_mb: int = 2048
    max_nesting: int = 64  # brackets nested in one query
    cache_mb: int = 64  # answers kept per worker, in MiB of answer bytes; 0 turns it off
    store_path: str | None = None  # on-disk store shared read-only by the workers
    in_memory: bool = False  # each worker copies the store into memory
    base_url: str | None = None  # public URL of this server, for the service description
    # proxies whose X-Forwarded-For/-Proto is believed; without one, a client is its socket's
    # peer address (a header cannot make one client look like many and take their shares)
    trusted_proxies: tuple[str, ...] = ()


def default(name: str):
    """The default of the field ``name`` (for the command-line options)."""
    return next(f.default for f in fields(ServeConfig) if f.name == name)
