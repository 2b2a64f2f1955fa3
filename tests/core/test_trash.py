"""Forcing a pull loses nothing: the replaced local version goes to the desktop's trash (the
freedesktop.org layout) or a dated backup folder, and the result says where.

Real files in temp folders; S3 through moto over HTTP and a local-folder bucket. A second
file system is simulated where needed (see the tests that say so)."""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import stat
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from bucketferry.core import RemoteStorage, SyncFailedError
from bucketferry.core import trash as trash_mod
from bucketferry.core.atomic_files import TEMP_MARKER
from bucketferry.core.locations import backup_dir as default_backup_dir
from bucketferry.core.trash import ReplacedFileKeeper
from tests.helpers import tree_bytes, write

STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d{6}$")


def home_trash() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "Trash"


def trash_info(info_file: Path) -> dict[str, str]:
    lines = info_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Trash Info]"
    return dict(line.split("=", 1) for line in lines[1:])


def no_temp_files(root: Path) -> bool:
    return not [p for p in root.rglob("*") if TEMP_MARKER in p.name]


@pytest.fixture
def pulled(make_storage, tmp_path: Path) -> tuple[RemoteStorage, Path]:
    """A bucket with foo/c.txt = 'bucket version'; a local copy that differs ('mine')."""
    storage = make_storage()
    write(tmp_path / "src/foo/c.txt", "bucket version")
    storage.push("foo", local_path_prefix=str(tmp_path / "src"))
    out = tmp_path / "out"
    write(out / "foo/c.txt", "mine")
    return storage, out


def test_forced_pull_puts_the_replaced_file_in_the_trash_and_says_where(pulled, caplog):
    storage, out = pulled
    target = out / "foo/c.txt"
    with caplog.at_level(logging.INFO, logger="bucketferry.core.trash"):
        summary = storage.pull("foo", local_base_dir=str(out), force=True)
    assert target.read_bytes() == b"bucket version"
    kept = home_trash() / "files/c.txt"
    assert kept.read_bytes() == b"mine"
    assert summary.replaced_copies == {str(target): str(kept)}
    assert summary.synced_files[0].replaced_copy == str(kept)
    info = trash_info(home_trash() / "info/c.txt.trashinfo")
    assert info["Path"] == quote(str(target))
    deleted = datetime.strptime(info["DeletionDate"], "%Y-%m-%dT%H:%M:%S")
    assert abs((datetime.now() - deleted).total_seconds()) < 60
    for folder in (home_trash(), home_trash() / "files", home_trash() / "info"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert no_temp_files(out)
    assert [r.getMessage() for r in caplog.records] == [
        f"Kept the replaced version of {target} in the trash: {kept}"
    ]


def test_the_summary_json_carries_the_new_key_and_keeps_the_old_ones(pulled):
    storage, out = pulled
    summary = storage.pull("foo", local_base_dir=str(out), force=True)
    entry = json.loads(summary.to_json())["synced_files"][0]
    assert entry["replaced_copy"] == str(home_trash() / "files/c.txt")
    assert {"local_path", "remote_path", "equal_md5_hash_sum", "status", "reason"} < set(entry)
    new_file = storage.pull("foo", local_base_dir=str(out.parent / "fresh"))
    assert json.loads(new_file.to_json())["synced_files"][0]["replaced_copy"] is None


def test_a_name_already_in_the_trash_gets_a_numbered_name(pulled, tmp_path: Path):
    storage, out = pulled
    storage.pull("foo", local_base_dir=str(out), force=True)
    write(out / "foo/c.txt", "mine again")
    summary = storage.pull("foo", local_base_dir=str(out), force=True)
    second = home_trash() / "files/c.2.txt"
    assert summary.synced_files[0].replaced_copy == str(second)
    assert second.read_bytes() == b"mine again"
    assert (home_trash() / "files/c.txt").read_bytes() == b"mine"
    assert trash_info(home_trash() / "info/c.2.txt.trashinfo")["Path"] == quote(
        str(out / "foo/c.txt")
    )


def test_names_are_url_encoded_in_the_trash_info(local_conf, tmp_path: Path):
    storage = RemoteStorage(local_conf())
    name = "notes 100% ä#1.txt"
    write(tmp_path / "src" / name, "bucket")
    storage.push(name, local_path_prefix=str(tmp_path / "src"))
    write(tmp_path / "out" / name, "mine")
    storage.pull(name, local_base_dir=str(tmp_path / "out"), force=True)
    path = trash_info(home_trash() / "info" / f"{name}.trashinfo")["Path"]
    assert path.endswith("/notes%20100%25%20%C3%A4%231.txt")
    assert path == quote(str(tmp_path / "out" / name))


def test_without_a_usable_trash_it_goes_to_a_dated_backup_folder(
    pulled, tmp_path: Path, monkeypatch
):
    storage, out = pulled
    blocker = write(tmp_path / "not-a-folder", "a file where the data folder would be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "share"))
    summary = storage.pull("foo", local_base_dir=str(out), force=True)
    kept = Path(summary.synced_files[0].replaced_copy or "")
    backups = default_backup_dir(storage.conf.bucket)
    assert kept.parent.parent.parent == backups
    assert STAMP.match(kept.parent.parent.name)
    assert kept.relative_to(backups / kept.parent.parent.name).as_posix() == "foo/c.txt"
    assert kept.read_bytes() == b"mine"
    assert (out / "foo/c.txt").read_bytes() == b"bucket version"


def test_when_nothing_can_keep_it_the_file_fails_and_stays(pulled, tmp_path: Path, monkeypatch):
    storage, out = pulled
    blocker = write(tmp_path / "not-a-folder", "x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "share"))
    monkeypatch.setenv("BUCKETFERRY_DATA_DIR", str(blocker / "data"))
    with pytest.raises(SyncFailedError) as excinfo:
        storage.pull("foo", local_base_dir=str(out), force=True)
    [failed] = excinfo.value.summary.failed_files
    assert failed.reason is not None
    assert "was not replaced" in failed.reason and "backup folder" in failed.reason
    assert failed.replaced_copy is None
    assert tree_bytes(out) == {"foo/c.txt": b"mine"}


def test_new_and_identical_files_put_nothing_in_the_trash(make_storage, tmp_path: Path):
    storage = make_storage()
    write(tmp_path / "src/d/a.txt", "a")
    write(tmp_path / "src/d/b.txt", "b")
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    out = tmp_path / "out"
    write(out / "d/a.txt", "a")  # identical: not replaced at all
    summary = storage.pull("d", local_base_dir=str(out), force=True)
    assert [s.name for s in summary.synced_files] == ["d/b.txt"]  # new: nothing to keep
    assert summary.replaced_copies == {}
    again = storage.pull("d", local_base_dir=str(out), force=True)
    assert again.synced_files == [] and again.replaced_copies == {}
    assert not home_trash().exists()


def test_a_pull_without_force_trashes_nothing(pulled):
    storage, out = pulled
    with pytest.raises(FileExistsError):
        storage.pull("foo", local_base_dir=str(out))
    assert not home_trash().exists()
    assert tree_bytes(out) == {"foo/c.txt": b"mine"}


def test_keep_replaced_off_replaces_without_a_copy(pulled):
    storage, out = pulled
    storage.conf.keep_replaced = False
    result = storage.pull("foo", local_base_dir=str(out), force=True)
    assert result.replaced_copies == {}
    assert (out / "foo/c.txt").read_bytes() == b"bucket version"
    assert not home_trash().exists()


def test_a_configured_backup_folder_is_used(pulled, tmp_path: Path, monkeypatch):
    storage, out = pulled
    monkeypatch.setattr(trash_mod, "FREEDESKTOP", False)  # as on macOS and Windows
    storage.conf.backup_dir = str(tmp_path / "my backups")
    result = storage.pull("foo", local_base_dir=str(out), force=True)
    kept = Path(result.replaced_copies[str(out / "foo/c.txt")])
    assert kept.parent.parent.parent == tmp_path / "my backups"
    assert kept.read_bytes() == b"mine"
    assert not home_trash().exists()


def _fail_putting_in_place(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The pull's last step fails for the file ``name``: a pull renames its temporary file
    within the folder it holds open (names relative to directory descriptors); the
    trash's own renames (full paths) still work."""
    real_replace = os.replace

    def failing_replace(src, dst, **dir_fds):
        if os.fspath(dst) == name and dir_fds.get("dst_dir_fd") is not None:
            raise OSError(errno.EIO, "Input/output error", dst)
        return real_replace(src, dst, **dir_fds)

    monkeypatch.setattr(os, "replace", failing_replace)


def test_the_old_file_stays_if_the_new_one_cannot_be_put_in_place(
    pulled, tmp_path: Path, monkeypatch
):
    storage, out = pulled
    _fail_putting_in_place(monkeypatch, "c.txt")
    with pytest.raises(SyncFailedError):
        storage.pull("foo", local_base_dir=str(out), force=True)
    assert tree_bytes(out) == {"foo/c.txt": b"mine"}
    assert list((home_trash() / "files").iterdir()) == []
    assert list((home_trash() / "info").iterdir()) == []


@pytest.mark.parametrize("link_error", [errno.EPERM, errno.ENOTSUP])
def test_without_hard_links_the_file_is_renamed_into_the_trash(
    pulled, monkeypatch, link_error: int
):
    """File systems without hard links (FAT, some network shares): a rename instead."""
    storage, out = pulled

    def no_links(src, dst, *, follow_symlinks=True):
        raise OSError(link_error, os.strerror(link_error))

    monkeypatch.setattr(os, "link", no_links)
    summary = storage.pull("foo", local_base_dir=str(out), force=True)
    assert Path(summary.synced_files[0].replaced_copy or "").read_bytes() == b"mine"
    assert (out / "foo/c.txt").read_bytes() == b"bucket version"


def test_a_renamed_file_goes_back_if_the_new_one_cannot_be_put_in_place(
    pulled, tmp_path: Path, monkeypatch
):
    storage, out = pulled

    def no_links(src, dst, *, follow_symlinks=True):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    _fail_putting_in_place(monkeypatch, "c.txt")
    with pytest.raises(SyncFailedError):
        storage.pull("foo", local_base_dir=str(out), force=True)
    assert tree_bytes(out) == {"foo/c.txt": b"mine"}
    assert list((home_trash() / "info").iterdir()) == []


# --- the trash on other file systems and the backup folder, file by file ----------------


@pytest.fixture
def volume(tmp_path: Path, monkeypatch) -> Path:
    """Pretend ``tmp_path/volume`` is the top of a second file system: the home trash
    reports another device, and the file's mount point is this folder. (A real second
    file system needs root and a mount; the device walk itself is not covered here.)"""
    top = tmp_path / "volume"
    top.mkdir()
    monkeypatch.setattr(trash_mod, "_device", lambda path: -1)
    monkeypatch.setattr(trash_mod, "_mount_point", lambda folder, device: top)
    return top


def test_on_another_device_the_volume_trash_is_used(volume: Path):
    doc = write(volume / "docs/a b.txt", "old")
    kept = ReplacedFileKeeper(volume.parent / "backups").keep(str(doc), "docs/a b.txt")
    own = volume / f".Trash-{os.getuid()}"
    assert kept.path == str(own / "files/a b.txt")
    assert Path(kept.path).read_bytes() == b"old"
    # Paths in a volume trash are relative to the volume's top, as the spec asks.
    assert trash_info(own / "info/a b.txt.trashinfo")["Path"] == "docs/a%20b.txt"
    assert stat.S_IMODE(own.stat().st_mode) == 0o700
    assert not home_trash().exists()


def test_a_shared_sticky_trash_folder_gets_a_folder_per_user(volume: Path):
    shared = volume / ".Trash"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    doc = write(volume / "a.txt", "old")
    kept = ReplacedFileKeeper(volume.parent / "backups").keep(str(doc))
    assert kept.path == str(shared / str(os.getuid()) / "files/a.txt")
    assert trash_info(shared / str(os.getuid()) / "info/a.txt.trashinfo")["Path"] == "a.txt"


@pytest.mark.parametrize("kind", ["not sticky", "symlink"])
def test_an_unsafe_shared_trash_folder_is_not_used(volume: Path, tmp_path: Path, kind: str):
    shared = volume / ".Trash"
    if kind == "symlink":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        os.chmod(elsewhere, 0o1777)
        shared.symlink_to(elsewhere)
    else:
        shared.mkdir()
        os.chmod(shared, 0o777)
    doc = write(volume / "a.txt", "old")
    kept = ReplacedFileKeeper(volume.parent / "backups").keep(str(doc))
    assert kept.path == str(volume / f".Trash-{os.getuid()}" / "files/a.txt")


def test_if_the_volume_has_no_usable_trash_the_backup_folder_takes_it(volume: Path):
    write(volume / f".Trash-{os.getuid()}", "a file where the trash folder would be")
    doc = write(volume / "docs/a.txt", "old")
    keeper = ReplacedFileKeeper(volume.parent / "backups", datetime(2024, 5, 17, 9, 30, 5))
    kept = keeper.keep(str(doc), "docs/a.txt")
    assert kept.path == str(volume.parent / "backups/2024-05-17 093005/docs/a.txt")
    assert Path(kept.path).read_bytes() == b"old"
    assert kept.info_path is None


class _TwoDisks:
    """The ``os`` module as trash.py sees it, with everything at or below ``disk`` (by real
    path) on a device of its own: a second file system without root or a mount. Unlike
    the ``volume`` fixture, the walk up to the top of the mount runs for real."""

    def __init__(self, disk: Path) -> None:
        self.disk = str(disk)
        self.device = os.stat(disk).st_dev + 1

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def _on_disk(self, result: os.stat_result, real: str) -> os.stat_result:
        if real != self.disk and not real.startswith(self.disk + os.sep):
            return result
        fields = list(result[:10])
        fields[2] = self.device  # st_dev
        return os.stat_result(fields)

    def stat(self, path, **kwargs) -> os.stat_result:
        return self._on_disk(os.stat(path, **kwargs), os.path.realpath(path))

    def lstat(self, path, **kwargs) -> os.stat_result:
        real_folder = os.path.realpath(os.path.dirname(path))
        return self._on_disk(
            os.lstat(path, **kwargs), os.path.join(real_folder, os.path.basename(path))
        )


@pytest.fixture
def disk(tmp_path: Path, monkeypatch) -> Path:
    """``tmp_path/disk``: the top of another file system than the home trash's."""
    top = tmp_path / "disk"
    top.mkdir()
    monkeypatch.setattr(trash_mod, "os", _TwoDisks(top))
    return top


@pytest.fixture
def bucket_with_c(local_conf, tmp_path: Path) -> RemoteStorage:
    storage = RemoteStorage(local_conf())
    write(tmp_path / "src/foo/c.txt", "bucket version")
    storage.push("foo", local_path_prefix=str(tmp_path / "src"))
    return storage


def test_a_folder_reached_through_a_link_uses_the_trash_at_the_top_of_its_disk(
    bucket_with_c: RemoteStorage, disk: Path, tmp_path: Path
):
    """``~/work -> /mnt/disk/work``: the trash is /mnt/disk's, not one in the synced
    folder (where the next push would upload it)."""
    write(disk / "work/foo/c.txt", "mine")
    work = tmp_path / "home/work"
    work.parent.mkdir()
    work.symlink_to(disk / "work")
    summary = bucket_with_c.pull("foo", local_base_dir=str(work), force=True)
    own = disk / f".Trash-{os.getuid()}"
    assert summary.synced_files[0].replaced_copy == str(own / "files/c.txt")
    assert (own / "files/c.txt").read_bytes() == b"mine"
    assert trash_info(own / "info/c.txt.trashinfo")["Path"] == "work/foo/c.txt"
    assert tree_bytes(disk / "work") == {"foo/c.txt": b"bucket version"}
    assert not home_trash().exists()


@pytest.mark.parametrize("reached", ["directly", "through a link"])
def test_a_sync_folder_that_is_a_whole_disk_gets_no_trash_inside(
    bucket_with_c: RemoteStorage, disk: Path, tmp_path: Path, reached: str
):
    """A USB stick synced as a whole: its trash would be inside the synced folder, so the
    backup folder takes the file instead."""
    write(disk / "foo/c.txt", "mine")
    local = disk
    if reached == "through a link":
        local = tmp_path / "stick"
        local.symlink_to(disk)
    summary = bucket_with_c.pull("foo", local_base_dir=str(local), force=True)
    kept = Path(summary.synced_files[0].replaced_copy or "")
    assert kept.is_relative_to(default_backup_dir(bucket_with_c.conf.bucket))
    assert kept.read_bytes() == b"mine"
    assert tree_bytes(disk) == {"foo/c.txt": b"bucket version"}
    assert not home_trash().exists()


def test_backup_names_clash_only_in_name(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(trash_mod, "FREEDESKTOP", False)
    keeper = ReplacedFileKeeper(tmp_path / "backups", datetime(2024, 5, 17, 9, 30, 5))
    first = keeper.keep(str(write(tmp_path / "one/a.txt", "1")), "../x/./a.txt")
    second = keeper.keep(str(write(tmp_path / "two/a.txt", "2")), "x/a.txt")
    folder = tmp_path / "backups/2024-05-17 093005/x"
    assert (first.path, second.path) == (str(folder / "a.txt"), str(folder / "a.2.txt"))
    assert tree_bytes(folder) == {"a.txt": b"1", "a.2.txt": b"2"}


def test_a_backup_on_another_device_is_a_copy_and_the_original_stays(tmp_path: Path, monkeypatch):
    """Neither a hard link nor a rename can cross devices (simulated: both fail with
    EXDEV for the original); the copy has the bytes, mode and time, and the original is
    left for the pull's own atomic replacement."""
    monkeypatch.setattr(trash_mod, "FREEDESKTOP", False)
    doc = write(tmp_path / "docs/a.txt", b"old bytes" * 1000)
    os.chmod(doc, 0o640)
    os.utime(doc, (1_600_000_000, 1_600_000_000))
    real_link, real_replace = os.link, os.replace

    def cross_device(real):
        def fake(src, dst, **kwargs):
            if os.fspath(src) == str(doc):
                raise OSError(errno.EXDEV, "Invalid cross-device link")
            return real(src, dst, **kwargs)

        return fake

    monkeypatch.setattr(os, "link", cross_device(real_link))
    monkeypatch.setattr(os, "replace", cross_device(real_replace))
    kept = ReplacedFileKeeper(tmp_path / "backups").keep(str(doc), "docs/a.txt")
    copy = Path(kept.path)
    assert copy.read_bytes() == doc.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640
    assert copy.stat().st_mtime == 1_600_000_000
    assert doc.exists() and not kept.moved
    assert [p.name for p in copy.parent.iterdir()] == ["a.txt"]  # no temp copy left


def test_very_long_names_are_shortened_to_fit_the_trash(local_conf, tmp_path: Path):
    name = "n" * 240 + ".txt"
    storage = RemoteStorage(local_conf())
    write(tmp_path / "src" / name, "bucket")
    storage.push(name, local_path_prefix=str(tmp_path / "src"))
    for version in ("one", "two"):
        write(tmp_path / "out" / name, version)
        storage.pull(name, local_base_dir=str(tmp_path / "out"), force=True)
    names = sorted(p.name for p in (home_trash() / "info").iterdir())
    assert all(len(n.encode()) <= 255 for n in names)
    assert len(names) == 2 and names[0].endswith(".2.txt.trashinfo")


def test_a_backup_is_named_by_its_path_inside_the_folder_the_plan_pulled_into(
    make_storage, tmp_path: Path, monkeypatch
):
    """The plan records the folder it pulls into, so the name is exact even where that
    folder is named like the bucket's base path (which a guess from names would include)."""
    storage = make_storage()
    storage.set_remote_base_path("team")
    write(tmp_path / "src/foo/c.txt", "bucket version")
    storage.push("foo", local_path_prefix=str(tmp_path / "src"))
    out = tmp_path / "team"
    write(out / "foo/c.txt", "mine")
    blocker = write(tmp_path / "not-a-folder", "no trash here")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "share"))
    summary = storage.pull("foo", local_base_dir=str(out), force=True)
    kept = Path(summary.synced_files[0].replaced_copy or "")
    stamped = default_backup_dir(storage.conf.bucket) / kept.parent.parent.name
    assert kept.relative_to(stamped).as_posix() == "foo/c.txt"
    assert kept.read_bytes() == b"mine"
