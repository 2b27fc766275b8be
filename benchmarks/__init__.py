"""Benchmarks of darmstadt-kg against its peers: ``python -m benchmarks.run`` (``make bench``).

Modules: ``stats`` (timing, percentiles), ``workload`` (library and scale queries), ``loading``
(load time and peak memory), ``engines`` (embedded store, rdflib, Virtuoso), ``virtuoso`` (a
private instance via ``scripts/virtuoso.sh``), ``wrk`` (HTTP load with wrk), ``endpoint``
(``darmstadt-kg serve`` under load),
``explorer`` (the pyvis explorer in headless Chromium), ``report`` (RESULTS.md), ``run``. The
domain-shaped data comes from ``tests/generate.py``, servers start through ``tests/servers.py``.
"""
