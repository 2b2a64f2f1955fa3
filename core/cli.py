"""The ``bucketferry`` command: push, pull, ls and rm on the same engine as the window.

With no connection options it works on the embedded local-folder bucket, so it is useful
on a fresh machine. The secret never comes from an argument (it would show in the process
list): it is read from ``BUCKETFERRY_SECRET`` or, with ``--secret-stdin``, standard input.

Exit codes: 0 done (or nothing to do), 1 failed, 2 usage error, 3 refused because it would
need ``--force`` or has collisions (nothing changed), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

from .config import Provider, RemoteStorageConfig
from .errors import (
    BucketFerryError,
    CollisionError,
    ConfigurationError,
    ForceRequiredError,
    InvalidRegexError,
    LocalPathNotFoundError,
    PathNotChildError,
)
from .progress import CancelToken, Progress
from .remote_storage import RemoteStorage, embedded_storage
from .summary import SyncObject, TransactionSummary
from .units import human_duration, human_size

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
USAGE_ERRORS = (ConfigurationError, InvalidRegexError, LocalPathNotFoundError, PathNotChildError)


def _version() -> str:
    try:
        return version("bucketferry")
    except PackageNotFoundError:
        return "unknown"


def _add_connection_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "connection (default: the local-folder bucket in your data folder)"
    )
    group.add_argument("--provider", choices=[p.value for p in Provider], default=None)
    group.add_argument("--bucket", help="bucket name (for 'local': a folder inside --key)")
    group.add_argument("--key", default="", help="access key (for 'local': the folder of buckets)")
    group.add_argument("--region")
    group.add_argument("--host", help="S3-compatible server host, e.g. minio.example.org")
    group.add_argument("--port", type=int)
    group.add_argument("--no-tls", action="store_true", help="plain HTTP (local test servers)")
    group.add_argument("--base-path", default="", help="folder in the bucket to work below")
    group.add_argument(
        "--secret-stdin", action="store_true", help="read the secret from standard input"
    )
    group.add_argument("--workers", type=int, default=None, help="parallel transfers")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bucketferry",
        description="See exactly what a push or pull will do, then do it. Secrets come from "
        "BUCKETFERRY_SECRET or --secret-stdin, never from arguments.",
    )
    parser.add_argument("--version", action="version", version=f"bucketferry {_version()}")
    parser.add_argument("--verbose", "-v", action="store_true", help="log details to stderr")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("gui", help="open the window (also: no arguments, with a display)")

    push = commands.add_parser("push", help="upload files to the bucket")
    push.add_argument("path", help="file, folder or glob, relative to --local-prefix")
    push.add_argument("--local-prefix", default=None, help="local folder PATH is relative to")
    pull = commands.add_parser("pull", help="download files from the bucket")
    pull.add_argument("remote_path", help="path below the base path ('' for everything)")
    pull.add_argument("local_dir", help="local folder to download into")
    for sub in (push, pull):
        sub.add_argument("--dry-run", action="store_true", help="only show what would happen")
        sub.add_argument("--force", action="store_true", help="overwrite differing files")
        sub.add_argument("--include", default=None, help="only paths matching this regex")
        sub.add_argument("--exclude", default=None, help="leave out paths matching this regex")
        sub.add_argument("--json", action="store_true", help="print the summary as JSON")
        _add_connection_options(sub)

    ls = commands.add_parser("ls", help="list objects")
    ls.add_argument("remote_path", nargs="?", default="")
    ls.add_argument("--json", action="store_true")
    _add_connection_options(ls)

    rm = commands.add_parser("rm", help="delete objects (asks first unless --yes)")
    rm.add_argument("remote_path")
    rm.add_argument("--include", default=None)
    rm.add_argument("--exclude", default=None)
    rm.add_argument("--yes", action="store_true", help="do not ask")
    rm.add_argument("--json", action="store_true")
    _add_connection_options(rm)
    return parser


def storage_from_args(args: argparse.Namespace, stdin: TextIO) -> RemoteStorage:
    if args.provider is None:
        if args.bucket or args.host or args.key:
            raise ConfigurationError(
                "Give --provider (s3, google_storage or local) together with --bucket."
            )
        storage = embedded_storage(base_path=args.base_path)
    else:
        if not args.bucket:
            raise ConfigurationError("--bucket is required with --provider.")
        secret = os.environ.get("BUCKETFERRY_SECRET", "")
        if args.secret_stdin:
            secret = stdin.readline().rstrip("\r\n")
        storage = RemoteStorage(
            RemoteStorageConfig(
                args.provider,
                args.key,
                args.bucket,
                secret,
                region=args.region,
                host=args.host,
                port=args.port,
                base_path=args.base_path,
                secure=not args.no_tls,
            )
        )
    if args.workers is not None:
        storage.conf.workers = args.workers
    return storage


STATE_ORDER = (
    ("collision", "cannot sync: file/folder name collision"),
    ("differs", "differs: needs --force"),
    ("new", "new on target"),
    ("identical", "identical"),
    ("skipped", "skipped"),
)
COLOURS = {"collision": "31", "differs": "33", "new": "32", "identical": "2", "skipped": "2"}


def _states(summary: TransactionSummary) -> dict[str, list[SyncObject]]:
    collided = set(summary.unresolvable_collisions)
    return {
        "collision": [s for s in summary.matched_source_files if s.name in collided],
        "differs": summary.on_target_neq_md5,
        "new": summary.not_on_target,
        "identical": summary.on_target_eq_md5,
        "skipped": summary.skipped_source_files,
    }


def print_plan(summary: TransactionSummary, out: TextIO, colour: bool) -> None:
    """The dry run as a table grouped by state, with totals."""
    states = _states(summary)
    for state, title in STATE_ORDER:
        items = states[state]
        if not items:
            continue
        heading = f"{title} ({len(items)})"
        out.write((f"\x1b[{COLOURS[state]}m{heading}\x1b[0m" if colour else heading) + "\n")
        for item in items[:200]:
            size = item.remote_size if summary.sync_direction == "pull" else item.local_size
            note = f"  [{item.reason}]" if item.reason and state in ("collision", "skipped") else ""
            out.write(f"  {human_size(size):>9}  {item.name}{note}\n")
        if len(items) > 200:
            out.write(f"  ... and {len(items) - 200} more\n")
    total = summary.size_files_to_sync()
    out.write(
        f"{summary.sync_direction}: {len(summary.files_to_sync)} files, {human_size(total)} to "
        f"transfer; {len(summary.on_target_eq_md5)} identical, "
        f"{len(summary.unresolvable_collisions)} collisions\n"
    )


class _ProgressBar:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.lock = threading.Lock()

    def __call__(self, p: Progress) -> None:
        fraction = p.bytes_done / p.bytes_total if p.bytes_total else 1.0
        speed = p.bytes_per_second
        left = (p.bytes_total - p.bytes_done) / speed if speed > 0 else 0
        bar = "#" * int(fraction * 20)
        line = (
            f"\r[{bar:<20}] {fraction:4.0%}  {human_size(p.bytes_done)}/{human_size(p.bytes_total)}"
            f"  {human_size(speed)}/s  {human_duration(left)} left"
            f"  {p.files_done}/{p.files_total} files "
        )
        with self.lock:
            self.stream.write(line)
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")


def _run_transfer(args: argparse.Namespace, storage: RemoteStorage, out: TextIO) -> int:
    if args.command == "push":
        plan = storage.plan_push(args.path, args.local_prefix, args.include, args.exclude)
    else:
        plan = storage.plan_pull(args.remote_path, args.local_dir, args.include, args.exclude)
    if args.dry_run:
        if args.json:
            out.write(plan.to_json() + "\n")
        else:
            print_plan(plan, out, colour=out.isatty())
        return EXIT_OK
    cancel = CancelToken()
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    bar = _ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.json else None
    try:
        result = storage.execute(plan, force=args.force, progress=bar, cancel=cancel)
    finally:
        signal.signal(signal.SIGINT, previous)
        if bar is not None:
            bar.close()
    if args.json:
        out.write(result.to_json() + "\n")
    else:
        out.write(
            f"{len(result.synced_files)} transferred, {len(result.failed_files)} failed, "
            f"{len(result.on_target_eq_md5)} already identical\n"
        )
        for failed in result.failed_files:
            out.write(f"  failed: {failed.name}: {failed.reason}\n")
    if result.cancelled:
        sys.stderr.write("Cancelled; nothing half-written was left behind.\n")
        return EXIT_INTERRUPTED
    return EXIT_FAILED if result.failed_files else EXIT_OK


def _objects_json(objects: Sequence[Any]) -> str:
    return json.dumps([o.to_dict() for o in objects], indent=2, default=str)


def run(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    storage = storage_from_args(args, stdin)
    if args.command in ("push", "pull"):
        return _run_transfer(args, storage, out)
    if args.command == "ls":
        objects = storage.list_objects(args.remote_path)
        if args.json:
            out.write(_objects_json(objects) + "\n")
        else:
            for obj in objects:
                out.write(f"{human_size(obj.size):>9}  {obj.name}\n")
        return EXIT_OK
    # rm
    chosen = storage.delete(args.remote_path, args.include, args.exclude, dryrun=True)
    if not chosen:
        out.write("Nothing matches; nothing deleted.\n")
        return EXIT_OK
    if not args.yes:
        for obj in chosen:
            out.write(f"  {obj.name}\n")
        if not stdin.isatty():
            sys.stderr.write(f"Would delete {len(chosen)} objects; add --yes to confirm.\n")
            return EXIT_REFUSED
        out.write(f"Delete these {len(chosen)} objects? [y/N] ")
        out.flush()
        if stdin.readline().strip().lower() not in ("y", "yes"):
            return EXIT_REFUSED
    deleted = storage.delete(args.remote_path, args.include, args.exclude)
    out.write(_objects_json(deleted) + "\n" if args.json else f"Deleted {len(deleted)} objects.\n")
    return EXIT_OK


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
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["gui"] or (not arguments and _has_display()):
        return open_window()
    if not arguments:
        parser.print_help(sys.stderr)
        sys.stderr.write("\nNo display found: use one of the commands above.\n")
        return EXIT_USAGE
    args = parser.parse_args(arguments)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return run(args, sys.stdout, sys.stdin)
    except (ForceRequiredError, CollisionError) as exc:
        hint = " Add --force to overwrite." if isinstance(exc, ForceRequiredError) else ""
        sys.stderr.write(f"{exc.title}: {exc.message}\nNothing was changed.{hint}\n")
        return EXIT_REFUSED
    except BucketFerryError as exc:
        sys.stderr.write(f"{exc.title}: {exc.message}\n")
        return EXIT_USAGE if isinstance(exc, USAGE_ERRORS) else EXIT_FAILED
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
