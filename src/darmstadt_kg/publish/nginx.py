"""nginx configuration for hosting the site with content negotiation, serving the site only.

Resource IRIs ``/id/<slug>`` answer ``303 See Other`` to ``/doc/<slug>.html``, ``.ttl``,
``.jsonld``, ``.nt`` or ``.rdf`` by the ``Accept`` header, quality values weighed as
:mod:`darmstadt_kg.publish.accept` describes (no ``Accept`` or a browser's → HTML); the
ontology IRI ``/ontology`` likewise to ``/ontology/index.html`` or its RDF files.

Nothing but the site is served: hidden files (``.darmstadt-kg-site``, ``.htaccess``; only
``/.well-known/`` is open) and the server configurations in ``nginx/`` and ``apache/`` answer
404; no symlink is followed (``disable_symlinks``); every answer carries ``serve``'s security
headers (:mod:`darmstadt_kg.publish.policy`) and a ``Content-Type``.
"""

from __future__ import annotations

import grp
import os
import pwd

from darmstadt_kg.publish.accept import DEFAULT, accept_patterns
from darmstadt_kg.publish.policy import CSP, common_headers, other_policy, site_html_policy

__all__ = ["nginx_map", "nginx_locations", "nginx_server", "nginx_test_config", "HIDDEN_PREFIXES"]

HIDDEN_PREFIXES = ("/nginx/", "/apache/")  # server configurations inside the site folder

_ONTOLOGY_FILE = {
    "html": "index.html",
    "ttl": "darmstadt-kg.ttl",
    "jsonld": "darmstadt-kg.jsonld",
    "nt": "darmstadt-kg.nt",
    "rdf": "darmstadt-kg.rdf",
}

_TYPES = r"""types {
    text/html                 html;
    text/css                  css;
    text/javascript           js mjs;
    application/wasm          wasm;
    text/plain                txt;
    application/pdf           pdf;
    image/png                 png;
    image/svg+xml             svg;
    application/json          json;
    text/turtle               ttl;
    application/n-triples     nt;
    application/n-quads       nq;
    application/trig          trig;
    application/rdf+xml       rdf;
    application/ld+json       jsonld;
    application/gzip          gz;
}
default_type application/octet-stream;
charset utf-8;
charset_types text/turtle application/n-triples application/n-quads application/trig
              application/ld+json;
"""


def _map(variable: str, values: dict[str, str]) -> str:
    lines = [f"map $http_accept ${variable} {{", f"    default {values[DEFAULT]};"]
    lines += [f'    "~*{regex}" {values[ext]};' for regex, ext in accept_patterns()]
    return "\n".join(lines) + "\n}\n"


def nginx_map(html_policy: str | None = None) -> str:
    """The ``map`` blocks (http context): a file extension and an ontology file from
    ``Accept``, and the Content-Security-Policy by the answer's type."""
    policy = html_policy or site_html_policy()
    return (
        "# darmstadt-kg: http-level part (include inside `http { }`).\n"
        + _map("dkg_ext", {ext: ext for ext in _ONTOLOGY_FILE})
        + _map("dkg_onto_file", _ONTOLOGY_FILE)
        + "map $sent_http_content_type $dkg_csp {\n"
        + f'    default "{other_policy()}";\n'
        + f'    "~^text/html" "{policy}";\n'
        + "}\n"
    )


def _headers(vary: bool = False) -> str:
    """``add_header`` lines; nginx drops the server's when a location has its own, so every
    location that adds one repeats them all."""
    pairs = [*common_headers(), (CSP, "$dkg_csp")] + ([("Vary", "Accept")] if vary else [])
    return "".join(f'    add_header {name} "{value}" always;\n' for name, value in pairs)


def _releases(gone: list[str], latest: str | None) -> str:
    """410 and the removal page for resources an earlier release had; ``/releases/latest/``."""
    lines = []
    for slug in gone:  # slugs are [a-z0-9-]: nothing to quote
        for match in (f"= /id/{slug}", f'~ "^/doc/{slug}[.]"'):
            lines.append(
                f"location {match} {{\n    error_page 410 /gone/{slug}.html;\n    return 410;\n}}\n"
            )
    if latest:
        lines.append(
            "location ^~ /releases/latest/ {\n"
            f"    rewrite ^/releases/latest/(.*)$ /releases/{latest}/$1 redirect;\n}}\n"
        )
    return "".join(lines)


def nginx_locations(gone: list[str] = (), latest: str | None = None) -> str:
    """The ``server``-context part: media types, headers, refusals and the 303 redirects;
    ``gone``: slugs answering 410 with their removal page; ``latest``: the newest release."""
    hidden = "".join(f"location ^~ {path} {{\n    return 404;\n}}\n" for path in HIDDEN_PREFIXES)
    return (
        "# darmstadt-kg: server-level part (include inside `server { }`, `root` = the site).\n"
        + _TYPES
        + "disable_symlinks on from=$document_root;\n"
        + _headers().replace("    add_header", "add_header")
        + 'location ~ "^/id/(?<dkg_slug>[a-z0-9-]+)$" {\n'
        + _headers(vary=True)
        + "    return 303 /doc/$dkg_slug.$dkg_ext;\n}\n"
        + "location = /ontology {\n"
        + _headers(vary=True)
        + "    return 303 /ontology/$dkg_onto_file;\n}\n"
        + "location = /dataset {\n"
        + _headers(vary=True)
        + "    return 303 /void.ttl;\n}\n"
        + "location = /.well-known/void {\n    default_type text/turtle;\n}\n"
        + "# hidden files (the manifest, .htaccess) and the server configurations: not served\n"
        + 'location ~ "(^|/)[.](?!well-known/)" {\n    return 404;\n}\n'
        + hidden
        + _releases(list(gone), latest)
        + "location / {\n    index index.html;\n    try_files $uri $uri/ =404;\n}\n"
    )


def nginx_server(
    root: str = "/var/www/darmstadt-kg",
    listen: str = "80",
    html_policy: str | None = None,
    gone: list[str] = (),
    latest: str | None = None,
) -> str:
    """A complete ``server { }`` block (plus the maps) to drop into ``conf.d/``;
    ``html_policy``: the CSP of the site's pages (:func:`~darmstadt_kg.publish.policy.
    site_html_policy`)."""
    locations = nginx_locations(gone, latest)
    body = "\n".join("    " + line if line else "" for line in locations.split("\n"))
    return (
        f"{nginx_map(html_policy)}\nserver {{\n    listen {listen};\n    root {root};\n"
        f"{body.rstrip()}\n}}\n"
    )


def nginx_test_config(
    root: str, port: int, work: str, html_policy: str | None = None, **more
) -> str:
    """A whole ``nginx.conf`` for a private instance on 127.0.0.1 (used by the tests).

    Workers run as the current user, so they can read a site in a private temporary folder
    (nginx ignores ``user`` with a warning when not started as root).
    """

    user = pwd.getpwuid(os.geteuid()).pw_name
    group = grp.getgrgid(os.getegid()).gr_name
    server = nginx_server(root, f"127.0.0.1:{port}", html_policy, **more)
    inner = "\n".join("    " + line if line else "" for line in server.split("\n"))
    return (
        f"daemon off;\nuser {user} {group};\nworker_processes 1;\npid {work}/nginx.pid;\n"
        f"error_log {work}/error.log warn;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n    access_log {work}/access.log;\n"
        f"    client_body_temp_path {work}/body;\n    proxy_temp_path {work}/proxy;\n"
        f"    fastcgi_temp_path {work}/fastcgi;\n    uwsgi_temp_path {work}/uwsgi;\n"
        f"    scgi_temp_path {work}/scgi;\n{inner.rstrip()}\n}}\n"
    )
