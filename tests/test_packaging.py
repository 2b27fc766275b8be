"""The data files are found from an installed wheel as from a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from darmstadt_kg import paths


def test_checkout_layout_is_found():
    root = paths.data_root()
    assert (root / "ontology").is_dir() and (root / "graph").is_dir()


def test_wheel_carries_data_and_finds_it(tmp_path: Path):
    repo = Path(__file__).resolve().parent.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(repo),
        ],
        check=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("darmstadt_kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("ontology", "graph"):
        local = sorted(p.name for p in (repo / folder).glob("*.ttl"))
        shipped = sorted(
            n.rsplit("/", 1)[1]
            for n in names
            if n.startswith(f"darmstadt_kg/data/{folder}/") and n.endswith(".ttl")
        )
        assert shipped == local
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    env = {k: v for k, v in os.environ.items() if k != "DARMSTADT_KG_DATA"}
    env["PYTHONPATH"] = str(target)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from darmstadt_kg import paths, load;"
            "print(paths.data_root()); print(len(load.get_store()))",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    root, triples = out.stdout.split()
    assert Path(root) == target / "darmstadt_kg" / "data"
    assert int(triples) > 1000
