"""Nothing lost on the bucket side, and every run undone as a whole (issue 14).

Each kind of run (push, forced push, pull, forced pull, delete) on S3 over HTTP (moto,
without and with versioning) and on the local-folder bucket: undo brings every file on
both sides back to exactly the bytes it had before (whole trees compared), and a second
undo changes nothing. Trees are read beside the engine (boto3, the file system).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import boto3
import pytest

from bucketferry.core import RemoteStorage, RemoteStorageConfig
from bucketferry.core.errors import ConfigurationError
from bucketferry.core.hashing import HashCache
from bucketferry.core.states import PlanState
from tests.azure_emulator import read_blobs
from tests.byte_relay import ByteRelay
from tests.conftest import ConfFactory
from tests.helpers import BACKUPS, s3_client, tree_bytes, write


def bucket_tree(storage: RemoteStorage, *, backups: bool = False) -> dict[str, str]:
    """Every object's name -> md5 of its bytes, read without the engine."""
    conf = storage.conf
    found: dict[str, str] = {}
    if conf.provider == "local":
        root = Path(conf.key) / conf.bucket
        for name, data in tree_bytes(root).items():
            found[name] = hashlib.md5(data).hexdigest()
    elif conf.provider == "azure_blobs":
        found = {name: hashlib.md5(data).hexdigest() for name, data in read_blobs(conf).items()}
    else:
        assert conf.host and conf.port
        client = s3_client(conf.host, conf.port)
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=conf.bucket):
            for entry in page.get("Contents", []):
                body = client.get_object(Bucket=conf.bucket, Key=entry["Key"])["Body"].read()
                found[entry["Key"]] = hashlib.md5(body).hexdigest()
    return {k: v for k, v in found.items() if backups or not k.startswith(BACKUPS + "/")}


def local_tree(root: Path) -> dict[str, str]:
    return {k: hashlib.md5(v).hexdigest() for k, v in tree_bytes(root).items()}


@pytest.fixture(params=["s3", "s3-versioned", "local", "azure"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[..., RemoteStorage]:
    kind = request.param

    def make(**kw: object) -> RemoteStorage:
        factory: ConfFactory = request.getfixturevalue(
            {"local": "local_conf", "azure": "azure_conf"}.get(kind, "s3_conf")
        )
        conf: RemoteStorageConfig = factory(base_path="team", **kw)
        if kind == "s3-versioned":
            assert conf.host and conf.port
            s3_client(conf.host, conf.port).put_bucket_versioning(
                Bucket=conf.bucket, VersioningConfiguration={"Status": "Enabled"}
            )
        return RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))

    make.kind = kind  # type: ignore[attr-defined]
    return make


def _seed(storage: RemoteStorage, src: Path) -> None:
    write(src / "a.txt", "a in the bucket")
    write(src / "d" / "b.bin", bytes(range(256)) * 40)
    write(src / "d" / "e" / "c.txt", "c in the bucket")
    storage.push(".", local_path_prefix=str(src), use_pbar=False)


def _undo_twice(storage: RemoteStorage, run_id: str) -> None:
    plan = storage.plan_undo(run_id)
    assert not plan.conflicts, [(s.path, s.reason) for s in plan.conflicts]
    done = storage.undo(plan)
    assert not done.failed, [(s.path, s.reason) for s in done.failed]
    again = storage.plan_undo(run_id)
    assert again.to_do == [], [(s.path, s.action, s.reason) for s in again.to_do]
    assert {s.state for s in again.steps} <= {PlanState.IDENTICAL, PlanState.SKIPPED}


def test_undo_of_a_push_removes_what_it_created(storage, tmp_path: Path):
    st = storage()
    src = tmp_path / "src"
    write(src / "old.txt", "there before")
    st.push(".", local_path_prefix=str(src), use_pbar=False)
    before = bucket_tree(st)
    write(src / "new.txt", "new")
    write(src / "deep" / "new2.txt", "new too")
    st.push(".", local_path_prefix=str(src), use_pbar=False)
    run = st.history()[0]
    assert (run.kind, run.counts) == ("push", {"done": 2})
    _undo_twice(st, run.id)
    assert bucket_tree(st) == before


def test_undo_of_a_forced_push_puts_every_replaced_object_back(storage, tmp_path: Path):
    st = storage()
    src = tmp_path / "src"
    _seed(st, src)
    before = bucket_tree(st)
    write(src / "a.txt", "a replaced")
    write(src / "d" / "b.bin", b"b replaced")
    write(src / "d" / "e" / "new.txt", "created")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    assert bucket_tree(st) != before
    run = st.history()[0]
    files = st.journal.files(run.id)
    kept = {f.name: f.kept_kind for f in files if f.action == "replace"}
    expected = "version" if storage.kind == "s3-versioned" else "backup_key"
    assert kept == {"team/a.txt": expected, "team/d/b.bin": expected}
    _undo_twice(st, run.id)
    assert bucket_tree(st) == before


def test_undo_of_a_pull_and_of_a_forced_pull_restores_the_local_folder(storage, tmp_path: Path):
    st = storage()
    _seed(st, tmp_path / "src")
    dst = tmp_path / "dst"
    write(dst / "a.txt", "my local a")
    write(dst / "mine.txt", "only here")
    before = local_tree(dst)
    st.pull("", local_base_dir=str(dst), force=True, use_pbar=False)
    assert local_tree(dst) != before
    _undo_twice(st, st.history()[0].id)
    assert local_tree(dst) == before
    st.pull("", local_base_dir=str(dst / "fresh"), use_pbar=False)
    _undo_twice(st, st.history()[0].id)
    assert local_tree(dst) == before


def test_undo_of_a_delete_puts_the_objects_back(storage, tmp_path: Path):
    st = storage()
    _seed(st, tmp_path / "src")
    before = bucket_tree(st)
    deleted = st.delete("d")
    assert len(deleted) == 2 and bucket_tree(st) != before
    run = st.history()[0]
    assert run.kind == "delete"
    plan = st.plan_undo(run.id)
    assert {s.state for s in plan.to_do} == {PlanState.NEW}
    _undo_twice(st, run.id)
    assert bucket_tree(st) == before


def test_undoing_an_undo_brings_the_run_back(storage, tmp_path: Path):
    st = storage()
    src = tmp_path / "src"
    _seed(st, src)
    write(src / "a.txt", "a replaced")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    after_run = bucket_tree(st)
    run = st.history()[0]
    st.undo(st.plan_undo(run.id))
    undo_run = st.history()[0]
    assert (undo_run.kind, undo_run.undoes) == ("undo", run.id)
    _undo_twice(st, undo_run.id)
    assert bucket_tree(st) == after_run


def test_a_file_changed_after_the_run_is_left_alone_with_the_reason(storage, tmp_path: Path):
    st = storage()
    src = tmp_path / "src"
    _seed(st, src)
    write(src / "a.txt", "a replaced")
    write(src / "d" / "b.bin", b"b replaced")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    run = st.history()[0]
    other = tmp_path / "other"
    write(other / "a.txt", "a edited by a colleague later")
    st.push("a.txt", local_path_prefix=str(other), force=True, use_pbar=False)
    edited = bucket_tree(st)["team/a.txt"]
    plan = st.plan_undo(run.id)
    [conflict] = plan.conflicts
    assert conflict.file.name == "team/a.txt"
    assert "changed after the run" in conflict.reason
    st.undo(plan)
    tree = bucket_tree(st)
    assert tree["team/a.txt"] == edited
    assert tree["team/d/b.bin"] == hashlib.md5(bytes(range(256)) * 40).hexdigest()


def test_a_local_file_edited_after_a_pull_is_left_alone(storage, tmp_path: Path):
    st = storage()
    _seed(st, tmp_path / "src")
    dst = tmp_path / "dst"
    st.pull("", local_base_dir=str(dst), use_pbar=False)
    run = st.history()[0]
    write(dst / "a.txt", "edited after the pull")
    plan = st.plan_undo(run.id)
    assert [s.path for s in plan.conflicts] == [str(dst / "a.txt")]
    st.undo(plan)
    assert (dst / "a.txt").read_text() == "edited after the pull"
    assert not (dst / "d" / "b.bin").exists()


def test_backups_never_show_in_listings_trees_or_plans(storage, tmp_path: Path):
    st = storage()
    src = tmp_path / "src"
    _seed(st, src)
    write(src / "a.txt", "a replaced")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    st.delete("d/e/c.txt")
    if storage.kind != "s3-versioned":
        assert any(k.startswith(BACKUPS) for k in bucket_tree(st, backups=True))
    whole = RemoteStorage(st.conf, hash_cache=st.hash_cache)
    whole.set_remote_base_path("")
    assert not any(BACKUPS in o.name for o in whole.list_objects(""))
    assert not any(BACKUPS in f for f in whole.browse("")[0])
    pulled = tmp_path / "everything"
    plan = whole.pull("", local_base_dir=str(pulled), dryrun=True, use_pbar=False)
    assert not any(BACKUPS in s.remote_path for s in plan.files_to_sync)
    whole.pull("", local_base_dir=str(pulled), use_pbar=False)
    assert not (pulled / BACKUPS).exists()
    assert not any(BACKUPS in o.name for o in whole.delete("", dryrun=True))
    for action in (
        lambda: whole.pull(BACKUPS, local_base_dir=str(pulled), use_pbar=False),
        lambda: whole.delete(BACKUPS),
        lambda: whole.push(BACKUPS + "/x.txt", local_path_prefix=str(tmp_path), use_pbar=False),
    ):
        write(tmp_path / BACKUPS / "x.txt", "x")
        with pytest.raises(ConfigurationError, match="keeps the objects that runs"):
            action()


def test_with_backups_off_nothing_is_copied_and_undo_says_it_cannot(storage, tmp_path: Path):
    if storage.kind == "s3-versioned":
        pytest.skip("a bucket that keeps versions keeps them whatever the setting")
    st = storage(backup_prefix=None)
    src = tmp_path / "src"
    _seed(st, src)
    write(src / "a.txt", "a replaced")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    assert not any(k.startswith(BACKUPS) for k in bucket_tree(st, backups=True))
    plan = st.plan_undo(st.history()[0].id)
    [step] = [s for s in plan.steps if s.file.name == "team/a.txt"]
    assert step.state == PlanState.SKIPPED and "was not kept" in step.reason
    with pytest.raises(ConfigurationError, match="turned off"):
        st.backups()


def test_backups_are_listed_per_run_and_pruned_by_age(storage, tmp_path: Path):
    if storage.kind == "s3-versioned":
        pytest.skip("versions are kept by the bucket, not as backup copies")
    st = storage()
    src = tmp_path / "src"
    _seed(st, src)
    write(src / "a.txt", "a replaced")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    st.delete("d")
    listed = st.backups()
    assert [(b.objects, b.bytes) for b in listed] == [(1, 15), (2, 10240 + 15)]
    assert st.prune_backups(timedelta(days=30)) == []
    assert len(st.backups()) == 2
    assert [b.run_id for b in st.prune_backups(timedelta(0), dryrun=True)] == [
        b.run_id for b in listed
    ]
    assert len(st.backups()) == 2
    st.prune_backups(timedelta(0))
    assert st.backups() == []
    assert not any(k.startswith(BACKUPS) for k in bucket_tree(st, backups=True))


def test_an_unknown_run_or_another_buckets_run_is_refused_in_plain_words(storage, tmp_path: Path):
    st = storage()
    _seed(st, tmp_path / "src")
    with pytest.raises(ConfigurationError, match="No run 'nonsense'"):
        st.plan_undo("nonsense")
    other = storage()
    with pytest.raises(ConfigurationError, match="Connect to that bucket"):
        other.plan_undo(st.history()[0].id)


def test_backups_are_copied_on_the_server_without_the_bytes_crossing_the_client(
    s3_conf: ConfFactory, moto_endpoint: tuple[str, int], tmp_path: Path
):
    relay = ByteRelay(moto_endpoint)
    try:
        conf = dataclasses.replace(s3_conf(base_path="team"), port=relay.port)
        st = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))
        src = tmp_path / "src"
        big = os.urandom(4 * 1024 * 1024)
        write(src / "big.bin", big)
        st.push(".", local_path_prefix=str(src), use_pbar=False)
        write(src / "big.bin", b"small now")
        relay.reset()
        st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
        assert (relay.up, relay.down) < (64 * 1024, 64 * 1024), (relay.up, relay.down)
        [backup] = st.backups()
        assert backup.bytes == len(big)
        relay.reset()
        st.undo(st.plan_undo(st.history()[0].id))
        assert relay.up < 64 * 1024 and relay.down < 64 * 1024, (relay.up, relay.down)
        assert bucket_tree(st)["team/big.bin"] == hashlib.md5(big).hexdigest()
    finally:
        relay.close()


def test_an_object_whose_backup_fails_is_not_replaced(
    auth_moto: tuple[int, dict[str, str]], tmp_path: Path
):
    """On a server that checks signatures and policies: the copy is signed correctly (a
    key allowed everything keeps a backup), and a key that may write the data but not the
    backup folder leaves the object the backup would keep as it is; that file fails with
    the reason, and the other files go on."""
    port, creds = auth_moto
    endpoint = f"http://127.0.0.1:{port}"
    bucket = f"deny-backups-{os.getpid()}"
    owner = s3_client("127.0.0.1", port, creds["key"], creds["secret"])
    owner.create_bucket(Bucket=bucket)
    allowed = RemoteStorage(
        RemoteStorageConfig(
            "s3",
            creds["key"],
            bucket,
            creds["secret"],
            host="127.0.0.1",
            port=port,
            secure=False,
        ),
        hash_cache=HashCache(tmp_path / "allowed.json"),
    )
    write(tmp_path / "mine" / "x.txt", "one")
    allowed.push(".", local_path_prefix=str(tmp_path / "mine"), use_pbar=False)
    write(tmp_path / "mine" / "x.txt", "two")
    allowed.push(".", local_path_prefix=str(tmp_path / "mine"), force=True, use_pbar=False)
    assert [b.objects for b in allowed.backups()] == [1]
    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=creds["key"],
        aws_secret_access_key=creds["secret"],
    )
    user = f"nobackups-{os.getpid()}"
    iam.create_user(UserName=user)
    iam.put_user_policy(
        UserName=user,
        PolicyName="no-backups",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*"},
                    {
                        "Effect": "Deny",
                        "Action": "s3:PutObject",
                        "Resource": f"arn:aws:s3:::{bucket}/{BACKUPS}/*",
                    },
                ],
            }
        ),
    )
    key = iam.create_access_key(UserName=user)["AccessKey"]
    conf = RemoteStorageConfig(
        "s3",
        key["AccessKeyId"],
        bucket,
        key["SecretAccessKey"],
        host="127.0.0.1",
        port=port,
        secure=False,
        base_path="denied",
    )
    st = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))
    src = tmp_path / "src"
    write(src / "kept.txt", "first")
    write(src / "other.txt", "first")
    st.push(".", local_path_prefix=str(src), use_pbar=False)
    write(src / "kept.txt", "second")
    write(src / "new.txt", "new")
    summary = st.execute(st.plan_push(".", local_path_prefix=str(src)), force=True)
    [failed] = summary.failed_files
    assert failed.remote_path.endswith("/kept.txt")
    assert "keeping its current version failed" in (failed.reason or "")
    body = owner.get_object(Bucket=bucket, Key=failed.remote_path)["Body"].read()
    assert body == b"first"
    assert [s.remote_path.rpartition("/")[2] for s in summary.synced_files] == ["new.txt"]


_KILLED_PUSH = """
import sys, time
from pathlib import Path
from bucketferry.core import RemoteStorage, RemoteStorageConfig
from bucketferry.core.hashing import HashCache

key, bucket, src, hashes = sys.argv[1:5]
conf = RemoteStorageConfig(provider="local", key=key, bucket=bucket, secret="",
                           base_path="team")
sent = 0

def slowly(item):  # called as each file's upload begins: 30 files, then one every 50 ms
    global sent
    sent += 1
    if sent == 31:
        print("HALF", flush=True)
    time.sleep(0.05)

storage = RemoteStorage(conf, hash_cache=HashCache(Path(hashes)), add_extra_to_upload=slowly)
storage.push(".", local_path_prefix=src, force=True, use_pbar=False, workers=1)
print("ALL", flush=True)
"""


def test_a_run_killed_half_way_is_undone_for_the_part_that_completed(
    local_conf: ConfFactory, tmp_path: Path
):
    conf = local_conf(base_path="team")
    st = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))
    src = tmp_path / "src"
    for n in range(80):
        write(src / f"f{n:02}.txt", f"old {n}")
    st.push(".", local_path_prefix=str(src), use_pbar=False)
    before = bucket_tree(st)
    for n in range(80):
        write(src / f"f{n:02}.txt", f"new content {n}")
    for n in range(80, 90):
        write(src / f"f{n:02}.txt", f"created {n}")
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLED_PUSH, conf.key, conf.bucket, str(src), str(tmp_path / "h")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "HALF"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    after_kill = bucket_tree(st)
    changed = [k for k in before if after_kill.get(k) != before[k]]
    assert 10 <= len(changed) < 80, len(changed)  # new files go first
    st = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))  # a new process
    run = st.history()[0]
    assert run.outcome is None and run.to_dict()["outcome"] == "interrupted"
    plan = st.plan_undo(run.id)
    assert not plan.conflicts
    done = st.undo(plan)
    assert not done.failed
    assert bucket_tree(st) == before


def test_kept_backups_stay_hidden_when_backups_are_turned_off_or_moved(
    local_conf: ConfFactory, tmp_path: Path
):
    conf = local_conf(base_path="")
    st = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))
    src = tmp_path / "src"
    _seed(st, src)
    write(src / "a.txt", "a replaced")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    for prefix in (None, "elsewhere/kept"):
        other = RemoteStorage(dataclasses.replace(conf, backup_prefix=prefix))
        assert not any(BACKUPS in o.name for o in other.list_objects(""))
        assert not any(BACKUPS in o.name for o in other.delete("", dryrun=True))
        with pytest.raises(ConfigurationError):
            other.pull(BACKUPS, local_base_dir=str(tmp_path / "x"), use_pbar=False)
    moved = RemoteStorage(dataclasses.replace(conf, backup_prefix="elsewhere/kept"))
    write(src / "a.txt", "a replaced again")
    moved.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    assert [b.objects for b in moved.backups()] == [1]
    assert not any(o.name.startswith("elsewhere/") for o in moved.list_objects(""))


def test_after_a_prune_undo_says_the_replaced_version_is_gone(
    local_conf: ConfFactory, tmp_path: Path
):
    st = RemoteStorage(local_conf(base_path="team"), hash_cache=HashCache(tmp_path / "h"))
    src = tmp_path / "src"
    _seed(st, src)
    write(src / "a.txt", "a replaced")
    write(src / "new.txt", "created")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    st.prune_backups(timedelta(0))
    plan = st.plan_undo(st.history()[0].id)
    steps = {s.file.name: s for s in plan.steps}
    assert steps["team/a.txt"].state == PlanState.SKIPPED
    assert "no longer at .bucketferry-backups/" in steps["team/a.txt"].reason
    assert steps["team/new.txt"].action == "remove"


def test_what_appears_between_planning_and_running_an_undo_is_left_alone(storage, tmp_path: Path):
    st = storage()
    _seed(st, tmp_path / "src")
    st.delete("a.txt")
    plan = st.plan_undo(st.history()[0].id)
    other = tmp_path / "other"
    write(other / "a.txt", "PRECIOUS, written meanwhile")
    st.push("a.txt", local_path_prefix=str(other), use_pbar=False)
    [step] = st.undo(plan).steps
    assert step.status == "failed" and "after the undo was planned" in step.reason
    assert bucket_tree(st)["team/a.txt"] == hashlib.md5(b"PRECIOUS, written meanwhile").hexdigest()


def test_a_local_file_that_appears_before_an_undo_puts_one_back_is_kept(
    local_conf: ConfFactory, tmp_path: Path
):
    st = RemoteStorage(local_conf(base_path="team"), hash_cache=HashCache(tmp_path / "h"))
    _seed(st, tmp_path / "src")
    dst = tmp_path / "dst"
    st.pull("", local_base_dir=str(dst), use_pbar=False)
    st.undo(st.plan_undo(st.history()[0].id))  # removes what the pull made
    assert not (dst / "a.txt").exists()
    plan = st.plan_undo(st.history()[0].id)  # undoing the undo puts them back
    [restore] = [s for s in plan.to_do if s.file.local_path == str(dst / "a.txt")]
    assert restore.state == PlanState.NEW
    write(dst / "a.txt", "new work, written meanwhile")
    st.undo(plan)
    assert restore.status == "failed"
    assert (dst / "a.txt").read_text() == "new work, written meanwhile"


def test_a_local_edit_that_kept_the_size_and_the_time_is_seen(
    local_conf: ConfFactory, tmp_path: Path
):
    st = RemoteStorage(local_conf(base_path="team"), hash_cache=HashCache(tmp_path / "h"))
    _seed(st, tmp_path / "src")
    dst = tmp_path / "dst"
    st.pull("", local_base_dir=str(dst), use_pbar=False)
    target = dst / "a.txt"
    seen = target.stat()
    target.write_text("A IN THE BUCKET")  # same size
    os.utime(target, ns=(seen.st_atime_ns, seen.st_mtime_ns))  # as `touch -r` does
    plan = st.plan_undo(st.history()[0].id)
    assert [s.file.local_path for s in plan.conflicts] == [str(target)]


def test_a_file_recorded_as_failed_that_the_server_stored_is_still_undone(
    local_conf: ConfFactory, tmp_path: Path
):
    """An upload whose answer was lost is retried; the retry finds the new object and fails
    ("changed after the preview"), so the journal says failed although the object was
    replaced (its old version kept). Undo judges such a file by what is there."""
    st = RemoteStorage(local_conf(base_path="team"), hash_cache=HashCache(tmp_path / "h"))
    src = tmp_path / "src"
    _seed(st, src)
    before = bucket_tree(st)
    write(src / "a.txt", "a replaced")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    run = st.history()[0]
    with sqlite3.connect(st.sync_record.path) as db:  # what the lost answer leaves
        db.execute("UPDATE run_files SET outcome='failed', after=NULL WHERE run=?", (run.id,))
    _undo_twice(st, run.id)
    assert bucket_tree(st) == before


def test_pruning_leaves_folders_that_are_not_runs_alone(local_conf: ConfFactory, tmp_path: Path):
    conf = local_conf(base_path="team", backup_prefix="exports")
    st = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "h"))
    src = tmp_path / "src"
    _seed(st, src)
    theirs = Path(conf.key) / conf.bucket / "exports" / "20240101-120000-report" / "data.csv"
    write(theirs, "a colleague's export")
    write(src / "a.txt", "a replaced")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    assert [b.objects for b in st.backups()] == [1]
    st.prune_backups(timedelta(0))
    assert st.backups() == [] and theirs.read_text() == "a colleague's export"


def test_an_undo_never_writes_through_a_folder_swapped_for_a_link(
    local_conf: ConfFactory, tmp_path: Path
):
    st = RemoteStorage(local_conf(base_path="team"), hash_cache=HashCache(tmp_path / "h"))
    _seed(st, tmp_path / "src")
    dst = tmp_path / "dst"
    write(dst / "d" / "b.bin", "mine")
    st.pull("", local_base_dir=str(dst), force=True, use_pbar=False)
    plan = st.plan_undo(st.history()[0].id)
    elsewhere = tmp_path / "elsewhere"
    (dst / "d").rename(elsewhere)
    (dst / "d").symlink_to(elsewhere, target_is_directory=True)
    done = st.undo(plan)
    [step] = [s for s in done.steps if s.file.local_path == str(dst / "d" / "b.bin")]
    assert step.status == "failed" and "symbolic link" in step.reason
    assert (elsewhere / "b.bin").read_bytes() == bytes(range(256)) * 40


def test_objects_too_big_for_one_copy_are_kept_and_put_back_in_parts(
    s3_conf: ConfFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """S3 copies at most 5 GiB in one request; bigger objects go part by part. The limit is
    lowered here so that a 12 MiB object takes that way (in 5 MiB parts, S3's least)."""
    from bucketferry.core import bucket_backups
    from bucketferry.core.stores import server_copy

    for module in (server_copy, bucket_backups):
        monkeypatch.setattr(module, "SINGLE_COPY_LIMIT", 5 * 1024 * 1024)
    monkeypatch.setattr(server_copy, "COPY_PART_SIZE", 5 * 1024 * 1024)
    st = RemoteStorage(s3_conf(base_path="team"), hash_cache=HashCache(tmp_path / "h"))
    src = tmp_path / "src"
    big = os.urandom(12 * 1024 * 1024)
    write(src / "big.bin", big)
    st.push(".", local_path_prefix=str(src), use_pbar=False)
    before = bucket_tree(st)
    write(src / "big.bin", b"small now")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    [backup] = st.backups()
    [kept] = backup.listed
    looked = st.store.head(kept.name)
    assert looked is not None and looked.size == len(big)
    assert looked.hash and looked.hash.endswith("-3")  # made of three parts
    assert looked.meta_data.get("md5") == hashlib.md5(big).hexdigest()  # metadata kept
    _undo_twice(st, st.history()[0].id)
    assert bucket_tree(st) == before


def test_a_folder_bucket_keeps_an_object_by_a_second_name_not_a_copy(
    local_conf: ConfFactory, tmp_path: Path
):
    """The kept version is the replaced file itself (its inode), whatever its size: no
    bytes copied, no space taken twice."""
    conf = local_conf(base_path="team")
    st = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "h"))
    src = tmp_path / "src"
    write(src / "big.bin", os.urandom(1024 * 1024))
    st.push(".", local_path_prefix=str(src), use_pbar=False)
    bucket = Path(conf.key) / conf.bucket
    inode = (bucket / "team" / "big.bin").stat().st_ino
    write(src / "big.bin", b"small now")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    [kept] = st.backups()[0].listed
    assert (bucket / kept.name).stat().st_ino == inode


def test_where_hard_links_are_impossible_a_folder_bucket_copies(
    local_conf: ConfFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from bucketferry.core.local_folders import SafeFolder

    monkeypatch.setattr(SafeFolder, "link_open_file", lambda self, fd, name: False)
    st = RemoteStorage(local_conf(base_path="team"), hash_cache=HashCache(tmp_path / "h"))
    src = tmp_path / "src"
    _seed(st, src)
    before = bucket_tree(st)
    write(src / "a.txt", "a replaced")
    write(src / "d" / "b.bin", b"b replaced")
    st.push(".", local_path_prefix=str(src), force=True, use_pbar=False)
    assert sum(b.objects for b in st.backups()) == 2
    _undo_twice(st, st.history()[0].id)
    assert bucket_tree(st) == before
