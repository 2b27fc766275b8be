"""Small hand-made and synthetic networks for the network and explorer tests."""

from __future__ import annotations

import random

import networkx as nx

__all__ = ["node_attrs", "edge_attrs", "synthetic_network", "hostile_network", "HOSTILE"]

HOSTILE = '</script><script>window.pwned=1;alert("x")</script><img src=x onerror=alert(2)>'


def node_attrs(label: str, kind: str = "network", **extra: object) -> dict[str, object]:
    base: dict[str, object] = {
        "iri": "https://w3id.org/darmstadt-kg/id/x",
        "label_en": label,
        "label_de": label,
        "alt_labels": [],
        "type": kind,
        "type_en": kind,
        "type_de": kind,
        "class": "dkg:Network",
        "class_en": "Network",
        "class_de": "Netzwerk",
        "comment_en": "",
        "comment_de": "",
        "level": "",
        "level_en": "",
        "level_de": "",
        "themes": [],
        "themes_en": [],
        "themes_de": [],
        "lat": None,
        "long": None,
        "date": "",
        "sources": ["s"],
        "source_labels_en": ["Section S"],
        "source_labels_de": ["Abschnitt S"],
        "links": [],
        "counts_en": [],
        "counts_de": [],
        "founded": [],
    }
    base.update(extra)
    return base


def edge_attrs(label: str, kind: str = "fact", source: str = "Section S") -> dict[str, object]:
    return {
        "relation": "dkg:Membership",
        "kind": kind,
        "fact": "f",
        "label_en": label,
        "label_de": label,
        "inverse_en": label,
        "inverse_de": label,
        "fact_label_en": label,
        "fact_label_de": label,
        "comment_en": "",
        "comment_de": "",
        "since": "1998",
        "until": "",
        "date": "",
        "sources": ["s"],
        "source_labels_en": [source],
        "source_labels_de": [source],
        "symmetric": False,
        "weight": 1.0,
    }


def synthetic_network(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """A random tree of ``n`` nodes around ``darmstadt`` plus n/2 extra edges."""
    rng = random.Random(seed)
    kinds = ["city", "network", "organisation", "campaign", "award", "event", "person", "place"]
    g = nx.MultiDiGraph()
    g.add_node("darmstadt", **node_attrs("Darmstadt", "city"))
    for i in range(1, n):
        g.add_node(f"n{i}", **node_attrs(f"Body {i}", rng.choice(kinds)))
        parent = "darmstadt" if i < 40 else f"n{rng.randrange(1, i)}"
        g.add_edge(parent, f"n{i}", key=f"e{i}", **edge_attrs(f"member since {1950 + i % 70}"))
    for j in range(n // 2):
        a, b = rng.sample(range(1, n), 2)
        g.add_edge(f"n{a}", f"n{b}", key=f"x{j}", **edge_attrs("related to", "direct"))
    return g


def hostile_network() -> nx.MultiDiGraph:
    """Darmstadt and one body whose labels, comment and source try to inject markup."""
    g = nx.MultiDiGraph()
    g.add_node("darmstadt", **node_attrs("Darmstadt", "city"))
    g.add_node(
        "evil",
        **node_attrs(
            HOSTILE,
            comment_en=HOSTILE,
            comment_de=HOSTILE,
            alt_labels=[HOSTILE],
            source_labels_de=[HOSTILE],
            source_labels_en=[HOSTILE],
            iri="javascript:alert(4)",
            links=["javascript:alert(3)", HOSTILE],
        ),
    )
    g.add_edge("darmstadt", "evil", key="evil-edge", **edge_attrs(HOSTILE, source=HOSTILE))
    return g
