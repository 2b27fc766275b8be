"""A data generator shaped like this domain, at a chosen number of triples (for the tests and
the benchmarks).

The output is one N-Triples file: the project's own ontology and graph (so every anchor the
library queries use exists: Darmstadt, the sources, the SKOS schemes) followed by synthetic
countries, cities with labels in German and English and ``dkg:Geolocation`` nodes, networks
(levels, themes, a hierarchy), dated ``dkg:Membership`` and ``dkg:Twinning`` fact nodes with
sources, and staff with posts, contact points and tenures — all following
``ontology/MODELLING.md``, so that ``darmstadt-kg``'s shapes and violation checks accept it.

    python -m tests.generate --triples 100000 --out /tmp/bench-1e5.nt
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

__all__ = ["generate", "write_dataset", "city_iri", "SYLLABLES", "base_ntriples"]

DKR = "https://w3id.org/darmstadt-kg/id/"
DKG = "https://w3id.org/darmstadt-kg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
GENERATED = "source-generated-benchmark"  # the one source of every synthetic resource
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "http://schema.org/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
XSD = "http://www.w3.org/2001/XMLSchema#"

SYLLABLES = (
    "ber ka lin to ma ri sa no vel du an te pol gra mo ze ul fen dor hal stadt burg au "
    "lei ni ko ra wa bri sto"
).split()
LEVELS = (
    "level-international-networks level-international-campaigns level-european-networks "
    "level-national-networks level-regional-local-networks"
).split()
THEMES = (
    "theme-peace-nuclear-disarmament theme-citizen-diplomacy theme-democracy "
    "theme-human-rights-death-penalty theme-antisemitism-discrimination "
    "theme-european-integration theme-fair-trade-sdgs theme-town-twinning"
).split()
CITIES_PER_COUNTRY = 50
CITIES_PER_NETWORK = 10
CITIES_PER_STAFF = 20
MEMBERSHIPS_PER_CITY = 3
NETWORKS_PER_TREE = 21  # 1 + 4 + 16
TWINNING_WINDOW = 64


def city_iri(n: int) -> str:
    """The IRI of the n-th synthetic city (the benchmark's selective queries pick these)."""
    return f"{DKR}gen-city-{n}"


def _iri(slug: str) -> str:
    return f"<{DKR}{slug}>"


def _lit(text: str, lang: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def _typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _labels(s: str, de: str, en: str) -> list[str]:
    return [f"{s} {LABEL} {_lit(de, 'de')} .", f"{s} {LABEL} {_lit(en, 'en')} ."]


def base_ntriples() -> str:
    """The project's ontology and graph (as written, without derived triples) as N-Triples."""
    import pyoxigraph as ox

    from darmstadt_kg.load import default_files, parse_turtle_files

    store = parse_turtle_files(default_files())
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode()


def _country(i: int) -> list[str]:
    s, src = _iri(f"gen-country-{i}"), _iri(f"gen-source-{i}")
    return [
        f"{s} {RDF_TYPE} <{DKG}Country> .",
        *_labels(s, f"Staat {i}", f"Country {i}"),
        f"{s} {DERIVED} {src} .",
        f"{src} {RDF_TYPE} <{DKG}Source> .",
        *_labels(src, f"Quelle {i}", f"Source {i}"),
        f"{src} <{SCHEMA}url> <https://example.org/sources/{i}> .",
    ]


def _network(i: int, rng: random.Random) -> list[str]:
    s = _iri(f"gen-network-{i}")
    name = _name(rng)
    lines = [
        f"{s} {RDF_TYPE} <{DKG}Network> .",
        *_labels(s, f"Netzwerk {name} {i}", f"{name} Network {i}"),
        f"{s} <{DKG}level> {_iri(rng.choice(LEVELS))} .",
        f"{s} <{DKG}theme> {_iri(rng.choice(THEMES))} .",
        f"{s} {DERIVED} {_iri(GENERATED)} .",  # never the page: it states none of this
    ]
    # networks form 4-ary trees of NETWORKS_PER_TREE (two levels below each root), so the
    # hierarchy above a city is as deep at 10^6 triples as at 10^4
    tree, j = divmod(i, NETWORKS_PER_TREE)
    if j > 0:
        parent = tree * NETWORKS_PER_TREE + (j - 1) // 4
        lines.append(f"{s} <{ORG}subOrganizationOf> {_iri(f'gen-network-{parent}')} .")
    return lines


def _city(i: int, rng: random.Random, networks: int) -> list[str]:
    s, country = _iri(f"gen-city-{i}"), i // CITIES_PER_COUNTRY
    src = _iri(f"gen-source-{country}")
    name = f"{_name(rng)} {i}"
    geo = _iri(f"gen-geo-{i}")
    lines = [
        f"{s} {RDF_TYPE} <{DKG}City> .",
        *_labels(s, name, name),
        f"{s} <{SCHEMA}containedInPlace> {_iri(f'gen-country-{country}')} .",
        f"{s} {DERIVED} {src} .",
        f"{geo} {RDF_TYPE} <{DKG}Geolocation> .",
        *_labels(geo, f"Koordinaten von {name}", f"Coordinates of {name}"),
        f"{geo} <{GEO}lat> {_typed(f'{rng.uniform(-80, 80):.4f}', 'decimal')} .",
        f"{geo} <{GEO}long> {_typed(f'{rng.uniform(-179, 179):.4f}', 'decimal')} .",
        f"{geo} <{DKG}locates> {s} .",
        f"{geo} {DERIVED} {src} .",
    ]
    for net in sorted(rng.sample(range(networks), min(MEMBERSHIPS_PER_CITY, networks))):
        m = _iri(f"gen-membership-{i}-{net}")
        year = rng.randint(1950, 2025)
        lines += [
            f"{m} {RDF_TYPE} <{DKG}Membership> .",
            *_labels(
                m, f"{name} – Netzwerk {net}, seit {year}", f"{name} – network {net}, since {year}"
            ),
            f"{m} <{ORG}member> {s} .",
            f"{m} <{ORG}organization> {_iri(f'gen-network-{net}')} .",
            f"{m} <{DKG}startDate> {_typed(str(year), 'gYear')} .",
            f"{m} {DERIVED} {src} .",
        ]
    if i > 0:
        # a partner among the TWINNING_WINDOW cities before this one: how many twinnings a
        # city has does not grow with the size of the data set
        other = rng.randrange(max(0, i - TWINNING_WINDOW), i)
        t = _iri(f"gen-twinning-{i}")
        year = rng.randint(1950, 2025)
        lines += [
            f"{t} {RDF_TYPE} <{DKG}Twinning> .",
            *_labels(t, f"Partnerschaft {name} – {other}", f"Twinning {name} – {other}"),
            f"{t} <{DKG}partner> {s} .",
            f"{t} <{DKG}partner> {_iri(f'gen-city-{other}')} .",
            f"{t} <{DKG}startDate> {_typed(str(year), 'gYear')} .",
            f"{t} {DERIVED} {src} .",
        ]
    return lines


def _staff(i: int, rng: random.Random, cities: list[int]) -> list[str]:
    person, post = _iri(f"gen-person-{i}"), _iri(f"gen-post-{i}")
    contact, tenure = _iri(f"gen-contact-{i}"), _iri(f"gen-tenure-{i}")
    given, family = _name(rng), _name(rng)
    src = generated = _iri(GENERATED)  # never the page: it states none of this
    lines = [
        f"{person} {RDF_TYPE} <{DKG}Person> .",
        *_labels(person, f"{given} {family}", f"{given} {family}"),
        f'{person} <{SCHEMA}givenName> "{given}" .',
        f'{person} <{SCHEMA}familyName> "{family}" .',
        f"{person} <{SCHEMA}contactPoint> {contact} .",
        f"{person} {DERIVED} {src} .",
        *(f"{person} <{DKG}responsibleFor> {_iri(f'gen-city-{c}')} ." for c in cities),
        f"{post} {RDF_TYPE} <{ORG}Post> .",
        *_labels(post, f"Stelle {i}", f"Post {i}"),
        f"{post} <{ORG}role> {_iri('role-head-of-international-relations')} .",
        f"{post} <{ORG}postIn> {_iri('abteilung-internationales')} .",
        f"{post} {DERIVED} {src} .",
        f"{contact} {RDF_TYPE} <{SCHEMA}ContactPoint> .",
        *_labels(contact, f"Kontakt {given} {family}", f"Contact {given} {family}"),
        f'{contact} <{SCHEMA}telephone> "(06151) 13-{1000 + i}" .',
        f"{contact} <http://xmlns.com/foaf/0.1/phone> <tel:+49-6151-13{1000 + i}> .",
        f'{contact} <{SCHEMA}email> "person{i}@example.org" .',
        f"{contact} {DERIVED} {src} .",
        f"{tenure} {RDF_TYPE} <{DKG}Tenure> .",
        *_labels(tenure, f"{given} {family} hat Stelle {i}", f"{given} {family} holds post {i}"),
        f"{tenure} <{DKG}holder> {person} .",
        f"{tenure} <{DKG}post> {post} .",
        f"{tenure} <{DKG}startDate> {_typed(str(rng.randint(1990, 2025)), 'gYear')} .",
        f"{tenure} {DERIVED} {generated} .",
    ]
    return lines


def _generated_source() -> list[str]:
    """The source every synthetic resource cites: the page states none of them, so none
    claims the page (whose every statement must rest on a quote, see ``validate``)."""
    s = _iri(GENERATED)
    return [
        f"{s} {RDF_TYPE} <{DKG}Source> .",
        *_labels(s, "Erzeugte Benchmark-Daten", "Generated benchmark data"),
    ]


def generate(triples: int, seed: int = 1) -> Iterator[str]:
    """N-Triples lines: the project graph, then synthetic data until about ``triples`` lines."""
    rng = random.Random(seed)
    base = [line for line in base_ntriples().splitlines() if line.strip()]
    yield from base
    yield from _generated_source()
    count = len(base) + len(_generated_source())
    # about 42 triples per city with its share of countries, networks and staff; 38 leaves a
    # margin, since generation stops at the target
    cities = max(2 * CITIES_PER_STAFF, (triples - count) // 38)
    networks = max(MEMBERSHIPS_PER_CITY, cities // CITIES_PER_NETWORK)
    for n in range(networks):
        for line in _network(n, rng):
            yield line
            count += 1
    for i in range(cities):
        if count >= triples and i % CITIES_PER_STAFF == 0 and i >= 2 * CITIES_PER_STAFF:
            return
        lines = _country(i // CITIES_PER_COUNTRY) if i % CITIES_PER_COUNTRY == 0 else []
        lines += _city(i, rng, networks)
        if i % CITIES_PER_STAFF == CITIES_PER_STAFF - 1:
            lines += _staff(
                i // CITIES_PER_STAFF, rng, list(range(i - CITIES_PER_STAFF + 1, i + 1))
            )
        yield from lines
        count += len(lines)


def write_dataset(triples: int, out: Path, seed: int = 1) -> tuple[int, int]:
    """Write the data set to ``out``; returns (triples written, number of synthetic cities)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = cities = 0
    with out.open("w", encoding="utf-8") as handle:
        for line in generate(triples, seed):
            handle.write(line + "\n")
            n += 1
            if line.startswith(f"<{DKR}gen-city-") and line.endswith(f"<{DKG}City> ."):
                cities += 1
    return n, cities


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    n, cities = write_dataset(args.triples, args.out, args.seed)
    print(f"wrote {args.out}: {n} triples, {cities} synthetic cities")


if __name__ == "__main__":
    main()
