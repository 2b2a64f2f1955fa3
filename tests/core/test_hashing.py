"""Hashing in constant memory, multipart ETags, and the persistent hash cache."""

from __future__ import annotations

import hashlib
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


@pytest.mark.parametrize("size", [0, 1024, hashing.CHUNK_SIZE, 2 * hashing.CHUNK_SIZE + 7])
def test_an_open_descriptor_is_hashed_from_its_start_and_left_where_it_was(
    tmp_path: Path, size: int
):
    """A push hashes the descriptor it checked (no second open): the whole file, whatever
    the descriptor's offset, which it leaves alone."""
    data = os.urandom(size)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.lseek(fd, size // 2, os.SEEK_SET)
        assert md5_file(fd) == hashlib.md5(data).hexdigest() == md5_file(path)
        assert os.lseek(fd, 0, os.SEEK_CUR) == size // 2
    finally:
        os.close(fd)


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
        b'{"version": 2, "entries": {}}',  # the JSON cache of earlier versions
        b"SQLite format 3\x00" + b"\xff" * 200,  # a damaged database
    ],
)
def test_corrupt_or_foreign_cache_file_is_set_aside_and_rebuilt(
    tmp_path: Path, content: bytes, monkeypatch
):
    cache_file = write(tmp_path / "hashes.sqlite3", content)
    target = write(tmp_path / "a.txt", "abc")
    cache = HashCache(cache_file)
    assert cache.md5(str(target)) == "900150983cd24fb0d6963f7d28e17f72"
    cache.save()
    assert list(tmp_path.glob("hashes.sqlite3.unreadable-*")), "the damaged file is kept"
    monkeypatch.setattr(hashing, "hash_file", lambda *_: pytest.fail("read again"))
    monkeypatch.setattr(hashing, "md5_file", lambda *_: pytest.fail("read again"))
    assert HashCache(cache_file).md5(str(target)) == "900150983cd24fb0d6963f7d28e17f72"


def test_a_cache_reads_only_the_folders_it_is_asked_about_and_writes_only_new_entries(
    tmp_path: Path,
):
    """Per folder, per row: neither loaded nor rewritten whole (the issue of 100,000 files)."""
    files = [write(tmp_path / "src" / f"d{n % 5}" / f"{n}.txt", str(n)) for n in range(50)]
    first = HashCache(tmp_path / "hashes.sqlite3")
    first.FOLDERS_IN_MEMORY = 2
    digests = {str(f): first.md5(str(f)) for f in files}
    first.save()
    second = HashCache(tmp_path / "hashes.sqlite3")
    assert second.cached_md5(str(files[0]), files[0].stat()) == digests[str(files[0])]
    assert list(second._folders) == [str(files[0].parent)]
    changes: list[int] = []
    second._file.use(lambda db: db.set_trace_callback(lambda sql: changes.append(1)), None)
    write(files[1], "changed")
    second.md5(str(files[1]))
    second.save()
    assert len(changes) <= 4  # one insert in one transaction, not 50 rows
    third = HashCache(tmp_path / "hashes.sqlite3")
    assert all(
        third.cached_md5(str(f), f.stat()) == (digests[str(f)] if f != files[1] else None)
        or f == files[1]
        for f in files
    )
    assert third.cached_md5(str(files[1]), files[1].stat()) == hashlib.md5(b"changed").hexdigest()


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
