"""Where the copies a run replaces or deletes in a bucket are kept, in the words of the
confirmations: the push confirmation, Delete remote… and the undo's.

The engine decides what is kept (core/bucket_backups.py): a bucket that keeps versions
keeps the old version by itself; otherwise, unless the connection turned bucket backups
off, the object is copied to ``<backup prefix>/<run id>/`` first. The sentences here say
exactly that, so a person knows before confirming whether a run can be undone.
"""

from __future__ import annotations

from dataclasses import dataclass

UNDO_HINT = "View ▸ History can undo this run"


@dataclass(frozen=True)
class Keeping:
    """What keeps a bucket's replaced or deleted objects, as the engine will do it."""

    keeps_versions: bool | None
    """The bucket keeps old versions (True), does not (False), or cannot tell (None)."""
    backup_prefix: str | None
    """The connection's backup folder in the bucket; None: bucket backups are off."""

    def note(self, what: str) -> str:
        """One or two sentences on whether ``what`` (e.g. "the replaced copies in the
        bucket") can be got back, and how."""
        what_ = what[:1].upper() + what[1:]
        if self.keeps_versions:
            return (
                f"This bucket keeps versions: {what} stay recoverable as older versions "
                f"({UNDO_HINT})."
            )
        if self.backup_prefix:
            first = (
                f"This bucket does not keep versions, so {what} are"
                if self.keeps_versions is False
                else f"{what_} are"
            )
            return f"{first} first kept in the bucket under {self.backup_prefix}/ ({UNDO_HINT})."
        if self.keeps_versions is False:
            return (
                f"{what_} will NOT be kept: bucket backups are off for this connection and "
                "the bucket keeps no versions, so they cannot be recovered."
            )
        return (
            f"{what_} will NOT be kept: bucket backups are off for this connection, and the "
            "provider does not say whether the bucket keeps versions: assume they cannot "
            "be recovered."
        )


LOCAL_KEEPING = (
    "files on this computer go to the trash (or this connection's backup folder) first, "
    "so you can get them back"
)
"""What happens to a local file a pull or an undo replaces or removes (core/trash.py)."""
