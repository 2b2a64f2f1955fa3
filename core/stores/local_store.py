"""A plain folder used as a bucket: the embedded default that needs no account or server.

Layout: ``<root>/<bucket>/<object name with / as folder separator>``. Objects are written to
a temporary file in the target folder and renamed into place, so a reader never sees half
an object. Hashes are computed lazily through the shared hash cache.

What is inside the bucket folder is not trusted: whoever can write there (a colleague on a
shared drive, another sync program) can put symbolic links, pipes and names that are not
UTF-8 in it. So:

- Nothing is read, written or deleted through a symbolic link inside the bucket folder.
  Every operation walks down from the bucket folder one folder at a time, opening each with
  ``O_NOFOLLOW`` relative to the one above (``openat``), and acts relative to the last one:
  a folder swapped for a link between a check and its use cannot redirect a write. The
  bucket folder itself, and the folders above it, may be links: that is the user's choice.
- Links, devices, pipes, sockets and names that are not UTF-8 are listed as refused
  objects (``extra["refused"]`` says why) rather than hidden, so plans can show them.
- Names and listing prefixes that could mean a place outside the bucket folder ('..', '.',
  empty segments, a leading '/', backslashes, NUL) are refused.

The walk itself is core/local_folders.py, shared with pulls into local folders.
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import logging
import os
import stat
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from ..atomic_files import is_temp_name
from ..config import Provider
from ..errors import (
    BucketNotFoundError,
    CollisionError,
    ConfigurationError,
    IntegrityError,
    StorageError,
    TransientStorageError,
    UnsafeRemoteNameError,
)
from ..hashing import CHUNK_SIZE, HashCache
from ..local_folders import (
    FILE,
    FOLDER,
    LINK,
    READ_FLAGS,
    SPECIAL,
    Absent,
    Blocked,
    KeptChanging,
    SafeFolder,
    entry_kind,
    kind_of,
    walk_down,
)
from ..locations import data_dir
from ..progress import CancelToken
from ..remote_object import RemoteObject
from .base import BytesCallback, ObjectReader, ObjectStore
from .download import StoredObject

log = logging.getLogger(__name__)

_PROC_FD = os.path.isdir("/proc/self/fd")
"""Linux: where an open descriptor really points can be asked (see _open_direct)."""

_REFUSAL_CACHE_SECONDS = 2.0
"""How long ``refusal`` trusts what it saw in a folder: plans ask once per file, and most
files share their folders. Uploads and deletes check again, so staleness is harmless."""

LINK_REFUSAL = (
    "it is a symbolic link in the bucket folder; Bucket Ferry never reads or writes through links"
)
SPECIAL_REFUSAL = (
    "it is a device, pipe or socket in the bucket folder, not a file; Bucket Ferry only "
    "stores regular files"
)


def _iso_mtime(st: os.stat_result) -> str:
    return datetime.fromtimestamp(st.st_mtime, tz=UTC).isoformat()


def _is_utf8(text: str) -> bool:
    """False for names read from disk that were not UTF-8 (Python keeps their bytes as
    lone surrogates), which an object name can never be."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(text: str) -> str:
    """The text with undecodable bytes as backslash escapes ('bad\\xffname.txt'): safe to
    print, log and show; never a name that reaches the file (it has a backslash)."""
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def _text_problem(text: str) -> str | None:
    if "\0" in text:
        return "it contains a NUL character"
    if text.startswith("/"):
        return "it starts with '/', which would point outside the bucket folder"
    if "\\" in text:
        return (
            "it contains a backslash, which a folder bucket cannot store (Windows reads it "
            "as a folder separator)"
        )
    if not _is_utf8(text):
        return f"its name ({_shown(text)}) is not valid text (UTF-8); rename it"
    return None


def _segments_problem(segments: Sequence[str]) -> str | None:
    if ".." in segments:
        return "it contains '..', which would point outside the bucket folder"
    if "" in segments or "." in segments:
        return "it has an empty or '.' segment ('a//b', 'a/./b', a trailing '/')"
    return None


def _name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file in a folder bucket, or None."""
    if not name:
        return "the name is empty"
    parts = name.split("/")
    problem = _text_problem(name) or _segments_problem(parts)
    if problem is None and any(is_temp_name(part) for part in parts):
        problem = "it is named like Bucket Ferry's temporary files, which are never listed"
    return problem


def _prefix_problem(prefix: str) -> str | None:
    """Why a listing prefix could reach outside the bucket folder, or None. Its last
    segment may be the start of a name ('a/rep' lists 'a/report.txt') or empty ('a/')."""
    segments = prefix.split("/")
    last = segments[-1:] if segments[-1] in (".", "..") else []
    return _text_problem(prefix) or _segments_problem(segments[:-1] + last)


def _split(folder: str) -> builtins.list[str]:
    return folder.split("/") if folder else []


def _blocked(kind: str, path: str, *, leaf: bool) -> str:
    """Why ``path`` in the bucket folder cannot be used: as the object itself (``leaf``),
    or as a folder on the way to one."""
    if leaf:
        return LINK_REFUSAL if kind == LINK else SPECIAL_REFUSAL
    if kind == LINK:
        return (
            f"'{path}' in the bucket folder is a symbolic link; Bucket Ferry never reads or "
            "writes through links"
        )
    return f"'{path}' in the bucket folder is a device, pipe or socket where a folder is needed"


def _unreadable_name(text: str, name: str, *, folder: bool) -> str | None:
    """Why a name found on disk cannot be an object name (``name`` as shown), or None."""
    inside = ", so nothing in it is listed" if folder else ""
    if not _is_utf8(text):
        return f"its name ({name}) is not valid text (UTF-8); rename it{inside}"
    if "\\" in text:
        return (
            "its name contains a backslash, which a folder bucket cannot address (Windows "
            f"reads it as a folder separator); rename it{inside}"
        )
    return None


class _FileReader(ObjectReader):
    def __init__(self, fd: int) -> None:
        self.meta_data = {}
        self._handle = os.fdopen(fd, "rb")

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self._handle.read(CHUNK_SIZE):
            yield chunk

    def close(self) -> None:
        self._handle.close()


class LocalFolderStore(ObjectStore):
    provider = Provider.LOCAL.value

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
        self._odd_lock = threading.Lock()
        self._odd_entries_seen: dict[str, dict[str, str] | None] = {}
        self._odd_entries_since = 0.0
        self._cleaned: set[str] = set()
        self._real_bucket: str | None = None
        """Folders whose stale temporary files this store has removed (once each)."""

    # --- walking without following links ----------------------------------------------

    def _missing_bucket(self) -> BucketNotFoundError:
        return BucketNotFoundError(
            f"The bucket folder {self.bucket_dir} does not exist. Create the bucket first "
            "(or choose another folder in the connection settings)."
        )

    def _open_bucket(self) -> SafeFolder:
        try:
            return SafeFolder.open_top(str(self.bucket_dir))  # it may be a link
        except (FileNotFoundError, NotADirectoryError):
            raise self._missing_bucket() from None

    @staticmethod
    def _parts(name: str, verb: str) -> builtins.list[str]:
        problem = _name_problem(name)
        if problem is not None:
            raise UnsafeRemoteNameError(f"Refused to {verb} '{_shown(name)}': {problem}.")
        return name.split("/")

    @contextlib.contextmanager
    def _folders(
        self, parts: Sequence[str], name: str, verb: str, *, create: bool = False
    ) -> Iterator[builtins.list[SafeFolder]]:
        """The bucket folder and the folders ``parts`` below it (created if missing, with
        ``create``), each opened relative to the one above; all closed on exit.

        Raises UnsafeRemoteNameError if one is a link or a special file; Absent if one is
        missing or a file (without ``create``); CollisionError if one is a file (with it).
        """
        try:
            with walk_down(self._open_bucket(), parts, create=create) as chain:
                yield chain
        except Blocked as exc:
            if exc.kind in (LINK, SPECIAL):
                raise UnsafeRemoteNameError(
                    f"Refused to {verb} '{name}': {_blocked(exc.kind, exc.relative, leaf=False)}."
                ) from None
            if create:
                raise CollisionError(
                    f"Cannot store '{name}': a file in the bucket has the name of one of its "
                    "folders."
                ) from None
            raise Absent from None
        except KeptChanging as exc:
            raise TransientStorageError(
                f"'{exc.relative}' in the bucket folder kept changing while '{name}' was being "
                "opened; try again."
            ) from None

    def _local_path(self, name: str) -> str:
        """The object's path, as the hash cache knows it (never used to open it)."""
        return os.path.join(self.bucket_dir, *name.split("/"))

    def _open_direct(self, parts: Sequence[str]) -> int | None:
        """The object's file opened by its path in one call, kept only if the kernel says
        it is the file at exactly that place below the bucket folder (Linux's
        ``/proc/self/fd``: a link anywhere on the way resolves elsewhere); else None, and
        the folder-by-folder walk decides. A pull reads every object: this saves a
        directory open per folder level for each, which costs on slow or network disks."""
        if not _PROC_FD:
            return None
        if self._real_bucket is None:
            self._real_bucket = os.path.realpath(self.bucket_dir)
        path = os.path.join(self.bucket_dir, *parts)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None  # never open a device or pipe, not even to look
            fd = os.open(path, READ_FLAGS)
        except OSError:
            return None
        try:
            where = os.readlink(f"/proc/self/fd/{fd}")
            regular = stat.S_ISREG(os.fstat(fd).st_mode)
        except OSError:
            where, regular = None, False
        if not regular or where != os.path.join(self._real_bucket, *parts):
            os.close(fd)  # the walk says what is in the way (a pipe, a link)
            return None
        return fd

    def _open_file(self, name: str, verb: str) -> tuple[int, os.stat_result]:
        """The object's file, open for reading, and its stat; never through a link."""
        parts = self._parts(name, verb)
        fd = self._open_direct(parts)
        if fd is None:
            try:
                with self._folders(parts[:-1], name, verb) as chain:
                    fd = self._open_leaf(chain[-1], parts[-1], name, verb)
            except Absent:
                raise StorageError(f"'{name}' is no longer in the bucket.") from None
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced by a folder or a pipe since the look
            os.close(fd)
            raise StorageError(f"'{name}' is no longer a file in the bucket.")
        return fd, st

    @staticmethod
    def _open_leaf(folder: SafeFolder, leaf: str, name: str, verb: str) -> int:
        kind = folder.kind(leaf)
        if kind == FILE:
            try:
                return folder.open(leaf, READ_FLAGS)
            except FileNotFoundError:
                raise Absent from None
            except OSError:
                kind = folder.kind(leaf)  # replaced by a link since the look: say so
                if kind not in (LINK, SPECIAL):
                    raise
        if kind in (LINK, SPECIAL):
            raise UnsafeRemoteNameError(
                f"Refused to {verb} '{name}': {_blocked(kind, name, leaf=True)}."
            )
        raise Absent

    # --- objects ----------------------------------------------------------------------

    def _object(self, name: str, st: os.stat_result) -> StoredObject:
        def load_hash() -> str:
            return self._md5(name, st)

        return StoredObject(
            name,
            st.st_size,
            None,
            self.provider,
            extra={"last_modified": _iso_mtime(st), "mtime_ns": st.st_mtime_ns},
            store=self,
            hash_loader=load_hash,
        )

    def _refused(self, name: str, reason: str) -> StoredObject:
        """An entry that is shown, with why, but never read, hashed or written."""
        return StoredObject(name, 0, None, self.provider, extra={"refused": reason}, store=self)

    def _md5(self, name: str, st: os.stat_result) -> str:
        """From the hash cache, else read without following links (and remembered)."""
        path = self._local_path(name)
        known = self._hash_cache.cached_md5(path, st)
        if known is not None:
            return known
        fd, current = self._open_file(name, "read")
        hasher = hashlib.md5()
        with os.fdopen(fd, "rb") as handle:
            while chunk := handle.read(CHUNK_SIZE):
                hasher.update(chunk)
        digest = hasher.hexdigest()
        self._hash_cache.remember(path, current, digest)
        return digest

    def check(self) -> None:
        if not self.bucket_dir.is_dir():
            raise self._missing_bucket()

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
            readable = text.isascii() or _is_utf8(text)
            name = base + (text if readable else _shown(text))
            if not name.startswith(prefix):
                continue
            kind = entry_kind(entry)
            if kind in (LINK, SPECIAL):
                found.append(self._refused(name, _blocked(kind, name, leaf=True)))
                continue
            problem = (
                None
                if readable and "\\" not in text
                else _unreadable_name(text, name, folder=kind == FOLDER)
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
        problem = _prefix_problem(prefix)
        if problem is not None:
            raise UnsafeRemoteNameError(f"Refused to list '{_shown(prefix)}': {problem}.")
        found: builtins.list[StoredObject] = []
        try:
            with self._folders(_split(prefix.rpartition("/")[0]), prefix, "list") as chain:
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
        return found

    def browse(self, prefix: str) -> tuple[builtins.list[str], builtins.list[StoredObject]]:
        problem = _prefix_problem(prefix)
        if problem is not None:
            raise UnsafeRemoteNameError(f"Refused to browse '{_shown(prefix)}': {problem}.")
        folder_part = prefix.rpartition("/")[0]
        objects: builtins.list[StoredObject] = []
        try:
            with self._folders(_split(folder_part), prefix, "browse") as chain:
                subfolders = self._scan(chain[-1], prefix, objects)
        except Absent:
            return [], []
        base = folder_part + "/" if folder_part else ""
        objects.sort(key=lambda o: o.name)
        return sorted(f"{base}{name}/" for name in subfolders), objects

    # --- single objects ---------------------------------------------------------------

    def _odd_entries(self, folder: str) -> dict[str, str] | None:
        """The links and special files directly in ``folder`` (name -> kind); None if
        it is not a folder. Remembered for a moment: plans ask for every file."""
        with self._odd_lock:
            now = time.monotonic()
            if now - self._odd_entries_since > _REFUSAL_CACHE_SECONDS:
                self._odd_entries_seen.clear()
                self._odd_entries_since = now
            elif folder in self._odd_entries_seen:
                return self._odd_entries_seen[folder]
        odd: dict[str, str] | None
        try:
            with self._folders(_split(folder), folder, "look into") as chain:
                kinds = ((e.name, entry_kind(e)) for e in chain[-1].scandir())
                odd = {name: kind for name, kind in kinds if kind in (LINK, SPECIAL)}
        except Absent:
            odd = None
        except OSError:  # unreadable: nothing to report; uploads check for themselves
            odd = {}
        with self._odd_lock:
            self._odd_entries_seen[folder] = odd
        return odd

    def refusal(self, name: str) -> str | None:
        """Why ``name`` cannot be stored here: not a possible file name, or a link or
        special file in the bucket folder where its folders or itself would be."""
        problem = _name_problem(name)
        if problem is not None:
            return problem
        parts = name.split("/")
        try:
            for depth, part in enumerate(parts):
                odd = self._odd_entries("/".join(parts[:depth]))
                if odd is None:
                    return None  # not there (yet): an upload creates real folders
                kind = odd.get(part)
                if kind is not None:
                    path = "/".join(parts[: depth + 1])
                    return _blocked(kind, path, leaf=depth == len(parts) - 1)
        except UnsafeRemoteNameError as exc:  # a folder became a link a moment ago
            return str(exc)
        return None

    def head(self, name: str) -> StoredObject | None:
        parts = self._parts(name, "look at")
        try:
            with self._folders(parts[:-1], name, "look at") as chain:
                st = chain[-1].lstat(parts[-1])
        except (Absent, FileNotFoundError, NotADirectoryError):
            return None
        kind = kind_of(st)
        if kind in (LINK, SPECIAL):
            raise UnsafeRemoteNameError(
                f"Refused to look at '{name}': {_blocked(kind, name, leaf=True)}."
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
    ) -> StoredObject:
        parts = self._parts(name, "store")
        leaf = parts[-1]
        with self._folders(parts[:-1], name, "store", create=True) as chain:
            folder = chain[-1]
            if folder.relative not in self._cleaned:  # what killed uploads left here
                self._cleaned.add(folder.relative)
                folder.remove_stale_temp_files()
            kind = folder.kind(leaf)
            if kind == FOLDER:
                raise CollisionError(
                    f"Cannot store '{name}': the bucket has a folder of that name."
                )
            if kind in (LINK, SPECIAL):
                raise UnsafeRemoteNameError(
                    f"Refused to store '{name}': {_blocked(kind, name, leaf=True)}."
                )
            fd, temp = folder.open_temp(leaf)
            try:
                hasher = hashlib.md5()
                with os.fdopen(fd, "wb") as out, open(local_path, "rb") as src:
                    while chunk := src.read(CHUNK_SIZE):
                        cancel.raise_if_cancelled()
                        out.write(chunk)
                        hasher.update(chunk)
                        on_bytes(len(chunk))
                if hasher.hexdigest() != md5:
                    raise IntegrityError(
                        "The file changed while it was being copied; nothing was stored. Try again."
                    )
                try:
                    folder.replace(temp, leaf)  # replaces a link itself, never its target
                except IsADirectoryError:
                    raise CollisionError(
                        f"Cannot store '{name}': the bucket has a folder of that name."
                    ) from None
            except BaseException:
                with contextlib.suppress(OSError):
                    folder.unlink(temp)
                raise
            st = folder.lstat(leaf)
        self._hash_cache.remember(self._local_path(name), st, md5)
        return self._object(name, st)

    def open_read(self, obj: RemoteObject) -> ObjectReader:
        if obj.refusal is not None:
            raise UnsafeRemoteNameError(f"Refused to read '{obj.name}': {obj.refusal}.")
        fd, _ = self._open_file(obj.name, "read")
        return _FileReader(fd)

    def versioning(self) -> bool:
        """A folder keeps no old versions: a replaced object is gone."""
        return False

    def delete(self, name: str) -> None:
        parts = self._parts(name, "delete")
        leaf = parts[-1]
        try:
            with self._folders(parts[:-1], name, "delete") as chain:
                kind = chain[-1].kind(leaf)
                if kind in (LINK, SPECIAL):
                    raise UnsafeRemoteNameError(
                        f"Refused to delete '{name}': {_blocked(kind, name, leaf=True)}."
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
