"""FACTS.md-level questions, one ASK per numbered section and per staff member, all answered.

Each ``tests/facts/*.rq`` is an ASK query whose header names the line of the inventory it
checks; it is false as soon as one of the triples it needs is dropped. The outside facts
(twinning years, Wikidata items, coordinates) are checked against copies of the reference
tables in ``tests/data/``.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from darmstadt_kg.load import get_store
from darmstadt_kg.namespaces import sparql_prologue

FACTS = sorted((Path(__file__).parent / "facts").glob("*.rq"))
DATA = Path(__file__).parent / "data"

SLUGS = {
    "Alkmaar": "alkmaar",
    "Troyes": "troyes",
    "Chesterfield": "chesterfield",
    "Graz": "graz",
    "Trondheim": "trondheim",
    "Bursa": "bursa",
    "Płock": "plock",
    "Szeged": "szeged",
    "Gyönk": "gyoenk",
    "Freiberg": "freiberg",
    "Brescia": "brescia",
    "Saanen (Saanen-Gstaad)": "saanen-gstaad",
    "Saanen": "saanen-gstaad",
    "Uzhhorod": "uzhhorod",
    "Liepāja": "liepaja",
    "Logroño": "logrono",
    "San Antonio": "san-antonio",
    "San Antonio (Texas)": "san-antonio",
    "Nahariya": "nahariya",
    "Darmstadt": "darmstadt",
    "Hiroshima": "hiroshima",
}


def _ask(text: str) -> bool:
    return bool(get_store().query(sparql_prologue() + text))


def _select(name: str) -> list[dict[str, str]]:
    text = (Path(__file__).parent / "facts" / "tables" / f"{name}.rq").read_text(encoding="utf-8")
    result = get_store().query(sparql_prologue() + text)
    return [{str(v)[1:]: row[v].value for v in result.variables if row[v]} for row in result]


def test_every_section_and_staff_member_has_a_fact_query():
    names = {p.stem for p in FACTS}
    for section in range(1, 14):
        assert any(n.startswith(f"s{section:02d}-") for n in names), section
    assert len([n for n in names if n.startswith("staff-")]) == 5


@pytest.mark.parametrize("fact", FACTS, ids=lambda p: p.stem)
def test_fact_is_answered(fact: Path):
    text = fact.read_text(encoding="utf-8")
    header = text.splitlines()[0]
    assert header.startswith("#+ fact: ")
    assert _ask(text), f"not answered by the graph: {header.removeprefix('#+ fact: ')}"


def test_twinning_years_match_the_reference():
    rows = list(csv.DictReader((DATA / "twinnings.csv").open(encoding="utf-8")))
    assert len(rows) == 17
    found = {r["city"]: r["since"] for r in _select("twinning-years")}
    expected = {str(DKR_ID(SLUGS[r["partner"]])): r["since"] for r in rows}
    assert found == expected


def DKR_ID(slug: str) -> str:  # noqa: N802 - reads like the prefix it stands for
    return "https://w3id.org/darmstadt-kg/id/" + slug


def test_wikidata_links_are_exactly_the_verified_ones():
    rows = list(csv.DictReader((DATA / "identifiers.csv").open(encoding="utf-8")))
    cities = {
        DKR_ID(SLUGS[r["name"]]): "http://www.wikidata.org/entity/" + r["qid"]
        for r in rows
        if r["name"] in SLUGS and r["qid"].startswith("Q")
    }
    links = _select("wikidata-links")
    linked = {}
    for r in links:
        linked.setdefault(r["s"], set()).add(r["wd"])
    for iri, qid in cities.items():
        assert linked.get(iri) == {qid}, iri
    verified = {
        "http://www.wikidata.org/entity/" + r["qid"] for r in rows if r["qid"].startswith("Q")
    }
    used = {wd for values in linked.values() for wd in values}
    assert used <= verified, used - verified


def test_coordinates_match_the_reference():
    rows = list(csv.DictReader((DATA / "identifiers.csv").open(encoding="utf-8")))
    expected = {
        DKR_ID(SLUGS[r["name"]]): (Decimal(r["lat"]), Decimal(r["lon"]))
        for r in rows
        if r["name"] in SLUGS and r["lat"] and r["qid"].startswith("Q")
    }
    found = {r["place"]: (Decimal(r["lat"]), Decimal(r["long"])) for r in _select("coordinates")}
    assert {k: found.get(k) for k in expected} == expected
