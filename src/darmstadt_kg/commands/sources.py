"""``sources check PAGE``: re-check every quote of the graph against a newer copy of the page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from darmstadt_kg.errors import ExitCode

__all__ = ["sources", "check"]


@click.group()
def sources() -> None:
    """The source page: re-check the graph's quotes against a newer copy."""


@sources.command("check")
@click.argument("page", type=click.Path(path_type=Path, dir_okay=False))
def check(page: Path) -> None:
    """Verdict per fact (supported / changed / gone) for PAGE, a newer copy of the page
    (plain text as in sources/, or HTML), and the new sentences no fact quotes. Exit 0 when
    every quote is still on the page, 10 otherwise."""
    from darmstadt_kg.load import get_store
    from darmstadt_kg.sources import read_page, recheck, shipped_page
    from darmstadt_kg.sources.recheck import CHANGED, GONE, SUPPORTED

    result = recheck(get_store(), shipped_page(), read_page(page))
    for verdict in result.verdicts:
        click.echo(verdict.line())
    for sentence in result.new_sentences:
        click.echo(f"new        «{sentence}»")
    click.echo(
        f"{result.count(SUPPORTED)} supported, {result.count(CHANGED)} changed, "
        f"{result.count(GONE)} gone; {len(result.new_sentences)} new sentence(s) no fact quotes"
    )
    if not result.all_supported:
        click.echo(
            f"darmstadt-kg: error: {page}: {result.count(CHANGED) + result.count(GONE)} quote(s) "
            "no longer on the page — update the facts named above and their quotes",
            err=True,
        )
        sys.exit(int(ExitCode.SOURCE_CHANGED))
