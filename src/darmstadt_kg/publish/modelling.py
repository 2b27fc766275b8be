"""The modelling guide (``ontology/MODELLING.md``) rendered to HTML for the ontology page.

A small renderer for the Markdown the guide uses: ``#`` headings, paragraphs, ``-`` lists,
pipe tables, fenced code, and inline code, bold and links. Every piece of text is escaped.
"""

from __future__ import annotations

import re

from darmstadt_kg import paths
from darmstadt_kg.publish.html import esc

__all__ = ["modelling_html", "markdown_html"]

_INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)")


def _inline(text: str) -> str:
    out, last = [], 0
    for m in _INLINE.finditer(text):
        out.append(esc(text[last : m.start()]))
        if m.group(1) is not None:
            out.append(f"<code>{esc(m.group(1))}</code>")
        elif m.group(2) is not None:
            out.append(f"<strong>{esc(m.group(2))}</strong>")
        else:
            href = m.group(4)
            safe = href.startswith(("http://", "https://", "#"))
            out.append(f'<a href="{esc(href)}">{esc(m.group(3))}</a>' if safe else esc(m.group(3)))
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def markdown_html(text: str, id_prefix: str = "modelling-") -> str:
    """HTML for ``text``; headings get ids ``<id_prefix><slug>``."""
    html: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            html.append("<pre><code>" + esc("\n".join(lines[i + 1 : j])) + "</code></pre>")
            i = j + 1
        elif m := re.match(r"(#{1,6})\s+(.*)", line):
            level = min(len(m.group(1)) + 2, 6)
            slug = re.sub(r"[^a-z0-9]+", "-", m.group(2).lower()).strip("-")
            html.append(f'<h{level} id="{esc(id_prefix + slug)}">{_inline(m.group(2))}</h{level}>')
            i += 1
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                if not re.fullmatch(r"\|?[\s:|-]+\|?", lines[i].strip()):
                    rows.append(_cells(lines[i]))
                i += 1
            head, body = rows[0], rows[1:]
            html.append(
                "<table><thead><tr>"
                + "".join(f"<th>{_inline(c)}</th>" for c in head)
                + "</tr></thead><tbody>"
                + "".join(
                    "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>"
                    for row in body
                )
                + "</tbody></table>"
            )
        elif re.match(r"\s*- ", line):
            items: list[str] = []
            while i < len(lines) and (re.match(r"\s*- ", lines[i]) or lines[i].startswith("  ")):
                if re.match(r"\s*- ", lines[i]):
                    items.append(lines[i].split("- ", 1)[1])
                elif items:
                    items[-1] += " " + lines[i].strip()
                i += 1
            html.append("<ul>" + "".join(f"<li>{_inline(t)}</li>" for t in items) + "</ul>")
        elif line.strip():
            para = [line.strip()]
            i += 1
            while (
                i < len(lines) and lines[i].strip() and not re.match(r"(#|\||\s*- |```)", lines[i])
            ):
                para.append(lines[i].strip())
                i += 1
            html.append(f"<p>{_inline(' '.join(para))}</p>")
        else:
            i += 1
    return "\n".join(html)


def modelling_html() -> str:
    """The modelling guide as HTML (empty if the guide is not shipped)."""
    path = paths.ontology_dir() / "MODELLING.md"
    return markdown_html(path.read_text(encoding="utf-8")) if path.is_file() else ""
