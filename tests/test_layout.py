"""Each idea in one place (issue 24, item 2): no HTML written in Python strings under ``src/``,
and no path built from ``__file__`` outside :mod:`darmstadt_kg.paths`.

Every page is a Jinja2 template under ``src/darmstadt_kg/templates/`` rendered with autoescape
(:func:`darmstadt_kg.templates.render`). Two checks: the issue's grep (an f-string that opens an
HTML element on one line) and a reading of each module's syntax tree that also finds HTML made by
multi-line f-strings, ``+``, ``%``, ``.format`` or ``Markup(...)``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

#: the grep of the issue, as ``grep -rnE`` runs it
GREP = re.compile(
    r"f[\"'][^\"']*<(/?)(div|p|a|h[1-6]|table|tr|td|li|ul|span|section|nav|script|pre)[ >/]"
)
_TAGS = (
    "a|b|body|br|button|code|dd|details|div|dl|dt|em|figure|form|h[1-6]|head|html|i|img|input"
    "|label|li|link|main|meta|nav|ol|p|pre|script|section|small|span|strong|style|summary|svg"
    "|table|tbody|td|th|thead|tr|ul"
)
#: an HTML element's opening or closing tag
TAG = re.compile(rf"</?(?:{_TAGS})[\s>/]", re.I)


def grep_hits(source: str) -> list[int]:
    """Line numbers the issue's grep finds in ``source``."""
    return [n for n, line in enumerate(source.splitlines(), 1) if GREP.search(line)]


def _has_tag(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(TAG.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_tag(part) for part in node.values)
    return False


def html_built_in_python(source: str) -> list[int]:
    """Line numbers where ``source`` builds HTML from strings: an f-string holding a tag, a
    tagged string joined with ``+``, filled with ``%`` or ``.format``, or wrapped in ``Markup``."""
    hits = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and _has_tag(node):
            hits.add(node.lineno)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            if _has_tag(node.left) or _has_tag(node.right):
                hits.add(node.lineno)
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            if _has_tag(node.value):
                hits.add(node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "format" and _has_tag(func.value):
                hits.add(node.lineno)
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "Markup" and any(_has_tag(arg) for arg in node.args):
                hits.add(node.lineno)
    return sorted(hits)


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_the_issue_grep_finds_no_f_string_html_in_src():
    found = {}
    for path in _modules():
        hits = grep_hits(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(SRC))] = hits
    assert found == {}, "HTML belongs in a template under src/darmstadt_kg/templates/"


def test_no_module_in_src_builds_html_from_strings():
    found = {}
    for path in _modules():
        hits = html_built_in_python(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(SRC))] = hits
    assert found == {}, "HTML belongs in a template under src/darmstadt_kg/templates/"


@pytest.mark.parametrize(
    "source",
    [
        "x = f'<li class=\"a\">{y}</li>'\n",
        'x = f"""\n<section>\n{y}</section>"""\n',
        'x = "<p>" + y + "</p>"\n',
        'x = "<td>%s</td>" % y\n',
        'x = "<a href=\\"{}\\">{}</a>".format(h, t)\n',
        "x = Markup('<span>{}</span>').format(t)\n",
        'x = ""\nx += "<br>"\n',
    ],
)
def test_the_check_finds_each_way_of_building_html(source):
    assert html_built_in_python(source)


@pytest.mark.parametrize(
    "source",
    [
        'PATTERN = re.compile(r\'<h2 id="([^"]+)"[^>]*>(.*?)</h2>\')\n',  # reads HTML
        'origin = "<query>"\n',  # not an HTML element
        'x = f"{a} < {b}"\n',
        'def f():\n    """Writes ``<script>`` safely."""\n',
    ],
)
def test_the_check_leaves_reading_and_comparing_alone(source):
    assert html_built_in_python(source) == []


def test_the_grep_matches_the_lines_the_issue_named():
    line = 'f\'<li><button type="button" class="link" data-example="{i}" \''
    assert grep_hits(line) == [1]
    assert grep_hits('x = "<li>"') == []


def test_paths_are_built_from_file_only_in_paths_py():
    found = [
        str(path.relative_to(SRC))
        for path in _modules()
        if path.name != "paths.py" and "__file__" in path.read_text(encoding="utf-8")
    ]
    assert found == [], "build the path with darmstadt_kg.paths (package_resource, …)"


def test_one_jinja_environment_renders_every_page():
    """No second environment (pyvis's own has no autoescape): only ``templates/__init__.py``
    makes one, and nothing renders through pyvis's."""
    found = [
        str(path.relative_to(SRC))
        for path in _modules()
        if re.search(r"\bEnvironment\(|templateEnv|generate_html\(", path.read_text("utf-8"))
    ]
    assert found == ["darmstadt_kg/templates/__init__.py"]
