"""``publish site`` and ``publish store`` (alias ``push``): shells over ``darmstadt_kg.publish``."""

from __future__ import annotations

from pathlib import Path

import click

from darmstadt_kg.errors import ExitCode, UserError

__all__ = ["publish", "site", "store"]

_PROFILES = ["virtuoso", "fuseki", "graphdb"]


@click.group()
def publish() -> None:
    """Publish the graph: a static linked-data site, or into a SPARQL 1.1 triple store."""


@publish.command()
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to build the site in (new, empty, or an earlier site; a symlink is followed). "
    "Files an earlier build did not write are kept.",
)
@click.option(
    "--base-url",
    default="https://w3id.org/darmstadt-kg/",
    show_default=True,
    help="Where the site will be hosted (used in the VoID/DCAT description).",
)
@click.option(
    "--endpoint",
    "--sparql-endpoint",
    "sparql_endpoint",
    default=None,
    help="A live SPARQL endpoint of the same data (e.g. `serve` behind the site), linked from "
    "the index and named in VoID/DCAT. Without it the site offers SPARQL in the browser only.",
)
@click.option(
    "--host-url",
    default=None,
    help="Where the site's files are hosted when the IRIs are w3id.org's: writes "
    "apache/w3id.htaccess for the w3id.org repository, redirecting there.",
)
@click.option(
    "--release",
    default=None,
    metavar="VERSION",
    help="Make this build a release: VERSION is a date (2026-12-05) or a semantic version "
    "(1.2.0). Its dumps and DCAT record are kept under releases/VERSION/ by every later build, "
    "with the changes since the previous release (docs/releases.md).",
)
@click.option(
    "--issued",
    default=None,
    metavar="DATE",
    help="The day the release is issued (YYYY-MM-DD) [default: VERSION, when it is a date].",
)
def site(
    out: Path,
    base_url: str,
    sparql_endpoint: str | None,
    host_url: str | None,
    release: str | None,
    issued: str | None,
) -> None:
    """Build the static site: dumps, resource pages, SPARQL in the browser, VoID/DCAT,
    ontology docs, nginx configuration; with --release, a versioned release and its changes."""
    from darmstadt_kg.publish.site import build_site

    try:
        report = build_site(
            out,
            base_url=base_url,
            sparql_endpoint=sparql_endpoint,
            host_url=host_url,
            release=release,
            issued=issued,
        )
    except OSError as err:
        raise UserError(
            f"{err.filename or out}: cannot write the site ({err.strerror or err}) — "
            "check the path and free space; the earlier site, if any, is unchanged",
            ExitCode.NOT_FOUND,
        ) from None
    if not report.sparql_page:
        click.echo(
            "site: no SPARQL page (sparql/; the pages do not link it) — YASGUI and Oxigraph's "
            "WebAssembly build are not installed; run scripts/install-frontend.sh from a checkout "
            "and build again",
            err=True,
        )
    if report.images_left_out:
        click.echo(
            f"site: charts as images left out ({', '.join(report.images_left_out)}; the timeline "
            "and the map are drawn in the browser all the same) — pip install "
            "'darmstadt-kg[charts]' and build again to add them",
            err=True,
        )
    click.echo(
        f"site: {report.files} files, {report.bytes} bytes, {report.resources} resource pages, "
        f"{report.triples} triples in {report.out}" + (f" (release {release})" if release else "")
    )


@publish.command()
@click.option(
    "--url",
    required=True,
    envvar="DARMSTADT_KG_STORE_URL",
    help="Base URL of the store: http://HOST:8890 (Virtuoso), "
    "http://HOST:3030/DATASET (Fuseki), http://HOST:7200/repositories/REPO (GraphDB). "
    "Also $DARMSTADT_KG_STORE_URL.",
)
@click.option(
    "--profile",
    type=click.Choice(_PROFILES),
    default="virtuoso",
    show_default=True,
    help="The engine's URL layout.",
)
@click.option(
    "--graph",
    "graph_iri",
    default=None,
    help="Named graph to replace [default: https://w3id.org/darmstadt-kg/graph].",
)
@click.option(
    "--auth",
    type=click.Choice(["digest", "basic"]),
    default=None,
    help="HTTP authentication [default: digest for Virtuoso, basic otherwise].",
)
@click.option(
    "--credentials-file",
    type=click.Path(path_type=Path),
    default=None,
    help="File whose first line is user:password (or $DARMSTADT_KG_STORE_CREDENTIALS); "
    "otherwise $DARMSTADT_KG_STORE_USER and $DARMSTADT_KG_STORE_PASSWORD.",
)
@click.option(
    "--timeout",
    type=float,
    default=120.0,
    show_default=True,
    help="Seconds to wait for each request.",
)
@click.option(
    "--chunk-size",
    "chunk_size",
    default="4M",
    show_default=True,
    help="Largest upload request: bytes, or with K or M (KiB, MiB). Graphs larger than this "
    "go up as N-Triples in several requests.",
)
def store(
    url: str,
    profile: str,
    graph_iri: str | None,
    auth: str | None,
    credentials_file: Path | None,
    timeout: float,
    chunk_size: str,
) -> None:
    """Replace the store's graphs with the graph: its default graph into --graph, each named
    graph into the graph of its IRI (staging graphs, then one MOVE request)."""
    from darmstadt_kg.load import get_store
    from darmstadt_kg.publish.store import PROFILES, load_credentials, push_store

    creds = load_credentials(PROFILES[profile].user, credentials_file)
    report = push_store(
        get_store(),
        url,
        profile=profile,
        graph=graph_iri,
        credentials=creds,
        auth=auth,
        timeout=timeout,
        chunk_bytes=_size(chunk_size),
    )
    into = ", ".join(f"<{g}>" for g in report.graphs)
    click.echo(
        f"pushed {report.triples} triples into {into} at {report.url} in {report.seconds:.2f} s"
    )


def _size(text: str) -> int:
    """``4M`` → 4 MiB, ``512K`` → 512 KiB, ``100000`` → bytes; a bad size is a usage error."""
    import re

    match = re.fullmatch(r"\s*(\d+)\s*([kKmM]?)i?[bB]?\s*", text)
    if not match:
        raise UserError(
            f"--chunk-size {text!r} is not a size — give bytes, or e.g. 512K or 4M", ExitCode.USAGE
        )
    return int(match.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[match.group(2).lower()]
