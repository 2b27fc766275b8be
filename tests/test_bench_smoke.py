"""Smoke run of the benchmarks on the smallest size only (no Virtuoso, no browser; ~30 s).

The full run is ``make bench``; this only proves that every part still runs end to end and that
the generated data is data the project accepts.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from benchmarks import run
from benchmarks.generate import write_dataset
from benchmarks.loadgen import run_load
from benchmarks.workload import library_queries


def test_generated_sample_passes_the_project_shapes(tmp_path: Path) -> None:
    from benchmarks.sections import validate_sample

    path = tmp_path / "sample.nt"
    triples, cities = write_dataset(10_000, path)
    assert triples >= 10_000 and cities > 0
    report = validate_sample(path)
    assert report["conforms"], report


def test_quick_run_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    code = run.main(["--quick", "--sizes", "10000", "--no-virtuoso", "--no-browser",
                     "--no-endpoint", "--explorer-sizes", "100", "--out", str(out),
                     "--work", str(tmp_path / "work")])  # fmt: skip
    assert code == 0
    text = out.read_text(encoding="utf-8")
    for heading in ("## Targets", "## 1. Data", "## 2. Load", "## 3. Queries", "## 5. Explorer",
                    "## 6. Start-up"):  # fmt: skip
        assert heading in text
    assert "conforms = **True**" in text
    assert "scale: 2-hop join" in text and "library: partner-cities" in text


def test_load_generator_against_the_endpoint() -> None:
    from benchmarks.endpoint import serving

    with serving(workers=1, cache=0) as (url, _started):
        result = run_load(url, itertools.cycle(library_queries().values()), concurrency=4,
                          duration=0.5, max_requests=200, warmup=0)  # fmt: skip
    assert result.errors == 0, result.first_error
    assert 0 < result.requests <= 200 and result.rps > 0
