"""Publication: the graph as a static linked-data site, and pushed into an external triple store.

``site`` builds the folder (dumps, one page per resource, VoID/DCAT, ontology documentation,
nginx configuration); ``store`` puts the graph into a named graph of a SPARQL 1.1 store.
Both take the graph loaded once by :func:`darmstadt_kg.load.get_rdflib_graph`.
"""

__all__ = ["GRAPH_IRI", "DATASET_IRI"]

GRAPH_IRI = "https://w3id.org/darmstadt-kg/graph"
"""The graph an external store receives what is in no named graph (``push --graph``'s default);
the asserted, derived and vocabulary triples go to their own graphs (``namespaces.GRAPHS``)."""

DATASET_IRI = "https://w3id.org/darmstadt-kg/dataset"
"""The dataset the VoID/DCAT description describes."""
