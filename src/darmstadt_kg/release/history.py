"""The releases kept in a site folder: their versions, order, files and DCAT records.

Layout (relative to the site folder)::

    releases/index.html                    every release, newest first (a link target)
    releases/<version>/release.ttl         the release's DCAT record (dcat:version, dct:issued,
                                           prov:wasRevisionOf the previous release, one
                                           dcat:Distribution per dump)
    releases/<version>/dumps/…             the release's dumps, as they were published
    releases/<version>/changes/added.nq    quads added since the previous release
    releases/<version>/changes/removed.nq  quads removed since the previous release
    releases/<version>/changes/index.html  the same, per fact, in German and English
    gone/<slug>.html                       a resource that an earlier release had and the
                                           latest has not: when it was removed, what it said

A release's folder is never rewritten: later builds copy it over as it is (hard links).
The newest release is the one with the latest ``dct:issued`` (then the later build); the site's
own ``dumps/`` and ``void.ttl`` are always the newest state, and ``releases/latest/`` redirects
to the newest release in the generated server configurations.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS

from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.namespaces import DCAT, PROV

__all__ = [
    "Release",
    "ReleaseError",
    "read_releases",
    "release_iri",
    "check_new",
    "carry_over",
    "RECORD",
]

RECORD = "release.ttl"
_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}|\d+\.\d+\.\d+")


class ReleaseError(UserError):
    """A release cannot be made as asked (nothing is written)."""

    code = ExitCode.USAGE


@dataclass(frozen=True)
class Release:
    version: str
    issued: date
    previous: str | None  # the version this one revises (prov:wasRevisionOf)

    @property
    def folder(self) -> str:
        return f"releases/{self.version}/"


def read_releases(site: Path) -> list[Release]:
    """The releases kept in ``site`` (a built site folder), oldest first: in the order of
    their ``prov:wasRevisionOf`` chain."""

    found: dict[str | None, Release] = {}  # by the version each revises
    folder = Path(site) / "releases"
    if not folder.is_dir():
        return []
    for record in sorted(folder.glob(f"*/{RECORD}")):
        graph = rdflib.Graph().parse(record, format="turtle")
        this = next(graph.subjects(DCAT.version, None), None)  # the one release described
        version = next(graph.objects(this, DCAT.version), None)
        issued = next(graph.objects(this, DCTERMS.issued), None)
        if version is None or issued is None:
            raise ReleaseError(f"{record}: not a release record (no dcat:version, dct:issued)")
        revised = next(graph.objects(this, PROV.wasRevisionOf), None)
        previous = str(revised).rstrip("/").rsplit("/", 1)[-1] if revised is not None else None
        found[previous] = Release(str(version), issued.toPython(), previous)
    ordered, current = [], None
    while current in found:
        ordered.append(found[current])
        current = found[current].version
    return ordered


def release_iri(base_url: str, version: str) -> str:
    """The IRI of a release: its folder under the site's base URL."""
    return f"{base_url}releases/{version}/"


def check_new(version: str, issued: str | None, earlier: list[Release]) -> Release:
    """The new release ``version`` (a date YYYY-MM-DD or a semantic version X.Y.Z), issued on
    ``issued`` (default: the version, when it is a date); refused in one line when it is not
    a version, exists already, or would be issued before the newest release."""
    if not _VERSION.fullmatch(version):
        raise ReleaseError(
            f"--release {version!r} is not a version — give a date (2026-12-05) or a semantic "
            "version (1.2.0)"
        )
    when = issued or (version if "-" in version else None)
    if when is None:
        raise ReleaseError(f"--release {version}: give the day it is issued with --issued DATE")
    try:
        day = date.fromisoformat(when)
    except ValueError:
        raise ReleaseError(f"--issued {when!r} is not a date (YYYY-MM-DD)") from None
    if any(r.version == version for r in earlier):
        raise ReleaseError(
            f"release {version} exists already in this site — releases are never rewritten; "
            "choose a new version"
        )
    if earlier and day < earlier[-1].issued:
        raise ReleaseError(
            f"release {version} would be issued on {day}, before release {earlier[-1].version} "
            f"({earlier[-1].issued}) — give a later --issued date"
        )
    return Release(version, day, earlier[-1].version if earlier else None)


def carry_over(real: Path, staging: Path) -> None:
    """Copy the earlier builds' ``releases/`` from ``real`` into ``staging`` (hard links where
    the file system allows; a release's files are never rewritten)."""
    source = Path(real) / "releases"
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        rel = path.relative_to(real)
        if rel.parts[1:2] == ("index.html",):
            continue  # rewritten by every build
        dest = staging / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)
