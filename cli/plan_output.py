"""What the command line prints about a plan: the dry run's table, and why a run is refused.

The states and their words are the engine's (:mod:`bucketferry.core.states`), shared with
the window; this module adds a colour per state, the notes on a row (which copy is later,
when it was last synced, why it is refused), and the sentences that say what a run will
need. Separate from :mod:`.output` (results, listings, progress) because the plan is where
the sync record shows, and both together would not fit one readable module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from bucketferry.core import SyncObject, TransactionSummary
from bucketferry.core.display import printable
from bucketferry.core.states import PLAN_STATES, PlanState
from bucketferry.core.units import files_count, human_size

from .output import local_time, paint, use_colour

SHOWN_PER_STATE = 100
"""Rows listed per state in a plan; the rest are counted (--json lists everything)."""

COLOURS = {
    PlanState.COLLISION: "31",  # red
    PlanState.CONFLICT: "1;31",  # bold red: someone's change is lost if forced
    PlanState.DIFFERS: "33",  # yellow
    PlanState.CHANGED_REMOTE: "36",  # cyan
    PlanState.CHANGED_LOCAL: "34",  # blue
    PlanState.NEW: "32",  # green
    PlanState.DELETED_SOURCE: "2;33",  # dim yellow: left alone, but maybe unexpected
    PlanState.ONLY_TARGET: "2;36",  # dim cyan: left alone
    PlanState.IDENTICAL: "2",  # dim
    PlanState.REFUSED: "35",  # magenta
    PlanState.SKIPPED: "2",  # dim
}
"""The ANSI colour of each plan state's heading: the one thing the command line adds to
the engine's states, whose words (:attr:`PlanState.meaning`) both clients share."""

WITH_REASONS = (PlanState.COLLISION, PlanState.REFUSED, PlanState.SKIPPED)
"""States whose rows show each file's reason: the state alone does not say why."""

ONE_SIDED = (PlanState.DELETED_SOURCE, PlanState.ONLY_TARGET)
"""States of files that exist on the target only: their size is the target's copy."""

WITH_LAST_SYNC = (
    PlanState.CONFLICT,
    PlanState.CHANGED_REMOTE,
    PlanState.CHANGED_LOCAL,
    PlanState.DELETED_SOURCE,
)
"""States whose rows say when the path was last synced: the sync record gave the state."""

UNSAFE_WHY = {
    PlanState.DIFFERS: "never synced here, so which copy is newer is unknown",
    PlanState.CONFLICT: "changed on both sides since the last sync",
    PlanState.CHANGED_REMOTE: "changed in the bucket since the last sync",
    PlanState.CHANGED_LOCAL: "changed on this computer since the last sync",
}
"""Why replacing a file in this state needs --force: the change a run would lose.
CHANGED_LOCAL is a safe update in a push and CHANGED_REMOTE one in a pull; each needs
--force only the other way, where the run would replace that change."""


def _size(item: SyncObject, direction: str | None) -> int:
    """The size of the source side, what would be transferred; for a file on the target
    only, the target's copy, the only one there is."""
    remote = (direction == "pull") != (item.state in ONE_SIDED)
    return item.remote_size if remote else item.local_size


def _later(item: SyncObject) -> str:
    """For a file never synced here: which copy was modified later, in words that say
    what the bucket's clock means (its upload time, not the last edit)."""
    later = item.later_side
    if later == "local":
        return "modified here after the bucket's copy was uploaded"
    if later == "remote":
        return "the bucket's copy was uploaded after the last change here"
    return "which copy is later is unknown"


def _note(item: SyncObject) -> str:
    """What a row adds to its state's meaning, or ""."""
    state = item.state
    if state in WITH_REASONS:
        return printable(item.reason or "")
    if state == PlanState.DIFFERS:
        return _later(item)
    if state in WITH_LAST_SYNC:
        synced = local_time(item.last_synced)
        return f"last synced {synced}" if synced else ""
    return ""


def _rows(
    out: TextIO,
    items: Sequence[SyncObject],
    direction: str | None,
    note: Callable[[SyncObject], str] = _note,
) -> None:
    for item in items[:SHOWN_PER_STATE]:
        said = note(item)
        tail = f"  ({said})" if said else ""
        out.write(f"  {human_size(_size(item, direction)):>9}  {printable(item.name)}{tail}\n")
    if len(items) > SHOWN_PER_STATE:
        out.write(f"  ... and {len(items) - SHOWN_PER_STATE} more (--json lists all)\n")


def _counted(state: PlanState, count: int) -> str:
    """'2 differ', '1 conflict', '3 changed here': a state's count in the totals line."""
    if state == PlanState.DIFFERS:
        return f"{count} differ"
    if state == PlanState.CONFLICT:
        return files_count(count, "conflict")
    return f"{count} {state.label.lower()}"


def _totals(summary: TransactionSummary, counts: dict[PlanState, int]) -> str:
    """The line after the table: what a run transfers and what it leaves as it is. The
    states the sync record gives appear only when the plan has them."""
    transfers = [_counted(PlanState.NEW, counts[PlanState.NEW])]
    transfers.append(_counted(PlanState.DIFFERS, counts[PlanState.DIFFERS]))
    transfers += [
        _counted(state, counts[state])
        for state in (PlanState.CONFLICT, PlanState.CHANGED_REMOTE, PlanState.CHANGED_LOCAL)
        if counts[state]
    ]
    refused = counts[PlanState.REFUSED]
    refused_part = f"{refused} refused, " if refused else ""
    left = (
        f"{counts[PlanState.IDENTICAL]} identical, {refused_part}"
        f"{counts[PlanState.SKIPPED]} skipped, {counts[PlanState.COLLISION]} collisions"
    )
    one_sided = [_counted(state, counts[state]) for state in ONE_SIDED if counts[state]]
    if one_sided:
        left += f"; {', '.join(one_sided)} (left alone)"
    to_send = summary.files_to_sync
    return (
        f"{summary.sync_direction}: {files_count(len(to_send))} to transfer "
        f"({human_size(summary.size_files_to_sync())}): {', '.join(transfers)}; {left}"
    )


def objects_kept(count: int, verb: str, backup_prefix: str | None, versions: bool | None) -> str:
    """Where the objects a run replaces or deletes (``verb``: "replaces", "deletes") will
    be, said before the run: a person deciding whether to go ahead must know whether it
    can be undone. ``versions`` is what the bucket says about keeping old versions (None:
    it does not say); the engine notes a version where there is one, else copies the object
    to ``backup_prefix`` (None: turned off)."""
    what = f"The object it {verb}" if count == 1 else f"The {count} objects it {verb}"
    them, are = ("it", "is") if count == 1 else ("them", "are")
    undo = f"`bucketferry undo RUN_ID` puts {them} back"
    if versions:
        stay = "stays" if count == 1 else "stay"
        return f"{what} {stay} recoverable: the bucket keeps old versions; {undo}."
    if backup_prefix:
        return f"{what} {are} kept in {backup_prefix}/<run id>/ in the bucket; {undo}."
    if versions is None:
        return (
            f"{what} may NOT be kept: bucket backups are off, and the bucket does not say "
            "whether it keeps old versions."
        )
    return f"{what} will NOT be kept: bucket backups are off and the bucket keeps no versions."


def local_files_kept(count: int) -> str:
    """Where the local files a pull replaces go, said before the run (as objects_kept)."""
    what = (
        "The local file it replaces goes"
        if count == 1
        else f"The {count} local files it replaces go"
    )
    them = "it" if count == 1 else "them"
    return (
        f"{what} to the trash first (or, where there is none, a backup folder); "
        f"`bucketferry undo RUN_ID` puts {them} back."
    )


def print_plan(summary: TransactionSummary, out: TextIO, keeping: Sequence[str] = ()) -> None:
    """The dry run: files grouped by state, each group with its count and size, then
    the totals and what a run needs; ``keeping``: sentences on where the copies a run
    replaces will be (see :func:`objects_kept`)."""
    colour = use_colour(out)
    direction = summary.sync_direction
    groups = summary.by_state()
    for state in PLAN_STATES:
        items = groups[state]
        if not items:
            continue
        size = human_size(sum(_size(item, direction) for item in items))
        heading = f"{state.value}: {files_count(len(items))}, {size}"
        out.write(f"{paint(heading, COLOURS[state], colour)}  - {state.meaning}\n")
        _rows(out, items, direction)
    counts = {state: len(items) for state, items in groups.items()}
    out.write(f"\n{_totals(summary, counts)}\n")
    refused = counts[PlanState.REFUSED]
    if refused:
        what = "the refused file" if refused == 1 else f"the {refused} refused files"
        out.write(f"A run leaves {what} alone, for the reasons above (exit code 4).\n")
    safe = len(summary.on_target_neq_md5) - len(summary.unsafe_overwrites)
    if safe:
        where = "the bucket" if direction == "push" else "this computer"
        out.write(
            f"A run updates {files_count(safe)} without --force: {where} still has the "
            "copy last synced.\n"
        )
    if counts[PlanState.COLLISION]:
        out.write(
            "Collisions block the run: rename those paths, or leave them out with --exclude.\n"
        )
    elif summary.unsafe_overwrites:
        out.write(f"A run needs --force: {overwrite_reason(summary)}.\n")
    elif not summary.files_to_sync:
        out.write("Nothing to transfer: everything is already there.\n")
    for sentence in keeping:
        out.write(sentence + "\n")


def overwrite_reason(summary: TransactionSummary) -> str:
    """Which files a run would replace without being a safe update, and why each group
    needs --force (what would be lost), worst first."""
    unsafe = summary.unsafe_overwrites
    present = [
        (state, count)
        for state in PLAN_STATES
        if state in UNSAFE_WHY and (count := sum(item.state == state for item in unsafe))
    ]
    if len(present) == 1:
        why = UNSAFE_WHY[present[0][0]]
    else:
        why = "; ".join(f"{count} {UNSAFE_WHY[state]}" for state, count in present)
    return f"{files_count(len(unsafe))} would be overwritten: {why}"


def refusal_reason(summary: TransactionSummary) -> str:
    """Why a whole run is refused before anything changes: collisions, or overwrites
    without --force. One sentence, for people and for scripts (``--json``)."""
    collisions = len(summary.unresolvable_collisions)
    if collisions:
        return (
            f"{files_count(collisions, 'file/folder name collision')}; a name cannot be a "
            "file and a folder at once"
        )
    return overwrite_reason(summary)


def print_refusal(summary: TransactionSummary, err: TextIO, keeping: Sequence[str] = ()) -> None:
    """Why a run was refused before anything changed: each file named with its reason,
    and what to do; ``keeping``: where the copies a forced run replaces would be (said
    only where --force is the advice)."""
    groups = summary.by_state()
    direction = summary.sync_direction
    if groups[PlanState.COLLISION]:
        err.write(f"Refused: {refusal_reason(summary)}:\n")
        _rows(err, groups[PlanState.COLLISION], direction)
        advice = "Rename those paths, or leave them out with --exclude."
    else:
        unsafe = summary.unsafe_overwrites
        err.write(f"Refused: {files_count(len(unsafe))} would be overwritten without --force:\n")
        ranked = [item for state in PLAN_STATES for item in unsafe if item.state == state]
        _rows(err, ranked, direction, note=lambda item: UNSAFE_WHY[item.state or PlanState.DIFFERS])
        advice = "Add --force to overwrite them, or --dry-run to see the whole plan."
        advice += "".join(
            f"\nWith --force: {sentence[0].lower()}{sentence[1:]}" for sentence in keeping
        )
    err.write(f"Nothing was changed. {advice}\n")
    if groups[PlanState.REFUSED]:
        count = len(groups[PlanState.REFUSED])
        err.write(
            f"Besides, {files_count(count)} cannot be transferred safely and would be left "
            "alone; --dry-run shows why.\n"
        )
