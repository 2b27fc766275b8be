"""``sources check PAGE``: re-check the shipped page copy and every quote of the graph against a
newer copy of the page."""

from __future__ import annotations

import json
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a report for a person; json: one JSON document for a program.",
)
def check(page: Path, fmt: str) -> None:
    """Verdict per fact (supported / changed / moved / gone) for PAGE, a newer copy of the page
    (plain text as in sources/, or HTML), compared sentence by sentence after Unicode and
    whitespace normalisation; the sentences no fact quotes yet that changed, moved or went;
    the new sentences. Exit 0 when every sentence of the shipped copy is still there (new
    sentences alone are listed, exit 0), 10 when any changed, moved or went."""
    from darmstadt_kg.load import get_store
    from darmstadt_kg.sources import read_page, recheck, shipped_page
    from darmstadt_kg.sources.report import as_json, text_lines

    new = read_page(page)
    old = shipped_page()
    result = recheck(get_store(), old, new)
    code = ExitCode.OK if result.all_supported else ExitCode.SOURCE_CHANGED
    if fmt == "json":
        click.echo(
            json.dumps(
                as_json(result, old.name, str(page), int(code)), ensure_ascii=False, indent=1
            )
        )
    else:
        for line in text_lines(result):
            click.echo(line)
    if code != ExitCode.OK:
        click.echo(
            f"darmstadt-kg: error: {page}: {result.problems()} fact(s) or sentence(s) of the "
            "shipped copy changed, moved or gone — update the facts and quotes named above, "
            "then the shipped copy",
            err=True,
        )
        sys.exit(int(code))
