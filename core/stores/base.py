"""The interface the engine needs from a bucket, and nothing more.

Implementations must be safe to use from several threads at once: each thread gets its own
connection (libcloud drivers and their HTTP sessions are not shared between threads).
Every method raises only :mod:`bucketferry.core.errors` types; transient failures are
raised as ``TransientStorageError`` so the engine can retry them.
"""

from __future__ import annotations

import builtins
import contextlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from ..errors import LinksUnavailableError
from ..progress import CancelToken
from ..remote_object import RemoteObject
from .download import StoredObject
from .links import NEEDS_CLOUD, UploadForm
from .reader import ObjectReader

__all__ = ["BytesCallback", "ObjectReader", "ObjectStore"]

BytesCallback = Callable[[int], None]

SINGLE_COPY_LIMIT = 5 * 1024**3
"""S3's largest object one CopyObject request may copy (core/stores/server_copy.py)."""


class ObjectStore(ABC):
    provider: str
    bucket_name: str
    reserved: tuple[str, ...] = ()
    """Folders at the bucket's root that belong to Bucket Ferry (see reserved.py): listings
    leave them out unless asked for one of them."""
    serial_below: int = 0
    """Files smaller than this many bytes are transferred one at a time. Where a transfer is
    the interpreter's work rather than waiting for a server (a local-folder bucket), two
    threads on small files only hand the interpreter lock back and forth: at 1 KiB a file,
    two threads took 1.8 times as long as one. Large files still go side by side, since
    hashing and copying them release the lock."""

    @abstractmethod
    def check(self) -> None:
        """Raise a clear error unless the bucket exists and the credentials work."""

    @abstractmethod
    def create_bucket(self, exist_ok: bool = True) -> None: ...

    @abstractmethod
    def list(self, prefix: str) -> list[StoredObject]:
        """Every object whose name starts with ``prefix`` (one paginated listing)."""

    @abstractmethod
    def browse(self, prefix: str) -> tuple[builtins.list[str], builtins.list[StoredObject]]:
        """One level below ``prefix`` (which ends in '/' or is ''): sub-folder prefixes
        (ending in '/') and the objects directly in it. For tree views."""

    def refusal(self, name: str) -> str | None:
        """Why an object named ``name`` cannot be stored (or replaced) safely in this
        bucket, in words for a person ("'link' in the bucket folder is a symbolic link"),
        or None. Plans ask before planning a push; ``upload`` and ``delete`` refuse such
        names with ``UnsafeRemoteNameError`` all the same."""
        return None

    @abstractmethod
    def head(self, name: str) -> StoredObject | None:
        """The object as it is now, or None if it does not exist."""

    @abstractmethod
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
        """Store the file under ``name``; verified against ``md5``; never a partial object.
        ``extra``: libcloud's upload options (content type, user metadata, ACL; see
        upload_options.py), where the kind of bucket can keep them."""

    @abstractmethod
    def open_read(self, obj: RemoteObject) -> ObjectReader: ...

    @abstractmethod
    def delete(self, name: str) -> None: ...

    @abstractmethod
    def copy(self, source: StoredObject, name: str, *, version: str | None = None) -> None:
        """Copies the object ``source`` (or an older ``version`` of it, where the bucket
        keeps versions) to ``name`` in the same bucket, with its metadata, without its
        bytes crossing this computer where the service can copy by itself."""

    def check_links(self, *, uploads: bool = False) -> None:
        """Raise ``LinksUnavailableError`` (saying why) unless this bucket can make
        download links, or with ``uploads`` upload forms: before anything is written."""
        raise LinksUnavailableError(NEEDS_CLOUD)

    def link(self, name: str, lifetime: timedelta, *, filename: str | None = None) -> str:
        """A URL that downloads the object ``name`` without an account until ``lifetime``
        has passed (``filename``: the browser saves it under that name)."""
        raise LinksUnavailableError(NEEDS_CLOUD)

    def upload_form(self, key_prefix: str, lifetime: timedelta, max_size: int) -> UploadForm:
        """A browser upload form that stores files under ``key_prefix`` only, of at most
        ``max_size`` bytes each, until ``lifetime`` has passed."""
        raise LinksUnavailableError(NEEDS_CLOUD)

    def versioning(self) -> bool | None:
        """Whether the bucket keeps old versions of replaced objects; None when the
        provider cannot tell (or does not say to these credentials)."""
        return None

    def transferring(self) -> contextlib.AbstractContextManager[None]:
        """Around one run's transfers: a store may keep what its files share open until
        the block ends (a local-folder bucket keeps the folders it stores into)."""
        return contextlib.nullcontext()

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections (optional)."""
