"""Statements the page does not make are absent from the loaded store (issue 10).

Each test names the statement removed or remodelled; the page sentence that decided it is in the
test's docstring. The store is the one every output (dumps, endpoint, push) is made from.
"""

from __future__ import annotations

import pytest

from darmstadt_kg.load import get_store
from darmstadt_kg.namespaces import sparql_prologue


def _ask(pattern: str) -> bool:
    return bool(get_store().query(sparql_prologue() + f"ASK {{ {pattern} }}"))


ABSENT = {
    # "Teil des Netzwerks der Wissenschaftsstadt Darmstadt ist auch die Darmstädter Vertretung der
    # Bürgerbewegung Pulse of Europe." — the chapter is part of the city's network, not the reverse.
    "darmstadt-memberOf-pulse-of-europe": (
        "dkr:darmstadt org:memberOf dkr:pulse-of-europe-darmstadt"
    ),
    "darmstadt-participates-in-pulse-of-europe": (
        "?f org:member dkr:darmstadt ; org:organization dkr:pulse-of-europe-darmstadt"
    ),
    # Participation is not membership: "regelmäßig einbringt" (CDIA), "beteiligt" etc.
    "darmstadt-memberOf-cdia": "dkr:darmstadt org:memberOf dkr:cdia-network",
    "darmstadt-memberOf-ak-ikon": "dkr:darmstadt org:memberOf dkr:ak-ikon",
    "darmstadt-memberOf-europe-direct": "dkr:darmstadt org:memberOf dkr:europe-direct-network",
    # "Das Netzwerk der Partnerschaftsvereine wurde 2020 von der Wissenschaftsstadt Darmstadt
    # gegründet." — founded by the city; no membership is stated.
    "darmstadt-member-of-partnerschaftsvereine": (
        "?f a dkg:Membership ; org:member dkr:darmstadt ; "
        "org:organization dkr:netzwerk-der-partnerschaftsvereine"
    ),
    # "Das Europe Direct Büro Darmstadt … informiert … bereits seit 1998" — informs, is no member.
    "europe-direct-office-member-since-1998": (
        "?f org:member dkr:europe-direct-buero-darmstadt ;"
        " org:organization dkr:europe-direct-network"
    ),
    # Two founding accounts (page: Hiroshima 1982; outside: New York 24 June 1982) give no
    # paired shortcut.
    "mayors-for-peace-foundingDate": "dkr:mayors-for-peace schema:foundingDate ?d",
    "mayors-for-peace-foundingLocation": "dkr:mayors-for-peace schema:foundingLocation ?p",
    # "Die Initiative „Cities for Life“ geht zurück auf die Gemeinschaft Sant’Egidio" and "Im Jahr
    # 2002 wurde der 30. November als Aktionstag … festgelegt" — neither is a founding.
    "cities-for-life-founder": "dkr:cities-for-life schema:founder ?f",
    "cities-for-life-foundingDate": "dkr:cities-for-life schema:foundingDate ?d",
    # "der seit 1955 von der Parlamentarischen Versammlung des Europarates verliehen wird" —
    # awarded since 1955, not founded by PACE.
    "europe-prize-founder-pace": "dkr:europe-prize schema:founder dkr:pace",
    "europe-prize-foundingDate": "dkr:europe-prize schema:foundingDate ?d",
    "ak-ikon-foundingDate-or-founder": "dkr:ak-ikon schema:founder ?f",
    "global-declaration-founder": "dkr:global-declaration-for-democracy schema:founder ?f",
    # "… müssen die Gemeinden sich zunächst um das Europäische Diplom, die Ehrenfahne und die
    # Ehrenplakette bewerben" — the page does not say who confers them.
    "pace-confers-european-diploma": "dkr:european-diploma dkg:conferredBy ?b",
    "pace-confers-flag-of-honour": "dkr:flag-of-honour dkg:conferredBy ?b",
    "pace-confers-plaque-of-honour": "dkr:plaque-of-honour dkg:conferredBy ?b",
    # "Weitere Informationen zur internationalen Initiative "Mayors for Peace" finden Sie auf
    # www.mayorsforpeace.de." and "auf der Seite der deutschen Mayors for Peace" — not the
    # international body's homepage.
    "mayors-for-peace-homepage": "dkr:mayors-for-peace foaf:homepage ?h",
    "cities-for-life-homepage": "dkr:cities-for-life foaf:homepage ?h",
    # The page lists each person's "Partnerstädte" and names no role for them.
    "partner-city-liaison-role": "?post org:role dkr:role-partner-city-liaison",
    "partner-city-liaison-concept": "dkr:role-partner-city-liaison ?p ?o",
    # Label: the page's name is "Mayors for Peace", "Bürgermeister*innen für den Frieden" an alias.
    "mayors-for-peace-de-label-alias": (
        'dkr:mayors-for-peace rdfs:label "Bürgermeister*innen für den Frieden"@de'
    ),
    # Label: the page writes "ÖPNV Luisenplatz".
    "stop-label-haltestelle": 'dkr:stop-luisenplatz rdfs:label "ÖPNV-Haltestelle Luisenplatz"@de',
    # Countries cited to Wikidata items nobody consulted; Japan cited to the page.
    "country-cited-to-unread-wikidata": "?x prov:wasDerivedFrom ?s . FILTER(STRSTARTS(STR(?s), "
    '"https://w3id.org/darmstadt-kg/id/source-wikidata-"))',
    "japan-cited-to-page": "dkr:japan prov:wasDerivedFrom dkr:source-page-internationale-netzwerke",
    # "In verschiedenen Formaten, bspw. den europäischen Hausparlamenten …, unterstützt die Stadt
    # diese Bürgerbewegung." — who organises or funds the house parliaments is not stated.
    "house-parliaments-funder": "dkr:european-house-parliaments schema:funder ?f",
    "house-parliaments-organizer": "dkr:european-house-parliaments schema:organizer ?o",
    # "Das amerikanische Sister Cities Programm startete 1956 …" — no place of starting is given.
    "sister-cities-programme-location": (
        "dkr:founding-american-sister-cities-programme dkg:location ?p"
    ),
    # "wurde 2020 von der Wissenschaftsstadt Darmstadt gegründet" — no place of founding is given.
    "partnerschaftsvereine-founding-location": (
        "dkr:founding-netzwerk-der-partnerschaftsvereine dkg:location ?p"
    ),
    # "Hessens damaliger Europaministerin Lucia Puttrich (2014-24)" — no office of the minister
    # is named (the Staatskanzlei is named only as the Europe network's).
    "minister-post-in-staatskanzlei": (
        "dkr:post-hessian-minister-european-affairs org:postIn dkr:hessische-staatskanzlei"
    ),
    # The address block gives no country.
    "address-country": "?a schema:addressCountry ?c",
    # Phone numbers keep the page's display form: no international-only literal remains.
    "phone-without-display-form": '?c schema:telephone ?t . FILTER(STRSTARTS(?t, "+49"))',
    # Issue 21. "… beteiligt sich Darmstadt jedes Jahr am Flaggentag am 8. Juli und hisst die
    # Flagge der Mayors for Peace in enger Zusammenarbeit mit dem Darmstädter Friedensforum …" —
    # Darmstadt takes part; neither it nor the Friedensforum is said to organise the day.
    "flag-day-organizer": "dkr:flag-day schema:organizer ?o",
    # "… die im Juli 2021 verabschiedete „Vision … (PX Vision)“" — who adopted it is not said.
    "px-vision-adopted-by": "dkr:px-vision dkg:adoptedBy ?b",
    # "Im Juni 2022 unterzeichneten 51 (Ober-)Bürgermeister*innen weltweit die „Global
    # Declaration for Democracy”" — neither a "first" signing nor "first" signatories.
    "global-declaration-first-signed": (
        "?f dkg:foundedEntity dkr:global-declaration-for-democracy ; dkg:date ?d"
    ),
    "first-signatories-label": (
        '?c rdfs:label ?l . FILTER(CONTAINS(LCASE(STR(?l)), "first signator") ||'
        ' CONTAINS(STR(?l), "Erstunterzeichn"))'
    ),
    # "… werden regelmäßig gemeinsame Auftritte und Veranstaltungen, beispielsweise zum
    # europäischen Förderprogramm CERV, geplant …" — CERV is an example, not the series' subject.
    "cerv-events-about-cerv": "dkr:cerv-events schema:about ?x",
    # "Darüber hinaus beteiligte sich Darmstadt regelmäßig an den sogenannten Jugendtreffen …" —
    # Darmstadt's taking part was regular; how often the meetings are is not said.
    "youth-meetings-frequency": "dkr:jugendtreffen-arbeitsgemeinschaft dkg:frequency ?f",
    # "… Hessens damaliger Europaministerin Lucia Puttrich (2014-24)" — the tenure ended.
    "puttrich-holds-post-now": "dkr:lucia-puttrich org:holds ?post",
    # Twinnings name two partners; no involvement names one party on both sides.
    "involvement-with-itself": "?v dkg:involvedAgent ?x ; dkg:involvedWith ?x",
    # "Das amerikanische Sister Cities Programm startete 1956 mit einer Initiative von Präsident
    # Dwight D. Eisenhower" — a one-off start, not an involvement "since" 1956.
    "eisenhower-involved-since-1956": (
        "?v dkg:involvedAgent dkr:dwight-d-eisenhower ; dkg:since ?s"
    ),
    # Participation is no membership in the vocabulary either.
    "participation-subclass-of-membership": "dkg:Participation rdfs:subClassOf+ org:Membership",
    "participation-matches-member-of": "dkg:Participation skos:closeMatch|skos:exactMatch ?m",
    "participation-with-org-terms": (
        "?p a dkg:Participation . { ?p org:member ?x } UNION { ?p org:organization ?x }"
    ),
    # Twinning years: the city's English page was not read; the reference table was.
    "twinning-cites-unread-page": (
        "?t a dkg:Twinning ; prov:wasDerivedFrom ?s . VALUES ?s {"
        " dkr:source-darmstadt-town-twinnings dkr:source-darmstadt-san-antonio"
        " dkr:source-darmstadt-nahariya }"
    ),
    # Labels and comments as on the page.
    "icj-label-8-juli": (
        '?x rdfs:label "Rechtsgutachten des Internationalen Gerichtshofs vom 8. Juli 1996"@de'
    ),
    "constructed-arbeitsgemeinschaft-name": (
        '?x rdfs:label ?l . FILTER(CONTAINS(STR(?l), "Arbeitsgemeinschaft der Europapreis"))'
    ),
    "hibaku-baums": '?x rdfs:label|rdfs:comment ?l . FILTER(CONTAINS(STR(?l), "Hibaku-Baum"))',
    "ak-ikon-expansion": (
        'dkr:ak-ikon rdfs:label ?l . FILTER(CONTAINS(STR(?l), "international municipal"))'
    ),
    "theme-european-integration": (
        '?x skos:prefLabel|rdfs:label ?l . FILTER(CONTAINS(STR(?l), "European integration"))'
    ),
    "rhein-main-fair-churches": (
        'dkr:rhein-main-fair rdfs:comment ?c . FILTER(REGEX(STR(?c), "Kirchen|churches,"))'
    ),
    "muaa-european-campaign-joined": (
        '?x rdfs:comment ?c . FILTER(CONTAINS(STR(?c), "Beitritt zur europäischen Kampagne"))'
    ),
}


@pytest.mark.parametrize("name", sorted(ABSENT), ids=str)
def test_statement_the_page_does_not_make_is_absent(name: str):
    assert not _ask(ABSENT[name]), f"{name}: {ABSENT[name]} is in the store"


def test_every_org_memberOf_of_darmstadt_is_a_membership_the_page_states():
    """Direction and kind: the page says "Mitglied" of exactly these four bodies."""
    rows = get_store().query(sparql_prologue() + "SELECT ?o { dkr:darmstadt org:memberOf ?o }")
    got = {row["o"].value.rsplit("/", 1)[1] for row in rows}
    assert got == {
        "mayors-for-peace",  # "Darmstadt ist seit 1998 aktives Mitglied dieses Netzwerks."
        "sister-cities-international",  # "Seit 2020 ist … Darmstadt Mitglied im … Netzwerk …"
        "deutscher-staedtetag",  # "als langjähriges Mitglied des Deutschen Städtetags"
        "rhein-main-fair",  # "… dem die langjährige Fairtrade-Stadt Darmstadt … beigetreten ist"
    }


def test_phone_numbers_keep_display_form_and_tel_iri():
    rows = get_store().query(
        sparql_prologue()
        + "SELECT ?t ?tel { dkr:contact-julia-kuz schema:telephone ?t ; foaf:phone ?tel }"
    )
    assert [(r["t"].value, r["tel"].value) for r in rows] == [
        ("(06151) 13-2325", "tel:+49-6151-132325")
    ]


def test_countries_are_marked_as_editorial_addition():
    assert _ask("dkr:japan prov:wasDerivedFrom dkr:editorial-addition")
    assert _ask("dkr:editorial-addition a dkg:EditorialAddition")
