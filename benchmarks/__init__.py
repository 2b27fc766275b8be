"""Benchmarks of darmstadt-kg against its peers: ``python -m benchmarks.run`` (``make bench``).

Modules: ``generate`` (domain-shaped data), ``stats`` (timing, percentiles), ``workload``
(library and scale queries), ``loading`` (load time and peak memory), ``engines`` (embedded
store, rdflib, Virtuoso), ``virtuoso`` (a private instance via ``scripts/virtuoso.sh``),
``loadgen`` (an asyncio HTTP load generator), ``endpoint`` (``darmstadt-kg serve`` under load),
``explorer`` (the pyvis explorer in headless Chromium), ``report`` (RESULTS.md), ``run``.
"""
