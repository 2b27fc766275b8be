"""The loader: one store from every file, errors that name file:line:column, nothing partial."""

from __future__ import annotations

from pathlib import Path

import pytest

from darmstadt_kg import paths
from darmstadt_kg.errors import ExitCode, InputSyntaxError, UserError
from darmstadt_kg.load import get_rdflib_graph, get_store, load_store, parse_turtle_files

GOOD = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"
BAD = '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n'


def test_store_holds_ontology_data_and_derived_triples():
    store = get_store()
    assert len(store) > 1000
    assert len(get_rdflib_graph()) == len(store)


def test_store_is_parsed_once_per_process(monkeypatch):
    first = get_store()
    graph = get_rdflib_graph()

    def reload(*_args, **_kwargs):
        raise AssertionError("the files were parsed a second time")

    monkeypatch.setattr("darmstadt_kg.load.load_store", reload)
    monkeypatch.setattr("darmstadt_kg.load.store_to_rdflib", reload)
    assert get_store() is first
    assert get_rdflib_graph() is graph


def test_every_data_file_is_found():
    names = {p.name for p in paths.graph_files()}
    assert len(names) >= 5
    assert paths.shapes_file().is_file()
    assert paths.shapes_file() not in paths.ontology_files()


def test_syntax_error_names_file_line_and_column(tmp_path: Path):
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text(GOOD)
    bad.write_text(BAD)
    with pytest.raises(InputSyntaxError) as info:
        parse_turtle_files([good, bad])
    err = info.value
    assert err.code == ExitCode.SYNTAX
    assert (err.line, err.column) == (3, 11)
    assert str(err).startswith(f"{bad}:3:11: Turtle syntax error")
    assert "\n" not in str(err)


def test_missing_file_is_not_found(tmp_path: Path):
    with pytest.raises(UserError) as info:
        parse_turtle_files([tmp_path / "absent.ttl"])
    assert info.value.code == ExitCode.NOT_FOUND


def test_rules_add_shortcuts_only_when_asked(tmp_path: Path):
    with_rules = load_store()
    without = load_store(rules=False)
    assert len(with_rules) > len(without)
