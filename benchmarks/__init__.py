"""Benchmarks of darmstadt-kg against its peers: ``python -m benchmarks.run`` (``make bench``,
RESULTS.md) and ``python -m benchmarks.endpoint_bench`` (``make bench-endpoint``, ENDPOINT.md).

Modules: ``stats`` (timing, percentiles), ``workload`` (library and scale queries), ``loading``
(load time and peak memory), ``engines`` (embedded store, rdflib, HTTP peers; the call limit),
``peers`` (clean Oxigraph and Virtuoso per data set), ``virtuoso`` (a private instance via
``scripts/virtuoso.sh``), ``oxigraph_server``, ``wrk`` (HTTP load with wrk), ``endpoint``
(``darmstadt-kg serve`` as the benchmark starts it), ``throughput`` (one wrk run with its CPU,
answers compared), ``endpoint_bench`` and ``endpoint_report`` (the rounds and ENDPOINT.md),
``explorer`` (the pyvis explorer in headless Chromium), ``sections`` and ``report`` (RESULTS.md),
``run``. The domain-shaped data comes from ``tests/generate.py``, servers start through
``tests/servers.py``.
"""
