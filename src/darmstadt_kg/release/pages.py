"""The release pages of the site: the list of releases, a release's changes in German and
English, and the removal page of a resource an earlier release had — each rendered from its
Jinja2 template (``templates/release-*.html``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from darmstadt_kg.publish.html import page
from darmstadt_kg.publish.resources import static_site
from darmstadt_kg.templates import render
from darmstadt_kg.templates.resource import shown_value

if TYPE_CHECKING:
    import rdflib

    from darmstadt_kg.release.changes import Fact
    from darmstadt_kg.release.history import Release

__all__ = ["render_index", "render_changes", "render_gone"]


def render_index(releases: list[Release]) -> str:
    """``releases/index.html``: every release, newest first, with its dumps and changes."""
    shown = [
        {"version": r.version, "issued": r.issued.isoformat(), "previous": r.previous}
        for r in reversed(releases)
    ]
    return page("Releases – darmstadt-kg", render("release-index.html", releases=shown), "../")


def render_changes(release: Release, facts: list[Fact], counts: dict[str, tuple[int, int]]) -> str:
    """``releases/<v>/changes/index.html``: per fact in German and English; ``counts``: added
    and removed quads per named graph."""
    root = "../../../"
    body = render(
        "release-changes.html",
        version=release.version,
        previous=release.previous or "",
        facts=facts,
        root=root,
        counts=[[g, str(a), str(r)] for g, (a, r) in sorted(counts.items())],
    )
    return page(f"Changes in release {release.version} – darmstadt-kg", body, root)


def render_gone(
    slug: str, last: Release, removed_in: Release | None, said: rdflib.Graph, subject
) -> str:
    """``gone/<slug>.html``: when the resource was removed and what it said then."""

    root = "../"
    site = static_site(root)
    rows = [
        [shown_value(said, p, site), shown_value(said, o, site)]
        for p, o in sorted(said.predicate_objects(subject))
    ]
    body = render(
        "release-gone.html",
        slug=slug,
        last=last.version,
        last_issued=last.issued.isoformat(),
        removed=removed_in.version if removed_in else None,
        removed_issued=removed_in.issued.isoformat() if removed_in else None,
        rows=rows,
        root=root,
    )
    return page(f"{slug} — gone – darmstadt-kg", body, root)
