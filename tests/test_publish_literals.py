"""Literals holding line separators (U+2028, U+2029, U+0085) go through every writer of the site
that ``validate`` lets them reach; characters no writer can carry are refused by ``validate``
(issue 23, item 5)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDFS

from darmstadt_kg.namespaces import DKR
from tests.cli import run_on
from tests.variant_site import SEPARATED as LABEL
from tests.variant_site import add_labelled

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdf": ox.RdfFormat.RDF_XML,
}


def _labels(path: Path) -> set[str]:
    """The labels of ``dkr:separator-test`` in an RDF file of the site, read by pyoxigraph's
    parser for its format (rdflib's took 1 s per dump)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
        path = path.with_suffix("")
    ext = path.suffix.lstrip(".")
    subject, label = ox.NamedNode(str(DKR["separator-test"])), ox.NamedNode(str(RDFS.label))
    read = ox.parse(data, format=FORMATS.get(ext, ox.RdfFormat.JSON_LD))
    return {t.object.value for t in read if t.subject == subject and t.predicate == label}


def test_a_literal_with_line_separators_is_published_intact(variant_site: Path):
    """The labels of ``dkr:separator-test`` in the site of tests/variant_site.py (which
    ``validate`` passed before it was built)."""
    out = variant_site
    files = sorted((out / "dumps").glob("darmstadt-kg.*"))
    files += sorted((out / "doc").glob("separator-test.*"))
    rdf = [p for p in files if p.suffix != ".html"]
    assert len(rdf) >= 10, files
    for path in rdf:
        assert _labels(path) == {LABEL}, path.name
    page = (out / "doc" / "separator-test.html").read_text(encoding="utf-8")
    assert LABEL in page  # the label as text
    script = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "\u2028" not in script and "\\u2028" in script  # escaped inside the script


def test_a_control_character_xml_cannot_carry_is_refused_by_validate(data_copy: Path):
    add_labelled(data_copy, "separator-test", "form\x0cfeed")
    result = run_on(data_copy, "validate")
    assert result.returncode == 5, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("violation ")]
    assert (
        lines == [line for line in lines if "control-character: dkr:separator-test" in line]
        and lines
    ), result.stderr
