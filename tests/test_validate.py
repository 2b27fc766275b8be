"""The validator passes on the graph and fails, with one clear line each, on broken input."""

from __future__ import annotations

import re
from pathlib import Path

from darmstadt_kg.validate import validate, violation_checks
from tests.cli import run_on


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def _file_with(data: Path, needle: str) -> Path:
    for path in sorted((data / "graph").glob("*.ttl")):
        if needle in path.read_text():
            return path
    raise AssertionError(f"no graph file contains {needle!r}")


def test_project_graph_is_valid():
    report = validate()
    assert report.shacl == []
    assert report.violations == []
    assert report.conforms


def test_there_are_violation_checks():
    names = {p.name for p in violation_checks()}
    assert {
        "missing-label-violation.rq",
        "dangling-iri-violation.rq",
        "missing-source-violation.rq",
    } <= names


def test_shacl_violation_exits_4_one_line_per_result(data_copy: Path):
    path = _file_with(data_copy, '"1998"^^xsd:gYear')
    _edit(path, '"1998"^^xsd:gYear', '"since 1998"')
    result = run_on(data_copy, "validate")
    assert result.returncode == 4, result.stderr
    lines = result.stderr.strip().splitlines()
    shacl = [line for line in lines if line.startswith("SHACL ")]
    assert shacl, result.stderr
    for line in shacl:
        assert re.match(r"SHACL \w+: focus \S+ path \S+: .+ \(shape \S+\)$", line), line
    assert any("dkr:" in line and "startDate" in line for line in shacl), shacl
    assert lines[-1].startswith("darmstadt-kg: error: ")


def test_missing_source_is_a_shacl_violation(data_copy: Path):
    path = _file_with(data_copy, "dkr:membership-darmstadt-mayors-for-peace")
    text = path.read_text()
    block_start = text.index("dkr:membership-darmstadt-mayors-for-peace a")
    block_end = text.index(" .\n", block_start)
    block = text[block_start:block_end]
    stripped = re.sub(r"\s*prov:wasDerivedFrom [^;.]+;", "", block)
    assert stripped != block
    path.write_text(text[:block_start] + stripped + text[block_end:])
    result = run_on(data_copy, "validate")
    assert result.returncode == 4
    assert "membership-darmstadt-mayors-for-peace" in result.stderr
    assert "wasDerivedFrom" in result.stderr


def test_dangling_iri_exits_5(data_copy: Path):
    path = data_copy / "graph" / "zz-broken.ttl"
    path.write_text(
        "@prefix dkr: <https://w3id.org/darmstadt-kg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "dkr:darmstadt rdfs:seeAlso dkr:no-such-resource .\n"
    )
    result = run_on(data_copy, "validate")
    assert result.returncode == 5, result.stderr
    assert "violation dangling-iri: dkr:no-such-resource is referenced but never described" in (
        result.stderr
    )


# Issue 21: variants of the old errors, each caught by `validate` itself (a check of meaning),
# not by a test that knows the old triple.

_PREFIXES = (
    "@prefix dkg: <https://w3id.org/darmstadt-kg/ontology#> .\n"
    "@prefix dkr: <https://w3id.org/darmstadt-kg/id/> .\n"
    "@prefix oa: <http://www.w3.org/ns/oa#> .\n"
    "@prefix org: <http://www.w3.org/ns/org#> .\n"
    "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)


def _turtle_string(text: str) -> str:
    return '"""' + text.replace("\\", "\\\\").replace('"', '\\"') + '"""'


def _quote(exact: str, section: str) -> str:
    """A verbatim Web Annotation target for ``exact`` (so only the check of meaning can fail)."""
    from darmstadt_kg.sources import selector_context, shipped_page

    prefix, suffix = selector_context(shipped_page(), exact)
    return (
        f"oa:hasTarget [ a oa:SpecificResource ; oa:hasSource dkr:source-page-{section} ;"
        f" oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {_turtle_string(exact)} ;"
        f" oa:prefix {_turtle_string(prefix)} ; oa:suffix {_turtle_string(suffix)} ] ]"
    )


def _fails_on(data: Path, check: str, focus: str) -> None:
    result = run_on(data, "validate")
    assert result.returncode in (4, 5), result.stderr  # SHACL results (4) are reported first
    assert any(
        line.startswith(f"violation {check}: {focus} ") for line in result.stderr.splitlines()
    ), result.stderr


FOUNDED = (
    "Das Netzwerk der Partnerschaftsvereine wurde 2020 von der Wissenschaftsstadt Darmstadt"
    " gegründet."
)


def test_partnerschaftsvereine_typed_as_participation_fails(data_copy: Path):
    """The founding sentence typed as a participation (the old membership, renamed)."""
    (data_copy / "graph" / "zz-variant.ttl").write_text(
        _PREFIXES
        + "dkr:participation-darmstadt-netzwerk-der-partnerschaftsvereine a dkg:Participation ;\n"
        ' rdfs:label "Darmstadt – Netzwerk der Partnerschaftsvereine"@de,'
        ' "Darmstadt – network of twinning associations"@en ;\n'
        " dkg:participant dkr:darmstadt ;"
        " dkg:participationIn dkr:netzwerk-der-partnerschaftsvereine ;\n"
        ' dkg:startDate "2020"^^xsd:gYear ;\n'
        " prov:wasDerivedFrom dkr:source-page-regionale-und-lokale-netzwerke ;\n"
        f" {_quote(FOUNDED, 'regionale-und-lokale-netzwerke')} .\n"
    )
    _fails_on(
        data_copy,
        "participation-not-stated",
        "dkr:participation-darmstadt-netzwerk-der-partnerschaftsvereine",
    )


def test_participation_sentence_typed_as_membership_fails(data_copy: Path):
    """The CDIA participation ("regelmäßig einbringt") retyped as a membership."""
    path = _file_with(data_copy, "dkr:participation-darmstadt-cdia-network a dkg:Participation")
    _edit(
        path,
        "dkr:participation-darmstadt-cdia-network a dkg:Participation ;",
        "dkr:participation-darmstadt-cdia-network a dkg:Membership ;"
        " org:member dkr:darmstadt ; org:organization dkr:cdia-network ;",
    )
    _fails_on(data_copy, "membership-not-stated", "dkr:participation-darmstadt-cdia-network")


def test_2002_moved_onto_the_goes_back_to_node_fails(data_copy: Path):
    """ "Im Jahr 2002 wurde der 30. November … festgelegt" is not when it "geht zurück auf"."""
    path = _file_with(data_copy, "dkr:origin-cities-for-life-sant-egidio a dkg:Founding")
    _edit(
        path,
        "dkr:origin-cities-for-life-sant-egidio a dkg:Founding ;",
        'dkr:origin-cities-for-life-sant-egidio a dkg:Founding ; dkg:date "2002"^^xsd:gYear ;',
    )
    _edit(
        path,
        '    dkg:date "2002"^^xsd:gYear ;\n    dkg:foundedEntity dkr:cities-for-life ;',
        "    dkg:foundedEntity dkr:cities-for-life ;",
    )
    _fails_on(data_copy, "date-not-in-quote", "dkr:origin-cities-for-life-sant-egidio")


def test_invented_staff_role_under_a_new_iri_fails(data_copy: Path):
    (data_copy / "graph" / "zz-variant.ttl").write_text(
        _PREFIXES + "dkr:role-partner-city-coordinator a dkg:Role ;\n"
        ' rdfs:label "Koordinatorin Partnerstädte"@de, "Partner city coordinator"@en ;\n'
        ' skos:prefLabel "Koordinatorin Partnerstädte"@de, "Partner city coordinator"@en ;\n'
        " skos:inScheme dkr:roles .\n"
        "dkr:post-julia-kuz org:role dkr:role-partner-city-coordinator .\n"
    )
    _fails_on(data_copy, "label-not-on-page", "dkr:role-partner-city-coordinator")
    _fails_on(data_copy, "role-not-quoted", "dkr:role-partner-city-coordinator")


def test_rule_deriving_a_holding_from_an_ended_tenure_fails(data_copy: Path):
    rule = data_copy / "ontology" / "rules" / "tenures.rq"
    _edit(rule, "  FILTER NOT EXISTS { ?fact dkg:endDate ?end }\n", "")
    _fails_on(data_copy, "ended-tenure-held", "dkr:lucia-puttrich")


def test_rule_pairing_a_twinning_partner_with_itself_fails(data_copy: Path):
    """The old involvement rule: one node per twinning for both directions."""
    rule = data_copy / "ontology" / "rules" / "involvements.rq"
    _edit(rule, "BIND(COALESCE(?directed, ?fact) AS ?view)", "BIND(?fact AS ?view)")
    _fails_on(data_copy, "self-involvement", "dkr:twinning-darmstadt-troyes")


# Issue 21 item 1: every fact-bearing sentence quoted; the count is computed, not typed.


def test_every_fact_bearing_sentence_is_quoted_and_stats_prints_the_count():
    from click.testing import CliRunner

    from darmstadt_kg.cli import cli
    from darmstadt_kg.coverage import coverage, non_fact_sentences
    from darmstadt_kg.load import get_store
    from darmstadt_kg.sources import shipped_page

    found = coverage(get_store())
    assert found.unquoted == [] and found.stale == []
    assert found.total == len(shipped_page().sentences) - len(non_fact_sentences())
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    assert f"{found.total} of {found.total} fact-bearing sentences/lines quoted" in result.output


def _drop_quote(data: Path, node: str, exact_start: str) -> None:
    """Remove the one quote of ``node`` whose oa:exact starts with ``exact_start``."""
    import rdflib

    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    subject = rdflib.URIRef("https://w3id.org/darmstadt-kg/id/" + node.removeprefix("dkr:"))
    path = data / "graph" / "quotes.ttl"
    graph = rdflib.Graph().parse(path, format="turtle")
    targets = [
        target
        for target in graph.objects(subject, oa.hasTarget)
        for selector in graph.objects(target, oa.hasSelector)
        if str(graph.value(selector, oa.exact)).startswith(exact_start)
    ]
    assert len(targets) == 1, f"no single quote of {node} starting {exact_start!r}"
    graph.remove((subject, oa.hasTarget, targets[0]))
    path.write_text(graph.serialize(format="turtle"))


def test_a_sentence_no_quote_covers_fails_validate(data_copy: Path):
    sentence = "Zweimal im Jahr findet das Netzwerktreffen der Partnerschaftsvereine statt."
    _drop_quote(data_copy, "dkr:netzwerktreffen-partnerschaftsvereine", "Zweimal im Jahr")
    result = run_on(data_copy, "validate")
    assert result.returncode == 5, result.stderr
    assert "violation sentence-unquoted: page " in result.stderr
    assert sentence in result.stderr


def test_a_stale_non_fact_entry_fails_validate(data_copy: Path):
    listing = data_copy / "sources" / "non-fact-sentences.txt"
    listing.write_text(listing.read_text() + "Ein Satz, der nicht auf der Seite steht.\n")
    _fails_on(data_copy, "non-fact-list", "sources/non-fact-sentences.txt")


def test_an_entity_without_a_quote_fails_validate(data_copy: Path):
    _drop_quote(data_copy, "dkr:washington-dc", "Seit 2020 ist")
    _fails_on(data_copy, "unquoted-resource", "dkr:washington-dc")


def test_label_words_count_inflected_forms_but_not_new_words():
    from darmstadt_kg.validate import words_off_page

    page = {"deutschen", "städtetags", "abteilungsleiterin", "partnerstädte", "erste"}
    assert words_off_page("Deutscher Städtetag", page, set()) == []
    assert words_off_page("Koordinatorin Partnerstädte", page, set()) == ["Koordinatorin"]
    assert words_off_page("51 Erstunterzeichnende", page, set()) == ["Erstunterzeichnende"]
    assert words_off_page("Kontakt Julia Kuz", page | {"julia"}, {"kontakt"}) == []
