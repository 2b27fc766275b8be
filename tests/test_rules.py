"""Each derivation rule on a small example: it derives its shortcut from a fact that supports it
and not from one that does not (the "not from" line of the rule's header)."""

from __future__ import annotations

import pytest

from darmstadt_kg import paths
from darmstadt_kg.load import apply_rules, query_union
from darmstadt_kg.namespaces import GRAPH_DERIVED, sparql_prologue

PREFIXES = sparql_prologue().replace("PREFIX ", "@prefix ").replace(">\n", "> .\n")

FOUNDED = "a dkg:Founding ; dkg:foundingKind dkr:founding-kind-founded ;"

# rule → (supporting facts, shortcut that must follow, non-supporting facts, shortcut that must not)
CASES = {
    "memberships": (
        "dkr:f a dkg:Membership ; org:member dkr:a ; org:organization dkr:b .",
        "dkr:a org:memberOf dkr:b",
        "dkr:f a dkg:Participation ; dkg:participant dkr:a ; dkg:participationIn dkr:b .",
        "dkr:a org:memberOf dkr:b",
    ),
    "foundings": (
        f"dkr:f {FOUNDED} dkg:foundedEntity dkr:n ;"
        ' dkg:foundedBy dkr:a ; dkg:date "1982"^^xsd:gYear ; dkg:location dkr:p .',
        'dkr:n schema:founder dkr:a ; schema:foundingDate "1982"^^xsd:gYear ;'
        " schema:foundingLocation dkr:p",
        # two competing accounts of kind founded, and an origin of another kind
        f"dkr:f {FOUNDED} dkg:foundedEntity dkr:n ;"
        ' dkg:date "1982"^^xsd:gYear ; dkg:location dkr:p .\n'
        f"dkr:g {FOUNDED} dkg:foundedEntity dkr:n ;"
        ' dkg:date "1982-06-24"^^xsd:date ; dkg:location dkr:q .\n'
        "dkr:h a dkg:Founding ; dkg:foundedEntity dkr:m ;"
        " dkg:foundingKind dkr:founding-kind-day-fixed ;"
        ' dkg:foundedBy dkr:a ; dkg:date "2002"^^xsd:gYear .',
        "{ ?x schema:foundingDate ?d } UNION { ?x schema:foundingLocation ?l } UNION"
        " { ?x schema:founder ?y }",
    ),
    "involvements": (
        "dkr:f a dkg:Membership ; org:member dkr:a ; org:organization dkr:b ;"
        ' dkg:startDate "1998"^^xsd:gYear .\n'
        "dkr:e a dkg:Endorsement ; dkg:endorser dkr:a ; dkg:endorsed dkr:d ;"
        ' dkg:date "2023-03"^^xsd:gYearMonth .',
        "dkr:f a dkg:Involvement ; dkg:involvedAgent dkr:a ; dkg:involvedWith dkr:b ;"
        ' dkg:since "1998"^^xsd:gYear . dkr:e dkg:involvedWith dkr:d ;'
        ' dkg:since "2023-03"^^xsd:gYearMonth',
        "dkr:c a dkg:Count ; dkg:countOf dkr:b ; schema:value 3 .\n"
        "dkr:t a dkg:Tenure ; dkg:holder dkr:a ; dkg:post dkr:p .\n"
        "dkr:g a dkg:Geolocation ; dkg:locates dkr:b ; geo:lat 1.0 ; geo:long 2.0 .\n"
        "dkr:o a dkg:Founding ; dkg:foundedEntity dkr:b ;"
        " dkg:foundingKind dkr:founding-kind-day-fixed .",
        "?x a dkg:Involvement",
    ),
    "awards": (
        "dkr:f a dkg:AwardConferral ; dkg:recipient dkr:a ; dkg:award dkr:w .",
        "dkr:a dkg:awardReceived dkr:w",
        "dkr:w dkg:requires dkr:v ; dkg:conferredBy dkr:b .",
        "?x dkg:awardReceived ?y",
    ),
    "geolocations": (
        "dkr:f a dkg:Geolocation ; dkg:locates dkr:p ; geo:lat 1.0 ; geo:long 2.0 .",
        "dkr:p geo:lat 1.0 ; geo:long 2.0",
        "dkr:f a dkg:Geolocation ; dkg:locates dkr:p ; geo:lat 1.0 .",
        "dkr:p geo:lat ?x",
    ),
    "signatories": (
        "dkr:f a dkg:Endorsement ; dkg:endorser dkr:a ; dkg:endorsed dkr:d ;"
        " dkg:endorsementKind dkr:endorsement-joined .",
        "dkr:d dkg:signatory dkr:a",
        "dkr:f a dkg:Endorsement ; dkg:endorser dkr:a ; dkg:endorsed dkr:d ;"
        " dkg:endorsementKind dkr:endorsement-supports .",
        "?x dkg:signatory ?y",
    ),
    "tenures": (
        "dkr:f a dkg:Tenure ; dkg:holder dkr:a ; dkg:post dkr:p ;"
        ' dkg:startDate "2014"^^xsd:gYear .',
        "dkr:a org:holds dkr:p",
        # a post only mentioned, and a tenure that ended ("damaliger … (2014-24)")
        "dkr:p a org:Post ; org:postIn dkr:o .\n"
        "dkr:f a dkg:Tenure ; dkg:holder dkr:a ; dkg:post dkr:p ;"
        ' dkg:startDate "2014"^^xsd:gYear ; dkg:endDate "2024"^^xsd:gYear .',
        "?x org:holds ?y",
    ),
    "twinnings": (
        "dkr:f a dkg:Twinning ; dkg:partner dkr:a, dkr:b .",
        "dkr:a dkg:twinnedWith dkr:b . dkr:b dkg:twinnedWith dkr:a",
        "dkr:f a dkg:Twinning ; dkg:partner dkr:a . dkr:s dkg:responsibleFor dkr:b .",
        "?x dkg:twinnedWith ?y",
    ),
}


def _derive(rule: str, facts: str):
    import pyoxigraph as ox

    store = ox.Store()
    store.load((PREFIXES + facts).encode(), format=ox.RdfFormat.TURTLE)
    apply_rules(store, [paths.rules_dir() / f"{rule}.rq"])
    return store


def _ask_derived(store, pattern: str) -> bool:
    """Whether the pattern holds in the derived graph (where the rules write)."""
    query = f"ASK {{ GRAPH <{GRAPH_DERIVED}> {{ {pattern} }} }}"
    return bool(store.query(sparql_prologue() + query))


def _ask_anywhere(store, pattern: str) -> bool:
    return bool(query_union(store, sparql_prologue() + f"ASK {{ {pattern} }}"))


def test_every_rule_has_a_case():
    assert {p.stem for p in paths.rules_dir().glob("*.rq")} == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_header_states_what_it_derives_from_what(rule: str):
    text = (paths.rules_dir() / f"{rule}.rq").read_text(encoding="utf-8")
    for key in ("#+ summary:", "#+ derives:", "#+ from:", "#+ not from:"):
        assert key in text, f"{rule}.rq lacks {key}"


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_derives_from_a_supporting_fact(rule: str):
    supporting, shortcut, _, _ = CASES[rule]
    assert _ask_derived(_derive(rule, supporting), shortcut)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_does_not_derive_from_a_fact_that_does_not_support_it(rule: str):
    _, _, other, forbidden = CASES[rule]
    assert not _ask_anywhere(_derive(rule, other), forbidden)


def test_involvement_of_a_participation_uses_participation_terms():
    store = _derive(
        "involvements",
        "dkr:p a dkg:Participation ; dkg:participant dkr:a ; dkg:participationIn dkr:n .",
    )
    assert _ask_derived(
        store,
        "dkr:p a dkg:Involvement ; dkg:involvedAgent dkr:a ;"
        " dkg:involvedWith dkr:n ; dkg:viewOf dkr:p",
    )


def test_twinning_involvement_never_pairs_a_city_with_itself():
    """One node per direction: "Troyes is involved with Troyes" must not follow."""
    store = _derive(
        "involvements",
        'dkr:a rdfs:label "A"@de, "A"@en . dkr:b rdfs:label "B"@de, "B"@en .\n'
        'dkr:t a dkg:Twinning ; dkg:partner dkr:a, dkr:b ; dkg:startDate "1958"^^xsd:gYear .',
    )
    for agent, partner in (("dkr:a", "dkr:b"), ("dkr:b", "dkr:a")):
        view = f"?v dkg:viewOf dkr:t ; dkg:involvedAgent {agent} ; dkg:involvedWith {partner}"
        assert _ask_derived(store, view)
    assert not _ask_anywhere(store, "?v dkg:involvedAgent ?x ; dkg:involvedWith ?x")
    assert not _ask_anywhere(store, "dkr:t dkg:involvedAgent ?x")


def test_a_founding_gives_no_continuing_since():
    """ "startete 1956 mit einer Initiative von Präsident Dwight D. Eisenhower": a one-off act."""
    store = _derive(
        "involvements",
        "dkr:o a dkg:Founding ; dkg:foundedBy dkr:e ; dkg:foundedEntity dkr:p ;"
        ' dkg:foundingKind dkr:founding-kind-initiated ; dkg:date "1956"^^xsd:gYear .',
    )
    assert _ask_derived(store, 'dkr:o dkg:involvedAgent dkr:e ; dkg:involvedOn "1956"^^xsd:gYear')
    assert not _ask_anywhere(store, "dkr:o dkg:since ?s")
