"""The states a file can be in, in a plan and after a run, and the words a person reads.

One definition for the command line and the window: they add only presentation (colour,
icon). Ordered worst first, the order in which both list them.
"""

from __future__ import annotations

from enum import StrEnum


class PlanState(StrEnum):
    """What a plan will do with one path, or (SYNCED, FAILED) what a run did with it.

    ``label`` names the state in one word; ``meaning`` says what it means for the file, in
    words that need no knowledge of the command line or the window.
    """

    COLLISION = "collision"
    REFUSED = "refused"
    CONFLICT = "conflict"
    DIFFERS = "differs"
    CHANGED_REMOTE = "changed_remote"
    CHANGED_LOCAL = "changed_local"
    NEW = "new"
    DELETED_SOURCE = "deleted_source"
    ONLY_TARGET = "only_target"
    FAILED = "failed"
    SYNCED = "synced"
    IDENTICAL = "identical"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return _LABELS.get(self) or self.value.capitalize()

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]

    @property
    def transfers(self) -> bool:
        """Whether a run copies a file in this state (if it is chosen; the ones that
        replace a copy, and are no safe update, only when forced)."""
        return self in (PlanState.NEW, *REPLACING)

    @property
    def replaces(self) -> bool:
        """Whether copying the file replaces a different copy on the target."""
        return self in REPLACING


REPLACING = (
    PlanState.DIFFERS,
    PlanState.CHANGED_LOCAL,
    PlanState.CHANGED_REMOTE,
    PlanState.CONFLICT,
)
"""Both sides hold the file, with different content: which one changed since the last
sync (the sync record says), or DIFFERS when there is no record of a sync."""

_LABELS = {
    PlanState.CHANGED_LOCAL: "Changed here",
    PlanState.CHANGED_REMOTE: "Changed in bucket",
    PlanState.DELETED_SOURCE: "Deleted from source",
    PlanState.ONLY_TARGET: "Only on target",
}

_MEANINGS = {
    PlanState.COLLISION: "a file and a folder have the same name: blocks the run",
    PlanState.REFUSED: "cannot be transferred safely: left alone, for the reason shown",
    PlanState.DIFFERS: "content differs and was never synced here, so which copy is newer is "
    "unknown: overwritten only when forced",
    PlanState.CHANGED_LOCAL: "changed on this computer since the last sync; the bucket still "
    "has the copy last synced",
    PlanState.CHANGED_REMOTE: "changed in the bucket since the last sync; this computer still "
    "has the copy last synced",
    PlanState.CONFLICT: "changed on both sides since the last sync: overwritten only when "
    "forced, and one of the changes is then replaced",
    PlanState.ONLY_TARGET: "only on the target and never synced from here: shown, not copied",
    PlanState.DELETED_SOURCE: "synced before, since deleted from the source, still on the "
    "target: shown, not copied or deleted",
    PlanState.NEW: "not on the target yet: will be copied",
    PlanState.FAILED: "not transferred: see the reason",
    PlanState.SYNCED: "transferred in this run",
    PlanState.IDENTICAL: "same content on both sides: left alone",
    PlanState.SKIPPED: "left out by the filters",
}

PLAN_STATES = (
    PlanState.COLLISION,
    PlanState.CONFLICT,
    PlanState.DIFFERS,
    PlanState.CHANGED_REMOTE,
    PlanState.CHANGED_LOCAL,
    PlanState.NEW,
    PlanState.DELETED_SOURCE,
    PlanState.ONLY_TARGET,
    PlanState.IDENTICAL,
    PlanState.REFUSED,
    PlanState.SKIPPED,
)
"""The states a plan can give, in the order the command line prints them."""
