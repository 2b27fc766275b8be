"""The server's options and limits, passed to worker processes through one environment variable."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

__all__ = ["ServeConfig", "ENV", "DEFAULT_WORKERS"]

ENV = "DARMSTADT_KG_SERVE_CONFIG"

# Server processes by default: two where there are two cores. Measured on this 2-core machine
# (benchmarks/RESULTS.md, one run): distinct lookups over 10^6 triples 1,322 → 1,712
# requests/s at concurrency 16, the question library 665 → 679.
DEFAULT_WORKERS = min(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class ServeConfig:
    """Where to listen and how much one request may cost."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = DEFAULT_WORKERS
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # rows (or triples) per result
    max_request_bytes: int = 64 * 1024  # body of a POST, or the URL's query string
    max_concurrent: int = 2  # query processes per server worker (queries running at once)
    cache_size: int = 1024  # answers kept per worker (the graph is read-only); 0 turns it off
    store_path: str | None = None  # on-disk store shared read-only by the workers
    in_memory: bool = False  # each query process copies the store into memory
    base_url: str | None = None  # public URL of this server, for the service description

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServeConfig:
        raw = os.environ.get(ENV)
        return cls(**json.loads(raw)) if raw else cls()
