"""``bucketferry history`` and ``bucketferry undo``: the runs this computer recorded, and
putting back what one of them changed.

An undo is shown before it runs and asked for as ``rm`` asks (only a person at a terminal
can say yes; a script must say ``--yes``), runs with a progress bar and Ctrl-C, and ends
with the exit codes of the other commands: 0 undone (or nothing to undo), 1 some files
failed, 3 not confirmed (nothing changed), 4 undone except the files left alone because
they changed after the run or their old version is gone, 130 cancelled.
"""

from __future__ import annotations

import argparse
import logging
import time
from typing import TextIO

from bucketferry.core import CancelToken, ConfigurationError, RemoteStorage
from bucketferry.core.config import embedded_default_config, endpoint_of
from bucketferry.core.journal import RunInfo
from bucketferry.core.undo import REMOVE, RESTORE, UndoPlan
from bucketferry.core.units import files_count, human_duration

from .exit_codes import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED, EXIT_SOME_REFUSED
from .interaction import confirmed, ctrl_c_cancels
from .output import ProgressBar, StatusLine, WaitNotice, print_by_reason, print_json
from .undo_output import left_alone, print_history, print_left_alone, print_undo_plan

log = logging.getLogger(__name__)


def run_history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Every recorded run, of every connection: the journal is this computer's, kept in
    the sync record's file, so no connection is needed (nor made)."""
    storage = RemoteStorage(embedded_default_config())
    runs = storage.history(args.limit)
    if args.json:
        print_json([run.to_dict() for run in runs], out)
    elif runs:
        print_history(runs, out)
    if not runs and not storage.journal.usable:
        err.write(
            "Runs are not being recorded: the sync record's file cannot be used (the log "
            "file says why).\n"
        )
        return EXIT_FAILED
    if not runs and not args.json:
        out.write("No runs are recorded yet: push, pull, rm and undo record theirs as they run.\n")
    return EXIT_OK


def _find_run(storage: RemoteStorage, run_id: str) -> RunInfo:
    """The run ``run_id`` names (all of an id, or the start of exactly one), on this
    connection's bucket; else a plain error that says what to give instead."""
    runs = storage.history()
    matches = [run for run in runs if run.id == run_id] or [
        run for run in runs if run_id and run.id.startswith(run_id)
    ]
    if not matches:
        unrecorded = (
            ""
            if storage.journal.usable
            else " (runs are not being recorded: the sync record's file cannot be used)"
        )
        raise ConfigurationError(
            f"No run '{run_id}' is recorded on this computer{unrecorded}. `bucketferry "
            "history` lists the runs that can be undone.",
            title="No such run",
        )
    if len(matches) > 1:
        some = ", ".join(run.id for run in matches[:3])
        raise ConfigurationError(
            f"'{run_id}' is the start of {len(matches)} runs' ids ({some}"
            f"{', ...' if len(matches) > 3 else ''}); give more of the id.",
            title="Which run?",
        )
    run = matches[0]
    endpoint = endpoint_of(storage.conf)
    if (endpoint, storage.conf.bucket) != (run.place.endpoint, run.place.bucket):
        raise ConfigurationError(
            f"Run {run.id} was on bucket '{run.place.bucket}' ({run.place.endpoint}), not on "
            f"this connection's bucket '{storage.conf.bucket}' ({endpoint}). Undo it with "
            f"that bucket's connection{_connection_hint(run)}.",
            title="Another bucket",
        )
    return run


def _connection_hint(run: RunInfo) -> str:
    """How to reach the run's bucket: no options (the embedded bucket), or the saved
    profiles that reach it. Only a hint: a profile file that cannot be read gives none."""
    embedded = embedded_default_config()
    if (endpoint_of(embedded), embedded.bucket) == (run.place.endpoint, run.place.bucket):
        return ": without --profile or connection options (the local-folder bucket)"
    try:
        from bucketferry.core.profiles import ProfileStore

        names = []
        for profile in ProfileStore().list():
            conf = profile.to_config("")
            if (endpoint_of(conf), conf.bucket) == (run.place.endpoint, run.place.bucket):
                names.append(f"--profile '{profile.name}'")
    except Exception as exc:
        log.debug("No connection hint for run %s: %s", run.id, exc)
        return ""
    return f": {' or '.join(names)}" if names else ""


def run_undo(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    stdin: TextIO,
    line: StatusLine | None,
) -> int:
    """Plan the undo, show it, ask, run it, report (see the module's docstring)."""
    with WaitNotice(err, line):
        run = _find_run(storage, args.run_id)
        plan = storage.plan_undo(run.id)
    log.info(
        "Undo of run %s: %d to do, %d left alone, of %d files",
        run.id,
        len(plan.to_do),
        len(left_alone(plan)),
        len(plan.steps),
    )
    if args.dry_run:
        if args.json:
            print_json(plan.to_dict(), out)
        else:
            print_undo_plan(plan, out)
        return EXIT_OK
    alone = left_alone(plan)
    if not plan.to_do:
        print_left_alone(plan, err)
        if args.json:
            print_json(plan.to_dict(), out)
        if alone:
            err.write("Nothing was undone.\n")
            return EXIT_SOME_REFUSED
        err.write("Nothing to undo: every file the run changed is already as it was before.\n")
        return EXIT_OK
    if not args.yes:
        print_undo_plan(plan, err)
        if not confirmed(
            stdin,
            err,
            question=f"Undo the changes to these {files_count(len(plan.to_do))}?",
            nothing_done="nothing was changed",
            verb="undo",
        ):
            return EXIT_REFUSED
    else:
        print_left_alone(plan, err)
    started = time.monotonic()
    token = CancelToken()
    _undo_showing_progress(storage, plan, args.workers, token, err, line)
    if args.json:
        print_json(plan.to_dict(), out)
    return _report(plan, token.cancelled, time.monotonic() - started, out, err, args.json)


def _undo_showing_progress(
    storage: RemoteStorage,
    plan: UndoPlan,
    workers: int | None,
    token: CancelToken,
    err: TextIO,
    line: StatusLine | None,
) -> None:
    """Runs the undo with a bar counting files on a terminal, and Ctrl-C stopping it
    between files (per-file results land in the plan's steps)."""
    bar = ProgressBar(line, counting="file") if line is not None else None
    try:
        with (
            ctrl_c_cancels(token, err, saying="finishing the files under way"),
            WaitNotice(err, line),
        ):
            storage.undo(plan, workers=workers, progress=bar, cancel=token)
    finally:
        if bar is not None:
            bar.close()


def _report(
    plan: UndoPlan, cancelled: bool, seconds: float, out: TextIO, err: TextIO, as_json: bool
) -> int:
    """What the undo did, and its exit code: cancelled, then failed, then left alone."""
    steps = plan.to_do
    done = [step for step in steps if step.status == "done"]
    failed = [step for step in steps if step.status == "failed" and step.reason != "cancelled"]
    put_back = sum(step.action == RESTORE for step in done)
    removed = sum(step.action == REMOVE for step in done)
    if not as_json:
        alone = len(left_alone(plan))
        changed = [
            f"put back {files_count(put_back)}" if put_back else "",
            f"removed {files_count(removed)}" if removed else "",
        ]
        out.write(
            f"Undid run {plan.run.id} in {human_duration(seconds)}: "
            + (", ".join(part for part in changed if part) or "nothing changed")
            + (f"; {alone} left alone" if alone else "")
            + (f"; {len(failed)} failed" if failed else "")
            + ".\n"
        )
        if plan.undo_run_id:
            out.write(
                f"The undo is run {plan.undo_run_id} in the history; what it replaced or "
                f"removed is kept, and `bucketferry undo {plan.undo_run_id}` reverses it.\n"
            )
    if failed:
        err.write(f"Failed to undo {files_count(len(failed))}:\n")
        print_by_reason([(step.path, step.reason) for step in failed], err)
    if cancelled:
        err.write(
            f"Cancelled: undid {len(done)} of {files_count(len(steps))}; the same command "
            "again finishes the undo.\n"
        )
        return EXIT_INTERRUPTED
    if failed:
        err.write("Run the same command again to retry the failed files.\n")
        return EXIT_FAILED
    return EXIT_SOME_REFUSED if left_alone(plan) else EXIT_OK
