"""Fold the n-ary fact nodes into labelled, dated edges (or node attributes).

Each fact class has one function; each returns edges as ``(source, target, key, attributes)``
with node ids (slugs). The labels read forwards (``en``/``de``) and backwards
(``inverse_en``/``inverse_de``), so a chain can be told in either direction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from darmstadt_kg.network.index import Index, format_date, slug

__all__ = ["fold_facts", "EdgeSpec"]

EdgeSpec = tuple[str, str, str, dict[str, Any]]

ROOT = "darmstadt"


def _words(en: str, de: str, inv_en: str, inv_de: str) -> dict[str, str]:
    return {
        "label_en": " ".join(en.split()),
        "label_de": " ".join(de.split()),
        "inverse_en": " ".join(inv_en.split()),
        "inverse_de": " ".join(inv_de.split()),
    }


def _base(ix: Index, fact: str, relation: str) -> dict[str, Any]:
    sources = ix.iris(fact, "prov:wasDerivedFrom")
    return {
        "relation": relation,
        "kind": "fact",
        "fact": slug(fact),
        "fact_label_en": ix.text(fact, "en"),
        "fact_label_de": ix.text(fact, "de"),
        "comment_en": ix.text(fact, "en", ("rdfs:comment",)),
        "comment_de": ix.text(fact, "de", ("rdfs:comment",)),
        "since": ix.one(fact, "dkg:startDate"),
        "until": ix.one(fact, "dkg:endDate"),
        "date": ix.one(fact, "dkg:date"),
        "sources": [slug(s) for s in sources],
        "source_labels_en": [ix.label(s, "en") for s in sources],
        "source_labels_de": [ix.label(s, "de") for s in sources],
        "symmetric": False,
        "weight": 1.0,
    }


def _add_sources(ix: Index, attrs: dict[str, Any], sources: list[str]) -> None:
    for s in sources:
        if slug(s) not in attrs["sources"]:
            attrs["sources"].append(slug(s))
            attrs["source_labels_en"].append(ix.label(s, "en"))
            attrs["source_labels_de"].append(ix.label(s, "de"))


def _when(attrs: dict[str, Any], lang: str) -> tuple[str, str]:
    """("seit 1998"/"since 1998" or a plain date or a span, the bare date)."""
    since, until, date = attrs["since"], attrs["until"], attrs["date"]
    if since and until:
        return f"{format_date(since, lang)}–{format_date(until, lang)}", since
    if since:
        return ("since " if lang == "en" else "seit ") + format_date(since, lang), since
    if date:
        return format_date(date, lang), date
    return "", ""


def _in_de(date: str) -> str:
    """German "im März 2023" / "am 8. Juli 1996" / "2023"."""
    if not date:
        return ""
    prefix = {1: "", 2: "im ", 3: "am "}.get(len(date.split("-")), "")
    return prefix + format_date(date, "de")


def _freq(ix: Index, fact: str, lang: str) -> str:
    found = ix.iris(fact, "dkg:frequency")
    return ix.label(found[0], lang) if found else ""


#: (agent, body) properties of a membership and of a participation (not org:member: a
#: participation is no org:Membership).
_MEMBER_TERMS = {
    "dkg:Membership": ("org:member", "org:organization"),
    "dkg:Participation": ("dkg:participant", "dkg:participationIn"),
}


def _membership(ix: Index, fact: str, relation: str) -> Iterator[EdgeSpec]:
    agent_term, body_term = _MEMBER_TERMS[relation]
    for member in ix.iris(fact, agent_term):
        for body in ix.iris(fact, body_term):
            a = _base(ix, fact, relation)
            en, _ = _when(a, "en")
            de, _ = _when(a, "de")
            if relation == "dkg:Membership":
                a.update(
                    _words(
                        f"member {en}",
                        f"Mitglied {de}",
                        f"has as member {en}",
                        f"hat als Mitglied {de}",
                    )
                )
            else:
                f_en, f_de = _freq(ix, fact, "en"), _freq(ix, fact, "de")
                a.update(
                    _words(
                        f"takes part {f_en} {en}",
                        f"nimmt {f_de} {de} teil",
                        f"has as participant {f_en} {en}",
                        f"hat als Teilnehmer {f_de} {de}",
                    )
                )
            yield slug(member), slug(body), slug(fact), a


def _twinning(ix: Index, fact: str, relation: str) -> Iterator[EdgeSpec]:
    partners = sorted(slug(p) for p in ix.iris(fact, "dkg:partner"))
    if len(partners) != 2:
        return
    if ROOT in partners:
        partners.sort(key=lambda p: p != ROOT)
    a = _base(ix, fact, relation)
    en, de = _when(a, "en")[0], _when(a, "de")[0]
    a.update(_words(f"twinned {en}", f"Partnerstadt {de}", f"twinned {en}", f"Partnerstadt {de}"))
    a["symmetric"] = True
    yield partners[0], partners[1], slug(fact), a


# What the founder did to the founded entity, by dkg:foundingKind, as the page words it: forwards
# (founder → entity) and backwards (entity → founder); {en}/{de} is the date, if any.
_FOUNDING_WORDS = {
    "founding-kind-founded": (
        "founded {en}",
        "gründete {de}",
        "founded {en} by",
        "{de} gegründet von",
    ),
    "founding-kind-initiated": (
        "initiated {en}",
        "initiierte {de}",
        "initiated {en} by",
        "{de} initiiert von",
    ),
    "founding-kind-launched": (
        "launched {en}",
        "rief {de} ins Leben",
        "launched {en} by",
        "{de} ins Leben gerufen von",
    ),
    "founding-kind-goes-back-to": (
        "is the origin {en} of",
        "ist {de} Ursprung von",
        "goes back {en} to",
        "geht {de} zurück auf",
    ),
    "founding-kind-first-awarded": (
        "first awarded {en}",
        "verlieh {de} erstmals",
        "first awarded {en} by",
        "{de} erstmals verliehen von",
    ),
    "founding-kind-first-signed": (
        "first signed {en}",
        "unterzeichnete {de} erstmals",
        "first signed {en} by",
        "{de} erstmals unterzeichnet von",
    ),
    "founding-kind-day-fixed": (
        "fixed the day {en} of",
        "legte {de} den Tag fest für",
        "day fixed {en} by",
        "Tag {de} festgelegt von",
    ),
}


def _founding(ix: Index, fact: str, relation: str) -> Iterator[EdgeSpec]:
    kinds = [slug(k) for k in ix.iris(fact, "dkg:foundingKind")]
    # one kind, as the shapes demand; otherwise the weakest reading, "goes back to"
    words = _FOUNDING_WORDS[kinds[0] if len(kinds) == 1 else "founding-kind-goes-back-to"]
    for entity in ix.iris(fact, "dkg:foundedEntity"):
        for founder in ix.iris(fact, "dkg:foundedBy"):
            a = _base(ix, fact, relation)
            en, de = (format_date(a["date"], lang) if a["date"] else "" for lang in ("en", "de"))
            a.update(_words(*(w.format(en=en, de=de) for w in words)))
            yield slug(founder), slug(entity), f"{slug(fact)}--by-{slug(founder)}", a
        for place in ix.iris(fact, "dkg:location"):
            a = _base(ix, fact, relation)
            en, de = (format_date(a["date"], lang) if a["date"] else "" for lang in ("en", "de"))
            a.update(
                _words(
                    f"founded {en} in",
                    f"{de} gegründet in",
                    f"place of founding {en} of",
                    f"Gründungsort {de} von",
                )
            )
            a["weight"] = 1.5
            yield slug(entity), slug(place), f"{slug(fact)}--in-{slug(place)}", a


def _award(ix: Index, fact: str, relation: str) -> Iterator[EdgeSpec]:
    for award in ix.iris(fact, "dkg:award"):
        for recipient in ix.iris(fact, "dkg:recipient"):
            a = _base(ix, fact, relation)
            when_en, when_de = _when(a, "en")[0], _when(a, "de")[0]
            if a["since"]:
                words = _words(
                    f"holder {when_en}",
                    f"Träger {when_de}",
                    f"conferred {when_en} on",
                    f"verliehen {when_de} an",
                )
            elif a["date"]:
                words = _words(
                    f"received {when_en}",
                    f"erhielt {when_de}",
                    f"conferred {when_en} on",
                    f"verliehen {when_de} an",
                )
            else:
                words = _words("holder", "Träger", "conferred on", "verliehen an")
            a.update(words)
            yield slug(recipient), slug(award), slug(fact), a


_ENDORSE = {
    "endorsement-joined": (
        "joined {en}",
        "trat {de_in} bei",
        "joined {en} by",
        "Beitritt {de} durch",
    ),
    "endorsement-supported": (
        "supports {en}",
        "unterstützt {de}",
        "supported {en} by",
        "unterstützt {de} von",
    ),
    "endorsement-takes-part": (
        "takes part {f_en}",
        "beteiligt sich {f_de}",
        "{f_en} with the participation of",
        "{f_de} mit Beteiligung von",
    ),
}


def _endorsement(ix: Index, fact: str, relation: str) -> Iterator[EdgeSpec]:
    kinds = [slug(k) for k in ix.iris(fact, "dkg:endorsementKind")]
    patterns = _ENDORSE.get(
        kinds[0] if kinds else "", ("endorses", "unterstützt", "endorsed by", "unterstützt von")
    )
    for endorser in ix.iris(fact, "dkg:endorser"):
        for thing in ix.iris(fact, "dkg:endorsed"):
            a = _base(ix, fact, relation)
            if a["date"] and kinds and kinds[0] == "endorsement-supported":
                a["since"], a["date"] = a["date"], a["date"]
            fill = {
                "en": _when(a, "en")[0],
                "de": _when(a, "de")[0],
                "de_in": _in_de(a["date"]),
                "f_en": _freq(ix, fact, "en"),
                "f_de": _freq(ix, fact, "de"),
            }
            a.update(_words(*(p.format(**fill) for p in patterns)))
            deciders = ix.iris(fact, "dkg:decidedBy")
            a["decided_by_en"] = [ix.label(d, "en") for d in deciders]
            a["decided_by_de"] = [ix.label(d, "de") for d in deciders]
            yield slug(endorser), slug(thing), slug(fact), a


def _posts(ix: Index) -> Iterator[EdgeSpec]:
    """``org:Post`` and ``dkg:Tenure``: holder → the unit the post is in, labelled by role."""
    holders: dict[str, set[tuple[str, str]]] = {}
    for s in ix.about:
        for post in ix.iris(s, "org:holds"):
            holders.setdefault(post, set()).add((s, ""))
        if "dkg:Tenure" in ix.classes(s):
            for post in ix.iris(s, "dkg:post"):
                for person in ix.iris(s, "dkg:holder"):
                    holders.setdefault(post, set()).discard((person, ""))
                    holders[post].add((person, s))
    for post, people in sorted(holders.items()):
        roles = ix.iris(post, "org:role")
        for unit in ix.iris(post, "org:postIn"):
            for person, tenure in sorted(people):
                a = _base(ix, tenure or post, "org:Post")
                role_en = ix.label(roles[0], "en") if roles else ix.label(post, "en")
                role_de = ix.label(roles[0], "de") if roles else ix.label(post, "de")
                when_en, when_de = _when(a, "en")[0], _when(a, "de")[0]
                a.update(
                    _words(
                        f"{role_en} {when_en} at",
                        f"{role_de} {when_de} bei",
                        f"has as {role_en} {when_en}",
                        f"hat als {role_de} {when_de}",
                    )
                )
                if tenure:
                    _add_sources(ix, a, ix.iris(post, "prov:wasDerivedFrom"))
                yield slug(person), slug(unit), f"{slug(post)}--{slug(person)}", a


_FOLDERS: dict[str, Callable[[Index, str, str], Iterator[EdgeSpec]]] = {
    "dkg:Membership": _membership,
    "dkg:Participation": _membership,
    "dkg:Twinning": _twinning,
    "dkg:Founding": _founding,
    "dkg:AwardConferral": _award,
    "dkg:Endorsement": _endorsement,
}


def fold_facts(ix: Index) -> list[EdgeSpec]:
    """Every fact node that relates two resources, as edges (sorted by key)."""
    edges: list[EdgeSpec] = []
    for fact in sorted(ix.about):
        for cls in ix.classes(fact):
            if cls in _FOLDERS:
                edges.extend(_FOLDERS[cls](ix, fact, cls))
    edges.extend(_posts(ix))
    return sorted(edges, key=lambda e: e[2])
