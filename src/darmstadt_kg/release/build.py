"""Releases inside a site build: carry the earlier ones over, add the new one with its changes,
write the release pages, and describe the releases in the dataset's VoID/DCAT.

Called by :func:`darmstadt_kg.publish.site.build_site` (``--release VERSION``): :func:`build`
after the dumps are written and before the resource pages (which say the releases that changed
them, :attr:`History.changed_in`), :func:`describe` on the dataset description.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import rdflib
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, XSD

from darmstadt_kg.namespaces import DCAT, GRAPHS, PROV, VOID, bind_prefixes
from darmstadt_kg.publish import DATASET_IRI
from darmstadt_kg.publish.common import is_dkr, slug_of, write_bytes, write_text
from darmstadt_kg.publish.dumps import serialise
from darmstadt_kg.publish.void import describe_dumps
from darmstadt_kg.release import changes, history, pages

if TYPE_CHECKING:
    from darmstadt_kg.publish.dumps import Dump

__all__ = ["History", "build", "describe", "NQ_DUMP"]

NQ_DUMP = "dumps/darmstadt-kg.nq"  # the dump a changelog is computed from (all named graphs)


@dataclass(frozen=True)
class History:
    releases: list[history.Release]  # oldest first
    gone: list[str]  # slugs an earlier release had and this build has not
    current: history.Release | None  # the release this build makes, if any
    changed_in: dict[str, list[str]]  # slug -> the releases that changed it, oldest first

    @property
    def latest(self) -> str | None:
        return self.releases[-1].version if self.releases else None


def build(
    out: Path,
    earlier_site: Path,
    base_url: str,
    new: history.Release | None,
    dumps: list[Dump],
    slugs: list[str],
) -> History:
    """Release files and pages into the fresh build ``out``; ``earlier_site``: the folder the
    earlier build is in (its releases are carried over); ``slugs``: this build's resources."""
    earlier = history.read_releases(earlier_site)
    history.carry_over(earlier_site, out)
    releases = list(earlier)
    if new is not None:
        _write_release(out, base_url, new, dumps)
        releases.append(new)
    if not releases:
        return History([], [], None, {})
    write_text(out / "releases" / "index.html", pages.render_index(releases))
    gone = _write_gone(out, releases, set(slugs))
    return History(releases, gone, new, _changed_in(out, releases, set(slugs)))


def _write_release(out: Path, base_url: str, new: history.Release, dumps: list[Dump]) -> None:
    folder = out / "releases" / new.version
    kept = []
    for dump in dumps:
        path = f"releases/{new.version}/{dump.path}"
        write_bytes(out / path, (out / dump.path).read_bytes())
        kept.append(replace(dump, path=path))
    write_text(folder / history.RECORD, _record(base_url, new, kept))
    if new.previous is None:
        return
    old = (out / "releases" / new.previous / NQ_DUMP).read_bytes()
    now = (out / NQ_DUMP).read_bytes()
    added, removed = changes.quad_diff(old, now)
    write_bytes(folder / "changes" / "added.nq", changes.nquads(added))
    write_bytes(folder / "changes" / "removed.nq", changes.nquads(removed))
    counts: dict[str, tuple[int, int]] = {}
    for quad in added:
        a, r = counts.get(quad.graph_name.value, (0, 0))
        counts[quad.graph_name.value] = (a + 1, r)
    for quad in removed:
        a, r = counts.get(quad.graph_name.value, (0, 0))
        counts[quad.graph_name.value] = (a, r + 1)
    told = changes.facts(old, now, GRAPHS["asserted"])
    write_text(folder / "changes" / "index.html", pages.render_changes(new, told, counts))


def _record(base_url: str, release: history.Release, dumps: list[Dump]) -> str:
    """The release's DCAT record (Turtle)."""

    graph = _release_graph(base_url, release)
    describe_dumps(graph, _iri(base_url, release.version), dumps, base_url)
    return serialise(graph, "ttl").decode("utf-8")


def _iri(base_url: str, version: str):
    return rdflib.URIRef(history.release_iri(base_url, version))


def _release_graph(base_url: str, release: history.Release) -> rdflib.Graph:
    graph = rdflib.Graph()
    bind_prefixes(graph)
    graph.bind("dcat", DCAT)
    graph.bind("void", VOID)
    this = _iri(base_url, release.version)
    graph.add((this, RDF.type, DCAT.Dataset))
    graph.add((this, RDF.type, VOID.Dataset))
    graph.add((this, DCAT.version, Literal(release.version)))
    graph.add((this, DCTERMS.issued, Literal(release.issued.isoformat(), datatype=XSD.date)))
    graph.add((this, DCTERMS.isVersionOf, rdflib.URIRef(DATASET_IRI)))
    for lang, text in (("en", "darmstadt-kg, release"), ("de", "darmstadt-kg, Version")):
        graph.add((this, DCTERMS.title, Literal(f"{text} {release.version}", lang=lang)))
    if release.previous:
        graph.add((this, PROV.wasRevisionOf, _iri(base_url, release.previous)))
    return graph


def _changed_in(
    out: Path, releases: list[history.Release], slugs: set[str]
) -> dict[str, list[str]]:
    """The releases (versions, oldest first) that changed each of ``slugs``; the resource pages
    say so (template ``release-note.html``, included by ``resource.html``)."""

    by_slug: dict[str, list[str]] = {}
    for release in releases:
        folder = out / "releases" / release.version / "changes"
        if not (folder / "added.nq").is_file():
            continue
        quads = [
            q
            for name in ("added.nq", "removed.nq")
            for q in ox.parse((folder / name).read_bytes(), format=ox.RdfFormat.N_QUADS)
        ]
        for slug in changes.affected_slugs(quads, []):
            if slug in slugs:
                by_slug.setdefault(slug, []).append(release.version)
    return by_slug


def _write_gone(out: Path, releases: list[history.Release], slugs: set[str]) -> list[str]:
    """``gone/<slug>.html`` for every resource an earlier release had and this build has not."""

    last_seen: dict[str, int] = {}
    graphs = []
    for n, release in enumerate(releases):
        graph = changes.union_graph((out / "releases" / release.version / NQ_DUMP).read_bytes())
        graphs.append(graph)
        for subject in set(graph.subjects()):
            if is_dkr(subject):
                last_seen[slug_of(subject)] = n
    gone = sorted(slug for slug in last_seen if slug not in slugs)
    for slug in gone:
        n = last_seen[slug]
        removed_in = releases[n + 1] if n + 1 < len(releases) else None
        subject = rdflib.URIRef(next(s for s in graphs[n].subjects() if slug_of(s) == slug))
        html = pages.render_gone(slug, releases[n], removed_in, graphs[n], subject)
        write_text(out / "gone" / f"{slug}.html", html)
    return gone


def describe(description: rdflib.Graph, found: History, base_url: str) -> None:
    """The dataset's releases in its VoID/DCAT description: ``dcat:hasVersion`` each; when
    this build is a release, the dataset's ``dcat:version``, ``dct:issued``,
    ``prov:wasRevisionOf`` and ``dcat:hasCurrentVersion`` are this release's."""

    ds = rdflib.URIRef(DATASET_IRI)
    for release in found.releases:
        description += _release_graph(base_url, release)
        description.add((ds, DCAT.hasVersion, _iri(base_url, release.version)))
    current = found.current
    if current is None:
        return
    description.remove((ds, DCAT.version, None))
    description.add((ds, DCAT.version, Literal(current.version)))
    description.add((ds, DCTERMS.issued, Literal(current.issued.isoformat(), datatype=XSD.date)))
    description.add((ds, DCAT.hasCurrentVersion, _iri(base_url, current.version)))
    if current.previous:
        description.add((ds, PROV.wasRevisionOf, _iri(base_url, current.previous)))
