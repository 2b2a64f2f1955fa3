"""Parity with accsr 0.4.9's ``remote_storage``: every behaviour its own test suite checks,
and the parameters 0.4.9 added, on Bucket Ferry's engine.

The same checks run on S3 (moto's server over HTTP) and on a local-folder bucket wherever
the behaviour is the same; what only S3 can show (content type, user metadata, ACL) runs
on S3 alone. Every refused input is checked twice: the error says what is wrong, and no
file or object was written, replaced or deleted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from bucketferry.core import (
    ConfigurationError,
    ForceRequiredError,
    PathNotChildError,
    RemoteObject,
    RemoteStorage,
    SyncObject,
)
from bucketferry.core.paths import merge_path_regex, strip_abspath
from tests.azure_emulator import put_blob
from tests.helpers import s3_client, tree_bytes, write

PROGRESS_LOGGER = "bucketferry.core.remote_storage"

# The files every test starts from: names chosen so that plain prefixes reach further
# than the path asked for ("report" reaches "report_2.txt", "report_dir" "report_dir2/").
TREE = {
    "report.txt": "the report",
    "report_2.txt": "second report",
    "report_dir/part_1.txt": "part one",
    "report_dir/part_2.txt": "part two",
    "report_dir2/extra.txt": "an extra",
}


# --- helpers ---------------------------------------------------------------------------


def names(objects: Iterable[Any]) -> list[str]:
    return sorted(o.name for o in objects)


def md5_of(data: str | bytes) -> str:
    return hashlib.md5(data.encode() if isinstance(data, str) else data).hexdigest()


def whole_bucket(storage: RemoteStorage) -> RemoteStorage:
    """The same bucket without a base path, to see every object in it."""
    return RemoteStorage(dataclasses.replace(storage.conf, base_path=""))


def bucket_state(storage: RemoteStorage) -> dict[str, tuple[int, Any]]:
    """Every object of the bucket (name -> size, hash): to show nothing in it changed."""
    return {o.name: (o.size, o.hash) for o in whole_bucket(storage).list_objects("")}


def replace_behind_the_engine(storage: RemoteStorage, name: str, data: bytes) -> None:
    """Changes an object's bytes without Bucket Ferry (another client of the bucket)."""
    if storage.provider == "s3":
        client = s3_client(storage.conf.host, storage.conf.port)
        client.put_object(Bucket=storage.conf.bucket, Key=name, Body=data)
        return
    if storage.provider == "azure_blobs":
        put_blob(storage.conf, name, data)
        return
    path = Path(storage.store.bucket_dir, *name.split("/"))  # type: ignore[attr-defined]
    before = path.stat()
    path.write_bytes(data)
    # a new modification time, so no cached hash of the old bytes can be taken for these
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))


def progress_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == PROGRESS_LOGGER]


@pytest.fixture
def src(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    for relative, content in TREE.items():
        write(root / relative, content)
    return root


@pytest.fixture
def storage(make_storage: Callable[..., RemoteStorage]) -> RemoteStorage:
    """A fresh, empty bucket (S3 or a local folder) without a base path."""
    return make_storage("", use_pbar=False)


@pytest.fixture
def filled(storage: RemoteStorage, src: Path) -> RemoteStorage:
    """The bucket holding all of TREE."""
    storage.push("*", local_path_prefix=str(src))
    return storage


# --- list_objects: accsr's plain prefix listing ------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("report", sorted(TREE)),
        ("report.txt", ["report.txt"]),
        ("report_dir", ["report_dir/part_1.txt", "report_dir/part_2.txt", "report_dir2/extra.txt"]),
        ("report_d", ["report_dir/part_1.txt", "report_dir/part_2.txt", "report_dir2/extra.txt"]),
        ("report_dir/", ["report_dir/part_1.txt", "report_dir/part_2.txt"]),
        ("", sorted(TREE)),
        ("nothing", []),
    ],
)
def test_list_objects_lists_every_name_starting_with_the_path(filled, prefix, expected):
    assert names(filled.list_objects(prefix)) == expected


def test_list_objects_below_a_base_path_gives_full_names(make_storage, src: Path):
    storage = make_storage("bp", use_pbar=False)
    storage.push("*", local_path_prefix=str(src))
    # a sibling of the base path that only starts like it
    neighbour = RemoteStorage(dataclasses.replace(storage.conf, base_path="bpx"))
    neighbour.push("report.txt", local_path_prefix=str(src), use_pbar=False)
    assert names(storage.list_objects("")) == [f"bp/{n}" for n in sorted(TREE)]
    assert names(storage.list_objects("report_2")) == ["bp/report_2.txt"]
    assert names(storage.list_objects("report.txt")) == ["bp/report.txt"]
    assert "bpx/report.txt" in bucket_state(storage)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("report_dir", ["report_dir/part_1.txt", "report_dir/part_2.txt"]),
        ("report.txt", ["report.txt"]),
        ("report", []),
        ("", sorted(TREE)),
    ],
)
def test_list_objects_without_name_neighbours(filled, path, expected):
    assert names(filled.list_objects(path, name_neighbours=False)) == expected


def test_push_pull_and_delete_never_touch_name_neighbours(filled, src: Path, tmp_path: Path):
    out = tmp_path / "out"
    pulled = filled.pull("report_dir", local_base_dir=str(out))
    assert names(pulled.all_files_analyzed) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    pulled = filled.pull("report", local_base_dir=str(out), dryrun=True)
    assert pulled.all_files_analyzed == []
    pushed = filled.push("report_dir", local_path_prefix=str(src), dryrun=True)
    assert names(pushed.all_files_analyzed) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    assert names(pushed.on_target_eq_md5) == names(pushed.all_files_analyzed)
    assert pushed.unresolvable_collisions == {}
    assert names(filled.delete("report_dir", dryrun=True)) == [
        "report_dir/part_1.txt",
        "report_dir/part_2.txt",
    ]
    assert names(filled.delete("report.txt")) == ["report.txt"]
    assert names(filled.delete("report_dir")) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    assert sorted(bucket_state(filled)) == ["report_2.txt", "report_dir2/extra.txt"]


def test_neighbouring_names_are_pulled_and_deleted_one_by_one(make_storage, tmp_path: Path):
    """A file next to 'file.txt.collision' and a folder next to 'dir_name_collision/'."""
    local = tmp_path / "collide"
    for relative in (
        "file.txt",
        "file.txt.collision",
        "dir_name/file.txt",
        "dir_name_collision/file.txt",
    ):
        write(local / relative, relative)
    storage = make_storage("collide", use_pbar=False)
    storage.push("*", local_path_prefix=str(local))
    out = tmp_path / "out"
    storage.pull("file.txt", local_base_dir=str(out))
    storage.pull("dir_name", local_base_dir=str(out))
    assert sorted(tree_bytes(out)) == ["dir_name/file.txt", "file.txt"]
    storage.pull("file.txt.collision", local_base_dir=str(out))
    storage.pull("dir_name_collision", local_base_dir=str(out))
    assert tree_bytes(out) == tree_bytes(local)
    storage.delete("file.txt")
    assert names(storage.list_objects("")) == [
        "collide/dir_name/file.txt",
        "collide/dir_name_collision/file.txt",
        "collide/file.txt.collision",
    ]


# --- push --------------------------------------------------------------------------------


def test_push_a_glob_through_include_and_exclude(storage, src: Path):
    # include keeps the .txt names starting with "report"; exclude drops every
    # "report_..." (report_2.txt and both folders), so one file is left
    summary = storage.push(
        "*", local_path_prefix=str(src), include_regex=r"report.*txt", exclude_regex=r"report_.*"
    )
    assert names(summary.synced_files) == ["report.txt"]
    assert len(summary.skipped_source_files) == len(TREE) - 1
    assert names(storage.list_objects("report")) == ["report.txt"]


@pytest.mark.parametrize("base_path", ["", "base_path"])
def test_pushed_file_is_named_below_the_base_path(make_storage, src: Path, base_path: str):
    storage = make_storage(base_path, use_pbar=False)
    summary = storage.push("report.txt", local_path_prefix=str(src))
    expected = f"{base_path}/report.txt".lstrip("/")
    assert names(summary.synced_files) == [expected]
    assert names(storage.list_objects("report.txt")) == [expected]


def test_push_relative_to_the_working_directory(storage, src: Path, monkeypatch):
    monkeypatch.chdir(src)
    summary = storage.push("report_dir")
    assert names(summary.synced_files) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    assert names(storage.list_objects("report_dir/")) == names(summary.synced_files)


@pytest.mark.parametrize("path", ["report_dir", "report_2.txt", "r*rt_2.txt"])
def test_paths_may_be_path_objects(storage, src: Path, path: str):
    """accsr's callers pass pathlib paths as well as text."""
    summary = storage.push(src / path, local_path_prefix=src)
    assert summary.synced_files and all(s.status == "synced" for s in summary.synced_files)
    again = storage.push(src / path, local_path_prefix=src, dryrun=True)
    assert names(again.on_target_eq_md5) == names(summary.synced_files)


@pytest.mark.parametrize("path", ["report_2.txt", "r*rt_2.txt"])
def test_push_with_prefix_then_by_absolute_path_sends_nothing_again(storage, src, path):
    first = storage.push(path, local_path_prefix=str(src))
    assert names(first.synced_files) == ["report_2.txt"]
    again = storage.push(str(src / path), local_path_prefix=str(src))
    assert again.synced_files == []
    assert names(again.on_target_eq_md5) == ["report_2.txt"]


def test_pushing_identical_files_sends_nothing_with_or_without_force(storage, src: Path):
    summary = storage.push("report_dir", local_path_prefix=str(src))
    assert len(summary.synced_files) == 2
    assert len(storage.list_objects("report_dir/")) == 2
    before = bucket_state(storage)
    for force in (False, True):
        again = storage.push("report_dir", local_path_prefix=str(src), force=force)
        assert again.synced_files == [] and len(again.on_target_eq_md5) == 2
    assert bucket_state(storage) == before


@pytest.mark.parametrize("missing", ["no_such_file.txt", "no_such_dir"])
def test_pushing_a_missing_path_is_file_not_found(storage, src: Path, missing: str):
    with pytest.raises(FileNotFoundError, match=missing):
        storage.push(missing, local_path_prefix=str(src))
    assert bucket_state(storage) == {}


# --- pull --------------------------------------------------------------------------------


def test_pull_with_include_and_exclude(storage, src: Path, tmp_path: Path):
    storage.push(
        "*", local_path_prefix=str(src), include_regex=r"report.*txt", exclude_regex=r"report_d.*"
    )
    assert names(storage.list_objects("report")) == ["report.txt", "report_2.txt"]
    out = tmp_path / "out"
    one = storage.pull(
        "", local_base_dir=str(out), include_regex=r"report.*txt", exclude_regex="report_2"
    )
    assert names(one.matched_source_files) == ["report.txt"]
    assert names(one.skipped_source_files) == ["report_2.txt"]
    assert tree_bytes(out) == {"report.txt": b"the report"}
    both = storage.pull("", local_base_dir=str(out), include_regex=re.compile(r"report.*txt"))
    assert names(both.matched_source_files) == ["report.txt", "report_2.txt"]
    assert names(both.synced_files) == ["report_2.txt"]
    assert tree_bytes(out) == {"report.txt": b"the report", "report_2.txt": b"second report"}


def test_pull_a_file_and_pull_it_again(filled, tmp_path: Path):
    out = tmp_path / "out"
    summary = filled.pull("report.txt", local_base_dir=str(out))
    assert names(summary.synced_files) == ["report.txt"]
    assert tree_bytes(out) == {"report.txt": b"the report"}
    again = filled.pull("report.txt", local_base_dir=str(out), force=False)
    assert again.synced_files == [] and names(again.on_target_eq_md5) == ["report.txt"]


def test_pull_a_folder_and_pull_it_again(filled, tmp_path: Path):
    out = tmp_path / "out"
    filled.pull("report_dir", local_base_dir=str(out))
    assert sorted(os.listdir(out / "report_dir")) == ["part_1.txt", "part_2.txt"]
    assert sorted(os.listdir(out)) == ["report_dir"]
    again = filled.pull("report_dir", local_base_dir=str(out))
    assert again.synced_files == []


def test_pull_into_the_working_directory(filled, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    filled.pull("report_2.txt")
    assert (tmp_path / "report_2.txt").read_text() == "second report"


@pytest.mark.parametrize("missing", ["non_existing_file.txt", "non_existing_dir"])
def test_pulling_a_missing_path_warns_and_pulls_nothing(filled, tmp_path, caplog, missing):
    with caplog.at_level(logging.WARNING):
        summary = filled.pull(missing, local_base_dir=str(tmp_path / "out"))
    assert summary.synced_files == [] and summary.all_files_analyzed == []
    assert f"No files found in remote storage under path: {missing}" in caplog.text
    assert not (tmp_path / "out").exists()


def test_pulling_a_file_onto_a_local_folder_is_refused(filled, tmp_path: Path):
    out = tmp_path / "out"
    write(out / "report.txt/mine.txt", "my own file")
    before = tree_bytes(out)
    target = out / "report.txt"
    with pytest.raises(FileExistsError, match=re.escape(f"directory: {target}")):
        filled.pull("report.txt", local_base_dir=str(out))
    assert tree_bytes(out) == before


def test_a_folder_pull_with_one_clash_pulls_nothing(filled, tmp_path: Path):
    out = tmp_path / "out"
    write(out / "report_dir/part_2.txt/mine.txt", "my own file")
    before = tree_bytes(out)
    target = out / "report_dir/part_2.txt"
    with pytest.raises(FileExistsError, match=re.escape(f"directory: {target}")):
        filled.pull("report_dir", local_base_dir=str(out))
    assert tree_bytes(out) == before  # part_1.txt was not pulled either


# --- delete ------------------------------------------------------------------------------


def test_deleting_nothing_warns(filled, caplog):
    before = bucket_state(filled)
    with caplog.at_level(logging.WARNING):
        assert filled.delete("there is no such file") == []
    assert "Not deleting anything" in caplog.text
    assert bucket_state(filled) == before


def test_delete_a_file_and_a_folder(filled):
    assert len(filled.list_objects("report.txt")) == 1
    assert names(filled.delete("report.txt")) == ["report.txt"]
    assert filled.list_objects("report.txt") == []
    assert names(filled.delete("report_dir")) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    assert filled.list_objects("report_dir/") == []
    assert sorted(bucket_state(filled)) == ["report_2.txt", "report_dir2/extra.txt"]


def test_delete_below_a_base_path_returns_full_names(make_storage, src: Path):
    storage = make_storage("", use_pbar=False)
    storage.set_remote_base_path("base_path")
    storage.push("report.txt", local_path_prefix=str(src))
    assert len(storage.list_objects("report.txt")) == 1
    deleted = storage.delete("report.txt")
    assert [o.name for o in deleted] == ["base_path/report.txt"]
    assert bucket_state(storage) == {}


def test_delete_with_include_and_exclude(filled):
    deleted = filled.delete("", include_regex=r"report.*txt", exclude_regex=r"report_.*")
    assert names(deleted) == ["report.txt"]
    assert len(filled.list_objects("report_2.txt")) == 1
    deleted = filled.delete("", include_regex=r"report_\d.*txt")
    assert names(deleted) == ["report_2.txt"]
    assert sorted(bucket_state(filled)) == [
        "report_dir/part_1.txt",
        "report_dir/part_2.txt",
        "report_dir2/extra.txt",
    ]


def test_deprecated_path_regex_is_include_regex(filled, tmp_path: Path, caplog):
    with caplog.at_level(logging.WARNING):
        deleted = filled.delete("", path_regex=r"report_dir/")
    assert names(deleted) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    assert "deprecated parameter 'path_regex'" in caplog.text
    before = bucket_state(filled)
    with pytest.raises(ValueError, match="Cannot specify both"):
        filled.pull("", local_base_dir=str(tmp_path / "o"), path_regex="a", include_regex="b")
    with pytest.raises(ValueError, match="Cannot specify both"):
        filled.delete("", path_regex="a", include_regex="b")
    assert bucket_state(filled) == before and not (tmp_path / "o").exists()
    assert merge_path_regex(None, "x") == "x" and merge_path_regex("y", None) == "y"


# --- summaries ---------------------------------------------------------------------------


def test_a_summary_can_be_looked_at(storage, src: Path, capsys):
    summary = storage.push("*", local_path_prefix=str(src))
    assert summary.sync_direction == "push"
    capsys.readouterr()
    summary.print_short_summary()
    short = json.loads(capsys.readouterr().out)
    assert short["sync_direction"] == "push" and short["synced_files"] == len(TREE)
    assert json.loads(summary.to_json())["sync_direction"] == "push"
    assert isinstance(repr(summary), str)


def test_sync_object_takes_accsr_arguments(tmp_path: Path):
    path = write(tmp_path / "a.txt", "abc")
    remote = RemoteObject("a.txt", 3, "not-the-md5", "s3")
    plain = SyncObject("pull", str(path), remote_obj=remote)
    assert plain.remote_hash == "not-the-md5" and not plain.equal_md5_hash_sum
    told = SyncObject("pull", str(path), remote, None, md5_of("abc"))
    assert told.remote_hash == md5_of("abc") and told.equal_md5_hash_sum
    wrong = SyncObject(
        "push", local_path=str(path), remote_obj=remote, remote_obj_overridden_md5_hash="0" * 32
    )
    assert wrong.exists_on_target and not wrong.equal_md5_hash_sum
    with pytest.raises(ValueError, match="only be set if remote_obj"):
        SyncObject("push", str(path), remote_path="a.txt", remote_obj_overridden_md5_hash="x")
    with pytest.raises(FileExistsError, match=re.escape(f"directory: {tmp_path}")):
        SyncObject("pull", str(tmp_path), remote_obj=remote)


# --- absolute paths in pull ----------------------------------------------------------------


@pytest.mark.parametrize("relative", ["report_dir", "report_dir/part_2.txt"])
def test_a_path_pushed_by_its_absolute_name_is_pulled_back_by_it(storage, src, relative):
    absolute = str(src / relative)
    pushed = storage.push(absolute, local_path_prefix=str(src))
    original = tree_bytes(src)
    assert all(not s.name.startswith("/") for s in pushed.synced_files)
    for path in pushed.synced_files:
        os.remove(path.local_path)
    summary = storage.pull(absolute, local_base_dir=str(src))
    assert names(summary.synced_files) == names(pushed.synced_files)
    assert tree_bytes(src) == original


def test_an_explicit_prefix_is_stripped_for_a_relative_local_folder(filled, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    summary = filled.pull(
        "/some/abs/prefix/report_dir",
        local_base_dir="rel_base",
        strip_abspath_prefix="/some/abs/prefix/",
    )
    assert len(summary.synced_files) == 2
    assert tree_bytes(tmp_path / "rel_base") == {
        "report_dir/part_1.txt": b"part one",
        "report_dir/part_2.txt": b"part two",
    }


def test_an_explicit_prefix_with_an_absolute_folder_when_its_stripping_is_off(filled, tmp_path):
    out = tmp_path / "out"
    filled.pull(
        "/mnt/data/report.txt",
        local_base_dir=str(out),
        strip_abspath_prefix="/mnt/data",
        strip_abs_local_base_dir=False,
    )
    assert tree_bytes(out) == {"report.txt": b"the report"}


def test_a_relative_remote_path_is_never_stripped(filled, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    filled.pull("report.txt", local_base_dir=str(out))
    monkeypatch.chdir(tmp_path)
    filled.pull("report_2.txt", local_base_dir="out", strip_abspath_prefix="/anything")
    assert tree_bytes(out) == {"report.txt": b"the report", "report_2.txt": b"second report"}


def test_both_strip_options_at_once_is_a_clear_error(filled, tmp_path: Path):
    out = tmp_path / "out"
    write(out / "mine.txt", "mine")
    before, remote = tree_bytes(out), bucket_state(filled)
    with pytest.raises(ConfigurationError, match="Cannot specify both") as excinfo:
        filled.pull(str(out / "report.txt"), local_base_dir=str(out), strip_abspath_prefix=str(out))
    assert isinstance(excinfo.value, ValueError)
    with pytest.raises(ValueError, match="Cannot specify both"):  # whatever the remote path
        filled.pull("report.txt", local_base_dir=str(out), strip_abspath_prefix="/x", dryrun=True)
    assert tree_bytes(out) == before and bucket_state(filled) == remote


@pytest.mark.parametrize("where", ["elsewhere", "sibling"])
def test_an_absolute_path_outside_the_prefix_is_refused(filled, tmp_path: Path, where: str):
    out = tmp_path / "data"
    write(out / "mine.txt", "mine")
    before, remote = tree_bytes(out), bucket_state(filled)
    # "sibling": data2/report.txt only starts like data/; cut by characters (as accsr
    # does) it would become "report.txt", which the bucket has
    asked = "/elsewhere/report.txt" if where == "elsewhere" else f"{out}2/report.txt"
    with pytest.raises(PathNotChildError, match="does not start with the given prefix") as exc:
        filled.pull(asked, local_base_dir=str(out))
    assert isinstance(exc.value, ValueError)
    assert tree_bytes(out) == before and bucket_state(filled) == remote


@pytest.mark.parametrize(
    ("path", "prefix", "expected"),
    [
        ("/data/run1/a.csv", "/data", "run1/a.csv"),
        ("/data/run1/a.csv", "/data/", "run1/a.csv"),
        ("/data", "/data", ""),
        ("run1/a.csv", "/data", "run1/a.csv"),
        ("/data2/a.csv", "/data", PathNotChildError),
        ("/dat/a.csv", "/data", PathNotChildError),
    ],
)
def test_strip_abspath(path: str, prefix: str, expected):
    if expected is PathNotChildError:
        with pytest.raises(PathNotChildError):
            strip_abspath(path, prefix)
    else:
        assert strip_abspath(path, prefix) == expected


# --- add_extra_to_upload ------------------------------------------------------------------


def test_extra_sets_content_type_metadata_and_acl_on_s3(s3_conf, src: Path):
    conf = s3_conf(use_pbar=False)
    asked: list[SyncObject] = []

    def extra(sync_object: SyncObject) -> dict[str, Any]:
        asked.append(sync_object)
        return {
            "content_type": "text/x-parity",
            "meta_data": {"owner": "team-a", "local-md5": sync_object.local_hash},
            "acl": "public-read",
        }

    storage = RemoteStorage(conf, add_extra_to_upload=extra)
    storage.push("report_dir", local_path_prefix=str(src))
    assert names(asked) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    assert all(s.sync_direction == "push" and s.exists_locally for s in asked)
    client = s3_client(conf.host, conf.port)
    for sync_object in asked:
        head = client.head_object(Bucket=conf.bucket, Key=sync_object.name)
        assert head["ContentType"] == "text/x-parity"
        local_md5 = md5_of((src / sync_object.name).read_bytes())
        assert head["Metadata"]["owner"] == "team-a"
        assert head["Metadata"]["local-md5"] == local_md5
        grants = client.get_object_acl(Bucket=conf.bucket, Key=sync_object.name)["Grants"]
        public = [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]
        assert [g["Permission"] for g in public] == ["READ"]
    # without extra, the type is guessed from the name and nobody else may read
    RemoteStorage(conf).push("report.txt", local_path_prefix=str(src))
    assert client.head_object(Bucket=conf.bucket, Key="report.txt")["ContentType"] == "text/plain"
    grants = client.get_object_acl(Bucket=conf.bucket, Key="report.txt")["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]


def test_extra_is_asked_only_for_files_really_uploaded(make_storage, src: Path, tmp_path: Path):
    base = make_storage("", use_pbar=False)
    asked: list[str] = []

    def extra(sync_object: SyncObject) -> dict[str, Any]:
        asked.append(sync_object.name)
        return {"content_type": "text/plain"}

    storage = RemoteStorage(base.conf, add_extra_to_upload=extra, hash_cache=base.hash_cache)
    storage.push("report_dir", local_path_prefix=str(src), dryrun=True)
    assert asked == []
    storage.push("report_dir", local_path_prefix=str(src))
    assert sorted(asked) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    asked.clear()
    storage.push("report_dir", local_path_prefix=str(src))
    assert asked == []  # identical
    write(src / "report_dir/part_2.txt", "part two, edited")
    storage.push("report_dir", local_path_prefix=str(src), force=True, dryrun=True)
    assert asked == []
    storage.push("report_dir", local_path_prefix=str(src), force=True)
    assert asked == ["report_dir/part_2.txt"]
    asked.clear()
    storage.pull("report_dir", local_base_dir=str(tmp_path / "out"))
    write(tmp_path / "out/report_dir/part_1.txt", "changed here")
    storage.pull("report_dir", local_base_dir=str(tmp_path / "out"), force=True)
    assert asked == []


def test_unknown_extra_keys_are_ignored_with_a_warning(s3_conf, src: Path, caplog):
    conf = s3_conf(use_pbar=False)
    unknown = f"parity_{uuid.uuid4().hex[:8]}"  # the warning is given once per set of keys
    storage = RemoteStorage(
        conf, add_extra_to_upload=lambda s: {"content_type": "text/csv", unknown: "value"}
    )
    with caplog.at_level(logging.WARNING):
        summary = storage.push("report.txt", local_path_prefix=str(src))
    assert names(summary.synced_files) == ["report.txt"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(unknown in w and "ignore" in w for w in warnings)
    head = s3_client(conf.host, conf.port).head_object(Bucket=conf.bucket, Key="report.txt")
    assert head["ContentType"] == "text/csv"
    assert unknown not in json.dumps(head["Metadata"])


@pytest.mark.parametrize(
    "bad",
    [
        {"meta_data": {"owner": "名前"}},
        {"meta_data": {"ünïcödé-✓": "x"}},
        {"content_type": "text/plain; charset=✓"},
        {"meta_data": {"owner": "line\r\nX-Injected: 1"}},
    ],
    ids=["value", "key", "content_type", "line-break"],
)
def test_metadata_an_http_header_cannot_carry_is_a_clear_error(s3_conf, src, bad):
    conf = s3_conf(use_pbar=False)
    RemoteStorage(conf).push("report_dir", local_path_prefix=str(src))
    before = bucket_state(RemoteStorage(conf))
    write(src / "report_dir/part_1.txt", "edited, to be forced")
    storage = RemoteStorage(conf, add_extra_to_upload=lambda s: bad)
    with pytest.raises(ConfigurationError, match="add_extra_to_upload") as excinfo:
        storage.push("report.txt", local_path_prefix=str(src))
    assert isinstance(excinfo.value, ValueError)
    with pytest.raises(ConfigurationError):
        storage.push("report_dir/part_1.txt", local_path_prefix=str(src), force=True)
    assert bucket_state(storage) == before
    client = s3_client(conf.host, conf.port)
    body = client.get_object(Bucket=conf.bucket, Key="report_dir/part_1.txt")["Body"].read()
    assert body == b"part one"


def test_the_local_folder_bucket_ignores_extra(local_conf, src: Path):
    conf = local_conf(use_pbar=False)
    extra = {"content_type": "text/x-parity", "meta_data": {"owner": "名前"}, "acl": "private"}
    storage = RemoteStorage(conf, add_extra_to_upload=lambda s: extra)
    summary = storage.push("*", local_path_prefix=str(src))
    assert len(summary.synced_files) == len(TREE)
    bucket_dir = Path(storage.store.bucket_dir)  # type: ignore[attr-defined]
    assert tree_bytes(bucket_dir) == tree_bytes(src)


# --- remote_hash_extractor ---------------------------------------------------------------


def test_an_extractor_giving_another_hash_makes_files_differ(make_storage, src, tmp_path):
    base = make_storage("", use_pbar=False)
    base.push("report_dir", local_path_prefix=str(src))
    out = tmp_path / "out"
    base.pull("report_dir", local_base_dir=str(out))
    seen: list[str] = []

    def extractor(remote_obj: Any) -> str:
        seen.append(remote_obj.name)
        return "0" * 32

    storage = RemoteStorage(base.conf, remote_hash_extractor=extractor, hash_cache=base.hash_cache)
    plan = storage.push("report_dir", local_path_prefix=str(src), dryrun=True)
    assert sorted(seen) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    assert names(plan.on_target_neq_md5) == sorted(seen) and plan.requires_force
    assert all(s.remote_hash == "0" * 32 for s in plan.on_target_neq_md5)
    remote, local = bucket_state(storage), tree_bytes(out)
    with pytest.raises(ForceRequiredError):
        storage.push("report_dir", local_path_prefix=str(src))
    pulled = storage.pull("report_dir", local_base_dir=str(out), dryrun=True)
    assert names(pulled.on_target_neq_md5) == sorted(set(seen))
    with pytest.raises(ForceRequiredError):
        storage.pull("report_dir", local_base_dir=str(out))
    assert bucket_state(storage) == remote and tree_bytes(out) == local


def test_an_extractor_giving_the_real_md5_makes_files_identical(make_storage, src: Path):
    base = make_storage("", use_pbar=False)
    base.push("report.txt", local_path_prefix=str(src))
    # another client replaces the bytes (same size); its catalogue keeps the real md5
    replace_behind_the_engine(base, "report.txt", b"THE REPORT")
    catalogue = {"report.txt": md5_of("the report")}
    plain = base.push("report.txt", local_path_prefix=str(src), dryrun=True)
    assert names(plain.on_target_neq_md5) == ["report.txt"]
    storage = RemoteStorage(
        base.conf, remote_hash_extractor=lambda o: catalogue[o.name], hash_cache=base.hash_cache
    )
    told = storage.push("report.txt", local_path_prefix=str(src), dryrun=True)
    assert names(told.on_target_eq_md5) == ["report.txt"]
    entry = told.on_target_eq_md5[0]
    assert entry.remote_hash == catalogue["report.txt"] and entry.equal_md5_hash_sum
    assert storage.push("report.txt", local_path_prefix=str(src)).synced_files == []


def test_the_extractor_describes_the_object_a_push_made(make_storage, src: Path):
    base = make_storage("", use_pbar=False)
    seen: list[str] = []

    def extractor(remote_obj: Any) -> str:
        seen.append(remote_obj.name)
        return f"catalogued:{remote_obj.name}"

    storage = RemoteStorage(base.conf, remote_hash_extractor=extractor, hash_cache=base.hash_cache)
    summary = storage.push("report_dir", local_path_prefix=str(src))
    assert sorted(seen) == ["report_dir/part_1.txt", "report_dir/part_2.txt"]
    for synced in summary.synced_files:
        assert synced.remote_hash == f"catalogued:{synced.name}"
        assert synced.remote_obj is not None and synced.remote_obj.name == synced.name


# --- use_pbar and log_level --------------------------------------------------------------


@pytest.mark.parametrize("level", [logging.INFO, logging.WARNING])
def test_without_bars_progress_is_logged_at_the_configured_level(
    make_storage, src, tmp_path, caplog, capsys, level
):
    storage = make_storage("", use_pbar=False, log_level=level)
    bucket = storage.conf.bucket
    with caplog.at_level(level, logger=PROGRESS_LOGGER):
        storage.push("report_dir", local_path_prefix=str(src))
        storage.push("report_dir", local_path_prefix=str(src))
        storage.pull("report_dir", local_base_dir=str(tmp_path / "out"))
    records = progress_lines(caplog)
    assert records and all(r.levelno == level for r in records)
    lines = [r.getMessage() for r in records]
    assert lines[0].startswith("Scanning files in ") and lines[0].endswith("report_dir")
    # files are sent in parallel: which file gets which number is not fixed
    uploads = [line for line in lines if line.startswith("Uploading")]
    assert sorted(u.split(":")[0] for u in uploads) == [
        f"Uploading file 1/2 to {bucket}",
        f"Uploading file 2/2 to {bucket}",
    ]
    assert sorted(u.split(": ")[1] for u in uploads) == [
        "report_dir/part_1.txt (8 B)",
        "report_dir/part_2.txt (8 B)",
    ]
    assert "No files to be updated" in lines
    assert f"Scanning remote paths in {bucket}/report_dir" in lines
    downloads = [line for line in lines if line.startswith("Downloading")]
    assert sorted(d.split(":")[0] for d in downloads) == [
        f"Downloading file 1/2 from {bucket}",
        f"Downloading file 2/2 from {bucket}",
    ]
    assert sorted(d.split(": ")[1] for d in downloads) == [
        "report_dir/part_1.txt (8 B)",
        "report_dir/part_2.txt (8 B)",
    ]
    assert "(bytes)" not in capsys.readouterr().err


def test_progress_logged_at_debug_stays_out_of_an_info_log(make_storage, src: Path, caplog):
    storage = make_storage("", use_pbar=False, log_level=logging.DEBUG)
    with caplog.at_level(logging.INFO, logger=PROGRESS_LOGGER):
        storage.push("report_dir", local_path_prefix=str(src))
    assert progress_lines(caplog) == []


def test_bars_show_on_stderr_and_nothing_is_logged(make_storage, src, tmp_path, caplog, capsys):
    storage = make_storage("")  # use_pbar defaults to True, as in accsr
    assert storage.conf.use_pbar is True
    out = tmp_path / "out"
    with caplog.at_level(logging.DEBUG, logger=PROGRESS_LOGGER):
        storage.push("report_dir", local_path_prefix=str(src))
        storage.pull("report_dir", local_base_dir=str(out))
        write(out / "report_dir/part_1.txt", "changed here")
        storage.pull("report_dir", local_base_dir=str(out), force=True)
    err = capsys.readouterr().err
    assert "Scanning files in " in err and "pushing (bytes)" in err
    assert f"Scanning remote paths in {storage.conf.bucket}/report_dir" in err
    assert "pulling (bytes)" in err and "force pulling (bytes)" in err
    messages = [r.getMessage() for r in progress_lines(caplog)]
    assert not [m for m in messages if m.startswith(("Uploading", "Downloading", "Scanning"))]
    assert (out / "report_dir/part_1.txt").read_text() == "part one"


def test_use_pbar_of_a_call_overrides_the_config(make_storage, src, tmp_path, caplog, capsys):
    quiet = make_storage("", use_pbar=False, log_level=logging.WARNING)
    with caplog.at_level(logging.WARNING, logger=PROGRESS_LOGGER):
        quiet.push("report.txt", local_path_prefix=str(src), use_pbar=True)
    assert "pushing (bytes)" in capsys.readouterr().err
    assert progress_lines(caplog) == []
    loud = RemoteStorage(
        dataclasses.replace(quiet.conf, use_pbar=True), hash_cache=quiet.hash_cache
    )
    with caplog.at_level(logging.WARNING, logger=PROGRESS_LOGGER):
        loud.pull("report.txt", local_base_dir=str(tmp_path / "out"), use_pbar=False)
    assert "(bytes)" not in capsys.readouterr().err
    lines = [r.getMessage() for r in progress_lines(caplog)]
    bucket = quiet.conf.bucket
    assert f"Downloading file 1/1 from {bucket}: report.txt (10 B)" in lines
