"""The benchmarks' own smoke tests (run by ``make test`` with the suite in ``tests/``)."""
