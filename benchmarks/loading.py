"""Load time and peak memory: each loader runs alone in a fresh process.

    python -m benchmarks.loading KIND FILE   # prints one JSON line

KIND is ``project`` (``darmstadt_kg.load.load_store``: parse, then derive the shortcut triples),
``project-parse`` (the same without deriving, to show what the derivation costs),
``pyoxigraph`` (a raw ``Store.bulk_load`` of the same file), ``pyoxigraph+rules`` (that raw
load, then each rule of ``ontology/rules/`` as a plain SPARQL update, one after the other: the
same end state as ``project`` done by hand) or ``rdflib`` (``Graph.parse``).
Memory is the process's peak resident size during the load (the kernel's high-water mark
``VmHWM``, reset through ``/proc/self/clear_refs`` after the imports) minus its size before.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["KINDS", "measure_load"]

KINDS = ("project", "project-parse", "pyoxigraph", "pyoxigraph+rules", "rdflib")


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _load(kind: str, path: Path) -> int:
    if kind in ("project", "project-parse"):
        from darmstadt_kg.load import load_store

        return len(load_store([path], rules=kind == "project"))
    if kind in ("pyoxigraph", "pyoxigraph+rules"):
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        if kind == "pyoxigraph+rules":
            from darmstadt_kg import paths
            from darmstadt_kg.load import rule_update
            from darmstadt_kg.namespaces import sparql_prologue

            for rule in sorted(paths.rules_dir().glob("*.rq")):
                store.update(sparql_prologue() + rule_update(rule.read_text(encoding="utf-8")))
        return len(store)
    import rdflib

    graph = rdflib.Graph()
    graph.parse(str(path), format="nt")
    return len(graph)


def _child(kind: str, path: Path) -> None:
    import gc

    import pyoxigraph  # noqa: F401 - imports are not part of the measurement
    import rdflib  # noqa: F401

    import darmstadt_kg.load  # noqa: F401

    gc.collect()
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")  # reset the peak (VmHWM) to the current size
    before = _status_kb("VmRSS")
    started = time.perf_counter()
    triples = _load(kind, path)
    seconds = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    print(
        json.dumps(
            {
                "kind": kind,
                "triples": triples,
                "seconds": seconds,
                "peak_mb": (peak - before) / 1024,
            }
        )
    )


def measure_load(kind: str, path: Path, timeout: float = 600) -> dict:
    """Run one loader in a fresh process; its JSON result (or ``{"error": …}``)."""
    try:  # on glibc's malloc, as the project's loader runs (in the CLI and serve's server process)
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.loading", kind, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"kind": kind, "error": f"did not finish within {timeout:g} s"}
    if done.returncode != 0:
        return {"kind": kind, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]))
