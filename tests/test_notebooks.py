"""The tutorials in notebooks/ run top to bottom, and the outputs stored in them (text, tables,
images) are the ones a fresh run on the current graph gives: a stale notebook fails here."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
import pytest

from darmstadt_kg.charts.notebooks import execute as run_notebook
from darmstadt_kg.charts.notebooks import main, normalised, stale_cells
from darmstadt_kg.errors import ExitCode

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
CHARTS_NB = next(p for p in NOTEBOOKS if p.name.startswith("04-"))

_FRESH: dict[Path, object] = {}


def fresh(path: Path):
    """The notebook run afresh (once per test session)."""
    if path not in _FRESH:
        _FRESH[path] = run_notebook(path)
    return _FRESH[path]


def test_there_are_the_four_tutorials():
    """SPARQL tour, network analysis, explorer, charts and map — numbered in reading order."""
    assert [nb.name[:3] for nb in NOTEBOOKS] == ["01-", "02-", "03-", "04-"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_without_errors(path: Path):
    notebook = fresh(path)
    errors = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors
    assert all(c.get("execution_count") for c in notebook.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_the_ones_the_current_graph_gives(path: Path):
    stored = nbformat.read(path, as_version=4)
    assert stale_cells(stored, fresh(path)) == [], (
        f"{path.name}: stored outputs are stale — run `make notebooks`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_that_prints_has_its_output_stored(path: Path):
    stored = nbformat.read(path, as_version=4)
    produced = [bool(outs) for outs in normalised(fresh(path))]
    kept = [bool(outs) for outs in normalised(stored)]
    assert any(produced) and kept == produced


def test_charts_notebook_stores_its_four_charts_as_images():
    stored = nbformat.read(CHARTS_NB, as_version=4)
    images = [
        out
        for cell in stored.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    ]
    assert len(images) == 4


def _first_output_with(notebook, predicate):
    for cell in notebook.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if predicate(out):
                return out
    raise AssertionError("no such output")


def test_an_altered_stored_text_output_is_reported_stale():
    altered = copy.deepcopy(nbformat.read(CHARTS_NB, as_version=4))
    out = _first_output_with(altered, lambda o: o.get("output_type") == "stream")
    out["text"] = out["text"].replace("timeline", "timelime", 1)
    assert stale_cells(altered, fresh(CHARTS_NB)) == [1]


def test_an_altered_stored_image_is_reported_stale():
    altered = copy.deepcopy(nbformat.read(CHARTS_NB, as_version=4))
    out = _first_output_with(altered, lambda o: "image/png" in o.get("data", {}))
    png = out["data"]["image/png"]
    out["data"]["image/png"] = png[:100] + ("A" if png[100] != "A" else "B") + png[101:]
    assert len(stale_cells(altered, fresh(CHARTS_NB))) == 1


def test_check_command_fails_with_exit_8_naming_the_stale_cell(tmp_path: Path, capsys):
    source = next(p for p in NOTEBOOKS if p.name.startswith("01-"))
    notebook = json.loads(source.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    stream = next(o for o in code[0]["outputs"] if o["output_type"] == "stream")
    stream["text"] = ["something the graph never said\n"]
    copy_path = tmp_path / source.name
    copy_path.write_text(json.dumps(notebook), encoding="utf-8")
    assert main(["--check", str(copy_path)]) == ExitCode.NOT_CANONICAL
    err = capsys.readouterr().err
    assert f"{copy_path}: stored outputs of code cell(s) 1 are not" in err
    assert "make notebooks" in err


def test_a_changed_graph_makes_the_stored_charts_notebook_stale(data_copy, monkeypatch):
    """Nahariya's twinning moved from 2023 to 2024: the timeline image, the cities table and the
    map (label "Nahariya 2024") differ from the stored outputs; counts by kind, per decade and
    per level stay the same, and so do their cells."""
    cities = data_copy / "graph" / "cities.ttl"
    text = cities.read_text(encoding="utf-8")
    assert 'dkr:nahariya ;\n    dkg:startDate "2023"^^xsd:gYear .' in text
    cities.write_text(
        text.replace(
            'dkr:nahariya ;\n    dkg:startDate "2023"^^xsd:gYear .',
            'dkr:nahariya ;\n    dkg:startDate "2024"^^xsd:gYear .',
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("DARMSTADT_KG_DATA", str(data_copy))
    changed = run_notebook(CHARTS_NB)
    stale = stale_cells(nbformat.read(CHARTS_NB, as_version=4), changed)
    assert stale == [3, 8, 9]


def test_normalising_ignores_counts_addresses_and_split_streams():
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    def nb(outputs, count):
        cell = new_code_cell("x", execution_count=count)
        cell.outputs = outputs
        return new_notebook(cells=[cell])

    a = nb([new_output("stream", name="stdout", text="<Foo at 0x7f3a2b1c9d00>\nok\n")], 1)
    b = nb(
        [
            new_output("stream", name="stdout", text="<Foo at 0x7f00aa11bb22>\n"),
            new_output("stream", name="stdout", text="ok\n"),
        ],
        7,
    )
    c = nb([new_output("stream", name="stdout", text="<Foo at 0x7f00aa11bb22>\nko\n")], 1)
    assert stale_cells(a, b) == []
    assert stale_cells(a, c) == [1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_streams_are_merged_so_rewriting_gives_the_same_file(path: Path):
    """The kernel splits prints into outputs by timing; `make notebooks` stores one per run."""
    stored = nbformat.read(path, as_version=4)
    for cell in (c for c in stored.cells if c.cell_type == "code"):
        kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
        assert all(
            not (a == b and a[0] == "stream") for a, b in zip(kinds, kinds[1:], strict=False)
        )
