"""The network projection: nodes, folded facts, sources, chains from Darmstadt, figures, exports."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from darmstadt_kg.cli import cli, main
from darmstadt_kg.errors import ExitCode
from darmstadt_kg.load import get_rdflib_graph, get_store
from darmstadt_kg.namespaces import curie, sparql_prologue
from darmstadt_kg.network import (
    FORMATS,
    UnknownNodeError,
    all_links,
    build_network,
    export,
    figures,
    links,
    resolve_node,
)
from darmstadt_kg.network.vocab import FACT_CLASSES, TYPES, relations

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_network()


def test_every_node_has_both_labels_a_known_type_and_a_source(graph):
    assert graph.number_of_nodes() > 100
    for node, data in graph.nodes(data=True):
        assert data["label_de"] and data["label_en"], node
        assert data["type"] in TYPES, node
        assert data["sources"], f"{node} has no source"


def test_no_fact_source_concept_or_address_becomes_a_node(graph):
    for node in graph:
        assert not node.startswith(
            (
                "membership-",
                "participation-",
                "twinning-",
                "founding-",
                "count-",
                "geo-",
                "source-",
                "level-",
                "theme-",
                "post-",
                "contact-",
                "address-",
                "tenure-",
            )
        ), node


def test_every_property_between_two_nodes_is_classified(graph):
    """A new property in the data fails here until relations.csv says how it reads."""
    rows = get_store().query(
        sparql_prologue() + "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) "
        "&& STRSTARTS(STR(?s), STR(dkr:)) && STRSTARTS(STR(?o), STR(dkr:))) }"
    )
    slug = len("https://w3id.org/darmstadt-kg/id/")
    unclassified = {
        curie(r["p"].value)
        for r in rows
        if r["s"].value[slug:] in graph
        and r["o"].value[slug:] in graph
        and curie(r["p"].value) not in relations()
    }
    assert not unclassified


def test_edges_carry_labels_sources_and_unique_keys(graph):
    keys = Counter(k for _, _, k in graph.edges(keys=True))
    assert not [k for k, n in keys.items() if n > 1]
    for _u, _v, k, d in graph.edges(keys=True, data=True):
        assert d["sources"] and len(d["sources"]) == len(d["source_labels_de"]), k
        for lang in ("en", "de"):
            assert d[f"label_{lang}"] and "  " not in d[f"label_{lang}"], k
            assert d[f"inverse_{lang}"], k


def test_every_relating_fact_becomes_an_edge(graph):
    facts = {
        k.split("--")[0] for _, _, k, kind in graph.edges(keys=True, data="kind") if kind == "fact"
    }
    rows = get_store().query(
        sparql_prologue() + "SELECT ?f WHERE { VALUES ?c { dkg:Membership dkg:Participation "
        "dkg:Twinning dkg:AwardConferral dkg:Endorsement } ?f a ?c }"
    )
    expected = {r["f"].value.rsplit("/", 1)[1] for r in rows}
    assert expected and expected <= facts
    assert "dkg:Count" in FACT_CLASSES


def test_twinnings_match_the_reference_table(graph):
    """Each partner city, found by its Wikidata item (not by its name), and its twinning year."""
    wikidata = "http://www.wikidata.org/entity/"
    with (DATA / "twinnings.csv").open(encoding="utf-8") as f:
        since = {wikidata + row["qid"]: row["since"] for row in csv.DictReader(f)}
    found = {
        link: d["since"]
        for u, v, d in graph.edges("darmstadt", data=True)
        if d["relation"] == "dkg:Twinning"
        for link in graph.nodes[v]["links"]
        if link.startswith(wikidata)
    }
    assert len(since) == 17
    assert found == since


def test_membership_edge_reads_with_its_year_and_section(graph):
    d = graph.get_edge_data("darmstadt", "mayors-for-peace")[
        "membership-darmstadt-mayors-for-peace"
    ]
    assert (d["label_en"], d["label_de"]) == ("member since 1998", "Mitglied seit 1998")
    assert d["sources"] == ["source-page-internationale-netzwerke"]


def test_counts_coordinates_levels_and_themes_are_node_attributes(graph):
    assert any("70" in c for c in graph.nodes["community-of-sant-egidio"]["counts_en"])
    partners = [v for _, v, r in graph.edges("darmstadt", data="relation") if r == "dkg:Twinning"]
    assert all(graph.nodes[p]["lat"] is not None for p in partners)
    mfp = graph.nodes["mayors-for-peace"]
    assert mfp["level"] == "level-international-networks"
    assert "theme-peace-nuclear-disarmament" in mfp["themes"]


def test_the_same_network_from_rdflib(graph):
    other = build_network(get_rdflib_graph())
    assert set(other.nodes) == set(graph.nodes)
    assert set(other.edges(keys=True)) == set(graph.edges(keys=True))


def test_every_body_has_a_chain_from_darmstadt(graph):
    chains = all_links(graph)
    assert set(chains) == set(graph) - {"darmstadt"}
    assert not [n for n, c in chains.items() if not c]
    for found in chains.values():
        for chain in found:
            assert chain.nodes[0] == "darmstadt" and len(chain.hops) == len(chain.nodes) - 1


def _sentences(graph, body, lang="en"):
    return [c.sentence(lang) for c in links(graph, body, limit=10)]


def test_chain_to_hiroshima(graph):
    assert (
        "Darmstadt → member since 1998 → Mayors for Peace → founded 1982 in → Hiroshima"
        in _sentences(graph, "hiroshima")
    )
    assert any(
        "Mitglied seit 1998" in s and "1982 gegründet in → Hiroshima" in s
        for s in _sentences(graph, "hiroshima", "de")
    )


def test_chain_to_pact_of_free_cities(graph):
    assert _sentences(graph, "pact-of-free-cities") == [
        "Darmstadt → joined March 2023 → Global Declaration for Democracy → initiated by"
        " → Pact of Free Cities"
    ]


def test_chain_to_sant_egidio_goes_through_cities_for_life(graph):
    (chain,) = links(graph, "community-of-sant-egidio")
    assert chain.nodes == ("darmstadt", "cities-for-life", "community-of-sant-egidio")
    assert chain.hops[0].text_en == "takes part yearly"
    assert chain.hops[1].text_en == "goes back to"  # "geht zurück auf" (not "initiated by")
    assert chain.hops[1].text_de == "geht zurück auf"


@pytest.mark.parametrize(
    "node, words",
    [
        ("american-jewish-committee", "launched 2015 by"),  # "2015 … ins Leben gerufen"
        ("pact-of-free-cities", "initiated by"),  # "initiiert"
    ],
)
def test_founding_edges_say_the_kind_the_page_says(graph, node, words):
    assert any(hop.text_en == words for chain in links(graph, node) for hop in chain.hops)


def test_chain_to_a_staff_member_goes_through_a_partner_city_in_her_care(graph):
    cities = {"alkmaar", "gyoenk", "plock", "troyes"}  # Irene Schewe's partner cities
    found = links(graph, "irene-schewe", limit=10)
    assert {c.nodes[1] for c in found} == cities
    for chain in found:
        assert chain.hops[0].text_en.startswith("twinned since")
        assert chain.hops[1].text_en == "looked after by"
        assert chain.hops[1].sources == ("source-page-adresse",)


def test_resolve_by_id_curie_iri_and_label(graph):
    assert resolve_node(graph, "dkr:hiroshima") == "hiroshima"
    assert resolve_node(graph, "https://w3id.org/darmstadt-kg/id/hiroshima") == "hiroshima"
    assert resolve_node(graph, "mayors for peace") == "mayors-for-peace"
    with pytest.raises(UnknownNodeError) as err:
        resolve_node(graph, "Hiroshma")
    assert err.value.code == ExitCode.NOT_FOUND and "hiroshima" in str(err.value)


def test_figures(graph):
    f = figures(graph)
    assert (f.nodes, f.edges, f.components) == (graph.number_of_nodes(), graph.number_of_edges(), 1)
    assert f.top_degree[0][0] == "darmstadt" and f.top_betweenness[0][0] == "darmstadt"
    assert f.gatekeepers["europe-prize"] == sorted(
        ["council-of-europe", "european-diploma", "flag-of-honour", "pace", "plaque-of-honour"]
    )
    assert sum(f.by_type.values()) == f.nodes


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_read_back(graph, tmp_path, fmt):
    target = tmp_path / ("csv" if fmt == "csv" else f"network.{fmt}")
    written = export(graph, fmt, target)
    if fmt == "csv":
        with written[0].open(encoding="utf-8") as f:
            nodes = list(csv.DictReader(f))
        with written[1].open(encoding="utf-8") as f:
            edges = list(csv.DictReader(f))
        assert (len(nodes), len(edges)) == (graph.number_of_nodes(), graph.number_of_edges())
        assert {e["source"] for e in edges} <= {n["id"] for n in nodes}
        return
    back = nx.read_graphml(written[0]) if fmt == "graphml" else nx.read_gexf(written[0])
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["hiroshima"]["label_de"] == "Hiroshima"


def test_cli_links_prints_both_languages_and_the_source_of_each_step():
    result = CliRunner().invoke(cli, ["links", "Pakt der freien Städte"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Pact of Free Cities (dkr:pact-of-free-cities): 1 chain(s)"
    assert lines[1].startswith("  1. Darmstadt → ") and lines[1].endswith("→ Pact of Free Cities")
    assert lines[2] == (
        "     Wissenschaftsstadt Darmstadt → trat im März 2023 bei → Global Declaration"
        " for Democracy → initiiert von → Pakt der freien Städte"
    )
    steps = lines[3:]
    assert len(steps) == 2
    for n, step in enumerate(steps, 1):
        assert step.startswith(f"      {n}. ") and " — source: " in step
        assert "(dkr:source-" in step and "none recorded" not in step


def test_cli_links_json_has_every_step_with_its_source_iris():
    import json

    result = CliRunner().invoke(cli, ["links", "troyes", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["body"] == "https://w3id.org/darmstadt-kg/id/troyes"
    (chain,) = data["chains"]
    assert chain["nodes"] == ["darmstadt", "troyes"]
    (step,) = chain["steps"]
    assert step["fact"] == "https://w3id.org/darmstadt-kg/id/twinning-darmstadt-troyes"
    assert [s["iri"].rsplit("/", 1)[1] for s in step["sources"]] == [
        "source-page-adresse",
        "source-reference-twinnings",
    ]
    assert all(s["label_en"] and s["label_de"] for s in step["sources"])


def test_cli_links_without_body_prints_one_headed_group_per_body():
    result = CliRunner().invoke(cli, ["links", "--lang", "en", "--limit", "1"])
    assert result.exit_code == 0, result.output
    groups = result.output.strip().split("\n\n")
    graph = build_network()
    reachable = [n for n, chains in all_links(graph, limit=1).items() if chains]
    assert len(groups) == len(reachable)
    for group, node in zip(groups, reachable, strict=True):
        head, sentence, *steps = group.splitlines()
        assert head == f"{graph.nodes[node]['label_en']} (dkr:{node}): 1 chain(s)"
        assert sentence.startswith("  1. Darmstadt → ")
        assert steps and all(" — source: " in s for s in steps)


def test_cli_unknown_body_is_one_line_and_exit_6(capsys):
    with pytest.raises(SystemExit) as done:
        main(["links", "atlantis"])
    assert done.value.code == ExitCode.NOT_FOUND
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "atlantis" in err


def test_the_command_suggested_for_an_unknown_node_runs_and_lists_the_node_ids(
    capsys, tmp_path, monkeypatch
):
    import csv
    import re

    with pytest.raises(SystemExit):
        main(["links", "xyzzy-no-such-place"])
    err = capsys.readouterr().err
    suggested = re.search(r"`darmstadt-kg ([^`]+)`", err)
    assert suggested, err
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, suggested.group(1).split())
    assert result.exit_code == 0, result.output
    listed = re.search(r"to (\S+nodes\.csv)", err).group(1)
    with open(tmp_path / listed, newline="") as f:
        ids = {row["id"] for row in csv.DictReader(f)}
    assert ids == set(build_network())


def test_cli_network_export_and_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["network", "--format", "csv", "--out", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c" / "edges.csv").is_file()
    assert CliRunner().invoke(cli, ["network", "--format", "gexf"]).exit_code == ExitCode.USAGE


def test_gatekeepers_print_one_body_a_line_so_labels_with_commas_stay_whole():
    from darmstadt_kg.network import figures

    graph = build_network()
    f = figures(graph, top=100)
    result = CliRunner().invoke(cli, ["network", "--top", "100"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    comma_labels = [graph.nodes[b]["label_en"] for bodies in f.gatekeepers.values() for b in bodies]
    assert any("," in label for label in comma_labels)  # the case this layout is for
    for gate, bodies in f.gatekeepers.items():
        head = next(
            i
            for i, line in enumerate(lines)
            if line.startswith(f"    {graph.nodes[gate]['label_en']} — ")
        )
        shown = lines[head + 1 : head + 1 + len(bodies)]
        assert shown == [f"      {graph.nodes[b]['label_en']}" for b in bodies]


def test_stats_adds_network_figures():
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    assert "network: " in result.output and "gatekeepers:" in result.output
