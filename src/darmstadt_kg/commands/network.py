"""``links``, ``network`` and ``viz``: thin shells over ``darmstadt_kg.network`` and
``darmstadt_kg.visualise``."""

from __future__ import annotations

from pathlib import Path

import click

from darmstadt_kg.errors import ExitCode, UserError

__all__ = ["links", "network", "viz", "print_network_figures"]

_LANGS = click.Choice(["en", "de", "both"])


def print_network_figures(top: int = 5) -> None:
    """Print the network's size, leaders and gatekeepers (used by ``stats`` too)."""
    from darmstadt_kg.network import build_network, figures

    graph = build_network()
    f = figures(graph, top=top)
    label = {n: graph.nodes[n]["label_en"] for n in graph}
    click.echo(
        f"network: {f.nodes} nodes, {f.edges} edges ({f.fact_edges} from fact nodes), "
        f"{f.components} component(s), density {f.density:.4f}, diameter {f.diameter}"
    )
    click.echo("  by type: " + ", ".join(f"{t} {n}" for t, n in f.by_type.items()))
    click.echo("  highest degree: " + ", ".join(f"{label[n]} ({d})" for n, d in f.top_degree))
    click.echo(
        "  highest betweenness: " + ", ".join(f"{label[n]} ({b:.3f})" for n, b in f.top_betweenness)
    )
    only = sum(len(v) for v in f.gatekeepers.values())
    click.echo(f"  gatekeepers: {len(f.gatekeepers)} nodes through which alone bodies are reached")
    for gate, bodies in sorted(f.gatekeepers.items(), key=lambda g: (-len(g[1]), g[0]))[:top]:
        click.echo(f"    {label[gate]}: {', '.join(label[b] for b in bodies)}")
    if len(f.gatekeepers) > top:
        click.echo(f"  ({only} body-gatekeeper pairs in all; `--top N` shows more gatekeepers)")


@click.command()
@click.argument("body", required=False)
@click.option("--lang", type=_LANGS, default="both", show_default=True)
@click.option(
    "--limit", type=click.IntRange(1, 50), default=3, show_default=True, help="Chains per body."
)
def links(body: str | None, lang: str, limit: int) -> None:
    """How Darmstadt links to BODY (id, dkr: name or label), or to every body."""
    from darmstadt_kg.network import all_links, build_network
    from darmstadt_kg.network import links as chains_to

    graph = build_network()
    if body:
        found = {body: chains_to(graph, body, limit=limit)}
    else:
        found = all_links(graph, limit=limit)
    for _, chains in found.items():
        for chain in chains:
            for code in ("en", "de") if lang == "both" else (lang,):
                click.echo(chain.sentence(code))
    if body and not any(found.values()):
        raise UserError(f"{body}: no chain of relations from Darmstadt", ExitCode.NOT_FOUND)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "csv"]),
    help="Export format (needs --out).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="File (graphml, gexf) or folder (csv: nodes.csv, edges.csv).",
)
@click.option("--top", type=click.IntRange(1, 100), default=5, show_default=True)
def network(fmt: str | None, out: Path | None, top: int) -> None:
    """Print the network's figures, or export it with --format and --out."""
    if (fmt is None) != (out is None):
        raise click.UsageError("--format and --out go together")
    if fmt is None or out is None:
        print_network_figures(top)
        return
    from darmstadt_kg.network import build_network, export

    try:
        written = export(build_network(), fmt, out)
    except OSError as err:
        raise UserError(
            f"{out}: cannot write ({err.strerror or err}) — check the path", ExitCode.NOT_FOUND
        ) from None
    for path in written:
        click.echo(f"wrote {path}")


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The HTML file to write.",
)
@click.option(
    "--view",
    type=click.Choice(["whole", "ego", "geo"]),
    default=None,
    help="whole network (default), ego view of --focus, or partner cities on a map.",
)
@click.option("--focus", help="Centre the ego view on this node (id, dkr: name or label).")
@click.option(
    "--depth",
    type=click.IntRange(1, 10),
    default=1,
    show_default=True,
    help="Ego view: hops from --focus.",
)
@click.option(
    "--lang",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="Language the explorer opens in (both are inside).",
)
def viz(out: Path, view: str | None, focus: str | None, depth: int, lang: str) -> None:
    """Write the interactive explorer: one self-contained HTML file that works offline."""
    from darmstadt_kg.network import build_network
    from darmstadt_kg.visualise import write_explorer

    view = view or ("ego" if focus else "whole")
    if view == "ego" and not focus:
        raise click.UsageError("--view ego needs --focus NODE")
    try:
        size = write_explorer(build_network(), out, view=view, focus=focus, depth=depth, lang=lang)
    except OSError as err:
        raise UserError(
            f"{out}: cannot write ({err.strerror or err}) — check the path", ExitCode.NOT_FOUND
        ) from None
    click.echo(f"wrote {out} ({size} bytes, view {view})")
