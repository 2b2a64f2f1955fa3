"""The engine against a network that fails: resets, 503 SlowDown, stalls, slow links.

Every test talks to moto through :class:`tests.faultproxy.FaultProxy`; setup and checks go to
moto directly (boto3), so a check never depends on the code under test. Which requests fail
is a hash of request and seed, and every test uses a bucket name fixed by its own name, so
each run injects the same faults into the same requests.
"""

from __future__ import annotations

import dataclasses
import hashlib
import http.client
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bucketferry.core import (
    CancelToken,
    HashCache,
    Progress,
    RemoteStorage,
    SyncFailedError,
)
from tests.faultproxy import FaultProxy, Faults, RequestFilter
from tests.helpers import is_backup, s3_client

MiB = 1024 * 1024
TEMP_MARKER = ".bfpart-"
STALL_SECONDS = 60.0
"""Longer than any test waits: a stall ends only by a client timeout or the proxy closing."""

StorageFactory = Callable[..., RemoteStorage]


class Hung(AssertionError):
    """The engine did not return in time."""


class TooSlow(AssertionError):
    """A cancel took longer to take effect than promised."""


# --- helpers -----------------------------------------------------------------------------


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def make_files(root: Path, names: list[str], seed: int, size: tuple[int, int]) -> dict[str, bytes]:
    """Write pseudo-random files (reproducible from ``seed``); returns name -> content."""
    rng = random.Random(seed)
    contents = {}
    for name in names:
        data = rng.randbytes(rng.randint(*size))
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        contents[name] = data
    return contents


def tree_md5(root: Path) -> dict[str, str]:
    """md5 of every file below root, hidden ones (temp files) included."""
    return {
        p.relative_to(root).as_posix(): md5(p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def temp_files(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if TEMP_MARKER in p.name]


def object_requests(prefix: str, *methods: str) -> RequestFilter:
    """Requests on objects below ``prefix`` (not listings, not the plan's checks for
    folder names), optionally only with these methods."""

    def accept(method: str, target: str) -> bool:
        key = target.split("?", 1)[0].lstrip("/").partition("/")[2]
        return key.startswith(prefix) and (not methods or method in methods)

    return accept


def listings(method: str, target: str) -> bool:
    """Bucket listings: a GET on the bucket itself."""
    return method == "GET" and not target.split("?", 1)[0].lstrip("/").partition("/")[2]


def bucket_md5(s3: Any, bucket: str) -> dict[str, str]:
    """md5 of every object's bytes, read back straight from moto (the backups that runs
    keep aside apart: test_backups_undo.py)."""
    keys = [
        entry["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for entry in page.get("Contents", [])
        if not is_backup(entry["Key"])
    ]
    with ThreadPoolExecutor(8) as pool:
        bodies = pool.map(lambda k: s3.get_object(Bucket=bucket, Key=k)["Body"].read(), keys)
        return {key: md5(body) for key, body in zip(keys, bodies, strict=True)}


def put_objects(s3: Any, bucket: str, contents: dict[str, bytes]) -> None:
    """Put objects in place straight on moto (name -> content)."""
    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(
                lambda kv: s3.put_object(Bucket=bucket, Key=kv[0], Body=kv[1]), contents.items()
            )
        )


def run_within(seconds: float, proxy: FaultProxy, action: Callable[[], Any]) -> Any:
    """Run ``action``; if it has not returned after ``seconds``, break every connection (so
    it ends) and raise :class:`Hung`."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = action()
        except BaseException as exc:  # handed to the test thread below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="engine-under-deadline", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        proxy.close()
        thread.join(15)
        raise Hung(f"the run had not returned after {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def proxy(moto_endpoint: tuple[str, int]) -> Iterator[FaultProxy]:
    with FaultProxy(moto_endpoint, seed=7, stall_seconds=STALL_SECONDS) as fault_proxy:
        yield fault_proxy


@pytest.fixture(scope="module")
def s3(moto_endpoint: tuple[str, int]) -> Any:
    """boto3 straight to moto: to put objects in place and to check what the bucket holds."""
    host, port = moto_endpoint
    return s3_client(host, port)


@pytest.fixture
def bucket(request: pytest.FixtureRequest) -> str:
    """A bucket name fixed by the test's name, so request targets (and faults) repeat."""
    return "faults-" + hashlib.sha1(request.node.name.encode()).hexdigest()[:16]


@pytest.fixture
def storage(
    s3_conf: Callable[..., Any], proxy: FaultProxy, bucket: str, tmp_path: Path
) -> StorageFactory:
    """RemoteStorage for this test's bucket that goes through the proxy."""
    cache = HashCache(tmp_path / "hashes.json")

    def make(**conf: Any) -> RemoteStorage:
        direct = s3_conf(bucket=bucket, **conf)
        return RemoteStorage(dataclasses.replace(direct, port=proxy.port), hash_cache=cache)

    return make


# --- the proxy itself --------------------------------------------------------------------


def test_fault_proxy_answers_503_on_keep_alive_and_stops_promptly_during_a_stall(
    proxy: FaultProxy,
) -> None:
    """The tools above are only as good as the proxy: a 503 leaves the connection usable
    for the next request, and closing never waits for a stalled request."""
    connection = http.client.HTTPConnection(proxy.host, proxy.port, timeout=5)
    proxy.set_faults(error=1.0)
    connection.request("GET", "/")
    answer = connection.getresponse()
    assert answer.status == 503 and b"<Code>SlowDown</Code>" in answer.read()
    first_socket = connection.sock
    proxy.passthrough()
    connection.request("GET", "/")  # moto answers this one
    assert connection.sock is first_socket is not None  # kept alive across the 503
    answer = connection.getresponse()
    assert answer.status == 200 and b"ListAllMyBucketsResult" in answer.read()
    connection.close()

    proxy.set_faults(stall=1.0)
    stalled = http.client.HTTPConnection(proxy.host, proxy.port, timeout=10)
    stalled.request("GET", "/")
    time.sleep(0.2)
    started = time.monotonic()
    proxy.close()
    assert time.monotonic() - started < 2.0
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        stalled.getresponse()
    stalled.close()
    assert dict(proxy.stats) == {"error": 1, "pass": 1, "stall": 1}


# --- a: many files, many faults ----------------------------------------------------------


@pytest.mark.slow
def test_2000_files_push_and_pull_byte_exact_despite_resets_and_503s(
    storage: StorageFactory, proxy: FaultProxy, tmp_path: Path
) -> None:
    """The everyday bad network: 1 request in 10 reset, 1 in 10 answered 503, any request
    (each fails at most twice in a row, and the engine retries 4 times)."""
    names = [f"data/d{i % 20:02d}/f{i:04d}.bin" for i in range(2000)]
    make_files(tmp_path / "src", names, seed=1, size=(100, 900))
    proxy.set_faults(reset=0.1, error=0.1, max_per_request=2)
    remote = storage(workers=16)

    pushed = remote.push("data", local_path_prefix=str(tmp_path / "src"))
    pulled = remote.pull("data", local_base_dir=str(tmp_path / "out"))

    assert len(pushed.synced_files) == len(pulled.synced_files) == 2000
    assert proxy.stats["reset"] > 100 and proxy.stats["error"] > 100
    assert tree_md5(tmp_path / "out") == tree_md5(tmp_path / "src")


def test_uploads_are_retried_after_resets_and_503s(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """Uploads cut half-way or refused with 503 are sent again and arrive whole."""
    names = [f"data/d{i % 10}/f{i:03d}.bin" for i in range(200)]
    contents = make_files(tmp_path / "src", names, seed=2, size=(100, 900))
    proxy.set_faults(reset=0.15, error=0.15, only=object_requests("data/"), max_per_request=2)

    summary = storage(workers=16).push("data", local_path_prefix=str(tmp_path / "src"))

    assert len(summary.synced_files) == 200 and not summary.failed_files
    assert proxy.stats["reset"] > 10 and proxy.stats["error"] > 10
    assert bucket_md5(s3, bucket) == {name: md5(data) for name, data in contents.items()}


def test_downloads_are_retried_after_503s(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """A SlowDown answer to a download is waited out and the download sent again."""
    names = [f"data/f{i:03d}.bin" for i in range(200)]
    remote = storage(workers=16)  # creates the bucket
    contents = make_files(tmp_path / "src", names, seed=3, size=(100, 900))
    put_objects(s3, bucket, contents)
    proxy.set_faults(error=0.2, only=object_requests("data/", "GET"), max_per_request=2)

    summary = remote.pull("data", local_base_dir=str(tmp_path / "out"))

    assert len(summary.synced_files) == 200 and not summary.failed_files
    assert proxy.stats["error"] > 20
    assert tree_md5(tmp_path / "out") == {name: md5(data) for name, data in contents.items()}


def test_downloads_are_retried_after_a_reset_mid_body(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """A connection reset after half of the body arrived is a transient failure too."""
    names = [f"data/f{i:02d}.bin" for i in range(20)]
    remote = storage()
    contents = make_files(tmp_path / "src", names, seed=4, size=(1000, 5000))
    put_objects(s3, bucket, contents)
    proxy.set_faults(reset=1.0, only=object_requests("data/", "GET"), max_per_request=1)

    summary = remote.pull("data", local_base_dir=str(tmp_path / "out"))

    assert len(summary.synced_files) == 20
    assert tree_md5(tmp_path / "out") == {name: md5(data) for name, data in contents.items()}


@pytest.mark.parametrize("fault", ["error", "reset", "stall"])
@pytest.mark.parametrize("direction", ["push", "pull"])
def test_a_fault_while_listing_the_bucket_is_retried(
    direction: str,
    fault: str,
    storage: StorageFactory,
    proxy: FaultProxy,
    s3: Any,
    bucket: str,
    tmp_path: Path,
) -> None:
    """The listing that builds the plan is a request like any other: a 503, a reset or a
    stall longer than the timeout costs a retry, not the run."""
    remote = storage(timeout=1.0)
    contents = make_files(tmp_path / "src", ["data/a.txt", "data/b.txt"], 5, (10, 100))
    if direction == "pull":
        put_objects(s3, bucket, contents)
    proxy.set_faults(Faults(**{fault: 1.0}, only=listings, max_per_request=1))

    def run() -> Any:
        if direction == "push":
            return remote.push("data", local_path_prefix=str(tmp_path / "src"))
        return remote.pull("data", local_base_dir=str(tmp_path / "out"))

    summary = run_within(15, proxy, run)

    assert len(summary.synced_files) == 2
    assert proxy.stats[fault] == 1
    if direction == "pull":
        assert tree_md5(tmp_path / "out") == tree_md5(tmp_path / "src")
    else:
        assert bucket_md5(s3, bucket) == tree_md5(tmp_path / "src")


# --- b: retries exhausted ----------------------------------------------------------------


def _doomed_and_fine(count: int) -> tuple[list[str], list[str]]:
    names = [f"data/{'doomed' if i % 4 == 0 else 'fine'}-{i:02d}.bin" for i in range(count)]
    return [n for n in names if "/doomed-" in n], [n for n in names if "/fine-" in n]


def test_push_with_retries_exhausted_reports_failures_and_stores_nothing_truncated(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """Files whose every upload breaks are reported with a reason; the bucket keeps their
    old version (or nothing), never part of the new one; the other files arrive."""
    doomed, fine = _doomed_and_fine(40)
    remote = storage(retries=1)
    new = make_files(tmp_path / "src", doomed + fine, seed=6, size=(2000, 20000))
    old = {name: b"old version of " + name.encode() for name in doomed[::2] + fine[::3]}
    put_objects(s3, bucket, old)
    proxy.set_faults(reset=0.5, error=0.5, only=object_requests("data/doomed-", "PUT"))

    with pytest.raises(SyncFailedError) as raised:
        remote.push("data", local_path_prefix=str(tmp_path / "src"), force=True)

    summary = raised.value.summary
    assert sorted(s.name for s in summary.failed_files) == doomed
    assert all(s.status == "failed" and s.reason for s in summary.failed_files)
    assert sorted(s.name for s in summary.synced_files) == fine
    assert proxy.stats["reset"] > 0 and proxy.stats["error"] > 0
    expected = {n: md5(old[n]) for n in doomed if n in old} | {n: md5(new[n]) for n in fine}
    assert bucket_md5(s3, bucket) == expected


def test_pull_with_retries_exhausted_reports_failures_and_leaves_local_files_intact(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """Files whose every download breaks are reported with a reason; their previous local
    version stays as it was, no temp file is left, and nothing else is touched."""
    doomed, fine = _doomed_and_fine(40)
    remote = storage(retries=1)
    new = make_files(tmp_path / "src", doomed + fine, seed=7, size=(2000, 20000))
    put_objects(s3, bucket, new)
    out = tmp_path / "out"
    old = make_files(out, doomed[::2] + fine[::3], seed=8, size=(2000, 20000))
    unrelated = make_files(out, ["data/notes.txt.keep", "elsewhere/keep.bin"], 9, (10, 100))
    proxy.set_faults(reset=0.5, error=0.5, only=object_requests("data/doomed-", "GET"))

    with pytest.raises(SyncFailedError) as raised:
        remote.pull("data", local_base_dir=str(out), force=True)

    summary = raised.value.summary
    assert sorted(s.name for s in summary.failed_files) == doomed
    assert all(s.status == "failed" and s.reason for s in summary.failed_files)
    assert sorted(s.name for s in summary.synced_files) == fine
    assert proxy.stats["reset"] > 0 and proxy.stats["error"] > 0
    assert temp_files(out) == []
    expected = (
        {n: md5(old[n]) for n in doomed if n in old}
        | {n: md5(new[n]) for n in fine}
        | {n: md5(data) for n, data in unrelated.items()}
    )
    assert tree_md5(out) == expected


# --- c: stalls longer than the timeout ---------------------------------------------------


def test_stalled_check_before_overwrite_times_out_and_is_retried(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """A server that stops answering the check before an overwrite costs one timeout."""
    names = [f"data/f{i}.bin" for i in range(5)]
    remote = storage(timeout=1.0)
    put_objects(s3, bucket, {name: b"old" for name in names})
    contents = make_files(tmp_path / "src", names, seed=10, size=(100, 900))
    proxy.set_faults(stall=1.0, only=object_requests("data/", "HEAD"), max_per_request=1)

    summary = run_within(
        15, proxy, lambda: remote.push("data", local_path_prefix=str(tmp_path / "src"), force=True)
    )

    assert len(summary.synced_files) == 5
    assert proxy.stats["stall"] == 5
    assert bucket_md5(s3, bucket) == {name: md5(data) for name, data in contents.items()}


@pytest.mark.slow
def test_stalled_upload_times_out_and_is_retried(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """An upload the server never answers is abandoned after ``timeout`` and sent again."""
    names = [f"data/f{i}.bin" for i in range(4)]
    remote = storage(timeout=1.0, workers=4)
    contents = make_files(tmp_path / "src", names, seed=11, size=(100, 900))
    proxy.set_faults(stall=1.0, only=object_requests("data/", "PUT"), max_per_request=1)

    summary = run_within(
        5, proxy, lambda: remote.push("data", local_path_prefix=str(tmp_path / "src"))
    )

    assert len(summary.synced_files) == 4
    assert bucket_md5(s3, bucket) == {name: md5(data) for name, data in contents.items()}


@pytest.mark.slow
def test_stalled_download_times_out_and_is_retried(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """A download the server never answers is abandoned after ``timeout`` and sent again."""
    names = [f"data/f{i}.bin" for i in range(4)]
    remote = storage(timeout=1.0, workers=4)
    contents = make_files(tmp_path / "src", names, seed=12, size=(100, 900))
    put_objects(s3, bucket, contents)
    proxy.set_faults(stall=1.0, only=object_requests("data/", "GET"), max_per_request=1)

    summary = run_within(
        5, proxy, lambda: remote.pull("data", local_base_dir=str(tmp_path / "out"))
    )

    assert len(summary.synced_files) == 4
    assert temp_files(tmp_path / "out") == []
    assert tree_md5(tmp_path / "out") == {name: md5(data) for name, data in contents.items()}


# --- d: cancel -----------------------------------------------------------------------------


def _cancel_pull(
    remote: RemoteStorage, out: Path, cancel_when: Callable[[Progress | None], bool]
) -> tuple[Any, float, int]:
    """Pull with force while another thread (like a GUI) cancels as soon as ``cancel_when``
    says so (checked on each progress report, and every 50 ms with None). Returns the
    summary, the seconds from cancel to return, and the most bytes ever reported."""
    token = CancelToken()
    reports: list[Progress] = []
    due, returned = threading.Event(), threading.Event()
    cancelled_at: list[float] = []

    def progress(report: Progress) -> None:
        reports.append(report)
        if cancel_when(report):
            due.set()

    def canceller() -> None:
        while not due.wait(0.05):
            if cancel_when(None) or returned.is_set():
                break
        if not returned.is_set():
            cancelled_at.append(time.monotonic())
            token.cancel()

    thread = threading.Thread(target=canceller, name="canceller", daemon=True)
    thread.start()
    try:
        summary = remote.pull(
            "big", local_base_dir=str(out), force=True, progress=progress, cancel=token
        )
    finally:
        returned.set()
        finished_at = time.monotonic()
        thread.join(5)
    assert cancelled_at, "the pull finished before it could be cancelled"
    most = max((r.bytes_done for r in reports), default=0)
    return summary, finished_at - cancelled_at[0], most


def test_cancel_during_large_pull_keeps_previous_version_and_leaves_no_temp_file(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """Cancelling a 64 MiB download half-way takes effect within a second or so, and the
    file is exactly what it was before: no partial content, no temp file."""
    remote = storage()
    rng = random.Random(13)
    new, old = rng.randbytes(64 * MiB), rng.randbytes(64 * MiB)
    s3.put_object(Bucket=bucket, Key="big/large.bin", Body=new)
    target = tmp_path / "out" / "big" / "large.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(old)
    proxy.set_rate(8 * MiB)  # the whole file would take 8 s

    summary, latency, done = _cancel_pull(
        remote, tmp_path / "out", lambda p: p is not None and p.bytes_done >= 4 * MiB
    )

    assert latency < 3.0, f"cancel took {latency:.1f} s"
    assert summary.cancelled and not summary.synced_files and not summary.failed_files
    assert [s.status for s in summary.files_to_sync] == ["cancelled"]
    assert 4 * MiB <= done < 64 * MiB
    assert md5(target.read_bytes()) == md5(old)
    assert temp_files(tmp_path / "out") == []


@pytest.mark.slow
def test_cancel_of_a_download_on_a_slow_link_takes_effect_within_a_second_or_so(
    storage: StorageFactory, proxy: FaultProxy, s3: Any, bucket: str, tmp_path: Path
) -> None:
    """At 192 KiB/s a 1 MiB chunk takes over 5 s; cancel must not wait for it."""
    remote = storage()
    rng = random.Random(14)
    s3.put_object(Bucket=bucket, Key="big/large.bin", Body=rng.randbytes(4 * MiB))
    target = tmp_path / "out" / "big" / "large.bin"
    target.parent.mkdir(parents=True)
    old = rng.randbytes(1000)
    target.write_bytes(old)
    proxy.set_rate(192 * 1024)
    started = time.monotonic()

    summary, latency, _ = _cancel_pull(
        remote, tmp_path / "out", lambda p: time.monotonic() - started > 1.0
    )

    assert summary.cancelled
    assert target.read_bytes() == old
    assert temp_files(tmp_path / "out") == []
    if latency >= 3.0:
        raise TooSlow(f"cancel took {latency:.1f} s")
