"""Reading a page copy: encodings, HTML detection, normalisation, sentences and address lines."""

from __future__ import annotations

import codecs

import pytest

from darmstadt_kg.sources.page import Page, place, sentences
from darmstadt_kg.sources.quotes import Quote
from darmstadt_kg.sources.text import decode, html_text, looks_like_html, normalise


@pytest.mark.parametrize(
    ("start", "html"),
    [
        ("<!DOCTYPE html><html>", True),
        ("\ufeff<!DOCTYPE html>", True),
        ("<!-- saved from url -->\n<html>", True),
        ("\n\n   <html lang='de'>", True),
        ("<?xml version='1.0'?><html>", True),
        ("<p>Netzwerke</p>", True),
        ("Netzwerke und Kooperationen\n<b>x</b>", False),
        ("\ufeffNetzwerke und Kooperationen", False),
        ("3 < 4", False),
    ],
)
def test_html_is_detected_however_it_starts(start, html):
    assert looks_like_html(start) is html


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("seit\u00a01998", "seit 1998"),
        ("seit&nbsp;1998", "seit 1998"),
        ("Wissenschafts\u00adstadt", "Wissenschaftsstadt"),
        ("Wissenschafts&shy;stadt", "Wissenschaftsstadt"),
        ("\ufeffDarm\u200bstadt", "Darmstadt"),
        ("f\u006f\u0308rdert", "fördert"),  # NFD → NFC
        ("seit \t  1998\u2009–\u202f2024  ", "seit 1998 – 2024"),
        ("die <strong>Stadt</strong> <a href='x'>Darmstadt</a>", "die Stadt Darmstadt"),
        ("eins\r\nzwei\rdrei", "eins\nzwei\ndrei"),
    ],
)
def test_normalise(raw, read):
    assert normalise(raw) == read


def test_decode_reads_utf8_with_bom_utf16_and_a_declared_charset():
    text = "Gyönk, Płock"
    assert decode(codecs.BOM_UTF8 + text.encode()) == text
    assert decode(text.encode("utf-16")) == text
    page = '<html><head><meta charset="windows-1252"></head><p>Gyönk</p>'
    assert "Gyönk" in decode(page.encode("cp1252"))
    with pytest.raises(UnicodeError, match="byte 0xf6 at offset 2 is not UTF-8"):
        decode("Gyönk".encode("latin-1"))


def test_html_text_makes_a_paragraph_of_each_block_and_skips_script_style_and_title():
    document = (
        "<html><head><title>Tab</title><style>p{}</style></head><body><h2>Adresse</h2>"
        "<p>Luisenplatz 5 a<br>64283 Darmstadt</p><script>1 < 2</script>"
        "<dl><dt>Telefon</dt><dd>(06151) 13-2321</dd></dl>"
        "<pre>Kuz, Julia\n\nTelefon  (06151) 13-2325\nE-Mail x@y</pre></body></html>"
    )
    assert html_text(document) == (
        "Adresse\n\nLuisenplatz 5 a\n64283 Darmstadt\n\nTelefon\n\n(06151) 13-2321\n\n"
        "Kuz, Julia\n\nTelefon (06151) 13-2325\nE-Mail x@y\n"
    )


def test_sentences_do_not_end_after_a_day_an_initial_a_title_or_inside_quotes():
    text = (
        "Das Gutachten vom 08. Juli 1996 gilt. Präsident Dwight D. Eisenhower begann. "
        "Mit Dr. Simon Poppinga. Das Papier „Städte in der Welt. Impulsgeber“ erschien."
    )
    assert sentences(text) == [
        "Das Gutachten vom 08. Juli 1996 gilt.",
        "Präsident Dwight D. Eisenhower begann.",
        "Mit Dr. Simon Poppinga.",
        "Das Papier „Städte in der Welt. Impulsgeber“ erschien.",
    ]


def test_address_lines_are_cut_by_field_and_owned_by_the_name_above():
    page = Page(
        "copy",
        "Adresse\n\nNeues Rathaus (Carree) Postfach 11 10 61 64225 Darmstadt\n\nKuz, Julia\n\n"
        "Referentin\n\nTelefon:\n(06151) 13-2325 E-Mail international@darmstadt.de\n",
    )
    assert [(u.field, u.owner, u.value()) for u in page.units] == [
        ("office or address", "the office", "Neues Rathaus (Carree)"),
        ("post box", "the office", "11 10 61"),
        ("postcode and town", "the office", "64225 Darmstadt"),
        ("name", "Kuz, Julia", "Kuz, Julia"),
        ("title", "Kuz, Julia", "Referentin"),
        ("phone", "Kuz, Julia", "(06151) 13-2325"),
        ("e-mail", "Kuz, Julia", "international@darmstadt.de"),
    ]
    assert all(page.norm[u.start : u.end].split() == u.text.split() for u in page.units)


MAILS = "Name: A\nE-Mail: x@darmstadt.de\nName: B\nE-Mail: x@darmstadt.de\n"


@pytest.mark.parametrize(
    ("text", "exact", "whole", "where"),
    [
        (MAILS, "x@darmstadt.de", "Name: B\nE-Mail: x@darmstadt.de", MAILS.rindex("x@")),
        (MAILS, "x@darmstadt.de", "Name: A\nE-Mail: x@darmstadt.de", MAILS.index("x@")),
        (MAILS, "x@darmstadt.de", "Name: C\nE-Mail: x@darmstadt.de", -1),  # twice, context gone
        ("Neu. Ein Satz. Alt.", "Ein Satz.", "Vorher. Ein Satz. Alt.", 5),  # once: context moot
        ("Ein Satz.", "Kein Satz.", "", -1),
        ("Ein Satz.", "", "", -1),
    ],
)
def test_a_quote_is_placed_by_its_context_else_its_only_occurrence(text, exact, whole, where):
    assert place(text, exact, whole) == where
    prefix, _, suffix = whole.partition(exact) if whole else ("", "", "")
    assert Quote("f", "s", exact, prefix, suffix).found_in(Page("p", text)) == where
    span = Page("p", text).locate(exact, prefix, suffix)
    assert (span[0] if span else -1) == (where if exact else -1)
