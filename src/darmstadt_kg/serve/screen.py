"""The nesting bound: brackets a query may nest, counted by lexing the text, never running it.

A resource bound, not a security screen (docs/security.md): the native parser recurses once per
bracket. A bracket inside a string, an IRI or a comment does not count.
"""

from __future__ import annotations

import re

__all__ = ["TooDeep", "check_nesting", "nesting"]

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
# what a bracket may hide in: strings, IRIs, comments; every other character stands for itself
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<comment>#[^\r\n]*)",
            rf"(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)",
            r"(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
            r"|'(?:[^'\\\r\n]|\\.)*'|\"(?:[^\"\\\r\n]|\\.)*\")",
            r"(?P<open>[{(\[])",
            r"(?P<close>[})\]])",
            r"(?P<other>[^#<'\"{}()\[\]]+|.)",
        ]
    ),
    re.S,
)


class TooDeep(Exception):
    """The text nests brackets deeper than the bound (answered 400 with ``str()``)."""


def nesting(text: str) -> int:
    """How deep ``text`` nests brackets outside strings, IRIs and comments."""
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
    return deepest


def check_nesting(text: str, max_nesting: int) -> None:
    """Raise :class:`TooDeep` when ``text`` nests brackets more than ``max_nesting`` deep.

    A text with no more opening brackets than the bound cannot exceed it: not lexed."""
    if text.count("{") + text.count("(") + text.count("[") <= max_nesting:
        return
    if nesting(text) > max_nesting:
        raise TooDeep(
            f"the query nests brackets more than {max_nesting} deep — flatten it "
            "(this endpoint's limit)"
        )
