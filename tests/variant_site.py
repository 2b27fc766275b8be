"""One static site of altered data, built once per run for the tests that each check one thing
about a build the project's own data does not make: a label that tries to close a script
(``EVIL``), a label holding line separators (``SEPARATED``), and a live endpoint given
(``ENDPOINT``). ``validate`` passes the data first, as a maintainer would run it."""

from __future__ import annotations

from pathlib import Path

import rdflib

from tests.cli import copy_data, run_on

__all__ = ["EVIL", "SEPARATED", "ENDPOINT", "add_labelled", "build_variant_site"]

EVIL = '</script><script>alert("x")</script> & <b>'
SEPARATED = "line\u2028separator\u2029paragraph\u0085next"
ENDPOINT = "https://example.org/darmstadt-kg/sparql"


def add_labelled(data: Path, slug: str, text: str, comment: bool = False) -> None:
    """A resource ``dkr:slug`` in ``data/graph`` labelled ``text`` in English and German (and
    with ``text`` as its German comment if ``comment``), linked to Darmstadt."""
    said = f"{rdflib.Literal(text, lang='en').n3()}, {rdflib.Literal(text, lang='de').n3()}"
    commented = f" ;\n    rdfs:comment {rdflib.Literal(text, lang='de').n3()}" if comment else ""
    (data / "graph" / f"zz-{slug}.ttl").write_text(
        "@prefix dkr: <https://w3id.org/darmstadt-kg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"dkr:{slug} rdfs:label {said}{commented} ;\n"
        "    rdfs:seeAlso dkr:darmstadt .\n",
        encoding="utf-8",
    )


def build_variant_site(root: Path) -> Path:
    """The altered data in ``root/data``, validated, and its site built by the command line
    with ``--endpoint ENDPOINT`` in ``root/site``; returns the site's folder."""
    data = copy_data(root / "data")
    add_labelled(data, "escape-test", EVIL, comment=True)
    add_labelled(data, "separator-test", SEPARATED)
    checked = run_on(data, "validate")
    assert checked.returncode == 0, checked.stderr
    site = root / "site"
    built = run_on(data, "publish", "site", "--out", str(site), "--endpoint", ENDPOINT)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("site: "), built.stdout
    return site
