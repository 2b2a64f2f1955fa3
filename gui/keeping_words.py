"""Where the copies a run replaces or deletes in a bucket are kept, in the words of the
confirmations: the push confirmation, Delete remote… and the undo's.

The engine decides what is kept (core/bucket_backups.py): a bucket that keeps versions
keeps the old version by itself; otherwise, unless the connection turned bucket backups
off, the object is copied to ``<backup prefix>/<run id>/`` first. The sentences here say
exactly that, so a person knows before confirming whether a run can be undone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .translation import QT_TRANSLATE_NOOP, Context

keeping_words = Context("keeping_words")

UNDO_HINT = QT_TRANSLATE_NOOP("keeping_words", "View ▸ History can undo this run")
"""In English; :func:`undo_hint` says it in the user's language."""


def undo_hint() -> str:
    return keeping_words.tr(UNDO_HINT)


@dataclass(frozen=True)
class Keeping:
    """What keeps a bucket's replaced or deleted objects, as the engine will do it."""

    keeps_versions: bool | None
    """The bucket keeps old versions (True), does not (False), or cannot tell (None)."""
    backup_prefix: str | None
    """The connection's backup folder in the bucket; None: bucket backups are off."""

    def note(self, what: str) -> str:
        """One or two sentences on whether ``what`` (e.g. "the replaced copies in the
        bucket", already in the user's language, plural) can be got back, and how."""
        what_ = what[:1].upper() + what[1:]
        hint = undo_hint()
        if self.keeps_versions:
            return keeping_words.tr(
                "This bucket keeps versions: {what} stay recoverable as older versions ({hint})."
            ).format(what=what, hint=hint)
        if self.backup_prefix:
            said = (
                keeping_words.tr(
                    "This bucket does not keep versions, so {what} are first kept in the "
                    "bucket under {folder}/ ({hint})."
                )
                if self.keeps_versions is False
                else keeping_words.tr(
                    "{What} are first kept in the bucket under {folder}/ ({hint})."
                )
            )
            return said.format(what=what, What=what_, folder=self.backup_prefix, hint=hint)
        if self.keeps_versions is False:
            return keeping_words.tr(
                "{What} will NOT be kept: bucket backups are off for this connection and "
                "the bucket keeps no versions, so they cannot be recovered."
            ).format(What=what_)
        return keeping_words.tr(
            "{What} will NOT be kept: bucket backups are off for this connection, and the "
            "provider does not say whether the bucket keeps versions: assume they cannot "
            "be recovered."
        ).format(What=what_)


def local_keeping() -> str:
    """What happens to a local file a pull or an undo replaces or removes (core/trash.py)."""
    return keeping_words.tr(
        "files on this computer go to the trash (or this connection's backup folder) first, "
        "so you can get them back"
    )
