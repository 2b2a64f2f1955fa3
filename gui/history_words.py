"""What View ▸ History says about a recorded run and its files: its kind, when, where,
how it ended, what each file's step was and where a replaced version went.

One place for these words, so the tables, the undo confirmation and the status lines tell
the same story about a run.
"""

from __future__ import annotations

from bucketferry.core.display import printable
from bucketferry.core.journal import (
    BACKUP_FOLDER,
    BACKUP_KEY,
    CANCELLED,
    DONE,
    FAILED,
    KEPT,
    LOCAL,
    PLANNED,
    TRASH,
    VERSION,
    FileStep,
    RunInfo,
)
from bucketferry.core.undo import REMOVE, RESTORE, UndoPlan
from bucketferry.core.units import files_count, local_time

KINDS = {"push": "Push", "pull": "Pull", "delete": "Delete remote", "undo": "Undo"}
OUTCOMES = {
    "finished": "Finished",
    "cancelled": "Cancelled",
    "stopped": "Stopped",
    None: "Interrupted",
}
INTERRUPTED = (
    "The run did not record its end: the application quit or stopped before it finished "
    "(or the run is still going)."
)
FILE_OUTCOMES = {
    DONE: "done",
    FAILED: "failed",
    CANCELLED: "cancelled",
    KEPT: "not recorded as done",
    PLANNED: "not recorded",
}
"""A file's outcome; a killed run leaves 'planned' (or 'kept') for files in flight."""


def kind_word(run: RunInfo) -> str:
    return KINDS.get(run.kind, run.kind.capitalize())


def started(run: RunInfo) -> str:
    """When the run started, in local time to the second, as the preview shows modified
    times (two runs a minute apart must read apart)."""
    return local_time(run.started_at) or run.started_at


def run_name(run: RunInfo) -> str:
    """'Push of 2026-11-30 13:01:15'."""
    return f"{kind_word(run)} of {started(run)}"


def run_title(run: RunInfo) -> str:
    """'the push of 2026-11-30 13:01:15', for sentences."""
    return f"the {kind_word(run).lower()} of {started(run)}"


def outcome_key(run: RunInfo) -> str:
    """A stable lower-case word: 'finished', 'cancelled', 'stopped' or 'interrupted'."""
    return run.outcome or "interrupted"


def outcome_words(run: RunInfo) -> str:
    said = OUTCOMES.get(run.outcome, str(run.outcome).capitalize())
    return f"{said}: {printable(run.note)}" if run.note else said


def all_went_well(run: RunInfo) -> bool:
    """Finished, and every file of it done."""
    return run.outcome == "finished" and set(run.counts) <= {DONE}


def counts_words(run: RunInfo) -> str:
    """'3 files: 2 done, 1 failed' (outcomes in a fixed order); '2 files, all done'."""
    parts = [
        f"{run.counts[key]} {word}" for key, word in FILE_OUTCOMES.items() if run.counts.get(key)
    ]
    parts += [f"{n} {key}" for key, n in run.counts.items() if key not in FILE_OUTCOMES and n]
    head = files_count(run.files)
    if set(run.counts) == {DONE}:
        return f"{head}, all done"
    return f"{head}: {', '.join(parts)}" if parts else head


def place_words(run: RunInfo, connection: str | None) -> str:
    """'Local folder: bucketferry/photos' (the connection that reaches the bucket, if one
    does), else the bucket with its base path."""
    where = "/".join(part for part in (run.place.bucket, run.place.base_path.strip("/")) if part)
    return f"{connection}: {where}" if connection else where


def step_action_words(step: FileStep) -> str:
    here = step.side == LOCAL
    return {
        "upload": "Upload (new)",
        "download": "Download (new)",
        "replace": "Replace here" if here else "Replace in bucket",
        "delete": "Delete from bucket",
        "restore": "Put back here" if here else "Put back in bucket",
        "remove": "Remove here" if here else "Remove from bucket",
    }.get(step.action, step.action)


def step_outcome_words(step: FileStep) -> str:
    said = FILE_OUTCOMES.get(step.outcome, step.outcome)
    return f"{said}: {printable(step.reason)}" if step.reason else said


def kept_words(step: FileStep) -> str:
    """Where the version this step replaced or deleted went; '' when it replaced nothing
    (or did not happen), 'not kept' when nothing kept it."""
    where = printable(step.kept_where or "")
    if step.kept_kind == TRASH:
        return f"Trash: {where}"
    if step.kept_kind == BACKUP_FOLDER:
        return f"Backup folder: {where}"
    if step.kept_kind == BACKUP_KEY:
        return f"Bucket: {where}"
    if step.kept_kind == VERSION:
        return f"Older version {where}"
    if step.before is not None and step.outcome == DONE:
        return "not kept"
    return ""


def step_path(step: FileStep) -> str:
    """The file as a person finds it: its local path for a change on this computer, its
    name in the bucket otherwise."""
    return printable(step.local_path if step.side == LOCAL and step.local_path else step.name)


def plan_words(plan: UndoPlan) -> str:
    """'put back 2, remove 1, leave 3 alone (1 changed after the run)'."""
    restore = sum(1 for s in plan.to_do if s.action == RESTORE)
    remove = sum(1 for s in plan.to_do if s.action == REMOVE)
    alone = len(plan.steps) - restore - remove
    conflicts = len(plan.conflicts)
    said = f"put back {restore}, remove {remove}, leave {alone} alone"
    return said + (f" ({conflicts} changed after the run)" if conflicts else "")


def result_words(plan: UndoPlan) -> str:
    """'2 put back, 1 removed, 1 failed (cancelled)'."""
    done = [s for s in plan.to_do if s.status == "done"]
    restored = sum(1 for s in done if s.action == RESTORE)
    said = f"{restored} put back, {len(done) - restored} removed, {len(plan.failed)} failed"
    cancelled = any(s.reason == "cancelled" for s in plan.failed)
    return said + (" (cancelled)" if cancelled else "")
