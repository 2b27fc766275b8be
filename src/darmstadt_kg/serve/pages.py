"""HTML pages: a resource's description, the SPARQL editor, errors. Every label is escaped."""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

from darmstadt_kg.namespaces import DKG, DKR, PROV, RDF, RDFS, curie

if TYPE_CHECKING:
    import rdflib

__all__ = ["resource_page", "editor_page", "error_page", "local_href", "page"]

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:68rem;padding:1rem 1.5rem}
body{color:#222}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}
td,th{vertical-align:top;text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eee}
th{width:16rem;font-weight:600}
.iri{color:#666;font-size:.85rem;word-break:break-all}
.lang{color:#888;font-size:.75rem;margin-left:.2rem}
.fact{margin:.6rem 0;padding:.5rem .8rem;background:#f7f7f9;border-left:3px solid #36c}
.src{font-size:.85rem;color:#555}
nav a{margin-right:1rem}
a{color:#1a55b0}
"""


def page(title: str, body: str, *, head: str = "") -> str:
    """A complete HTML document (``title`` is escaped here, ``body`` must already be)."""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – darmstadt-kg</title><style>{_STYLE}</style>{head}</head>"
        f'<body><nav><a href="/">SPARQL editor</a><a href="/id/darmstadt">Darmstadt</a>'
        f'<a href="/sparql">Endpoint</a><a href="/explore">Network</a></nav>\n'
        f"{body}\n</body></html>\n"
    )


def local_href(iri: str) -> str:
    """Where a link to ``iri`` goes: this server for project IRIs, the IRI itself otherwise."""
    if iri.startswith(str(DKR)):
        return "/id/" + iri[len(str(DKR)) :]
    if iri.startswith(str(DKG)):
        return "/ontology#" + iri[len(str(DKG)) :]
    return iri


def _label(graph: rdflib.Graph, node, lang: str = "en") -> str:
    from rdflib import Literal

    best = None
    for value in graph.objects(node, RDFS.label):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
        best = best or str(value)
    return best or curie(str(node))


def _value(graph: rdflib.Graph, value) -> str:
    from rdflib import Literal, URIRef

    if isinstance(value, URIRef):
        text = _label(graph, value)
        extra = ""
        if str(value).startswith("http://www.wikidata.org/entity/"):
            text = f"Wikidata {str(value).rsplit('/', 1)[-1]}"
        elif text == curie(str(value)):
            text = curie(str(value))
        else:
            extra = f' <span class="iri">{escape(curie(str(value)))}</span>'
        return f'<a href="{escape(local_href(str(value)))}">{escape(text)}</a>{extra}'
    if isinstance(value, Literal):
        lang = f'<span class="lang">@{escape(value.language)}</span>' if value.language else ""
        return f"{escape(str(value))}{lang}"
    return escape(str(value))


def _rows(graph: rdflib.Graph, subject, skip=()) -> str:
    rows = []
    for p in sorted(set(graph.predicates(subject, None)), key=str):
        if p in skip:
            continue
        values = sorted(
            graph.objects(subject, p), key=lambda v: (getattr(v, "language", "") or "", str(v))
        )
        cells = "<br>".join(_value(graph, v) for v in values)
        rows.append(f"<tr><th>{escape(curie(str(p)))}</th><td>{cells}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def resource_page(iri: str, graph: rdflib.Graph) -> str:
    """The HTML description of ``iri``: labels in both languages, facts with their sources."""
    from rdflib import URIRef

    node = URIRef(iri)
    de, en = _label(graph, node, "de"), _label(graph, node, "en")
    types = ", ".join(_value(graph, t) for t in sorted(graph.objects(node, RDF.type), key=str))
    sources = sorted(graph.objects(node, PROV.wasDerivedFrom), key=str)
    facts = sorted(
        {
            s
            for s in graph.subjects(None, node)
            if (s, PROV.wasDerivedFrom, None) in graph
            and (s, RDFS.label, None) in graph
            and s != node
            and any(str(t).startswith(str(DKG)) for t in graph.objects(s, RDF.type))
            and _is_fact(graph, s)
        },
        key=str,
    )
    parts = [
        f"<h1>{escape(de)}</h1>",
        f'<p><b>{escape(en)}</b> <span class="lang">en</span> · {types}</p>',
        f'<p class="iri">{escape(iri)}</p>',
        f'<p><a href="/explore?view=ego&amp;focus={escape(iri.rsplit("/", 1)[-1])}&amp;depth=1">'
        "Show in the network explorer</a></p>",
        "<h2>Statements</h2>",
        _rows(graph, node, skip=(RDF.type,)),
    ]
    if sources:
        parts.append(
            '<p class="src">According to: ' + ", ".join(_value(graph, s) for s in sources) + "</p>"
        )
    if facts:
        parts.append("<h2>Facts about it</h2>")
        for fact in facts:
            fact_sources = sorted(graph.objects(fact, PROV.wasDerivedFrom), key=str)
            parts.append(
                f'<div class="fact"><a href="{escape(local_href(str(fact)))}">'
                f"{escape(_label(graph, fact))}</a>"
                + _rows(graph, fact, skip=(RDF.type, RDFS.label, PROV.wasDerivedFrom))
                + '<p class="src">Source: '
                + ", ".join(_value(graph, s) for s in fact_sources)
                + "</p></div>"
            )
    incoming = sorted(
        {s for s in graph.subjects(None, node) if s not in facts and s != node}, key=str
    )
    if incoming:
        parts.append(
            "<h2>Referenced by</h2><ul>"
            + "".join(f"<li>{_value(graph, s)}</li>" for s in incoming)
            + "</ul>"
        )
    parts.append(
        '<p class="src">Also as <a href="?format=turtle">Turtle</a>, '
        '<a href="?format=jsonld">JSON-LD</a>, <a href="?format=ntriples">N-Triples</a>.</p>'
    )
    return page(f"{de} / {en}", "\n".join(parts))


def _is_fact(graph: rdflib.Graph, node) -> bool:
    fact_classes = {
        DKG[c]
        for c in (
            "Membership",
            "Participation",
            "Twinning",
            "Founding",
            "AwardConferral",
            "Endorsement",
            "Count",
            "Tenure",
            "Geolocation",
        )
    }
    return any(t in fact_classes for t in graph.objects(node, RDF.type))


def error_page(status: int, message: str) -> str:
    return page(f"{status}", f"<h1>{status}</h1><p>{escape(message)}</p>")


def editor_page(examples: list[dict[str, str]], yasgui: bool) -> str:
    """The SPARQL editor: YASGUI when its assets are installed, a plain form otherwise."""
    data = json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c")
    items = "".join(
        f'<li><a href="#" data-example="{i}" title="{escape(e["summary_de"])}">'
        f"{escape(e['name'])}</a>"
        f" – {escape(e['summary'])}</li>"
        for i, e in enumerate(examples)
    )
    if yasgui:
        head = (
            '<link rel="stylesheet" href="/static/vendor/yasgui.min.css">'
            '<script src="/static/vendor/yasgui.min.js"></script>'
            '<script src="/static/result-views.js"></script>'  # chart and map views (issue 16)
        )
        editor = '<div id="yasgui"></div>'
    else:
        head = ""
        editor = (
            '<form id="plain" method="get" action="/sparql"><textarea id="query" name="query" '
            'rows="14" style="width:100%;font-family:monospace"></textarea>'
            '<input type="hidden" name="format" value="json">'
            '<button id="run" type="submit">Run</button></form>'
            '<pre id="out"></pre>'
        )
    body = f"""<h1>darmstadt-kg SPARQL endpoint</h1>
<p>Endpoint: <code id="endpoint">/sparql</code> (SPARQL 1.1 Protocol, read-only).
Pick a question from the library or write your own.</p>
{editor}
<h2>Question library</h2><ul id="examples">{items}</ul>
<script id="library" type="application/json">{data}</script>
<script src="/static/editor.js"></script>"""
    return page("SPARQL editor", body, head=head)
