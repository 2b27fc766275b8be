"""The ``darmstadt-kg`` command: a thin shell over the package's functions.

Sub-commands are imported only when they run, so ``darmstadt-kg --help`` stays instant.
Register a new one in ``COMMANDS`` (name → module:attribute, one-line help).
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from darmstadt_kg import __version__
from darmstadt_kg.errors import ExitCode, UserError, exit_codes_text
from darmstadt_kg.redact import redact

__all__ = ["COMMANDS", "main", "cli"]

COMMANDS: dict[str, tuple[str, str]] = {
    "validate": (
        "darmstadt_kg.commands.core:validate",
        "Check that the graph parses, conforms and is complete.",
    ),
    "stats": (
        "darmstadt_kg.commands.core:stats",
        "Print what the graph holds, by class (and network figures).",
    ),
    "fmt": (
        "darmstadt_kg.commands.core:fmt",
        "Rewrite the hand-edited Turtle in canonical form (--check only checks).",
    ),
    "query": (
        "darmstadt_kg.commands.query:query",
        "Run a library query, an .rq file or a query string (here or on --endpoint).",
    ),
    "serve": (
        "darmstadt_kg.commands.serve:serve",
        "Serve the graph: SPARQL endpoint, editor and linked data on 127.0.0.1:8000.",
    ),
    "run": (
        "darmstadt_kg.commands.core:run",
        "The main job: validate, summarise, then serve the graph and print its URLs.",
    ),
    "links": (
        "darmstadt_kg.commands.network:links",
        "How Darmstadt links to a body (or to every body), in German and English.",
    ),
    "network": (
        "darmstadt_kg.commands.network:network",
        "Network figures, or export as GraphML, GEXF or CSV.",
    ),
    "viz": (
        "darmstadt_kg.commands.network:viz",
        "Write the interactive explorer (self-contained, offline HTML).",
    ),
    "explore": (
        "darmstadt_kg.commands.network:viz",
        "Same as viz.",
    ),
    "publish": (
        "darmstadt_kg.commands.publish:publish",
        "Publish: `publish site --out DIR` (static linked-data site), `publish store` (push).",
    ),
    "sources": (
        "darmstadt_kg.commands.sources:sources",
        "Compare a newer copy of the page with the graph, fact by fact (`sources check PAGE`).",
    ),
    "push": (
        "darmstadt_kg.commands.publish:store",
        "Push the graph into a SPARQL 1.1 triple store (same as `publish store`).",
    ),
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use; its help ends with the exit codes."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Exit codes"):
            formatter.write_text(exit_codes_text())

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        target, _help = COMMANDS[cmd_name]
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="darmstadt-kg")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """darmstadt-kg — the knowledge graph of Darmstadt's international networks."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug or bool(os.environ.get("DARMSTADT_KG_DEBUG"))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user errors into one line on stderr and an exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:]) or bool(
        os.environ.get("DARMSTADT_KG_DEBUG")
    )
    try:
        cli.main(args=argv, prog_name="darmstadt-kg", standalone_mode=False)
    except UserError as err:
        if debug:
            raise
        click.echo(f"darmstadt-kg: error: {err}", err=True)
        sys.exit(int(err.code))
    except click.exceptions.Abort:
        click.echo("darmstadt-kg: aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # noqa: BLE001 - last resort: one line unless --debug
        if debug:
            raise
        shown = redact(str(err))
        click.echo(
            f"darmstadt-kg: internal error: {type(err).__name__}: {shown} — rerun with --debug "
            "and report the traceback",
            err=True,
        )
        sys.exit(int(ExitCode.INTERNAL))
    sys.exit(0)
