"""What the window says about one file's history: which copy changed since the last sync
and when, which copy is later when there is no record, and why replacing it needs the
overwrite tick.

One place for these sentences, so the table's tooltips, the confirmation and the
differences view never tell a person different stories about the same file.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from bucketferry.core import RemoteObject, SyncObject
from bucketferry.core.states import PlanState
from bucketferry.core.units import local_time

from .translation import Context

state_words = Context("state_words")

BUCKET_TIME = str(
    QT_TRANSLATE_NOOP(
        "state_words",
        "A bucket's time is when its copy was uploaded, not when the file was last edited.",
    )
)
"""Said wherever times of both sides are compared: the two clocks mean different things.
In English; shown through :func:`bucket_time`."""


def bucket_time() -> str:
    """:data:`BUCKET_TIME` in the window's language."""
    return state_words.tr(BUCKET_TIME)


def when(moment: str | None) -> str | None:
    """A recorded time (ISO 8601, or an HTTP date as some servers send) in local time, as
    every place in the window says it (``local_time``); None if missing or unreadable."""
    return local_time(moment)


def local_changed(item: SyncObject) -> str | None:
    """When the local copy was last modified, as :func:`when` says it."""
    stat = item.local_stat
    return local_time(stat.st_mtime) if stat is not None else None


def remote_changed(item: SyncObject) -> str | None:
    """When the bucket's copy was uploaded, as :func:`when` says it."""
    remote = item.remote_obj
    return when(remote.last_modified) if isinstance(remote, RemoteObject) else None


def later_words(item: SyncObject) -> str:
    """For a row without a sync record: which copy is later by the clocks, and what a
    bucket's clock means."""
    later = item.later_side
    if later == "local":
        said = state_words.tr(
            "The copy on this computer was changed after the bucket's copy was uploaded."
        )
    elif later == "remote":
        said = state_words.tr(
            "The bucket's copy was uploaded after the copy on this computer was changed."
        )
    else:
        said = state_words.tr("Which copy is later is not known.")
    return f"{said} {bucket_time()}"


def _changed_here(changed: str | None, synced: str | None) -> str:
    if changed and synced:
        text = state_words.tr(
            "Changed on this computer on {changed}, since the last sync on {synced}."
        )
    elif changed:
        text = state_words.tr("Changed on this computer on {changed}, since the last sync.")
    elif synced:
        text = state_words.tr("Changed on this computer, since the last sync on {synced}.")
    else:
        text = state_words.tr("Changed on this computer, since the last sync.")
    return text.format(changed=changed, synced=synced)


def _changed_in_bucket(uploaded: str | None, synced: str | None) -> str:
    if uploaded and synced:
        text = state_words.tr(
            "Changed in the bucket (uploaded on {uploaded}), since the last sync on {synced}."
        )
    elif uploaded:
        text = state_words.tr(
            "Changed in the bucket (uploaded on {uploaded}), since the last sync."
        )
    elif synced:
        text = state_words.tr("Changed in the bucket (uploaded), since the last sync on {synced}.")
    else:
        text = state_words.tr("Changed in the bucket (uploaded), since the last sync.")
    return text.format(uploaded=uploaded, synced=synced)


def history_words(item: SyncObject, state: PlanState) -> str:
    """One sentence on which side changed since the last sync, and when; empty for
    states that carry no history (new, identical, skipped...)."""
    synced = when(item.last_synced)
    if state == PlanState.CHANGED_LOCAL:
        return _changed_here(local_changed(item), synced)
    if state == PlanState.CHANGED_REMOTE:
        return _changed_in_bucket(remote_changed(item), synced)
    if state == PlanState.CONFLICT:
        if synced:
            return state_words.tr("Changed on both sides since the last sync on {synced}.").format(
                synced=synced
            )
        return state_words.tr("Changed on both sides since the last sync.")
    if state == PlanState.DIFFERS:
        return state_words.tr("Never synced here. {later}").format(later=later_words(item))
    if state == PlanState.DELETED_SOURCE:
        if synced:
            return state_words.tr("Synced on {synced}, since deleted from the source.").format(
                synced=synced
            )
        return state_words.tr("Synced, since deleted from the source.")
    return ""


def replacement_reason(item: SyncObject) -> str:
    """Why replacing the target's copy of ``item`` needs the overwrite tick: what would be
    lost, in the target's words."""
    state = item.state
    if state == PlanState.CHANGED_REMOTE:
        if moment := remote_changed(item):
            return state_words.tr("the bucket's copy is newer: edited there on {moment}").format(
                moment=moment
            )
        return state_words.tr("the bucket's copy is newer: edited there")
    if state == PlanState.CHANGED_LOCAL:
        if moment := local_changed(item):
            return state_words.tr("the copy on this computer is newer: edited on {moment}").format(
                moment=moment
            )
        return state_words.tr("the copy on this computer is newer: edited")
    if state == PlanState.CONFLICT:
        if moment := when(item.last_synced):
            return state_words.tr("changed on both sides since the last sync on {moment}").format(
                moment=moment
            )
        return state_words.tr("changed on both sides since the last sync")
    later = item.later_side
    if later is None:
        return state_words.tr("never synced here; which copy is newer is not known")
    if later == "remote":
        return state_words.tr("never synced here; the bucket's copy was uploaded later")
    return state_words.tr("never synced here; the bucket's copy was uploaded earlier")
