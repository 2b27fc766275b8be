"""Apache ``.htaccess`` files for the persistent IRIs, as the w3id.org service expects them.

w3id.org runs Apache: each project keeps one ``.htaccess`` in its folder of the w3id.org
repository (here ``darmstadt-kg/.htaccess``, answering for ``https://w3id.org/darmstadt-kg/``),
with ``mod_rewrite`` rules that redirect to where the files are actually hosted. The rules:

- ``id/<slug>`` → ``303 See Other`` to ``doc/<slug>.html`` or ``.ttl``, ``.jsonld``, ``.nt``,
  ``.rdf`` by the ``Accept`` header (no ``Accept``, or a browser's → HTML), with ``Vary: Accept``;
- ``ontology`` → ``ontology/index.html`` or ``ontology/darmstadt-kg.<ext>`` likewise;
- ``dataset`` → ``void.ttl``;
- anything else → ``302`` to the same path at the host (w3id.org's usual forwarding).

The same rules with relative targets (:func:`site_htaccess`) serve the site from Apache itself:
the site's own ``.htaccess`` (``AllowOverride FileInfo`` and ``mod_rewrite``, ``mod_headers``;
``Options SymLinksIfOwnerMatch``, which ``mod_rewrite`` needs, rather than ``FollowSymLinks``).
There it serves the site and nothing else: hidden files (``.darmstadt-kg-site``, ``.htaccess``;
only ``.well-known/`` is open), the server configurations in ``nginx/`` and ``apache/``, and any
path through a symlink answer 404; every answer carries ``serve``'s security headers
(:mod:`darmstadt_kg.publish.policy`) and a ``Content-Type``.

``Accept`` is weighed with its quality values as :mod:`darmstadt_kg.publish.accept` describes,
by the same ordered patterns as the nginx configuration.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from darmstadt_kg.errors import ExitCode, UserError
from darmstadt_kg.publish.accept import DEFAULT, accept_patterns
from darmstadt_kg.publish.nginx import HIDDEN_PREFIXES
from darmstadt_kg.publish.policy import CSP, common_headers, other_policy, site_html_policy

__all__ = ["w3id_htaccess", "site_htaccess", "apache_test_config", "SYMLINK_DEPTH"]

SYMLINK_DEPTH = 8  # folders below the site checked for symlinks (the site nests 4 deep)

_ONTOLOGY_FILE = {
    "html": "index.html",
    "ttl": "darmstadt-kg.ttl",
    "jsonld": "darmstadt-kg.jsonld",
    "nt": "darmstadt-kg.nt",
    "rdf": "darmstadt-kg.rdf",
}


def _fill(target: str, ext: str) -> str:
    return target.replace("{ext}", ext).replace("{onto}", _ONTOLOGY_FILE[ext])


def _negotiate(pattern: str, target: str) -> list[str]:
    """Rules sending ``pattern`` (a RewriteRule regex) to ``target`` with ``{ext}`` chosen."""
    lines = []
    for accept, ext in accept_patterns():
        lines += [
            f"RewriteCond %{{HTTP_ACCEPT}} {accept} [NC]",
            f"RewriteRule {pattern} {_fill(target, ext)} [R=303,L,E=DKG_VARY:1]",
        ]
    lines.append(  # no Accept, or none of the above: the default (HTML)
        f"RewriteRule {pattern} {_fill(target, DEFAULT)} [R=303,L,E=DKG_VARY:1]"
    )
    return lines


def _only_the_site() -> list[str]:
    """Rules answering 404 for what is in the folder but not part of the site."""
    configs = "|".join(prefix.strip("/") for prefix in HIDDEN_PREFIXES)
    lines = [
        "# Hidden files (the manifest, .htaccess; .well-known/ is open) and the server",
        "# configurations are not served.",
        "RewriteRule (^|/)[.](?!well-known/) - [R=404,L]",
        f"RewriteRule ^({configs})/ - [R=404,L]",
        "",
        "# No symlink is followed, whatever the server's Options: not the file asked for, nor",
        "# any folder on the way to it (DKG_DIR: this folder's path on disk).",
        "RewriteCond %{REQUEST_FILENAME} -l",
        "RewriteRule ^ - [R=404,L]",
        "RewriteCond %{REQUEST_FILENAME}::$1 ^(.*/)(.*)::\\2$",
        "RewriteRule ^(.*)$ - [E=DKG_DIR:%1]",
    ]
    for depth in range(1, SYMLINK_DEPTH + 1):
        lines += [
            "RewriteCond %{ENV:DKG_DIR}$1 -l",
            f"RewriteRule ^((?:[^/]+/){{{depth - 1}}}[^/]+)/ - [R=404,L]",
        ]
    return lines


def _security_headers(html_policy: str) -> list[str]:
    """``serve``'s headers on every answer; the CSP by the answer's type."""
    html = '"expr=%{CONTENT_TYPE} =~ m#^text/html#"'
    other = '"expr=!(%{CONTENT_TYPE} =~ m#^text/html#)"'
    return [
        "# serve's security headers on every answer.",
        "<IfModule mod_headers.c>",
        *(f'    Header always set {name} "{value}"' for name, value in common_headers()),
        f'    Header always set {CSP} "{html_policy}" {html}',
        f'    Header always set {CSP} "{other_policy()}" {other}',
        "</IfModule>",
    ]


def _rules(base: str) -> list[str]:
    head = ["RewriteEngine on", ""]
    if not base:  # the URL path of this folder, whatever it is (a relative target would be
        # turned into the folder's file-system path by a per-directory redirect)
        head += [
            "# DKG_BASE: this folder's URL path (as requested), for the redirects below.",
            "RewriteCond %{REQUEST_URI}::$1 ^(.*?/)(.*)::\\2$",
            "RewriteRule ^(.*)$ - [E=DKG_BASE:%1]",
            "",
        ]
        base = "%{ENV:DKG_BASE}"
    return [
        *head,
        "# Resource IRIs /id/<slug>: 303 to the document in the format Accept asks for.",
        *_negotiate("^id/([a-z0-9-]+)$", base + "doc/$1.{ext}"),
        "",
        "# The ontology IRI.",
        *_negotiate("^ontology$", base + "ontology/{onto}"),
        "",
        "# The dataset IRI: its VoID/DCAT description.",
        f"RewriteRule ^dataset$ {base}void.ttl [R=303,L,E=DKG_VARY:1]",
        "",
        "# The answer depends on Accept: say so, for caches.",
        "<IfModule mod_headers.c>",
        "    Header always set Vary Accept env=REDIRECT_DKG_VARY",
        "    Header always set Vary Accept env=DKG_VARY",
        "</IfModule>",
    ]


def w3id_htaccess(host_url: str) -> str:
    """The ``.htaccess`` for w3id.org's ``darmstadt-kg/`` folder, redirecting to ``host_url``
    (where the site is hosted; ends with ``/``)."""

    parts = urlsplit(host_url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() or c in "\"'<>\\$%" for c in host_url)
    ):
        raise UserError(
            f"--host-url {host_url!r} is not a plain http(s) URL (no spaces, quotes, $ or %) — "
            "give one such as https://city.example/darmstadt-kg/",
            ExitCode.USAGE,
        )
    if not host_url.endswith("/"):
        host_url += "/"
    lines = [
        "# darmstadt-kg: persistent IRIs https://w3id.org/darmstadt-kg/ (w3id.org repository,",
        "# folder darmstadt-kg/). Generated by `darmstadt-kg publish site`;",
        f"# the site is hosted at {host_url}",
        *_rules(host_url),
        "",
        "# Everything else: the same path at the host.",
        f"RewriteRule ^(.*)$ {host_url}$1 [R=302,L]",
    ]
    return "\n".join(lines) + "\n"


def _releases(gone: list[str], latest: str | None) -> list[str]:
    """410 for resources an earlier release had (the page is ``gone/<slug>.html``), and
    ``releases/latest/`` to the newest release."""
    lines = []
    if gone:
        names = "|".join(gone)  # slugs are [a-z0-9-]
        lines += [
            "# Resources an earlier release had: 410 Gone, with their page gone/<slug>.html.",
            "# (ErrorDocument takes a local page only when its text starts with /.)",
            "RewriteCond %{ENV:DKG_BASE} ^/(.*)$",
            f"RewriteRule ^(?:id/({names})|doc/({names})[.].*)$ - [G,E=DKG_GONE:%1gone/$1$2.html]",
            "ErrorDocument 410 /%{ENV:DKG_GONE}",
        ]
    if latest:
        lines += [
            "# The newest release.",
            f"RewriteRule ^releases/latest/(.*)$ %{{ENV:DKG_BASE}}releases/{latest}/$1 [R=302,L]",
        ]
    return lines


def site_htaccess(
    html_policy: str | None = None, gone: list[str] = (), latest: str | None = None
) -> str:
    """The site's own ``.htaccess``: the same rules, relative, for hosting the site on Apache,
    serving the site only; ``html_policy``: the CSP of the site's pages
    (:func:`~darmstadt_kg.publish.policy.site_html_policy`)."""
    rules = _rules("")
    lines = [
        "# darmstadt-kg: content negotiation when Apache serves this site folder itself",
        "# (needs AllowOverride FileInfo, mod_rewrite and mod_headers, and Options",
        "# SymLinksIfOwnerMatch or FollowSymLinks for mod_rewrite). Generated by",
        "# `darmstadt-kg publish site`.",
        *rules[:2],
        *_only_the_site(),
        "",
        "# The VoID description at its well-known path has no extension: its type.",
        "RewriteRule ^[.]well-known/void$ - [T=text/turtle,L]",
        "",
        *rules[2:6],
        *_releases(list(gone), latest),
        *rules[6:],
        "",
        *_security_headers(html_policy or site_html_policy()),
        "",
        "AddType text/turtle .ttl",
        "AddType application/ld+json .jsonld",
        "AddType application/n-triples .nt",
        "AddType application/n-quads .nq",
        "AddType application/trig .trig",
        "AddType application/gzip .gz",
        "AddType application/rdf+xml .rdf",
        "AddType application/wasm .wasm",
        "AddCharset utf-8 .ttl .jsonld .nt .nq .html",
    ]
    return "\n".join(lines) + "\n"


def apache_test_config(root: str, port: int, work: str, user: str, group: str) -> str:
    """A whole ``apache2.conf`` for a private Debian Apache on 127.0.0.1 (used by the tests):
    ``root`` is the document root, ``.htaccess`` files there are honoured."""
    modules = "/usr/lib/apache2/modules"
    loaded = "\n".join(
        f"LoadModule {name}_module {modules}/mod_{name}.so"
        for name in ("mpm_prefork", "authz_core", "dir", "mime", "rewrite", "headers")
    )
    return f"""{loaded}
ServerRoot "{work}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{work}/apache2.pid"
DefaultRuntimeDir "{work}"
ErrorLog "{work}/error.log"
LogLevel warn
User {user}
Group {group}
TypesConfig /etc/mime.types
DocumentRoot "{root}"
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{root}">
    Options SymLinksIfOwnerMatch
    AllowOverride FileInfo
    Require all granted
</Directory>
"""
