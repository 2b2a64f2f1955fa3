"""What the status bar says when a preview is ready: what a run would do, or plainly that
there is nothing to do and why, never a hint at a button that cannot be clicked."""

from __future__ import annotations

from bucketferry.core.states import PlanState
from bucketferry.core.units import human_size

from .sync_states import state_label
from .translation import Context

preview_words = Context("preview_words")


def preview_status(direction: str, counts: dict[PlanState, int], files: int, size: int) -> str:
    """``counts``: rows per state; ``files`` and ``size``: what a run of the checked rows
    would transfer."""
    push = direction == "push"
    if files:
        ready = (
            preview_words.tr(
                "Preview ready: %n file(s) ({size}) to push. Uncheck the rows to leave out, "
                "then click Push…",
                "",
                files,
            )
            if push
            else preview_words.tr(
                "Preview ready: %n file(s) ({size}) to pull. Uncheck the rows to leave out, "
                "then click Pull…",
                "",
                files,
            )
        )
        return ready.format(size=human_size(size))
    shown = {state: count for state, count in counts.items() if count}
    if not shown:
        return (
            preview_words.tr(
                "Nothing to push: there are no files here that the filters let through."
            )
            if push
            else preview_words.tr(
                "Nothing to pull: there are no files here that the filters let through."
            )
        )
    if set(shown) == {PlanState.IDENTICAL}:
        return (
            preview_words.tr("Nothing to push: every file is identical.")
            if push
            else preview_words.tr("Nothing to pull: every file is identical.")
        )
    said = ", ".join(f"{count} {state_label(state)}" for state, count in shown.items())
    nothing = (
        preview_words.tr("Nothing to push: no file is new or changed ({states}).")
        if push
        else preview_words.tr("Nothing to pull: no file is new or changed ({states}).")
    )
    return nothing.format(states=said)
