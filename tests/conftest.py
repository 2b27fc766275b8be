"""Fixtures shared by the whole suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from darmstadt_kg.publish.site import build_site
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.cli import copy_data
from tests.once import once_per_run, run_folder
from tests.servers import free_port, started
from tests.system import require
from tests.tempdirs import remove_dead_sessions
from tests.variant_site import build_variant_site

CHECKOUT = Path(__file__).resolve().parent.parent


def _git_status() -> set[str] | None:
    """The entries of ``git status`` of the checkout (untracked files one by one); None
    outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "-C", str(CHECKOUT), "status", "--porcelain", "--untracked-files=all"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return set(done.stdout.splitlines()) if done.returncode == 0 else None


def _xdist_worker(config: pytest.Config) -> bool:
    """True in a worker process of pytest-xdist (whose controller checks the checkout)."""
    return hasattr(config, "workerinput")


def pytest_sessionstart(session):
    if not _xdist_worker(session.config):
        session.config.stash[_STATUS] = _git_status()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when it left a file in the checkout: an entry of ``git status`` that was not
    there when it started (what was there before, such as your own edits, is not counted).
    Under pytest-xdist the controller checks, once all workers are done."""
    if _xdist_worker(session.config):
        return
    before = session.config.stash.get(_STATUS, None)
    after = _git_status()
    if before is None or after is None:
        return
    left = sorted(after - before)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                "the tests left files in the checkout (write under tmp_path instead): "
                + ", ".join(left),
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_STATUS = pytest.StashKey[set[str] | None]()


# The modules that take longest (their spans in a whole run, 2026-12-06), run first: with
# ``make test``'s two xdist workers, each taking the next module when it is free, a long module
# started last keeps one worker busy while the other has nothing left. Order only: every test
# runs either way, and a module missing here simply runs in its usual place. (pytest-xdist
# reorders modules by their number of tests unless told not to: ``make test`` passes
# ``--no-loadscope-reorder``; with the reordering, the static site's axe check, two tests,
# started 446 s into a 541 s run.)
LONGEST_FIRST = (
    "tests/test_virtuoso.py",
    "tests/test_accessibility_site.py",
    "tests/test_readme.py",
    "tests/test_explorer_browser.py",
    "tests/test_explorer_labels.py",
    "tests/test_publish_site.py",
    "tests/test_accessibility.py",
    "benchmarks/tests/test_smoke.py",
    "tests/test_serve_bounds.py",
    "tests/test_screenshots_browser.py",
    "tests/test_publish_target.py",
    "tests/test_site_sparql_browser.py",
    "tests/test_notebooks.py",
    "tests/test_result_views_browser.py",
    "tests/test_validate.py",
    "tests/test_publish_releases.py",
    "tests/test_charts_interactive_browser.py",
    "tests/test_publish_store.py",
)


def pytest_collection_modifyitems(session, config, items):
    """The modules of ``LONGEST_FIRST`` first, in that order; the rest as collected."""
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}

    def place(item) -> int:
        return rank.get(item.nodeid.split("::", 1)[0], len(rank))

    items.sort(key=place)  # stable: within a module, and among the rest, the collected order


@pytest.fixture(scope="session", autouse=True)
def _no_folders_of_killed_runs(request, tmp_path_factory):
    """Remove the temp folders of earlier test runs that were killed (see tests/tempdirs.py);
    with ``--basetemp`` the folder is the user's, and nothing is touched."""
    base = run_folder(request.config, tmp_path_factory)
    if base.name.startswith("pytest-") and base.parent.name.startswith("pytest-of-"):
        remove_dead_sessions(base.parent)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the data folders (point DARMSTADT_KG_DATA at it)."""
    return copy_data(tmp_path / "data")


@pytest.fixture(scope="session")
def live_server():
    """A real ``darmstadt-kg serve`` on a free port of 127.0.0.1 (two workers); yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "darmstadt_kg", "serve", "--port", str(port)]
    command += ["--workers", "2", "--no-validate", "--timeout", "5"]
    base = f"http://127.0.0.1:{port}"
    with started(command, base + "/sparql?query=ASK%7B%7D"):
        yield base


@pytest.fixture(scope="session")
def site_build(request, tmp_path_factory):
    """The static site built once for the run (for all xdist workers), with the default options:
    (folder, report). Read it only; a test that changes a site copies it or builds its own."""
    return once_per_run(request.config, tmp_path_factory, "site", build_site)


@pytest.fixture(scope="session")
def variant_site(request, tmp_path_factory) -> Path:
    """The static site of altered data (tests/variant_site.py), built once for the run. Read
    it only."""
    return once_per_run(request.config, tmp_path_factory, "variant-site", build_variant_site)[1]


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    """The folder of the session's static site (see ``site_build``)."""
    return site_build[0]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (``scripts/install-system-deps.sh`` installs it),
    started once per session (per xdist worker); each test opens a context of its own.

    Launched headless with ``CHROMIUM_ARGS`` (``tests/browser.py``, shared with the
    benchmarks): ``--headless``; ``--no-sandbox`` (Chromium will not start its sandbox as root,
    as the tests run here); ``--disable-gpu`` (no GPU); ``--disable-background-networking
    --disable-component-update --disable-sync --no-first-run`` so that the browser sends no
    request of its own: what a test sees leave a page came from the page. Pages that must stay
    offline are opened with :func:`tests.browser.gated_page`.
    """
    require("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
