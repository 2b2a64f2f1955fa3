"""The person at the terminal: asking before anything is destroyed or put back, and Ctrl-C.

Shared by ``rm``, ``undo`` and ``backups prune``, so all of them ask alike: only a person
at a terminal can say yes; a script (standard input not a terminal) must say ``--yes``, or
the command refuses and changes nothing. Ctrl-C asks the workers to stop between files
instead of killing them mid-file, so nothing is half-written and what was done can be told.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO

from bucketferry.core import CancelToken


@contextmanager
def ctrl_c_cancels(
    token: CancelToken,
    err: TextIO,
    saying: str = "stopping the transfers, removing temporary files",
) -> Iterator[None]:
    """While transferring (or deleting, or undoing), Ctrl-C asks the workers to stop between
    chunks (objects) instead of killing them mid-file: temporary files are removed, nothing
    is half-written, and what was done can be told. ``saying``: what stopping involves."""

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


def confirmed(stdin: TextIO, err: TextIO, *, question: str, nothing_done: str, verb: str) -> bool:
    """Whether the person at the terminal said yes to ``question`` (what was to be done has
    been shown on ``err`` already). Without a terminal there is nobody to ask: refuse, and
    say how to go ahead without asking. ``nothing_done``: "nothing was deleted", said on
    refusal; ``verb``: what ``--yes`` lets the command do ("delete")."""
    if not stdin.isatty():
        err.write(f"Refused: {nothing_done}. Add --yes to {verb} without asking.\n")
        return False
    err.write(f"{question} [y/N] ")
    err.flush()
    if stdin.readline().strip().lower() not in ("y", "yes"):
        err.write(f"{nothing_done[0].upper()}{nothing_done[1:]}.\n")
        return False
    return True
