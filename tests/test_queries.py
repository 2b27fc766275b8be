"""The question library: every query has its header, parses, and gives its expected answer.

Expected answers live in ``tests/golden/<name>.json`` (SPARQL JSON results; N-Triples lines for
graphs). After a deliberate change of data or query, regenerate them with ``make golden``
(``DARMSTADT_KG_UPDATE_GOLDEN=1 pytest tests/test_queries.py``) and review the diff. Only the
value ``1`` switches rewriting on (any other value is an error), and a test that rewrites its
golden file fails, so that a rewrite is never reported as a pass: rerun without the switch.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from darmstadt_kg import paths
from darmstadt_kg.library import library, read_header
from darmstadt_kg.query import run_query
from darmstadt_kg.results import to_json_dict

GOLDEN = Path(__file__).parent / "golden"
QUERIES = sorted(paths.queries_dir().glob("*.rq"))
_SWITCH = os.environ.get("DARMSTADT_KG_UPDATE_GOLDEN", "")
UPDATE = _SWITCH == "1"


def answer(name: str) -> dict | list:
    """The answer in golden form: SPARQL JSON for SELECT/ASK, sorted N-Triples for graphs."""
    result = run_query(name)
    if result.kind == "graph":
        return sorted(line for line in result.graph.serialize(format="nt").splitlines() if line)
    return to_json_dict(result)


def ordered(text: str) -> bool:
    """True when the query's outermost solution sequence is ordered (ORDER BY at the end)."""
    tail = text[text.rfind("}") :]
    return "ORDER BY" in tail.upper()


def comparable(data, is_ordered: bool):
    if isinstance(data, dict) and "results" in data and not is_ordered:
        rows = data["results"]["bindings"]
        key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
        return {**data, "results": {"bindings": sorted(rows, key=key)}}
    return data


def test_library_has_at_least_25_questions_covering_every_section():
    queries = library()
    assert len(queries) >= 25
    sections = {q.section for q in queries}
    for section in (
        "Internationale Netzwerke",
        "Internationale Kampagnen",
        "Europäische Netzwerke",
        "Adresse",
        "all",
    ):
        assert section in sections, section
    for q in queries:
        assert q.summary.endswith(("?", ".")), q.name
        assert q.summary_de and q.summary_de != q.summary, q.name
        assert re.fullmatch(r"[a-z0-9-]+", q.name), q.name


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_matches_its_golden_answer(path: Path):
    got = answer(path.stem)
    golden = GOLDEN / f"{path.stem}.json"
    if _SWITCH not in ("", "1"):
        pytest.fail(f"DARMSTADT_KG_UPDATE_GOLDEN={_SWITCH!r}: set it to 1 to rewrite, or unset it")
    if UPDATE:
        text = json.dumps(got, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        if not golden.is_file() or golden.read_text(encoding="utf-8") != text:
            golden.write_text(text, encoding="utf-8")
            pytest.fail(f"rewrote tests/golden/{path.stem}.json: review the diff, rerun unset")
    assert golden.is_file(), f"no golden answer for {path.stem}: run `make golden`"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    is_ordered = ordered(path.read_text(encoding="utf-8"))
    assert comparable(got, is_ordered) == comparable(expected, is_ordered), (
        f"{path.stem}: answer differs from tests/golden/{path.stem}.json — if the change is "
        "intended, run `make golden` and review the diff"
    )


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_is_not_empty(path: Path):
    got = answer(path.stem)
    if isinstance(got, dict) and "boolean" in got:
        assert got["boolean"] is True
    elif isinstance(got, dict):
        assert got["results"]["bindings"], path.stem
    else:
        assert got, path.stem


def test_no_golden_file_without_its_query():
    assert {p.stem for p in GOLDEN.glob("*.json")} == {p.stem for p in QUERIES}


def test_header_reader():
    assert read_header("#+ summary: A?\n#+ tags: x, y\nSELECT") == {"summary": "A?", "tags": "x, y"}
