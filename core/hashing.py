"""Content hashes in constant memory, and a persistent cache so unchanged files are read once.

S3 reports an object uploaded in several parts with an ETag ``<md5 of part md5s>-<N>``
instead of the md5 of its content. :class:`MultipartEtagHasher` computes that value for a
local file and a given part size, with hashlib's ``update``/``hexdigest`` interface, so it
plugs into the same chunked read as md5. The part size is not stored anywhere, so we try the
sizes common tools use (and the ones that fit ``N``) in a single pass over the file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from .atomic_files import replacing
from .locations import cache_dir

log = logging.getLogger(__name__)

CHUNK_SIZE = 1024 * 1024
MIB = 1024 * 1024
MULTIPART_ETAG = re.compile(r"^([0-9a-f]{32})-(\d+)$")
PLAIN_MD5 = re.compile(r"^[0-9a-f]{32}$")
# Object metadata key under which uploads record the content md5 (x-amz-meta-md5).
MD5_META_KEY = "md5"

# Part sizes written by aws-cli/boto3 (8 MiB), rclone (5 MiB), s3cmd (15 MiB), gsutil/minio
# clients (16, 64, 128 MiB) and others; plus sizes derived from the part count below.
COMMON_PART_SIZES = tuple(
    n * MIB for n in (5, 6, 8, 10, 15, 16, 25, 32, 50, 64, 100, 128, 256, 512, 1024)
)


class MultipartEtagHasher:
    """S3's multipart ETag for one part size, fed like a hashlib object."""

    def __init__(self, part_size: int) -> None:
        self.part_size = part_size
        self._part = hashlib.md5()
        self._part_filled = 0
        self._digests: list[bytes] = []

    def update(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        while view:
            room = self.part_size - self._part_filled
            piece = view[:room]
            self._part.update(piece)
            self._part_filled += len(piece)
            view = view[len(piece) :]
            if self._part_filled == self.part_size:
                self._digests.append(self._part.digest())
                self._part = hashlib.md5()
                self._part_filled = 0

    def hexdigest(self) -> str:
        digests = list(self._digests)
        if self._part_filled or not digests:
            digests.append(self._part.digest())
        return f"{hashlib.md5(b''.join(digests)).hexdigest()}-{len(digests)}"


def candidate_part_sizes(size: int, parts: int) -> list[int]:
    """Part sizes that split ``size`` bytes into exactly ``parts`` parts, likeliest first."""
    if parts < 1:
        return []
    exact = max(1, math.ceil(size / parts))
    derived = (exact, math.ceil(exact / MIB) * MIB)
    result: list[int] = []
    for part_size in (*COMMON_PART_SIZES, *derived):
        if part_size not in result and max(1, math.ceil(size / part_size)) == parts:
            result.append(part_size)
    return result


def hash_file(path: str | os.PathLike[str], hashers: Iterable[object]) -> None:
    """Feed the file to every hasher in one chunked pass (memory stays at one chunk)."""
    targets = list(hashers)
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            for hasher in targets:
                hasher.update(chunk)  # type: ignore[attr-defined]


def md5_file(path: str | os.PathLike[str]) -> str:
    hasher = hashlib.md5()
    hash_file(path, [hasher])
    return hasher.hexdigest()


def file_identity(st: os.stat_result) -> tuple[int, int, int, int]:
    """What identifies one version of a file. ctime is in it because an in-place edit that
    restores the modification time (rsync --inplace -t, touch -r) still changes ctime."""
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


KEY_LEN = 4  # entry = [size, mtime_ns, inode, ctime_ns, md5 or None, {part size: etag}]
MD5, ETAGS = KEY_LEN, KEY_LEN + 1


class HashCache:
    """md5 (and multipart ETags) of local files, keyed by (path, size, mtime_ns, inode, ctime_ns).

    Thread-safe: hashing happens outside the lock, so workers hash in parallel. The cache
    file is written atomically by :meth:`save`; a corrupt or foreign file is ignored and
    rebuilt, never fatal. ``path=None`` keeps the cache in memory only.
    """

    VERSION = 2

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._entries: dict[str, list[object]] | None = None
        self._dirty = False

    def _load(self) -> dict[str, list[object]]:
        if self._entries is not None:
            return self._entries
        entries: dict[str, list[object]] = {}
        if self.path is not None and self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("version") == self.VERSION:
                    loaded = data.get("entries")
                    if isinstance(loaded, dict):
                        entries = {
                            k: v
                            for k, v in loaded.items()
                            if isinstance(v, list) and len(v) == KEY_LEN + 2
                        }
                else:
                    log.info("Ignoring hash cache %s of another format", self.path)
            except (OSError, ValueError) as exc:
                log.warning("Ignoring unreadable hash cache %s: %s", self.path, exc)
        self._entries = entries
        return entries

    def _lookup(self, path: str, st: os.stat_result) -> list[object] | None:
        with self._lock:
            entry = self._load().get(path)
        if entry is not None and tuple(entry[:KEY_LEN]) == file_identity(st):
            return entry
        return None

    def cached_md5(self, path: str, st: os.stat_result) -> str | None:
        """The md5 if known for this exact file version, without reading the file."""
        entry = self._lookup(os.path.abspath(path), st)
        value = entry[MD5] if entry is not None else None
        return value if isinstance(value, str) else None

    def md5(
        self, path: str, st: os.stat_result | None = None, *, read_from: str | None = None
    ) -> str:
        """md5 of the file, read from disk only if it changed since it was last hashed.
        ``read_from``: where to read it when it must be (an open descriptor's path, so
        that what is hashed is the file that was checked); cached under ``path``."""
        path = os.path.abspath(path)
        st = st or os.stat(path)
        entry = self._lookup(path, st)
        value = entry[MD5] if entry is not None else None
        if isinstance(value, str):
            return value
        digest = md5_file(read_from or path)
        self.remember(path, st, digest)
        return digest

    def remember(self, path: str, st: os.stat_result, md5: str) -> None:
        """Record a hash computed elsewhere (e.g. while downloading)."""
        path = os.path.abspath(path)
        with self._lock:
            entries = self._load()
            old = entries.get(path)
            same = old is not None and tuple(old[:KEY_LEN]) == file_identity(st)
            entries[path] = [
                *file_identity(st),
                md5,
                old[ETAGS] if old is not None and same else {},
            ]
            self._dirty = True

    def matches_multipart_etag(self, path: str, st: os.stat_result, etag: str) -> bool:
        """Whether the file's content gives ``etag`` for one of the plausible part sizes."""
        match = MULTIPART_ETAG.match(etag)
        if not match:
            return False
        parts = int(match.group(2))
        path = os.path.abspath(path)
        entry = self._lookup(path, st)
        stored_etags = entry[ETAGS] if entry is not None else None
        known: dict[str, str] = stored_etags if isinstance(stored_etags, dict) else {}
        wanted = [p for p in candidate_part_sizes(st.st_size, parts) if str(p) not in known]
        if wanted:
            hashers = [MultipartEtagHasher(p) for p in wanted]
            hash_file(path, hashers)
            computed = {str(h.part_size): h.hexdigest() for h in hashers}
            with self._lock:
                entries = self._load()
                current = entries.get(path)
                if current is None or tuple(current[:KEY_LEN]) != file_identity(st):
                    current = entries[path] = [*file_identity(st), None, {}]
                previous = current[ETAGS]
                current[ETAGS] = {**(previous if isinstance(previous, dict) else {}), **computed}
                self._dirty = True
            known = {**known, **computed}
        return etag in known.values()

    def _encode(self, items: list[tuple[str, list[object]]], chunk: int = 5000) -> str:
        """JSON in pieces: one json.dumps over 100,000 entries holds the GIL long enough to
        freeze a window; between pieces other threads run."""
        parts = [json.dumps(dict(items[i : i + chunk]))[1:-1] for i in range(0, len(items), chunk)]
        entries = ",".join(p for p in parts if p)
        return f'{{"version": {self.VERSION}, "entries": {{{entries}}}}}'

    def save(self) -> None:
        if self.path is None:
            return
        with self._lock:
            if not self._dirty or self._entries is None:
                return
            items = list(self._entries.items())
            self._dirty = False
        payload = self._encode(items).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(self.path, private=True) as handle:
                handle.write(payload)
        except OSError as exc:
            # Only a cache: the next run hashes again, so a full disk must not fail a sync.
            log.warning("Could not save hash cache %s: %s", self.path, exc)


_default_cache: HashCache | None = None
_default_lock = threading.Lock()


def default_hash_cache() -> HashCache:
    """The per-user cache shared by every RemoteStorage in this process."""
    global _default_cache
    with _default_lock:
        wanted = cache_dir() / "hashes.json"
        if _default_cache is None or _default_cache.path != wanted:
            _default_cache = HashCache(wanted)
        return _default_cache
