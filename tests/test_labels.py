"""One label picker (:mod:`darmstadt_kg.labels`): its fallback order, and the same name for the
same term on a resource page, in the explorer's data and in ``darmstadt-kg links``."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Literal, URIRef

from darmstadt_kg import network
from darmstadt_kg.cli import cli
from darmstadt_kg.labels import OUTSIDE, in_language, pick
from darmstadt_kg.load import get_store, store_to_rdflib
from darmstadt_kg.namespaces import DKG, DKR, RDFS, SKOS
from darmstadt_kg.network import build_network
from darmstadt_kg.network.index import read_index
from darmstadt_kg.publish.resources import render_resource
from darmstadt_kg.templates.home import home_body
from darmstadt_kg.templates.terms import label, term_name, vocabulary_labels
from darmstadt_kg.visualise import explorer_html

BODY = "pact-of-free-cities"
#: names the test graph adds as skos:prefLabel beside the body's rdfs:label ("Pact of Free
#: Cities"@en, "Pakt der freien Städte"@de); each is the smaller string in its language, so
#: the picker must choose it whichever property it comes from
PREFERRED = {"en": "Free Cities Pact", "de": "Freie-Städte-Pakt"}


@pytest.mark.parametrize(
    ("labels", "lang", "expected"),
    [
        ([("Stadt", "de"), ("City", "en")], "de", "Stadt"),
        ([("Stadt", "de"), ("City", "en")], "en", "City"),
        ([("Ville", "fr"), ("Stadt", "de"), ("City", "en")], "fr", "Ville"),
        ([("Ville", "fr"), ("Stadt", "de")], "en", "Stadt"),  # then German
        ([("Ville", "fr"), ("Stadt", "de"), ("City", "en")], "it", "City"),  # English first
        ([("Ville", "fr"), ("Città", "it")], "en", "Città"),  # any language: the smallest
        ([("Zeta", "de"), ("Alpha", "de")], "de", "Alpha"),  # a tie: the smallest string
        ([("plain", None)], "de", "plain"),
        ([("Ville", "FR")], "fr", "Ville"),  # tags compare case-insensitively
    ],
)
def test_labels_are_picked_by_language_in_the_documented_order(labels, lang, expected):
    assert pick(str(DKR["x"]), labels, lang) == expected


def test_without_a_label_an_outside_term_reads_by_its_name_and_any_other_by_its_curie():
    assert pick(str(RDFS.label), [], "de") == OUTSIDE["rdfs:label"][1] == "Name"
    assert pick("rdfs:label", [], "en") == "name"  # a CURIE given is read alike
    assert pick(str(DKR["unnamed"]), [], "en") == "dkr:unnamed"
    assert pick("https://example.org/x", [], "en") == "https://example.org/x"
    assert in_language([], "en") == ""


def test_rdfs_label_and_skos_preflabel_rank_alike_on_every_path():
    graph = rdflib.Graph()
    term = DKR["x"]
    graph.add((term, RDFS.label, Literal("Zeta", lang="en")))
    graph.add((term, SKOS.prefLabel, Literal("Alpha", lang="en")))
    graph.add((term, RDFS.label, Literal("Nur deutsch", lang="de")))
    assert label(graph, term, "en") == "Alpha"
    assert label(graph, term, "de") == "Nur deutsch"
    ix = read_index(graph)
    assert ix.label(str(term), "en") == "Alpha"
    assert ix.label(str(term), "de") == "Nur deutsch"


def test_vocabulary_names_follow_the_same_order():
    graph = rdflib.Graph()
    graph.add((DKG.Thing, RDFS.label, Literal("Ding", lang="de")))
    graph.add((DKG.Thing, RDFS.label, Literal("thing", lang="en")))
    graph.add((DKG.Other, RDFS.label, Literal("nur deutsch", lang="de")))
    vocabulary = vocabulary_labels(graph)
    ix = read_index(graph)
    for lang, term, expected in [
        ("de", DKG.Thing, "Ding"),
        ("fr", DKG.Thing, "thing"),
        ("en", DKG.Other, "nur deutsch"),
        ("en", DKG.Missing, "dkg:Missing"),
    ]:
        assert term_name(str(term), lang, vocabulary) == expected
        assert ix.term_label(f"dkg:{term.fragment}", lang) == expected


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    """The project's graph with a smaller-sorting ``skos:prefLabel`` for one body."""
    graph = store_to_rdflib(get_store())
    for lang, text in PREFERRED.items():
        graph.add((DKR[BODY], SKOS.prefLabel, Literal(text, lang=lang)))
    return graph


@pytest.fixture(scope="module")
def net(graph) -> nx.MultiDiGraph:
    return build_network(graph)


def _h1(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_body_has_one_name_on_its_page_in_the_explorer_and_in_links(
    graph, net, lang, monkeypatch
):
    expected = PREFERRED[lang]
    page = render_resource(graph, URIRef(DKR[BODY]), None, lang=lang)
    assert _h1(page) == expected

    html = explorer_html(net, view="ego", focus=BODY, lang=lang)
    data = json.loads(re.search(r"const DKG_DATA = (\{.*?\});\n", html, re.S).group(1))
    node = next(n for n in data["nodes"] if n["id"] == BODY)
    assert node["info"][f"label_{lang}"] == expected
    assert node["label"].replace("\n", " ") == expected

    monkeypatch.setattr(network, "build_network", lambda: net)
    result = CliRunner().invoke(cli, ["links", BODY, "--lang", lang])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"{expected} (dkr:{BODY}): 1 chain(s)"
    assert result.output.splitlines()[1].endswith(f"→ {expected}")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_front_door_names_partners_and_involvements_by_the_same_picker(lang):
    """A smaller-sorting ``skos:prefLabel`` of a partner city and of a network shows on the
    front door's map, timeline and list, as on their pages."""
    graph = store_to_rdflib(get_store())
    named = {"graz": "Aa Graz", "mayors-for-peace": "Aa Mayors"}
    for slug, text in named.items():
        graph.add((DKR[slug], SKOS.prefLabel, Literal(text, lang=lang)))
    body = home_body(graph, get_store(), lang)
    city = next(c for y in body["timeline"] for c in y["cities"] if c["slug"] == "graz")
    assert city[lang] == named["graz"] == label(graph, DKR["graz"], lang)
    assert "graz" in {c["slug"] for c in body["map"]["cities"]}
    body_named = {i["slug"]: i[lang] for i in body["involvements"]}
    assert body_named["mayors-for-peace"] == named["mayors-for-peace"]
    assert all(text == label(graph, DKR[slug], lang) for slug, text in body_named.items())
