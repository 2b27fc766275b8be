"""Credentials taken out of URLs before any text is shown: one rule for every message.

A URL's user information (``user:password@``) becomes ``***@`` in every form it is written:
``http://user:pw@host``, ``//user:pw@host``, the scheme-less ``user:pw@host`` (which
``urllib.parse`` reads as the scheme ``user``, so a check of ``netloc`` misses it), and
passwords that hold ``@``, ``/``, ``?`` or ``#`` unescaped (everything up to the *last* ``@``
of the run of non-space characters is hidden: a host may be hidden with it, a password never
shown). ``mailto:name@host`` and a bare ``name@host`` are addresses, not credentials: kept.

:class:`darmstadt_kg.errors.UserError` passes its message through :func:`redact`, so every
one-line error a command prints is redacted by construction.
"""

from __future__ import annotations

import re

__all__ = ["redact", "HIDDEN"]

HIDDEN = "***"

# scheme://userinfo@ or //userinfo@ (a bare user is hidden too)
_AFTER_SLASHES = re.compile(r"((?:[A-Za-z][A-Za-z0-9+.\-]*:)?//)[^\s'\"<>]*@(?=[^\s'\"<>@])")
# user:password@host at the start of a word (no scheme, no slashes)
_SCHEMELESS = re.compile(
    r"(?:(?<=^)|(?<=[\s'\"(<\[=,]))"  # at the start of a word
    r"(?!mailto:)[^\s'\"<>/@:(\[=,]+:(?!//)"  # user: (not a scheme's "://")
    r"[^\s'\"<>]*@(?=[^\s'\"<>@])"  # password, up to the last @ before the host
)


def redact(text: str) -> str:
    """``text`` with the user information of every URL in it replaced by ``***``."""
    if "@" not in text:
        return text
    text = _AFTER_SLASHES.sub(lambda m: m.group(1) + HIDDEN + "@", text)
    return _SCHEMELESS.sub(HIDDEN + "@", text)
