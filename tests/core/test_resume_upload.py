"""Big uploads resume where they stopped (S3's multipart uploads, against moto over HTTP).

Parts are made small (256 KiB, moto's minimum lowered to match) so files of a few MiB
go up in many parts; a byte-counting relay between the engine and moto shows what was
really sent. Uploads are interrupted by cancelling after a number of parts (the engine's
own CancelToken) or by the network failing under them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import moto.s3.models
import pytest

from bucketferry.core import (
    CancelToken,
    HashCache,
    Progress,
    RemoteStorage,
    RemoteStorageConfig,
)
from bucketferry.core.locations import uploads_file
from bucketferry.core.stores import libcloud_store, multipart
from bucketferry.core.stores.upload_resume import (
    PartResume,
    abandon_stale_uploads,
    abort_uploads,
    list_parts,
    stale_uploads,
)
from bucketferry.core.sync_object import CANCELLED, SYNCED
from tests.byte_relay import ByteRelay
from tests.conftest import ConfFactory
from tests.faultproxy import FaultProxy
from tests.helpers import s3_client, write

KIB = 1024
PART = 256 * KIB
PARTS = 24
SIZE = PARTS * PART - 1000  # the last part is short
HEADERS_ALLOWANCE = 4 * KIB
"""What one request may add to the bytes sent, besides its body (heads, signatures)."""


@pytest.fixture(autouse=True)
def _small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libcloud_store, "MULTIPART_THRESHOLD", 4 * PART)
    monkeypatch.setattr(multipart, "PART_SIZE", PART)
    monkeypatch.setattr(moto.s3.models, "S3_UPLOAD_PART_MIN_SIZE", PART)


@pytest.fixture
def relay(moto_endpoint: tuple[str, int]) -> Iterator[ByteRelay]:
    with ByteRelay(moto_endpoint) as relay:
        yield relay


def content(seed: int, size: int = SIZE) -> bytes:
    return hashlib.shake_256(str(seed).encode()).digest(size)


def storage(conf: RemoteStorageConfig, tmp_path: Path) -> RemoteStorage:
    return RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))


def cancel_after(parts: int, monkeypatch: pytest.MonkeyPatch) -> CancelToken:
    """A token that cancels the run once ``parts`` parts were sent."""
    token = CancelToken()
    recorded = PartResume.part_sent
    count = 0
    lock = threading.Lock()

    def part_sent(self: PartResume, number: int, md5: str) -> None:
        nonlocal count
        recorded(self, number, md5)
        with lock:
            count += 1
            if count >= parts:
                token.cancel()

    monkeypatch.setattr(PartResume, "part_sent", part_sent)
    return token


def interrupted_push(
    st: RemoteStorage, src: Path, parts: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pushes big.bin and cancels it once ``parts`` parts were sent."""
    with monkeypatch.context() as patch:
        token = cancel_after(parts, patch)
        plan = st.plan_push("big.bin", local_path_prefix=str(src))
        result = st.execute(plan, cancel=token)
    assert [item.status for item in result.matched_source_files] == [CANCELLED]


def unfinished(conf: RemoteStorageConfig, port: int) -> list[dict[str, Any]]:
    """The bucket's unfinished uploads, asked of moto directly."""
    client = s3_client("127.0.0.1", port)
    return list(client.list_multipart_uploads(Bucket=conf.bucket).get("Uploads", []))


def parts_there(conf: RemoteStorageConfig, port: int, upload_id: str) -> list[dict[str, Any]]:
    client = s3_client("127.0.0.1", port)
    answer = client.list_parts(Bucket=conf.bucket, Key="big.bin", UploadId=upload_id)
    return list(answer.get("Parts", []))


def stored(conf: RemoteStorageConfig, port: int, name: str = "big.bin") -> bytes:
    client = s3_client("127.0.0.1", port)
    body: bytes = client.get_object(Bucket=conf.bucket, Key=name)["Body"].read()
    return body


def ledger_rows() -> list[tuple[Any, ...]]:
    with sqlite3.connect(uploads_file()) as db:
        return db.execute("SELECT name, upload_id FROM uploads").fetchall()


def test_an_interrupted_upload_sends_only_the_missing_parts(
    s3_conf: ConfFactory,
    moto_endpoint: tuple[str, int],
    relay: ByteRelay,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    port = moto_endpoint[1]
    conf = dataclasses.replace(s3_conf(), port=relay.port)
    data = content(1)
    write(tmp_path / "src/big.bin", data)
    interrupted_push(storage(conf, tmp_path), tmp_path / "src", 10, monkeypatch)
    [upload] = unfinished(conf, port)
    there = parts_there(conf, port, upload["UploadId"])
    assert 10 <= len(there) < PARTS
    assert [tuple(row) for row in ledger_rows()] == [("big.bin", upload["UploadId"])]
    missing = SIZE - sum(part["Size"] for part in there)

    reports: list[Progress] = []
    relay.reset()
    fresh = storage(conf, tmp_path)  # another process, as far as the engine can tell
    plan = fresh.plan_push("big.bin", local_path_prefix=str(tmp_path / "src"))
    result = fresh.execute(plan, progress=reports.append)
    assert [item.status for item in result.matched_source_files] == [SYNCED]
    requests = PARTS - len(there) + 10
    assert missing <= relay.up <= missing + requests * HEADERS_ALLOWANCE, (relay.up, missing)
    assert stored(conf, port) == data
    assert unfinished(conf, port) == [] and ledger_rows() == []
    last = reports[-1]
    assert last.resumed == {"big.bin": (SIZE - missing, SIZE)}
    assert last.bytes_resumed == SIZE - missing and last.bytes_done == SIZE
    # Nothing is left to do, and the object compares identical.
    assert len(fresh.plan_push("big.bin", local_path_prefix=str(tmp_path / "src")).on_target_eq_md5)


def test_a_file_changed_since_starts_over_and_leaves_no_upload_behind(
    s3_conf: ConfFactory,
    moto_endpoint: tuple[str, int],
    relay: ByteRelay,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    port = moto_endpoint[1]
    conf = dataclasses.replace(s3_conf(), port=relay.port)
    write(tmp_path / "src/big.bin", content(2))
    interrupted_push(storage(conf, tmp_path), tmp_path / "src", 8, monkeypatch)
    [old] = unfinished(conf, port)

    changed = bytearray(content(2))
    changed[5] ^= 0xFF  # the first part only: the others are what the server holds
    write(tmp_path / "src/big.bin", bytes(changed))
    relay.reset()
    reports: list[Progress] = []
    st = storage(conf, tmp_path)
    st.push("big.bin", local_path_prefix=str(tmp_path / "src"), progress=reports.append)
    assert relay.up >= SIZE  # all of it, again
    assert stored(conf, port) == bytes(changed)
    assert unfinished(conf, port) == []  # the old upload was aborted, not left
    assert ledger_rows() == []
    assert reports[-1].resumed == {} and old["UploadId"]


def test_an_upload_the_server_no_longer_knows_starts_over(
    s3_conf: ConfFactory,
    moto_endpoint: tuple[str, int],
    relay: ByteRelay,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    port = moto_endpoint[1]
    conf = dataclasses.replace(s3_conf(), port=relay.port)
    data = content(3)
    write(tmp_path / "src/big.bin", data)
    interrupted_push(storage(conf, tmp_path), tmp_path / "src", 6, monkeypatch)
    [upload] = unfinished(conf, port)
    s3_client("127.0.0.1", port).abort_multipart_upload(
        Bucket=conf.bucket, Key="big.bin", UploadId=upload["UploadId"]
    )  # a lifecycle rule, or another program
    relay.reset()
    storage(conf, tmp_path).push("big.bin", local_path_prefix=str(tmp_path / "src"))
    assert relay.up >= SIZE
    assert stored(conf, port) == data
    assert unfinished(conf, port) == [] and ledger_rows() == []


def test_a_part_the_server_holds_otherwise_than_sent_is_sent_again(
    s3_conf: ConfFactory,
    moto_endpoint: tuple[str, int],
    relay: ByteRelay,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    """Only parts whose ETag is the md5 remembered for them count; the others go again."""
    port = moto_endpoint[1]
    conf = dataclasses.replace(s3_conf(), port=relay.port)
    data = content(4)
    write(tmp_path / "src/big.bin", data)
    interrupted_push(storage(conf, tmp_path), tmp_path / "src", 10, monkeypatch)
    [upload] = unfinished(conf, port)
    s3_client("127.0.0.1", port).upload_part(
        Bucket=conf.bucket,
        Key="big.bin",
        UploadId=upload["UploadId"],
        PartNumber=2,
        Body=b"\0" * PART,  # the right size, other bytes
    )
    there = parts_there(conf, port, upload["UploadId"])
    missing = SIZE - sum(part["Size"] for part in there) + PART
    relay.reset()
    reports: list[Progress] = []
    st = storage(conf, tmp_path)
    st.push("big.bin", local_path_prefix=str(tmp_path / "src"), progress=reports.append)
    assert missing <= relay.up <= missing + PARTS * HEADERS_ALLOWANCE
    assert stored(conf, port) == data
    # Said first with part 2 counted in, then again without it.
    assert reports[-1].resumed == {"big.bin": (SIZE - missing, SIZE)}
    assert reports[-1].bytes_done == SIZE


def test_a_network_failure_keeps_the_parts_and_the_retry_resumes(
    s3_conf: ConfFactory, moto_endpoint: tuple[str, int], tmp_path: Path
):
    """Parts cut off half-way by connection resets: the file's retries continue the same
    upload instead of sending it all again, and the object is the file."""
    port = moto_endpoint[1]
    data = content(5)
    write(tmp_path / "src/big.bin", data)
    with FaultProxy(moto_endpoint, seed=3) as proxy:
        conf = dataclasses.replace(s3_conf(), port=proxy.port, retries=6)
        cut = ("partNumber=5&", "partNumber=13&")  # each reset once, half-way
        proxy.set_faults(
            reset=1.0, only=lambda _, target: any(c in target for c in cut), max_per_request=1
        )
        reports: list[Progress] = []
        st = storage(conf, tmp_path)
        st.push("big.bin", local_path_prefix=str(tmp_path / "src"), progress=reports.append)
        assert proxy.stats["reset"] == 2
    assert stored(conf, port) == data
    assert unfinished(conf, port) == [] and ledger_rows() == []
    assert any(report.resumed for report in reports)


def test_uploads_left_for_a_week_are_aborted_at_the_next_run(
    s3_conf: ConfFactory,
    moto_endpoint: tuple[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    port = moto_endpoint[1]
    conf = s3_conf()
    write(tmp_path / "src/big.bin", content(6))
    write(tmp_path / "src/small.txt", "small")
    st = storage(conf, tmp_path)
    interrupted_push(st, tmp_path / "src", 4, monkeypatch)
    assert len(unfinished(conf, port)) == 1
    st.push("small.txt", local_path_prefix=str(tmp_path / "src"))
    assert len(unfinished(conf, port)) == 1  # six days old would be kept too
    with sqlite3.connect(uploads_file()) as db:  # begun eight days ago
        db.execute("UPDATE uploads SET started = started - ?", (8 * 24 * 3600,))
    write(tmp_path / "src/small.txt", "changed")
    st.push("small.txt", local_path_prefix=str(tmp_path / "src"), force=True)
    assert unfinished(conf, port) == [] and ledger_rows() == []


def test_the_age_of_stale_uploads_is_a_parameter(
    s3_conf: ConfFactory,
    moto_endpoint: tuple[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    port = moto_endpoint[1]
    conf = s3_conf()
    write(tmp_path / "src/big.bin", content(7))
    st = storage(conf, tmp_path)
    interrupted_push(st, tmp_path / "src", 4, monkeypatch)
    assert abandon_stale_uploads(st.store, timedelta(hours=1)) == []
    [gone] = abandon_stale_uploads(st.store, timedelta(hours=1), now=time.time() + 7200)
    assert gone.name == "big.bin"
    assert unfinished(conf, port) == [] and ledger_rows() == []


def test_prune_lists_every_stale_upload_and_aborts_them(
    s3_conf: ConfFactory,
    moto_endpoint: tuple[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    """``backups prune`` sees other programs' uploads too (moto dates every upload in
    2010, so all of them are a week old), tells them apart from ours, and aborts both."""
    port = moto_endpoint[1]
    conf = s3_conf()
    write(tmp_path / "src/big.bin", content(8))
    st = storage(conf, tmp_path)
    interrupted_push(st, tmp_path / "src", 4, monkeypatch)
    client = s3_client("127.0.0.1", port)
    theirs = client.create_multipart_upload(Bucket=conf.bucket, Key="elsewhere/x y+%.bin")
    stale = stale_uploads(st.store)
    assert sorted((u.name, u.ours) for u in stale) == [
        ("big.bin", True),
        ("elsewhere/x y+%.bin", False),
    ]
    assert theirs["UploadId"] in {u.upload_id for u in stale}
    assert abort_uploads(st.store, stale) == stale
    assert unfinished(conf, port) == [] and ledger_rows() == []


def test_list_parts_reads_every_page(
    s3_conf: ConfFactory, moto_endpoint: tuple[str, int], tmp_path: Path
):
    port = moto_endpoint[1]
    conf = s3_conf()
    client = s3_client("127.0.0.1", port)
    upload = client.create_multipart_upload(Bucket=conf.bucket, Key="big.bin")["UploadId"]
    for number in range(1, 6):  # moto takes the marker for an index: no gaps here
        client.upload_part(
            Bucket=conf.bucket, Key="big.bin", UploadId=upload, PartNumber=number, Body=b"x"
        )
    store = storage(conf, tmp_path).store
    listed = list_parts(store, "big.bin", upload, page_size=2)  # type: ignore[arg-type]
    assert listed is not None and sorted(listed) == [1, 2, 3, 4, 5]
    assert listed[5] == (hashlib.md5(b"x").hexdigest(), 1)
    assert list_parts(store, "big.bin", "no-such-upload") is None  # type: ignore[arg-type]


def test_a_damaged_ledger_is_set_aside_and_uploads_go_on(
    s3_conf: ConfFactory, moto_endpoint: tuple[str, int], tmp_path: Path
):
    port = moto_endpoint[1]
    conf = s3_conf()
    data = content(9)
    write(tmp_path / "src/big.bin", data)
    uploads_file().parent.mkdir(parents=True, exist_ok=True)
    uploads_file().write_bytes(b"not a database" * 100)
    storage(conf, tmp_path).push("big.bin", local_path_prefix=str(tmp_path / "src"))
    assert stored(conf, port) == data
    assert list(uploads_file().parent.glob("uploads.sqlite3.unreadable-*"))
    assert ledger_rows() == []


def test_without_a_usable_ledger_a_cancelled_upload_is_aborted_as_before(
    s3_conf: ConfFactory,
    moto_endpoint: tuple[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    port = moto_endpoint[1]
    conf = s3_conf()
    write(tmp_path / "src/big.bin", content(10))
    monkeypatch.setenv("BUCKETFERRY_DATA_DIR", str(tmp_path / "file/data"))
    write(tmp_path / "file", "a file where the data folder would be")
    interrupted_push(storage(conf, tmp_path), tmp_path / "src", 4, monkeypatch)
    assert unfinished(conf, port) == []
    assert not os.path.isdir(tmp_path / "file")
