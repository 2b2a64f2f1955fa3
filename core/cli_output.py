"""What the command line prints: the plan table, results, listings, the progress bar.

Tables go to standard output, in colour only on a terminal (and never with ``NO_COLOR``),
so piped output is plain text. The progress bar goes to standard error, and only when
that is a terminal, so it never ends up in a file or a pipe.
"""

from __future__ import annotations

import email.utils
import os
import shutil
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from typing import TextIO

from .progress import Progress
from .remote_object import RemoteObjectProtocol
from .summary import SyncObject, TransactionSummary
from .units import files_count, human_duration, human_size

SHOWN_PER_STATE = 100
"""Rows listed per state in a plan; the rest are counted (--json lists everything)."""

# state, explanation, ANSI colour (red, yellow, green, dim)
STATES = (
    ("collision", "a file and a folder have the same name: blocks the run", "31"),
    ("differs", "different on the target: overwritten only with --force", "33"),
    ("new", "not on the target yet: will be transferred", "32"),
    ("identical", "same content on both sides: left alone", "2"),
    ("skipped", "left out by --include/--exclude, or refused", "2"),
)


def use_colour(stream: TextIO) -> bool:
    """Colour for people, plain text for pipes, files and anyone who set NO_COLOR."""
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM", "") != "dumb"


def _paint(text: str, colour: str, enabled: bool) -> str:
    return f"\x1b[{colour}m{text}\x1b[0m" if enabled else text


def _by_state(summary: TransactionSummary) -> dict[str, list[SyncObject]]:
    collided = set(summary.unresolvable_collisions)
    return {
        "collision": [s for s in summary.matched_source_files if s.name in collided],
        "differs": summary.on_target_neq_md5,
        "new": summary.not_on_target,
        "identical": summary.on_target_eq_md5,
        "skipped": summary.skipped_source_files,
    }


def _size(item: SyncObject, direction: str | None) -> int:
    """The size of the source side: what would be transferred."""
    return item.remote_size if direction == "pull" else item.local_size


def _rows(out: TextIO, items: Sequence[SyncObject], direction: str | None, notes: bool) -> None:
    for item in items[:SHOWN_PER_STATE]:
        note = f"  ({item.reason})" if notes and item.reason else ""
        out.write(f"  {human_size(_size(item, direction)):>9}  {item.name}{note}\n")
    if len(items) > SHOWN_PER_STATE:
        out.write(f"  ... and {len(items) - SHOWN_PER_STATE} more (--json lists all)\n")


def print_plan(summary: TransactionSummary, out: TextIO) -> None:
    """The dry run: files grouped by state, each group with its count and size, then
    the totals and what to do next."""
    colour = use_colour(out)
    direction = summary.sync_direction
    groups = _by_state(summary)
    for state, meaning, code in STATES:
        items = groups[state]
        if not items:
            continue
        size = human_size(sum(_size(item, direction) for item in items))
        heading = f"{state}: {files_count(len(items))}, {size}"
        out.write(f"{_paint(heading, code, colour)}  - {meaning}\n")
        _rows(out, items, direction, notes=state in ("collision", "skipped"))
    to_send = summary.files_to_sync
    out.write(
        f"\n{direction}: {files_count(len(to_send))} to transfer "
        f"({human_size(summary.size_files_to_sync())}): {len(groups['new'])} new, "
        f"{len(groups['differs'])} differ; {len(groups['identical'])} identical, "
        f"{len(groups['skipped'])} skipped, {len(groups['collision'])} collisions\n"
    )
    if groups["collision"]:
        out.write(
            "Collisions block the run: rename those paths, or leave them out with --exclude.\n"
        )
    elif groups["differs"]:
        count = len(groups["differs"])
        verb = "differs" if count == 1 else "differ"
        out.write(f"A run needs --force to overwrite the {files_count(count)} that {verb}.\n")
    elif not to_send:
        out.write("Nothing to transfer: everything is already there.\n")


def print_refusal(summary: TransactionSummary, err: TextIO) -> None:
    """Why a run was refused before anything changed: collisions, or overwrites
    without --force."""
    groups = _by_state(summary)
    direction = summary.sync_direction
    if groups["collision"]:
        err.write(
            f"Refused: {files_count(len(groups['collision']), 'file/folder name collision')}; "
            "a name cannot be a file and a folder at once:\n"
        )
        _rows(err, groups["collision"], direction, notes=True)
        err.write("Nothing was changed. Rename those paths, or leave them out with --exclude.\n")
        return
    differs = groups["differs"]
    err.write(
        f"Refused: {files_count(len(differs))} would be overwritten (the content on the "
        "target differs):\n"
    )
    _rows(err, differs, direction, notes=False)
    err.write(
        "Nothing was changed. Add --force to overwrite them, or --dry-run to see the whole plan.\n"
    )


def print_result(summary: TransactionSummary, seconds: float, out: TextIO, err: TextIO) -> None:
    """After a run: what was transferred, how much, how fast; failures with reasons."""
    sent = summary.synced_files
    size = sum(item.get_bytes_transferred() for item in sent)
    verb = "Pushed" if summary.sync_direction == "push" else "Pulled"
    speed = f", {human_size(size / seconds)}/s" if seconds > 0 and size else ""
    out.write(
        f"{verb} {files_count(len(sent))} ({human_size(size)}) in {human_duration(seconds)}"
        f"{speed}; {len(summary.on_target_eq_md5)} already identical"
    )
    if summary.failed_files:
        out.write(f"; {len(summary.failed_files)} failed")
    out.write(".\n")
    kept = summary.replaced_copies
    if kept:
        out.write(f"The replaced local versions of {files_count(len(kept))} were kept:\n")
        for local, where in kept.items():
            out.write(f"  {local}\n    -> {where}\n")
    for item in summary.failed_files:
        err.write(f"failed: {item.name}: {item.reason}\n")
    if summary.failed_files:
        err.write("Run the same command again to retry the failed files.\n")


def _when(obj: RemoteObjectProtocol) -> str:
    """Last modification in local time, from the ISO or HTTP date the provider gave."""
    extra = getattr(obj, "extra", None) or {}
    raw = extra.get("last_modified")
    if not raw:
        return "-"
    text = str(raw)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return text[:16]
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def print_listing(objects: Sequence[RemoteObjectProtocol], base_path: str, out: TextIO) -> None:
    """One line per object: size, last modified, name relative to the base path. The
    total goes to a terminal only, so piped output has one line per object."""
    cut = len(base_path.rstrip("/") + "/") if base_path else 0
    for obj in objects:
        out.write(f"{human_size(obj.size):>9}  {_when(obj):16}  {obj.name[cut:]}\n")
    if out.isatty() and objects:
        total = human_size(sum(obj.size for obj in objects))
        out.write(f"{files_count(len(objects), 'object')}, {total}\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Columns as wide as their widest cell; the header underlined on a terminal."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    out.write(_paint(line(headers).rstrip(), "4", use_colour(out)) + "\n")
    for row in rows:
        out.write(line(row).rstrip() + "\n")


class ProgressBar:
    """A one-line bar on a terminal: percent, bytes, speed, time left, files, current file.

    Called from the engine's worker threads (at most ten times a second), hence the lock.
    It appears only after half a second, so quick runs do not flicker, and is erased at
    the end so the result line stands alone.

    ``counting`` names what to count instead of bytes (e.g. "object"): deleting moves no
    bytes, so the bar follows the objects done.
    """

    DELAY = 0.5

    def __init__(self, stream: TextIO, counting: str | None = None) -> None:
        self.stream = stream
        self.counting = counting
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, report: Progress) -> None:
        if time.monotonic() - self.started < self.DELAY:
            return
        if self.counting is None:
            done, total = report.bytes_done, report.bytes_total
        else:
            done, total = report.files_done, report.files_total
        fraction = done / total if total else 1.0
        speed = done / report.elapsed if report.elapsed > 0 else 0.0
        left = (total - done) / speed if speed > 0 else None
        if self.counting is None:
            amount = f"{human_size(done)} of {human_size(total)}  {human_size(speed)}/s"
            files = f"{report.files_done}/{report.files_total} files  "
        else:
            amount = f"{done} of {files_count(total, self.counting)}  {speed:.0f}/s"
            files = ""
        bar = "#" * int(fraction * 20)
        line = (
            f"[{bar:<20}] {fraction:4.0%}  {amount}  "
            f"{human_duration(left) if left is not None else '?'} left  "
            f"{files}{report.current_file}"
        )
        width = shutil.get_terminal_size().columns - 1
        with self.lock:
            self.stream.write("\r" + line[:width] + "\x1b[K")
            self.stream.flush()
            self.drawn = True

    def close(self) -> None:
        with self.lock:
            if self.drawn:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
