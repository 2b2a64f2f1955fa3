"""Hostile inputs against S3 (moto over HTTP) and Google Cloud Storage keys: names XML
cannot carry, files that change while they are uploaded, servers that never answer or
answer nonsense, running out of open files. Each shows the clear error and that nothing
was lost: the other objects unchanged, nothing stored half.

moto cannot hold a key with a line feed (its URL routing does not match one), so LF is
covered only where no server is needed (a CR shows the XML normalisation all the same).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import resource
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

from bucketferry.core import (
    BucketFerryError,
    CancelToken,
    ConfigurationError,
    HashCache,
    IntegrityError,
    RemoteObject,
    RemoteStorage,
    RemoteStorageConfig,
    ServerNotAnsweringError,
    StorageError,
    TransientStorageError,
)
from bucketferry.core.stores import libcloud_store
from bucketferry.core.stores.libcloud_store import LibcloudStore
from bucketferry.core.waiting import server_waits
from tests.gcs_endpoint import gcs_config, gcs_endpoint
from tests.helpers import is_backup, s3_client, write
from tests.stall_server import StallServer, http_answer

MIB = 1024 * 1024

HOSTILE = [
    "r/c\rd",
    "r/ctl\x01x",
    "r/esc\x1b[31mred",
    "r/tab\tx",
    "r/pct%41",
    "r/hash#x",
    "r/q?x=1",
    "r/plus+x",
    "r/sp ace",
    "r/ü ñ 東京",
    "r/a %2F+#?\r\x7f~",
    "r/" + "é" * 511,  # 1024 bytes of UTF-8: the longest key S3 allows
]
NEIGHBOURS = ["r/pctA", "r/hash", "r/q", "r/plus x", "r/sp+ace", "r/c"]
"""What a hostile name turns into when it is sent or listed carelessly."""


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def bucket_bytes(client: Any, bucket: str) -> dict[str, bytes]:
    """Every object's bytes, read straight from moto with boto3 (the backups that runs
    keep aside: they are tested in test_backups_undo.py)."""
    keys = [
        entry["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for entry in page.get("Contents", [])
        if not is_backup(entry["Key"])
    ]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def fill(client: Any, bucket: str, keys: list[str]) -> dict[str, bytes]:
    contents = {key: f"content of {key!r}".encode() for key in keys}
    for key, body in contents.items():
        client.put_object(Bucket=bucket, Key=key, Body=body)
    return contents


def upload_file(
    store: LibcloudStore, local: Path, name: str, content: bytes, *, md5_of: bytes | None = None
) -> Any:
    """``store.upload`` of ``local`` (holding ``content``) as ``name``; ``md5_of``: the
    bytes whose md5 is claimed (another content than the file's: it changed meanwhile)."""
    return store.upload(
        str(local),
        name,
        size=len(content),
        md5=md5(content if md5_of is None else md5_of),
        on_bytes=lambda n: None,
        cancel=CancelToken(),
    )


def read_all(store: LibcloudStore, name: str, size: int) -> bytes:
    with store.open_read(RemoteObject(name, size, None, "s3")) as reader:
        return b"".join(reader)


# --- names XML cannot carry ------------------------------------------------------------


def test_every_hostile_key_is_listed_exactly_across_pages(
    s3_conf: Callable[..., RemoteStorageConfig], monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    contents = fill(client, conf.bucket, HOSTILE + NEIGHBOURS)
    monkeypatch.setenv("MOTO_S3_DEFAULT_MAX_KEYS", "4")  # several pages, tokens and all
    store = LibcloudStore(conf)

    listed = store.list("r/")

    assert sorted(o.name for o in listed) == sorted(contents)
    assert all(o.refusal is None for o in listed)
    assert {o.name: o.hash for o in listed} == {k: md5(v) for k, v in contents.items()}


def test_folders_with_hostile_names_are_browsed_exactly(
    s3_conf: Callable[..., RemoteStorageConfig],
) -> None:
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    fill(client, conf.bucket, ["f\r1/x", "f%2/y", "f+3/z", "f 3/z", "top\x01.txt"])

    folders, objects = LibcloudStore(conf).browse("")

    assert sorted(folders) == sorted(["f\r1/", "f%2/", "f+3/", "f 3/"])
    assert [o.name for o in objects] == ["top\x01.txt"]


def test_a_key_with_cr_is_not_mistaken_for_a_new_file_and_overwritten(
    s3_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
) -> None:
    """The listing used to say 'team/c\\nd.txt', so a local 'c\\rd.txt' looked new and a
    push without --force replaced a colleague's object."""
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    client.put_object(Bucket=conf.bucket, Key="team/c\rd.txt", Body=b"colleague's")
    write(tmp_path / "src/team/c\rd.txt", "mine")
    storage = RemoteStorage(conf, hash_cache=HashCache(None))

    plan = storage.push("team", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert "team/c\rd.txt" not in [s.name for s in plan.not_on_target]
    with pytest.raises(BucketFerryError):
        storage.push("team", local_path_prefix=str(tmp_path / "src"))

    assert bucket_bytes(client, conf.bucket) == {"team/c\rd.txt": b"colleague's"}


def test_a_name_with_control_characters_does_not_break_the_listing(
    s3_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
) -> None:
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    contents = fill(client, conf.bucket, ["d/ok.txt", "d/bad\x01.txt", "d/esc\x1b.txt"])
    storage = RemoteStorage(conf, hash_cache=HashCache(None))

    assert sorted(o.name for o in storage.list_objects("d")) == sorted(contents)
    storage.pull("d/ok.txt", local_base_dir=str(tmp_path / "out"))

    assert (tmp_path / "out/d/ok.txt").read_bytes() == contents["d/ok.txt"]
    assert bucket_bytes(client, conf.bucket) == contents


@pytest.fixture
def plain_listing_endpoint() -> Iterator[int]:
    """moto behind a layer that drops ``encoding-type`` from every request: a server
    that ignores it and puts names into its XML as they are."""
    app = DomainDispatcherApplication(create_backend_app)

    def ignoring(environ: dict[str, Any], start_response: Any) -> Any:
        query = environ.get("QUERY_STRING", "")
        kept = [p for p in query.split("&") if not p.startswith("encoding-type=")]
        environ["QUERY_STRING"] = "&".join(kept)
        return app(environ, start_response)

    server = make_server("127.0.0.1", 0, ignoring, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(5)


def test_a_server_that_ignores_encoding_type_is_listed_exactly_or_refused(
    s3_conf: Callable[..., RemoteStorageConfig], plain_listing_endpoint: int
) -> None:
    """Plain names are not decoded ('%41' stays), a CR survives the XML parser, and a
    name XML cannot hold is refused with the reason instead of failing the listing."""
    direct = s3_conf()
    conf = dataclasses.replace(direct, port=plain_listing_endpoint)
    client = s3_client(direct.host, direct.port)
    contents = fill(client, conf.bucket, ["i/c\rd", "i/pct%41", "i/plus+x", "i/ctl\x01x"])

    listed = {o.name: o for o in LibcloudStore(conf).list("i/")}

    exact = {name: o for name, o in listed.items() if o.refusal is None}
    assert sorted(exact) == ["i/c\rd", "i/pct%41", "i/plus+x"]
    [refused] = [o for o in listed.values() if o.refusal is not None]
    assert refused.name == "i/ctl\ufffdx"
    assert "cannot list exactly" in (refused.refusal or "")
    assert bucket_bytes(client, conf.bucket) == contents


def test_every_object_request_addresses_hostile_keys_exactly(
    s3_conf: Callable[..., RemoteStorageConfig],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Upload, HEAD, both download paths and DELETE each touch exactly the named object:
    the neighbour that a careless encoding would hit is never read, replaced or deleted."""
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    neighbours = fill(client, conf.bucket, NEIGHBOURS)
    store = LibcloudStore(conf)
    for number, key in enumerate(HOSTILE):
        content = os.urandom(1000 + number)
        upload_file(store, write(tmp_path / f"f{number}", content), key, content)
        assert client.get_object(Bucket=conf.bucket, Key=key)["Body"].read() == content
        head = store.head(key)
        assert head is not None and head.size == len(content)
        assert read_all(store, key, len(content)) == content  # the lean path
        with monkeypatch.context() as patched:
            patched.setattr(store, "_lean_getter", lambda: None)
            assert read_all(store, key, len(content)) == content  # libcloud's path
        store.delete(key)
        assert store.head(key) is None
    assert bucket_bytes(client, conf.bucket) == neighbours


def test_a_multipart_upload_addresses_a_hostile_key_exactly(
    s3_conf: Callable[..., RemoteStorageConfig],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(libcloud_store, "MULTIPART_THRESHOLD", 10 * MIB)
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    neighbours = fill(client, conf.bucket, ["m/part 1", "m/part+1"])
    key = "m/part+1#?%41\r.bin"
    content = os.urandom(12 * MIB)
    upload_file(LibcloudStore(conf), write(tmp_path / "big.bin", content), key, content)

    head = client.head_object(Bucket=conf.bucket, Key=key)
    assert head["ETag"].endswith('-2"') and head["Metadata"]["md5"] == md5(content)
    assert bucket_bytes(client, conf.bucket) == {**neighbours, key: content}


def test_google_cloud_storage_lists_and_addresses_hostile_keys_exactly(tmp_path: Path) -> None:
    """Through libcloud's GCS driver (HMAC) and a local endpoint with GCS's XML dialect:
    listed with list-type=2, where GCS says that it encoded the names."""
    with gcs_endpoint() as (host, port, _):
        store = LibcloudStore(gcs_config(host, port))
        store.create_bucket()
        for number, key in enumerate(HOSTILE + NEIGHBOURS):
            upload_file(store, write(tmp_path / f"f{number}", key.encode()), key, key.encode())
        listed = {o.name: o for o in store.list("r/")}
        assert sorted(listed) == sorted(HOSTILE + NEIGHBOURS)
        for key in HOSTILE:
            assert read_all(store, key, listed[key].size) == key.encode()
            store.delete(key)
        # (the endpoint's one bucket is shared with other GCS tests: look below r/ only)
        assert sorted(o.name for o in store.list("r/")) == sorted(NEIGHBOURS)


# --- answers no storage server should give -----------------------------------------------


def _listing(keys: list[str], *, encoded: bool, truncated: bool, token: str | None) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>']
    parts.append('<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">')
    parts.append("<Name>canned</Name>")
    if encoded:
        parts.append("<EncodingType>url</EncodingType>")
    parts.append(f"<IsTruncated>{str(truncated).lower()}</IsTruncated>")
    if token is not None:
        parts.append(f"<NextContinuationToken>{token}</NextContinuationToken>")
    for key in keys:
        parts.append(f"<Contents><Key>{key}</Key><Size>3</Size><ETag>&quot;e&quot;</ETag>")
        parts.append("<LastModified>2024-01-01T00:00:00.000Z</LastModified></Contents>")
    parts.append("</ListBucketResult>")
    return http_answer("200 OK", "".join(parts).encode(), {"Content-Type": "application/xml"})


def canned_conf(port: int, **kw: Any) -> RemoteStorageConfig:
    return RemoteStorageConfig(
        provider="s3",
        key="testing-key",
        bucket="canned",
        secret="testing-secret",
        host="127.0.0.1",
        port=port,
        secure=False,
        **kw,
    )


def test_encoded_names_are_decoded_as_s3_encodes_them_and_non_utf8_ones_refused() -> None:
    """S3 sends a space as '+' and a '+' as '%2B'; a line feed (which moto cannot store)
    as '%0A'. A name whose bytes are not UTF-8 is refused, not fatal for the listing."""
    keys = ["u/bad%FF%FE", "u/ok%20x", "u/a+b%2Bc", "u/l%0Af"]
    answer = _listing(keys, encoded=True, truncated=False, token=None)
    with StallServer(lambda m, t: (answer, False)) as server:
        listed = {o.name: o.refusal for o in LibcloudStore(canned_conf(server.port)).list("u/")}
    assert {name: refusal for name, refusal in listed.items() if refusal is None} == {
        "u/ok x": None,
        "u/a b+c": None,
        "u/l\nf": None,
    }
    assert "not valid UTF-8" in (listed["u/bad\\xff\\xfe"] or "")


@pytest.mark.parametrize("token", [None, "same-token"], ids=["no-token", "same-token-again"])
def test_a_listing_that_never_ends_stops_with_an_error(token: str | None) -> None:
    """'More to come' without a new token would list page 1 for ever (2.9 GB in ten
    minutes, for a bucket name whose '#' cut the token off)."""
    answer = _listing(["p/a"], encoded=True, truncated=True, token=token)
    with StallServer(lambda m, t: (answer, False)) as server:
        started = time.monotonic()
        with pytest.raises(StorageError, match="more was to come") as raised:
            LibcloudStore(canned_conf(server.port)).list("p/")
        listings = len(server.requests)
    assert listings == (1 if token is None else 2)
    assert time.monotonic() - started < 10
    assert not isinstance(raised.value, TransientStorageError)


@pytest.mark.parametrize(
    "body",
    [b"<" * 20_000, b"<html><body>" + b"Welcome! " * 3000 + b"</body></html>"],
    ids=["not-xml", "html"],
)
def test_a_garbled_listing_is_a_short_clear_error(body: bytes) -> None:
    answer = http_answer("200 OK", body, {"Content-Type": "application/xml"})
    with (
        StallServer(lambda m, t: (answer, False)) as server,
        pytest.raises(StorageError, match="could not be read") as raised,
    ):
        LibcloudStore(canned_conf(server.port, retries=0)).list("")
    assert len(str(raised.value)) < 400
    assert "Welcome! Welcome!" not in str(raised.value)


# --- files that change while they are uploaded -----------------------------------------


def _edit(path: Path, how: str, size: int) -> None:
    if how == "same-size":
        with path.open("r+b") as handle:
            handle.seek(size - 10)
            handle.write(b"edited!!!!")
    elif how == "longer":
        path.write_bytes(os.urandom(size + 5000))
    else:
        path.write_bytes(os.urandom(size // 3))


@pytest.mark.parametrize("existing", [True, False], ids=["replacing", "new"])
@pytest.mark.parametrize("how", ["same-size", "longer", "shorter"])
def test_a_file_changed_during_a_single_put_is_not_stored(
    s3_conf: Callable[..., RemoteStorageConfig],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    existing: bool,
) -> None:
    """It used to be stored with the new content under the old md5: afterwards pulls
    failed for ever and pushes said 'identical'."""
    conf = s3_conf(retries=0)
    client = s3_client(conf.host, conf.port)
    before = fill(client, conf.bucket, ["c/a.bin"] if existing else ["c/other"])
    size = 300 * 1024
    local = write(tmp_path / "src/c/a.bin", os.urandom(size))
    storage = RemoteStorage(conf, hash_cache=HashCache(None))
    original_upload = storage.store.upload

    def upload(*args: Any, **kwargs: Any) -> Any:
        inner, edited = kwargs["on_bytes"], []

        def on_bytes(count: int) -> None:
            inner(count)
            if not edited:
                edited.append(True)
                _edit(local, how, size)

        kwargs["on_bytes"] = on_bytes
        return original_upload(*args, **kwargs)

    monkeypatch.setattr(storage.store, "upload", upload)
    plan = storage.push("c", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    result = storage.execute(plan, force=True)

    assert not result.synced_files
    assert "changed while it was being uploaded" in (result.failed_files[0].reason or "")
    assert bucket_bytes(client, conf.bucket) == before


@pytest.mark.parametrize("size", [200 * 1024, 12 * MIB], ids=["single-put", "multipart"])
def test_content_that_does_not_match_its_md5_is_never_stored(
    s3_conf: Callable[..., RemoteStorageConfig],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: int,
) -> None:
    """A file changed between hashing and the upload keeps its identity during the upload,
    so only the bytes themselves can tell: the md5 for the metadata must be theirs."""
    monkeypatch.setattr(libcloud_store, "MULTIPART_THRESHOLD", 10 * MIB)
    conf = s3_conf()
    client = s3_client(conf.host, conf.port)
    before = fill(client, conf.bucket, ["x/a.bin"])
    hashed = os.urandom(size)
    content = os.urandom(size)  # changed after it was hashed
    local = write(tmp_path / "a.bin", content)

    with pytest.raises(IntegrityError, match="changed while it was being uploaded"):
        upload_file(LibcloudStore(conf), local, "x/a.bin", content, md5_of=hashed)

    assert bucket_bytes(client, conf.bucket) == before
    assert client.list_multipart_uploads(Bucket=conf.bucket).get("Uploads", []) == []


# --- servers that never answer -----------------------------------------------------------


def _longest_while(action: Callable[[], Any], *, at_least: float) -> tuple[Any, float, str]:
    """Runs ``action`` in a thread; returns what it raised, how long it took, and what
    ``server_waits`` reported as the longest wait once it had waited ``at_least``."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            action()
        except BaseException as exc:
            outcome["error"] = exc

    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    seen = ""
    while thread.is_alive() and not seen:
        wait = server_waits.longest()
        if wait is not None and wait.seconds >= at_least:
            seen = wait.what
        time.sleep(0.02)
    thread.join(30)
    return outcome.get("error"), time.monotonic() - started, seen


def test_a_server_that_accepts_and_never_answers_is_reported_within_the_bound() -> None:
    with StallServer() as server:
        conf = canned_conf(server.port, timeout=0.5, connect_timeout=0.5, retries=1)
        error, took, seen = _longest_while(lambda: LibcloudStore(conf).list("data/"), at_least=0.3)
    assert isinstance(error, ServerNotAnsweringError), error
    message = str(error)
    assert f"127.0.0.1:{server.port}" in message and "listing 'data/'" in message
    assert re.search(r"no answer for 0\.[5-9] s", message), message
    assert seen == "listing 'data/'"
    assert len(server.requests) == 2  # the first try and one retry
    assert took < 10  # 2 x 0.5 s + 0.2 s of backoff, with room for a slow machine


@pytest.mark.parametrize("path", ["lean", "libcloud"])
def test_a_download_whose_body_stops_coming_is_reported(
    monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    answer = http_answer("200 OK", b"", {"Content-Type": "application/octet-stream"})
    answer = answer.replace(b"Content-Length: 0", b"Content-Length: 100000") + b"x" * 10
    with StallServer(lambda m, t: (answer, True)) as server:
        store = LibcloudStore(canned_conf(server.port, timeout=0.5, connect_timeout=0.5))
        if path == "libcloud":
            monkeypatch.setattr(store, "_lean_getter", lambda: None)
        error, took, seen = _longest_while(
            lambda: read_all(store, "big.bin", 100_000), at_least=0.3
        )
    assert isinstance(error, ServerNotAnsweringError), error
    assert "downloading 'big.bin'" in str(error) and seen == "downloading 'big.bin'"
    assert took < 10


def test_an_upload_that_is_never_answered_is_reported(tmp_path: Path) -> None:
    content = os.urandom(100_000)
    local = write(tmp_path / "a.bin", content)
    with StallServer() as server:
        store = LibcloudStore(canned_conf(server.port, timeout=0.5, connect_timeout=0.5))
        error, took, seen = _longest_while(
            lambda: upload_file(store, local, "a.bin", content),
            at_least=0.3,
        )
    assert isinstance(error, ServerNotAnsweringError), error
    assert "uploading 'a.bin'" in str(error) and seen == "uploading 'a.bin'"
    assert took < 10


def test_a_server_that_never_accepts_the_connection_is_reported() -> None:
    """A listening socket whose backlog is full drops new connections unanswered, as a
    firewall or a dead host does."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = []
        for _ in range(8):  # enough to fill the backlog on any kernel
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            fillers.append(filler)
        time.sleep(0.1)
        conf = canned_conf(port, timeout=5, connect_timeout=0.5, retries=0)
        started = time.monotonic()
        try:
            with pytest.raises(ServerNotAnsweringError, match="did not accept a connection"):
                LibcloudStore(conf).check()
        finally:
            for filler in fillers:
                filler.close()
    assert time.monotonic() - started < 5


# --- running out of open files -----------------------------------------------------------


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_running_out_of_open_files_is_retried_with_a_clear_message(
    s3_conf: Callable[..., RemoteStorageConfig],
) -> None:
    conf = s3_conf()
    s3_client(conf.host, conf.port).put_object(Bucket=conf.bucket, Key="k", Body=b"1")
    store = LibcloudStore(conf)
    store.head("k")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    held: list[int] = []
    store.close()  # the next request needs a new socket
    resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 10, hard))
    try:
        # Twice: the in-process server closes its side of the old connection a moment
        # later, and the descriptor that frees must not be the one the request gets.
        for _ in range(2):
            while True:
                try:
                    held.append(os.open(os.devnull, os.O_RDONLY))
                except OSError:
                    break
            time.sleep(0.3)
        conf.retries = 0
        with pytest.raises(TransientStorageError, match="ran out of open files"):
            store.head("k")
        conf.retries = 4
        threading.Timer(0.3, lambda: [os.close(fd) for fd in held]).start()
        head = store.head("k")  # retried with backoff until files are free again
    finally:
        time.sleep(0.4)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert head is not None and head.size == 1


# --- Google Cloud Storage key kinds ------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to connect or listen fails the test (and is recorded)."""
    attempts: list[str] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(repr(address))
        raise AssertionError(f"a network request was made: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "bind", refuse)
    return attempts


def gcs_conf(key: str, secret: str) -> RemoteStorageConfig:
    return RemoteStorageConfig("google_storage", key, "team-bucket", secret)


@pytest.mark.parametrize(
    "key",
    ["AKIAIOSFODNN7EXAMPLE", "1234-abc.apps.googleusercontent.com", "someone@example.com", ""],
)
def test_a_gcs_key_of_another_kind_never_starts_a_browser_sign_in(
    no_network: list[str], key: str
) -> None:
    storage = RemoteStorage(gcs_conf(key, "secret"))
    with pytest.raises(ConfigurationError, match="HMAC access ID") as raised:
        storage.list_objects("")
    assert "web browser" in str(raised.value)
    assert no_network == []


def _private_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "there is no file at"),
        ("not a key at all", "does not hold a usable private key"),
        ('{"type": "service_account"}', "has no 'private_key'"),
        (
            '{"private_key": "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----"}',
            "does not hold a usable private key",
        ),
        ("{broken json", "is not valid JSON"),
    ],
    ids=["missing", "garbage", "no-private-key", "bad-pem", "bad-json"],
)
def test_an_unreadable_service_account_key_file_is_explained(
    no_network: list[str], tmp_path: Path, content: str | None, reason: str
) -> None:
    key_file = tmp_path / "key.json"
    if content is not None:
        key_file.write_text(content)
    conf = gcs_conf("sync@project.iam.gserviceaccount.com", str(key_file))
    with pytest.raises(ConfigurationError, match="could not be read") as raised:
        RemoteStorage(conf).list_objects("")
    assert reason in str(raised.value)
    assert str(key_file) in str(raised.value)
    assert no_network == []


def test_accepted_gcs_keys_pass_the_check_without_network(
    no_network: list[str], tmp_path: Path
) -> None:
    import json

    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps({"type": "service_account", "private_key": _private_key_pem()}))
    LibcloudStore(gcs_conf("sync@project.iam.gserviceaccount.com", str(key_file)))
    LibcloudStore(gcs_conf("GOOG1EXAMPLEHMACKEY0", "hmac-secret"))
    assert no_network == []
