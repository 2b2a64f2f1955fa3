"""What the engine knows about one object in the bucket."""

from __future__ import annotations

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
    A plain record: stores list :class:`~bucketferry.core.stores.download.StoredObject`,
    which can also download.

    A plan holds one per object in the bucket, so an object is kept small: slots, no
    empty dicts until ``extra`` or ``meta_data`` is asked for, and a subclass may give
    its hash (:meth:`_load_hash`) and ``extra`` (:meth:`_listed_extra`) only when first
    asked (a local-folder bucket does: listing a large folder reads no file and formats
    no dates).
    """

    __slots__ = ("_extra", "_hash", "_meta_data", "name", "provider", "size")

    def __init__(
        self,
        name: str,
        size: int,
        hash: str | None,
        provider: str,
        *,
        extra: dict[str, Any] | None = None,
        meta_data: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.size = size
        self._hash = hash
        self.provider = provider
        self._extra = extra or None
        self._meta_data = meta_data or None

    @property
    def hash(self) -> str | None:
        if self._hash is None:
            self._hash = self._load_hash()
        return self._hash

    @hash.setter
    def hash(self, value: str | None) -> None:
        self._hash = value

    def _load_hash(self) -> str | None:
        """The hash where the listing did not give it (None: unknown)."""
        return None

    @property
    def known_hash(self) -> str | None:
        """The hash if already known; never computes it (safe for user interfaces)."""
        return self._hash

    @property
    def extra(self) -> dict[str, Any]:
        if self._extra is None:
            self._extra = self._listed_extra()
        return self._extra

    @extra.setter
    def extra(self, value: dict[str, Any]) -> None:
        self._extra = value

    def _listed_extra(self) -> dict[str, Any]:
        """``extra`` as the listing gave it, for a subclass that makes it only when asked
        (never with ``refused``: a store refuses an object by passing ``extra``)."""
        return {}

    @property
    def meta_data(self) -> dict[str, str]:
        if self._meta_data is None:
            self._meta_data = {}
        return self._meta_data

    @meta_data.setter
    def meta_data(self, value: dict[str, str]) -> None:
        self._meta_data = value

    @property
    def refusal(self) -> str | None:
        """Why this object cannot be used safely (set by the store that listed it: a
        symbolic link in a folder bucket, a name that cannot be read back...), or None.
        Plans refuse such objects with this reason; nothing reads, writes or deletes them."""
        value = self._extra.get("refused") if self._extra is not None else None
        return str(value) if value else None

    def peek_extra(self) -> dict[str, Any]:
        """``extra`` to read, made for the moment if the object has not made it: a run
        that reads a value of each of 100,000 objects keeps no ``extra`` for them."""
        return self._extra if self._extra is not None else self._listed_extra()

    def extra_value(self, key: str) -> Any:
        """One value of ``extra``, read as :meth:`peek_extra` reads (a subclass may give it
        without making the rest: a journal of 100,000 local-folder objects formats no
        dates for the ``mtime_ns`` it keeps)."""
        return self.peek_extra().get(key)

    def peek_meta_data(self) -> dict[str, str]:
        """``meta_data`` to read, without keeping an empty one."""
        return self._meta_data if self._meta_data is not None else {}

    @property
    def last_modified(self) -> str | None:
        value = self.peek_extra().get("last_modified")
        return str(value) if value is not None else None

    def look_up_meta_data(self) -> bool:
        """Completes ``meta_data`` with what a listing leaves out (S3 listings show no user
        metadata); True if it did. A plain record has no bucket to ask."""
        return False

    def to_dict(self) -> dict[str, Any]:
        # Copies, made without keeping an ``extra`` or ``meta_data`` the object had not made.
        return {
            "name": self.name,
            "size": self.size,
            "hash": self.hash,
            "provider": self.provider,
            "extra": dict(self.peek_extra()),
            "meta_data": dict(self.peek_meta_data()),
        }

    def __repr__(self) -> str:
        return f"RemoteObject(name={self.name!r}, size={self.size}, hash={self._hash!r})"
