"""Places at a bucket's root that belong to Bucket Ferry itself, not to the user's data.

Replaced and deleted objects are kept under ``.bucketferry-backups/<run id>/<name>``; the
pages of share and request links under ``.bucketferry-shares/<id>/``. Such a place lies
outside every base path a user works in: it is never listed in a tree, never
planned, pushed or pulled, and a listing shows it only when asked for that place itself
(``bucketferry backups`` does).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from .errors import ConfigurationError

DEFAULT_BACKUP_PREFIX = ".bucketferry-backups"
"""Where replaced and deleted objects are kept, unless a connection chooses otherwise."""

SHARES_PREFIX = ".bucketferry-shares"
"""Where the index pages of shared folders and the upload pages of requests are kept."""

T = TypeVar("T")


def clean_prefix(prefix: str | None) -> str | None:
    """A backup prefix as stored: without surrounding slashes; None (or '') turns backups
    off. Refused if it could name a place that is not a plain folder at the root."""
    if prefix is None:
        return None
    cleaned = prefix.strip().strip("/")
    if not cleaned:
        return None
    parts = cleaned.split("/")
    if any(part in ("", ".", "..") for part in parts) or "\\" in cleaned:
        raise ConfigurationError(
            f"'{prefix}' cannot hold backups: use a folder name such as "
            f"'{DEFAULT_BACKUP_PREFIX}' (no '.', '..' or empty parts, no backslashes)."
        )
    return cleaned


def roots(backup_prefix: str | None) -> tuple[str, ...]:
    """The reserved folders of a bucket, each ending in '/': the connection's backup
    folder, the default one whatever the setting (backups kept before the setting
    changed stay out of trees, plans and deletes), and the share pages' folder."""
    chosen = clean_prefix(backup_prefix)
    default = f"{DEFAULT_BACKUP_PREFIX}/"
    backups = (default,) if chosen in (None, DEFAULT_BACKUP_PREFIX) else (f"{chosen}/", default)
    return (*backups, f"{SHARES_PREFIX}/")


def reserved_root(name: str, reserved: Sequence[str]) -> str | None:
    """The reserved folder ``name`` lies in (or is), if any."""
    for root in reserved:
        if name.startswith(root) or name == root[:-1]:
            return root
    return None


def visible(objects: Iterable[T], prefix: str, reserved: Sequence[str]) -> list[T]:
    """What a listing of ``prefix`` shows (objects, or folder names ending in '/'):
    everything, unless the listing reaches into a reserved folder without asking for it
    (a listing of the whole bucket does)."""
    hidden = [
        root
        for root in reserved
        if root.startswith(prefix) and reserved_root(prefix, [root]) is None
    ]
    if not hidden:
        return list(objects)
    return [o for o in objects if not any(_name(o).startswith(root) for root in hidden)]


def _name(item: object) -> str:
    return item if isinstance(item, str) else item.name  # type: ignore[attr-defined]


def refuse_reserved(full_path: str, reserved: Sequence[str], verb: str) -> None:
    """Raise a plain error when a push, pull or delete would reach into a reserved folder."""
    root = reserved_root(full_path.strip("/"), reserved)
    if root == f"{SHARES_PREFIX}/":
        raise ConfigurationError(
            f"'{SHARES_PREFIX}' in the bucket is where Bucket Ferry keeps the pages of share "
            f"and request links; it cannot {verb} it. `bucketferry shares list` (or Sync ▸ "
            "Shares…) shows them.",
            title="A folder of Bucket Ferry's own",
        )
    if root is not None:
        raise ConfigurationError(
            f"'{root[:-1]}' in the bucket is where Bucket Ferry keeps the objects that runs "
            f"replaced or deleted; it cannot {verb} it. To put a run's files back, use Undo "
            "in View ▸ History (or `bucketferry undo RUN_ID`); `bucketferry backups list` "
            "shows what is kept.",
            title="A folder of Bucket Ferry's own",
        )
