"""The page copy, the quotes tied to it, and `sources check` against altered copies."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from darmstadt_kg import paths
from darmstadt_kg.cli import cli
from darmstadt_kg.errors import ExitCode
from darmstadt_kg.load import get_store, load_store
from darmstadt_kg.namespaces import sparql_prologue
from darmstadt_kg.sources import Page, quote_problems, quotes_in, shipped_page
from darmstadt_kg.validate import quote_violations
from tests.cli import copy_data, run_cli, run_on

SHIPPED = paths.source_page_file()
YEAR_OLD, YEAR_NEW = "Darmstadt ist seit 1998 aktives", "Darmstadt ist seit 1999 aktives"
DELETED = (
    "Das Netzwerk der Partnerschaftsvereine wurde 2020 von der Wissenschaftsstadt Darmstadt "
    "gegründet. "
)


def _copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_shipped_copy_is_registered_with_its_checksum_and_retrieval_date():
    data = SHIPPED.read_bytes()
    rows = get_store().query(
        sparql_prologue() + "SELECT ?sha ?day { dkr:source-page-text-copy schema:sha256 ?sha ;"
        " dcterms:isFormatOf dkr:source-page ; dkg:retrievedOn ?day }"
    )
    assert [(r["sha"].value, r["day"].value) for r in rows] == [
        (hashlib.sha256(data).hexdigest(), "2026-11-24")
    ]


def test_every_page_sourced_fact_has_a_verbatim_quote():
    assert len(quotes_in(get_store())) >= 51
    assert quote_problems(get_store(), shipped_page()) == []


def test_a_quote_not_in_the_copy_is_one_line_naming_the_fact():
    page = shipped_page()
    altered = Page("altered.txt", page.text.replace(YEAR_OLD, YEAR_NEW))
    problems = quote_violations(get_store(), altered)
    # the sentence's own fact only: the two resources that quote the sentence before it, whose
    # 32-character suffix reaches into the changed year, still find their one occurrence
    assert [(v.check, v.focus) for v in problems] == [
        ("quote", "dkr:membership-darmstadt-mayors-for-peace"),
    ]
    assert "quote not found verbatim in altered.txt" in problems[0].line()


def test_a_page_sourced_fact_without_quote_fails():
    files = [p for p in paths.graph_files() if p.name != "quotes.ttl"]
    store = load_store(paths.ontology_files() + [paths.shapes_file()] + files)
    problems = quote_problems(store, shipped_page())
    quoting_facts = get_store().query(
        sparql_prologue() + "SELECT (COUNT(DISTINCT ?f) AS ?n) { ?f a/rdfs:subClassOf* dkg:Fact ;"
        " oa:hasTarget ?t }"
    )  # since issue 21 entity nodes quote too; this check names the fact nodes
    assert len(problems) == int(next(iter(quoting_facts))["n"].value) >= 51
    assert all("quotes nothing from it" in p for _f, p in problems)


def test_validate_command_fails_with_one_line_per_fact(tmp_path):
    data = copy_data(tmp_path / "data")
    page = data / "sources" / SHIPPED.name
    page.write_text(page.read_text(encoding="utf-8").replace(DELETED, ""), encoding="utf-8")
    out = run_on(data, "validate")
    assert out.returncode == ExitCode.VIOLATION, out.stderr
    lines = [line for line in out.stderr.splitlines() if line.startswith("violation quote:")]
    assert [line for line in lines if "not found verbatim" in line] == [
        "violation quote: dkr:founding-netzwerk-der-partnerschaftsvereine quote not found "
        f"verbatim in sources/{SHIPPED.name}: «{DELETED.strip()}»"
    ]
    # the quotes of the sentences around it lose their 32-character context but are still
    # found, each the one occurrence of its words on the page: no line for them
    assert [line for line in lines if "not found verbatim" not in line] == []


def _check(path: Path):
    return CliRunner().invoke(cli, ["sources", "check", str(path)])


def test_unchanged_copy_is_all_supported_with_no_new_sentences():
    run = _check(SHIPPED)
    assert run.exit_code == 0, run.output
    facts = len(quotes_in(get_store()))
    assert run.output.splitlines()[-1] == (
        f"{facts} facts: {facts} supported, 0 changed, 0 moved, 0 gone; sentences no fact "
        "quotes: 0 changed, 0 moved, 0 gone; 0 new sentence(s)"
    )


def test_json_report_names_the_fact_the_sentence_then_and_now_and_the_words(tmp_path):
    path = _copy(tmp_path, "year.txt", YEAR_OLD, YEAR_NEW)
    run = CliRunner().invoke(cli, ["sources", "check", "--format", "json", str(path)])
    assert run.exit_code == ExitCode.SOURCE_CHANGED
    report = json.loads(run.stdout)
    assert report["exit"] == 10
    assert report["counts"]["facts"]["changed"] == 1
    [fact] = [f for f in report["facts"] if f["verdict"] != "supported"]
    assert fact["fact"] == "dkr:membership-darmstadt-mayors-for-peace"
    [sentence] = fact["sentences"]
    assert sentence["sentence"] == "Darmstadt ist seit 1998 aktives Mitglied dieses Netzwerks."
    assert sentence["now"] == {
        "section": "internationale-netzwerke",
        "sentence": "Darmstadt ist seit 1999 aktives Mitglied dieses Netzwerks.",
    }
    assert sentence["differences"] == [{"then": "1998", "now": "1999"}]
    assert report["unquoted"] == [] and report["new"] == []


def test_text_report_shows_the_sentence_now_and_what_differs(tmp_path):
    path = _copy(tmp_path, "year.txt", YEAR_OLD, YEAR_NEW)
    run = _check(path)
    assert run.exit_code == ExitCode.SOURCE_CHANGED
    lines = run.stdout.splitlines()
    at = lines.index(
        "changed    dkr:membership-darmstadt-mayors-for-peace: quote «Darmstadt ist seit 1998 "
        "aktives Mitglied dieses Netzwerks.»"
    )
    assert lines[at + 2].split() == [
        "now",
        "(internationale-netzwerke)",
        "«Darmstadt",
        "ist",
        "seit",
        "1999",
        "aktives",
        "Mitglied",
        "dieses",
        "Netzwerks.»",
        "—",
        "98%",
        "alike",
    ]
    assert lines[at + 3] == " " * 11 + "what    «1998» → «1999»"
    assert run.stderr.strip().splitlines() == [
        f"darmstadt-kg: error: {path}: 1 fact(s) or sentence(s) of the shipped copy changed, "
        "moved or gone — update the facts and quotes named above, then the shipped copy"
    ]


def test_copy_in_an_unreadable_encoding_is_one_line_and_a_usage_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(SHIPPED.read_text(encoding="utf-8").encode("latin-1", "replace"))
    out = run_cli("sources", "check", str(path))
    assert out.returncode == ExitCode.UNREADABLE
    assert out.stderr.strip().splitlines() == [
        f"darmstadt-kg: error: {path}: unreadable encoding (byte 0xf6 at offset 63 is not "
        "UTF-8) — save the page as UTF-8 text or HTML"
    ]
    assert out.stdout == ""


def test_copy_without_text_is_one_line_and_a_usage_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<!DOCTYPE html><html><body><script>x()</script></body></html>")
    out = run_cli("sources", "check", str(path))
    assert out.returncode == ExitCode.UNREADABLE
    assert out.stderr.strip().splitlines() == [
        f"darmstadt-kg: error: {path}: no text found — give a copy of the page as text or HTML"
    ]


def test_unreadable_copy_is_one_line_and_not_found(tmp_path):
    absent = tmp_path / "absent.txt"
    out = run_cli("sources", "check", str(absent))
    assert out.returncode == ExitCode.NOT_FOUND
    assert out.stderr.strip().splitlines() == [
        f"darmstadt-kg: error: {absent}: cannot read (No such file or directory) — check the path"
    ]


def test_wheel_ships_the_page_copy():
    import tomllib

    pyproject = tomllib.loads((paths.data_root() / "pyproject.toml").read_text(encoding="utf-8"))
    include = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["sources"] == "darmstadt_kg/data/sources"
    assert paths.source_page_file().relative_to(paths.data_root()).as_posix() == (
        "sources/netzwerke-und-kooperationen.txt"
    )
