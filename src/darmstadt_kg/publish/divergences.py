"""Where the static SPARQL page's engine answers differently from the endpoint.

The page runs npm ``oxigraph`` 0.5.11 (WebAssembly), the endpoint pyoxigraph. Each known
divergence is named here once, with a probe query (``publish/queries/divergence-<name>.rq``, whose
answer differs between the two engines) and a pattern that finds the construct in a user's
query. The page shows every divergence as a note and warns when a query run matches a pattern
(``sparql.js``); ``tests/test_browser_engine_browser.py`` runs every probe in Chromium and at the
endpoint and fails once the answers agree, so that the note can then be removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from darmstadt_kg import paths

__all__ = ["Divergence", "DIVERGENCES", "probe_file", "patterns"]

# an operand of an arithmetic operator: a variable, a number, a call or a group without nesting
_OPERAND = r"(?:[?$]\w+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|[\w:]+\([^()]*\)|\([^()]*\))"


@dataclass(frozen=True)
class Divergence:
    """One known divergence: its name, what the user is told, and the pattern (a regular
    expression that means the same in JavaScript and Python, matched case-insensitively against
    the query with its strings, IRIs and comments blanked) that finds the construct it affects.
    A pattern sees only what is written: a value that reaches the construct through a variable
    is not flagged, which the note says."""

    name: str
    note: str
    pattern: str


DIVERGENCES = (
    Divergence(
        name="arithmetic-right-to-left",
        note=(
            "Chained arithmetic is grouped right to left in this page: 8-2-2 gives 8 (the "
            "endpoint: 4), 10-5+2 gives 3 (7), 8/2*2 gives 2 (8), 8/4/2 gives 4 (1). Put "
            "parentheses around each step — (8-2)-2 — to get the endpoint's answer here too."
        ),
        # a binary - or / (after an operand: not -8-2's unary minus) followed by an operand (a
        # - may be followed by a product) and another operator of the same level: 8-2-2,
        # 10-2*3-1, 8/2*2
        pattern=(
            rf"[\w)]\s*-\s*{_OPERAND}(?:\s*[*/]\s*{_OPERAND})*\s*[-+]"
            rf"|/\s*{_OPERAND}\s*[*/]"
        ),
    ),
    Divergence(
        name="substr-outside-the-string",
        note=(
            "SUBSTR with a start below 1 or a negative length gives no value in this page; the "
            'endpoint answers as XPath defines it: SUBSTR("abc", 0, 2) gives "a", '
            'SUBSTR("abc", -1) "abc", SUBSTR("abc", 1, -1) "". Keep the start at 1 or more '
            "and the length at 0 or more."
        ),
        pattern=r"substr\s*\((?:[^(),]|\([^()]*\))*,\s*(?:-|0\s*[,)]|(?:[^(),]|\([^()]*\))*,\s*-)",
    ),
    Divergence(
        name="date-plus-duration",
        note=(
            "A duration added to an xsd:date, or a year-month duration added to an "
            "xsd:dateTime, gives a value in this page (2024-03-01 + P1D gives 2024-03-02); "
            "the endpoint leaves it unbound. A value computed so here is not one the endpoint "
            "gives."
        ),
        # a date (a typed literal, or a variable that may hold one) plus a duration literal, a
        # dateTime plus a year-month duration, and the same the other way round
        pattern=(
            r"(?:\^\^[\w-]*:date\b|[?$]\w+)\s*\+\s*\^\^[\w-]*:\w*duration\b"
            r"|\^\^[\w-]*:datetime\s*\+\s*\^\^[\w-]*:yearmonthduration\b"
            r"|duration\s*\+\s*(?:\^\^[\w-]*:date\b|[?$]\w+)"
            r"|yearmonthduration\s*\+\s*\^\^[\w-]*:datetime\b"
        ),
    ),
)
"""Every divergence known between npm oxigraph 0.5.11 and pyoxigraph 0.5.13 (tested)."""


def probe_file(divergence: Divergence) -> Path:
    """The query whose answer shows the divergence."""

    return paths.package_resource("publish", "queries", f"divergence-{divergence.name}.rq")


def patterns() -> list[dict[str, str]]:
    """What the page's script needs to warn: each divergence's name, note and pattern."""
    return [{"name": d.name, "note": d.note, "pattern": d.pattern} for d in DIVERGENCES]
