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
        "dkr:f a dkg:Participation ; org:member dkr:a ; org:organization dkr:b .",
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
        "dkr:f a dkg:Tenure ; dkg:holder dkr:a ; dkg:post dkr:p .",
        "dkr:a org:holds dkr:p",
        "dkr:p a org:Post ; org:postIn dkr:o .",
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
