"""Downloading one object to a local file, atomically, and the object that knows its store.

Guarantees (the engine's pull and ``StoredObject.download`` alike):
- The content is written to a temporary file beside the target, verified (size, and md5
  where the server gives one), and only then renamed into place. On failure or cancel the
  temporary file is removed; the previous version of the target is untouched.
- Every folder from a pull's chosen folder down to the target is reached without
  following links (see local_folders.py), so nothing is written outside that folder.
- With ``check_target`` the target must still be what the plan saw; a replaced version is
  kept (by the caller's ``keep_replaced``) before the new one is renamed over it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat as stat_mod
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from ..errors import (
    BucketFerryError,
    ChangedSincePreviewError,
    CollisionError,
    ForceRequiredError,
    IntegrityError,
    TooLargeToShowError,
    TransientStorageError,
    UnsafeLocalPathError,
)
from ..hashing import MD5_META_KEY, PLAIN_MD5, HashCache, file_identity
from ..local_folders import (
    BaseReplaced,
    Blocked,
    KeptChanging,
    OpenFolders,
    SafeFolder,
    blocked_reason,
)
from ..progress import CancelToken
from ..remote_object import RemoteObject
from ..trash import KeptCopy
from ..units import human_size
from .reader import ObjectReader


class ObjectSource(Protocol):
    """What downloading needs of a store (every ``ObjectStore`` is one)."""

    def head(self, name: str) -> RemoteObject | None: ...

    def open_read(self, obj: RemoteObject) -> ObjectReader: ...


class StoredObject(RemoteObject):
    """A listed object bound to the store that listed it, so :meth:`download` works like
    libcloud's ``Object.download`` (accsr's ``RemoteObjectProtocol``), but atomically."""

    __slots__ = ("store",)

    def __init__(
        self,
        name: str,
        size: int,
        hash: str | None,
        provider: str,
        *,
        store: ObjectSource,
        extra: dict[str, Any] | None = None,
        meta_data: dict[str, str] | None = None,
    ) -> None:
        super().__init__(name, size, hash, provider, extra=extra, meta_data=meta_data)
        self.store = store

    def download(self, download_path: str, overwrite_existing: bool = False) -> StoredObject:
        """Download to ``download_path`` via a temporary file renamed into place."""
        download_object(self.store, self, download_path, overwrite_existing=overwrite_existing)
        return self

    def look_up_meta_data(self) -> bool:
        """Asks the bucket for the object's metadata, while it is still the version that
        was listed."""
        current = self.store.head(self.name)
        if current is None or current.hash != self.hash:
            return False
        self.meta_data.update(current.meta_data)
        return True


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return file_identity(a) == file_identity(b)


def _stat_in(folder: SafeFolder, name: str) -> os.stat_result | None:
    try:
        return folder.lstat(name)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _check_local_target(
    folder: SafeFolder, name: str, shown: str, expected: os.stat_result | None
) -> os.stat_result | None:
    """The local target must still be what the plan saw (or still be absent)."""
    current = _stat_in(folder, name)
    if expected is None and current is not None:
        raise ChangedSincePreviewError(
            f"{shown} appeared after the preview; it was not overwritten. Preview again."
        )
    if expected is not None and (current is None or not _same_file(current, expected)):
        raise ChangedSincePreviewError(
            f"{shown} changed after the preview; it was not overwritten. Preview again."
        )
    return current


def _short_arrival(store: ObjectSource, obj: RemoteObject, written: int) -> BucketFerryError:
    """Why a download brought another number of bytes than the listing said: the object
    was replaced since (say so; retrying cannot help), or the connection broke (retry)."""
    try:
        current = store.head(obj.name)
    except BucketFerryError:
        current = None
    if written > obj.size or (
        current is not None and (current.size != obj.size or current.hash != obj.hash)
    ):
        now = f"it now has {current.size} bytes" if current is not None else "it changed"
        return ChangedSincePreviewError(
            f"'{obj.name}' changed in the bucket after the preview ({now}; the preview saw "
            f"{obj.size}); it was not pulled. Preview again."
        )
    return TransientStorageError(f"'{obj.name}' arrived with {written} of {obj.size} bytes.")


def _download_into(
    store: ObjectSource,
    obj: RemoteObject,
    write: Callable[[bytes], None],
    cancel: CancelToken,
    on_bytes: Callable[[int], None],
) -> str:
    """Stream the object to ``write``; return its md5. Verified: size, and the md5 the
    bucket reports."""
    hasher = hashlib.md5()
    written = 0
    with store.open_read(obj) as reader:
        for chunk in reader:
            cancel.raise_if_cancelled()
            written += len(chunk)
            if written > obj.size:  # never more than the listing said: a full disk
                raise _short_arrival(store, obj, written)
            write(chunk)
            hasher.update(chunk)
            on_bytes(len(chunk))
        meta_md5 = reader.meta_data.get(MD5_META_KEY)
    if written != obj.size:
        raise _short_arrival(store, obj, written)
    digest = hasher.hexdigest()
    # The server's plain md5 ETag is evidence of what it stores; the md5 in metadata is
    # what some uploader claimed, so it counts only where the ETag says nothing.
    etag = (obj.hash or "").strip('"').lower()
    reference = etag if PLAIN_MD5.match(etag) else (meta_md5 or "").lower()
    if PLAIN_MD5.match(reference) and reference != digest:
        raise IntegrityError(
            f"'{obj.name}' arrived with different content than the bucket reports "
            "(md5 mismatch). It may have changed during the download; try again."
        )
    return digest


@contextlib.contextmanager
def _target_folder(target: str, folders: OpenFolders | None) -> Iterator[SafeFolder]:
    """The folder ``target`` goes into: reached from the run's chosen folder without
    following links (a link on the way fails the file with UnsafeLocalPathError), or,
    without one, the target's own folder as the caller named it."""
    if folders is None:
        folders = OpenFolders(os.path.dirname(os.path.abspath(target)), limit=0)
        parts: list[str] = []
    else:
        base = os.path.join(folders.base, "")  # (relpath is slower: both made absolute)
        inside = target.startswith(base) and target == os.path.normpath(target)
        relative = target[len(base) :] if inside else os.path.relpath(target, folders.base)
        parts = relative.split(os.sep)[:-1]
        if any(part in (os.curdir, os.pardir) for part in parts):
            raise UnsafeLocalPathError(f"{target} is not inside {folders.base}.")
    try:
        with folders.folder(parts) as folder:
            yield folder
    except Blocked as exc:
        raise UnsafeLocalPathError(
            f"{target} was not written: {blocked_reason(exc)}. Bucket Ferry writes only into "
            "real folders inside the chosen folder."
        ) from None
    except BaseReplaced:
        raise ChangedSincePreviewError(
            f"{folders.base} is not the folder that was previewed (it was replaced or moved); "
            f"{target} was not written. Preview again."
        ) from None
    except KeptChanging as exc:
        raise TransientStorageError(
            f"The local folder '{exc.relative}' kept changing while {target} was being "
            "written; trying again."
        ) from None


def _check_kept(kept: KeptCopy, existing: os.stat_result, target: str) -> None:
    """The trash works by path, the replacement by the open folder: make sure the copy the
    trash kept is of the very file about to be replaced (not of another one that took its
    path meanwhile), or the replaced file would be lost."""
    try:
        st = os.lstat(kept.path)
    except OSError:
        st = None
    same = st is not None and (
        (st.st_dev, st.st_ino) == (existing.st_dev, existing.st_ino)
        or (st.st_size, st.st_mtime_ns) == (existing.st_size, existing.st_mtime_ns)  # a copy
    )
    if not same:
        raise ChangedSincePreviewError(
            f"{target} changed while its old version was being kept; it was not overwritten. "
            "Preview again."
        )


def download_object(
    store: ObjectSource,
    obj: RemoteObject,
    target: str,
    *,
    folders: OpenFolders | None = None,
    overwrite_existing: bool = False,
    expected_local: os.stat_result | None = None,
    check_target: bool = False,
    cancel: CancelToken | None = None,
    on_bytes: Callable[[int], None] = lambda n: None,
    hash_cache: HashCache | None = None,
    keep_replaced: Callable[[str], KeptCopy] | None = None,
) -> KeptCopy | None:
    """Atomically place the object's content at ``target``.

    With ``folders`` (a pull's chosen folder, containing ``target``), every folder from
    there to the target is reached without following links (see local_folders.py);
    otherwise the target's folder is the caller's explicit choice and is used as it is.
    With ``check_target``, the target must still match ``expected_local`` (None: absent).
    ``keep_replaced`` keeps an existing target's version before it is replaced; what it
    returns (where that version went) is returned.
    """
    cancel = cancel or CancelToken()
    name = os.path.basename(target)
    with _target_folder(target, folders) as folder:
        existing = None if check_target else _stat_in(folder, name)  # checked below if so
        if existing is not None and stat_mod.S_ISDIR(existing.st_mode):
            raise CollisionError(f"Cannot pull '{obj.name}': {target} is a folder.")
        if not overwrite_existing and existing is not None:
            raise ForceRequiredError(f"{target} already exists and overwriting was not allowed.")
        kept: KeptCopy | None = None
        with folder.replacement(name) as new:
            digest = _download_into(store, obj, new.write, cancel, on_bytes)
            try:
                cancel.raise_if_cancelled()
                if check_target:
                    existing = _check_local_target(folder, name, target, expected_local)
                else:
                    existing = _stat_in(folder, name)
                if keep_replaced is not None and existing is not None:
                    kept = keep_replaced(target)
                    _check_kept(kept, existing, target)
                new.commit()
            except BaseException:
                if kept is not None:
                    kept.undo()
                raise
        if hash_cache is not None:
            hash_cache.remember(target, folder.lstat(name), digest)
    return kept


def read_small(
    store: ObjectSource, name: str, limit: int, cancel: CancelToken
) -> tuple[RemoteObject, bytes]:
    """The object ``name`` and its bytes, held in memory (for showing differences).
    Refuses objects above ``limit`` bytes with ``TooLargeToShowError`` before reading any
    of them; ``FileNotFoundError`` when gone."""
    obj = store.head(name)
    if obj is None:
        raise FileNotFoundError(f"'{name}' is no longer in the bucket.")
    if obj.size > limit:
        raise TooLargeToShowError(
            f"'{name}' is {human_size(obj.size)}, more than the {human_size(limit)} "
            "that are fetched for comparing. Raise the limit to see it.",
            size=obj.size,
            limit=limit,
        )
    pieces: list[bytes] = []
    with store.open_read(obj) as reader:
        for piece in reader:
            cancel.raise_if_cancelled()
            pieces.append(piece)
    return obj, b"".join(pieces)
