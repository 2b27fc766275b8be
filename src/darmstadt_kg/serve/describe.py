"""What the server says about one resource: its own triples, the fact nodes about it, labels.

The description of ``dkr:x`` is every triple with ``dkr:x`` as subject, every triple of each
fact node (``dkg:Fact``) that points to ``dkr:x``, and the labels of everything mentioned, so
that a page can show what, since when and according to whom without another request.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rdflib

__all__ = ["describe", "QUERY_FILE"]

QUERY_FILE = Path(__file__).with_name("describe.rq")


def describe(store, iri: str) -> rdflib.Graph | None:
    """The description graph of ``iri`` (None when the store says nothing about it)."""
    import pyoxigraph as ox

    from darmstadt_kg.query import execute

    if not any(True for _ in store.quads_for_pattern(ox.NamedNode(iri), None, None)):
        return None
    text = QUERY_FILE.read_text(encoding="utf-8").replace("?resource", f"<{iri}>")
    return execute(store, text, "describe.rq").graph
