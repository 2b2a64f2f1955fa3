"""``bucketferry backups list | prune``: the copies runs kept in the bucket before replacing
or deleting objects, one entry per run.

They take space in the bucket until pruned, and pruning them is the one thing here that
loses data for good (the runs concerned can no longer be undone in the bucket), so ``prune``
shows what it would remove and asks exactly as ``rm`` does.

``prune`` also aborts the uploads in the bucket left unfinished for more than a week
(whoever began them: their parts take space no listing shows), after showing them, even
where the connection keeps no copies.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import timedelta
from typing import TextIO

from bucketferry.core import (
    AuthenticationError,
    CancelledError,
    CancelToken,
    ConfigurationError,
    RemoteStorage,
    StorageError,
)
from bucketferry.core.bucket_backups import BackupRun
from bucketferry.core.stores.upload_resume import (
    STALE_AFTER,
    UnfinishedUpload,
    abort_uploads,
    stale_uploads,
)
from bucketferry.core.units import files_count, human_size

from .exit_codes import EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED
from .interaction import confirmed, ctrl_c_cancels
from .output import ProgressBar, StatusLine, WaitNotice, local_time, print_json, print_table

STALE_DAYS = STALE_AFTER.days


def run_backups(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    stdin: TextIO,
    line: StatusLine | None,
) -> int:
    if storage.conf.backup_prefix is None:
        if args.action == "prune":
            stale = _stale(storage, err, line)
            if stale:
                return _prune(args, storage, out, err, stdin, line, stale)
        raise ConfigurationError(
            "This connection keeps no copies in the bucket (--no-bucket-backups, or its "
            "profile turns them off), so there are none to show or prune here. Give "
            "--backup-prefix FOLDER to look at a backup folder.",
            title="Bucket backups are off",
        )
    if args.action == "list":
        return _list(args, storage, out, err, line)
    return _prune(args, storage, out, err, stdin, line, _stale(storage, err, line))


def _stale(storage: RemoteStorage, err: TextIO, line: StatusLine | None) -> list[UnfinishedUpload]:
    """The bucket's unfinished uploads begun more than a week ago; none, with a note, where
    the key may not list them (pruning the copies goes on)."""
    try:
        with WaitNotice(err, line):
            return stale_uploads(storage.store)
    except (AuthenticationError, StorageError) as exc:
        err.write(f"Note: the unfinished uploads in the bucket cannot be listed: {exc}\n")
        return []


def _print_runs_json(runs: Sequence[BackupRun], out: TextIO) -> None:
    print_json([run.to_dict() for run in runs], out)


def _in_words(runs: Sequence[BackupRun]) -> str:
    """'the copies of 2 runs (5 objects, 1.2 MB)'."""
    objects = sum(run.objects for run in runs)
    size = human_size(sum(run.bytes for run in runs))
    return (
        f"the copies of {files_count(len(runs), 'run')} ({files_count(objects, 'object')}, {size})"
    )


def _print_runs(runs: Sequence[BackupRun], kinds: dict[str, str], stream: TextIO) -> None:
    """One line per run, oldest first: id, start (local time), kind, objects, size."""
    rows = [
        [
            run.run_id,
            local_time(run.started.isoformat() if run.started else None) or "-",
            kinds.get(run.run_id, "-"),
            str(run.objects),
            human_size(run.bytes),
        ]
        for run in runs
    ]
    print_table(["RUN", "STARTED", "KIND", "OBJECTS", "SIZE"], rows, stream)


def _kinds(storage: RemoteStorage) -> dict[str, str]:
    """Each recorded run's kind (push, delete, undo); runs of other computers have none."""
    return {run.id: run.kind for run in storage.history()}


def _list(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    line: StatusLine | None,
) -> int:
    with WaitNotice(err, line):
        runs = storage.backups()
    if args.json:
        _print_runs_json(runs, out)
        return EXIT_OK
    prefix = storage.conf.backup_prefix
    if not runs:
        with WaitNotice(err, line):
            versions = storage.keeps_versions()
        also = " It keeps old versions, so runs need no copies there." if versions else ""
        out.write(f"No copies are kept in {prefix}/ in bucket '{storage.conf.bucket}'.{also}\n")
        return EXIT_OK
    _print_runs(runs, _kinds(storage), out)
    if out.isatty():
        out.write(f"{_in_words(runs)[0].upper()}{_in_words(runs)[1:]}, in {prefix}/\n")
    return EXIT_OK


def age_words(age: timedelta) -> str:
    """'30 days', '2 weeks', '12 hours': an --older-than as it was most likely typed."""
    hours = int(age.total_seconds() // 3600)
    if hours and hours % (24 * 7) == 0:
        return files_count(hours // (24 * 7), "week")
    if hours % 24 == 0:
        return files_count(hours // 24, "day")
    return files_count(hours, "hour")


def _uploads_words(uploads: Sequence[UnfinishedUpload]) -> str:
    """'2 unfinished uploads begun more than 7 days ago'."""
    return f"{files_count(len(uploads), 'unfinished upload')} begun more than {STALE_DAYS} days ago"


def _print_uploads(uploads: Sequence[UnfinishedUpload], stream: TextIO) -> None:
    """One line per upload: when it was begun (local time), its object, and whose."""
    rows = [
        [
            local_time(upload.initiated.isoformat() if upload.initiated else None) or "-",
            "this computer" if upload.ours else "another program or computer",
            upload.name,
        ]
        for upload in uploads
    ]
    print_table(["BEGUN", "BY", "UNFINISHED UPLOAD"], rows, stream)


def _what(old: Sequence[BackupRun], stale: Sequence[UnfinishedUpload]) -> str:
    """'the copies of 2 runs (...)', '3 unfinished uploads ...', or both."""
    parts = ([_in_words(old)] if old else []) + ([_uploads_words(stale)] if stale else [])
    return " and ".join(parts)


def _show(
    old: Sequence[BackupRun],
    stale: Sequence[UnfinishedUpload],
    age: str,
    kinds: dict[str, str],
    stream: TextIO,
) -> None:
    if old:
        stream.write(f"Would remove {_in_words(old)}, older than {age}:\n")
        _print_runs(old, kinds, stream)
    if stale:
        stream.write(f"Would abort {_uploads_words(stale)} (their parts take space):\n")
        _print_uploads(stale, stream)


def _prune(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    stdin: TextIO,
    line: StatusLine | None,
    stale: Sequence[UnfinishedUpload],
) -> int:
    """Shows the runs whose copies are older than --older-than and the unfinished uploads
    begun more than a week ago (``stale``), asks, removes them. The removal takes the runs
    older than that at its own moment: the same ones, unless one came of age while the
    question waited (which is still what was asked for)."""
    age = age_words(args.older_than)
    backups = storage.conf.backup_prefix is not None
    old = []
    if backups:
        with WaitNotice(err, line):
            old = storage.prune_backups(args.older_than, dryrun=True)
    if not old and not stale:
        err.write(
            f"No copies in {storage.conf.backup_prefix}/ are older than {age}; nothing was "
            "removed.\n"
        )
        if args.json:
            out.write("[]\n")
        return EXIT_OK
    if args.dry_run:
        if args.json:
            _print_runs_json(old, out)
        else:
            _show(old, stale, age, _kinds(storage) if old else {}, out)
        return EXIT_OK
    if not args.yes:
        _show(old, stale, age, _kinds(storage) if old else {}, err)
        if old:
            err.write("Those runs can then no longer be undone in the bucket.\n")
        verb = "remove them" if old else "abort them"
        question = f"Remove {_what(old, stale)}?" if old else f"Abort {_uploads_words(stale)}?"
        if not confirmed(
            stdin, err, question=question, nothing_done="nothing was removed", verb=verb
        ):
            return EXIT_REFUSED
    token = CancelToken()
    bar = ProgressBar(line, counting="file") if line is not None else None
    removed: list[BackupRun] = []
    aborted: list[UnfinishedUpload] = []
    try:
        with (
            ctrl_c_cancels(token, err, saying="finishing the removals under way"),
            WaitNotice(err, line),
        ):
            if old:
                removed = storage.prune_backups(args.older_than, progress=bar, cancel=token)
            aborted = abort_uploads(storage.store, stale, token)
    except CancelledError:
        err.write(
            "Cancelled: some of the copies may be removed already; the same command removes "
            "the rest.\n"
        )
        return EXIT_INTERRUPTED
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        _print_runs_json(removed, out)
    elif removed:
        out.write(f"Removed {_in_words(removed)}.\n")
    if aborted:
        (err if args.json else out).write(f"Aborted {_uploads_words(aborted)}.\n")
    return EXIT_OK
