"""Keep the tutorials' stored outputs current: run each notebook afresh and write its outputs
into it (``make notebooks``), or check that the stored outputs are the ones the current graph
gives (the test suite; a stale notebook is one line and exit code 8, like uncanonical Turtle).

Compared after normalising what varies between runs of the same code: execution counts, cell
timing metadata and memory addresses (``0x7f…``). Images are compared byte for byte, which
holds because the charts are written deterministically.

    python -m darmstadt_kg.charts.notebooks notebooks/*.ipynb          # write outputs
    python -m darmstadt_kg.charts.notebooks --check notebooks/*.ipynb  # compare only
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from darmstadt_kg.errors import ExitCode
from darmstadt_kg.files import atomic_write

__all__ = ["execute", "normalised", "stale_cells", "write_outputs", "main"]

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,16}")
_TIMEOUT = 600


def execute(path: Path) -> Any:
    """The notebook at ``path`` run top to bottom in a fresh kernel, in a temporary folder."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="darmstadt-kg-nb-") as folder:
        client = NotebookClient(
            notebook,
            timeout=_TIMEOUT,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": folder}},
        )
        client.execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":  # one output per run of writes to a stream: stable files
            outputs: list = []
            for out in cell.outputs:
                last = outputs[-1] if outputs else None
                if (
                    out.output_type == "stream"
                    and last is not None
                    and last.output_type == "stream"
                    and last.name == out.name
                ):
                    last.text += out.text
                else:
                    outputs.append(out)
            cell.outputs = outputs
    return notebook


def _output(out: dict) -> dict:
    kind = out.get("output_type")
    if kind == "stream":
        return {"type": kind, "name": out.get("name"), "text": _ADDRESS.sub("0x…", out["text"])}
    if kind == "error":
        return {"type": kind, "ename": out.get("ename"), "evalue": out.get("evalue")}
    data = {
        mime: _ADDRESS.sub("0x…", value if isinstance(value, str) else "".join(value))
        for mime, value in out.get("data", {}).items()
    }
    return {"type": "result" if kind == "execute_result" else kind, "data": data}


def _merged(outputs: list[dict]) -> list[dict]:
    """Consecutive writes to one stream as one output (the kernel splits them by timing)."""
    merged: list[dict] = []
    for out in outputs:
        if (
            out["type"] == "stream"
            and merged
            and merged[-1]["type"] == "stream"
            and merged[-1]["name"] == out["name"]
        ):
            merged[-1] = {**merged[-1], "text": merged[-1]["text"] + out["text"]}
        else:
            merged.append(out)
    return merged


def normalised(notebook: Any) -> list[list[dict]]:
    """Per code cell, its outputs without what varies between equal runs."""
    return [
        _merged([_output(out) for out in cell.get("outputs", [])])
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def stale_cells(stored: Any, fresh: Any) -> list[int]:
    """Numbers (1-based, counting code cells) of the cells whose stored output differs."""
    old, new = normalised(stored), normalised(fresh)
    if len(old) != len(new):
        return list(range(1, max(len(old), len(new)) + 1))
    return [i for i, (a, b) in enumerate(zip(old, new, strict=True), start=1) if a != b]


def write_outputs(path: Path) -> Any:
    """Run ``path`` and store its outputs in it (written whole, by rename)."""
    import nbformat

    notebook = execute(path)
    errors = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    if errors:
        raise RuntimeError(f"{path}: a cell raised {errors[0].get('ename')} — fix it first")
    atomic_write(path, nbformat.writes(notebook) + "\n")
    return notebook


def main(argv: list[str] | None = None) -> int:
    import nbformat

    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    paths = [Path(a) for a in args if a != "--check"]
    if not paths:
        print(
            "usage: python -m darmstadt_kg.charts.notebooks [--check] NOTEBOOK...", file=sys.stderr
        )
        return ExitCode.USAGE
    status = ExitCode.OK
    for path in paths:
        if not path.is_file():
            print(f"{path}: no such notebook", file=sys.stderr)
            return ExitCode.NOT_FOUND
        if not check:
            write_outputs(path)
            print(f"{path}: outputs written")
            continue
        cells = stale_cells(nbformat.read(path, as_version=4), execute(path))
        if cells:
            print(
                f"{path}: stored outputs of code cell(s) {', '.join(map(str, cells))} are not "
                "what the current graph gives — run `make notebooks`",
                file=sys.stderr,
            )
            status = ExitCode.NOT_CANONICAL
        else:
            print(f"{path}: stored outputs are current")
    return status


if __name__ == "__main__":
    sys.exit(main())
