"""Readable names for the properties and classes a page shows, in English and German.

The project's own terms (``dkg:``) take their labels from the ontology (``rdfs:label`` in the
graph the page is drawn from); terms of outside vocabularies have their names here. The CURIE
stays available on hover.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rdflib

__all__ = ["OUTSIDE", "term_name", "vocabulary_labels"]

#: CURIE → (English, German) for the outside terms the data uses
OUTSIDE: dict[str, tuple[str, str]] = {
    "rdf:type": ("type", "Typ"),
    "rdfs:label": ("name", "Name"),
    "rdfs:comment": ("description", "Beschreibung"),
    "rdfs:seeAlso": ("see also", "siehe auch"),
    "owl:sameAs": ("same as", "identisch mit"),
    "skos:prefLabel": ("name", "Name"),
    "skos:altLabel": ("also called", "auch genannt"),
    "skos:notation": ("code", "Kürzel"),
    "skos:inScheme": ("in scheme", "im Schema"),
    "skos:broader": ("broader", "übergeordnet"),
    "skos:definition": ("definition", "Definition"),
    "prov:wasDerivedFrom": ("source", "Quelle"),
    "schema:containedInPlace": ("located in", "liegt in"),
    "schema:url": ("website", "Website"),
    "schema:sameAs": ("same as", "identisch mit"),
    "schema:founder": ("founded by", "gegründet von"),
    "schema:name": ("name", "Name"),
    "schema:organizer": ("organised by", "veranstaltet von"),
    "schema:attendee": ("attended by", "Teilnehmende"),
    "schema:funder": ("funded by", "gefördert von"),
    "schema:areaServed": ("serves", "ist tätig für"),
    "schema:location": ("location", "Ort"),
    "schema:startDate": ("start", "Beginn"),
    "schema:endDate": ("end", "Ende"),
    "schema:foundingDate": ("founded", "gegründet"),
    "schema:foundingLocation": ("founded in", "gegründet in"),
    "schema:email": ("e-mail", "E-Mail"),
    "schema:telephone": ("telephone", "Telefon"),
    "schema:contactPoint": ("contact", "Kontakt"),
    "schema:address": ("address", "Adresse"),
    "schema:jobTitle": ("job title", "Funktion"),
    "schema:memberOf": ("member of", "Mitglied von"),
    "schema:about": ("about", "über"),
    "schema:publisher": ("publisher", "herausgegeben von"),
    "schema:datePublished": ("published", "veröffentlicht"),
    "schema:isPartOf": ("part of", "Teil von"),
    "schema:dateModified": ("last changed", "zuletzt geändert"),
    "geo:lat": ("latitude", "Breite"),
    "geo:long": ("longitude", "Länge"),
    "org:subOrganizationOf": ("part of", "gehört zu"),
    "org:unitOf": ("unit of", "Einheit von"),
    "org:hasUnit": ("has unit", "hat Einheit"),
    "org:memberOf": ("member of", "Mitglied von"),
    "org:holds": ("holds post", "hat Stelle"),
    "org:postIn": ("post in", "Stelle bei"),
    "org:heldBy": ("held by", "besetzt von"),
    "org:role": ("role", "Rolle"),
    "foaf:name": ("name", "Name"),
    "foaf:page": ("page", "Seite"),
    "dcterms:title": ("title", "Titel"),
    "dcterms:source": ("source", "Quelle"),
    "dcterms:modified": ("last changed", "zuletzt geändert"),
    "dcterms:license": ("licence", "Lizenz"),
    "dcterms:subject": ("subject", "Thema"),
    "dcterms:date": ("date", "Datum"),
    "dcterms:created": ("created", "erstellt"),
    "dcterms:creator": ("created by", "erstellt von"),
    "dcterms:description": ("description", "Beschreibung"),
    "dcterms:isPartOf": ("part of", "Teil von"),
    "dcterms:publisher": ("publisher", "herausgegeben von"),
    "foaf:homepage": ("home page", "Homepage"),
    "org:hasSite": ("site", "Standort"),
    "org:member": ("member", "Mitglied"),
    "org:organization": ("organisation", "Organisation"),
    "org:siteAddress": ("address", "Adresse"),
    "owl:versionIRI": ("version IRI", "Versions-IRI"),
    "owl:versionInfo": ("version", "Version"),
    "rdfs:domain": ("applies to", "gilt für"),
    "rdfs:isDefinedBy": ("defined by", "definiert in"),
    "rdfs:range": ("value is a", "Wert ist ein"),
    "rdfs:subClassOf": ("kind of", "Unterklasse von"),
    "rdfs:subPropertyOf": ("narrower than", "spezieller als"),
    "schema:addressCountry": ("country", "Staat"),
    "schema:addressLocality": ("town", "Ort"),
    "schema:agent": ("agent", "Akteur"),
    "schema:author": ("author", "Autor"),
    "schema:familyName": ("family name", "Nachname"),
    "schema:givenName": ("given name", "Vorname"),
    "schema:honorificPrefix": ("title", "Anrede"),
    "schema:inLanguage": ("language", "Sprache"),
    "schema:postOfficeBoxNumber": ("PO box", "Postfach"),
    "schema:postalCode": ("postcode", "Postleitzahl"),
    "schema:producer": ("produced by", "produziert von"),
    "schema:streetAddress": ("street", "Straße"),
    "schema:superEvent": ("part of event", "Teil der Veranstaltung"),
    "schema:unitText": ("unit", "Einheit"),
    "schema:value": ("value", "Wert"),
    "skos:closeMatch": ("close match", "ähnlich"),
    "skos:hasTopConcept": ("top concept", "Oberbegriff"),
    "skos:relatedMatch": ("related", "verwandt"),
    "skos:topConceptOf": ("top concept of", "Oberbegriff in"),
    "vann:preferredNamespacePrefix": ("prefix", "Präfix"),
    "vann:preferredNamespaceUri": ("namespace", "Namensraum"),
}


def vocabulary_labels(graph: rdflib.Graph) -> dict[str, dict[str, str]]:
    """``dkg:`` term IRI → {language: label}, from the ``rdfs:label`` triples in ``graph``."""
    from rdflib import Literal
    from rdflib.namespace import RDFS

    from darmstadt_kg.namespaces import DKG

    out: dict[str, dict[str, str]] = {}
    for term, value in graph.subject_objects(RDFS.label):
        if str(term).startswith(str(DKG)) and isinstance(value, Literal):
            langs = out.setdefault(str(term), {})
            key = value.language or ""
            langs[key] = min(langs.get(key, str(value)), str(value))
    return out


def term_name(iri: str, lang: str, vocabulary: dict[str, dict[str, str]]) -> str:
    """The readable name of a property or class in ``lang`` (its CURIE if none is known)."""
    from darmstadt_kg.namespaces import curie

    known = vocabulary.get(iri)
    if known:
        return known.get(lang) or known.get("en") or known.get("") or next(iter(known.values()))
    short = curie(iri)
    if short in OUTSIDE:
        return OUTSIDE[short][0 if lang == "en" else 1]
    return short
