"""Shrink a data set on which Virtuoso's answer differs from pyoxigraph's (delta debugging).

    python -m benchmarks.shrink QUERY.rq DATA.nt OUT.nt

Runs Zeller's *ddmin* over the triples of DATA: a subset is kept when Virtuoso's answer to QUERY
over that subset alone still differs from pyoxigraph's over the same subset, as multisets of
solutions (``benchmarks.answers``). Every test starts a *new* private Virtuoso
(``scripts/virtuoso.sh``, Debian's settings) and loads the subset with ``TTLP``: reusing one
instance with a cleared graph does not work, because the disagreement found for
``chain-to-body`` depends on what the instance held before (the subset found that way answers
correctly on a new instance). Writes the smallest such subset found to OUT. This is how
the reproductions in ``benchmarks/repro/`` were found; ``benchmarks.repro`` replays them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["differs", "ddmin", "fresh_answers"]

GRAPH = "urn:darmstadt-kg:shrink"


def _answers(virtuoso, runner, text: str, lines: list[str], folder: Path):
    import pyoxigraph as ox

    from benchmarks.answers import from_query_result
    from darmstadt_kg.query import execute

    data = folder / "subset.nt"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = (
        f"SPARQL CLEAR GRAPH <{GRAPH}>;\n"
        f"DB.DBA.TTLP_MT(file_to_string_output('{data}'), '', '{GRAPH}', 0);\n"
    )
    done = subprocess.run(
        ["isql-vt", f"127.0.0.1:{virtuoso.sql_port}", "dba", virtuoso.password],
        input=script,
        capture_output=True,
        text=True,
        check=False,
    )
    if "Error" in done.stdout:
        raise RuntimeError(done.stdout[-300:])
    store = ox.Store()
    store.bulk_load(data.read_bytes(), format=ox.RdfFormat.N_TRIPLES)
    ours = from_query_result(execute(store, text))
    theirs = runner.answer(runner(text))
    return ours, theirs


def fresh_answers(text: str, lines: list[str]):
    """(pyoxigraph's, Virtuoso's) answers over ``lines`` alone, on a new Virtuoso instance."""
    from benchmarks.engines import HttpRunner
    from benchmarks.virtuoso import Virtuoso

    with tempfile.TemporaryDirectory(prefix="shrink-") as tmp:
        virtuoso = Virtuoso(Path(tmp) / "virtuoso")
        virtuoso.start()
        try:
            runner = HttpRunner(virtuoso.endpoint, {"default-graph-uri": GRAPH})
            try:
                return _answers(virtuoso, runner, text, lines, virtuoso.folder.resolve())
            finally:
                runner.close()
        finally:
            virtuoso.remove()


def differs(text: str, lines: list[str]) -> bool:
    ours, theirs = fresh_answers(text, lines)
    return ours.lines != theirs.lines


def ddmin(lines: list[str], test) -> list[str]:
    """Zeller's ddmin: a 1-minimal sublist of ``lines`` for which ``test`` holds."""
    n = 2
    while len(lines) >= 2:
        chunk = len(lines) // n
        parts = [lines[i : i + chunk] for i in range(0, len(lines), chunk)]
        for i, part in enumerate(parts):
            if test(part):
                lines, n = part, 2
                break
            rest = [x for j, p in enumerate(parts) if j != i for x in p]
            if test(rest):
                lines, n = rest, max(n - 1, 2)
                break
        else:
            if n >= len(lines):
                break
            n = min(len(lines), 2 * n)
        print(f"  {len(lines)} triples", flush=True)
    return lines


def main(argv: list[str]) -> int:
    query, data, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    text = query.read_text(encoding="utf-8")
    lines = [x for x in data.read_text(encoding="utf-8").splitlines() if x.strip()]
    if not differs(text, lines):
        print("the answers agree on the whole data: nothing to shrink")
        return 1
    small = ddmin(lines, lambda sub: differs(text, sub))
    out.write_text("\n".join(small) + "\n", encoding="utf-8")  # in the order that reproduces
    ours, theirs = fresh_answers(text, small)
    print(f"{len(small)} triples; pyoxigraph {sorted(ours.lines)}; Virtuoso {sorted(theirs.lines)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
