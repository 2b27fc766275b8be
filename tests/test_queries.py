"""The question library: every query has its header, parses, and gives its expected answer.

Expected answers are the rows a user reads, in ``tests/golden/<name>.tsv`` (one cell per
variable: the displayed value with its language tag or datatype, see ``tests/golden_rows.py``;
N-Triples lines in ``<name>.nt`` for graphs). After a deliberate change of data or query,
regenerate them with ``make golden`` (``DARMSTADT_KG_UPDATE_GOLDEN=1 pytest tests/test_queries.py``)
and review the diff. Only the value ``1`` switches rewriting on (any other value is an error),
and a test that rewrites its golden file fails, so that a rewrite is never reported as a pass:
rerun without the switch.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from darmstadt_kg import paths
from darmstadt_kg.library import library, read_header
from darmstadt_kg.query import run_query
from darmstadt_kg.sources.page import SECTIONS
from tests.golden_rows import (
    GOLDEN,
    golden_path,
    read_golden,
    shown,
    sorted_unless,
    to_python,
    write_golden,
)

QUERIES = sorted(paths.queries_dir().glob("*.rq"))
_SWITCH = os.environ.get("DARMSTADT_KG_UPDATE_GOLDEN", "")
UPDATE = _SWITCH == "1"


def answer(name: str):
    """The answer as golden cells: (variables, rows) for SELECT/ASK, sorted N-Triples for graphs."""
    result = run_query(name)
    if result.kind == "graph":
        return "graph", sorted(
            line for line in result.graph.serialize(format="nt").splitlines() if line
        )
    if result.kind == "ask":
        return "ask", (["boolean"], [["true" if result.boolean else "false"]])
    return "select", (result.variables, [[shown(t) for t in row] for row in result.rows])


def ordered(text: str) -> bool:
    """True when the query's outermost solution sequence is ordered (ORDER BY at the end)."""
    tail = text[text.rfind("}") :]
    return "ORDER BY" in tail.upper()


def expected(path: Path):
    """The golden answer of the query at ``path``: (kind, answer)."""
    for kind in ("select", "graph"):
        golden = golden_path(path.stem, kind)
        if golden.is_file():
            return ("graph" if kind == "graph" else "table"), read_golden(golden)
    raise AssertionError(f"no golden answer for {path.stem}: run `make golden`")


def test_library_has_at_least_25_questions_each_in_a_section_of_the_page():
    """Every question names a section of the city's page (or "all"); four of the six sections
    have a question of their own ("Bundesweite Netzwerke" and "Regionale und lokale Netzwerke"
    have none yet: the graph's questions about them are in "all")."""
    queries = library()
    assert len(queries) >= 25
    headings = {heading for heading, _ in SECTIONS}
    sections = {q.section for q in queries}
    assert sections <= headings | {"all"}, sections - headings
    for section in ("Internationale Netzwerke", "Internationale Kampagnen"):
        assert section in sections, section
    assert {"Europäische Netzwerke", "Adresse", "all"} <= sections
    for q in queries:
        assert q.summary.endswith(("?", ".")), q.name
        assert q.summary_de and q.summary_de != q.summary, q.name
        assert re.fullmatch(r"[a-z0-9-]+", q.name), q.name


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_rows_match_the_golden_table_cell_by_cell(path: Path):
    kind, got = answer(path.stem)
    golden = golden_path(path.stem, kind)
    if _SWITCH not in ("", "1"):
        pytest.fail(f"DARMSTADT_KG_UPDATE_GOLDEN={_SWITCH!r}: set it to 1 to rewrite, or unset it")
    if UPDATE:
        done = []
        for stale in GOLDEN.glob(f"{path.stem}.*"):  # an answer of another kind or format
            if stale != golden:
                stale.unlink()
                done.append(f"removed tests/golden/{stale.name}")
        text = write_golden(golden, got)
        if not golden.is_file() or golden.read_text(encoding="utf-8") != text:
            golden.write_text(text, encoding="utf-8")
            done.append(f"rewrote tests/golden/{golden.name}")
        if done:
            pytest.fail(f"{', '.join(done)}: review the diff, rerun unset")
    assert golden.is_file(), f"no golden answer for {path.stem}: run `make golden`"
    want = read_golden(golden)
    if kind == "graph":
        assert got == want, f"{path.stem}: triples differ from tests/golden/{golden.name}"
        return
    is_ordered = ordered(path.read_text(encoding="utf-8"))
    (header, rows), (want_header, want_rows) = got, want
    assert header == want_header, f"{path.stem}: variables differ from tests/golden/{golden.name}"
    rows, want_rows = sorted_unless(is_ordered, rows), sorted_unless(is_ordered, want_rows)
    assert len(rows) == len(want_rows), f"{path.stem}: {len(rows)} rows, golden {len(want_rows)}"
    for n, (row, want_row) in enumerate(zip(rows, want_rows, strict=True)):
        for var, got_cell, want_cell in zip(header, row, want_row, strict=True):
            assert got_cell == want_cell, (
                f"{path.stem} row {n} ?{var}: {got_cell!r}, golden {want_cell!r} — if the change "
                "is intended, run `make golden` and review the diff"
            )


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_records_hold_the_golden_values(path: Path):
    """``run_query().records()`` (what a notebook or DataFrame reads) against the golden table."""
    kind, want = expected(path)
    result = run_query(path.stem)
    if kind == "graph":
        assert result.kind == "graph"
        return
    header, rows = want
    if result.kind == "ask":
        assert ["true" if result.boolean else "false"] == rows[0]
        return
    wanted = [{v: to_python(c) for v, c in zip(header, row, strict=True)} for row in rows]
    is_ordered = ordered(path.read_text(encoding="utf-8"))
    assert sorted_unless(is_ordered, result.records()) == sorted_unless(is_ordered, wanted)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_is_not_empty(path: Path):
    kind, want = expected(path)
    if kind == "graph":
        assert want, path.stem
    elif want[0] == ["boolean"]:
        assert want[1] == [["true"]], path.stem
    else:
        assert want[1], path.stem


def test_each_query_has_one_golden_file_and_each_golden_file_a_query():
    names = {p.name for p in GOLDEN.iterdir()}
    assert len(names) == len(QUERIES)
    assert {n.rsplit(".", 1)[0] for n in names} == {p.stem for p in QUERIES}
    assert {n.rsplit(".", 1)[1] for n in names} <= {"tsv", "nt"}


def test_header_reader():
    assert read_header("#+ summary: A?\n#+ tags: x, y\nSELECT") == {"summary": "A?", "tags": "x, y"}
