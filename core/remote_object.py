"""What the engine knows about one object in the bucket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class RemoteObjectProtocol(Protocol):
    """Describes a remote object and how to download it (accsr's protocol, unchanged)."""

    name: str
    size: int
    hash: Any
    provider: str

    def download(
        self, download_path: str, overwrite_existing: bool = False
    ) -> RemoteObjectProtocol | None: ...


class RemoteObject:
    """One object as listed: name, size, the provider's hash (md5 or multipart ETag).

    ``extra`` holds ``last_modified`` (ISO 8601 text) and ``etag``; ``meta_data`` the user
    metadata where known (``md5`` for objects this project uploaded in several parts).
    For a local-folder bucket the hash is computed on first use (through the hash cache),
    so listing a large folder does not read every file. A plain record: stores list
    :class:`~bucketferry.core.stores.download.StoredObject`, which can also download.
    """

    def __init__(
        self,
        name: str,
        size: int,
        hash: str | None,
        provider: str,
        *,
        extra: dict[str, Any] | None = None,
        meta_data: dict[str, str] | None = None,
        hash_loader: Callable[[], str] | None = None,
    ) -> None:
        self.name = name
        self.size = size
        self._hash = hash
        self._hash_loader = hash_loader
        self.provider = provider
        self.extra: dict[str, Any] = extra or {}
        self.meta_data: dict[str, str] = meta_data or {}

    @property
    def hash(self) -> str | None:
        if self._hash is None and self._hash_loader is not None:
            self._hash = self._hash_loader()
        return self._hash

    @hash.setter
    def hash(self, value: str | None) -> None:
        self._hash = value

    @property
    def known_hash(self) -> str | None:
        """The hash if already known; never computes it (safe for user interfaces)."""
        return self._hash

    @property
    def refusal(self) -> str | None:
        """Why this object cannot be used safely (set by the store that listed it: a
        symbolic link in a folder bucket, a name that cannot be read back...), or None.
        Plans refuse such objects with this reason; nothing reads, writes or deletes them."""
        value = self.extra.get("refused")
        return str(value) if value else None

    @property
    def last_modified(self) -> str | None:
        value = self.extra.get("last_modified")
        return str(value) if value is not None else None

    def look_up_meta_data(self) -> bool:
        """Completes ``meta_data`` with what a listing leaves out (S3 listings show no user
        metadata); True if it did. A plain record has no bucket to ask."""
        return False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "size": self.size,
            "hash": self.hash,
            "provider": self.provider,
            "extra": dict(self.extra),
            "meta_data": dict(self.meta_data),
        }

    def __repr__(self) -> str:
        return f"RemoteObject(name={self.name!r}, size={self.size}, hash={self._hash!r})"
