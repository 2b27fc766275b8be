"""Fixtures shared by the whole suite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.explorer import CHROMIUM, CHROMIUM_ARGS
from darmstadt_kg import paths


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the data folders (point DARMSTADT_KG_DATA at it)."""
    root = tmp_path / "data"
    for name in ("ontology", "graph", "queries", "sources"):
        source = paths.data_root() / name
        if source.is_dir():
            shutil.copytree(source, root / name)
    return root


@pytest.fixture(scope="session")
def live_server():
    """A real ``darmstadt-kg serve`` on 127.0.0.1 (two workers); yields its base URL."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "darmstadt_kg",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--no-validate",
            "--timeout",
            "5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("server did not start: " + process.stderr.read()) from None
            time.sleep(0.3)
    yield base
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (``scripts/install-system-deps.sh`` installs it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
