"""`sources check` on the altered copies of the page in tests/data/altered/ (one case per
.toml: the recipe that makes the copy from the shipped one, and the verdict expected)."""

from __future__ import annotations

import html
import textwrap
import tomllib
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from darmstadt_kg import paths
from darmstadt_kg.cli import cli
from darmstadt_kg.load import get_store
from darmstadt_kg.sources import quotes_in, read_page, recheck, shipped_page
from darmstadt_kg.sources.align import SEVERITY, SUPPORTED
from darmstadt_kg.sources.page import SECTIONS

ALTERED = Path(__file__).parent / "data" / "altered"
CASES = sorted(ALTERED.glob("*.toml"))


def _replace(text: str, edits: list[list[str]]) -> str:
    for old, new in edits:
        assert text.count(old) == 1, f"must occur once: {old!r}"
        text = text.replace(old, new)
    return text


def as_html(text: str, doctype: bool = True) -> str:
    """The page as HTML: <h1> for the title, <h2> per section heading, <p> per paragraph with
    <br> between its lines."""
    headings = {heading for heading, _slug in SECTIONS}
    blocks = []
    for number, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        lines = [html.escape(line.strip(), quote=False) for line in paragraph.strip().split("\n")]
        if number == 0:
            blocks.append(f"<h1>{lines[0]}</h1>")
        elif paragraph.strip() in headings:
            blocks.append(f"<h2>{lines[0]}</h2>")
        else:
            blocks.append("<p>" + "<br>\n".join(lines) + "</p>")
    body = "\n".join(blocks)
    head = '<html lang="de"><head><title>Netzwerke und Kooperationen</title></head>'
    return ("<!DOCTYPE html>\n" if doctype else "") + f"{head}\n<body>\n{body}\n</body></html>\n"


def build(case: Path, recipe: dict, folder: Path) -> Path:
    """The altered copy of ``case``: a committed copy beside it, or made from its recipe."""
    for suffix in (".txt", ".html"):
        if case.with_suffix(suffix).exists():
            return case.with_suffix(suffix)
    text = _replace(paths.source_page_file().read_text(encoding="utf-8"), recipe.get("replace", []))
    if recipe.get("html"):
        text = _replace(as_html(text, recipe.get("doctype", True)), recipe.get("html_replace", []))
    if recipe.get("pre"):  # the text as it is, inside <pre>
        text = f"<html><body><pre>{html.escape(text, quote=False)}</pre></body></html>\n"
    if "wrap" in recipe:
        width = recipe["wrap"]
        text = "\n".join(
            textwrap.fill(
                line, width, break_long_words=False, break_on_hyphens=recipe.get("hyphens", False)
            )
            for line in text.split("\n")
        )
    if "fill" in recipe:  # each paragraph filled: its lines run together, then wrapped
        text = "\n\n".join(textwrap.fill(p, recipe["fill"]) for p in text.split("\n\n"))
    if recipe.get("single_newlines"):  # paragraphs parted by one line break, no blank line
        text = "\n".join(line for line in text.split("\n") if line.strip())
    if recipe.get("nfd"):
        text = unicodedata.normalize("NFD", text)
    if recipe.get("crlf"):
        text = text.replace("\n", "\r\n")
    text = recipe.get("before", "") + text
    is_html = recipe.get("html") or recipe.get("pre")
    path = folder / (case.stem + (".html" if is_html else ".txt"))
    # An HTML page writes what its encoding lacks (ā, ł) as character references.
    errors = "xmlcharrefreplace" if is_html else "strict"
    path.write_bytes(text.encode(recipe.get("encoding", "utf-8"), errors))
    return path


def test_every_kind_of_change_the_issue_lists_has_a_case():
    kinds = {
        "seat-outside-quote",
        "states-outside-quote",
        "year-outside-quote",
        "subject-renamed",
        "phone-changed",
        "staff-name-changed",
        "unquoted-sentence-deleted",
        "quoted-sentence-moved",
        "nbsp-in-quote",
        "html-bom-comment",
        "wrapped-100",
        "new-network",
    }
    assert kinds <= {case.stem for case in CASES}


def test_recipes_change_the_copy(tmp_path):
    """Each recipe but the unchanged one gives a copy that differs from the shipped bytes."""
    shipped = paths.source_page_file().read_bytes()
    for case in CASES:
        copy = build(case, tomllib.loads(case.read_text(encoding="utf-8")), tmp_path)
        assert (copy.read_bytes() == shipped) == (case.stem == "unchanged"), case.stem


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_altered_copy_is_judged_right(case: Path, tmp_path: Path):
    recipe = tomllib.loads(case.read_text(encoding="utf-8"))
    expect = recipe["expect"]
    wanted = expect.get("unit", [])
    path = build(case, recipe, tmp_path)
    old, new = shipped_page(), read_page(path)
    result = recheck(get_store(), old, new)

    judged = {j.unit.start: j for f in result.facts for j in f.units}
    judged |= {j.unit.start: j for j in result.unquoted}
    assert len(judged) == len(old.units)  # every sentence and address line judged once
    bad = [judged[start] for start in sorted(judged) if judged[start].verdict != SUPPORTED]
    assert [(j.verdict, j.unit.text) for j in bad][len(wanted) :] == []
    assert len(bad) == len(wanted), [(j.verdict, j.unit.text) for j in bad]
    for got, want in zip(bad, wanted, strict=True):
        assert (got.verdict, want["then"] in got.unit.text) == (want["verdict"], True)
        if "now" in want:
            assert want["now"] in got.now.text
        if "section" in want:
            assert got.now.section == want["section"]
        assert got.what() == want["what"]
        if want.get("quoted"):
            assert any(got in f.units for f in result.facts), "no fact named"

    for quote, fact in zip(quotes_in(get_store()), result.facts, strict=True):
        span = old.locate(quote.exact, quote.prefix, quote.suffix) or (0, 0)
        hit = [
            w["verdict"]
            for w, j in zip(wanted, bad, strict=True)
            if j.unit.start < span[1] and span[0] < j.unit.end
        ]
        assert fact.verdict == max(hit, key=SEVERITY.get, default=SUPPORTED), fact.fact

    assert [u.text for u in result.new_sentences] == expect.get("new", [])
    run = CliRunner().invoke(cli, ["sources", "check", str(path)])
    assert run.exit_code == expect["exit"], run.output
