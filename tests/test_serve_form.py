"""The protocol's parameters are read as the standard library reads them, only faster."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from darmstadt_kg.serve.sparql import ProtocolError, form_pairs

# what a query string or form body is made of, the awkward parts often
_PIECES = st.sampled_from(
    [
        "%",
        "%2",
        "%20",
        "%3D",
        "%3d",
        "%zz",
        "%C3%A4",
        "%C3",
        "%FF",
        "+",
        "=",
        "&",
        "&&",
        "=3D",
        "a",
        "query",
        "SELECT * { ?s ?p ?o }",
        "ä",
        "€",
        "\\",
        "\\x41",
        "_",
        "\r\n",
        "=\n",
        "\x00",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=6), max_size=14).map("".join))
def test_pairs_are_those_of_parse_qsl(text: str) -> None:
    assert form_pairs(text.encode("utf-8"), "form body") == parse_qsl(text, keep_blank_values=True)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.text(max_size=20), st.text(max_size=200), max_size=4))
def test_what_a_client_encodes_is_read_back(params: dict[str, str]) -> None:
    for encoded in (urlencode(params), urlencode(params, quote_via=quote)):
        assert form_pairs(encoded.encode(), "form body") == list(params.items())


def test_bytes_that_are_not_utf8_are_a_400_naming_the_part() -> None:
    with pytest.raises(ProtocolError) as refused:
        form_pairs(b"query=\xff", "form body")
    assert (refused.value.status, refused.value.message) == (400, "form body is not UTF-8")
