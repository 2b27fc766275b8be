"""``links``, ``network`` and ``viz``: thin shells over ``darmstadt_kg.network`` and
``darmstadt_kg.visualise``."""

from __future__ import annotations

from pathlib import Path

import click

from darmstadt_kg.errors import ExitCode, UserError

__all__ = ["links", "network", "viz", "print_network_figures", "parents_option"]

_LANGS = click.Choice(["en", "de", "both"])

parents_option = click.option(
    "--parents",
    is_flag=True,
    help="Create missing folders above the output (without it, a missing folder is an error).",
)


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
    click.echo("  highest degree:")
    for n, d in f.top_degree:
        click.echo(f"    {d:>5}  {label[n]}")
    click.echo("  highest betweenness:")
    for n, b in f.top_betweenness:
        click.echo(f"    {b:.3f}  {label[n]}")
    only = sum(len(v) for v in f.gatekeepers.values())
    shown = sorted(f.gatekeepers.items(), key=lambda g: (-len(g[1]), g[0]))[:top]
    click.echo(
        f"  gatekeepers: {len(f.gatekeepers)} nodes through which alone bodies are reached "
        f"({only} body-gatekeeper pairs); the {len(shown)} that gate the most, one body a line:"
    )
    for gate, bodies in shown:
        click.echo(
            f"    {label[gate]} — every chain from Darmstadt to these {len(bodies)} passes it:"
        )
        for b in bodies:
            click.echo(f"      {label[b]}")
    if len(f.gatekeepers) > top:
        click.echo(f"  (`--top {len(f.gatekeepers)}` shows every gatekeeper)")


def _step_lines(chain, lang: str) -> list[str]:
    """One line per step of ``chain``: the relation, its fact node and the sources it is from."""
    lines = []
    for n, hop in enumerate(chain.hops, 1):
        relation = hop.text_de if lang == "de" else hop.text_en
        titles = hop.source_labels_de if lang == "de" else hop.source_labels_en
        sources = "; ".join(
            f"{title} (dkr:{slug})" for slug, title in zip(hop.sources, titles, strict=True)
        )
        fact = f" [dkr:{hop.fact}]" if hop.fact else ""
        lines.append(f"      {n}. {relation}{fact} — source: {sources or 'none recorded'}")
    return lines


@click.command()
@click.argument("body", required=False)
@click.option("--lang", type=_LANGS, default="both", show_default=True)
@click.option(
    "--limit", type=click.IntRange(1, 50), default=3, show_default=True, help="Chains per body."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one block per body, each chain with the source of every step; json: the same "
    "as data (nodes, sentences in both languages, steps with fact node and source IRIs).",
)
def links(body: str | None, lang: str, limit: int, fmt: str) -> None:
    """How Darmstadt links to BODY (id, dkr: name or label), or to every body.

    Each chain is printed as a sentence, followed by one line per step naming the document
    the relation is taken from.
    """
    from darmstadt_kg.network import all_links, build_network, resolve_node
    from darmstadt_kg.network import links as chains_to

    graph = build_network()
    if body:
        node = resolve_node(graph, body)
        found = {node: chains_to(graph, node, limit=limit)}
        if not found[node]:
            raise UserError(
                f"{body}: no chain of relations from Darmstadt — it is not connected to the "
                "network (`darmstadt-kg links` lists every body that is)",
                ExitCode.NOT_FOUND,
            )
    else:
        found = {n: chains for n, chains in all_links(graph, limit=limit).items() if chains}
    if fmt == "json":
        import json

        data = [
            {
                "body": f"https://w3id.org/darmstadt-kg/id/{node}",
                "label_en": graph.nodes[node]["label_en"],
                "label_de": graph.nodes[node]["label_de"],
                "chains": [chain.to_dict() for chain in chains],
            }
            for node, chains in found.items()
        ]
        click.echo(json.dumps(data if not body else data[0], indent=2, ensure_ascii=False))
        return
    codes = ("en", "de") if lang == "both" else (lang,)
    for i, (node, chains) in enumerate(found.items()):
        label = graph.nodes[node][f"label_{codes[0]}"]
        if i:
            click.echo("")
        click.echo(f"{label} (dkr:{node}): {len(chains)} chain(s)")
        for n, chain in enumerate(chains, 1):
            click.echo(f"  {n}. {chain.sentence(codes[0])}")
            for code in codes[1:]:
                click.echo(f"     {chain.sentence(code)}")
            click.echo("\n".join(_step_lines(chain, codes[0])))


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
@click.option(
    "--top",
    type=click.IntRange(1, 100),
    default=5,
    show_default=True,
    help="How many leaders and gatekeepers to show.",
)
@parents_option
def network(fmt: str | None, out: Path | None, top: int, parents: bool) -> None:
    """Print the network's figures, or export it with --format and --out."""
    if (fmt is None) != (out is None):
        raise click.UsageError("--format and --out go together")
    if fmt is None or out is None:
        print_network_figures(top)
        return
    from darmstadt_kg.files import make_parents, output_error
    from darmstadt_kg.network import build_network, export

    try:
        make_parents(out, parents)
        written = export(build_network(), fmt, out)
    except OSError as err:
        raise output_error(out, err) from None
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
@parents_option
def viz(
    out: Path, view: str | None, focus: str | None, depth: int, lang: str, parents: bool
) -> None:
    """Write the interactive explorer: one self-contained HTML file that works offline."""
    from darmstadt_kg.files import make_parents, output_error
    from darmstadt_kg.network import build_network
    from darmstadt_kg.visualise import write_explorer

    view = view or ("ego" if focus else "whole")
    if view == "ego" and not focus:
        raise click.UsageError("--view ego needs --focus NODE")
    try:
        make_parents(out, parents)
        size = write_explorer(build_network(), out, view=view, focus=focus, depth=depth, lang=lang)
    except OSError as err:
        raise output_error(out, err) from None
    click.echo(f"wrote {out} ({size} bytes, view {view})")
