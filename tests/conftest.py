"""Fixtures shared by the whole suite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from darmstadt_kg import paths


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ontology/, graph/ and queries/ (point DARMSTADT_KG_DATA at it)."""
    root = tmp_path / "data"
    for name in ("ontology", "graph", "queries"):
        source = paths.data_root() / name
        if source.is_dir():
            shutil.copytree(source, root / name)
    return root
