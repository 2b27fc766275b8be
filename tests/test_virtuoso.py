"""The graph in a real Virtuoso (Debian's, started by scripts/virtuoso.sh): it reads back
isomorphic, answers the question library as the embedded store does, and a wrong password or a
broken upload changes nothing."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest

from darmstadt_kg import paths
from darmstadt_kg.load import get_rdflib_graph, get_store
from darmstadt_kg.namespaces import GRAPHS, SCHEMA
from darmstadt_kg.publish import GRAPH_IRI
from darmstadt_kg.publish.store import Credentials, StoreError, push_data
from tests.cli import run_cli
from tests.rdf_terms import LANG_STRING, XSD_STRING, local_rows, remote_rows
from tests.servers import free_port as _free_port
from tests.system import require

pytestmark = pytest.mark.virtuoso

# `push` publishes the store's three named graphs (asserted, derived, vocabulary) under their IRIs
PUBLISHED = sorted(GRAPHS.values())

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "virtuoso.sh"

# Library queries Debian's Virtuoso 7.2.5 cannot compile (its SQL translation fails, error
# SQ200) would be listed here; they may fail with exactly that error and nothing else — a wrong
# answer never passes. At present every library query compiles and answers alike.
VIRTUOSO_CANNOT_COMPILE: dict[str, str] = {}

# The dba password of each running instance by its base URL: scripts/virtuoso.sh leaves no
# endpoint open to anonymous clients, so every read below authenticates (digest, user dba).
_PASSWORDS: dict[str, str] = {}


@contextmanager
def _instance(folder: Path, push: bool):
    """A private Virtuoso on 127.0.0.1 with its database in ``folder`` (the project's graph
    pushed by the CLI when ``push``); stopped afterwards."""
    env = {
        **os.environ,
        "VIRTUOSO_PASSWORD": secrets.token_urlsafe(12),
        "VIRTUOSO_HTTP_PORT": str(_free_port()),
        "VIRTUOSO_SQL_PORT": str(_free_port()),
    }
    require("virtuoso-opensource")  # installed by scripts/install-system-deps.sh, never here
    started = subprocess.run(
        ["bash", str(SCRIPT), "start", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert started.returncode == 0, started.stderr
    base = f"http://127.0.0.1:{env['VIRTUOSO_HTTP_PORT']}"
    _PASSWORDS[base] = env["VIRTUOSO_PASSWORD"]
    try:
        if push:
            pushed = run_cli(
                "push",
                "--url",
                base,
                env={**env, "DARMSTADT_KG_STORE_PASSWORD": env["VIRTUOSO_PASSWORD"]},
                timeout=300,
            )
            assert pushed.returncode == 0, pushed.stderr
            assert pushed.stdout.startswith(f"pushed {len(get_rdflib_graph())} triples")
        yield {"base": base, "password": env["VIRTUOSO_PASSWORD"], "env": env, "folder": folder}
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], env=env, timeout=120)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A private Virtuoso on 127.0.0.1 with the graph pushed by the CLI; stopped afterwards."""
    with _instance(tmp_path_factory.mktemp("virtuoso"), push=True) as instance:
        yield instance


@pytest.fixture()
def fresh_virtuoso(tmp_path_factory):
    """A new private Virtuoso of its own, for the large upload (no other test's data in it)."""
    with _instance(tmp_path_factory.mktemp("virtuoso-fresh"), push=False) as instance:
        yield instance


def _sparql(base: str, query: str, fmt: str = "json"):
    from SPARQLWrapper import DIGEST, JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(f"{base}/sparql")
    client.setHTTPAuth(DIGEST)
    client.setCredentials("dba", _PASSWORDS[base])
    for graph in PUBLISHED:  # their merge is the default graph, as in the embedded store
        client.addDefaultGraph(graph)
    client.setMethod("POST")
    client.setQuery(query)
    client.setReturnFormat(JSON if fmt == "json" else TURTLE)
    return client.queryAndConvert()


def _construct_graph(base: str, graphs: list[str] = PUBLISHED):
    import rdflib

    values = " ".join(f"<{g}>" for g in graphs)
    data = _sparql(
        base,
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
        "turtle",
    )
    graph = rdflib.Graph()
    graph.parse(data=data, format="turtle")
    return graph


def _named_graphs(base: str) -> list[str]:
    rows = _sparql(
        base,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{GRAPH_IRI}")) }}',
    )["results"]["bindings"]
    return sorted(r["g"]["value"] for r in rows)


def test_graph_reads_back_isomorphic(virtuoso):
    from rdflib.compare import isomorphic

    back = _construct_graph(virtuoso["base"])
    assert len(back) == len(get_rdflib_graph())
    assert isomorphic(back, get_rdflib_graph())
    assert _named_graphs(virtuoso["base"]) == PUBLISHED  # no staging graph left


def _library() -> list[Path]:
    return sorted(paths.queries_dir().glob("*.rq")) if paths.queries_dir().is_dir() else []


# GROUP_CONCAT over literals that all share one language tag: Oxigraph keeps the tag (as CONCAT
# does), Virtuoso answers a plain xsd:string. For variables bound to a GROUP_CONCAT only that
# difference is allowed (the lexical form must still match); every other term is compared in full.
_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\(.*?\)\s*AS\s*\?(\w+)", re.I | re.S)


def _untag(rows: Counter, column: int) -> Counter:
    """``rows`` with the term in ``column`` as a plain string if it was a language string, and
    an unbound value as the empty string: over a group whose values are all unbound, Virtuoso's
    GROUP_CONCAT answers "" where Oxigraph leaves the variable unbound."""
    out: Counter = Counter()
    for row, n in rows.items():
        term = row[column]
        if term == ("unbound",):
            term = ("literal", "", XSD_STRING, "")
        if term[0] == "literal" and term[2] in (LANG_STRING, XSD_STRING):
            row = (*row[:column], ("literal", term[1], XSD_STRING, ""), *row[column + 1 :])
        out[row] += n
    return out


def test_question_library_answers_as_the_embedded_store_with_full_terms(virtuoso):
    """Each solution compared term by term: IRI, or lexical form + datatype + language."""
    import pyoxigraph as ox
    import rdflib
    from rdflib.compare import isomorphic
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError

    files = _library()
    compared, refused = [], []
    for path in files:
        text = path.read_text(encoding="utf-8")
        local = get_store().query(text)
        try:
            if isinstance(local, ox.QueryBoolean):
                assert _sparql(virtuoso["base"], text)["boolean"] is bool(local), path.name
            elif hasattr(local, "variables"):
                names = [v.value for v in local.variables]
                remote = remote_rows(_sparql(virtuoso["base"], text), names)
                expected = local_rows(local)
                for name in set(_GROUP_CONCAT.findall(text)) & set(names):
                    column = names.index(name)
                    remote = _untag(remote, column)
                    expected = _untag(expected, column)
                assert remote == expected, path.name
            else:  # CONSTRUCT / DESCRIBE: the same triples
                expected = rdflib.Graph()
                for t in local:
                    expected.parse(data=f"{t} .", format="nt")
                got = rdflib.Graph()
                got.parse(data=_sparql(virtuoso["base"], text, "turtle"), format="turtle")
                assert isomorphic(got, expected), path.name
            compared.append(path.stem)
        except EndPointInternalError as err:
            known = VIRTUOSO_CANNOT_COMPILE.get(path.stem)
            assert known and "SQ200" in str(err) and known in str(err), f"{path.name}: {err}"
            refused.append(path.stem)
    assert len(compared) >= len(files) - len(VIRTUOSO_CANNOT_COMPILE)
    assert len(compared) > 0 or not files


def test_wrong_password_exits_7_and_changes_nothing(virtuoso):
    from rdflib.compare import isomorphic

    env = {**virtuoso["env"], "DARMSTADT_KG_STORE_PASSWORD": virtuoso["password"] + "-wrong"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "darmstadt_kg",
            "publish",
            "store",
            "--url",
            virtuoso["base"],
            "--graph",
            GRAPH_IRI,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 7
    assert re.search(r"refused user 'dba' \(HTTP 401\)", result.stderr)
    assert virtuoso["password"] not in result.stderr + result.stdout
    assert isomorphic(_construct_graph(virtuoso["base"]), get_rdflib_graph())


def test_upload_that_breaks_part_way_leaves_the_old_graph(virtuoso):
    """A body that breaks at 80 %: Virtuoso has already loaded the first part into the staging
    graph, which is dropped; the published graph is untouched."""
    from rdflib.compare import isomorphic

    from darmstadt_kg.publish.dumps import serialise

    lines = serialise(get_rdflib_graph(), "nt").decode().splitlines()
    lines.insert(len(lines) * 4 // 5, "<urn:broken <urn:p> .")
    with pytest.raises(StoreError) as err:
        push_data(
            ("\n".join(lines) + "\n").encode(),
            len(lines),
            virtuoso["base"],
            credentials=Credentials("dba", virtuoso["password"]),
        )
    assert "HTTP 500" in str(err.value)
    assert str(err.value).endswith(f"nothing was replaced: <{GRAPH_IRI}> still hold the old graphs")
    assert isomorphic(_construct_graph(virtuoso["base"]), get_rdflib_graph())
    assert _named_graphs(virtuoso["base"]) == PUBLISHED  # no staging graph, no half a graph


def test_unreachable_after_stop_is_reported(virtuoso, tmp_path):
    """A port nobody listens on, with the Virtuoso profile: exit 7, one line."""
    result = run_cli(
        "push",
        "--url",
        f"http://127.0.0.1:{_free_port()}",
        env={**virtuoso["env"], "DARMSTADT_KG_STORE_PASSWORD": "x"},
        timeout=120,
    )
    assert result.returncode == 7
    assert len(result.stderr.strip().splitlines()) == 1


def test_large_graphs_go_up_in_chunks(virtuoso):
    """Bodies over ``chunk_bytes`` are split into N-Triples chunks, added one by one into the
    staging graph; the result is the same graph."""
    from rdflib.compare import isomorphic

    from darmstadt_kg.publish.dumps import serialise
    from darmstadt_kg.publish.store import chunks

    data = serialise(get_rdflib_graph(), "ttl")
    parts = chunks(data, 40_000)
    assert len(parts) > 5
    target = f"{GRAPH_IRI}/chunk-test"
    report = push_data(
        data,
        len(get_rdflib_graph()),
        virtuoso["base"],
        graph=target,
        credentials=Credentials("dba", virtuoso["password"]),
        chunk_bytes=40_000,
    )
    assert report.triples == len(get_rdflib_graph())
    assert isomorphic(_construct_graph(virtuoso["base"], [target]), get_rdflib_graph())
    assert _named_graphs(virtuoso["base"]) == sorted([*PUBLISHED, target])
    _update(virtuoso, f"DROP SILENT GRAPH <{target}>")
    assert _named_graphs(virtuoso["base"]) == PUBLISHED


def test_the_database_folder_is_private_and_no_file_holds_the_password(virtuoso):
    folder = virtuoso["folder"]
    assert folder.stat().st_mode & 0o777 == 0o700
    secret = virtuoso["password"].encode()
    holding = [p.name for p in folder.iterdir() if p.is_file() and secret in p.read_bytes()]
    assert holding == []  # virtuoso.trx was emptied by the checkpoint after setting it


def _update(virtuoso, text: str) -> None:
    import httpx

    answer = httpx.post(
        f"{virtuoso['base']}/sparql-auth",
        data={"query": text},
        auth=httpx.DigestAuth("dba", virtuoso["password"]),
        timeout=60,
    )
    assert answer.status_code == 200, answer.text


def _count(base: str, graph: str) -> int:
    """Triples in ``graph``, asked without a default-graph-uri (all graphs in the dataset)."""
    import httpx

    answer = httpx.post(
        f"{base}/sparql",
        data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
        headers={"Accept": "application/sparql-results+json"},
        auth=httpx.DigestAuth("dba", _PASSWORDS[base]),
        timeout=120,
    )
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def _sql_graphs(virtuoso) -> dict[str, int]:
    """Triples per graph as Virtuoso's SQL counts them over its primary key (isql): the check of
    a large upload. Virtuoso 7.2 at times hangs on SPARQL's count of a graph it has just
    written in bulk (its GS index lookup never returns, see publish/store.py), also after a
    push that went through; this scan does not use that index."""
    sql = (
        "select id_to_iri(G), count(*) from DB.DBA.RDF_QUAD table option (index primary key) "
        "group by G"
    )
    port = virtuoso["env"]["VIRTUOSO_SQL_PORT"]
    done = subprocess.run(
        ["isql-vt", f"127.0.0.1:{port}", "dba", virtuoso["password"], f"exec={sql};"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"isql exit {done.returncode}: {done.stdout}{done.stderr}"
    rows = re.findall(r"^(\S+)\s+(\d+)\s*$", done.stdout, re.M)
    assert rows, done.stdout
    return {graph: int(n) for graph, n in rows}


_LARGE_PUSH = """
import os, sys
from darmstadt_kg.publish.store import DEFAULT_CHUNK_BYTES, Credentials, chunks, push_data
n = 300_000
data = "".join(
    f'<urn:x:s{i}> <urn:x:p{i % 7}> "value {i} \u2014 \u00fc"@de .\\n'
    if i % 3
    else f"<urn:x:s{i}> <urn:x:next> <urn:x:s{i + 1}> .\\n"
    for i in range(n)
).encode()
assert len(chunks(data, DEFAULT_CHUNK_BYTES)) > 3
report = push_data(data, n, os.environ["BASE"], graph=os.environ["GRAPH"],
                   credentials=Credentials("dba", os.environ["PASSWORD"]), timeout=30)
print(report.triples)
"""


def test_a_graph_of_several_default_chunks_goes_up(fresh_virtuoso):
    """Was: "Connection reset by peer" (each 16 MiB body sent unauthenticated first). 300,000
    triples, four bodies of the default chunk size (4 MiB). The push runs in a process of its
    own, as `push` does for a user. (120,000 triples took 5 s, but Virtuoso hung in 4 of 10 such
    runs, against 1 of 13 runs of 300,000: 12-15 s each without a hang.)"""
    virtuoso = fresh_virtuoso
    graph = "urn:darmstadt-kg:test:large"
    n = 300_000

    def push():
        return subprocess.run(
            [sys.executable, "-c", _LARGE_PUSH],
            env={
                **os.environ,
                "BASE": virtuoso["base"],
                "GRAPH": graph,
                "PASSWORD": virtuoso["password"],
            },
            capture_output=True,
            text=True,
            timeout=900,
        )

    pushed = push()
    for _ in range(2):
        if pushed.returncode == 0 or "did not answer" not in pushed.stderr:
            break
        # Debian's Virtuoso 7.2 hung on the graph it had just loaded in 10 of 36 such uploads
        # (see publish/store.py), or later while moving it into place: push must say
        # so in one line and leave the hung store alone; after the restart it advises, the
        # graph is absent or whole (never part of it), and a push goes up (the hang may come
        # again: three pushes in all).
        last = pushed.stderr.strip().splitlines()[-1]
        swapping = "while swapping the graphs" in last
        if swapping:
            assert "restart it and check before relying on them" in last, last
        else:
            assert "and push again" in last and "nothing was replaced" in last, last
        for step in ("stop", "start"):
            subprocess.run(
                ["bash", str(SCRIPT), step, str(virtuoso["folder"])],
                env=virtuoso["env"],
                check=True,
                timeout=300,
                capture_output=True,
            )
        held = _sql_graphs(virtuoso).get(graph, 0)
        assert held in ((0, n) if swapping else (0,)), held
        pushed = push()
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout.strip() == str(n)
    graphs = _sql_graphs(virtuoso)
    assert graphs[graph] == n
    assert [g for g in graphs if g.startswith(graph + "/")] == []  # no staging graph is left


def test_injection_through_graph_is_refused_and_the_victim_graph_survives(virtuoso):
    _update(virtuoso, 'INSERT DATA { GRAPH <urn:victim> { <urn:s> <urn:p> "kept" } }')
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "darmstadt_kg",
            "push",
            "--url",
            virtuoso["base"],
            "--graph",
            "urn:a> ; CLEAR GRAPH <urn:victim> ; DROP SILENT GRAPH <urn:b",
        ],
        env={**virtuoso["env"], "DARMSTADT_KG_STORE_PASSWORD": virtuoso["password"]},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2 and "is not an absolute IRI" in result.stderr
    assert _count(virtuoso["base"], "urn:victim") == 1
    _update(virtuoso, "DROP SILENT GRAPH <urn:victim>")


def test_staging_graphs_of_an_earlier_push_are_dropped_by_the_next(virtuoso):
    left = f"{PUBLISHED[0]}/staging/0123456789abcdef0123456789abcdef"  # as a killed push leaves
    _update(virtuoso, f'INSERT DATA {{ GRAPH <{left}> {{ <urn:s> <urn:p> "left over" }} }}')
    assert _named_graphs(virtuoso["base"]) == sorted([*PUBLISHED, left])
    result = run_cli(
        "push",
        "--url",
        virtuoso["base"],
        env={**virtuoso["env"], "DARMSTADT_KG_STORE_PASSWORD": virtuoso["password"]},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert _named_graphs(virtuoso["base"]) == PUBLISHED


def test_a_store_with_named_graphs_goes_up_graph_by_graph_in_one_move_request(virtuoso):
    """As after the move to asserted/derived/vocabulary graphs: each named graph of the store
    lands in the graph of its IRI (Virtuoso runs the MOVE operations of one request)."""
    import pyoxigraph as ox

    from darmstadt_kg.publish.store import push_store

    named = ["urn:darmstadt-kg:test:asserted", "urn:darmstadt-kg:test:derived"]
    # the project's triples, once each (the store holds them in its own named graphs)
    triples = {q.triple for q in get_store().quads_for_pattern(None, None, None, None)}
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in sorted(triples, key=str)]
    half = len(quads) // 2
    store = ox.Store()
    for iri, part in zip(named, (quads[:half], quads[half:]), strict=True):
        store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(iri)) for q in part)
    report = push_store(
        store, virtuoso["base"], credentials=Credentials("dba", virtuoso["password"])
    )
    assert report.graphs == tuple(named)
    assert [_count(virtuoso["base"], iri) for iri in named] == [half, len(quads) - half]
    for iri in named:
        _update(virtuoso, f"DROP SILENT GRAPH <{iri}>")


_GRAPH_PUSH = """
import os, sys
from darmstadt_kg.publish.store import Credentials, push_data
start, n = int(sys.argv[1]), int(sys.argv[2])
lines = (f'<urn:x:s{i}> <urn:x:p{i % 7}> "value {i}"@de .\\n' for i in range(start, start + n))
data = "".join(lines)
report = push_data(data.encode(), n, os.environ["BASE"], graph=os.environ["GRAPH"],
                   credentials=Credentials("dba", os.environ["PASSWORD"]), timeout=120)
print(report.triples)
"""


def _stat(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")", 1)[1]
    except OSError:
        return " Z "


_DUMP = """
import sys
import pyoxigraph as ox
from darmstadt_kg.load import get_store
sys.stdout.buffer.write(get_store().dump(format=ox.RdfFormat.N_QUADS))
"""


def test_a_push_reported_as_successful_survives_kill_9_and_a_restart(fresh_virtuoso, data_copy):
    """Was (issue 23): killed with ``kill -9`` after a push had reported success, Debian's
    Virtuoso 7.2.5 came back with part of the graphs (15,157 of 100,000 triples measured; the
    issue saw the project's graph lose 1,389 triples). Two pushes each of the project's graphs
    (one phone number changed in between) and of 30,000 triples (1,000 shifted), then
    ``kill -9`` at once and a restart: every graph holds exactly what the last push sent."""
    import rdflib
    from rdflib.compare import isomorphic

    virtuoso = fresh_virtuoso
    big, n = "urn:darmstadt-kg:test:durable", 30_000
    env = {
        **virtuoso["env"],
        "DARMSTADT_KG_DATA": str(data_copy),
        "DARMSTADT_KG_STORE_PASSWORD": virtuoso["password"],
    }

    def push_project() -> None:
        done = run_cli("push", "--url", virtuoso["base"], env=env, timeout=600)
        assert done.returncode == 0, done.stderr

    def push_big(start: int) -> None:
        done = subprocess.run(
            [sys.executable, "-c", _GRAPH_PUSH, str(start), str(n)],
            env={**env, "BASE": virtuoso["base"], "GRAPH": big, "PASSWORD": virtuoso["password"]},
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0 and done.stdout.strip() == str(n), done.stderr

    push_project()
    push_big(0)
    office = data_copy / "graph" / "office.ttl"
    text = office.read_text(encoding="utf-8")
    assert '"(06151) 13-3608"' in text
    office.write_text(text.replace('"(06151) 13-3608"', '"(06151) 13-9999"'), encoding="utf-8")
    push_project()
    push_big(1000)

    folder = virtuoso["folder"]
    pid = int((folder / "virtuoso.pid").read_text())
    os.kill(pid, 9)  # at once, no checkpoint of its own
    # gone, not only dead: Virtuoso's lock file names this pid, and while the killed server is a
    # zombie nobody has reaped yet (init may take a while on a busy machine) a new one refuses
    # to start ("already running")
    deadline = time.monotonic() + 60
    while Path(f"/proc/{pid}").exists():
        assert time.monotonic() < deadline, f"the killed Virtuoso {pid} remains: {_stat(pid)}"
        time.sleep(0.1)
    restarted = subprocess.run(
        ["bash", str(SCRIPT), "start", str(folder)],
        env=virtuoso["env"],
        timeout=300,
        capture_output=True,
        text=True,
    )
    assert restarted.returncode == 0, restarted.stderr

    counts = _sql_graphs(virtuoso)
    assert counts.get(big) == n
    import httpx

    rows = httpx.post(
        f"{virtuoso['base']}/sparql",
        data={
            "query": f"SELECT ?s WHERE {{ GRAPH <{big}> {{ ?s ?p ?o "
            f"FILTER(?s IN (<urn:x:s999>, <urn:x:s1000>, <urn:x:s{n + 999}>)) }} }}"
        },
        headers={"Accept": "application/sparql-results+json"},
        auth=httpx.DigestAuth("dba", virtuoso["password"]),
        timeout=120,
    ).json()["results"]["bindings"]
    assert sorted(r["s"]["value"] for r in rows) == ["urn:x:s1000", f"urn:x:s{n + 999}"]
    local = subprocess.run(  # the altered copy's graphs, as N-Quads, from a process of its own
        [sys.executable, "-c", _DUMP], env=env, capture_output=True, timeout=300, check=True
    )
    expected = rdflib.Dataset()
    expected.parse(data=local.stdout, format="nquads")
    for iri in PUBLISHED:
        want = expected.graph(rdflib.URIRef(iri))
        assert counts.get(iri) == len(want), iri
        assert isomorphic(_construct_graph(virtuoso["base"], [iri]), want), iri
    asserted = _construct_graph(virtuoso["base"], [GRAPHS["asserted"]])
    phones = {str(o) for o in asserted.objects(None, SCHEMA.telephone)}
    assert "(06151) 13-9999" in phones and "(06151) 13-3608" not in phones


class _Listener:
    """A local HTTP server that records every path asked of it: proof of a request the store
    was made to send (server-side request forgery) or, when empty, that it sent none."""

    def __init__(self) -> None:
        import http.server
        import threading

        seen: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                seen.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"listener")

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.seen = seen
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# What an anonymous client of Debian's Virtuoso 7.2.5 could do through /sparql before
# scripts/virtuoso.sh locked it (measured on an instance it had started): bif:exec runs SQL
# as the account SPARQL — checkpoint, registry_set, and sequence_set of the IRI id sequence,
# after which every insert of a new IRI failed with a uniqueness violation; bif:http_get fetched
# any URL. file_to_string and system were refused by Virtuoso itself (SP031), INSERT by the
# account's missing SPARQL_UPDATE role.
_ANONYMOUS_SPARQL = {
    "exec checkpoint": 'SELECT (bif:exec("checkpoint") AS ?x) {}',
    "exec by prefix": 'PREFIX b: <bif:> SELECT (b:exec("checkpoint") AS ?x) {}',
    "exec by IRI": 'SELECT (<bif:exec>("checkpoint") AS ?x) {}',
    "exec registry_set": "SELECT (bif:exec(\"registry_set('dkg_probe', '1')\") AS ?x) {}",
    "exec sequence_set": (
        "SELECT (bif:exec(\"sequence_set('RDF_URL_IID_NAMED', 5, 0)\") AS ?x) {}"
    ),
    "exec file_to_string": (
        "SELECT (bif:exec(\"select cast(file_to_string('/etc/passwd') as integer)\") AS ?x) {}"
    ),
    "file_to_string": 'SELECT (bif:file_to_string("/etc/passwd") AS ?x) {}',
    "system": 'SELECT (bif:system("true") AS ?x) {}',
    "insert": 'INSERT DATA { GRAPH <urn:dkg:anonymous> { <urn:s> <urn:p> "written" } }',
    "sparql update via exec": (
        'SELECT (bif:exec("SPARQL INSERT DATA { GRAPH <urn:dkg:anonymous> '
        '{ <urn:s> <urn:p> 1 } }") AS ?x) {}'
    ),
}


def test_an_anonymous_client_can_do_nothing_and_the_store_is_unchanged(virtuoso):
    """Each call that was dangerous is refused before Virtuoso compiles it (HTTP 401), over
    GET and POST; nothing it would have done happened: no request left the store, no registry
    value or graph was written, and a new IRI can still be inserted (the id sequence is
    intact)."""
    import httpx

    base = virtuoso["base"]
    listener = _Listener()
    queries = {
        **_ANONYMOUS_SPARQL,
        "http_get": f'SELECT (bif:http_get("{listener.url}/http_get") AS ?x) {{}}',
        "exec http_get": (
            f"SELECT (bif:exec(\"select cast(http_get('{listener.url}/exec') as integer)\")"
            " AS ?x) {}"
        ),
        "service": f"SELECT * {{ SERVICE <{listener.url}/service> {{ ?s ?p ?o }} }}",
        "sponge": f"SELECT * FROM <{listener.url}/sponge> {{ ?s ?p ?o }}",
    }
    try:
        for name, query in queries.items():
            for answer in (
                httpx.post(f"{base}/sparql", data={"query": query}, timeout=60),
                httpx.get(f"{base}/sparql", params={"query": query}, timeout=60),
                httpx.get(f"{base}/sparql/", params={"query": query}, timeout=60),
            ):
                assert answer.status_code == 401, (name, answer.status_code, answer.text[:200])
                assert "root:" not in answer.text, name
        for path in (
            f"/proxy?url={listener.url}/proxy",
            f"/uriqa/?uri={listener.url}/uriqa",
            f"/URIQA/?uri={listener.url}/URIQA",
        ):
            assert httpx.get(base + path, timeout=60).status_code in (401, 403, 404), path
        crud = f"{base}/sparql-graph-crud"
        assert (
            httpx.get(crud, params={"graph-uri": GRAPHS["asserted"]}, timeout=60).status_code == 401
        )
        put = httpx.put(
            crud,
            params={"graph-uri": "urn:dkg:anonymous"},
            content=b"<urn:s> <urn:p> <urn:o> .",
            headers={"Content-Type": "text/turtle"},
            timeout=60,
        )
        assert put.status_code == 401
        for auth in (httpx.BasicAuth("dav", "dav"), httpx.DigestAuth("dav", "dav")):
            assert httpx.get(f"{base}/DAV/", auth=auth, timeout=60).status_code == 401
    finally:
        listener.close()
    assert listener.seen == []  # the store fetched nothing for anyone
    registry = _sparql(base, 'SELECT (bif:registry_get("dkg_probe") AS ?v) {}')
    assert registry["results"]["bindings"][0]["v"]["value"] == "0"  # never written
    assert _count(base, "urn:dkg:anonymous") == 0
    iri = f"urn:dkg:new:{secrets.token_hex(6)}"
    _update(virtuoso, f'INSERT DATA {{ GRAPH <urn:dkg:probe> {{ <{iri}> <{iri}> "ok" }} }}')
    assert _count(base, "urn:dkg:probe") == 1
    _update(virtuoso, "DROP SILENT GRAPH <urn:dkg:probe>")


def test_dba_keeps_the_checkpoint_push_needs(virtuoso):
    """The lock keeps what push uses: the dba's checkpoint through /sparql-auth answers."""
    import httpx

    query = paths.package_resource("publish", "queries", "store-checkpoint-virtuoso.rq")
    answer = httpx.post(
        f"{virtuoso['base']}/sparql-auth",
        data={"query": query.read_text(encoding="utf-8")},
        headers={"Accept": "application/sparql-results+json"},
        auth=httpx.DigestAuth("dba", virtuoso["password"]),
        timeout=120,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"]["bindings"][0]["done"]["value"] == "0"


def test_an_analyst_queries_the_locked_endpoint_only_with_a_login(virtuoso, tmp_path):
    """`query --endpoint` on Virtuoso as scripts/virtuoso.sh leaves it (no anonymous SPARQL):
    refused with a hint without --auth, the same rows as the embedded store with it, and a
    wrong password refused without being shown."""

    def query(*options, password=None):
        env = {k: v for k, v in virtuoso["env"].items() if not k.startswith("DARMSTADT_KG_STORE")}
        if password is not None:
            env |= {"DARMSTADT_KG_STORE_USER": "dba", "DARMSTADT_KG_STORE_PASSWORD": password}
        endpoint = f"{virtuoso['base']}/sparql"
        command = ["query", "partner-cities", "-f", "csv", "--endpoint", endpoint, *options]
        return run_cli(*command, env=env, without=("DARMSTADT_KG_STORE",), timeout=120)

    local = run_cli("query", "partner-cities", "-f", "csv", timeout=120)
    assert local.returncode == 0 and local.stdout.count("\n") > 10, local.stderr

    anonymous = query(password=virtuoso["password"])  # a login at hand is not sent unasked
    assert anonymous.returncode == 7, anonymous.stderr
    assert "HTTP 401" in anonymous.stderr and "add --auth digest" in anonymous.stderr
    assert len(anonymous.stderr.strip().splitlines()) == 1

    logged_in = query("--auth", "digest", password=virtuoso["password"])
    assert logged_in.returncode == 0, logged_in.stderr
    assert logged_in.stdout == local.stdout

    wrong = query("--auth", "digest", password=virtuoso["password"] + "-wrong")
    assert wrong.returncode == 7 and "check the user name and password" in wrong.stderr
    assert virtuoso["password"] not in wrong.stderr + wrong.stdout

    missing = query("--auth", "digest")
    assert missing.returncode == 2 and "no login given" in missing.stderr
