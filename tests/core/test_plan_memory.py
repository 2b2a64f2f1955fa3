"""A plan holds little per file (issue 17: 100,000 files), without changing what it says.

What a plan keeps of each file must stay small: a slim stat of six numbers (not a whole
``os.stat_result`` of 19 separate objects), listed objects with slots (no ``__dict__``)
whose ``extra`` a local-folder bucket makes only when asked for, and texts that repeat kept
once. These tests
check those invariants, and that the slim and lazy forms say exactly what the whole ones
said. No timing or memory figures are asserted: those depend on the machine.
"""

from __future__ import annotations

import gc
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bucketferry.core import RemoteStorage, RemoteStorageConfig
from bucketferry.core.file_stat import SlimStat, slim_stat
from bucketferry.core.hashing import file_identity
from bucketferry.core.remote_object import RemoteObject
from bucketferry.core.scan import scan_local
from bucketferry.core.sync_object import FAILED, SyncObject
from tests.helpers import write

USED_FIELDS = ("st_mode", "st_ino", "st_dev", "st_size", "st_mtime", "st_mtime_ns", "st_ctime_ns")
"""Every field of ``SyncObject.local_stat`` that core/, cli/ and gui/ read."""


@pytest.fixture
def storage(tmp_path: Path) -> RemoteStorage:
    buckets = str(tmp_path / "buckets")
    conf = RemoteStorageConfig(provider="local", key=buckets, secret="", bucket="plan")
    made = RemoteStorage(conf)
    made.create_bucket()
    return made


@pytest.fixture
def src(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    for name in ("a/one.txt", "a/two.txt", "b/three.txt"):
        write(root / name, name)
    return root


def _is_slim(st: object) -> bool:
    return isinstance(st, SlimStat) and not hasattr(st, "__dict__")


def test_slim_stat_keeps_what_callers_read_and_drops_the_rest(tmp_path: Path):
    path = write(tmp_path / "f.txt", "content")
    whole = os.stat(path)
    slim = slim_stat(whole)
    for field in USED_FIELDS:
        assert getattr(slim, field) == getattr(whole, field), field
    assert file_identity(slim) == file_identity(whole)
    assert _is_slim(slim) and not hasattr(slim, "st_uid") and not hasattr(slim, "st_atime")
    assert slim_stat(slim) is slim


@pytest.mark.parametrize(
    "mtime_ns",
    [0, 1, 999_999_999, 1_700_000_000_123_456_789, -1, -1_500_000_001, 4_102_444_800_999_999_999],
)
def test_slim_stat_gives_the_very_float_os_stat_gives(tmp_path: Path, mtime_ns: int):
    """st_mtime is remade from nanoseconds: the same float as os.stat's, to the last digit
    (shown times and the ISO text of a folder bucket's objects are made from it), before
    1970 too."""
    path = write(tmp_path / "f.txt", "content")
    try:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    except OSError as exc:  # a file system without times that far out
        pytest.skip(f"cannot set {mtime_ns}: {exc}")
    whole = os.stat(path)
    slim = slim_stat(whole)
    assert slim.st_mtime_ns == whole.st_mtime_ns
    assert slim.st_mtime == whole.st_mtime


def test_a_push_plan_keeps_no_whole_stat_and_no_object_dicts(storage: RemoteStorage, src: Path):
    storage.push(".", local_path_prefix=str(src))
    write(src / "a/two.txt", "changed, and longer")
    write(src / "c/new.txt", "new")
    plan = storage.plan_push(".", local_path_prefix=str(src))
    items = plan.all_files_analyzed
    assert len(items) == 4
    for item in items:
        assert not hasattr(item, "__dict__")
        assert item.local_path is not None
        stat = item.local_stat
        assert stat is not None and _is_slim(stat), item.name
        whole = os.stat(item.local_path)
        for field in USED_FIELDS:
            assert getattr(stat, field) == getattr(whole, field), (item.name, field)
        remote = item.remote_obj
        if remote is not None:
            assert not hasattr(remote, "__dict__")
            assert remote.name is item.remote_path  # one string for both
    assert all(_is_slim(f.stat) for f in scan_local(".", str(src)) if f.stat is not None)


def test_identical_files_share_their_md5_text(storage: RemoteStorage, src: Path):
    storage.push(".", local_path_prefix=str(src))
    plan = storage.plan_push(".", local_path_prefix=str(src))
    assert len(plan.on_target_eq_md5) == 3
    for item in plan.on_target_eq_md5:
        assert item.remote_obj is not None
        assert item.remote_obj.hash is item.local_hash


def test_a_file_changed_in_place_after_the_preview_is_still_caught(
    storage: RemoteStorage, src: Path
):
    """The slim stat keeps the whole identity: same size and restored modification time,
    yet the inode change time differs."""
    storage.push(".", local_path_prefix=str(src))
    target = src / "a/one.txt"
    write(target, "a/one.tx!")  # a differing copy, for the plan to send
    plan = storage.plan_push(".", local_path_prefix=str(src))
    seen = next(item.local_stat for item in plan.files_to_sync if item.name == "a/one.txt")
    assert seen is not None
    while True:  # until the kernel's clock for change times has moved on
        target.write_text("a/one.tx?")
        os.utime(target, ns=(seen.st_mtime_ns, seen.st_mtime_ns))
        now = os.stat(target)
        if now.st_ctime_ns != seen.st_ctime_ns:
            break
        time.sleep(0.01)
    assert (now.st_size, now.st_mtime_ns, now.st_ino) == (
        seen.st_size,
        seen.st_mtime_ns,
        seen.st_ino,
    )
    done = storage.execute(plan, force=True)
    failed = [item for item in done.failed_files if item.name == "a/one.txt"]
    assert failed and failed[0].status == FAILED
    assert "changed after the preview" in (failed[0].reason or "")


def test_a_folder_bucket_makes_extra_only_when_asked(storage: RemoteStorage, src: Path):
    """``extra`` and ``last_modified`` say what the listing said when it made them at once
    (the ISO text of ``st_mtime``, the float CPython makes), for times before and after
    1970 and with every digit of nanoseconds."""
    names = []
    for number, ns in enumerate(
        (0, 1, 999_999_999, 1_700_000_000_123_456_789, 1_234_567_890_999_999_999, -1_500_000_001)
    ):
        path = write(src / f"t/{number}.txt", str(number))
        os.utime(path, ns=(ns, ns))
        names.append(f"t/{number}.txt")
    storage.push("t", local_path_prefix=str(src))
    bucket = Path(storage.conf.key) / storage.conf.bucket
    for obj in storage.list_objects("t/"):
        st = os.stat(bucket / obj.name)
        expected = {
            "last_modified": datetime.fromtimestamp(st.st_mtime, tz=UTC).isoformat(),
            "mtime_ns": st.st_mtime_ns,
        }
        assert obj.last_modified == expected["last_modified"]
        assert obj.to_dict()["extra"] == expected
        assert obj.refusal is None
        assert obj._extra is None  # asking made nothing to keep
        assert obj.extra == expected
        obj.extra["last_modified"] = "Tue, 01 Oct 2024 10:00:00 GMT"  # as a HEAD may say
        assert obj.last_modified == "Tue, 01 Oct 2024 10:00:00 GMT"
    assert sorted(o.name for o in storage.list_objects("t/")) == sorted(names)


def test_a_plain_record_keeps_its_extra_and_meta_data_as_given():
    plain = RemoteObject("a.txt", 3, None, "s3")
    assert plain.extra == {} and plain.meta_data == {} and plain.hash is None
    plain.meta_data["md5"] = "0" * 32
    assert plain.meta_data == {"md5": "0" * 32}
    refused = RemoteObject("b", 0, None, "local", extra={"refused": "a link"})
    assert refused.refusal == "a link"
    assert refused.to_dict() == {
        "name": "b",
        "size": 0,
        "hash": None,
        "provider": "local",
        "extra": {"refused": "a link"},
        "meta_data": {},
    }
    refused.extra = {}
    assert refused.refusal is None


def test_sync_object_keeps_the_callers_path_string(tmp_path: Path):
    path = str(write(tmp_path / "f.txt"))
    item = SyncObject("push", path, remote_path="f.txt")
    assert item.local_path is path
    assert item.local_stat is not None and _is_slim(item.local_stat)


def test_record_entries_keep_repeated_texts_once(storage: RemoteStorage, src: Path):
    storage.push(".", local_path_prefix=str(src))
    plan = storage.plan_push(".", local_path_prefix=str(src))
    record = plan.record
    assert record is not None
    entries = list(record.entries_of(["a/one.txt", "a/two.txt", "b/three.txt"]))
    assert all(entry is not None for entry in entries)
    for entry in entries:
        assert entry is not None and entry.local_md5 is not None
        assert entry.remote_etag is entry.local_md5
        assert entry.remote_size is entry.local_size


def test_a_run_keeps_one_stat_per_file_and_makes_no_extra(storage: RemoteStorage, src: Path):
    """A push keeps the stat the plan had for a file sent as planned (not a second one
    from the open file), and neither run makes the lazy ``extra`` or ``meta_data`` of a
    folder bucket's objects (the journal reads them without keeping them)."""
    plan = storage.plan_push(".", local_path_prefix=str(src))
    planned = {item.name: item.local_stat for item in plan.files_to_sync}
    storage.execute(plan)
    assert len(plan.synced_files) == 3
    for item in plan.synced_files:
        assert item.local_stat is planned[item.name], item.name
        assert item.remote_obj is not None
        assert item.remote_obj._extra is None and item.remote_obj._meta_data is None  # type: ignore[attr-defined]
    pulled = storage.pull("", local_base_dir=str(src.parent / "pulled"))
    assert len(pulled.synced_files) == 3
    for item in pulled.synced_files:
        assert item.remote_obj is not None
        assert item.remote_obj._extra is None and item.remote_obj._meta_data is None  # type: ignore[attr-defined]


def test_an_object_whose_local_file_is_refused_is_not_only_on_the_target(
    storage: RemoteStorage, src: Path, tmp_path: Path
):
    """The plan marks each listed object a local file stands for (one byte each, not a set
    of names): a file refused on the local side still stands for its object, which is
    therefore neither a deleted source nor a file only in the bucket."""
    storage.push(".", local_path_prefix=str(src))
    outside = tmp_path / "outside.txt"
    outside.write_text("elsewhere")
    (src / "a/one.txt").unlink()
    (src / "a/one.txt").symlink_to(outside)
    (src / "b/three.txt").unlink()
    plan = storage.plan_push(".", local_path_prefix=str(src))
    assert [s.remote_path for s in plan.only_on_target] == ["b/three.txt"]
    refused = [s.remote_path for s in plan.refused_files]
    assert refused == ["a/one.txt"], refused
    assert storage.pull("", str(tmp_path / "back")).synced_files  # nothing was lost
    assert (tmp_path / "back/a/one.txt").read_text() == "a/one.txt"


def test_looking_into_a_missing_folder_leaves_no_cycle_for_the_collector(tmp_path: Path):
    """A preview of new files asks the bucket folder about each folder it lacks; each
    ask used to leave an exception, its traceback and their frames in a reference cycle,
    freed only by the garbage collector, whose collections hold the GIL a window waits
    for."""
    from bucketferry.core.local_folders import Absent, SafeFolder

    top = SafeFolder.open_top(str(tmp_path))
    gc.collect()
    gc.disable()
    try:
        for _ in range(50):
            with pytest.raises(Absent):
                top.enter("missing", create=False)
        assert gc.collect() == 0
    finally:
        gc.enable()
        top.close()
