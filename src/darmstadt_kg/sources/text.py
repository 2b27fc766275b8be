"""Bytes of a page copy to comparable text: the encoding, HTML reduced to text, and the Unicode
and whitespace normalisation every comparison is made after.

What is normalised away (so a copy differing only in these is unchanged): NFC composition, a
byte-order mark, soft hyphens and zero-width characters, no-break and other Unicode spaces,
runs of spaces and tabs, trailing spaces, character references (``&nbsp;``, ``&amp;``) and
inline markup (``<a>``, ``<b>``, ``<span>`` …). Line breaks are kept: ``page`` decides which
of them end a sentence or an address line.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from html.parser import HTMLParser

__all__ = ["decode", "looks_like_html", "html_text", "normalise"]

# Removed: byte-order mark / zero-width no-break space, soft hyphen, zero-width space and joiners,
# word joiner.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u00ad\u200b\u200c\u200d\u2060"), None)
# Read as a plain space: no-break space, en/em/thin/hair … spaces, narrow no-break space,
# medium mathematical space, ideographic space.
_SPACES = dict.fromkeys([0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000], " ")
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|em|font|i|mark|q|s|small|span|strong|sub|sup|u)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_HTML_START = re.compile(r"<(?:!|\?|[a-zA-Z])")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode(data: bytes) -> str:
    """The text of ``data``: UTF-8 (with or without a byte-order mark), UTF-16 with one, or the
    encoding an HTML ``<meta charset>`` declares. Raises ``UnicodeError`` naming the first byte
    that is none of these."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise UnicodeError(
            f"byte 0x{data[err.start]:02x} at offset {err.start} is not UTF-8"
        ) from None


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML document: its first character after a byte-order mark and
    white space opens a tag, a comment, a doctype or an XML declaration."""
    return bool(_HTML_START.match(text.lstrip("\ufeff \t\r\n\u00a0")))


class _Text(HTMLParser):
    """Text of an HTML page: block elements end a line; script, style and the <title> (the
    page's name in the browser tab, not a sentence of it) are skipped."""

    BLOCKS = {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "title",
        "tr",
        "ul",
    }
    SKIPPED = {"script", "style", "noscript", "template", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.pre = 0  # inside <pre>: its line breaks are kept

    def handle_starttag(self, tag, attrs):
        self.pre += tag == "pre"
        if tag in self.SKIPPED:
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "pre" and self.pre > 0:
            self.pre -= 1
        if tag in self.SKIPPED and self.skip > 0:
            self.skip -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(re.sub(r"[^\S\n]+" if self.pre else r"\s+", " ", data))


def html_text(document: str) -> str:
    """The text of an HTML document, one block element (paragraph, heading, list item, line
    after ``<br>``) a paragraph of its own; the text of a ``<pre>`` keeps its lines and blank
    lines."""
    parser = _Text()
    parser.feed(document)
    parser.close()
    text = "\n".join(line.strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"  # at most one blank line


def normalise(text: str) -> str:
    """``text`` after the normalisation described in the module docstring; line breaks kept
    (``\\r\\n`` and ``\\r`` read as ``\\n``), each line stripped of surrounding spaces."""
    text = _INLINE_TAG.sub("", text) if "<" in text else text
    text = html.unescape(text) if "&" in text else text
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_SPACES)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(re.sub(r"[ \t\f\v]+", " ", line).strip() for line in lines)
