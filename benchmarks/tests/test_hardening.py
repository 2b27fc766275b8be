"""Smoke run of ``benchmarks.hardening`` (the server before issue 11 and now) with tiny budgets.

One round of one-second wrk runs per server, concurrency and workload (~40 s): it proves that
the before server of ``b0eefce`` still starts from this venv, that both hold the same triples
and give the same answers, and that the report has a row for each server.
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks import hardening
from benchmarks.workload import library_queries


def test_hardening_report_has_before_and_after_rows_over_the_same_triples_and_answers(
    tmp_path: Path,
) -> None:
    out = tmp_path / "HARDENING.md"
    code = hardening.main(
        [
            "--rounds",
            "1",
            "--duration",
            "1",
            "--warmup",
            "0",
            "--size",
            "10000",
            "--id-budget",
            "0.2",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "b0eefce2103ffbc243057d3706552f00de6ab9f8" in text

    # same data: each data set's triples, counted through each server, equal the dump's count
    counts = re.findall(
        r"^\| (library/Darmstadt|distinct selective/[\d,]+) \| ([\d,]+) \| "
        r"([\d,]+) \| ([\d,]+) \| ([\d,]+) \| (\w+) \|$",
        text,
        re.M,
    )
    assert len(counts) == 2, text
    for _, dumped, before, after, per_client, same in counts:
        assert dumped == before == after == per_client and same == "yes"

    # same answers: every library query and every distinct sample, equal on both after servers
    checks = re.findall(
        r"^\| (?:library/Darmstadt|distinct selective/[\d,]+) \| ([^|]+) \| "
        r"\d+ \| (\w+)[^|]* \| (\w+)[^|]* \|$",
        text,
        re.M,
    )
    names = {q.strip() for q, _, _ in checks}
    assert set(library_queries()) <= names and "lookup city 0" in names
    assert all(a == b == "equal" for _, a, b in checks), checks

    # a timed row per concurrency in both workloads, with a figure for each of the three servers
    # (non-2xx answers, if any, in brackets beside it), and the CPU each request cost them
    cell = r"([\d,]+) · [\d.]+(?: \([^)]*\))?"
    row = rf"^\| (1|16) \| 1 \| {cell} \| {cell} \| {cell} \| ([\d.]+)× \| ([\d.]+)× \|$"
    rows = re.findall(row, text, re.M)
    assert [r[0] for r in rows] == ["1", "16", "1", "16"], text
    assert all(int(v.replace(",", "")) > 0 for r in rows for v in r[1:4])
    pair = r"[\d.]+ · [\d.]+"
    cpu = re.findall(rf"^\| (1|16) \| {pair} \| {pair} \| {pair} \|$", text, re.M)
    assert cpu == ["1", "16", "1", "16"], text

    # /id/darmstadt answers 303 on every server
    for server in ("before", "after", "after --per-client"):
        assert re.search(rf"^\| {re.escape(server)} \| 303 \| [\d.]+ \|", text, re.M), server
