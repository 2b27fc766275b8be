"""``validate``, ``stats``, ``fmt`` and ``run``: the foundation commands."""

from __future__ import annotations

import sys

import click

from darmstadt_kg.allocator import relaunch
from darmstadt_kg.errors import ExitCode
from darmstadt_kg.serve.config import DEFAULT_WORKERS

__all__ = ["validate", "stats", "fmt", "run", "print_summary", "run_validation", "check_address"]


def run_validation(quiet: bool = False) -> int:
    """Validate the project graph; print one line per problem. Returns the exit code."""
    from darmstadt_kg.coverage import coverage
    from darmstadt_kg.load import get_store
    from darmstadt_kg.validate import validate as do_validate

    store = get_store()  # raises InputSyntaxError (exit 3) before anything else runs
    report = do_validate(store)
    for result in report.shacl:
        click.echo(result.line(), err=True)
    for violation in report.violations:
        click.echo(violation.line(), err=True)
    if report.shacl:
        click.echo(
            f"darmstadt-kg: error: {len(report.shacl)} SHACL result(s): the graph does not "
            "conform to ontology/shapes.ttl — fix the data or the shape named on each line",
            err=True,
        )
        return int(ExitCode.SHACL)
    if report.violations:
        click.echo(
            f"darmstadt-kg: error: {len(report.violations)} violation(s) from "
            "ontology/checks/*-violation.rq — fix the resources named above",
            err=True,
        )
        return int(ExitCode.VIOLATION)
    if not quiet:
        click.echo(f"valid: {report.triples} triples conform to the shapes; all checks empty")
        click.echo(coverage(store).line())
    return int(ExitCode.OK)


@click.command()
def validate() -> None:
    """Check that every file parses, the SHACL shapes hold and every violation query is empty."""
    code = run_validation()
    if code:
        sys.exit(code)


def print_summary() -> None:
    """Print triples, resources and counts by class."""
    from darmstadt_kg.coverage import coverage
    from darmstadt_kg.load import get_store
    from darmstadt_kg.namespaces import curie
    from darmstadt_kg.stats import summarise

    store = get_store()
    summary = summarise(store)
    click.echo(f"{summary.triples} triples, {summary.resources} resources")
    click.echo(coverage(store).line())
    names = [(c.label or curie(c.iri), curie(c.iri) if c.label else "") for c in summary.classes]
    width = max((len(n) for n, _ in names), default=10)
    extra = max((len(q) for _, q in names), default=0)
    for (name, qname), c in zip(names, summary.classes, strict=True):
        click.echo(f"  {name:<{width}}  {qname:<{extra}}  {c.count:>5}")


@click.command()
def stats() -> None:
    """Print how many triples and resources the graph holds, by class, and network figures."""
    from darmstadt_kg.commands.network import print_network_figures

    print_summary()
    print_network_figures()


@click.command()
@click.option("--check", is_flag=True, help="Only check; exit 8 if a file is not canonical.")
def fmt(check: bool) -> None:
    """Rewrite ontology/*.ttl and graph/*.ttl in canonical form."""
    from darmstadt_kg.canon import FIX_COMMAND, non_canonical, rewrite
    from darmstadt_kg.load import display_path

    if check:
        bad = non_canonical()
        for f in bad:
            click.echo(f"{display_path(f)}: not in canonical form — run `{FIX_COMMAND}`", err=True)
        if bad:
            sys.exit(int(ExitCode.NOT_CANONICAL))
        click.echo("all Turtle files are canonical")
        return
    for f in rewrite():
        click.echo(f"rewrote {display_path(f)}")


def check_address(host: str, port: int, command: str) -> None:
    """Fail early, before the graph is loaded, if the server could not listen on host:port.

    ``command`` is how the user started it (``DARMSTADT_KG_INVOKED_AS``, set by ``make run``),
    so the hint is a command line they can run as it stands.
    """
    import os
    import socket

    from darmstadt_kg.errors import cannot_listen

    command = os.environ.get("DARMSTADT_KG_INVOKED_AS") or command

    def bind(h: str, p: int) -> None:
        family = socket.AF_INET6 if ":" in h else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((h, p))

    try:
        bind(host, port)
    except OSError as err:
        free = next((p for p in range(8000, 8100) if p != port and _can_bind(bind, p)), 0)
        raise cannot_listen(host, port, err, command, free or 8080) from None


def _can_bind(bind, port: int) -> bool:
    try:
        bind("127.0.0.1", port)
    except OSError:
        return False
    return True


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=DEFAULT_WORKERS, show_default=True, type=click.IntRange(1, 64))
@click.option("--summary-only", is_flag=True, help="Stop after printing what the graph holds.")
def run(host: str, port: int, workers: int, summary_only: bool) -> None:
    """The main job: validate the graph, print what it holds, then serve it and print the URLs."""
    if not summary_only:
        relaunch()  # on jemalloc, where installed, before anything is printed (see serve)
        check_address(host, port, "darmstadt-kg run")
    code = run_validation()
    if code:
        sys.exit(code)
    print_summary()
    if summary_only:
        return
    from darmstadt_kg.serve.config import ServeConfig
    from darmstadt_kg.serve.runner import run_serve

    run_serve(ServeConfig(host=host, port=port, workers=workers))
