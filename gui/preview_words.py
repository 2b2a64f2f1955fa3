"""What the status bar says when a preview is ready: what a run would do, or plainly that
there is nothing to do and why, never a hint at a button that cannot be clicked."""

from __future__ import annotations

from bucketferry.core.states import PlanState
from bucketferry.core.units import files_count, human_size


def preview_status(direction: str, counts: dict[PlanState, int], files: int, size: int) -> str:
    """``counts``: rows per state; ``files`` and ``size``: what a run of the checked rows
    would transfer."""
    button = "Push…" if direction == "push" else "Pull…"
    if files:
        return (
            f"Preview ready: {files_count(files)} ({human_size(size)}) to {direction}. "
            f"Uncheck the rows to leave out, then click {button}"
        )
    shown = {state: count for state, count in counts.items() if count}
    if not shown:
        return f"Nothing to {direction}: there are no files here that the filters let through."
    if set(shown) == {PlanState.IDENTICAL}:
        return f"Nothing to {direction}: every file is identical."
    said = ", ".join(f"{count} {state.label.lower()}" for state, count in shown.items())
    return f"Nothing to {direction}: no file is new or changed ({said})."
