"""The front-end files the static site's SPARQL page needs, and whether they are installed.

``scripts/install-frontend.sh`` copies them from npm into ``serve/static/vendor``; a wheel does
not carry them. Without them the site is built without its SPARQL page, and no page links to
it (:func:`darmstadt_kg.publish.html.site_nav`).
"""

from __future__ import annotations

from pathlib import Path

from darmstadt_kg import paths

__all__ = ["VENDOR_FILES", "vendor_dir", "missing_assets"]

VENDOR_FILES = (
    "yasgui.min.js",
    "yasgui.min.css",
    "oxigraph/web.js",
    "oxigraph/web_bg.wasm",
    "world-atlas/countries-110m.json",  # the map view of the result views (#16)
    "topojson-client.min.js",
)


def vendor_dir() -> Path:
    """Where the installed front-end files are."""
    return paths.package_resource("serve", "static", "vendor")


def missing_assets() -> list[str]:
    """The files of :data:`VENDOR_FILES` that are not installed."""
    vendor = vendor_dir()
    return [name for name in VENDOR_FILES if not (vendor / name).is_file()]
