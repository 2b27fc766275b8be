"""What the server hands a query process (a :class:`Job`) and the typed answers it gets back."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["READ_ONLY", "Job", "Format", "Answer", "Failure", "TimedOut", "Busy", "Outcome"]

READ_ONLY = "this endpoint is read-only: SPARQL updates are not accepted"


@dataclass(frozen=True)
class Format:
    """The result format chosen for one kind of result: a name and media type, or an error."""

    name: str = ""
    media: str = ""
    status: int = 0  # non-zero: this kind of result cannot be sent (406 and the message)
    message: str = ""

    def __reduce__(self):  # pickled per job: a tuple, not a frozen dataclass's state
        return (Format, (self.name, self.media, self.status, self.message))


@dataclass(frozen=True)
class Job:
    """One query to run, with the formats for each result kind and its limits."""

    text: str
    select_format: Format
    graph_format: Format
    max_rows: int
    ask_format: Format = Format("json", "application/sparql-results+json")
    base_iri: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __reduce__(self):
        # sent to a query process per request: rebuilt from a tuple, unlike a frozen
        # dataclass's default (one object.__setattr__ per field), half the time
        return (Job, tuple(getattr(self, f) for f in _JOB_FIELDS))

    def key(self) -> tuple:
        """What makes two jobs give the same answer (for the cache)."""
        return (
            self.text,
            self.select_format,
            self.graph_format,
            self.ask_format,
            self.max_rows,
            self.base_iri,
            self.default_graphs,
            self.named_graphs,
        )


@dataclass(frozen=True)
class Answer:
    """A result, serialised."""

    media: str
    body: bytes

    def __reduce__(self):
        return (Answer, (self.media, self.body))


@dataclass(frozen=True)
class Failure:
    """A one-line error with its HTTP status."""

    status: int
    message: str
    retry_after: int | None = None

    def __reduce__(self):
        return (Failure, (self.status, self.message, self.retry_after))


@dataclass(frozen=True)
class TimedOut:
    """The query ran over its time limit; its process was ended."""


@dataclass(frozen=True)
class Busy:
    """No query process became free within the time limit."""


Outcome = Answer | Failure | TimedOut | Busy
_JOB_FIELDS = tuple(f.name for f in fields(Job))
