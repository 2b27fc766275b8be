"""Exit codes and the errors a user can cause, each printed as one actionable line."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode", "UserError", "InputSyntaxError"]


class ExitCode(IntEnum):
    """Exit codes of ``darmstadt-kg``; each kind of failure has its own."""

    OK = 0
    INTERNAL = 1  # a bug: rerun with --debug and report the traceback
    USAGE = 2  # wrong options or arguments (click's own code)
    SYNTAX = 3  # a Turtle or SPARQL file/string does not parse
    SHACL = 4  # the graph does not conform to the SHACL shapes
    VIOLATION = 5  # a *-violation.rq query returned rows
    NOT_FOUND = 6  # unknown query name, resource or file
    REMOTE = 7  # a remote SPARQL endpoint or triple store failed
    NOT_CANONICAL = 8  # committed Turtle is not in canonical form
    UNAVAILABLE = 9  # the server cannot listen on the host and port it was given
    SOURCE_CHANGED = 10  # `sources check`: a quote of the graph is no longer on the page


class UserError(Exception):
    """An error the user can fix; ``str()`` is the one line shown, ``code`` the exit code."""

    code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, code: ExitCode | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class InputSyntaxError(UserError):
    """A file or string that does not parse, with where it went wrong."""

    code = ExitCode.SYNTAX

    def __init__(
        self, source: str, line: int | None, column: int | None, problem: str, hint: str
    ) -> None:
        self.source, self.line, self.column, self.problem = source, line, column, problem
        where = source
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {problem} — {hint}")
