"""What a test run leaves under pytest's temp folder, with the project's own pytest settings
(``[tool.pytest.ini_options]`` of ``pyproject.toml``): a passing run leaves nothing of its own;
a failed run keeps its folders to look at, and the next run that fails removes them (at most
one run's folders are ever kept); the folders of killed runs go at the next run
(``tests/tempdirs.py``)."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tempdirs import remove_dead_sessions

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
TEST = """
def test_writes_into_its_folder(tmp_path):
    (tmp_path / "left.txt").write_text("x")
    assert {passes}
"""


def _run(root: Path, tests: Path, passes: bool) -> int:
    (tests / "test_one.py").write_text(TEST.format(passes=passes), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            str(PYPROJECT),
            "--rootdir",
            str(tests),
            str(tests / "test_one.py"),
        ],
        env={**os.environ, "PYTEST_DEBUG_TEMPROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode


def _left(root: Path) -> list[str]:
    """The numbered session folders under the temp root, with the files in them."""
    return sorted(
        str(path.relative_to(root)).split("/", 1)[1]
        for path in root.glob("pytest-of-*/pytest-[0-9]*/**/*")
        if path.is_file() and not path.name.endswith(".lock")
    )


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    root, tests = tmp_path / "temp", tmp_path / "tests"
    root.mkdir()
    tests.mkdir()
    return root, tests


def test_a_passing_run_leaves_nothing(places):
    root, tests = places
    assert _run(root, tests, passes=True) == 0
    assert _left(root) == []


def test_only_the_latest_failed_runs_folders_are_kept(places):
    root, tests = places
    assert _run(root, tests, passes=False) == 1
    first = _left(root)
    assert len(first) == 1 and first[0].endswith("test_writes_into_its_folder0/left.txt")
    assert _run(root, tests, passes=True) == 0
    assert _left(root) == first  # a passing run adds nothing and keeps the failed run's
    assert _run(root, tests, passes=False) == 1
    second = _left(root)
    assert len(second) == 1 and second != first  # the earlier failed run's folder is gone


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def _session(root: Path, name: str, lock: str | None) -> Path:
    folder = root / name
    (folder / "test_x0").mkdir(parents=True)
    (folder / "test_x0" / "left.txt").write_text("x")
    if lock is not None:
        (folder / ".lock").write_text(lock)
    return folder


def test_only_folders_whose_lock_names_a_dead_process_are_removed(tmp_path: Path):
    dead = _session(tmp_path, "pytest-7", str(_dead_pid()))
    kept = [
        _session(tmp_path, "pytest-8", str(os.getpid())),  # a running session (this one)
        _session(tmp_path, "pytest-9", None),  # no lock: pytest's own rules apply
        _session(tmp_path, "pytest-10", "not a pid"),
        _session(tmp_path, "pytest-extra", str(_dead_pid())),  # not a name pytest gives
    ]
    assert remove_dead_sessions(tmp_path) == [dead]
    assert not dead.exists() and all(folder.is_dir() for folder in kept)


def test_a_test_run_removes_the_folders_of_a_killed_run(tmp_path: Path):
    root = tmp_path / "temp"
    killed = _session(root / f"pytest-of-{getpass.getuser()}", "pytest-3", str(_dead_pid()))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_imports.py::test_find_cycle_names_the_modules_of_a_cycle",
        ],
        cwd=PYPROJECT.parent,
        env={**os.environ, "PYTEST_DEBUG_TEMPROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not killed.exists()
