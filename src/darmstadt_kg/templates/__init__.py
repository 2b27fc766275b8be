"""One page renderer for the static site and the server: Jinja2 templates, autoescaping on.

The templates are in ``templates/``; the network explorer's page (``explorer.html``, beside
its script and style) in ``visualise/templates/``; one environment renders both.

``frame.html`` is every page's frame (landmarks, navigation, in-page contents, JSON-LD and
``rel="alternate"`` links); ``resource.html`` the description of one resource, filled by
:mod:`darmstadt_kg.templates.resource`; ``static/pages.css`` the one stylesheet (linked from
``/static`` on the server, inlined in the static site). Only ``http(s)`` IRIs become links.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from darmstadt_kg import paths
from darmstadt_kg.scriptjson import json_for_script

__all__ = [
    "render",
    "compile_templates",
    "frame",
    "stylesheet",
    "web_href",
    "json_ld",
    "script_json",
]


@cache
def _env():
    folders = [
        paths.package_resource("templates"),
        paths.package_resource("visualise", "templates"),
    ]
    env = Environment(
        loader=FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    return env


def compile_templates(*names: str) -> None:
    """Compile the templates ``names`` now (``serve`` does, before it forks its workers)."""
    for name in names:
        _env().get_template(name)


def render(template: str, **context: Any) -> str:
    """Render ``template`` (escaping every value not marked safe)."""
    return _env().get_template(template).render(**context)


@cache
def stylesheet() -> str:
    """The one stylesheet of every page."""
    return paths.package_resource("templates", "static", "pages.css").read_text(encoding="utf-8")


def web_href(iri: object) -> str | None:
    """``iri`` if a browser may follow it as a link (http or https), else ``None``."""
    text = str(iri)
    return text if re.match(r"^https?://[^\s<>\"]+$", text, re.I) else None


def json_ld(data: object) -> str:
    """JSON that cannot end a ``<script>`` element early (:mod:`darmstadt_kg.scriptjson`)."""

    return json_for_script(data, indent=1)


def script_json(data: object):
    """The one filter for JSON inside ``<script>`` in every template: ``{{ x|script_json }}``."""

    return Markup(json_ld(data))


def frame(
    title: str,
    body: str,
    *,
    nav: list[tuple[str, str]],
    lang: str = "en",
    css_href: str | None = None,
    head: str = "",
    alternates: list[dict[str, str]] | None = None,
    jsonld: object = None,
    footer: str = "",
    toc_min: int = 3,
    toc: list[tuple[str, str]] | None = None,
    script_href: str | None = None,
    switch: dict[str, str] | None = None,
) -> str:
    """A whole page: ``body`` (already HTML) in the shared frame. A table of contents
    (``toc``: the (id, text) pairs of the page's sections, given by the page that names them)
    is shown when it has at least ``toc_min`` entries. ``script_href``: the pages' script
    (``static/site.js``: the language choice, the front door's search); ``switch``:
    ``{href, lang, text}`` of this page in the other language, shown in the navigation."""

    toc = toc or []
    intro, h1_end, rest = body.partition("</h1>")
    if not h1_end:
        intro, rest = "", body
    return render(
        "frame.html",
        title=title,
        intro=Markup(intro + h1_end),
        body=Markup(rest),
        head=Markup(head),
        nav=nav,
        lang=lang,
        css_href=css_href,
        css=Markup(stylesheet()) if css_href is None else "",
        alternates=alternates or [],
        jsonld=jsonld,
        toc=toc if len(toc) >= toc_min else [],
        footer=footer,
        script_href=script_href,
        switch=switch,
    )
