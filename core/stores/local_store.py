"""A plain folder used as a bucket: the embedded default that needs no account or server.

Layout: ``<root>/<bucket>/<object name with / as folder separator>``. Objects are written to
a temporary file in the target folder and renamed into place, so a reader never sees half
an object. Hashes are computed lazily through the shared hash cache.

What is inside the bucket folder is not trusted: whoever can write there (a colleague on a
shared drive, another sync program) can put symbolic links, pipes and names that are not
UTF-8 in it. So:

- Nothing is read, written or deleted through a symbolic link inside the bucket folder:
  every operation goes through bucket_folder.py, which walks down one folder at a time
  without following links (the walk itself is core/local_folders.py, shared with pulls
  into local folders).
- Links, devices, pipes, sockets and names that are not UTF-8 are listed as refused
  objects (``extra["refused"]`` says why) rather than hidden, so plans can show them.
- Names and listing prefixes that could mean a place outside the bucket folder ('..', '.',
  empty segments, a leading '/', backslashes, NUL) are refused (local_names.py).
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..atomic_files import copy_bytes, is_temp_name
from ..config import Provider
from ..errors import (
    CollisionError,
    ConfigurationError,
    IntegrityError,
    StorageError,
    UnsafeRemoteNameError,
)
from ..file_stat import seconds_of
from ..hashing import CHUNK_SIZE, HashCache, Identity
from ..local_folders import (
    FILE,
    FOLDER,
    LINK,
    SPECIAL,
    Absent,
    SafeFolder,
    entry_kind,
    kind_of,
)
from ..locations import data_dir
from ..progress import CancelToken
from ..remote_object import RemoteObject
from ..reserved import visible
from .base import BytesCallback, ObjectReader, ObjectStore
from .bucket_folder import BucketFolder
from .download import StoredObject
from .local_names import (
    LINK_REFUSAL,
    blocked,
    checked_parts,
    folder_parts,
    is_utf8,
    prefix_problem,
    shown,
    unreadable_name,
)

_SOURCE_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _iso_mtime(mtime_ns: int) -> str:
    """The modification time as ISO 8601 text, from the very float ``st_mtime`` is (the
    text differs if the float does)."""
    return datetime.fromtimestamp(seconds_of(mtime_ns), tz=UTC).isoformat()


class _FolderObject(StoredObject):
    """A file in the bucket folder, as listed: what its stat said, kept as three numbers.

    Its md5 (through the hash cache) and ``extra`` (``last_modified`` as ISO 8601 text,
    ``mtime_ns``) are made when first asked for: a plan of 100,000 files asks for few of
    them, and holding them made a listed object three times as large.
    """

    __slots__ = ("_ctime_ns", "_ino", "_mtime_ns")
    store: LocalFolderStore  # StoredObject's slot, for this store only

    def __init__(self, name: str, st: os.stat_result, store: LocalFolderStore) -> None:
        super().__init__(name, st.st_size, None, store.provider, store=store)
        self._mtime_ns = mtime_ns = st.st_mtime_ns
        self._ino = st.st_ino
        ctime_ns = st.st_ctime_ns
        self._ctime_ns = mtime_ns if ctime_ns == mtime_ns else ctime_ns  # one int for both

    def _load_hash(self) -> str:
        identity = (self.size, self._mtime_ns, self._ino, self._ctime_ns)  # file_identity
        return self.store._md5(self.name, identity)

    def _listed_extra(self) -> dict[str, Any]:
        return {"last_modified": _iso_mtime(self._mtime_ns), "mtime_ns": self._mtime_ns}

    def extra_value(self, key: str) -> Any:
        if self._extra is None and key != "last_modified":  # no date to format
            return self._mtime_ns if key == "mtime_ns" else None
        return super().extra_value(key)


class _FileReader(ObjectReader):
    def __init__(self, fd: int) -> None:
        self.meta_data = {}
        self._fd: int | None = fd

    def __iter__(self) -> Iterator[bytes]:
        assert self._fd is not None, "read after close"
        while chunk := os.read(self._fd, CHUNK_SIZE):
            yield chunk

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class LocalFolderStore(ObjectStore):
    provider = Provider.LOCAL.value
    serial_below = 1024 * 1024

    def __init__(self, root: str, bucket: str, hash_cache: HashCache) -> None:
        if not bucket or "/" in bucket or "\\" in bucket or bucket in (".", ".."):
            raise ConfigurationError(
                f"'{bucket}' cannot be used as a local bucket name. Use a plain folder name "
                "such as 'default'."
            )
        self.root = Path(root).expanduser() if root else data_dir()
        self.bucket_name = bucket
        self.bucket_dir = self.root / bucket
        self._hash_cache = hash_cache
        self._bucket_folder = BucketFolder(self.bucket_dir)
        self._cleaned: set[str] = set()
        """Folders whose stale temporary files this store has removed (once each)."""

    # --- objects ----------------------------------------------------------------------

    def _object(self, name: str, st: os.stat_result) -> StoredObject:
        return _FolderObject(name, st, self)

    def _refused(self, name: str, reason: str) -> StoredObject:
        """An entry that is shown, with why, but never read, hashed or written."""
        return StoredObject(name, 0, None, self.provider, extra={"refused": reason}, store=self)

    def _md5(self, name: str, identity: Identity) -> str:
        """From the hash cache, else read without following links (and remembered)."""
        path = self._bucket_folder.local_path(name)
        known = self._hash_cache.cached_md5(path, identity)
        if known is not None:
            return known
        fd, current = self._bucket_folder.open_file(name, "read")
        hasher = hashlib.md5()
        with os.fdopen(fd, "rb") as handle:
            while chunk := handle.read(CHUNK_SIZE):
                hasher.update(chunk)
        digest = hasher.hexdigest()
        self._hash_cache.remember(path, current, digest)
        return digest

    def check(self) -> None:
        if not self.bucket_dir.is_dir():
            raise self._bucket_folder.missing()

    def create_bucket(self, exist_ok: bool = True) -> None:
        try:
            self.bucket_dir.mkdir(parents=True, exist_ok=exist_ok)
        except FileExistsError:
            raise CollisionError(f"The bucket folder {self.bucket_dir} already exists.") from None
        except OSError as exc:
            raise StorageError(f"Cannot create the bucket folder {self.bucket_dir}: {exc}") from exc

    # --- listing ----------------------------------------------------------------------

    def _scan(
        self, folder: SafeFolder, prefix: str, found: builtins.list[StoredObject]
    ) -> builtins.list[str]:
        """One folder: adds its objects and refused entries whose names start with
        ``prefix`` to ``found``; returns the sub-folders to look into. Temporary files are
        never listed (uploads remove those of killed runs). One stat per file, none per
        folder; an entry that cannot be looked at is listed as refused."""
        try:
            entries = folder.scandir()
        except OSError:  # unreadable, or removed meanwhile: nothing to list, as on S3
            return []
        base = folder.relative + "/" if folder.relative else ""
        subfolders: builtins.list[str] = []
        for entry in entries:
            text = entry.name
            if is_temp_name(text):
                continue
            readable = text.isascii() or is_utf8(text)
            name = base + (text if readable else shown(text))
            if not name.startswith(prefix):
                continue
            kind = entry_kind(entry)
            if kind in (LINK, SPECIAL):
                found.append(self._refused(name, blocked(kind, name, leaf=True)))
                continue
            problem = (
                None
                if readable and "\\" not in text
                else unreadable_name(text, name, folder=kind == FOLDER)
            )
            if problem is not None:
                found.append(self._refused(name, problem))
            elif kind == FOLDER:
                subfolders.append(text)
            else:
                try:
                    st = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    found.append(self._refused(name, f"it cannot be looked at ({exc.strerror})"))
                    continue
                found.append(self._object(name, st))
        return subfolders

    def _enter(
        self, folder: SafeFolder, name: str, found: builtins.list[StoredObject]
    ) -> SafeFolder | None:
        """The listed sub-folder ``name``, or None if it is gone, unreadable or was
        replaced since it was listed (a link then joins ``found`` as refused)."""
        try:
            return folder.child(name)
        except OSError:
            if folder.kind(name) == LINK:
                found.append(self._refused(folder.relative_of(name), LINK_REFUSAL))
            return None

    def list(self, prefix: str) -> builtins.list[StoredObject]:
        """Objects below the deepest folder of ``prefix`` (depth first, one open folder
        per level: a folder with 10,000 sub-folders does not open 10,000 at once)."""
        problem = prefix_problem(prefix)
        if problem is not None:
            raise UnsafeRemoteNameError(f"Refused to list '{shown(prefix)}': {problem}.")
        found: builtins.list[StoredObject] = []
        try:
            with self._bucket_folder.folders(
                folder_parts(prefix.rpartition("/")[0]), prefix, "list"
            ) as chain:
                top = chain[-1]
                stack = [(top, iter(self._scan(top, prefix, found)))]
                try:
                    while stack:
                        folder, subfolders = stack[-1]
                        name = next(subfolders, None)
                        if name is None:
                            stack.pop()
                            if folder is not top:
                                folder.close()
                        elif (child := self._enter(folder, name, found)) is not None:
                            stack.append((child, iter(self._scan(child, prefix, found))))
                finally:
                    for folder, _ in stack[1:]:
                        folder.close()
        except Absent:
            return []
        found.sort(key=lambda o: o.name)
        return visible(found, prefix, self.reserved)

    def browse(self, prefix: str) -> tuple[builtins.list[str], builtins.list[StoredObject]]:
        problem = prefix_problem(prefix)
        if problem is not None:
            raise UnsafeRemoteNameError(f"Refused to browse '{shown(prefix)}': {problem}.")
        folder_part = prefix.rpartition("/")[0]
        objects: builtins.list[StoredObject] = []
        try:
            with self._bucket_folder.folders(folder_parts(folder_part), prefix, "browse") as chain:
                subfolders = self._scan(chain[-1], prefix, objects)
        except Absent:
            return [], []
        base = folder_part + "/" if folder_part else ""
        objects.sort(key=lambda o: o.name)
        folders = sorted(f"{base}{name}/" for name in subfolders)
        return visible(folders, prefix, self.reserved), objects

    # --- single objects ---------------------------------------------------------------

    def refusal(self, name: str) -> str | None:
        """Asked of the bucket folder, which remembers its links and special files for a
        moment: plans ask once per file."""
        return self._bucket_folder.refusal(name)

    def head(self, name: str) -> StoredObject | None:
        parts = checked_parts(name, "look at")
        try:
            with self._bucket_folder.folders(parts[:-1], name, "look at") as chain:
                st = chain[-1].lstat(parts[-1])
        except (Absent, FileNotFoundError, NotADirectoryError):
            return None
        kind = kind_of(st)
        if kind in (LINK, SPECIAL):
            raise UnsafeRemoteNameError(
                f"Refused to look at '{name}': {blocked(kind, name, leaf=True)}."
            )
        return self._object(name, st) if kind == FILE else None

    def upload(
        self,
        local_path: str,
        name: str,
        *,
        size: int,
        md5: str,
        on_bytes: BytesCallback,
        cancel: CancelToken,
        extra: Mapping[str, Any] | None = None,
    ) -> StoredObject:
        """A folder keeps no content type, metadata or ACL: ``extra`` is ignored, as
        libcloud's local driver ignores it."""
        parts = checked_parts(name, "store")
        leaf = parts[-1]
        with self._bucket_folder.storing_folder(parts[:-1], name) as folder:
            self._clean_once(folder)
            kind = folder.kind(leaf)
            if kind == FOLDER:
                raise CollisionError(
                    f"Cannot store '{name}': the bucket has a folder of that name."
                )
            if kind in (LINK, SPECIAL):
                raise UnsafeRemoteNameError(
                    f"Refused to store '{name}': {blocked(kind, name, leaf=True)}."
                )
            with folder.replacement(leaf) as new:
                hasher = hashlib.md5()
                src = os.open(local_path, _SOURCE_FLAGS)  # links followed, as open() does
                try:
                    while chunk := os.read(src, CHUNK_SIZE):
                        cancel.raise_if_cancelled()
                        new.write(chunk)
                        hasher.update(chunk)
                        on_bytes(len(chunk))
                finally:
                    os.close(src)
                if hasher.hexdigest() != md5:
                    raise IntegrityError(
                        "The file changed while it was being copied; nothing was stored. Try again."
                    )
                try:
                    new.commit()  # replaces a link itself, never its target
                except IsADirectoryError:
                    raise CollisionError(
                        f"Cannot store '{name}': the bucket has a folder of that name."
                    ) from None
            st = folder.lstat(leaf)
        self._hash_cache.remember(self._bucket_folder.local_path(name), st, md5)
        stored = self._object(name, st)
        stored.hash = md5  # known: not looked up in the cache again
        return stored

    def transferring(self) -> contextlib.AbstractContextManager[None]:
        return self._bucket_folder.keeping_open()

    def _clean_once(self, folder: SafeFolder) -> None:
        """Removes what killed uploads left in a folder this store writes to, once."""
        if folder.relative not in self._cleaned:
            self._cleaned.add(folder.relative)
            folder.remove_stale_temp_files()

    def open_read(self, obj: RemoteObject) -> ObjectReader:
        if obj.refusal is not None:
            raise UnsafeRemoteNameError(f"Refused to read '{obj.name}': {obj.refusal}.")
        fd, _ = self._bucket_folder.open_file(obj.name, "read")
        return _FileReader(fd)

    def versioning(self) -> bool:
        """A folder keeps no old versions: a replaced object is gone."""
        return False

    def copy(self, source: StoredObject, name: str, *, version: str | None = None) -> None:
        """A second name for the object's file inside the bucket folder (a hard link: no
        bytes copied), else a copy by the kernel with the source's modification time; put
        beside ``name`` and renamed into place."""
        if version is not None:
            raise StorageError("A folder keeps no versions of its files.")
        parts = checked_parts(name, "store")
        fd, st = self._bucket_folder.open_file(source.name, "read")
        seen = source.extra.get("mtime_ns")
        if (seen is not None and seen != st.st_mtime_ns) or st.st_size != source.size:
            os.close(fd)  # the copy would not be of the version that was checked
            raise StorageError(f"'{source.name}' changed since it was looked at; not copied.")
        with (
            os.fdopen(fd, "rb") as src,
            self._bucket_folder.folders(parts[:-1], name, "store", create=True) as chain,
        ):
            folder = chain[-1]
            self._clean_once(folder)
            if folder.kind(parts[-1]) in (LINK, SPECIAL, FOLDER):
                raise UnsafeRemoteNameError(f"Refused to store a copy as '{name}'.")
            if not self._link_over(folder, parts[-1], src.fileno()):
                self._copy_over(folder, parts[-1], src.fileno(), st, source.name)
            copied = folder.lstat(parts[-1])
        known = self._hash_cache.cached_md5(self._bucket_folder.local_path(source.name), st)
        if known is not None:
            self._hash_cache.remember(self._bucket_folder.local_path(name), copied, known)

    @staticmethod
    def _link_over(folder: SafeFolder, leaf: str, fd: int) -> bool:
        """The open object as ``leaf`` too, by a hard link (no bytes copied, whatever its
        size), renamed over what is there. Safe as a backup because Bucket Ferry never
        changes an object in place: uploads and restores rename a new file over its name
        and deletes unlink it, so once a run replaced or deleted the object, its old bytes
        have only this name. False where links cannot be made (then it is copied)."""
        temp_fd, temp = folder.open_temp(leaf)
        os.close(temp_fd)
        folder.unlink(temp)  # its unique name, for the link
        if not folder.link_open_file(fd, temp):
            return False
        try:
            folder.replace(temp, leaf)
        except BaseException:
            with contextlib.suppress(OSError):
                folder.unlink(temp)
            raise
        return True

    @staticmethod
    def _copy_over(folder: SafeFolder, leaf: str, fd: int, st: os.stat_result, what: str) -> None:
        """A copy by the kernel (``copy_file_range``) with the source's time, written beside
        ``leaf`` and renamed over it."""
        with folder.replacement(leaf) as new:
            copy_bytes(fd, new.fd, st.st_size)
            if os.fstat(new.fd).st_size != st.st_size:
                raise IntegrityError(f"'{what}' changed while it was copied.")
            os.utime(new.fd, ns=(st.st_atime_ns, st.st_mtime_ns))
            new.commit()

    def delete(self, name: str) -> None:
        parts = checked_parts(name, "delete")
        leaf = parts[-1]
        try:
            with self._bucket_folder.folders(parts[:-1], name, "delete") as chain:
                self._clean_once(chain[-1])
                kind = chain[-1].kind(leaf)
                if kind in (LINK, SPECIAL):
                    raise UnsafeRemoteNameError(
                        f"Refused to delete '{name}': {blocked(kind, name, leaf=True)}."
                    )
                if kind != FILE:
                    return  # nothing of that name (a folder is not an object)
                try:
                    chain[-1].unlink(leaf)  # swapped for a link since: removes the link only
                except FileNotFoundError:
                    return
                # Remove folders left empty, as deleting the last object under a prefix does
                # on S3. rmdir never follows a link: a folder swapped for one stays.
                for parent, child in zip(reversed(chain[:-1]), reversed(parts[:-1]), strict=True):
                    try:
                        parent.rmdir(child)
                    except OSError:
                        break
        except Absent:
            return
