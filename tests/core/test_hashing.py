"""Hashing in constant memory, multipart ETags, and the persistent hash cache."""

from __future__ import annotations

import hashlib
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from bucketferry.core import HashCache, RemoteStorage, hashing
from bucketferry.core.hashing import MultipartEtagHasher, candidate_part_sizes, md5_file
from tests.helpers import write

MIB = 1024 * 1024


def test_md5_of_a_large_file_uses_constant_memory(tmp_path: Path):
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        for i in range(48):
            handle.write(hashlib.shake_256(bytes([i])).digest(MIB))
    tracemalloc.start()
    digest = md5_file(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert digest == hashlib.md5(big.read_bytes()).hexdigest()
    assert peak < 4 * MIB


def test_multipart_etag_matches_s3s_definition():
    data = bytes(range(256)) * (3 * 4096)  # 3 MiB
    part = MIB
    digests = b"".join(hashlib.md5(data[i : i + part]).digest() for i in range(0, len(data), part))
    expected = f"{hashlib.md5(digests).hexdigest()}-3"
    hasher = MultipartEtagHasher(part)
    for i in range(0, len(data), 70_000):  # chunk borders unrelated to part borders
        hasher.update(data[i : i + 70_000])
    assert hasher.hexdigest() == expected


def test_candidate_part_sizes_cover_common_tools():
    assert 8 * MIB in candidate_part_sizes(17 * MIB, 3)
    assert 5 * MIB in candidate_part_sizes(11 * MIB, 3)
    assert all(-(-100 * MIB // p) == 7 for p in candidate_part_sizes(100 * MIB, 7))


def test_second_preview_rereads_no_unchanged_file(make_storage, tmp_path: Path, monkeypatch):
    for i in range(50):
        write(tmp_path / f"src/d/{i}.txt", f"file {i}")
    storage = make_storage()
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    reads: list[str] = []
    original = hashing.hash_file

    def counting(path, hashers):
        reads.append(str(path))
        return original(path, hashers)

    monkeypatch.setattr(hashing, "hash_file", counting)
    # a new RemoteStorage and a new cache object: the cache file on disk is what counts
    fresh = RemoteStorage(storage.conf, hash_cache=HashCache(storage.hash_cache.path))
    summary = fresh.push("d", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert len(summary.on_target_eq_md5) == 50
    assert reads == []
    write(tmp_path / "src/d/7.txt", "changed!")
    summary = fresh.push("d", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert [s.name for s in summary.on_target_neq_md5] == ["d/7.txt"]
    assert all("7.txt" in r for r in reads)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00garbage{{{",
        b'{"version": 99, "entries": {}}',
        b'{"version": 2, "entries": [1, 2]}',
        b'{"version": 1, "entries": {"/x": [1, 2, 3, "d41d8cd98f00b204e9800998ecf8427e", {}]}}',
    ],
)
def test_corrupt_or_foreign_cache_file_is_ignored_and_rebuilt(tmp_path: Path, content: bytes):
    cache_file = write(tmp_path / "hashes.json", content)
    target = write(tmp_path / "a.txt", "abc")
    cache = HashCache(cache_file)
    assert cache.md5(str(target)) == "900150983cd24fb0d6963f7d28e17f72"
    cache.save()
    data = json.loads(cache_file.read_text())
    assert data["version"] == HashCache.VERSION and str(target) in data["entries"]


def test_cache_entry_is_not_used_after_the_file_changes(tmp_path: Path):
    target = write(tmp_path / "a.txt", "abc")
    cache = HashCache(None)
    first = cache.md5(str(target))
    write(target, "abcd")
    assert cache.md5(str(target)) != first


def test_an_edit_that_restores_the_modification_time_is_noticed(tmp_path: Path):
    target = write(tmp_path / "a.txt", "abc")
    cache = HashCache(None)
    first = cache.md5(str(target))
    before = target.stat()
    target.write_text("xyz")  # same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # like rsync -t, touch -r
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert cache.md5(str(target)) != first


def test_multipart_etags_are_cached_even_without_an_md5(tmp_path: Path, monkeypatch):
    content = bytes(range(256)) * (12 * 4096)  # 12 MiB
    target = write(tmp_path / "big.bin", content)
    part = 8 * MIB
    digests = b"".join(hashlib.md5(content[i : i + part]).digest() for i in (0, part))
    etag = f"{hashlib.md5(digests).hexdigest()}-2"
    cache = HashCache(None)
    assert cache.matches_multipart_etag(str(target), target.stat(), etag)
    reads: list[str] = []
    original = hashing.hash_file
    monkeypatch.setattr(hashing, "hash_file", lambda p, h: (reads.append(str(p)), original(p, h)))
    assert cache.matches_multipart_etag(str(target), target.stat(), etag)
    assert reads == []
