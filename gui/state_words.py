"""What the window says about one file's history: which copy changed since the last sync
and when, which copy is later when there is no record, and why replacing it needs the
overwrite tick.

One place for these sentences, so the table's tooltips, the confirmation and the
differences view never tell a person different stories about the same file.
"""

from __future__ import annotations

from bucketferry.core import RemoteObject, SyncObject
from bucketferry.core.states import PlanState
from bucketferry.core.units import local_time

BUCKET_TIME = "A bucket's time is when its copy was uploaded, not when the file was last edited."
"""Said wherever times of both sides are compared: the two clocks mean different things."""


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


def _on(moment: str | None) -> str:
    return f" on {moment}" if moment else ""


def later_words(item: SyncObject) -> str:
    """For a row without a sync record: which copy is later by the clocks, and what a
    bucket's clock means."""
    later = item.later_side
    if later == "local":
        said = "The copy on this computer was changed after the bucket's copy was uploaded."
    elif later == "remote":
        said = "The bucket's copy was uploaded after the copy on this computer was changed."
    else:
        said = "Which copy is later is not known."
    return f"{said} {BUCKET_TIME}"


def history_words(item: SyncObject, state: PlanState) -> str:
    """One sentence on which side changed since the last sync, and when; empty for
    states that carry no history (new, identical, skipped...)."""
    synced = when(item.last_synced)
    since = f"since the last sync{_on(synced)}"
    if state == PlanState.CHANGED_LOCAL:
        return f"Changed on this computer{_on(local_changed(item))}, {since}."
    if state == PlanState.CHANGED_REMOTE:
        return f"Changed in the bucket (uploaded{_on(remote_changed(item))}), {since}."
    if state == PlanState.CONFLICT:
        return f"Changed on both sides {since}."
    if state == PlanState.DIFFERS:
        return f"Never synced here. {later_words(item)}"
    if state == PlanState.DELETED_SOURCE:
        return f"Synced{_on(synced)}, since deleted from the source."
    return ""


def replacement_reason(item: SyncObject) -> str:
    """Why replacing the target's copy of ``item`` needs the overwrite tick: what would be
    lost, in the target's words."""
    state = item.state
    if state == PlanState.CHANGED_REMOTE:
        return f"the bucket's copy is newer: edited there{_on(remote_changed(item))}"
    if state == PlanState.CHANGED_LOCAL:
        return f"the copy on this computer is newer: edited{_on(local_changed(item))}"
    if state == PlanState.CONFLICT:
        return f"changed on both sides since the last sync{_on(when(item.last_synced))}"
    later = item.later_side
    if later is None:
        return "never synced here; which copy is newer is not known"
    order = "later" if later == "remote" else "earlier"
    return f"never synced here; the bucket's copy was uploaded {order}"
