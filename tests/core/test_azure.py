"""What is Azure's own: errors in plain words, names, blocks, paging and md5s, on Azurite.

The behaviour every provider shares runs on Azure through the parametrized fixtures
(``make_storage`` in conftest.py, ``storage`` in test_backups_undo.py); this file holds
what only Azure's protocol can get wrong.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
import time
from pathlib import Path

import pytest

from bucketferry.core import RemoteStorage, RemoteStorageConfig
from bucketferry.core.errors import (
    AuthenticationError,
    BucketNotFoundError,
    ConfigurationError,
    ConnectionFailedError,
    ForceRequiredError,
)
from bucketferry.core.hashing import HashCache
from bucketferry.core.stores import azure_store, libcloud_store
from tests.azure_emulator import Azurite, _driver, read_blobs
from tests.conftest import ConfFactory
from tests.faultproxy import FaultProxy
from tests.helpers import free_port, tree_bytes, write

MIB = 1024 * 1024


def storage_for(conf: RemoteStorageConfig, tmp_path: Path) -> RemoteStorage:
    return RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    write(root / "a.txt", "a")
    write(root / "d" / "b.txt", "b")
    return root


def test_a_wrong_account_key_is_refused_in_plain_words_and_nothing_is_lost(
    azure_conf: ConfFactory, src: Path, tmp_path: Path
):
    conf = azure_conf()
    wrong = base64.b64encode(b"not the account key, but valid base64").decode()
    before = tree_bytes(src)
    st = storage_for(dataclasses.replace(conf, secret=wrong), tmp_path)
    with pytest.raises(AuthenticationError, match="Azure refused access") as caught:
        st.push(".", local_path_prefix=str(src), use_pbar=False)
    assert wrong not in str(caught.value)
    assert tree_bytes(src) == before
    assert read_blobs(conf) == {}


def test_an_account_key_that_is_not_base64_says_where_to_copy_it_from(azure_conf: ConfFactory):
    conf = dataclasses.replace(azure_conf(create=False), secret="abc-not-base64!")
    with pytest.raises(ConfigurationError, match=r"account key is not valid.*Access keys"):
        RemoteStorage(conf).list_objects("")


def test_a_missing_container_is_named(azure_conf: ConfFactory, src: Path, tmp_path: Path):
    conf = azure_conf(bucket="no-such-container", create=False)
    st = storage_for(conf, tmp_path)
    with pytest.raises(BucketNotFoundError, match="'no-such-container' does not exist"):
        st.push(".", local_path_prefix=str(src), use_pbar=False)
    with pytest.raises(BucketNotFoundError):
        st.list_objects("")


def test_an_unreachable_host_is_a_connection_error_at_once(
    azure_conf: ConfFactory, src: Path, tmp_path: Path
):
    conf = dataclasses.replace(azure_conf(create=False), port=free_port())
    started = time.monotonic()
    with pytest.raises(ConnectionFailedError, match="Could not connect"):
        storage_for(conf, tmp_path).push(".", local_path_prefix=str(src), use_pbar=False)
    assert time.monotonic() - started < 30  # refused connections are not retried for long


def test_an_invalid_container_name_is_refused_before_any_request(azure_conf: ConfFactory):
    conf = dataclasses.replace(azure_conf(create=False), bucket="Bad--Name")
    with pytest.raises(ConfigurationError, match="Azure container names"):
        RemoteStorage(conf).list_objects("")


HOSTILE = [
    "100% sure.txt",
    "%41 not A.txt",
    "hash#tag.txt",
    "question?.txt",
    "plus+sign.txt",
    "  two leading spaces.txt",
    "ünïcödé/日本語.txt",
    "emoji 🚢.txt",
    "quote'\"<&>.txt",
    "semi;colon=equals&amp.txt",
]


def test_hostile_names_round_trip_exactly(azure_conf: ConfFactory, tmp_path: Path):
    conf = azure_conf(base_path="team")
    st = storage_for(conf, tmp_path)
    src = tmp_path / "src"
    for i, name in enumerate(HOSTILE):
        write(src / name, f"content {i}")
    result = st.push(".", local_path_prefix=str(src), use_pbar=False)
    assert not result.failed_files, [(f.name, f.reason) for f in result.failed_files]
    assert {name[len("team/") :]: data for name, data in read_blobs(conf).items()} == tree_bytes(
        src
    )
    again = st.push(".", local_path_prefix=str(src), use_pbar=False, dryrun=True)
    assert not again.files_to_sync and len(again.on_target_eq_md5) == len(HOSTILE)
    back = tmp_path / "back"
    st.pull("", local_base_dir=str(back), use_pbar=False)
    assert tree_bytes(back) == tree_bytes(src)
    # downloaded on the lean path (lean_get.py), signed with the shared key by the store
    assert st.store._lean is not None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        # Azure cannot list such a name (Azurite fails every listing of its folder)
        ("bell\x07.txt", "control character"),
        ("carriage\rreturn.txt", "control character"),
        ("a tab\there.txt", "control character"),
        ("dot at the end./x.txt", "ends with a dot"),
        # Azure turns '\\' into '/': the blob would get another name than the file's
        ("back\\slash.txt", "turns"),
    ],
)
def test_a_name_azure_would_mangle_is_refused_and_the_rest_goes(
    azure_conf: ConfFactory, tmp_path: Path, name: str, reason: str
):
    conf = azure_conf()
    st = storage_for(conf, tmp_path)
    src = tmp_path / "src"
    write(src / name, "refused")
    write(src / "fine.txt", "goes")
    result = st.push(".", local_path_prefix=str(src), use_pbar=False)
    refused = {f.name: f.reason for f in result.refused_files}
    assert reason in str(refused), refused
    assert set(read_blobs(conf)) == {"fine.txt"}
    assert [o.name for o in st.list_objects("")] == ["fine.txt"]


def test_big_files_go_up_in_blocks_and_compare_by_md5(
    azure_conf: ConfFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(libcloud_store, "MULTIPART_THRESHOLD", 10 * MIB)
    conf = azure_conf()
    st = storage_for(conf, tmp_path)
    src = tmp_path / "src"
    data = os.urandom(21 * MIB)  # three blocks of 8 MiB (the last shorter)
    write(src / "big.bin", data)
    result = st.push(".", local_path_prefix=str(src), use_pbar=False)
    assert [f.name for f in result.synced_files] == ["big.bin"]
    assert read_blobs(conf)["big.bin"] == data
    [listed] = st.list_objects("")
    assert listed.hash == hashlib.md5(data).hexdigest()  # the blob's own Content-MD5
    again = st.push(".", local_path_prefix=str(src), use_pbar=False, dryrun=True)
    assert not again.files_to_sync
    back = tmp_path / "back"
    st.pull("", local_base_dir=str(back), use_pbar=False)
    assert (back / "big.bin").read_bytes() == data


def test_a_listing_of_many_pages_misses_nothing(
    azure_conf: ConfFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(azure_store.AzureStore, "page_size", 3)
    conf = azure_conf()
    st = storage_for(conf, tmp_path)
    src = tmp_path / "src"
    names = [f"f{i:02d}.txt" for i in range(10)] + [f"sub{i}/x.txt" for i in range(4)]
    for name in names:
        write(src / name, name)
    st.push(".", local_path_prefix=str(src), use_pbar=False)
    assert sorted(o.name for o in st.list_objects("")) == sorted(names)
    folders, objects = st.browse("")
    assert sorted(folders) == [f"sub{i}/" for i in range(4)]
    assert len(objects) == 10


def _put_without_md5(azurite_conf: RemoteStorageConfig, name: str, data: bytes, meta: dict):
    """A blob made of one block with no Content-MD5 at all, as some tools leave them."""
    driver = _driver(azurite_conf)
    path = f"/{azurite_conf.bucket}/{name}"
    block = base64.b64encode(b"block-000001").decode()
    response = driver.connection.request(
        path,
        method="PUT",
        params={"comp": "block", "blockid": block},
        data=data,
        headers={"Content-Length": str(len(data))},
    )
    assert response.status == 201
    body = f"<?xml version='1.0'?><BlockList><Latest>{block}</Latest></BlockList>".encode()
    headers = {"Content-Length": str(len(body))}
    headers.update({f"x-ms-meta-{k}": v for k, v in meta.items()})
    response = driver.connection.request(
        path, method="PUT", params={"comp": "blocklist"}, data=body, headers=headers
    )
    assert response.status == 201


def test_a_blob_without_content_md5_compares_by_the_md5_kept_in_its_metadata(
    azure_conf: ConfFactory, tmp_path: Path
):
    conf = azure_conf()
    st = storage_for(conf, tmp_path)
    src = tmp_path / "src"
    write(src / "kept.txt", "same bytes")
    write(src / "unknown.txt", "same bytes too")
    _put_without_md5(
        conf, "kept.txt", b"same bytes", {"md5": hashlib.md5(b"same bytes").hexdigest()}
    )
    _put_without_md5(conf, "unknown.txt", b"same bytes too", {})
    listed = {o.name: o.hash for o in st.list_objects("")}
    assert listed["kept.txt"] == hashlib.md5(b"same bytes").hexdigest()
    plan = st.push(".", local_path_prefix=str(src), use_pbar=False, dryrun=True)
    # md5 known from the metadata: identical; no md5 at all: not claimed identical, and
    # not replaced without force
    assert [f.name for f in plan.on_target_eq_md5] == ["kept.txt"]
    assert [f.name for f in plan.on_target_neq_md5] == ["unknown.txt"]
    with pytest.raises(ForceRequiredError, match=r"unknown\.txt"):
        st.push(".", local_path_prefix=str(src), use_pbar=False)
    assert read_blobs(conf)["unknown.txt"] == b"same bytes too"


def test_the_account_is_part_of_where_a_sync_record_belongs(azure_conf: ConfFactory):
    """Two storage accounts may each have a container of the same name."""
    from bucketferry.core.config import endpoint_of

    conf = azure_conf(create=False)
    other = dataclasses.replace(conf, key="otheraccount")
    assert endpoint_of(conf) != endpoint_of(other)


def test_the_default_endpoint_is_the_accounts_own(azurite: Azurite):
    conf = RemoteStorageConfig(
        "azure_blobs", "myaccount", "data", azurite.key, retries=0, connect_timeout=0.5
    )
    driver = RemoteStorage(conf).driver
    assert driver.connection.host == "myaccount.blob.core.windows.net"
    assert driver.connection.secure


def test_transfers_cut_or_refused_on_the_way_are_sent_again(
    azure_conf: ConfFactory, azurite: Azurite, tmp_path: Path
):
    """Through a proxy that resets connections and answers 503 (Azure's ServerBusy) to
    blob requests: every file arrives whole, both ways."""
    conf = azure_conf()

    def blob_requests(method: str, target: str) -> bool:
        return "/data/" in target.split("?", 1)[0] and method in ("PUT", "GET")

    src = tmp_path / "src"
    contents = {f"data/d{i % 5}/f{i:02d}.bin": os.urandom(300 + 37 * i) for i in range(60)}
    for name, data in contents.items():
        write(src / name, data)
    with FaultProxy((azurite.host, azurite.port), seed=11, stall_seconds=5) as proxy:
        st = storage_for(dataclasses.replace(conf, port=proxy.port, workers=8), tmp_path)
        proxy.set_faults(reset=0.15, error=0.15, only=blob_requests, max_per_request=2)
        pushed = st.push("data", local_path_prefix=str(src), use_pbar=False)
        assert len(pushed.synced_files) == 60 and not pushed.failed_files
        assert read_blobs(conf) == contents
        pulled = st.pull("data", local_base_dir=str(tmp_path / "out"), use_pbar=False)
        assert len(pulled.synced_files) == 60 and not pulled.failed_files
        assert proxy.stats["reset"] > 5 and proxy.stats["error"] > 5
    assert tree_bytes(tmp_path / "out") == tree_bytes(src)
