"""What ``history`` and ``undo`` print: the runs as a table, and an undo file by file.

An undo is shown before it runs as one line per file: what happens to it (put back,
remove, left alone, unchanged) and why, the way a plan is shown before a push. Files left
alone come with their reason, since they are what a person must look at: something
changed them after the run, or their old version was not kept.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TextIO

from bucketferry.core.display import printable
from bucketferry.core.journal import BACKUP_FOLDER, BACKUP_KEY, CANCELLED, FAILED, TRASH, RunInfo
from bucketferry.core.locations import data_dir
from bucketferry.core.states import PlanState
from bucketferry.core.undo import REMOVE, RESTORE, UndoPlan, UndoStep
from bucketferry.core.units import files_count, human_size

from .output import local_time, print_table

SHOWN_PER_GROUP = 100
"""Files listed per kind of step; the rest are counted (--json lists every one)."""

PUT_BACK, REMOVED, LEFT_ALONE, UNCHANGED = "put back", "remove", "left alone", "unchanged"
GROUPS = (PUT_BACK, REMOVED, LEFT_ALONE, UNCHANGED)
"""What an undo does with a file, in the order it is listed: what changes first."""


def group_of(step: UndoStep) -> str:
    """Which of GROUPS a step is in. A file the run never changed (it failed or was
    cancelled) is unchanged, not left alone: nothing of it needs undoing."""
    if step.action == RESTORE:
        return PUT_BACK
    if step.action == REMOVE:
        return REMOVED
    if step.state == PlanState.CONFLICT:
        return LEFT_ALONE
    if step.state == PlanState.SKIPPED and step.file.outcome not in (FAILED, CANCELLED):
        return LEFT_ALONE  # its old version cannot be put back
    return UNCHANGED


def left_alone(plan: UndoPlan) -> list[UndoStep]:
    """The files an undo leaves as they are although the run changed them (exit code 4)."""
    return [step for step in plan.steps if group_of(step) == LEFT_ALONE]


def _why(step: UndoStep) -> str:
    """The reason shown beside a file, in words that say where the old version comes from."""
    file = step.file
    if step.action == RESTORE:
        where = printable(file.kept_where or "")
        if file.kept_kind == BACKUP_KEY:
            source = f"kept in {where} in the bucket"
        elif file.kept_kind == TRASH:
            source = f"from the trash ({where})"
        elif file.kept_kind == BACKUP_FOLDER:
            source = f"kept in {where}"
        else:
            source = f"kept by the bucket as version {where}"
        return f"the version from before the run, {source}"
    return printable(step.reason.removeprefix("left alone: "))


def run_words(run: RunInfo) -> str:
    """A run in one line: kind, id, start, where, and how it ended."""
    place = bucket_words(run)
    if run.place.local_root:
        place += f", local folder {run.place.local_root}"
    undoes = f" of run {run.undoes}" if run.undoes else ""
    return (
        f"{run.kind}{undoes} {run.id}, started {local_time(run.started_at)}, bucket {place}; "
        f"{run.outcome or 'interrupted'}"
    )


def print_undo_plan(plan: UndoPlan, stream: TextIO) -> None:
    """The undo, one line per file (at most SHOWN_PER_GROUP per group), then the totals."""
    stream.write(f"Undo of {printable(run_words(plan.run))}:\n")
    if plan.run.outcome is None:
        stream.write(
            "  (the run did not finish: it was interrupted, or is still running; files it "
            "never got to are unchanged)\n"
        )
    grouped = {group: [s for s in plan.steps if group_of(s) == group] for group in GROUPS}
    for group, steps in grouped.items():
        for step in steps[:SHOWN_PER_GROUP]:
            stream.write(f"  {group:<10}  {printable(step.path)}  ({_why(step)})\n")
        if len(steps) > SHOWN_PER_GROUP:
            more = len(steps) - SHOWN_PER_GROUP
            stream.write(f"  {group:<10}  ... and {more} more (--json lists all)\n")
    stream.write(undo_totals(grouped) + "\n")


def undo_totals(grouped: dict[str, list[UndoStep]]) -> str:
    """'Undo: 2 files to put back, 1 to remove; 1 left alone; 3 unchanged.'"""
    to_do = [
        f"{files_count(len(grouped[PUT_BACK]))} to put back" if grouped[PUT_BACK] else "",
        f"{files_count(len(grouped[REMOVED]))} to remove" if grouped[REMOVED] else "",
    ]
    said = ", ".join(part for part in to_do if part) or "nothing to change"
    if grouped[LEFT_ALONE]:
        said += f"; {len(grouped[LEFT_ALONE])} left alone (exit code 4)"
    if grouped[UNCHANGED]:
        said += f"; {len(grouped[UNCHANGED])} already as before the run"
    return f"Undo: {said}."


def print_left_alone(plan: UndoPlan, err: TextIO) -> None:
    """The files left alone, with the reason, when the whole plan is not shown (--yes)."""
    steps = left_alone(plan)
    if not steps:
        return
    err.write(f"Left alone, not undone: {files_count(len(steps))}:\n")
    for step in steps[:SHOWN_PER_GROUP]:
        err.write(f"  {printable(step.path)}  ({_why(step)})\n")
    if len(steps) > SHOWN_PER_GROUP:
        err.write(f"  ... and {len(steps) - SHOWN_PER_GROUP} more (--json lists all)\n")


# --- history -----------------------------------------------------------------------------


def bucket_words(run: RunInfo) -> str:
    """The bucket and base path, with the server (or the folder holding a folder bucket)
    when it is not the usual one: 'photos/team at minio.local:9000'."""
    place = run.place
    name = f"{place.bucket}/{place.base_path}" if place.base_path else place.bucket
    kind, _, rest = place.endpoint.partition(":")
    if kind == "local":
        return name if rest == os.path.realpath(data_dir()) else f"{name} in {rest}"
    host = rest.removeprefix("//").rstrip(":")
    return f"{name} at {host}" if host else f"{name} ({kind})"


def _files(run: RunInfo) -> str:
    """How the run's files ended: '3 done (1.2 MB), 1 failed'. Files without an end
    recorded were not tried in a run that ended, and are unknown in one that did not."""
    counts = run.counts
    parts = [
        f"{counts[word]} {word}" for word in ("done", "failed", "cancelled") if counts.get(word)
    ]
    if parts and counts.get("done") and run.bytes_done:
        parts[0] += f" ({human_size(run.bytes_done)})"
    open_ended = counts.get("planned", 0) + counts.get("kept", 0)
    if open_ended:
        parts.append(f"{open_ended} {'unknown' if run.outcome is None else 'not tried'}")
    return ", ".join(parts) or "none"


def print_history(runs: Sequence[RunInfo], out: TextIO) -> None:
    """The runs as a table, newest first; NOTE says what an undo undid, which later run
    undid this one, and why a run stopped."""
    undone_by: dict[str, str] = {}
    for run in runs:  # newest first: the first undo of a run is the one that stays
        if run.undoes:
            undone_by[run.undoes] = run.id
    rows = []
    for run in runs:
        notes = [f"undoes {run.undoes}"] if run.undoes else []
        if run.id in undone_by:
            notes.append(f"undone by {undone_by[run.id]}")
        if run.note:
            notes.append(run.note)
        rows.append(
            [
                run.id,
                local_time(run.started_at) or "-",
                run.kind,
                _files(run),
                run.outcome or "interrupted",
                bucket_words(run),
                run.place.local_root or "-",
                "; ".join(notes) or "-",
            ]
        )
    headers = ["RUN", "STARTED", "KIND", "FILES", "OUTCOME", "BUCKET", "LOCAL FOLDER", "NOTE"]
    print_table(headers, rows, out)
