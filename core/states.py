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
    DIFFERS = "differs"
    NEW = "new"
    FAILED = "failed"
    SYNCED = "synced"
    IDENTICAL = "identical"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]

    @property
    def transfers(self) -> bool:
        """Whether a run (forced, for DIFFERS) would copy a file in this state."""
        return self in (PlanState.NEW, PlanState.DIFFERS)


_MEANINGS = {
    PlanState.COLLISION: "a file and a folder have the same name: blocks the run",
    PlanState.REFUSED: "cannot be transferred safely: left alone, for the reason shown",
    PlanState.DIFFERS: "content differs on the target: overwritten only when forced",
    PlanState.NEW: "not on the target yet: will be copied",
    PlanState.FAILED: "not transferred: see the reason",
    PlanState.SYNCED: "transferred in this run",
    PlanState.IDENTICAL: "same content on both sides: left alone",
    PlanState.SKIPPED: "left out by the filters",
}

PLAN_STATES = (
    PlanState.COLLISION,
    PlanState.DIFFERS,
    PlanState.NEW,
    PlanState.IDENTICAL,
    PlanState.REFUSED,
    PlanState.SKIPPED,
)
"""The states a plan can give, in the order the command line prints them."""
