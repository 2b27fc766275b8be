"""The release pages of the site: the list of releases, a release's changes in German and
English, and the removal page of a resource an earlier release had."""

from __future__ import annotations

from typing import TYPE_CHECKING

from darmstadt_kg.publish.html import esc, link_to, page, table

if TYPE_CHECKING:
    import rdflib

    from darmstadt_kg.release.changes import Fact
    from darmstadt_kg.release.history import Release

__all__ = ["render_index", "render_changes", "render_gone", "changed_note"]


def render_index(releases: list[Release]) -> str:
    """``releases/index.html``: every release, newest first, with its dumps and changes."""
    rows = []
    for n, release in enumerate(reversed(releases)):
        v = esc(release.version)
        changes = (
            link_to(f"{v}/changes/index.html", "changes / Änderungen")
            if release.previous
            else "first release / erste Version"
        )
        rows.append(
            [
                f"{v}{' (latest / neueste)' if n == 0 else ''}",
                esc(release.issued.isoformat()),
                link_to(f"{v}/dumps/darmstadt-kg.ttl", "Turtle")
                + " · "
                + link_to(f"{v}/dumps/darmstadt-kg.nq", "N-Quads")
                + " · "
                + link_to(f"{v}/release.ttl", "DCAT"),
                changes,
            ]
        )
    body = (
        "<h1>Releases · Versionen</h1>\n"
        '<p lang="en">Every release of the dataset, kept as published; the newest first.</p>\n'
        '<p lang="de">Jede Version des Datensatzes, so wie sie veröffentlicht wurde; die neueste '
        "zuerst.</p>\n"
        + table(["version", "issued / veröffentlicht", "dumps", "changes"], rows)
    )
    return page("Releases – darmstadt-kg", body, "../")


def render_changes(
    release: Release, facts: list[Fact], counts: dict[str, tuple[int, int]]
) -> str:
    """``releases/<v>/changes/index.html``: per fact in German and English; ``counts``: added
    and removed quads per named graph."""
    root = "../../../"

    def items(lang: str) -> str:
        lines = []
        for fact in facts:
            text = esc(fact.en if lang == "en" else fact.de)
            if fact.slug:
                folder = "gone" if fact.gone else "doc"
                text += " " + link_to(f"{root}{folder}/{esc(fact.slug)}.html", "→")
            lines.append(f"<li>{text}</li>")
        return "<ul>\n" + "\n".join(lines) + "\n</ul>\n" if lines else "<p>—</p>\n"

    rows = [[f"<code>{esc(g)}</code>", str(a), str(r)] for g, (a, r) in sorted(counts.items())]
    v, prev = esc(release.version), esc(release.previous or "")
    body = (
        f"<h1>Changes in release {v} · Änderungen in Version {v}</h1>\n"
        f'<p>{link_to("../../index.html", "all releases / alle Versionen")}; previous / '
        f"vorige: {link_to(f'../../{prev}/changes/index.html', prev)}</p>\n"
        f'<section lang="de"><h2>Deutsch</h2>\n'
        f"<p>Was sich seit Version {prev} an den Aussagen geändert hat:</p>\n{items('de')}"
        "</section>\n"
        f'<section lang="en"><h2>English</h2>\n'
        f"<p>What changed in the asserted facts since release {prev}:</p>\n{items('en')}"
        "</section>\n"
        "<h2>RDF</h2>\n"
        "<p>The exact difference per named graph, as N-Quads: "
        f"{link_to('added.nq', 'added.nq')} · {link_to('removed.nq', 'removed.nq')}.</p>\n"
        + table(["graph", "added quads", "removed quads"], rows)
    )
    return page(f"Changes in release {release.version} – darmstadt-kg", body, root)


def render_gone(
    slug: str, last: Release, removed_in: Release | None, said: rdflib.Graph, subject
) -> str:
    """``gone/<slug>.html``: when the resource was removed and what it said then."""
    from darmstadt_kg.publish.html import term_html

    root = "../"
    when_en = (
        f"removed in release {esc(removed_in.version)} ({esc(removed_in.issued.isoformat())})"
        if removed_in
        else "removed after it (not yet in a release)"
    )
    when_de = (
        f"entfernt in Version {esc(removed_in.version)} ({esc(removed_in.issued.isoformat())})"
        if removed_in
        else "danach entfernt (noch in keiner Version)"
    )
    rows = [
        [term_html(said, p, root), term_html(said, o, root)]
        for p, o in sorted(said.predicate_objects(subject))
    ]
    v = esc(last.version)
    body = (
        f"<h1>{esc(slug)} — gone · entfernt</h1>\n"
        f'<p lang="en">This resource was last published in release {v} '
        f"({esc(last.issued.isoformat())}) and {when_en}. What it said then:</p>\n"
        f'<p lang="de">Diese Ressource stand zuletzt in Version {v} '
        f"({esc(last.issued.isoformat())}) und wurde {when_de}. Was sie damals aussagte:</p>\n"
        + table(["property / Eigenschaft", "value / Wert"], rows)
        + f"<p>{link_to(f'{root}releases/{v}/dumps/darmstadt-kg.ttl', f'Release {v} (Turtle)')}"
        + f" · {link_to(f'{root}releases/index.html', 'all releases / alle Versionen')}</p>\n"
    )
    return page(f"{slug} — gone – darmstadt-kg", body, root)


def changed_note(releases: list[str]) -> str:
    """The note a changed resource's page carries: the releases that changed it."""
    links = ", ".join(
        link_to(f"../releases/{esc(v)}/changes/index.html", esc(v)) for v in releases
    )
    return (
        f'<p class="release-changes"><span lang="en">Changed in release {links}</span> · '
        f'<span lang="de">Geändert in Version {links}</span></p>\n'
    )
