"""Exit codes and the errors a user can cause, each printed as one actionable line."""

from __future__ import annotations

import errno
import socket
from enum import IntEnum

from darmstadt_kg.redact import redact

__all__ = ["ExitCode", "UserError", "InputSyntaxError", "exit_codes_text", "cannot_listen"]


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
    SOURCE_CHANGED = 10  # `sources check`: a fact of the page changed, moved or went
    UNREADABLE = 11  # `sources check`: a copy of the page that holds no readable text
    NO_SANDBOX = 12  # serve: the kernel refused the seccomp filter that keeps queries offline


class UserError(Exception):
    """An error the user can fix; ``str()`` is the one line shown, ``code`` the exit code.

    The message is passed through :func:`darmstadt_kg.redact.redact`: no URL in it shows a
    password, whoever raises it."""

    code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, code: ExitCode | None = None) -> None:
        super().__init__(redact(message))
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


def exit_codes_text() -> str:
    """The exit codes as one line of text, for ``--help`` and the README (from ``ExitCode``)."""
    return ", ".join(
        f"{code.value} {_WORDS.get(code.name, code.name.lower())}" for code in ExitCode
    )


# How each code reads in --help and the README; a code without an entry reads as its name.
_WORDS = {
    "OK": "ok",
    "INTERNAL": "internal error (rerun with --debug)",
    "USAGE": "usage",
    "SYNTAX": "syntax error (file:line:column)",
    "SHACL": "SHACL violation",
    "VIOLATION": "violation query",
    "NOT_FOUND": "not found",
    "REMOTE": "remote endpoint or store failed",
    "SOURCE_CHANGED": "a fact-bearing sentence of the page changed, moved or went (sources check)",
    "NOT_CANONICAL": "not canonical",
    "UNAVAILABLE": "cannot listen on host and port",
    "UNREADABLE": "a copy of the page holds no readable text (sources check)",
    "NO_SANDBOX": "no network sandbox for queries (seccomp refused)",
}


def cannot_listen(host: str, port: int, err: OSError, command: str, free: int) -> UserError:
    """Why the server cannot listen on ``host``:``port`` and the ``command`` line that fixes it.

    ``command`` is what the user ran: ``make run`` (options as ``PORT=``/``HOST=``) or a
    ``darmstadt-kg`` command (options as ``--port``/``--host``); ``free`` is a port that is free.
    """

    make = command.startswith("make")

    def fix(option: str, value: object) -> str:
        return (
            f"`{command} {option.upper()}={value}`" if make else f"`{command} --{option} {value}`"
        )

    shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    code = getattr(err, "errno", None)
    if code == errno.EACCES and 0 < port < 1024:
        message = (
            f"{shown}: port {port} is privileged (below 1024), only root may listen on it — "
            f"choose a port from 1024 up, e.g. {fix('port', free)}"
        )
    elif code == errno.EADDRINUSE:
        message = (
            f"{shown}: another program already listens on port {port} — choose another port, "
            f"e.g. {fix('port', free)}, or stop that program"
        )
    elif code == errno.EADDRNOTAVAIL or isinstance(err, socket.gaierror):
        message = (
            f"{shown}: {host} is not an address of this machine — use {fix('host', '127.0.0.1')} "
            "(this machine only) or 0.0.0.0 (every network interface)"
        )
    else:
        message = (
            f"{shown}: cannot listen ({err.strerror or err}) — try {fix('port', free)} "
            f"or {fix('host', '127.0.0.1')}"
        )
    return UserError(message, ExitCode.UNAVAILABLE)
