"""JSON that can stand inside an HTML ``<script>`` element, written in one place.

``<``, ``>`` and ``&`` are escaped so the text cannot close the element or open a comment;
U+2028 and U+2029 are escaped so the text is valid JavaScript for older engines as well (JSON
allows them raw, JavaScript before ES2019 did not), whatever the data's literals hold.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["json_for_script"]

_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def json_for_script(value: Any, *, indent: int | None = None, sort_keys: bool = True) -> str:
    """``value`` as JSON safe inside ``<script>`` (see the module's docstring)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, indent=indent)
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text
