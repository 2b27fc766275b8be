"""nginx configuration for hosting the site with content negotiation.

Resource IRIs ``/id/<slug>`` answer ``303 See Other`` to ``/doc/<slug>.html``, ``.ttl``,
``.jsonld``, ``.nt`` or ``.rdf`` by the ``Accept`` header (no ``Accept`` or a browser's → HTML);
the ontology IRI ``/ontology`` likewise to ``/ontology/index.html`` or its RDF files. Quality
values are not weighed: the first of HTML, Turtle, JSON-LD, N-Triples, RDF/XML named wins.
"""

from __future__ import annotations

__all__ = ["nginx_map", "nginx_locations", "nginx_server", "nginx_test_config"]

_MAP = r"""# darmstadt-kg: http-level part (include inside `http { }`).
map $http_accept $dkg_ext {
    default                     html;
    "~*text/html"               html;
    "~*application/xhtml[+]xml"  html;
    "~*text/turtle"             ttl;
    "~*application/x-turtle"    ttl;
    "~*application/ld[+]json"    jsonld;
    "~*application/n-triples"   nt;
    "~*application/rdf[+]xml"    rdf;
}
map $http_accept $dkg_onto_file {
    default                     index.html;
    "~*text/html"               index.html;
    "~*text/turtle"             darmstadt-kg.ttl;
    "~*application/ld[+]json"    darmstadt-kg.jsonld;
    "~*application/n-triples"   darmstadt-kg.nt;
    "~*application/rdf[+]xml"    darmstadt-kg.rdf;
}
"""

_LOCATIONS = r"""# darmstadt-kg: server-level part (include inside `server { }`, `root` = the site).
types {
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
    application/rdf+xml       rdf;
    application/ld+json       jsonld;
    application/gzip          gz;
}
default_type application/octet-stream;
charset utf-8;
charset_types text/turtle application/n-triples application/n-quads application/ld+json;
location ~ "^/id/(?<dkg_slug>[a-z0-9-]+)$" {
    add_header Vary Accept always;
    return 303 /doc/$dkg_slug.$dkg_ext;
}
location = /ontology {
    add_header Vary Accept always;
    return 303 /ontology/$dkg_onto_file;
}
location = /dataset {
    add_header Vary Accept always;
    return 303 /void.ttl;
}
location = /.well-known/void {
    default_type text/turtle;
}
location / {
    index index.html;
    try_files $uri $uri/ =404;
}
"""


def nginx_map() -> str:
    """The ``map`` blocks (http context) that choose a file extension from ``Accept``."""
    return _MAP


def nginx_locations() -> str:
    """The ``server``-context part: media types and the 303 redirects."""
    return _LOCATIONS


def nginx_server(root: str = "/var/www/darmstadt-kg", listen: str = "80") -> str:
    """A complete ``server { }`` block (plus the maps) to drop into ``conf.d/``."""
    body = "\n".join("    " + line if line else "" for line in _LOCATIONS.splitlines())
    return f"{_MAP}\nserver {{\n    listen {listen};\n    root {root};\n{body}\n}}\n"


def nginx_test_config(root: str, port: int, work: str) -> str:
    """A whole ``nginx.conf`` for a private instance on 127.0.0.1 (used by the tests).

    Workers run as the current user, so they can read a site in a private temporary folder
    (nginx ignores ``user`` with a warning when not started as root).
    """
    import grp
    import os
    import pwd

    user = pwd.getpwuid(os.geteuid()).pw_name
    group = grp.getgrgid(os.getegid()).gr_name
    server = nginx_server(root=root, listen=f"127.0.0.1:{port}")
    inner = "\n".join("    " + line if line else "" for line in server.splitlines())
    return (
        f"daemon off;\nuser {user} {group};\nworker_processes 1;\npid {work}/nginx.pid;\n"
        f"error_log {work}/error.log warn;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n    access_log {work}/access.log;\n"
        f"    client_body_temp_path {work}/body;\n    proxy_temp_path {work}/proxy;\n"
        f"    fastcgi_temp_path {work}/fastcgi;\n    uwsgi_temp_path {work}/uwsgi;\n"
        f"    scgi_temp_path {work}/scgi;\n{inner}\n}}\n"
    )
