"""The choice of pages the browser checks make (tests/page_kinds.py)."""

from __future__ import annotations

from pathlib import Path

from tests.page_kinds import PageKind, alike_in_one_language, every_part_once, in_folder, parts_of


def test_parts_are_element_class_and_role():
    html = '<main><table class="facts wide" role="grid"><tr><td>1</td></tr></table></main>'
    assert parts_of(html) == {
        ("main", "", ""),
        ("table", "facts", "grid"),
        ("table", "wide", "grid"),
        ("tr", "", ""),
        ("td", "", ""),
    }


def test_every_part_once_keeps_each_part_and_drops_pages_adding_none(tmp_path: Path):
    pages = {
        "a": "<p class='x'>a</p>",
        "b": "<p class='x'>b</p><div class='y'>b</div>",  # has every part of a: a is not needed
        "c": "<ul class='z'><li>c</li></ul>",  # the only one with z
    }
    kinds = [PageKind("front-door-en", "/index.html")]
    for slug, html in pages.items():
        for lang, suffix in (("en", ""), ("de", ".de")):
            path = f"/doc/{slug}{suffix}.html"
            (tmp_path / "doc").mkdir(exist_ok=True)
            (tmp_path / path.lstrip("/")).write_text(f"<main>{html}</main>", encoding="utf-8")
            kinds.append(PageKind(f"resource {slug}-{lang}", path))
    chosen = [k.name for k in every_part_once(kinds, tmp_path)]
    assert chosen == [
        "front-door-en",
        "resource b-en",
        "resource b-de",
        "resource c-en",
        "resource c-de",
    ]


def test_a_german_twin_is_left_out_only_without_a_part_of_its_own(tmp_path: Path):
    pages = {
        "/a.html": "<p class='x'>a</p>",
        "/a.de.html": "<p class='x'>ä</p>",  # the same parts, other words: left out
        "/b.html": "<p class='x'>b</p>",
        "/b.de.html": "<p class='x'>b</p><aside class='y'>b</aside>",  # a part of its own: kept
        "/c.de.html": "<p>c</p>",  # no English twin: kept
    }
    for path, html in pages.items():
        (tmp_path / path.lstrip("/")).write_text(html, encoding="utf-8")
    kinds = [
        PageKind("a-en", "/a.html"),
        PageKind("a-de", "/a.de.html"),
        PageKind("b-en", "/b.html"),
        PageKind("b-de", "/b.de.html"),
        PageKind("c-de", "/c.de.html"),
    ]
    assert [k.name for k in alike_in_one_language(kinds, in_folder(tmp_path))] == [
        "a-en",
        "b-en",
        "b-de",
        "c-de",
    ]
