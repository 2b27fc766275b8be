"""``publish site`` never destroys what it did not write: files it did not write are kept (or the
build refuses, naming them), a symlinked --out is followed, killed builds leave nothing that the
next run keeps, and messages name the user's path."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from darmstadt_kg.errors import ExitCode
from darmstadt_kg.publish.target import MARKER, SiteError, read_manifest, site_folder
from tests.cli import run_cli

USER_FILES = {
    "robots.txt": "User-agent: *\n",
    ".well-known/acme-challenge/token123": "challenge",
    "doc/custom.html": "<p>mine</p>",
    "uploads/report.pdf": "%PDF-1.4 mine",
}


def _fake_build(files: dict[str, str]):
    def build(out: Path) -> None:
        for name, text in files.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(text)

    return build


def _build(out: Path, files: dict[str, str]) -> None:
    with site_folder(out) as staging:
        _fake_build(files)(staging)


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def test_manifest_lists_exactly_what_the_build_wrote(tmp_path: Path):
    out = tmp_path / "site"
    _build(out, {"index.html": "a", "doc/x.html": "x"})
    assert read_manifest(out) == {"index.html", "doc/x.html", MARKER}


def test_files_of_the_earlier_build_go_and_user_files_stay(tmp_path: Path):
    out = tmp_path / "site"
    _build(out, {"index.html": "v1", "doc/old.html": "gone next time"})
    for name, text in USER_FILES.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)
    (out / "empty-by-user").mkdir()
    _build(out, {"index.html": "v2", "doc/new.html": "new"})
    assert _tree(out) == {"index.html": "v2", "doc/new.html": "new", **USER_FILES}
    assert (out / "empty-by-user").is_dir()
    assert read_manifest(out) == {"index.html", "doc/new.html", MARKER}  # user files not claimed
    _build(out, {"index.html": "v3"})  # and they survive every later build
    assert _tree(out) == {"index.html": "v3", **USER_FILES}


def test_a_user_file_where_the_new_site_writes_is_refused_naming_it(tmp_path: Path):
    out = tmp_path / "site"
    _build(out, {"index.html": "v1"})
    (out / "about.html").write_text("mine")
    before = _tree(out)
    with pytest.raises(SiteError, match=r"about\.html not written by darmstadt-kg") as err:
        _build(out, {"index.html": "v2", "about.html": "generated"})
    assert err.value.code == ExitCode.USAGE and "\n" not in str(err.value)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_symlinked_out_is_followed_and_stays_a_link(tmp_path: Path):
    served = tmp_path / "www" / "darmstadt"
    _build(served, {"index.html": "v1"})
    link = tmp_path / "current"
    link.symlink_to(served)
    (served / "robots.txt").write_text("mine")
    _build(link, {"index.html": "v2"})
    assert link.is_symlink() and os.readlink(link) == str(served)
    assert _tree(served) == {"index.html": "v2", "robots.txt": "mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "www"]
    assert sorted(p.name for p in served.parent.iterdir()) == ["darmstadt"]


def test_a_dangling_symlink_gets_the_site_where_it_points(tmp_path: Path):
    link = tmp_path / "current"
    link.symlink_to(tmp_path / "release")
    _build(link, {"index.html": "v1"})
    assert link.is_symlink() and _tree(tmp_path / "release") == {"index.html": "v1"}


def test_leftovers_of_killed_builds_are_removed_by_the_next_run(tmp_path: Path):
    out = tmp_path / "site"
    _build(out, {"index.html": "v1"})
    for name in (".site.abc123.new", ".site.def456.old"):
        (tmp_path / name / "doc").mkdir(parents=True)
        (tmp_path / name / "doc" / "x.html").write_text("half")
    (tmp_path / ".other.abc.new").mkdir()  # not ours: another target's name
    _build(out, {"index.html": "v2"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.abc.new", "site"]


def test_a_build_killed_with_sigkill_leaves_nothing_the_next_run_keeps(tmp_path: Path):
    out = tmp_path / "site"
    process = subprocess.Popen(
        [sys.executable, "-m", "darmstadt_kg", "publish", "site", "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not list(tmp_path.glob(".site.*.new")):
        assert process.poll() is None and time.monotonic() < deadline, "no staging folder seen"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert list(tmp_path.glob(".site.*.new"))  # the killed build's leftover is there
    result = run_cli("publish", "site", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failure_names_the_users_path_not_the_staging_folder(tmp_path: Path, monkeypatch):
    out = tmp_path / "site"

    def build(staging: Path) -> None:
        raise PermissionError(13, "Permission denied", str(staging / "levels" / "index.html"))

    with pytest.raises(OSError) as err, site_folder(out) as staging:
        build(staging)
    assert err.value.filename == str(out / "levels" / "index.html")
    assert ".new" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_parent_names_the_users_path(tmp_path: Path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        name = os.path.join(kwargs["dir"], kwargs["prefix"] + "xyz" + kwargs["suffix"])
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    out = tmp_path / "site"
    with pytest.raises(OSError) as err, site_folder(out):
        pass
    assert err.value.filename == str(out)
