"""Output is written whole or not at all: files by rename, folders by swap."""

from __future__ import annotations

from pathlib import Path

import pytest

from darmstadt_kg.files import atomic_write, make_parents, replacing, replacing_folder


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path):
    target = tmp_path / "out.txt"
    atomic_write(target, "first")
    atomic_write(target, b"second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_folder_is_swapped_in_whole_or_not_at_all(tmp_path: Path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old")
    with pytest.raises(RuntimeError), replacing_folder(target) as staging:
        (staging / "new.html").write_text("half")
        raise RuntimeError("renderer failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in target.iterdir()] == ["old.html"]
    with replacing_folder(target) as staging:
        (staging / "new.html").write_text("new")
        assert [p.name for p in target.iterdir()] == ["old.html"]  # untouched until done
    assert [p.name for p in target.iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_make_parents_names_a_missing_folder_and_creates_it_only_when_asked(tmp_path: Path):
    target = tmp_path / "a" / "b" / "out.txt"
    with pytest.raises(FileNotFoundError) as missing:
        make_parents(target, False)
    assert missing.value.filename == str(tmp_path / "a" / "b")
    assert list(tmp_path.iterdir()) == []
    make_parents(target, True)
    assert target.parent.is_dir()


def test_make_parents_names_a_file_in_the_way(tmp_path: Path):
    (tmp_path / "a").write_text("in the way")
    for create in (False, True):
        with pytest.raises(NotADirectoryError) as blocked:
            make_parents(tmp_path / "a" / "b" / "out.txt", create)
        assert blocked.value.filename == str(tmp_path / "a")
