"""What a SPARQL text is, and where and why it does not parse — in words a SPARQL user can act on.

pyoxigraph decides whether a text parses (it is the engine that runs it). Its message gives the
furthest position its parser reached, which is often past the mistake (an extra term on line 4
is reported at the end of the file), and a list of "expected" tokens that misleads as often as
it helps. So :func:`syntax_error` names the cause for the common cases — an undeclared prefix,
an update sent where a query is wanted, text that is not SPARQL — and otherwise takes the
position of the first token that cannot continue the query from rdflib's parser, which stops
there; pyoxigraph's position stands when rdflib accepts the text.
"""

from __future__ import annotations

import difflib
import re

from darmstadt_kg.errors import InputSyntaxError
from darmstadt_kg.library import library
from darmstadt_kg.namespaces import PREFIXES

__all__ = ["query_form", "UPDATE_FORMS", "QUERY_FORMS", "select_star_order", "syntax_error"]

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)

# Whitespace, comments, PREFIX and BASE declarations: what may come before the query form.
_PROLOGUE = re.compile(
    r"(?:\s+|\#[^\n]*|(?i:PREFIX)\s+[^\s:]*:\s*<[^>\s]*>|(?i:BASE)\s*<[^>\s]*>)*"
)
_WORD = re.compile(r"[A-Za-z_]+")
_POSITION = re.compile(r"error at (\d+):(\d+)[:\s]*(.*)", re.S)
# Strings, IRIs and comments, which may hold anything that looks like a variable or a keyword.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|<[^<>"\s{}|^`\\]*>|\#[^\n]*'
)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)")
_STAR = re.compile(r"(?i:SELECT)(\s+(?i:DISTINCT|REDUCED))?\s*\*")


def _after_prologue(text: str) -> int:
    return _PROLOGUE.match(text).end()


def query_form(text: str) -> str | None:
    """The first keyword after the prologue, upper-cased ("SELECT", "INSERT", …), or None."""
    word = _WORD.match(text, _after_prologue(text))
    return word.group(0).upper() if word else None


def _blank_opaque(text: str) -> str:
    """``text`` with strings, IRIs and comments replaced by spaces (positions kept)."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def select_star_order(text: str, variables: list[str]) -> tuple[list[str], str] | None:
    """For a ``SELECT *`` query: ``variables`` in the order they first appear in the query, and
    the query rewritten to project them in that order. None for any other query."""
    start = _after_prologue(text)
    star = _STAR.match(text, start)
    if not star:
        return None
    seen: dict[str, int] = {}
    for match in _VARIABLE.finditer(_blank_opaque(text), star.end()):
        seen.setdefault(match.group(1), match.start())
    ordered = sorted(variables, key=lambda v: (seen.get(v, len(text)), variables.index(v)))
    projection = (star.group(1) or "") + " " + " ".join(f"?{v}" for v in ordered)
    return ordered, text[: star.start()] + "SELECT" + projection + " " + text[star.end() :]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    line = min(max(line, 1), len(lines))
    return sum(len(x) + 1 for x in lines[: line - 1]) + min(
        max(column - 1, 0), len(lines[line - 1])
    )


def _token_at(text: str, offset: int) -> str:
    match = re.compile(r"[^\s{}().,;]+|[{}().,;]").search(text, offset)
    return match.group(0)[:40] if match else ""


def _rdflib_offset(text: str) -> int | None:
    """Where rdflib's parser stops, or None if it accepts ``text``."""
    # imported here, not at the top: rdflib's SPARQL grammar takes 0.32 s to import
    # (-X importtime), paid only when a query has a syntax error
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as err:
        return _offset(text, err.lineno, err.col)
    except Exception:  # noqa: BLE001 - rdflib's own errors other than syntax: no position
        return None
    return None


def _library_hint(text: str) -> str:
    names = [q.name for q in library()]
    words = "-".join(text.lower().split())
    close = difflib.get_close_matches(words, names, n=1, cutoff=0.6)
    if close:
        return f"to run the library query give its name: `darmstadt-kg query {close[0]}`"
    return "`darmstadt-kg query --list` shows the library queries, which run by name"


def _prefix_hint(prefix: str) -> str:
    if prefix in PREFIXES:
        return f"add `PREFIX {prefix}: <{PREFIXES[prefix]}>` above the query"
    return f"add `PREFIX {prefix}: <…>` with its namespace IRI above the query"


def syntax_error(text: str, err: Exception, origin: str) -> InputSyntaxError:
    """pyoxigraph's ``SyntaxError`` for ``text`` as one line: where, what, why, what to do."""
    message = " ".join(str(err).split())
    match = _POSITION.search(message)
    ox_offset = _offset(text, int(match.group(1)), int(match.group(2))) if match else len(text)
    expected = match.group(3) if match else message
    start = _after_prologue(text)
    form = query_form(text)

    if form in UPDATE_FORMS:
        line, column = _line_col(text, start)
        return InputSyntaxError(
            origin,
            line,
            column,
            f"SPARQL syntax error: {form} starts a SPARQL update, not a query",
            "this runs queries only (SELECT, ASK, CONSTRUCT, DESCRIBE); "
            "the data is edited in graph/*.ttl",
        )
    if form not in QUERY_FORMS:
        line, column = _line_col(text, start)
        shown = " ".join(text[start:].split())[:40]
        return InputSyntaxError(
            origin,
            line,
            column,
            f"SPARQL syntax error: {shown!r} is not SPARQL — a query starts with "
            "SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX and BASE lines)",
            _library_hint(text[start:]),
        )
    if "Prefix not found" in expected:
        # pyoxigraph stops at the end of the prefixed name: find its start
        before = text[:ox_offset]
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.%\\-]*$", before)
        if name:
            prefix = name.group(1) or ""
            line, column = _line_col(text, name.start())
            return InputSyntaxError(
                origin,
                line,
                column,
                f"SPARQL syntax error: the prefix {prefix}: of {name.group(0)} is not declared",
                _prefix_hint(prefix),
            )
    offset = _rdflib_offset(text)
    if offset is None or offset > ox_offset:
        offset = ox_offset
    line, column = _line_col(text, offset)
    token = _token_at(text, offset)
    problem = f"unexpected {token!r}" if token else "the query ends too early"
    if offset == ox_offset and expected and len(expected) < 80:
        problem += f" ({expected})"
    return InputSyntaxError(
        origin,
        line,
        column,
        f"SPARQL syntax error: {problem}",
        "fix the query at that position",
    )
