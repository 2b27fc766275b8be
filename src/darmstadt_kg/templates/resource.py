"""The page of one ``dkr:`` resource, for the static site and the server alike.

:func:`resource_page` takes the graph the page is drawn from (the whole graph in the site; in
the server the resource's description plus its evidence) and a :class:`Site` that says where
links go. ``derived`` is the set of triples the rules derived (the derived named graph): a
derived row is marked as such, and left out when an asserted row of the same node already
shows its values (a twinning's ``dkg:involvedWith`` beside its ``dkg:partner``).

Statements are grouped (identity, involvement, places, people, sources) and read with the one
label picker (:func:`darmstadt_kg.templates.terms.label`); properties that read alike
(``schema:sameAs`` and ``owl:sameAs``) share one row. Each fact shows the page's sentence it
rests on, with the section and retrieval date. Only http(s) IRIs outside the project become
links; skolemised blank nodes (``/.well-known/genid/``) have no page and are never linked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Literal
from rdflib.namespace import PROV, RDF, RDFS

from darmstadt_kg.namespaces import DKG, DKR, curie
from darmstadt_kg.network.vocab import FACT_CLASSES, NODE_CLASSES
from darmstadt_kg.templates import frame, render, web_href
from darmstadt_kg.templates.evidence import (
    OA,
    contacts,
    is_genid,
    place_map,
    quoted_from,
    quotes,
)
from darmstadt_kg.templates.terms import label

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "Site",
    "GROUPS",
    "resource_page",
    "resource_body",
    "is_network_node",
    "shown_value",
    "plain_value",
]

ALTERNATES = (
    ("ttl", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("nt", "application/n-triples", "N-Triples"),
    ("rdf", "application/rdf+xml", "RDF/XML"),
)

#: (id, English, German) of the groups a page's statements are shown in, in page order
GROUPS = (
    ("identity", "Identity", "Identität"),
    ("involvement", "Involvement", "Beteiligung"),
    ("places", "Places", "Orte"),
    ("people", "People and contact", "Personen und Kontakt"),
    ("sources", "Sources", "Quellen"),
)
_GROUP_OF = {
    **dict.fromkeys(
        "rdfs:label skos:prefLabel skos:altLabel skos:notation schema:name foaf:name "
        "schema:givenName schema:familyName schema:honorificPrefix owl:sameAs schema:sameAs "
        "skos:closeMatch skos:relatedMatch rdfs:seeAlso schema:url foaf:homepage foaf:page "
        "dcterms:title dcterms:description skos:definition skos:scopeNote skos:inScheme "
        "skos:broader skos:topConceptOf skos:hasTopConcept schema:inLanguage".split(),
        "identity",
    ),
    **dict.fromkeys(
        "schema:containedInPlace schema:location dkg:location geo:lat geo:long dkg:locates "
        "schema:areaServed schema:address org:hasSite org:siteAddress schema:foundingLocation "
        "schema:streetAddress schema:postalCode schema:addressLocality schema:addressCountry "
        "schema:postOfficeBoxNumber dkg:spans dkg:headquarters dkg:building dkg:postalAddress "
        "dkg:nearestStop dkg:region".split(),
        "places",
    ),
    **dict.fromkeys(
        "org:holds org:heldBy org:postIn org:role schema:contactPoint schema:telephone "
        "schema:email foaf:phone dkg:responsibleFor schema:jobTitle dkg:holder dkg:post".split(),
        "people",
    ),
    **dict.fromkeys(
        "prov:wasDerivedFrom oa:hasTarget dcterms:source dcterms:isPartOf dkg:retrievedOn "
        "prov:wasGeneratedBy prov:used dkg:pageSection".split(),
        "sources",
    ),
}
#: shown elsewhere on the page (heading, description, quotes), not as rows
_SKIP = (RDF.type, RDFS.label, RDFS.comment, PROV.wasDerivedFrom, OA.hasTarget)


@dataclass
class Site:
    """Where a page's links go: the static site and the server differ only in this."""

    resource: Callable[[str], str]  # slug → page of a dkr: resource
    term: Callable[[str], str]  # local name → documentation of a dkg: term
    alternate: Callable[[str, str], str]  # (slug, extension) → the RDF file
    explorer: Callable[[str, str], str]  # (slug, lang) → the node in the network explorer
    nav: list[tuple[str, str]] = field(default_factory=list)
    css_href: str | None = None  # None: the stylesheet is inlined
    script_href: str | None = None  # static/site.js (language choice, search)
    #: (slug, page language) → {href, lang, text} of the page in the other language, or None
    switch: Callable[[str, str], dict[str, str] | None] = lambda slug, lang: None


def is_network_node(graph: rdflib.Graph, resource: rdflib.URIRef) -> bool:
    """True when a type of ``resource`` makes it a node of the network explorer."""
    return any(curie(str(t)) in NODE_CLASSES for t in graph.objects(resource, RDF.type))


@dataclass
class _Page:
    """What every row of one page needs: the graph, where links go, the language, what the
    rules derived."""

    graph: Any
    site: Site
    lang: str
    derived: frozenset

    def value(self, term) -> dict[str, Any]:
        """How a value shows: text, link (or none), CURIE/datatype/language note."""
        if isinstance(term, Literal):
            # a language tag helps a reader; an XML Schema datatype does not
            datatype = curie(str(term.datatype)) if term.datatype else ""
            note = term.language or ("" if datatype.startswith("xsd:") else datatype)
            return plain_value(str(term), note=note, lang=term.language or None)
        text = str(term)
        name = label(self.graph, term, self.lang)
        if text.startswith(str(DKR)):
            return plain_value(name, href=self.site.resource(text[len(str(DKR)) :]))
        if text.startswith(str(DKG)):
            return plain_value(name, href=self.site.term(text[len(str(DKG)) :]), hover=curie(text))
        if is_genid(term):  # a blank node: no page to link to
            return plain_value(name)
        if text.startswith("http://www.wikidata.org/entity/"):
            return plain_value("Wikidata " + text.rsplit("/", 1)[-1], href=web_href(text))
        short = curie(text)
        return plain_value(
            name if name != text else short,
            href=web_href(text),
            hover=short if name != short else None,
        )

    def is_derived(self, triple) -> bool:
        return triple in self.derived

    def rows(self, subject, elsewhere: frozenset = frozenset()) -> list[dict[str, Any]]:
        """The statements of ``subject``: one row per readable property name (properties that
        read alike share it), each value once; a derived row is marked ``derived``, and left
        out when it only repeats values of the node's asserted rows, or ``elsewhere`` holds
        each of its (property, value) pairs (asserted rows of the facts on the same page)."""
        graph = self.graph
        asserted = [
            (p, o)
            for p, o in graph.predicate_objects(subject)
            if p not in _SKIP and not self.is_derived((subject, p, o))
        ]
        shown = {o for _, o in asserted} | {str(o) for _, o in asserted if isinstance(o, Literal)}
        merged: dict[str, dict[str, Any]] = {}
        for p in sorted(set(graph.predicates(subject, None)), key=str):
            if p in _SKIP:
                continue
            values = sorted(
                graph.objects(subject, p),
                key=lambda v: (getattr(v, "language", None) != self.lang, str(v)),
            )
            derived = all(self.is_derived((subject, p, v)) for v in values)
            if derived and all(v in shown or str(v) in shown for v in values):
                continue  # the asserted rows say it already
            if derived and all((p, v) in elsewhere for v in values):
                continue  # a fact on the page says it already
            name = label(graph, p, self.lang)
            group = _GROUP_OF.get(curie(str(p)), "involvement")
            row = merged.setdefault(
                name.lower(),
                {"name": name, "curies": [], "values": [], "derived": derived, "group": group},
            )
            row["curies"].append(curie(str(p)))
            row["derived"] = row["derived"] and derived
            for v in values:
                shown_value = self.value(v)
                if shown_value not in row["values"]:
                    row["values"].append(shown_value)
        for row in merged.values():
            row["curie"] = " = ".join(row["curies"])
        return sorted(merged.values(), key=lambda r: r["name"].lower())

    def fact(self, node) -> dict[str, Any]:
        return {
            "title": self.value(node),
            "rows": self.rows(node),
            "quotes": quotes(self.graph, node, self.lang),
            "sources": self.sources(node),
            "derived": [
                self.value(t)
                for t in sorted(self.graph.objects(node, RDF.type), key=str)
                if self.is_derived((node, RDF.type, t))
            ],
        }

    def sources(self, node) -> list[dict[str, Any]]:
        found = (self.value(s) for s in self.graph.objects(node, PROV.wasDerivedFrom))
        return sorted(found, key=lambda v: v["text"])


def shown_value(graph, term, site: Site, lang: str = "en") -> dict[str, Any]:
    """How ``term`` shows on any page (the ``value`` macro of ``macros.html``): its name by the
    one label picker, a link where a reader can follow one."""
    return _Page(graph, site, lang, frozenset()).value(term)


def plain_value(text: str, *, href=None, note: str = "", lang=None, hover=None) -> dict[str, Any]:
    """One value as the ``value`` macro of ``macros.html`` shows it."""
    return {"text": text, "href": href, "note": note, "lang": lang, "hover": hover}


def _fact_class(graph, node, derived: frozenset) -> object | None:
    """The class that makes ``node`` a fact (a ``dkg:Fact`` subclass), an asserted one first;
    None for a node that is no fact."""
    types = graph.objects(node, RDF.type)
    for t in sorted(types, key=lambda t: ((node, RDF.type, t) in derived, str(t))):
        if curie(str(t)) in FACT_CLASSES or (t, RDFS.subClassOf, DKG.Fact) in graph:
            return t
    return None


def _slug(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def resource_body(
    graph,
    resource,
    site: Site,
    *,
    lang: str = "en",
    in_network: bool | None = None,
    derived: frozenset = frozenset(),
) -> dict:
    """The page's content as a template context."""
    page = _Page(graph, site, lang, frozenset(derived))
    slug = str(resource)[len(str(DKR)) :]
    other = "de" if lang == "en" else "en"
    name, other_name = label(graph, resource, lang), label(graph, resource, other)
    comments = sorted(
        graph.objects(resource, RDFS.comment),
        key=lambda c: (getattr(c, "language", None) != lang, str(c)),
    )
    by_class: dict[object, list] = {}
    referenced, fact_nodes = [], []
    for s in sorted(set(graph.subjects(None, resource)) - {resource}, key=str):
        if is_genid(s):
            continue  # a quote's target: shown as the quote itself
        cls = _fact_class(graph, s, page.derived)
        if cls is not None:
            by_class.setdefault(cls, []).append(page.fact(s))
            fact_nodes.append(s)
            continue
        links = sorted(graph.predicates(s, resource), key=str)
        asserted = [p for p in links if not page.is_derived((s, p, resource))]
        for p in links:
            is_derived = page.is_derived((s, p, resource))
            if is_derived and (asserted or (resource, p, s) in graph):
                continue  # an asserted link from the same node, or the page's own row, says it
            how = plain_value(label(graph, p, lang), hover=curie(str(p)))
            referenced.append({"who": page.value(s), "how": how, "derived": is_derived})
    elsewhere = frozenset(
        (p, o)
        for node in fact_nodes
        for p, o in graph.predicate_objects(node)
        if not page.is_derived((node, p, o))
    )
    rows = page.rows(resource, elsewhere)
    groups = [
        {"id": g, "title": de if lang == "de" else en, "rows": [r for r in rows if r["group"] == g]}
        for g, en, de in GROUPS
    ]
    fact_groups = []
    for cls, items in by_class.items():
        items.sort(key=lambda f: f["title"]["text"].lower())
        fact_groups.append(
            {"id": "facts-" + _slug(str(cls)), "title": label(graph, cls, lang), "facts": items}
        )
    fact_groups.sort(key=lambda g: g["title"].lower())
    referenced.sort(key=lambda r: (r["who"]["text"].lower(), r["how"]["text"]))
    node = is_network_node(graph, resource) if in_network is None else in_network
    quoted = [
        {"text": q["text"], "fact": page.value(q["fact"])}
        for q in quoted_from(graph, resource, lang)
    ]
    return {
        "lang": lang,
        "name": name,
        "other_name": other_name if other_name != name else "",
        "other_lang": other,
        "iri": str(resource),
        "types": [
            {**page.value(t), "derived": page.is_derived((resource, RDF.type, t))}
            for t in sorted(graph.objects(resource, RDF.type), key=str)
        ],
        "comments": [
            {"text": str(c), "lang": getattr(c, "language", None) or lang} for c in comments
        ],
        "explorer": site.explorer(slug, lang) if node else None,
        "files": [{"href": site.alternate(slug, ext), "text": text} for ext, _, text in ALTERNATES],
        "groups": [g for g in groups if g["rows"]],
        "quotes": quotes(graph, resource, lang),
        "quoted": quoted,
        "contacts": contacts(graph, resource),
        "map": place_map(graph, resource),
        "sources": page.sources(resource),
        "fact_groups": fact_groups,
        "open_facts": sum(len(g["facts"]) for g in fact_groups) <= 6,
        "referenced": referenced,
    }


def _contents(context: dict) -> list[tuple[str, str]]:
    """The page's table of contents, from what it shows."""
    de = context["lang"] == "de"
    toc = [(g["id"], g["title"]) for g in context["groups"]]
    toc += [(g["id"], f"{g['title']} ({len(g['facts'])})") for g in context["fact_groups"]]
    if context["quoted"]:
        toc.append(("quoted", "Zitate aus diesem Abschnitt" if de else "Quotes from this section"))
    if context["referenced"]:
        toc.append(("referenced-by", "Verwiesen von" if de else "Referenced by"))
    return toc


def resource_page(
    graph,
    resource,
    site: Site,
    *,
    lang: str = "en",
    jsonld: object = None,
    in_network: bool | None = None,
    derived: frozenset = frozenset(),
    footer: str = "",
    changed_in: list[str] | tuple[str, ...] = (),
) -> str:
    """The whole HTML page of ``resource``; ``changed_in``: the releases that changed it (the
    static site names them, ``release-note.html``)."""
    context = resource_body(
        graph, resource, site, lang=lang, in_network=in_network, derived=derived
    )
    slug = str(resource)[len(str(DKR)) :]
    alternates = [{"type": mt, "href": site.alternate(slug, ext)} for ext, mt, _ in ALTERNATES]
    return frame(
        f"{context['name']} — darmstadt-kg",
        render("resource.html", **context, changed_in=changed_in),
        nav=site.nav,
        lang=lang,
        css_href=site.css_href,
        alternates=alternates,
        jsonld=jsonld,
        footer=footer,
        toc=_contents(context),
        script_href=site.script_href,
        switch=site.switch(slug, lang),
    )
