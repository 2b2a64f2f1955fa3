"""accsr's documented push/pull semantics, on S3 (moto over HTTP) and a local-folder bucket."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bucketferry.core import (
    CollisionError,
    ForceRequiredError,
    InvalidRegexError,
    LocalPathNotFoundError,
    PathNotChildError,
)
from tests.helpers import tree_bytes, write


def names(objects) -> list[str]:
    return sorted(o.name for o in objects)


def remote_names(storage) -> list[str]:
    return names(storage.list_objects(""))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    write(root / "foo/bar/a.txt", "a")
    write(root / "foo/bar/b.csv", "bb")
    write(root / "foo/c.txt", "ccc")
    return root


def test_example_1_relative_path_without_prefix(make_storage, src: Path, monkeypatch):
    storage = make_storage("base")
    monkeypatch.chdir(src)
    storage.push("foo/bar")
    assert remote_names(storage) == ["base/foo/bar/a.txt", "base/foo/bar/b.csv"]


def test_example_2_absolute_path_without_prefix(make_storage, src: Path):
    storage = make_storage("base")
    storage.push(str(src / "foo/c.txt"))
    expected = "base/" + str(src / "foo/c.txt").lstrip("/")
    assert remote_names(storage) == [expected]


def test_example_3_relative_path_with_prefix(make_storage, src: Path):
    storage = make_storage("base")
    storage.push("bar", local_path_prefix=str(src / "foo"))
    assert remote_names(storage) == ["base/bar/a.txt", "base/bar/b.csv"]


def test_example_4_absolute_path_with_prefix_is_the_same_as_3(make_storage, src: Path):
    storage = make_storage("base")
    storage.push(str(src / "foo/bar"), local_path_prefix=str(src / "foo"))
    assert remote_names(storage) == ["base/bar/a.txt", "base/bar/b.csv"]


def test_example_5_path_outside_prefix_is_refused(make_storage, src: Path, tmp_path: Path):
    storage = make_storage("base")
    with pytest.raises(PathNotChildError, match="not a child of") as excinfo:
        storage.push(str(tmp_path / "elsewhere/bar"), local_path_prefix=str(src / "foo"))
    assert isinstance(excinfo.value, ValueError)
    assert remote_names(storage) == []


def test_globs_select_files(make_storage, src: Path):
    storage = make_storage()
    storage.push("foo/bar/*.txt", local_path_prefix=str(src))
    assert remote_names(storage) == ["foo/bar/a.txt"]


def test_include_and_exclude_regex_with_exclude_winning(make_storage, src: Path):
    storage = make_storage()
    summary = storage.push(
        "foo", local_path_prefix=str(src), include_regex=r"foo/bar/", exclude_regex=r".*\.csv$"
    )
    assert names(summary.synced_files) == ["foo/bar/a.txt"]
    assert names(summary.skipped_source_files) == ["foo/bar/b.csv", "foo/c.txt"]
    assert all(s.reason == "filtered out by include/exclude" for s in summary.skipped_source_files)


def test_deprecated_path_regex_acts_as_include(make_storage, src: Path):
    storage = make_storage()
    summary = storage.push("foo", local_path_prefix=str(src), path_regex=r".*c\.txt", dryrun=True)
    assert names(summary.not_on_target) == ["foo/c.txt"]
    with pytest.raises(ValueError, match="Cannot specify both"):
        storage.push("foo", local_path_prefix=str(src), path_regex="a", include_regex="b")


def test_pull_relative_to_base_path_with_filters(make_storage, src: Path, tmp_path: Path):
    storage = make_storage("base")
    storage.push("foo", local_path_prefix=str(src))
    out = tmp_path / "out"
    summary = storage.pull("foo", local_base_dir=str(out), exclude_regex=r".*\.csv")
    assert names(summary.synced_files) == ["base/foo/bar/a.txt", "base/foo/c.txt"]
    assert tree_bytes(out) == {"foo/bar/a.txt": b"a", "foo/c.txt": b"ccc"}


def test_convert_to_linux_path_turns_backslashes_into_folders(make_storage, src, tmp_path):
    storage = make_storage()
    storage.push("foo", local_path_prefix=str(src))
    summary = storage.pull("foo\\bar", local_base_dir=str(tmp_path / "out"), dryrun=True)
    assert names(summary.not_on_target) == ["foo/bar/a.txt", "foo/bar/b.csv"]


def test_dry_run_changes_nothing(make_storage, src: Path, tmp_path: Path):
    storage = make_storage()
    before = tree_bytes(src)
    summary = storage.push("foo", local_path_prefix=str(src), dryrun=True)
    assert len(summary.not_on_target) == 3 and summary.synced_files == []
    assert remote_names(storage) == []
    storage.push("foo", local_path_prefix=str(src))
    pull = storage.pull("foo", local_base_dir=str(tmp_path / "out"), dryrun=True)
    assert len(pull.not_on_target) == 3
    assert not (tmp_path / "out").exists()
    assert tree_bytes(src) == before


def test_second_push_finds_everything_identical(make_storage, src: Path):
    storage = make_storage()
    storage.push("foo", local_path_prefix=str(src))
    summary = storage.push("foo", local_path_prefix=str(src))
    assert len(summary.on_target_eq_md5) == 3 and summary.files_to_sync == []


def test_changed_file_needs_force_and_nothing_changes_without_it(make_storage, src, tmp_path):
    storage = make_storage()
    storage.push("foo", local_path_prefix=str(src))
    write(src / "foo/c.txt", "changed")
    summary = storage.push("foo", local_path_prefix=str(src), dryrun=True)
    assert names(summary.on_target_neq_md5) == ["foo/c.txt"] and summary.requires_force
    with pytest.raises(ForceRequiredError, match="force") as excinfo:
        storage.push("foo", local_path_prefix=str(src))
    assert isinstance(excinfo.value, FileExistsError)
    out = tmp_path / "check"
    storage.pull("foo/c.txt", local_base_dir=str(out))
    assert (out / "foo/c.txt").read_bytes() == b"ccc"
    storage.push("foo", local_path_prefix=str(src), force=True)
    (out / "foo/c.txt").unlink()
    storage.pull("foo/c.txt", local_base_dir=str(out))
    assert (out / "foo/c.txt").read_bytes() == b"changed"


def test_pull_refuses_to_overwrite_a_changed_local_file_without_force(make_storage, src, tmp_path):
    storage = make_storage()
    storage.push("foo", local_path_prefix=str(src))
    out = tmp_path / "out"
    write(out / "foo/c.txt", "local edit")
    with pytest.raises(ForceRequiredError):
        storage.pull("foo", local_base_dir=str(out))
    assert tree_bytes(out) == {"foo/c.txt": b"local edit"}
    storage.pull("foo", local_base_dir=str(out), force=True)
    assert (out / "foo/c.txt").read_bytes() == b"ccc"


def test_name_neighbours_are_never_part_of_a_plan(make_storage, tmp_path: Path):
    """Pushing, pulling or deleting "dir" never touches "dir_suffix"; only list_objects,
    accsr's plain prefix listing, returns name neighbours (as accsr does)."""
    src = tmp_path / "src"
    for rel in ("dir/x", "dir_suffix/y", "file", "file_2"):
        write(src / rel, rel)
    storage = make_storage()
    storage.push("*", local_path_prefix=str(src))
    pulled = storage.pull("dir", local_base_dir=str(tmp_path / "o1"), dryrun=True)
    assert names(pulled.all_files_analyzed) == ["dir/x"]
    pulled = storage.pull("file", local_base_dir=str(tmp_path / "o2"), dryrun=True)
    assert names(pulled.all_files_analyzed) == ["file"]
    assert names(storage.list_objects("dir")) == ["dir/x", "dir_suffix/y"]
    assert names(storage.list_objects("dir/")) == ["dir/x"]
    assert names(storage.delete("file")) == ["file"]
    assert remote_names(storage) == ["dir/x", "dir_suffix/y", "file_2"]
    pushed = storage.push("file_2", local_path_prefix=str(src), dryrun=True)
    assert names(pushed.on_target_eq_md5) == ["file_2"]


def test_pull_keeps_empty_files(make_storage, tmp_path: Path):
    write(tmp_path / "src/d/empty.txt", b"")
    write(tmp_path / "src/d/full.txt", b"data")
    storage = make_storage()
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    summary = storage.pull("d", local_base_dir=str(tmp_path / "out"))
    assert names(summary.synced_files) == ["d/empty.txt", "d/full.txt"]
    assert tree_bytes(tmp_path / "out") == {"d/empty.txt": b"", "d/full.txt": b"data"}
    again = storage.pull("d", local_base_dir=str(tmp_path / "out"), dryrun=True)
    assert len(again.on_target_eq_md5) == 2


def test_delete_with_filters_returns_deleted_objects(make_storage, src: Path):
    storage = make_storage("base")
    storage.push("foo", local_path_prefix=str(src))
    deleted = storage.delete("foo", include_regex="foo/bar", exclude_regex=r".*\.csv")
    assert names(deleted) == ["base/foo/bar/a.txt"]
    assert remote_names(storage) == ["base/foo/bar/b.csv", "base/foo/c.txt"]
    assert storage.delete("nothing/here") == []


def test_set_remote_base_path_moves_the_target(make_storage, src: Path):
    storage = make_storage("one")
    storage.set_remote_base_path("/two ")
    assert storage.remote_base_path == "two"
    assert storage.get_push_remote_path("a/b.txt") == "two/a/b.txt"
    storage.push("foo/c.txt", local_path_prefix=str(src))
    storage.set_remote_base_path(None)
    assert remote_names(storage) == ["two/foo/c.txt"]


# --- bad input: a clear error, and nothing written or deleted ----------------------------


def test_invalid_regex_is_a_clear_error(make_storage, src: Path, tmp_path: Path):
    storage = make_storage()
    for kwargs in ({"include_regex": "foo("}, {"exclude_regex": "*.txt"}):
        with pytest.raises(InvalidRegexError, match="not a valid regular expression"):
            storage.push("foo", local_path_prefix=str(src), **kwargs)
        with pytest.raises(InvalidRegexError):
            storage.pull("foo", local_base_dir=str(tmp_path / "out"), **kwargs)
        with pytest.raises(InvalidRegexError):
            storage.delete("foo", **kwargs)
    assert remote_names(storage) == []
    assert not (tmp_path / "out").exists()


def test_missing_local_path_is_a_clear_error(make_storage, tmp_path: Path):
    storage = make_storage()
    with pytest.raises(LocalPathNotFoundError, match="No files found") as excinfo:
        storage.push("does/not/exist", local_path_prefix=str(tmp_path))
    assert isinstance(excinfo.value, FileNotFoundError)
    assert remote_names(storage) == []


def test_local_file_meets_remote_folder_on_push(make_storage, tmp_path: Path):
    storage = make_storage()
    write(tmp_path / "a/data/x.txt", "in remote folder")
    storage.push("data", local_path_prefix=str(tmp_path / "a"))
    write(tmp_path / "b/data", "a file named like the remote folder")
    summary = storage.push("data", local_path_prefix=str(tmp_path / "b"), dryrun=True)
    assert list(summary.unresolvable_collisions) == ["data"]
    assert summary.has_unresolvable_collisions
    with pytest.raises(CollisionError) as excinfo:
        storage.push("data", local_path_prefix=str(tmp_path / "b"))
    assert isinstance(excinfo.value, FileExistsError)
    assert remote_names(storage) == ["data/x.txt"]


def test_remote_file_meets_local_folder_on_push(make_storage, tmp_path: Path):
    storage = make_storage()
    write(tmp_path / "a/data", "remote file")
    storage.push("data", local_path_prefix=str(tmp_path / "a"))
    write(tmp_path / "b/data/x.txt", "local folder named like the remote file")
    summary = storage.push("data", local_path_prefix=str(tmp_path / "b"), dryrun=True)
    assert list(summary.unresolvable_collisions) == ["data/x.txt"]
    with pytest.raises(CollisionError):
        storage.push("data", local_path_prefix=str(tmp_path / "b"))
    assert remote_names(storage) == ["data"]


def test_remote_file_meets_local_folder_on_pull(make_storage, tmp_path: Path):
    storage = make_storage()
    write(tmp_path / "a/data/x.txt", "x")
    storage.push("data", local_path_prefix=str(tmp_path / "a"))
    out = tmp_path / "out"
    (out / "data/x.txt").mkdir(parents=True)
    write(out / "data/x.txt/keep.txt", "mine")
    summary = storage.pull("data", local_base_dir=str(out), dryrun=True)
    assert list(summary.unresolvable_collisions) == ["data/x.txt"]
    with pytest.raises(CollisionError):
        storage.pull("data", local_base_dir=str(out))
    assert tree_bytes(out) == {"data/x.txt/keep.txt": b"mine"}


def test_local_file_where_pull_needs_a_folder(make_storage, tmp_path: Path):
    storage = make_storage()
    write(tmp_path / "a/data/x.txt", "x")
    storage.push("data", local_path_prefix=str(tmp_path / "a"))
    out = tmp_path / "out"
    write(out / "data", "a local file named like the remote folder")
    summary = storage.pull("data", local_base_dir=str(out), dryrun=True)
    assert list(summary.unresolvable_collisions) == ["data/x.txt"]
    assert "is where a folder is needed" in summary.unresolvable_collisions["data/x.txt"]
    with pytest.raises(CollisionError):
        storage.pull("data", local_base_dir=str(out))
    assert tree_bytes(out) == {"data": b"a local file named like the remote folder"}


def test_pull_never_follows_a_local_symlink_out_of_the_folder(make_storage, tmp_path: Path):
    storage = make_storage()
    write(tmp_path / "a/link/evil.txt", "x")
    storage.push("link", local_path_prefix=str(tmp_path / "a"))
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(outside, out / "link")
    summary = storage.pull("link", local_base_dir=str(out))
    assert summary.synced_files == []
    assert "symbolic link" in (summary.skipped_source_files[0].reason or "")
    assert list(outside.iterdir()) == []


def test_pushing_the_whole_prefix_folder_gives_clean_names(make_storage, src: Path):
    storage = make_storage("base")
    storage.push(".", local_path_prefix=str(src / "foo"))
    assert remote_names(storage) == ["base/bar/a.txt", "base/bar/b.csv", "base/c.txt"]


def test_browse_lists_one_level(make_storage, src: Path):
    storage = make_storage("base")
    storage.push("foo", local_path_prefix=str(src))
    folders, objects = storage.browse("")
    assert folders == ["foo/"] and objects == []
    folders, objects = storage.browse("foo")
    assert folders == ["foo/bar/"]
    assert names(objects) == ["base/foo/c.txt"]


def test_pulled_files_get_the_usual_permissions(make_storage, src: Path, tmp_path: Path):
    storage = make_storage()
    storage.push("foo", local_path_prefix=str(src))
    old_umask = os.umask(0o022)
    try:
        storage.pull("foo", local_base_dir=str(tmp_path / "out"))
    finally:
        os.umask(old_umask)
    assert (tmp_path / "out/foo/c.txt").stat().st_mode & 0o777 == 0o644


def test_a_trailing_slash_on_the_base_path_changes_nothing(make_storage, src: Path, tmp_path):
    storage = make_storage("team/")
    assert storage.remote_base_path == "team"
    storage.push("foo/c.txt", local_path_prefix=str(src))
    assert remote_names(storage) == ["team/foo/c.txt"]
    again = storage.push("foo/c.txt", local_path_prefix=str(src), dryrun=True)
    assert [s.name for s in again.on_target_eq_md5] == ["team/foo/c.txt"]
    pulled = storage.pull("", local_base_dir=str(tmp_path / "out"))
    assert [s.name for s in pulled.synced_files] == ["team/foo/c.txt"]


def test_a_forced_push_does_not_overwrite_a_bucket_file_changed_after_the_preview(
    local_conf, tmp_path: Path
):
    from bucketferry.core import RemoteStorage

    storage = RemoteStorage(local_conf())
    write(tmp_path / "src/plan.txt", "mine v1")
    storage.push("plan.txt", local_path_prefix=str(tmp_path / "src"))
    write(tmp_path / "src/plan.txt", "mine v2, longer")
    preview = storage.push("plan.txt", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    bucket_file = Path(storage.store.bucket_dir) / "plan.txt"  # type: ignore[attr-defined]
    time.sleep(0.01)
    bucket_file.write_text("colleague's v2")
    result = storage.execute(preview, force=True)
    assert "after the preview" in (result.failed_files[0].reason or "")
    assert bucket_file.read_text() == "colleague's v2"


def test_temp_files_of_an_interrupted_download_are_never_pushed(make_storage, tmp_path: Path):
    write(tmp_path / "src/video.bin", "whole")
    write(tmp_path / "src/.video.bin.bfpart-123-0", "half")
    storage = make_storage()
    summary = storage.push(".", local_path_prefix=str(tmp_path / "src"))
    assert [s.name for s in summary.synced_files] == ["video.bin"]


def test_trash_folders_are_never_pushed(make_storage, tmp_path: Path):
    """A sync folder at the top of a mount (a USB stick) holds the file manager's trash
    (and the one forced pulls keep replaced files in): deleted files stay deleted."""
    src = tmp_path / "src"
    for name in (".Trash-1000/files/old.txt", ".Trash/1000/files/old.txt", "d/.Trash-7/x.txt"):
        write(src / name, "deleted")
    for name in ("a.txt", ".Trash-me/a.txt", ".Trashy/a.txt", "Trash/a.txt", "d/.Trash-7.txt"):
        write(src / name, "kept")
    storage = make_storage()
    summary = storage.push(".", local_path_prefix=str(src))
    assert sorted(s.name for s in summary.synced_files) == [
        ".Trash-me/a.txt",
        ".Trashy/a.txt",
        "Trash/a.txt",
        "a.txt",
        "d/.Trash-7.txt",
    ]


def test_very_long_file_names_round_trip(make_storage, tmp_path: Path):
    name = "n" * 240 + ".txt"
    write(tmp_path / "src" / name, "long")
    storage = make_storage()
    storage.push(name, local_path_prefix=str(tmp_path / "src"))
    storage.pull(name, local_base_dir=str(tmp_path / "out"))
    assert (tmp_path / "out" / name).read_text() == "long"


def test_the_home_trash_is_not_pushed_with_a_whole_home_folder(
    make_storage, tmp_path: Path, monkeypatch
):
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    write(home / ".local/share/Trash/files/replaced.txt", "kept by a forced pull")
    write(home / ".local/share/app/settings.txt", "pushed")
    write(home / "Documents/Trash/a.txt", "pushed: only the trash itself is left out")
    summary = make_storage().push(".", local_path_prefix=str(home))
    assert sorted(s.name for s in summary.synced_files) == [
        ".local/share/app/settings.txt",
        "Documents/Trash/a.txt",
    ]
