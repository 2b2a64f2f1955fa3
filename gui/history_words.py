"""What View ▸ History says about a recorded run and its files: its kind, when, where,
how it ended, what each file's step was and where a replaced version went.

One place for these words, so the tables, the undo confirmation and the status lines tell
the same story about a run.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

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
from bucketferry.core.units import local_time

from .translation import Context

history_words = Context("history_words")
"""The tables below are in English, marked for translation, and said through it."""

KINDS = {
    "push": str(QT_TRANSLATE_NOOP("history_words", "Push")),
    "pull": str(QT_TRANSLATE_NOOP("history_words", "Pull")),
    "delete": str(QT_TRANSLATE_NOOP("history_words", "Delete remote")),
    "undo": str(QT_TRANSLATE_NOOP("history_words", "Undo")),
}
TITLES = {
    "push": str(QT_TRANSLATE_NOOP("history_words", "the push of {started}")),
    "pull": str(QT_TRANSLATE_NOOP("history_words", "the pull of {started}")),
    "delete": str(QT_TRANSLATE_NOOP("history_words", "the delete remote of {started}")),
    "undo": str(QT_TRANSLATE_NOOP("history_words", "the undo of {started}")),
}
"""A run as named inside a sentence."""
OUTCOMES = {
    "finished": str(QT_TRANSLATE_NOOP("history_words", "Finished")),
    "cancelled": str(QT_TRANSLATE_NOOP("history_words", "Cancelled")),
    "stopped": str(QT_TRANSLATE_NOOP("history_words", "Stopped")),
    None: str(QT_TRANSLATE_NOOP("history_words", "Interrupted")),
}
INTERRUPTED = str(
    QT_TRANSLATE_NOOP(
        "history_words",
        "The run did not record its end: the application quit or stopped before it finished "
        "(or the run is still going).",
    )
)
"""In English; :func:`interrupted_words` says it in the window's language."""
FILE_OUTCOMES = {
    DONE: str(QT_TRANSLATE_NOOP("history_words", "done")),
    FAILED: str(QT_TRANSLATE_NOOP("history_words", "failed")),
    CANCELLED: str(QT_TRANSLATE_NOOP("history_words", "cancelled")),
    KEPT: str(QT_TRANSLATE_NOOP("history_words", "not recorded as done")),
    PLANNED: str(QT_TRANSLATE_NOOP("history_words", "not recorded")),
}
"""A file's outcome; a killed run leaves 'planned' (or 'kept') for files in flight."""


def interrupted_words() -> str:
    """:data:`INTERRUPTED` in the window's language."""
    return history_words.tr(INTERRUPTED)


def kind_word(run: RunInfo) -> str:
    kind = KINDS.get(run.kind)
    return history_words.tr(kind) if kind else run.kind.capitalize()


def started(run: RunInfo) -> str:
    """When the run started, in local time to the second, as the preview shows modified
    times (two runs a minute apart must read apart)."""
    return local_time(run.started_at) or run.started_at


def run_name(run: RunInfo) -> str:
    """'Push of 2026-11-30 13:01:15'."""
    return history_words.tr("{kind} of {started}").format(kind=kind_word(run), started=started(run))


def run_title(run: RunInfo) -> str:
    """'the push of 2026-11-30 13:01:15', for sentences."""
    title = TITLES.get(run.kind)
    if title is None:
        return history_words.tr("the {kind} of {started}").format(
            kind=run.kind, started=started(run)
        )
    return history_words.tr(title).format(started=started(run))


def outcome_key(run: RunInfo) -> str:
    """A stable lower-case word: 'finished', 'cancelled', 'stopped' or 'interrupted'."""
    return run.outcome or "interrupted"


def outcome_words(run: RunInfo) -> str:
    outcome = OUTCOMES.get(run.outcome)
    said = history_words.tr(outcome) if outcome else str(run.outcome).capitalize()
    return f"{said}: {printable(run.note)}" if run.note else said


def all_went_well(run: RunInfo) -> bool:
    """Finished, and every file of it done."""
    return run.outcome == "finished" and set(run.counts) <= {DONE}


def _file_outcome(key: str) -> str:
    word = FILE_OUTCOMES.get(key)
    return history_words.tr(word) if word else key


def counts_words(run: RunInfo) -> str:
    """'3 files: 2 done, 1 failed' (outcomes in a fixed order); '2 files, all done'."""
    parts = [
        f"{run.counts[key]} {_file_outcome(key)}" for key in FILE_OUTCOMES if run.counts.get(key)
    ]
    parts += [f"{n} {key}" for key, n in run.counts.items() if key not in FILE_OUTCOMES and n]
    head = history_words.tr("%n file(s)", "", run.files)
    if set(run.counts) == {DONE}:
        return history_words.tr("{files}, all done").format(files=head)
    return f"{head}: {', '.join(parts)}" if parts else head


def place_words(run: RunInfo, connection: str | None) -> str:
    """'Local folder: bucketferry/photos' (the connection that reaches the bucket, if one
    does), else the bucket with its base path."""
    where = "/".join(part for part in (run.place.bucket, run.place.base_path.strip("/")) if part)
    return f"{connection}: {where}" if connection else where


def step_action_words(step: FileStep) -> str:
    here = step.side == LOCAL
    if step.action == "upload":
        return history_words.tr("Upload (new)")
    if step.action == "download":
        return history_words.tr("Download (new)")
    if step.action == "replace":
        return history_words.tr("Replace here") if here else history_words.tr("Replace in bucket")
    if step.action == "delete":
        return history_words.tr("Delete from bucket")
    if step.action == "restore":
        return history_words.tr("Put back here") if here else history_words.tr("Put back in bucket")
    if step.action == "remove":
        return history_words.tr("Remove here") if here else history_words.tr("Remove from bucket")
    return step.action


def step_outcome_words(step: FileStep) -> str:
    said = _file_outcome(step.outcome)
    return f"{said}: {printable(step.reason)}" if step.reason else said


def kept_words(step: FileStep) -> str:
    """Where the version this step replaced or deleted went; '' when it replaced nothing
    (or did not happen), 'not kept' when nothing kept it."""
    where = printable(step.kept_where or "")
    if step.kept_kind == TRASH:
        return history_words.tr("Trash: {where}").format(where=where)
    if step.kept_kind == BACKUP_FOLDER:
        return history_words.tr("Backup folder: {where}").format(where=where)
    if step.kept_kind == BACKUP_KEY:
        return history_words.tr("Bucket: {where}").format(where=where)
    if step.kept_kind == VERSION:
        return history_words.tr("Older version {where}").format(where=where)
    if step.before is not None and step.outcome == DONE:
        return history_words.tr("not kept")
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
    if conflicts:
        said = history_words.tr(
            "put back {restore}, remove {remove}, leave {alone} alone "
            "({conflicts} changed after the run)"
        )
    else:
        said = history_words.tr("put back {restore}, remove {remove}, leave {alone} alone")
    return said.format(restore=restore, remove=remove, alone=alone, conflicts=conflicts)


def result_words(plan: UndoPlan) -> str:
    """'2 put back, 1 removed, 1 failed (cancelled)'."""
    done = [s for s in plan.to_do if s.status == "done"]
    restored = sum(1 for s in done if s.action == RESTORE)
    cancelled = any(s.reason == "cancelled" for s in plan.failed)
    if cancelled:
        said = history_words.tr(
            "{restored} put back, {removed} removed, {failed} failed (cancelled)"
        )
    else:
        said = history_words.tr("{restored} put back, {removed} removed, {failed} failed")
    return said.format(restored=restored, removed=len(done) - restored, failed=len(plan.failed))
