"""A plain folder used as a bucket: the embedded default that needs no account or server.

Layout: ``<root>/<bucket>/<object name with / as folder separator>``. Objects are written to
a temporary file in the target folder and renamed into place, so a reader never sees half
an object. Hashes are computed lazily through the shared hash cache.
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..atomic_files import is_temp_name, open_temp_beside
from ..config import Provider, default_data_dir
from ..errors import (
    BucketNotFoundError,
    CollisionError,
    ConfigurationError,
    IntegrityError,
    StorageError,
    UnsafeRemoteNameError,
)
from ..hashing import CHUNK_SIZE, HashCache
from ..progress import CancelToken
from ..remote_object import RemoteObject
from .base import BytesCallback, ObjectReader, ObjectStore


def _iso_mtime(st: os.stat_result) -> str:
    return datetime.fromtimestamp(st.st_mtime, tz=UTC).isoformat()


class _FileReader(ObjectReader):
    def __init__(self, path: Path) -> None:
        self.meta_data = {}
        self._handle = open(path, "rb")  # noqa: SIM115 - closed by close()

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
        self.root = Path(root).expanduser() if root else default_data_dir()
        self.bucket_name = bucket
        self.bucket_dir = self.root / bucket
        self._hash_cache = hash_cache

    def _path_of(self, name: str) -> Path:
        parts = name.split("/")
        if (
            not name
            or name.startswith("/")
            or "\\" in name
            or any(p in ("", ".", "..") for p in parts)
        ):
            raise UnsafeRemoteNameError(
                f"'{name}' is not a usable object name in a folder bucket (empty, '.', '..' "
                "or backslash segments). Choose paths without them."
            )
        return self.bucket_dir.joinpath(*parts)

    def check(self) -> None:
        if not self.bucket_dir.is_dir():
            raise BucketNotFoundError(
                f"The bucket folder {self.bucket_dir} does not exist. Create the bucket first "
                "(or choose another folder in the connection settings)."
            )

    def create_bucket(self, exist_ok: bool = True) -> None:
        try:
            self.bucket_dir.mkdir(parents=True, exist_ok=exist_ok)
        except FileExistsError:
            raise CollisionError(f"The bucket folder {self.bucket_dir} already exists.") from None
        except OSError as exc:
            raise StorageError(f"Cannot create the bucket folder {self.bucket_dir}: {exc}") from exc

    def _object(self, name: str, path: Path, st: os.stat_result) -> RemoteObject:
        def load_hash() -> str:
            return self._hash_cache.md5(str(path), st)

        return RemoteObject(
            name,
            st.st_size,
            None,
            self.provider,
            extra={"last_modified": _iso_mtime(st), "mtime_ns": st.st_mtime_ns},
            store=self,
            hash_loader=load_hash,
        )

    def list(self, prefix: str) -> list[RemoteObject]:
        self.check()
        # Start at the deepest folder that can contain matches instead of walking everything.
        folder_part = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        start = (
            self.bucket_dir.joinpath(*folder_part.split("/")) if folder_part else self.bucket_dir
        )
        result: list[RemoteObject] = []
        if not start.is_dir():
            return result
        base_len = len(str(self.bucket_dir)) + 1
        stack = [str(start)]
        while stack:
            current = stack.pop()
            try:
                entries = list(os.scandir(current))
            except OSError:
                continue
            for entry in entries:
                name = entry.path[base_len:].replace(os.sep, "/")
                if entry.is_dir(follow_symlinks=False):
                    if (name + "/").startswith(prefix) or prefix.startswith(name + "/"):
                        stack.append(entry.path)
                elif entry.is_file() and not is_temp_name(entry.name) and name.startswith(prefix):
                    result.append(self._object(name, Path(entry.path), entry.stat()))
        result.sort(key=lambda o: o.name)
        return result

    def browse(self, prefix: str) -> tuple[builtins.list[str], builtins.list[RemoteObject]]:
        self.check()
        folder = (
            self.bucket_dir.joinpath(*prefix.strip("/").split("/")) if prefix else self.bucket_dir
        )
        folders: builtins.list[str] = []
        objects: builtins.list[RemoteObject] = []
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return folders, objects
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(f"{prefix}{entry.name}/")
            elif entry.is_file() and not is_temp_name(entry.name):
                objects.append(self._object(prefix + entry.name, Path(entry.path), entry.stat()))
        return folders, objects

    def head(self, name: str) -> RemoteObject | None:
        path = self._path_of(name)
        try:
            st = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not path.is_file():
            return None
        return self._object(name, path, st)

    def upload(
        self,
        local_path: str,
        name: str,
        *,
        size: int,
        md5: str,
        on_bytes: BytesCallback,
        cancel: CancelToken,
    ) -> RemoteObject:
        self.check()
        target = self._path_of(name)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise CollisionError(
                f"Cannot store '{name}': a file in the bucket has the name of one of its folders."
            ) from None
        if target.is_dir():
            raise CollisionError(f"Cannot store '{name}': the bucket has a folder of that name.")
        fd, tmp = open_temp_beside(str(target))
        try:
            hasher = hashlib.md5()
            with os.fdopen(fd, "wb") as out, open(local_path, "rb") as src:
                while chunk := src.read(CHUNK_SIZE):
                    cancel.raise_if_cancelled()
                    out.write(chunk)
                    hasher.update(chunk)
                    on_bytes(len(chunk))
            if hasher.hexdigest() != md5:
                raise IntegrityError(f"{local_path} changed while it was being copied; try again.")
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        st = target.stat()
        self._hash_cache.remember(str(target), st, md5)
        return self._object(name, target, st)

    def open_read(self, obj: RemoteObject) -> ObjectReader:
        try:
            return _FileReader(self._path_of(obj.name))
        except FileNotFoundError:
            raise StorageError(f"'{obj.name}' is no longer in the bucket.") from None

    def versioning(self) -> bool:
        """A folder keeps no old versions: a replaced object is gone."""
        return False

    def delete(self, name: str) -> None:
        path = self._path_of(name)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        # Remove folders left empty, as deleting the last object under a prefix does on S3.
        parent = path.parent
        while parent != self.bucket_dir:
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent
