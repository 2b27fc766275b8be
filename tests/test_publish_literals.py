"""Literals holding line separators (U+2028, U+2029, U+0085) go through every writer of the site
that ``validate`` lets them reach; characters no writer can carry are refused by ``validate``
(issue 23, item 5)."""

from __future__ import annotations

import gzip
from pathlib import Path

import rdflib
from rdflib.namespace import RDFS

from darmstadt_kg.namespaces import DKR
from tests.cli import run_on

LABEL = "line\u2028separator\u2029paragraph\u0085next"
PARSERS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "rdf": "xml"}


def _add(data: Path, literal: str) -> None:
    (data / "graph" / "zz-separators.ttl").write_text(
        "@prefix dkr: <https://w3id.org/darmstadt-kg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"dkr:separator-test rdfs:label {rdflib.Literal(literal, lang='en').n3()}, "
        f"{rdflib.Literal(literal, lang='de').n3()} ;\n"
        "    rdfs:seeAlso dkr:darmstadt .\n",
        encoding="utf-8",
    )


def _labels(path: Path) -> set[str]:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
        path = path.with_suffix("")
    ext = path.suffix.lstrip(".")
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=PARSERS.get(ext, "json-ld"))
    pattern = (DKR["separator-test"], RDFS.label, None, None)
    return {str(o) for _s, _p, o, _g in dataset.quads(pattern)}


def test_a_literal_with_line_separators_is_published_intact(data_copy: Path, tmp_path: Path):
    _add(data_copy, LABEL)
    checked = run_on(data_copy, "validate")
    assert checked.returncode == 0, checked.stderr
    out = tmp_path / "site"
    built = run_on(data_copy, "publish", "site", "--out", str(out))
    assert built.returncode == 0, built.stderr
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
    _add(data_copy, "form\x0cfeed")
    result = run_on(data_copy, "validate")
    assert result.returncode == 5, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("violation ")]
    assert (
        lines == [line for line in lines if "control-character: dkr:separator-test" in line]
        and lines
    ), result.stderr
