"""``darmstadt-kg serve`` as the benchmark starts it: over the Darmstadt graph or a generated one.

A generated graph is served from a data folder (``DARMSTADT_KG_DATA``) that holds a copy of the
project's ``ontology/`` and ``queries/`` and the generated file as ``graph/generated.nt`` (the
loader bulk-loads N-Triples). The server runs in its own process group, ended when the run is done.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from benchmarks import servers
from darmstadt_kg.serve.config import DEFAULT_WORKERS

__all__ = ["data_folder", "serving", "PER_CLIENT"]

# wrk is one client address; serve's default share per address (--per-client 1) would queue its
# 16 connections behind one another on purpose (fairness between clients), which no peer does.
# The benchmark lets one address use every query thread, as the peers do.
PER_CLIENT = 64


def data_folder(generated: Path, folder: Path) -> Path:
    """A data root for ``DARMSTADT_KG_DATA`` serving ``generated`` instead of ``graph/``.

    The generated file already holds the project's vocabulary, so ``ontology/`` holds only the
    rules and a shapes file without triples (the loader reads one): with a copy of the
    vocabulary there each of its triples would sit in two named graphs, and pyoxigraph's union
    default graph yields a triple once per graph that holds it. The served store then equals
    ``load_store([generated])``, the store the peers are loaded from.
    """
    from darmstadt_kg import paths

    if folder.exists():
        shutil.rmtree(folder)
    (folder / "graph").mkdir(parents=True)
    shutil.copytree(paths.rules_dir(), folder / "ontology" / "rules")
    (folder / "ontology" / "shapes.ttl").write_text(
        "# no shapes here: the generated graph holds the vocabulary\n", encoding="utf-8"
    )
    shutil.copytree(paths.queries_dir(), folder / "queries")
    os.link(generated, folder / "graph" / "generated.nt") if _same_fs(generated, folder) else (
        shutil.copy(generated, folder / "graph" / "generated.nt")
    )
    return folder


def _same_fs(a: Path, b: Path) -> bool:
    return os.stat(a).st_dev == os.stat(b).st_dev


@contextmanager
def serving(
    *,
    workers: int | None,
    cache: int,
    data: Path | None = None,
    start_timeout: float = 300,
):
    """Yield (endpoint URL, seconds to start, pid) of a running ``darmstadt-kg serve`` with
    ``workers`` (``None``: as many as it chooses itself) and ``--cache-mb cache`` (the pid leads
    the process group of its workers)."""
    port = servers.free_port()
    env = dict(os.environ)
    if data is not None:
        env["DARMSTADT_KG_DATA"] = str(data)
    command = [
        sys.executable,
        "-m",
        "darmstadt_kg",
        "serve",
        "--port",
        str(port),
        *(["--workers", str(workers)] if workers else []),
        "--cache-mb",
        str(cache),
        "--no-validate",
        "--per-client",
        str(PER_CLIENT),
    ]
    started = time.perf_counter()
    url = f"http://127.0.0.1:{port}/sparql"
    probe = url + "?query=ASK%7B%7D"
    with servers.started(command, probe, env=env, timeout=start_timeout) as running:
        # every uvicorn worker answers before measuring: a few more probes
        for _ in range(4 * (workers or DEFAULT_WORKERS)):  # no fewer than serve starts
            urllib.request.urlopen(probe, timeout=30).read()
        yield url, time.perf_counter() - started, running.process.pid
