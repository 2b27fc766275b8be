"""Replay the minimal reproductions of answer disagreements kept in ``benchmarks/repro/``.

    python -m benchmarks.repro            # every NAME.rq with its NAME.nt

Each reproduction is a query and the data it runs over (N-Triples, in the order that
reproduces: Virtuoso's answer can depend on the order its IRIs were first seen). The data goes
into pyoxigraph, rdflib and a *new* private Virtuoso (``scripts/virtuoso.sh``, Debian's
settings; loaded with ``TTLP``); the three answers are printed in the canonical form of
``benchmarks.answers`` and compared. Found with ``python -m benchmarks.shrink``.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["replay", "main"]

HERE = Path(__file__).resolve().parent / "repro"


def replay(query: Path, data: Path) -> dict[str, str]:
    """{engine: verdict against pyoxigraph}, after printing each engine's answer."""
    import rdflib

    from benchmarks.answers import compare, from_rdflib_result
    from benchmarks.shrink import fresh_answers

    text = query.read_text(encoding="utf-8")
    lines = [x for x in data.read_text(encoding="utf-8").splitlines() if x.strip()]
    ours, virtuoso = fresh_answers(text, lines)
    graph = rdflib.Graph()
    graph.parse(data=data.read_text(encoding="utf-8"), format="nt")
    answers = {
        "pyoxigraph": ours,
        "rdflib": from_rdflib_result(graph.query(text)),
        "Virtuoso": virtuoso,
    }
    for engine, answer in answers.items():
        print(f"  {engine}: {len(answer)} solutions")
        for line, n in sorted(answer.lines.items()):
            print(f"    {n} × {line}")
    return compare(answers, "pyoxigraph")


def main(argv: list[str] | None = None) -> int:
    names = argv if argv else sorted(p.stem for p in HERE.glob("*.rq"))
    for name in names:
        print(f"{name} ({len((HERE / f'{name}.nt').read_text().splitlines())} triples):")
        verdicts = replay(HERE / f"{name}.rq", HERE / f"{name}.nt")
        print("  against pyoxigraph: " + ", ".join(f"{e} {v}" for e, v in verdicts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
