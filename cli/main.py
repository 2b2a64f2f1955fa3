"""The ``bucketferry`` command's entry point: parse, log, run, and turn errors into words.

Every run logs to the shared log file (see :mod:`bucketferry.core.logfile`); ``-v`` adds
standard error. Errors a user can cause are printed in plain words, never as a traceback;
anything else is a bug, logged with its traceback and reported with the log file's path.

Without arguments on a desktop, or with ``gui``, it opens the window instead; that is the
only place the command line reaches for Qt, so everything else runs where Qt cannot load.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from bucketferry.core import BucketFerryError
from bucketferry.core.display import printable
from bucketferry.core.logfile import setup_logging

from .commands import run
from .exit_codes import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, exit_code_for
from .parser import build_parser

log = logging.getLogger(__name__)


def _has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or sys.platform in ("win32", "darwin")
    )


def open_window() -> int:
    """The desktop application, imported only when asked for: the command line itself
    needs no Qt, so it works on machines without a screen."""
    try:
        from bucketferry.gui.app import main as window_main
    except ImportError as exc:
        sys.stderr.write(f"The window cannot start here ({exc}). Use the commands instead.\n")
        return EXIT_FAILED
    return window_main([sys.argv[0]])


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
    with_action = args.command in ("profiles", "backups", "shares")
    words = [args.command, *([args.action] if with_action else [])]
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
