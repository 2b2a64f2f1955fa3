"""Behaviour that depends on a real S3 endpoint: objects written by other tools (multipart
ETags, unsafe names, folder markers), request counts, and connection errors."""

from __future__ import annotations

import hashlib
import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from boto3.s3.transfer import TransferConfig

from bucketferry.core import (
    AuthenticationError,
    BucketNotFoundError,
    ConnectionFailedError,
    HashCache,
    RemoteStorage,
    StorageError,
    TransientStorageError,
)
from bucketferry.core.stores import libcloud_store
from tests.helpers import free_port, is_backup, s3_client, tree_bytes, write

MIB = 1024 * 1024


def random_bytes(size: int, seed: int = 1) -> bytes:
    return hashlib.shake_256(str(seed).encode()).digest(size)


@pytest.mark.parametrize(("part_mib", "size_mib"), [(8, 17), (5, 11), (16, 40)])
def test_objects_uploaded_in_parts_by_other_tools_compare_identical(
    s3_conf, tmp_path: Path, part_mib: int, size_mib: int
):
    conf = s3_conf()
    content = random_bytes(size_mib * MIB)
    local = write(tmp_path / "src/big.bin", content)
    s3_client(conf.host, conf.port).upload_file(
        str(local),
        conf.bucket,
        "big.bin",
        Config=TransferConfig(multipart_threshold=MIB * 5, multipart_chunksize=part_mib * MIB),
    )
    storage = RemoteStorage(conf, hash_cache=HashCache(None))
    [obj] = storage.list_objects("big.bin")
    assert obj.hash.endswith(f"-{-(-size_mib // part_mib)}")
    summary = storage.push("big.bin", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert [s.name for s in summary.on_target_eq_md5] == ["big.bin"]
    pulled = storage.pull("big.bin", local_base_dir=str(tmp_path / "src"), dryrun=True)
    assert len(pulled.on_target_eq_md5) == 1
    # Same size, one byte changed: still detected as different.
    changed = bytearray(content)
    changed[-1] ^= 0xFF
    write(local, bytes(changed))
    summary = storage.push("big.bin", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert [s.name for s in summary.on_target_neq_md5] == ["big.bin"]


def test_own_multipart_uploads_store_md5_and_compare_identical(
    s3_conf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(libcloud_store, "MULTIPART_THRESHOLD", 10 * MIB)
    conf = s3_conf()
    content = random_bytes(21 * MIB, seed=2)
    write(tmp_path / "src/big.bin", content)
    storage = RemoteStorage(conf, hash_cache=HashCache(None))
    summary = storage.push("big.bin", local_path_prefix=str(tmp_path / "src"))
    assert summary.synced_files[0].remote_obj.hash.endswith("-3")
    head = s3_client(conf.host, conf.port).head_object(Bucket=conf.bucket, Key="big.bin")
    assert head["Metadata"]["md5"] == hashlib.md5(content).hexdigest()
    fresh = RemoteStorage(conf, hash_cache=HashCache(None))
    again = fresh.push("big.bin", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert len(again.on_target_eq_md5) == 1
    fresh.pull("big.bin", local_base_dir=str(tmp_path / "out"))
    assert (tmp_path / "out/big.bin").read_bytes() == content


def test_unsafe_remote_names_are_refused_per_object(s3_conf, tmp_path: Path):
    conf = s3_conf(base_path="base")
    client = s3_client(conf.host, conf.port)
    for key in ("base/ok.txt", "base/../escape.txt", "base//abs.txt", "base/win\\evil.txt"):
        client.put_object(Bucket=conf.bucket, Key=key, Body=b"payload")
    storage = RemoteStorage(conf)
    out = tmp_path / "box" / "out"
    summary = storage.pull("", local_base_dir=str(out))
    assert [s.name for s in summary.synced_files] == ["base/ok.txt"]
    reasons = {s.name: s.reason for s in summary.skipped_source_files}
    assert "'..'" in reasons["base/../escape.txt"]
    assert "absolute" in reasons["base//abs.txt"]
    assert "backslash" in reasons["base/win\\evil.txt"]
    assert tree_bytes(tmp_path / "box") == {"out/ok.txt": b"payload"}


def test_folder_markers_are_not_files_but_empty_files_are(s3_conf, tmp_path: Path):
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    client.put_object(Bucket=conf.bucket, Key="d/", Body=b"")
    client.put_object(Bucket=conf.bucket, Key="d/empty", Body=b"")
    summary = RemoteStorage(conf).pull("d", local_base_dir=str(tmp_path / "out"))
    assert [s.name for s in summary.synced_files] == ["d/empty"]
    assert tree_bytes(tmp_path / "out") == {"d/empty": b""}


def test_planning_lists_the_bucket_once_not_once_per_file(s3_conf, tmp_path: Path):
    conf = s3_conf(base_path="base")
    for i in range(30):
        write(tmp_path / f"src/d/{i}.txt", str(i))
    storage = RemoteStorage(conf)
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    calls = {"list": 0, "head": 0}
    store = storage.store
    original_list, original_head = store.list, store.head

    def counting_list(prefix: str):
        calls["list"] += 1
        return original_list(prefix)

    def counting_head(name: str):
        calls["head"] += 1
        return original_head(name)

    store.list, store.head = counting_list, counting_head  # type: ignore[method-assign]
    summary = storage.push("d", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert len(summary.on_target_eq_md5) == 30
    assert calls["list"] == 1
    assert calls["head"] <= 2  # the folders above the listed prefix: 'base', 'base/d'


def test_execute_runs_only_the_selected_entries_of_a_plan(s3_conf, tmp_path: Path):
    for name in "abc":
        write(tmp_path / f"src/{name}.txt", name)
    storage = RemoteStorage(s3_conf())
    plan = storage.push("*", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    chosen = [s for s in plan.not_on_target if s.name != "b.txt"]
    result = storage.execute(plan, selection=chosen)
    assert sorted(s.name for s in result.synced_files) == ["a.txt", "c.txt"]
    assert sorted(o.name for o in storage.list_objects("")) == ["a.txt", "c.txt"]
    assert {s.name: s.status for s in plan.not_on_target}["b.txt"] == "pending"


def test_execute_refuses_to_overwrite_what_changed_after_the_preview(s3_conf, tmp_path: Path):
    conf = s3_conf()
    write(tmp_path / "src/a.txt", "version 1")
    write(tmp_path / "src/new.txt", "new")
    storage = RemoteStorage(conf)
    storage.push("a.txt", local_path_prefix=str(tmp_path / "src"))
    write(tmp_path / "src/a.txt", "version 2")
    plan = storage.push("*", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    client = s3_client(conf.host, conf.port)
    client.put_object(Bucket=conf.bucket, Key="a.txt", Body=b"someone else's edit")
    client.put_object(Bucket=conf.bucket, Key="new.txt", Body=b"appeared meanwhile")
    result = storage.execute(plan, force=True)
    assert result.synced_files == []
    for failed in result.failed_files:
        assert "after the preview" in (failed.reason or "")
    body = client.get_object(Bucket=conf.bucket, Key="a.txt")["Body"].read()
    assert body == b"someone else's edit"
    assert (
        client.get_object(Bucket=conf.bucket, Key="new.txt")["Body"].read() == b"appeared meanwhile"
    )


def test_pull_does_not_replace_a_local_file_edited_after_the_preview(s3_conf, tmp_path: Path):
    storage = RemoteStorage(s3_conf())
    write(tmp_path / "src/a.txt", "remote")
    storage.push("a.txt", local_path_prefix=str(tmp_path / "src"))
    out = tmp_path / "out"
    write(out / "a.txt", "old local")
    plan = storage.pull("a.txt", local_base_dir=str(out), dryrun=True)
    time.sleep(0.01)
    write(out / "a.txt", "edited after preview")
    result = storage.execute(plan, force=True)
    assert isinstance(result.failed_files[0], object)
    assert "after the preview" in (result.failed_files[0].reason or "")
    assert tree_bytes(out) == {"a.txt": b"edited after preview"}


def test_missing_bucket_is_a_clear_error(s3_conf, tmp_path: Path):
    conf = s3_conf(bucket="no-such-bucket-here", create=False)
    write(tmp_path / "src/a.txt", "a")
    storage = RemoteStorage(conf)
    with pytest.raises(BucketNotFoundError, match="does not exist"):
        storage.push("a.txt", local_path_prefix=str(tmp_path / "src"))
    with pytest.raises(BucketNotFoundError):
        storage.pull("", local_base_dir=str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_unreachable_host_is_a_clear_error(s3_conf, tmp_path: Path):
    conf = s3_conf(create=False)
    conf.port = free_port()
    write(tmp_path / "src/a.txt", "a")
    storage = RemoteStorage(conf)
    started = time.monotonic()
    with pytest.raises(ConnectionFailedError, match="Could not connect"):
        storage.push("a.txt", local_path_prefix=str(tmp_path / "src"))
    assert time.monotonic() - started < 10


@pytest.fixture
def not_s3_server() -> Iterator[int]:
    """An HTTP server that is not a storage service (a wrong host in the settings)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html><body>Welcome to nginx!</body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_HEAD = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_wrong_host_is_a_clear_error(s3_conf, not_s3_server: int, tmp_path: Path):
    conf = s3_conf(create=False)
    conf.port = not_s3_server
    storage = RemoteStorage(conf)
    with pytest.raises((BucketNotFoundError, StorageError)) as excinfo:
        storage.list_objects("")
    assert "Traceback" not in str(excinfo.value)
    with pytest.raises(BucketNotFoundError):
        storage.check()


@pytest.mark.parametrize("wrong", ["key", "secret"])
def test_wrong_credentials_are_a_clear_error(s3_conf, auth_moto, tmp_path: Path, wrong: str):
    port, creds = auth_moto
    conf = s3_conf(bucket="auth-bucket", create=False)
    conf.port = port
    conf.key = "AKIAWRONGWRONGWRONG0" if wrong == "key" else creds["key"]
    conf.secret = creds["secret"] if wrong == "key" else "wrong-secret"
    write(tmp_path / "src/a.txt", "a")
    storage = RemoteStorage(conf)
    with pytest.raises(AuthenticationError, match="refused access") as excinfo:
        storage.push("a.txt", local_path_prefix=str(tmp_path / "src"))
    assert isinstance(excinfo.value, PermissionError)
    with pytest.raises(AuthenticationError):
        storage.pull("", local_base_dir=str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    owner = s3_client("127.0.0.1", port, creds["key"], creds["secret"])
    listed = owner.list_objects_v2(Bucket="auth-bucket")
    assert listed["KeyCount"] == 0


def test_valid_credentials_work_against_a_server_that_checks_signatures(
    s3_conf, auth_moto, tmp_path: Path
):
    """Every request kind the engine makes is signed correctly: listing, the plain and
    multipart uploads, the lean download path, versioning, delete."""
    port, creds = auth_moto
    conf = s3_conf(bucket="auth-bucket", create=False)
    conf.port, conf.key, conf.secret = port, creds["key"], creds["secret"]
    write(tmp_path / "src/team docs/a b.txt", "small")
    (tmp_path / "src/big.bin").write_bytes(os.urandom(70 * 1024 * 1024))  # multipart
    storage = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))
    storage.check()
    pushed = storage.push(".", local_path_prefix=str(tmp_path / "src"))
    assert len(pushed.synced_files) == 2
    assert (
        storage.push(".", local_path_prefix=str(tmp_path / "src"), dryrun=True).files_to_sync == []
    )
    storage.pull("", local_base_dir=str(tmp_path / "out"))
    assert tree_bytes(tmp_path / "out") == tree_bytes(tmp_path / "src")
    assert storage.keeps_versions() is False
    assert storage.read_object("team docs/a b.txt", 100)[1] == b"small"
    assert len(storage.delete("", dryrun=False)) == 2
    assert storage.list_objects("") == []


def test_a_failed_download_leaves_neither_temp_file_nor_partial_target(
    s3_conf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    conf = s3_conf()
    write(tmp_path / "src/a.bin", random_bytes(3 * MIB))
    storage = RemoteStorage(conf)
    storage.push("a.bin", local_path_prefix=str(tmp_path / "src"))
    out = tmp_path / "out"
    write(out / "a.bin", "previous version")
    storage.conf.retries = 0
    original = storage.store.open_read

    class Broken:
        def __init__(self, reader):
            self.reader, self.meta_data = reader, reader.meta_data

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.reader.close()

        def __iter__(self):
            for i, chunk in enumerate(self.reader):
                if i == 1:
                    raise TransientStorageError("connection reset (test)")
                yield chunk

    monkeypatch.setattr(storage.store, "open_read", lambda obj: Broken(original(obj)))
    with pytest.raises(Exception, match="could not be transferred"):
        storage.pull("a.bin", local_base_dir=str(out), force=True)
    assert tree_bytes(out) == {"a.bin": b"previous version"}


def test_objects_with_dot_segments_are_never_deleted_by_mistake(s3_conf):
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    for key in ("keep.txt", "tmp/../keep.txt", "tmp/scratch"):
        client.put_object(Bucket=conf.bucket, Key=key, Body=b"x")
    storage = RemoteStorage(conf)
    assert [o.name for o in storage.delete("tmp")] == ["tmp/scratch"]
    listed = client.list_objects_v2(Bucket=conf.bucket)["Contents"]
    left = sorted(o["Key"] for o in listed if not is_backup(o["Key"]))
    assert left == ["keep.txt", "tmp/../keep.txt"]


def test_names_with_empty_segments_are_refused_on_pull(s3_conf, tmp_path: Path):
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    client.put_object(Bucket=conf.bucket, Key="d/a.txt", Body=b"one")
    client.put_object(Bucket=conf.bucket, Key="d//a.txt", Body=b"two")
    summary = RemoteStorage(conf).pull("d", local_base_dir=str(tmp_path / "out"))
    assert [s.name for s in summary.synced_files] == ["d/a.txt"]
    assert "empty folder name" in (summary.skipped_source_files[0].reason or "")
    assert tree_bytes(tmp_path / "out") == {"d/a.txt": b"one"}


def test_a_file_changing_during_a_multipart_upload_is_not_stored(
    s3_conf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(libcloud_store, "MULTIPART_THRESHOLD", 10 * MIB)
    conf = s3_conf()
    big = write(tmp_path / "src/big.bin", random_bytes(20 * MIB))
    storage = RemoteStorage(conf, hash_cache=HashCache(None))
    sent = {"parts": 0}

    def edit_while_uploading(count: int) -> None:
        sent["parts"] += count
        if sent["parts"] >= 9 * MIB and big.stat().st_size == 20 * MIB:
            with big.open("r+b") as handle:
                handle.seek(19 * MIB)
                handle.write(b"edited meanwhile")

    original_upload = storage.store.upload

    def upload(*args, **kwargs):
        inner = kwargs["on_bytes"]
        kwargs["on_bytes"] = lambda n: (inner(n), edit_while_uploading(n))
        return original_upload(*args, **kwargs)

    monkeypatch.setattr(storage.store, "upload", upload)
    plan = storage.push("big.bin", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    storage.conf.retries = 0
    result = storage.execute(plan)
    assert "changed while it was being uploaded" in (result.failed_files[0].reason or "")
    assert storage.list_objects("big.bin") == []
