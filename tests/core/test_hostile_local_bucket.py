"""A local-folder bucket whose folder holds what nobody should trust: symbolic links (to a
folder or a file outside, dangling, deeper down, swapped in after a preview), pipes, names
that are not UTF-8, prefixes that point outside. Each test checks the clear refusal and
that nothing outside the bucket folder was read into the sync folder, written or deleted.

Every test runs twice: with the race-free walk through open folder descriptors, and with
the by-path walk that platforms without ``*at`` calls (Windows) use.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bucketferry.core import (
    CancelledError,
    CancelToken,
    CollisionError,
    HashCache,
    IntegrityError,
    RemoteObject,
    RemoteStorage,
    UnsafeRemoteNameError,
    local_folders,
)
from bucketferry.core.atomic_files import is_temp_name, open_temp_beside
from bucketferry.core.hashing import md5_file
from bucketferry.core.stores.local_store import LINK_REFUSAL, LocalFolderStore
from bucketferry.core.summary import TransactionSummary
from bucketferry.core.sync_object import FAILED, REFUSED, SyncObject
from tests.helpers import BACKUPS, files_containing, is_backup, tree_bytes, write

LINK_ON_THE_WAY = "in the bucket folder is a symbolic link"


@pytest.fixture(params=["openat", "by-path"], autouse=True)
def walk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "by-path":
        monkeypatch.setattr(local_folders, "AT_CALLS", False)
    elif not local_folders.AT_CALLS:
        pytest.skip("this platform has no *at calls")
    return str(request.param)


@pytest.fixture
def storage(local_conf, tmp_path: Path) -> RemoteStorage:
    return RemoteStorage(local_conf(), hash_cache=HashCache(tmp_path / "hashes.json"))


@pytest.fixture
def store(storage: RemoteStorage) -> LocalFolderStore:
    assert isinstance(storage.store, LocalFolderStore)
    return storage.store


@pytest.fixture
def bucket(store: LocalFolderStore) -> Path:
    return Path(store.bucket_dir)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Where links in the bucket point: its bytes must never change."""
    root = tmp_path / "elsewhere"
    write(root / "a.txt", "outside original")
    write(root / "deep/b.txt", "outside deep")
    return root


@pytest.fixture
def nowhere(tmp_path: Path) -> Path:
    """What dangling links point to: it must never be created."""
    return tmp_path / "nowhere"


@pytest.fixture
def target(request: pytest.FixtureRequest, outside: Path, nowhere: Path) -> Path:
    """Parametrised indirectly: what a link points to."""
    return {
        "folder outside": outside,
        "file outside": outside / "a.txt",
        "dangling": nowhere,
    }[request.param]


def link(bucket: Path, where: str, to: Path) -> Path:
    path = bucket / where
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(to, path)
    return path


def real_files(root: Path) -> dict[str, bytes]:
    """The regular files below ``root``; links are neither followed nor included, nor
    the backups that runs keep aside (tested in test_backups_undo.py)."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            if not path.is_symlink() and path.is_file() and not is_backup(relative):
                found[relative] = path.read_bytes()
    return found


def by_name(summary: TransactionSummary) -> dict[str, SyncObject]:
    return {s.name: s for s in summary.all_files_analyzed}


def assert_not_done(item: SyncObject, words: str) -> None:
    """Failed by the store (today) or refused by the plan (once plan.py asks the store),
    with the reason in words."""
    assert item.status in (FAILED, REFUSED), item.status
    assert words in (item.reason or ""), item.reason


def bytes_name(folder: Path, name: bytes, content: bytes = b"x") -> None:
    """A file whose name is not UTF-8 (some file systems refuse those: skip there)."""
    try:
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(content)
    except OSError:
        pytest.skip("this file system accepts only UTF-8 names")


# --- links in listings ---------------------------------------------------------------


@pytest.mark.parametrize("where", ["link", "a/b/link"])
@pytest.mark.parametrize("target", ["folder outside", "file outside", "dangling"], indirect=True)
def test_links_are_listed_as_refused_and_never_entered(
    storage: RemoteStorage,
    bucket: Path,
    outside: Path,
    target: Path,
    where: str,
    tmp_path: Path,
):
    write(bucket / "a/b/real.txt", "real")
    write(bucket / "top.txt", "top")
    link(bucket, where, target)
    before = tree_bytes(outside)

    listed = {o.name: o for o in storage.list_objects("")}
    assert sorted(listed) == sorted(["a/b/real.txt", "top.txt", where])
    refused = listed[where]
    assert refused.refusal == LINK_REFUSAL
    assert refused.size == 0 and refused.hash is None
    assert listed["top.txt"].refusal is None and listed["top.txt"].hash is not None

    parent = where.rpartition("/")[0]
    folders, objects = storage.browse(parent)
    assert f"{where}/" not in folders
    assert [o.refusal for o in objects if o.name == where] == [LINK_REFUSAL]

    with pytest.raises(UnsafeRemoteNameError, match="symbolic link"):
        refused.download(str(tmp_path / "got"))
    assert not (tmp_path / "got").exists()
    assert tree_bytes(outside) == before


@pytest.mark.parametrize("where", ["link", "a/b/link"])
def test_listing_browsing_pulling_or_deleting_inside_a_link_is_refused(
    storage: RemoteStorage, bucket: Path, outside: Path, where: str, tmp_path: Path
):
    """The reported bug: listing showed nothing under 'link', and delete('link/') emptied
    the folder it points to."""
    link(bucket, where, outside)
    before = tree_bytes(outside)
    message = f"'{where}' {LINK_ON_THE_WAY}; Bucket Ferry never reads or writes through links"
    for attempt in (
        lambda: storage.list_objects(f"{where}/"),
        lambda: storage.list_objects(f"{where}/a"),
        lambda: storage.browse(where),
        lambda: storage.delete(f"{where}/"),
        lambda: storage.pull(f"{where}/", local_base_dir=str(tmp_path / "out")),
    ):
        with pytest.raises(UnsafeRemoteNameError) as excinfo:
            attempt()
        assert message in str(excinfo.value)
    assert tree_bytes(outside) == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("where", "name"),
    [
        ("link", "link/a.txt"),  # through a link to a folder outside
        ("a/b/link", "a/b/link/deep/b.txt"),  # through a link deeper down
        ("passwd", "passwd"),  # the object itself is a link to a file outside
    ],
)
@pytest.mark.parametrize("to", ["outside", "nowhere"])
@pytest.mark.parametrize("operation", ["upload", "delete", "head", "open_read"])
def test_the_store_never_acts_through_a_link(
    store: LocalFolderStore,
    bucket: Path,
    outside: Path,
    nowhere: Path,
    tmp_path: Path,
    where: str,
    name: str,
    to: str,
    operation: str,
):
    pointed = {"outside": outside / "a.txt" if where == "passwd" else outside, "nowhere": nowhere}
    the_link = link(bucket, where, pointed[to])
    local = write(tmp_path / "local.txt", "pushed")
    before = tree_bytes(outside)
    act = {
        "upload": lambda: store.upload(
            str(local),
            name,
            size=6,
            md5=md5_file(local),
            on_bytes=lambda n: None,
            cancel=CancelToken(),
        ),
        "delete": lambda: store.delete(name),
        "head": lambda: store.head(name),
        "open_read": lambda: store.open_read(RemoteObject(name, 1, None, "local")),
    }[operation]
    with pytest.raises(UnsafeRemoteNameError, match="symbolic link"):
        act()
    assert tree_bytes(outside) == before
    assert not nowhere.exists()
    assert the_link.is_symlink()
    assert not any(is_temp_name(p.name) for p in bucket.rglob("*"))


def test_delete_leaves_links_alone_and_deletes_the_rest(
    storage: RemoteStorage, bucket: Path, outside: Path, nowhere: Path
):
    write(bucket / "docs/a.txt", "mine")
    write(bucket / "top.txt", "mine")
    link(bucket, "link", outside)
    link(bucket, "docs/passwd", outside / "a.txt")
    link(bucket, "dangling", nowhere)
    before = tree_bytes(outside)

    plan = storage.plan_delete("")
    assert sorted(o.name for o in plan.objects) == ["docs/a.txt", "top.txt"]
    assert sorted((o.name, why) for o, why in plan.refused) == [
        ("dangling", LINK_REFUSAL),
        ("docs/passwd", LINK_REFUSAL),
        ("link", LINK_REFUSAL),
    ]
    deleted = storage.delete("")
    assert sorted(o.name for o in deleted) == ["docs/a.txt", "top.txt"]
    assert storage.delete("link") == []
    assert real_files(bucket) == {}
    assert all((bucket / n).is_symlink() for n in ("link", "docs/passwd", "dangling"))
    assert tree_bytes(outside) == before


# --- links and pushes ----------------------------------------------------------------


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """A local tree with a folder named like the link in the bucket, and one other file."""
    root = tmp_path / "src"
    write(root / "link/a.txt", "pushed through the link")
    write(root / "link/new.txt", "new through the link")
    write(root / "ok.txt", "ok")
    return root


@pytest.mark.parametrize("target", ["folder outside", "dangling"], indirect=True)
def test_pushing_a_tree_with_a_linked_bucket_folder_writes_nothing_outside(
    storage: RemoteStorage,
    bucket: Path,
    outside: Path,
    nowhere: Path,
    src: Path,
    target: Path,
):
    link(bucket, "link", target)
    before = tree_bytes(outside)
    plan = storage.plan_push(".", local_path_prefix=str(src))
    result = storage.execute(plan, selection=plan.files_to_sync)
    assert [s.name for s in result.synced_files] == ["ok.txt"]
    assert real_files(bucket) == {"ok.txt": b"ok"}
    assert tree_bytes(outside) == before
    assert not nowhere.exists()


def test_a_push_plan_refuses_files_that_would_go_through_a_link(
    storage: RemoteStorage, bucket: Path, outside: Path, src: Path
):
    link(bucket, "link", outside)
    plan = storage.plan_push(".", local_path_prefix=str(src))
    assert sorted(s.name for s in plan.refused_files) == ["link/a.txt", "link/new.txt"]
    for item in plan.refused_files:
        assert f"'link' {LINK_ON_THE_WAY}" in (item.reason or "")
    assert plan.unresolvable_collisions == {}
    assert [s.name for s in plan.files_to_sync] == ["ok.txt"]


def test_pushing_into_a_linked_bucket_folder_is_refused_before_planning(
    storage: RemoteStorage, bucket: Path, outside: Path, src: Path
):
    link(bucket, "link", outside)
    before = tree_bytes(outside)
    with pytest.raises(UnsafeRemoteNameError, match=f"'link' {LINK_ON_THE_WAY}"):
        storage.push("link", local_path_prefix=str(src), force=True)
    assert tree_bytes(outside) == before


@pytest.mark.parametrize("swapped", ["docs", "a/b"])
@pytest.mark.parametrize("existed", [True, False], ids=["folder existed", "folder was new"])
@pytest.mark.parametrize("target", ["folder outside", "dangling"], indirect=True)
def test_a_folder_swapped_for_a_link_after_the_preview_is_not_written_through(
    storage: RemoteStorage,
    bucket: Path,
    outside: Path,
    nowhere: Path,
    tmp_path: Path,
    swapped: str,
    existed: bool,
    target: Path,
):
    src = tmp_path / "src"
    write(src / swapped / "a.txt", "v1")
    if existed:
        storage.push(".", local_path_prefix=str(src))
    write(src / swapped / "a.txt", "v2, pushed through the link")
    write(src / swapped / "b.txt", "new, pushed through the link")
    write(src / "top.txt", "top")
    plan = storage.plan_push(".", local_path_prefix=str(src))
    if existed:
        os.rename(bucket / swapped, tmp_path / "moved away")
    link(bucket, swapped, target)
    before = tree_bytes(outside)

    result = storage.execute(plan, force=True)

    assert [s.name for s in result.synced_files] == ["top.txt"]
    under = {f"{swapped}/a.txt", f"{swapped}/b.txt"}
    assert {s.name for s in result.failed_files} == under
    for item in result.failed_files:
        assert f"'{swapped}' {LINK_ON_THE_WAY}" in (item.reason or "")
    assert tree_bytes(outside) == before
    assert not nowhere.exists()
    assert real_files(bucket) == {"top.txt": b"top"}


def test_a_link_swapped_in_after_a_refusal_check_is_still_refused_by_the_upload(
    store: LocalFolderStore, bucket: Path, outside: Path, tmp_path: Path
):
    """refusal() may answer from a moment ago; the upload itself checks again."""
    write(bucket / "docs/a.txt", "mine")
    assert store.refusal("docs/b.txt") is None
    os.rename(bucket / "docs", tmp_path / "moved away")
    link(bucket, "docs", outside)
    local = write(tmp_path / "b.txt", "b")
    before = tree_bytes(outside)
    with pytest.raises(UnsafeRemoteNameError, match=f"'docs' {LINK_ON_THE_WAY}"):
        store.upload(
            str(local),
            "docs/b.txt",
            size=1,
            md5=md5_file(local),
            on_bytes=lambda n: None,
            cancel=CancelToken(),
        )
    assert tree_bytes(outside) == before


# --- links and pulls -----------------------------------------------------------------


@pytest.fixture
def linked_bucket(bucket: Path, outside: Path, nowhere: Path) -> Path:
    write(bucket / "good.txt", "good")
    link(bucket, "passwd", outside / "a.txt")
    link(bucket, "link", outside)
    link(bucket, "a/b/link", outside)
    link(bucket, "dangling", nowhere)
    return bucket


LINKS = ["a/b/link", "dangling", "link", "passwd"]


def test_a_pull_never_reads_through_a_link(
    storage: RemoteStorage, linked_bucket: Path, outside: Path, nowhere: Path, tmp_path: Path
):
    out = tmp_path / "out"
    before = tree_bytes(outside)
    plan = storage.plan_pull("", local_base_dir=str(out))
    result = storage.execute(plan)
    assert [s.name for s in result.synced_files] == ["good.txt"]
    items = by_name(result)
    for name in LINKS:
        assert_not_done(items[name], "symbolic link")
    assert tree_bytes(out) == {"good.txt": b"good"}
    assert files_containing("outside", out) == []
    assert tree_bytes(outside) == before
    assert not nowhere.exists()


def test_a_pull_plan_shows_links_as_refused(
    storage: RemoteStorage, linked_bucket: Path, tmp_path: Path
):
    plan = storage.plan_pull("", local_base_dir=str(tmp_path / "out"))
    assert sorted(s.name for s in plan.refused_files) == LINKS
    assert all(LINK_REFUSAL in (s.reason or "") for s in plan.refused_files)
    assert [s.name for s in plan.files_to_sync] == ["good.txt"]


# --- prefixes that point outside -----------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("..", "'..'"),
        ("../", "'..'"),
        ("../..", "'..'"),
        ("a/../../", "'..'"),
        ("./", "'.' segment"),
        ("a/./", "'.' segment"),
        ("a//", "empty or '.' segment"),
        ("/etc/", "starts with '/'"),
        ("..\\..\\", "backslash"),
        ("a\0b", "NUL"),
    ],
)
def test_listing_prefixes_that_leave_the_bucket_folder_are_refused(
    store: LocalFolderStore, bucket: Path, tmp_path: Path, prefix: str, words: str
):
    write(bucket / "inside.txt", "inside")
    write(bucket.parent / "another-bucket/secret.txt", "secret")
    write(tmp_path / "secret.txt", "secret")
    for attempt in (store.list, store.browse):
        with pytest.raises(UnsafeRemoteNameError) as excinfo:
            attempt(prefix)
        assert words in str(excinfo.value)
        assert str(excinfo.value).startswith("Refused to ")


@pytest.mark.parametrize("path", ["..", "../..", "a/../.."])
def test_engine_paths_that_leave_the_bucket_folder_list_and_delete_nothing(
    storage: RemoteStorage, bucket: Path, tmp_path: Path, path: str
):
    """'bucketferry ls --base-path ../..' listed files outside the bucket folder. Base
    paths with '..' are refused by RemoteStorage now; the store refuses such prefixes
    from any caller all the same."""
    write(bucket.parent / "another-bucket/secret.txt", "secret")
    write(tmp_path / "secret.txt", "secret")
    before = tree_bytes(tmp_path)
    for attempt in (
        lambda: storage.list_objects(path),
        lambda: storage.list_objects(f"{path}/"),
        lambda: storage.browse(path),
        lambda: storage.delete(f"{path}/"),
        lambda: storage.pull(f"{path}/", local_base_dir=str(tmp_path / "out")),
    ):
        with pytest.raises(UnsafeRemoteNameError, match=re.escape("'..'")):
            attempt()
    assert tree_bytes(tmp_path) == before


def test_names_starting_with_dots_are_still_listed(
    storage: RemoteStorage, store: LocalFolderStore, bucket: Path
):
    write(bucket / ".hidden/x.txt", "x")
    write(bucket / "..notes.txt", "n")
    write(bucket / "a/.b/c.txt", "c")
    assert [o.name for o in store.list(".hid")] == [".hidden/x.txt"]
    assert [o.name for o in store.list("..no")] == ["..notes.txt"]
    assert [o.name for o in storage.list_objects("..notes.txt")] == ["..notes.txt"]
    assert storage.browse("a") == (["a/.b/"], [])


# --- names that are not UTF-8, and other names a folder bucket cannot address ---------


@pytest.fixture
def odd_names_bucket(bucket: Path) -> Path:
    write(bucket / "good.txt", "good")
    bytes_name(bucket, b"bad\xffname.txt", b"bad bytes")
    os.mkdir(os.path.join(os.fsencode(bucket), b"dir\xfe"))
    write(bucket / "sub/x", "placeholder")
    bytes_name(bucket, b"dir\xfe/inner.txt", b"inner")
    write(bucket / "back\\slash.txt", "backslash")
    return bucket


ODD_NAMES = {
    "back\\slash.txt": "backslash",
    "bad\\xffname.txt": "its name (bad\\xffname.txt) is not valid text (UTF-8); rename it",
    "dir\\xfe": "(dir\\xfe) is not valid text (UTF-8); rename it, so nothing in it is listed",
}


def test_names_that_are_not_utf8_are_listed_as_refused(
    storage: RemoteStorage, odd_names_bucket: Path
):
    listed = {o.name: o for o in storage.list_objects("")}
    assert sorted(listed) == sorted(["good.txt", "sub/x", *ODD_NAMES])
    for name, words in ODD_NAMES.items():
        assert words in (listed[name].refusal or "")
        assert listed[name].hash is None and listed[name].size == 0
    json.dumps([o.to_dict() for o in listed.values()]).encode("utf-8")  # printable
    _, objects = storage.browse("")
    assert {o.name for o in objects if o.refusal} == set(ODD_NAMES)

    assert sorted(o.name for o in storage.delete("")) == ["good.txt", "sub/x"]
    left = [n for n in os.listdir(os.fsencode(odd_names_bucket)) if n != BACKUPS.encode()]
    assert sorted(left) == [
        b"back\\slash.txt",
        b"bad\xffname.txt",
        b"dir\xfe",
    ]
    assert os.listdir(os.fsencode(odd_names_bucket / "dir\udcfe")) == [b"inner.txt"]


def test_a_pull_writes_only_the_files_with_usable_names(
    storage: RemoteStorage, odd_names_bucket: Path, tmp_path: Path
):
    out = tmp_path / "out"
    result = storage.execute(storage.plan_pull("", local_base_dir=str(out)))
    assert sorted(s.name for s in result.synced_files) == ["good.txt", "sub/x"]
    assert real_files(out) == {"good.txt": b"good", "sub/x": b"placeholder"}


def test_a_pull_plan_shows_names_that_are_not_utf8_as_refused(
    storage: RemoteStorage, odd_names_bucket: Path, tmp_path: Path
):
    plan = storage.plan_pull("", local_base_dir=str(tmp_path / "out"))
    refused = {s.name: s.reason or "" for s in plan.refused_files}
    assert sorted(refused) == sorted(ODD_NAMES)
    for name, words in ODD_NAMES.items():
        assert words in refused[name]


def test_a_name_that_is_not_utf8_is_never_stored(
    store: LocalFolderStore, bucket: Path, tmp_path: Path
):
    """Plans refuse such local names already; the store refuses them from any caller."""
    local = write(tmp_path / "local.txt", "bad")
    with pytest.raises(UnsafeRemoteNameError) as excinfo:
        upload(store, local, "d/bad\udcff.txt")
    message = str(excinfo.value)
    assert "(d/bad\\xff.txt) is not valid text (UTF-8)" in message
    message.encode("utf-8")  # printable
    assert real_files(bucket) == {}


# --- what refusal() answers ----------------------------------------------------------


@pytest.fixture
def crowded_bucket(bucket: Path, outside: Path, nowhere: Path) -> Path:
    write(bucket / "docs/x.txt", "x")
    write(bucket / "plain.txt", "p")
    link(bucket, "link", outside)
    link(bucket, "a/b/link", outside)
    link(bucket, "passwd", outside / "a.txt")
    link(bucket, "dangling", nowhere)
    if hasattr(os, "mkfifo"):
        os.mkfifo(bucket / "pipe")
    return bucket


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("link/a.txt", f"'link' {LINK_ON_THE_WAY}"),
        ("a/b/link/c/d.txt", f"'a/b/link' {LINK_ON_THE_WAY}"),
        ("dangling/x.txt", f"'dangling' {LINK_ON_THE_WAY}"),
        ("passwd", LINK_REFUSAL),
        ("link", LINK_REFUSAL),
        ("pipe", "device, pipe or socket"),
        ("pipe/x.txt", "'pipe' in the bucket folder is a device, pipe or socket"),
        ("bad\udcff.txt", "its name (bad\\xff.txt) is not valid text (UTF-8)"),
        ("../x.txt", "'..'"),
        ("/etc/passwd", "starts with '/'"),
        ("a\\b.txt", "backslash"),
        ("a//b.txt", "empty or '.' segment"),
        ("a/./b.txt", "empty or '.' segment"),
        ("folder/", "empty or '.' segment"),
        ("", "empty"),
        ("x\0y", "NUL"),
        (".x.txt.bfpart-abcdef-1-2", "temporary files"),
        # what can be stored: a file where a folder is needed is a collision, which the
        # plan reports as one
        ("docs/x.txt", None),
        ("docs/new/y.txt", None),
        ("new/deep/z.txt", None),
        ("a/b/other.txt", None),
        ("plain.txt/x.txt", None),
    ],
)
def test_refusal_says_what_is_in_the_way(
    store: LocalFolderStore, crowded_bucket: Path, name: str, words: str | None
):
    if "pipe" in name and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    reason = store.refusal(name)
    if words is None:
        assert reason is None
    else:
        assert reason is not None and words in reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.timeout(30)
def test_a_pipe_in_the_bucket_is_refused_and_never_opened(
    storage: RemoteStorage, store: LocalFolderStore, bucket: Path, tmp_path: Path
):
    os.mkfifo(bucket / "pipe")
    write(bucket / "good.txt", "good")
    (listed,) = [o for o in storage.list_objects("") if o.name == "pipe"]
    assert "device, pipe or socket" in (listed.refusal or "")
    result = storage.execute(storage.plan_pull("", local_base_dir=str(tmp_path / "out")))
    assert [s.name for s in result.synced_files] == ["good.txt"]
    assert_not_done(by_name(result)["pipe"], "device, pipe or socket")
    for attempt in (
        lambda: store.head("pipe"),
        lambda: store.delete("pipe"),
        lambda: store.open_read(RemoteObject("pipe", 1, None, "local")),
    ):
        with pytest.raises(UnsafeRemoteNameError, match="device, pipe or socket"):
            attempt()
    assert (bucket / "pipe").exists()


# --- temporary files of killed runs ----------------------------------------------------


def test_uploads_remove_temporary_files_of_killed_runs_and_listings_show_none(
    storage: RemoteStorage, bucket: Path, tmp_path: Path
):
    write(bucket / "docs/a.txt", "a")
    fd, live = open_temp_beside(str(bucket / "docs/b.txt"))  # this process: still running
    os.close(fd)
    host = Path(live).name.split(".bfpart-")[1].split("-")[0]
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    stale = write(bucket / f"docs/.c.txt.bfpart-{host}-{process.pid}-0", "half")
    foreign = write(bucket / f"docs/.d.txt.bfpart-ffffff-{process.pid}-0", "half")
    link(bucket, f"docs/.e.txt.bfpart-{host}-{process.pid}-1", bucket / "docs/a.txt")

    assert [o.name for o in storage.list_objects("")] == ["docs/a.txt"]
    assert stale.exists()  # a listing changes nothing
    write(tmp_path / "src/docs/new.txt", "new")
    storage.push("docs", local_path_prefix=str(tmp_path / "src"))  # writes into docs/
    assert not stale.exists()
    assert Path(live).exists() and foreign.exists()  # another run's, or another machine's
    assert (bucket / "docs/a.txt").read_text() == "a"


# --- the guarantees the walk must keep -------------------------------------------------


def upload(store: LocalFolderStore, local: Path, name: str, **kw: object) -> RemoteObject:
    options: dict[str, object] = {
        "size": local.stat().st_size,
        "md5": md5_file(local),
        "on_bytes": lambda n: None,
        "cancel": CancelToken(),
    }
    options.update(kw)
    return store.upload(str(local), name, **options)  # type: ignore[arg-type]


def test_uploads_create_folders_replace_objects_and_deletes_remove_empty_folders(
    store: LocalFolderStore, bucket: Path, tmp_path: Path
):
    one = write(tmp_path / "one.txt", "one")
    two = write(tmp_path / "two.txt", "two, longer")
    stored = upload(store, one, "a/b/c.txt")
    assert stored.hash == md5_file(one) and stored.size == 3
    upload(store, two, "a/b/c.txt")
    upload(store, one, "a/keep.txt")
    assert real_files(bucket) == {"a/b/c.txt": b"two, longer", "a/keep.txt": b"one"}
    head = store.head("a/b/c.txt")
    assert head is not None and head.hash == md5_file(two)
    assert store.head("a/b") is None and store.head("a/b/missing.txt") is None
    with store.open_read(head) as reader:
        assert b"".join(reader) == b"two, longer"

    store.delete("a/b/c.txt")
    assert not (bucket / "a/b").exists() and (bucket / "a").is_dir()
    store.delete("a/keep.txt")
    assert bucket.is_dir() and list(bucket.iterdir()) == []
    store.delete("a/keep.txt")  # already gone: nothing to do


def test_parallel_uploads_into_the_same_new_folders_all_succeed(
    store: LocalFolderStore, bucket: Path, tmp_path: Path
):
    """Workers of one push make the same folders at the same moment: none may fail
    because another made (or was making) the folder first."""
    local = write(tmp_path / "local.txt", "same")
    names = [f"r{round}/s/t/{worker}.txt" for round in range(25) for worker in range(8)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda name: upload(store, local, name), names))
    assert sorted(real_files(bucket)) == sorted(names)


def folders_held_open(*roots: Path) -> list[str]:
    """Where this process's open descriptors point, below any of ``roots``."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            where = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if any(where.startswith(str(root.resolve())) for root in roots):
            held.append(where)
    return held


@pytest.mark.parametrize("change", ["moved out", "deleted", "swapped for a link", "replaced"])
def test_a_run_stores_nothing_into_a_folder_that_left_its_place_while_it_was_kept_open(
    store: LocalFolderStore,
    bucket: Path,
    outside: Path,
    tmp_path: Path,
    change: str,
):
    """A run keeps the folders it stores into open from one file to the next; a folder
    moved out of the bucket, deleted, or swapped for a link or another folder meanwhile
    is walked to again: no file goes where the bucket folder no longer shows it."""
    local = write(tmp_path / "local.txt", "content")
    before = tree_bytes(outside)
    with store.transferring():
        upload(store, local, "a/b/first.txt")
        upload(store, local, "a/b/second.txt")  # the kept folder
        moved = tmp_path / "moved away"
        if change in ("moved out", "swapped for a link", "replaced"):
            os.rename(bucket / "a", moved)
        else:
            for name in ("first.txt", "second.txt"):
                (bucket / "a/b" / name).unlink()
            (bucket / "a/b").rmdir()
        if change == "swapped for a link":
            link(bucket, "a", outside)
            with pytest.raises(UnsafeRemoteNameError, match=f"'a' {LINK_ON_THE_WAY}"):
                upload(store, local, "a/b/third.txt")
        else:
            if change == "replaced":
                (bucket / "a/b").mkdir(parents=True)
            upload(store, local, "a/b/third.txt")
            assert real_files(bucket)["a/b/third.txt"] == b"content"
    assert tree_bytes(outside) == before
    if moved.exists():
        assert sorted(real_files(moved)) == ["b/first.txt", "b/second.txt"]
    if os.path.isdir("/proc/self/fd"):  # the kept folders are closed when the run ends
        assert folders_held_open(bucket, moved) == []


def test_a_run_that_ends_closes_no_folder_another_run_of_the_store_is_storing_into(
    store: LocalFolderStore, bucket: Path, tmp_path: Path
):
    """Two runs of one store may overlap (two threads of a program); the first to end
    must not close, or lose, a folder the other is writing into at that moment."""
    if not local_folders.AT_CALLS:
        pytest.skip("folders are kept open only where there are *at calls")
    local = write(tmp_path / "local.txt", "content")
    with store.transferring():
        upload(store, local, "a/first.txt")
        with store._bucket_folder.storing_folder(["a"], "a/second.txt") as folder:

            def other_run() -> None:
                with store.transferring():
                    upload(store, local, "b/other.txt")

            with ThreadPoolExecutor(1) as pool:  # another thread's run, begun and ended
                pool.submit(other_run).result()
            assert folder.fd is not None
            os.fstat(folder.fd)  # still open: the other run's end left it alone
            assert folder.kind("first.txt") == local_folders.FILE
        upload(store, local, "a/third.txt")
    assert sorted(real_files(bucket)) == ["a/first.txt", "a/third.txt", "b/other.txt"]
    if os.path.isdir("/proc/self/fd"):
        assert folders_held_open(bucket) == []


def test_a_run_stores_into_many_folders_from_several_threads(
    store: LocalFolderStore, bucket: Path, tmp_path: Path
):
    local = write(tmp_path / "local.txt", "same")
    names = [f"f{folder % 7}/s/{n}.txt" for n in range(60) for folder in (n, n + 3)]
    with store.transferring(), ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda name: upload(store, local, name), names))
    assert sorted(real_files(bucket)) == sorted(set(names))


@pytest.mark.parametrize(
    ("existing", "name", "words"),
    [
        ("a", "a/b.txt", "a file in the bucket has the name of one of its folders"),
        ("x/a", "x/a/b/c.txt", "a file in the bucket has the name of one of its folders"),
        ("a/b.txt", "a", "the bucket has a folder of that name"),
    ],
)
def test_uploads_refuse_file_and_folder_collisions(
    store: LocalFolderStore, bucket: Path, tmp_path: Path, existing: str, name: str, words: str
):
    write(bucket / existing, "there first")
    with pytest.raises(CollisionError, match=words):
        upload(store, write(tmp_path / "local.txt", "new"), name)
    assert real_files(bucket) == {existing: b"there first"}


@pytest.mark.parametrize(
    ("options", "error"),
    [({"md5": "0" * 32}, IntegrityError), ({"cancel": "cancelled"}, CancelledError)],
    ids=["source changed while copying", "cancelled"],
)
def test_a_failed_upload_leaves_neither_half_an_object_nor_a_temporary_file(
    store: LocalFolderStore,
    bucket: Path,
    tmp_path: Path,
    options: dict[str, object],
    error: type[Exception],
):
    write(bucket / "a/b.txt", "previous")
    if options.get("cancel") == "cancelled":
        token = CancelToken()
        token.cancel()
        options = {"cancel": token}
    with pytest.raises(error):
        upload(store, write(tmp_path / "local.txt", "new"), "a/b.txt", **options)
    assert real_files(bucket) == {"a/b.txt": b"previous"}


def test_objects_are_hashed_without_following_a_link_swapped_in_after_listing(
    storage: RemoteStorage, bucket: Path, outside: Path
):
    write(bucket / "docs/a.txt", "mine")
    (listed,) = storage.list_objects("docs/")
    (bucket / "docs/a.txt").unlink()
    link(bucket, "docs/a.txt", outside / "a.txt")
    with pytest.raises(UnsafeRemoteNameError, match="symbolic link"):
        _ = listed.hash


def test_a_value_of_a_listed_objects_extra_read_alone_is_the_one_extra_gives(
    store: LocalFolderStore, bucket: Path
):
    """The journal reads ``mtime_ns`` of each object without making its date text."""
    write(bucket / "a.txt", "x")
    [alone] = store.list("")
    [whole] = store.list("")
    for key in ("mtime_ns", "last_modified", "version_id", "etag"):
        assert alone.extra_value(key) == whole.extra.get(key)
    assert alone.extra_value("mtime_ns") == (bucket / "a.txt").stat().st_mtime_ns
