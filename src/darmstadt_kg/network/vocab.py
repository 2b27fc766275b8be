"""What becomes a node, of which type, and how each property reads as an edge label.

The classes that become nodes and their display type are listed here; the properties that
become edges, with their labels in English and German both ways, are in ``relations.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from darmstadt_kg import paths

__all__ = ["TYPES", "NODE_CLASSES", "FACT_CLASSES", "Relation", "relations", "node_type"]

#: Display types in legend order, with their English and German names.
TYPES: dict[str, tuple[str, str]] = {
    "city": ("City", "Stadt"),
    "network": ("Network", "Netzwerk"),
    "organisation": ("Organisation", "Organisation"),
    "campaign": ("Declaration or campaign", "Erklärung oder Kampagne"),
    "document": ("Document", "Dokument"),
    "award": ("Award", "Auszeichnung"),
    "event": ("Event", "Veranstaltung"),
    "person": ("Person", "Person"),
    "place": ("Place or region", "Ort oder Region"),
}

#: Class (CURIE) → display type; the first class of a resource found here decides its type.
NODE_CLASSES: dict[str, str] = {
    "dkg:City": "city",
    "dkg:Municipality": "city",
    "dkg:Network": "network",
    "dkg:Association": "organisation",
    "dkg:Programme": "organisation",
    "dkg:Movement": "organisation",
    "dkg:PublicBody": "organisation",
    "dkg:Organisation": "organisation",
    "org:OrganizationalUnit": "organisation",
    "dkg:Declaration": "campaign",
    "dkg:ActionDay": "campaign",
    "dkg:Campaign": "campaign",
    "dkg:GuidingDocument": "document",
    "dkg:PositionPaper": "document",
    "dkg:LegalOpinion": "document",
    "dkg:Video": "document",
    "dkg:Document": "document",
    "dkg:Award": "award",
    "dkg:RecurringEvent": "event",
    "dkg:Event": "event",
    "dkg:Person": "person",
    "dkg:Monument": "place",
    "dkg:PublicTransportStop": "place",
    "dkg:Site": "place",
    "dkg:Place": "place",
    "dkg:Country": "place",
    "dkg:FederalState": "place",
    "dkg:HistoricalState": "place",
    "dkg:Region": "place",
}

#: Fact classes folded into edges or node attributes (``network/facts.py``).
FACT_CLASSES = (
    "dkg:Membership",
    "dkg:Participation",
    "dkg:Twinning",
    "dkg:Founding",
    "dkg:AwardConferral",
    "dkg:Endorsement",
    "dkg:Count",
    "dkg:Tenure",
    "dkg:Geolocation",
)

_ORDER = {c: i for i, c in enumerate(NODE_CLASSES)}


def node_type(classes: list[str]) -> tuple[str, str] | None:
    """(class CURIE, display type) for a resource's classes, or None if it is not a node."""
    known = sorted((c for c in classes if c in NODE_CLASSES), key=_ORDER.__getitem__)
    return (known[0], NODE_CLASSES[known[0]]) if known else None


@dataclass(frozen=True)
class Relation:
    """How one property reads as an edge: ``kind`` is ``edge`` or ``derived`` (not drawn)."""

    property: str
    kind: str
    en: str
    de: str
    inverse_en: str
    inverse_de: str
    weight: float


@cache
def relations() -> dict[str, Relation]:
    """``relations.csv`` by property CURIE."""
    path = paths.package_resource("network", "relations.csv")
    with path.open(encoding="utf-8", newline="") as f:
        return {
            row["property"]: Relation(
                property=row["property"],
                kind=row["kind"],
                en=row["en"],
                de=row["de"],
                inverse_en=row["inverse_en"],
                inverse_de=row["inverse_de"],
                weight=float(row["weight"] or 1),
            )
            for row in csv.DictReader(f)
        }
