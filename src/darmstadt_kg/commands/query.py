"""``darmstadt-kg query``: run a library query, a file or a query string, here or remotely."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from darmstadt_kg.commands.network import parents_option
from darmstadt_kg.results import FORMATS, GRAPH_FORMATS

__all__ = ["query"]


def _list_library(lang: str) -> None:
    from darmstadt_kg.library import library

    entries = library()
    width = max(len(q.name) for q in entries)
    for q in entries:
        summary = q.summary_de if lang == "de" else q.summary
        click.echo(f"{q.name.ljust(width)}  {summary}  [{q.section}; {', '.join(q.tags)}]")


def _credentials(auth, file, endpoint):
    """The login for --endpoint: only when --auth asks for one (credentials set for pushing
    are never sent to an endpoint unasked), and then it must be there."""
    from darmstadt_kg.credentials import ENV_PASSWORD, ENV_USER, load_credentials
    from darmstadt_kg.errors import ExitCode, UserError

    if auth is None:
        if file is not None:
            raise UserError("--credentials-file needs --auth digest or basic", ExitCode.USAGE)
        return None
    if not endpoint:
        raise UserError("--auth needs --endpoint (the embedded store has no login)", ExitCode.USAGE)
    found = load_credentials("", file)
    if found is None or not found.user:
        raise UserError(
            f"--auth {auth}: no login given — set {ENV_USER} and {ENV_PASSWORD}, "
            "or give --credentials-file",
            ExitCode.USAGE,
        )
    return found


@click.command()
@click.argument("query_ref", required=False, metavar="[NAME|FILE.rq|QUERY|-]")
@click.option("--list", "list_", is_flag=True, help="List the question library and exit.")
@click.option(
    "--lang",
    type=click.Choice(["en", "de"]),
    default="en",
    show_default=True,
    help="Language of the questions shown by --list.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    default=None,
    type=click.Choice([*FORMATS, *GRAPH_FORMATS]),
    help="Output format (default: table on a terminal, csv otherwise; turtle for graphs). "
    "xml is SPARQL Query Results XML; rdfxml is RDF/XML for CONSTRUCT/DESCRIBE.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Run on this SPARQL 1.1 endpoint instead of "
    "the embedded store (e.g. http://127.0.0.1:8890/sparql).",
)
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds to wait for a remote endpoint.",
)
@click.option(
    "--auth",
    type=click.Choice(["digest", "basic"]),
    default=None,
    help="Log in to --endpoint by HTTP digest or basic authentication, with the user and "
    "password of --credentials-file or $DARMSTADT_KG_STORE_USER and $DARMSTADT_KG_STORE_PASSWORD "
    "(never sent without this option).",
)
@click.option(
    "--credentials-file",
    type=click.Path(path_type=Path),
    default=None,
    help="File whose first line is user:password, for --auth (or $DARMSTADT_KG_STORE_CREDENTIALS).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file (written whole, only on success).",
)
@parents_option
def query(
    query_ref, list_, lang, fmt, endpoint, timeout, auth, credentials_file, output, parents
) -> None:
    """Run a SPARQL query: a library NAME, an .rq FILE, the QUERY text, or - for stdin.

    \b
    Examples:
      darmstadt-kg query --list
      darmstadt-kg query partner-cities
      darmstadt-kg query timeline --format csv -o timeline.csv
      echo 'SELECT * { ?s ?p ?o } LIMIT 3' | darmstadt-kg query -
      darmstadt-kg query staff --endpoint http://127.0.0.1:8000/sparql
      darmstadt-kg query staff --endpoint http://127.0.0.1:8890/sparql --auth digest
    """
    from darmstadt_kg.errors import ExitCode, UserError
    from darmstadt_kg.query import run_query
    from darmstadt_kg.results import render

    if list_:
        _list_library(lang)
        return
    if not query_ref:
        raise UserError(
            "no query given — name a library query (see --list), a file, "
            "a query string, or - for stdin",
            ExitCode.USAGE,
        )
    if query_ref == "-":
        query_ref = sys.stdin.read()
        if not query_ref.strip():
            raise UserError(
                "stdin was empty — pipe a SPARQL query into `darmstadt-kg query -`", ExitCode.USAGE
            )
    credentials = _credentials(auth, credentials_file, endpoint)
    result = run_query(
        query_ref, endpoint=endpoint, timeout=timeout, credentials=credentials, auth=auth or ""
    )
    if fmt is None:
        if result.kind == "graph":
            fmt = "turtle"
        else:
            fmt = "table" if sys.stdout.isatty() and not output else "csv"
    text = render(result, fmt)
    if output:
        from darmstadt_kg.files import atomic_write, make_parents, output_error

        try:
            make_parents(Path(output), parents)
            atomic_write(Path(output), text)
        except OSError as err:
            raise output_error(output, err) from None
    else:
        click.echo(text, nl=False)
