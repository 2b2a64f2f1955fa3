"""The ``bucketferry`` command: push, pull, ls, rm and profiles on the window's engine.

With no connection options it works on the embedded local-folder bucket, so it is useful
on a fresh machine. The secret never comes from an argument (it would show in the process
list). Exit codes are in :mod:`.cli_exit`, options and help in :mod:`.cli_parser`, output
in :mod:`.cli_output`, connections and secrets in :mod:`.cli_connection`, profiles in
:mod:`.cli_profiles`.

Every run logs to the shared log file (see :mod:`.logfile`); ``-v`` adds standard error.
Errors a user can cause are printed in plain words, never as a traceback; anything else is
a bug, logged with its traceback and reported with the log file's path.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TextIO

from .cli_connection import storage_from_args
from .cli_exit import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_SOME_REFUSED,
    EXIT_USAGE,
    exit_code_for,
)
from .cli_output import (
    ProgressBar,
    StatusLine,
    WaitNotice,
    print_by_reason,
    print_listing,
    print_plan,
    print_refusal,
    print_result,
    refusal_reason,
)
from .cli_parser import build_parser
from .display import printable
from .errors import BucketFerryError, CancelledError
from .logfile import setup_logging
from .paths import base_length
from .progress import CancelToken
from .remote_object import RemoteObject, RemoteObjectProtocol
from .remote_storage import RemoteStorage
from .summary import TransactionSummary
from .units import files_count

log = logging.getLogger(__name__)

SHOWN_BEFORE_DELETE = 100


@contextmanager
def _ctrl_c_cancels(
    token: CancelToken,
    err: TextIO,
    saying: str = "stopping the transfers, removing temporary files",
) -> Iterator[None]:
    """While transferring (or deleting), Ctrl-C asks the workers to stop between chunks
    (objects) instead of killing them mid-file: temporary files are removed, nothing is
    half-written, and what was done can be told. ``saying``: what stopping involves."""

    def cancel(signum: int, frame: FrameType | None) -> None:
        if not token.cancelled:
            err.write(f"\nCancelling: {saying} ...\n")
            err.flush()
        token.cancel()

    previous = signal.signal(signal.SIGINT, cancel)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


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
                args.include,
                args.exclude,
                workers=args.workers,
                follow_links=args.follow_links,
            )
        else:
            plan = storage.plan_pull(
                args.remote_path, args.local_dir, args.include, args.exclude, workers=args.workers
            )
    log.info(
        "Plan: %d to transfer, %d identical, %d differ, %d collisions, %d refused",
        len(plan.files_to_sync),
        len(plan.on_target_eq_md5),
        len(plan.on_target_neq_md5),
        len(plan.unresolvable_collisions),
        len(plan.refused_files),
    )
    if args.dry_run:
        if args.json:
            out.write(plan.to_json() + "\n")
        else:
            print_plan(plan, out)
        return EXIT_OK
    if plan.has_unresolvable_collisions or (plan.requires_force and not args.force):
        print_refusal(plan, err)
        if args.json:
            out.write(_refused_plan_json(plan) + "\n")
        return EXIT_REFUSED
    token = CancelToken()
    bar = ProgressBar(line) if line is not None else None
    started = time.monotonic()
    try:
        with _ctrl_c_cancels(token, err), WaitNotice(err, line):
            result = storage.execute(
                plan, force=args.force, workers=args.workers, progress=bar, cancel=token
            )
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        out.write(result.to_json() + "\n")
    else:
        print_result(result, time.monotonic() - started, out, err)
    if result.cancelled:
        err.write("Cancelled: no half-written files were left; run again to finish.\n")
        return EXIT_INTERRUPTED
    if result.failed_files:
        return EXIT_FAILED
    return EXIT_SOME_REFUSED if result.refused_files else EXIT_OK


def _refused_plan_json(plan: TransactionSummary) -> str:
    """The plan a refused run would have run, for scripts: the summary's JSON with
    ``refusal``, the sentence that says why (the exit code 3 alone does not)."""
    data = json.loads(plan.to_json())
    data["refusal"] = refusal_reason(plan)
    return json.dumps(data, indent=2, sort_keys=True)


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
        objects = storage.list_objects(args.remote_path)
    if args.json:
        cut = base_length(storage.remote_base_path)
        entries = [
            {**_object_entry(obj, cut), "refusal": getattr(obj, "refusal", None)} for obj in objects
        ]
        out.write(json.dumps(entries, indent=2, default=str) + "\n")
    else:
        print_listing(objects, storage.remote_base_path, out)
    return EXIT_OK


def _delete_json(
    deleted: Sequence[RemoteObjectProtocol],
    refused: Sequence[tuple[RemoteObject, str]],
    base_path: str,
) -> str:
    """What rm did to each object: ``status`` "deleted", or "refused" with the ``reason``
    it was left alone."""
    cut = base_length(base_path)
    entries = [{**_object_entry(obj, cut), "status": "deleted", "reason": None} for obj in deleted]
    entries += [
        {**_object_entry(obj, cut), "status": "refused", "reason": reason}
        for obj, reason in refused
    ]
    return json.dumps(entries, indent=2, default=str)


def _left_alone(refused: Sequence[tuple[RemoteObject, str]]) -> str:
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
        plan = storage.plan_delete(args.remote_path, args.include, args.exclude)
    chosen, refused = plan.objects, plan.refused
    if refused:
        err.write(f"Left alone, not safe to delete: {files_count(len(refused), 'object')}:\n")
        print_by_reason([(obj.name, reason) for obj, reason in refused], err, noun="object")
    if not chosen:
        err.write(
            "Nothing was deleted.\n" if refused else "Nothing matches; nothing was deleted.\n"
        )
        if args.json:
            out.write(_delete_json([], refused, storage.remote_base_path) + "\n")
        return EXIT_SOME_REFUSED if refused else EXIT_OK
    if not args.yes:
        count = files_count(len(chosen), "object")
        err.write(f"Would delete {count}:\n")
        for obj in chosen[:SHOWN_BEFORE_DELETE]:
            err.write(f"  {printable(obj.name)}\n")
        if len(chosen) > SHOWN_BEFORE_DELETE:
            err.write(f"  ... and {len(chosen) - SHOWN_BEFORE_DELETE} more\n")
        if not stdin.isatty():
            err.write("Refused: nothing was deleted. Add --yes to delete without asking.\n")
            return EXIT_REFUSED
        err.write(f"Delete these {count}? [y/N] ")
        err.flush()
        if stdin.readline().strip().lower() not in ("y", "yes"):
            err.write("Nothing was deleted.\n")
            return EXIT_REFUSED
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
        if args.json:
            out.write(_delete_json(deleted, refused, storage.remote_base_path) + "\n")
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
        out.write(_delete_json(chosen, refused, storage.remote_base_path) + "\n")
    else:
        left_alone = _left_alone(refused) if refused else ""
        out.write(f"Deleted {files_count(len(chosen), 'object')}{left_alone}.\n")
    return EXIT_SOME_REFUSED if refused else EXIT_OK


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
            _ctrl_c_cancels(token, err, saying="finishing the deletions under way"),
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
        from .cli_profiles import run_profiles

        return run_profiles(args, out, err, stdin)
    storage = storage_from_args(args, stdin)
    # One status line on a terminal for the bar and the waiting notice; none elsewhere.
    line = StatusLine(err) if err.isatty() else None
    if args.command in ("push", "pull"):
        return _transfer(args, storage, out, err, line)
    if args.command == "ls":
        return _list(args, storage, out, err, line)
    return _remove(args, storage, out, err, stdin, line)


def _has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or sys.platform in ("win32", "darwin")
    )


def open_window() -> int:
    """The desktop application, imported only when asked for: the command line itself
    needs no Qt, so it works on machines without a screen."""
    import importlib

    try:
        app = importlib.import_module("bucketferry.gui.app")
    except ImportError as exc:
        sys.stderr.write(f"The window cannot start here ({exc}). Use the commands instead.\n")
        return EXIT_FAILED
    return int(app.main([sys.argv[0]]))


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not arguments:
        if _has_display():
            return open_window()
        parser.print_help(sys.stderr)
        sys.stderr.write("\nNo display found: use one of the commands above.\n")
        return EXIT_USAGE
    args = parser.parse_args(arguments)
    if args.command == "gui":
        return open_window()
    log_path = setup_logging(sys.stderr if args.verbose else None)
    if log_path is None and not args.verbose:
        sys.stderr.write("Note: the log file cannot be written; -v shows why.\n")
    log.info("bucketferry %s", _logged_command(args, arguments))
    code = _run_reporting_errors(args, log_path)
    log.info("Exit code %d", code)
    return code


_OPTION_NAME = re.compile(r"--?[A-Za-z][\w-]*")


def _logged_command(args: argparse.Namespace, arguments: Sequence[str]) -> str:
    """What ran, for the log: the command and the names of the options given, never a
    value or a positional argument. A secret typed where it does not belong would
    otherwise be kept in the log file, which people attach to bug reports (and paths and
    bucket names are private too). Parsing succeeded, so every argument that looks like
    an option is one: argparse refuses such a word as a value."""
    words = [args.command, *([args.action] if args.command == "profiles" else [])]
    for argument in arguments:
        if argument == "--":  # everything after it is positional
            break
        name = argument.split("=", 1)[0]
        if _OPTION_NAME.fullmatch(name):
            words.append(name)
    return " ".join(words)


def _run_reporting_errors(args: argparse.Namespace, log_path: Path | None) -> int:
    try:
        code = run(args, sys.stdout, sys.stderr, sys.stdin)
        sys.stdout.flush()  # a reader that went away shows here, not at exit
        return code
    except BucketFerryError as exc:
        log.warning("%s: %s", exc.title, exc.message)
        sys.stderr.write(f"{printable(exc.title)}: {printable(exc.message)}\n")
        return exit_code_for(exc)
    except KeyboardInterrupt:
        log.info("Interrupted")
        sys.stderr.write("\nInterrupted.\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (`bucketferry ls | head`): not an error
        # worth a traceback; point stdout at nothing so the exit flush stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except Exception:
        log.exception("Unexpected error")
        where = f" Details are in {log_path}." if log_path is not None else ""
        sys.stderr.write(f"Unexpected error (a bug in Bucket Ferry).{where}\n")
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
