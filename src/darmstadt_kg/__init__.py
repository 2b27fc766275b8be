"""darmstadt-kg: the knowledge graph of Darmstadt's international networks and cooperations.

The data flows one way: the Turtle files in ``ontology/`` and ``graph/`` are parsed once per
process by :func:`darmstadt_kg.load.get_store` and handed on to validation, queries, the
network view, the explorer, publication and the endpoint.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
