"""Every path the project reads, declared in one place.

The data folders (``ontology/``, ``graph/``, ``queries/``, ``sources/``) live at the top of a
checkout and are copied into ``darmstadt_kg/data/`` when a wheel is built.
``DARMSTADT_KG_DATA`` overrides both (a folder holding the same sub-folders).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = [
    "data_root",
    "ontology_dir",
    "graph_dir",
    "queries_dir",
    "rules_dir",
    "checks_dir",
    "sources_dir",
    "source_page_file",
    "non_fact_sentences_file",
    "package_resource",
    "ontology_files",
    "graph_files",
]

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding ``ontology/``, ``graph/`` and ``queries/``."""
    override = os.environ.get("DARMSTADT_KG_DATA")
    if override:
        return Path(override).resolve()
    installed = _PACKAGE / "data"
    if (installed / "ontology").is_dir():
        return installed
    checkout = _PACKAGE.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        "darmstadt-kg: data folders not found; set DARMSTADT_KG_DATA to a folder holding "
        "ontology/ and graph/"
    )


def ontology_dir() -> Path:
    return data_root() / "ontology"


def graph_dir() -> Path:
    return data_root() / "graph"


def queries_dir() -> Path:
    return data_root() / "queries"


def rules_dir() -> Path:
    return ontology_dir() / "rules"


def checks_dir() -> Path:
    return ontology_dir() / "checks"


def sources_dir() -> Path:
    """The project's copies of its source documents."""
    return data_root() / "sources"


def source_page_file() -> Path:
    """The shipped copy of the page "Netzwerke und Kooperationen" (retrieved 2026-11-24)."""
    return sources_dir() / "netzwerke-und-kooperationen.txt"


def non_fact_sentences_file() -> Path:
    """The reviewed list of the page's sentences and lines that state no fact."""
    return sources_dir() / "non-fact-sentences.txt"


def package_resource(*parts: str) -> Path:
    """A file shipped inside the package (HTML templates, static assets)."""
    return _PACKAGE.joinpath(*parts)


def ontology_files() -> list[Path]:
    """The vocabulary: OWL ontology and SKOS schemes (not the SHACL shapes)."""
    return sorted(p for p in ontology_dir().glob("*.ttl") if p.name != "shapes.ttl")


def graph_files() -> list[Path]:
    """The instance data, one Turtle file per theme."""
    return sorted(graph_dir().glob("*.ttl"))


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def vis_network_dir() -> Path:
    """vis-network's files as pyvis ships them (the explorer inlines them)."""
    import pyvis  # not at the top: 0.39 s to import (-X importtime), paid only by the explorer

    return Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"


__all__ += ["shapes_file", "vis_network_dir"]
