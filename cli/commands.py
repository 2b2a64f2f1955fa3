"""The commands that reach a bucket: push, pull, ls and rm, on the window's engine; history
and undo are in :mod:`.history_commands`, the bucket's backups in :mod:`.backup_commands`,
share and request links in :mod:`.share_commands`.

With no connection options they work on the embedded local-folder bucket, so they are
useful on a fresh machine. The secret never comes from an argument (it would show in the
process list). Exit codes are in :mod:`.exit_codes`, options and help in :mod:`.parser`,
plans and refusals in :mod:`.plan_output`, other output in :mod:`.output`, connections and
secrets in :mod:`.connection`, profiles in :mod:`.profile_commands`, parsing, logging and
error reporting in :mod:`.main`.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TextIO

from bucketferry.core import (
    CancelledError,
    CancelToken,
    RemoteObjectProtocol,
    RemoteStorage,
    TransactionSummary,
)
from bucketferry.core.config import endpoint_of
from bucketferry.core.display import printable
from bucketferry.core.paths import base_length
from bucketferry.core.units import files_count
from bucketferry.core.wildcards import wildcards_to_regex

from .connection import storage_from_args
from .exit_codes import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_SOME_REFUSED,
)
from .interaction import confirmed, ctrl_c_cancels
from .output import (
    ProgressBar,
    ResumeNotes,
    StatusLine,
    WaitNotice,
    print_by_reason,
    print_json,
    print_listing,
    print_result,
)
from .plan_output import (
    local_files_kept,
    objects_kept,
    print_plan,
    print_refusal,
    refusal_reason,
)

log = logging.getLogger(__name__)

SHOWN_BEFORE_DELETE = 100


def filters(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(include, exclude) as the engine takes them: regular expressions, given as such or
    made from the wildcards of --include-glob/--exclude-glob."""
    include = args.include if args.include_glob is None else wildcards_to_regex(args.include_glob)
    exclude = args.exclude if args.exclude_glob is None else wildcards_to_regex(args.exclude_glob)
    return include, exclude


def _transfer(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    line: StatusLine | None,
) -> int:
    with WaitNotice(err, line):
        if args.command == "push":
            plan = storage.plan_push(
                args.path,
                args.local_prefix,
                *filters(args),
                workers=args.workers,
                follow_links=args.follow_links,
            )
        else:
            plan = storage.plan_pull(
                args.remote_path, args.local_dir, *filters(args), workers=args.workers
            )
    log.info(
        "Plan: %d to transfer, %d identical, %d to replace (%d need --force), "
        "%d only on the target, %d collisions, %d refused",
        len(plan.files_to_sync),
        len(plan.on_target_eq_md5),
        len(plan.on_target_neq_md5),
        len(plan.unsafe_overwrites),
        len(plan.only_on_target),
        len(plan.unresolvable_collisions),
        len(plan.refused_files),
    )
    if args.dry_run:
        if args.json:
            plan.write_json(out)  # streamed: 100,000 files are never one string
            out.write("\n")
        else:
            print_plan(plan, out, _keeping(storage, plan, err, line))
        return EXIT_OK
    if plan.has_unresolvable_collisions or (plan.unsafe_overwrites and not args.force):
        keeping = [] if plan.has_unresolvable_collisions else _keeping(storage, plan, err, line)
        print_refusal(plan, err, keeping)
        if args.json:
            _print_refused_plan_json(plan, out)
        return EXIT_REFUSED
    token = CancelToken()
    bar = ProgressBar(line) if line is not None else None
    notes = ResumeNotes(err, line, bar)
    started = time.monotonic()
    try:
        with ctrl_c_cancels(token, err), WaitNotice(err, line):
            result = storage.execute(
                plan,
                force=args.force,
                workers=args.workers,
                progress=notes,
                cancel=token,
            )
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        result.write_json(out)
        out.write("\n")
    else:
        print_result(result, time.monotonic() - started, out, err, resumed=notes.bytes_resumed)
    if result.cancelled:
        err.write("Cancelled: no half-written files were left; run again to finish.\n")
        return EXIT_INTERRUPTED
    if result.failed_files:
        return EXIT_FAILED
    return EXIT_SOME_REFUSED if result.refused_files else EXIT_OK


def _keeping(
    storage: RemoteStorage, plan: TransactionSummary, err: TextIO, line: StatusLine | None
) -> list[str]:
    """Where the copies a run of ``plan`` replaces will be, for the plan and the refusal:
    objects in the bucket's backup folder or as old versions (asking the bucket whether it
    keeps versions, one request), local files in the trash."""
    replaced = len(plan.on_target_neq_md5)
    if not replaced:
        return []
    if plan.sync_direction == "pull":
        return [local_files_kept(replaced)] if storage.conf.keep_replaced else []
    with WaitNotice(err, line):
        versions = storage.keeps_versions()
    return [objects_kept(replaced, "replaces", storage.conf.backup_prefix, versions)]


def _print_refused_plan_json(plan: TransactionSummary, out: TextIO) -> None:
    """The plan a refused run would have run, for scripts: the summary's JSON (every file
    with its ``state``, files only on the target too) with ``refusal``, the sentence that
    says why (the exit code 3 alone does not)."""
    data = json.loads(plan.to_json())
    data["refusal"] = refusal_reason(plan)
    print_json(data, out, sort_keys=True)


def _object_entry(obj: RemoteObjectProtocol, cut: int) -> dict[str, object]:
    """An object for scripts: ``path`` relative to the base path (as commands take it) and
    ``name``, the full name in the bucket."""
    return {
        "path": obj.name[cut:],
        "name": obj.name,
        "size": obj.size,
        "hash": obj.hash,
        "last_modified": (getattr(obj, "extra", None) or {}).get("last_modified"),
    }


def _list(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    line: StatusLine | None,
) -> int:
    with WaitNotice(err, line):
        objects = storage.list_objects(args.remote_path, name_neighbours=False)
    if args.json:
        cut = base_length(storage.remote_base_path)
        entries = [
            {**_object_entry(obj, cut), "refusal": getattr(obj, "refusal", None)} for obj in objects
        ]
        print_json(entries, out, default=str)
    else:
        print_listing(objects, storage.remote_base_path, out)
    return EXIT_OK


def _print_delete_json(
    deleted: Sequence[RemoteObjectProtocol],
    refused: Sequence[tuple[RemoteObjectProtocol, str]],
    base_path: str,
    out: TextIO,
) -> None:
    """What rm did to each object: ``status`` "deleted", or "refused" with the ``reason``
    it was left alone."""
    cut = base_length(base_path)
    entries = [{**_object_entry(obj, cut), "status": "deleted", "reason": None} for obj in deleted]
    entries += [
        {**_object_entry(obj, cut), "status": "refused", "reason": reason}
        for obj, reason in refused
    ]
    print_json(entries, out, default=str)


def _left_alone(refused: Sequence[tuple[RemoteObjectProtocol, str]]) -> str:
    """The end of rm's last line: how many objects it left alone, and why in short."""
    reasons = {reason for _, reason in refused}
    why = (
        printable(next(iter(reasons)))
        if len(reasons) == 1
        else f"for {len(reasons)} reasons, listed above"
    )
    return f"; {len(refused)} left alone ({why})"


def _remove(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    stdin: TextIO,
    line: StatusLine | None,
) -> int:
    """Delete after showing what, and what is left alone and why; without --yes only a
    person at a terminal can say yes."""
    with WaitNotice(err, line):
        plan = storage.plan_delete(args.remote_path, *filters(args))
    chosen, refused = plan.objects, plan.refused
    if refused:
        err.write(f"Left alone, not safe to delete: {files_count(len(refused), 'object')}:\n")
        print_by_reason([(obj.name, reason) for obj, reason in refused], err, noun="object")
    if not chosen:
        err.write(
            "Nothing was deleted.\n" if refused else "Nothing matches; nothing was deleted.\n"
        )
        if args.json:
            _print_delete_json([], refused, storage.remote_base_path, out)
        return EXIT_SOME_REFUSED if refused else EXIT_OK
    with WaitNotice(err, line):
        versions = storage.keeps_versions()
    if not args.yes:
        count = files_count(len(chosen), "object")
        err.write(f"Would delete {count}:\n")
        for obj in chosen[:SHOWN_BEFORE_DELETE]:
            err.write(f"  {printable(obj.name)}\n")
        if len(chosen) > SHOWN_BEFORE_DELETE:
            err.write(f"  ... and {len(chosen) - SHOWN_BEFORE_DELETE} more\n")
        err.write(objects_kept(len(chosen), "deletes", storage.conf.backup_prefix, versions))
        err.write("\n")
        if not confirmed(
            stdin,
            err,
            question=f"Delete these {count}?",
            nothing_done="nothing was deleted",
            verb="delete",
        ):
            return EXIT_REFUSED
    since = datetime.now(UTC).replace(microsecond=0).isoformat()
    deleted: list[RemoteObjectProtocol] = []

    def how_far(before: str) -> str:
        left = len(chosen) - len(deleted)
        return (
            f"deleted {len(deleted)} of {files_count(len(chosen), 'object')} {before}; "
            f"{left} {'is' if left == 1 else 'are'} still in the bucket"
        )

    try:
        _delete_showing_progress(storage, chosen, deleted, err, line)
    except CancelledError:
        log.info("Cancelled: %s", how_far("before Ctrl-C"))
        err.write(f"Cancelled: {how_far('before Ctrl-C')}.\n")
        if deleted:
            err.write(_where_deleted_went(storage, versions, _this_run(storage, "delete", since)))
        if args.json:
            _print_delete_json(deleted, refused, storage.remote_base_path, out)
        return EXIT_INTERRUPTED
    except Exception:
        err.write(f"Failed: {how_far('before this error')}:\n")
        raise
    log.info(
        "Deleted %s below '%s'; %d left alone",
        files_count(len(chosen), "object"),
        args.remote_path,
        len(refused),
    )
    if args.json:
        _print_delete_json(chosen, refused, storage.remote_base_path, out)
    else:
        left_alone = _left_alone(refused) if refused else ""
        out.write(f"Deleted {files_count(len(chosen), 'object')}{left_alone}.\n")
        err.write(_where_deleted_went(storage, versions, _this_run(storage, "delete", since)))
    return EXIT_SOME_REFUSED if refused else EXIT_OK


def _this_run(storage: RemoteStorage, kind: str, since: str) -> str | None:
    """The id of the run this command just made: the newest of its kind on this bucket
    that began after ``since`` (UTC, whole seconds, as the journal writes it); None when
    the journal cannot tell (not usable, or another run in between)."""
    endpoint = endpoint_of(storage.conf)
    for run in storage.history(limit=10):
        if run.started_at < since:
            break
        if (run.kind, run.place.bucket, run.place.endpoint) == (
            kind,
            storage.conf.bucket,
            endpoint,
        ):
            return run.id
    return None


def _where_deleted_went(storage: RemoteStorage, versions: bool | None, run_id: str | None) -> str:
    """After rm: where the deleted objects are now, and how to get them back."""
    undo = f"`bucketferry undo {run_id or 'RUN_ID'}` puts them back"
    if versions:
        return f"The bucket keeps the deleted objects as old versions; {undo}.\n"
    prefix = storage.conf.backup_prefix
    if prefix:
        folder = f"{prefix}/{run_id}/" if run_id else f"{prefix}/"
        return f"The deleted objects are kept in {folder} in the bucket; {undo}.\n"
    return "The deleted objects were not kept (bucket backups are off).\n"


def _delete_showing_progress(
    storage: RemoteStorage,
    chosen: Sequence[RemoteObjectProtocol],
    deleted: list[RemoteObjectProtocol],
    err: TextIO,
    line: StatusLine | None,
) -> None:
    """Delete exactly the objects shown (not a new listing: whatever arrived since stays),
    with retries, a bar on a terminal, and Ctrl-C stopping between objects. ``deleted``
    gets each object once it is gone, so it is complete when this raises."""
    token = CancelToken()
    bar = ProgressBar(line, counting="object") if line is not None else None
    try:
        with (
            ctrl_c_cancels(token, err, saying="finishing the deletions under way"),
            WaitNotice(err, line),
        ):
            storage.delete_objects(
                chosen,
                progress=bar,
                cancel=token,
                on_deleted=deleted.append,  # list.append is atomic: safe from the workers
            )
    finally:
        if bar is not None:
            bar.close()


def run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Run one parsed command; errors a user can cause are raised as BucketFerryError."""
    if args.command == "profiles":
        from .profile_commands import run_profiles

        return run_profiles(args, out, err, stdin)
    if args.command == "presets":
        from .preset_options import run_presets

        return run_presets(args, out)
    if args.command == "history":
        from .history_commands import run_history

        return run_history(args, out, err)
    storage = storage_from_args(args, stdin)
    # One status line on a terminal for the bar and the waiting notice; none elsewhere.
    line = StatusLine(err) if err.isatty() else None
    if args.command in ("push", "pull"):
        return _transfer(args, storage, out, err, line)
    if args.command == "ls":
        return _list(args, storage, out, err, line)
    if args.command == "undo":
        from .history_commands import run_undo

        return run_undo(args, storage, out, err, stdin, line)
    if args.command == "backups":
        from .backup_commands import run_backups

        return run_backups(args, storage, out, err, stdin, line)
    if args.command in ("share", "request", "shares"):
        from .share_commands import run_shares

        return run_shares(args, storage, out, err, stdin, line)
    return _remove(args, storage, out, err, stdin, line)
