"""The question library: one competency question per ``queries/*.rq`` file, loaded by name.

Each file starts with a header (``#+ summary:``, ``#+ summary_de:``, ``#+ tags:``,
``#+ section:``) stating the question in English and German, its tags and the page section.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from darmstadt_kg import paths
from darmstadt_kg.errors import ExitCode, UserError

__all__ = ["editor_examples", "LibraryQuery", "UnknownQuery", "library", "find", "read_header"]

_FIELDS = ("summary", "summary_de", "tags", "section")


class UnknownQuery(UserError):
    """A query name that is not in the library."""

    code = ExitCode.NOT_FOUND


@dataclass(frozen=True)
class LibraryQuery:
    """One library query: its name (file stem), header fields and text."""

    name: str
    path: Path
    summary: str
    summary_de: str
    tags: tuple[str, ...]
    section: str
    text: str


def read_header(text: str) -> dict[str, str]:
    """The ``#+ key: value`` lines at the top of a query."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        key, _, value = line[2:].partition(":")
        header[key.strip()] = value.strip()
    return header


def _load(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    header = read_header(text)
    missing = [f for f in _FIELDS if not header.get(f)]
    if missing:
        raise UserError(
            f"{path.name}: header lacks "
            f"{', '.join('#+ ' + m + ':' for m in missing)} — add them above the query",
            ExitCode.SYNTAX,
        )
    return LibraryQuery(
        name=path.stem,
        path=path,
        summary=header["summary"],
        summary_de=header["summary_de"],
        tags=tuple(t.strip() for t in header["tags"].split(",") if t.strip()),
        section=header["section"],
        text=text,
    )


def library() -> list[LibraryQuery]:
    """Every library query, sorted by name."""
    return [_load(p) for p in sorted(paths.queries_dir().glob("*.rq"))]


def find(name: str) -> LibraryQuery:
    """The library query called ``name`` (file stem, with or without ``.rq``)."""
    stem = name.removesuffix(".rq")
    path = paths.queries_dir() / f"{stem}.rq"
    if not path.is_file():
        names = [p.stem for p in paths.queries_dir().glob("*.rq")]
        close = difflib.get_close_matches(stem, names, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see `darmstadt-kg query --list`"
        raise UnknownQuery(f"no library query named {stem!r} — {hint}")
    return _load(path)


def editor_examples() -> list[dict[str, str]]:
    """The question library as the SPARQL editors show it (served and static): name, summaries
    and query text of each question; none when the library folder is missing."""
    try:
        return [
            {"name": q.name, "summary": q.summary, "summary_de": q.summary_de, "text": q.text}
            for q in library()
        ]
    except FileNotFoundError:
        return []
