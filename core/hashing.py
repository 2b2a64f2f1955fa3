"""Content hashes in constant memory, and a persistent cache so unchanged files are read once.

S3 reports an object uploaded in several parts with an ETag ``<md5 of part md5s>-<N>``
instead of the md5 of its content. :class:`MultipartEtagHasher` computes that value for a
local file and a given part size, with hashlib's ``update``/``hexdigest`` interface, so it
plugs into the same chunked read as md5. The part size is not stored anywhere, so we try the
sizes common tools use (and the ones that fit ``N``) in a single pass over the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from .file_stat import FileStat
from .locations import cache_dir
from .sqlite_file import SqliteFile

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


def hash_file(path: str | os.PathLike[str] | int, hashers: Iterable[object]) -> None:
    """Feed the file to every hasher in one chunked pass (memory stays at one chunk).
    ``path`` may be a descriptor already open: read from its start with ``pread`` (its
    offset left alone), which spares a second open of a file a push has checked."""
    targets = list(hashers)
    if isinstance(path, int):
        offset = 0
        while chunk := os.pread(path, CHUNK_SIZE, offset):
            offset += len(chunk)
            for hasher in targets:
                hasher.update(chunk)  # type: ignore[attr-defined]
        return
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            for hasher in targets:
                hasher.update(chunk)  # type: ignore[attr-defined]


def md5_file(path: str | os.PathLike[str] | int) -> str:
    hasher = hashlib.md5()
    hash_file(path, [hasher])
    return hasher.hexdigest()


Identity = tuple[int, int, int, int]


def file_identity(st: FileStat) -> Identity:
    """What identifies one version of a file. ctime is in it because an in-place edit that
    restores the modification time (rsync --inplace -t, touch -r) still changes ctime."""
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


Entry = list[object]
"""[size, mtime_ns, inode, ctime_ns, md5 or None, {part size: multipart etag} or None]."""
KEY_LEN = 4
MD5, ETAGS = KEY_LEN, KEY_LEN + 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS hashes (
    folder TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    md5 TEXT,
    etags TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (folder, name)
) WITHOUT ROWID;
"""


class _HashFile(SqliteFile):
    what = "The hash cache"
    set_aside_means = "Files are read once more to learn their hashes."
    unusable_means = "Unchanged files are read again to learn their hashes until it works."
    schema = _SCHEMA
    schema_version = 3


class HashCache:
    """md5 (and multipart ETags) of local files, keyed by (path, size, mtime_ns, inode, ctime_ns).

    Kept in SQLite, one row per file, and read one folder at a time as a scan reaches it:
    a run over 100,000 files neither loads nor rewrites the whole cache (the JSON file it
    replaces was rewritten in full on every save), and memory holds only the folders in
    use (``FOLDERS_IN_MEMORY``). New hashes are written in batches, and by :meth:`save`.

    Thread-safe: hashing happens outside the lock, so workers hash in parallel. A damaged
    file is set aside and rebuilt, an unusable one leaves the cache in memory for the run
    (sqlite_file.py): never fatal. ``path=None`` keeps the cache in memory only.
    """

    FOLDERS_IN_MEMORY = 16
    WRITE_BATCH = 1000

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._file = _HashFile(path) if path is not None else None
        self._memory_lock = threading.Lock()
        self._folders: OrderedDict[str, dict[str, Entry]] = OrderedDict()
        self._unsaved: dict[tuple[str, str], Entry] = {}

    def _durable(self) -> bool:
        """Whether folders left out of memory can be read back from the file."""
        return self._file is not None and self._file.usable

    def _folder(self, folder: str) -> dict[str, Entry]:
        """The entries of one folder (caller holds the memory lock)."""
        entries = self._folders.get(folder)
        if entries is not None:
            self._folders.move_to_end(folder)
            return entries
        entries = {}
        if self._file is not None and self._file.usable:
            self._write_unsaved()  # so what is read back is current
            rows: list[tuple[str, int, int, int, int, str | None, str]] = self._file.use(
                lambda db: db.execute(
                    "SELECT name, size, mtime_ns, inode, ctime_ns, md5, etags FROM hashes "
                    "WHERE folder = ?",
                    (folder,),
                ).fetchall(),
                [],
            )
            for name, size, mtime_ns, inode, ctime_ns, md5, etags in rows:
                entries[name] = [size, mtime_ns, inode, ctime_ns, md5, _etags(etags)]
        self._folders[folder] = entries
        if self._durable():  # evicted folders are read again when needed
            while len(self._folders) > self.FOLDERS_IN_MEMORY:
                self._folders.popitem(last=False)
        return entries

    def _lookup(self, path: str, identity: Identity) -> Entry | None:
        folder, name = os.path.split(path)
        with self._memory_lock:
            entry = self._folder(folder).get(name)
        if entry is not None and tuple(entry[:KEY_LEN]) == identity:
            return entry
        return None

    def _store(self, path: str, st: FileStat, update: Callable[[Entry], None]) -> None:
        """Sets the entry of ``path`` for this version of the file, changed by ``update``."""
        folder, name = os.path.split(path)
        with self._memory_lock:
            entries = self._folder(folder)
            current = entries.get(name)
            if current is None or tuple(current[:KEY_LEN]) != file_identity(st):
                current = [*file_identity(st), None, None]
            update(current)
            entries[name] = current
            self._unsaved[(folder, name)] = current
            if len(self._unsaved) >= self.WRITE_BATCH:
                self._write_unsaved()

    def _write_unsaved(self) -> None:
        """Writes the entries not yet in the file (caller holds the memory lock)."""
        if not self._unsaved or self._file is None or not self._file.usable:
            return
        rows = [
            (folder, name, *entry[:KEY_LEN], entry[MD5], _etags_text(entry[ETAGS]))
            for (folder, name), entry in self._unsaved.items()
        ]
        self._unsaved.clear()
        self._file.use(
            lambda db: db.executemany(
                "INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
            ),
            None,
            transaction=True,
        )

    def cached_md5(self, path: str, st: FileStat | Identity) -> str | None:
        """The md5 if known for this exact file version (its stat, or its
        :func:`file_identity`, which a listing of 100,000 files keeps in less memory),
        without reading the file."""
        return self._cached_md5(os.path.abspath(path), st)

    def _cached_md5(self, absolute: str, st: FileStat | Identity) -> str | None:
        identity = file_identity(st) if hasattr(st, "st_size") else st  # type: ignore[arg-type]
        entry = self._lookup(absolute, identity)
        value = entry[MD5] if entry is not None else None
        return value if isinstance(value, str) else None

    def md5(
        self, path: str, st: FileStat | None = None, *, read_from: str | int | None = None
    ) -> str:
        """md5 of the file, read from disk only if it changed since it was last hashed.
        ``read_from``: where to read it when it must be (an open descriptor, or its path,
        so that what is hashed is the file that was checked); cached under ``path``."""
        path = os.path.abspath(path)
        st = st or os.stat(path)
        known = self._cached_md5(path, st)
        if known is not None:
            return known
        digest = md5_file(read_from if read_from is not None else path)
        self._remember(path, st, digest)
        return digest

    def remember(self, path: str, st: FileStat, md5: str) -> None:
        """Record a hash computed elsewhere (e.g. while downloading)."""
        self._remember(os.path.abspath(path), st, md5)

    def _remember(self, absolute: str, st: FileStat, md5: str) -> None:
        self._store(absolute, st, lambda entry: entry.__setitem__(MD5, md5))

    def matches_multipart_etag(self, path: str, st: FileStat, etag: str) -> bool:
        """Whether the file's content gives ``etag`` for one of the plausible part sizes."""
        match = MULTIPART_ETAG.match(etag)
        if not match:
            return False
        parts = int(match.group(2))
        path = os.path.abspath(path)
        entry = self._lookup(path, file_identity(st))
        stored_etags = entry[ETAGS] if entry is not None else None
        known: dict[str, str] = stored_etags if isinstance(stored_etags, dict) else {}
        wanted = [p for p in candidate_part_sizes(st.st_size, parts) if str(p) not in known]
        if wanted:
            hashers = [MultipartEtagHasher(p) for p in wanted]
            hash_file(path, hashers)
            computed = {str(h.part_size): h.hexdigest() for h in hashers}

            def add(entry: Entry) -> None:
                previous = entry[ETAGS]
                entry[ETAGS] = {**(previous if isinstance(previous, dict) else {}), **computed}

            self._store(path, st, add)
            known = {**known, **computed}
        return etag in known.values()

    def save(self) -> None:
        """Writes what is not in the file yet (a run's end; also every ``WRITE_BATCH``)."""
        with self._memory_lock:
            self._write_unsaved()


def _etags_text(etags: object) -> str:
    """A row's ``etags`` column: nearly always none, written without the JSON encoder."""
    return json.dumps(etags) if etags else "{}"


def _etags(text: object) -> dict[str, str] | None:
    """The multipart ETags of a row; None for none (nearly every row: no dict each)."""
    if text == "{}":
        return None
    try:
        value = json.loads(str(text))
    except ValueError:
        return None
    return value if isinstance(value, dict) and value else None


_default_cache: HashCache | None = None
_default_lock = threading.Lock()


def default_hash_cache() -> HashCache:
    """The per-user cache shared by every RemoteStorage in this process."""
    global _default_cache
    with _default_lock:
        wanted = cache_dir() / "hashes.sqlite3"
        if _default_cache is None or _default_cache.path != wanted:
            _retire_json_cache(wanted.with_name("hashes.json"))
            _default_cache = HashCache(wanted)
        return _default_cache


def _retire_json_cache(old: Path) -> None:
    """Removes the JSON cache of earlier versions: its hashes are learnt again once."""
    with contextlib.suppress(OSError):
        old.unlink()
        log.info("Removed the old hash cache %s (replaced by hashes.sqlite3)", old)
