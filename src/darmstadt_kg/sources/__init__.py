"""The source page: the project's copy of it, the quotes fact nodes anchor in it, and the
comparison with a newer copy.

``text`` turns a file into comparable text (encoding, HTML, Unicode and white-space
normalisation); ``page`` reads a copy and cuts it into sections and units (sentences, address
lines); ``quotes`` reads the Web Annotation selectors (``oa:TextQuoteSelector``) of the fact
nodes and checks them against the shipped copy (``validate`` uses it); ``align`` gives each unit
of the shipped copy its verdict against a newer one; ``recheck`` the verdict per fact
(``darmstadt-kg sources check PAGE``); ``report`` prints it for a person or as JSON.
"""

from darmstadt_kg.sources.align import Judged
from darmstadt_kg.sources.page import SECTIONS, Page, read_page, shipped_page
from darmstadt_kg.sources.quotes import Quote, quote_problems, quotes_in, selector_context
from darmstadt_kg.sources.recheck import FactVerdict, Recheck, recheck

__all__ = [
    "SECTIONS",
    "Page",
    "read_page",
    "shipped_page",
    "Quote",
    "quotes_in",
    "quote_problems",
    "selector_context",
    "Recheck",
    "FactVerdict",
    "Judged",
    "recheck",
]
