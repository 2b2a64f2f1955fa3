"""What the command line prints: results, listings, tables, the progress bar (the plan
is in :mod:`.plan_output`).

Tables go to standard output, in colour only on a terminal (and never with ``NO_COLOR``),
so piped output is plain text. The progress bar and the "waiting for the server" notice go
to standard error: on a terminal as one line updated in place, else (the notice only) as
an occasional plain line, so neither ends up in the output a script reads.

Every name and reason is printed through :func:`bucketferry.core.display.printable`: names
come from other people's buckets and folders and may hold escape sequences or line breaks.
"""

from __future__ import annotations

import email.utils
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, TextIO

from bucketferry.core import Progress, RemoteObjectProtocol, SyncObject, TransactionSummary
from bucketferry.core.display import by_reason, printable, waiting_words
from bucketferry.core.paths import base_length
from bucketferry.core.units import files_count, human_duration, human_size
from bucketferry.core.waiting import server_waits

SHOWN_IN_LISTS = 100
"""Names listed after a run (refused, failed); the rest are counted (--json lists all)."""

FEW = 3
"""Names shown for a group of files that failed for the same reason."""


def use_colour(stream: TextIO) -> bool:
    """Colour for people, plain text for pipes, files and anyone who set NO_COLOR."""
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM", "") != "dumb"


def paint(text: str, colour: str, enabled: bool) -> str:
    """``text`` in an ANSI colour (SGR parameters, e.g. "1;31"), when ``enabled``."""
    return f"\x1b[{colour}m{text}\x1b[0m" if enabled else text


def print_json(
    data: object,
    out: TextIO,
    *,
    default: Callable[[Any], Any] | None = None,
    sort_keys: bool = False,
    ensure_ascii: bool = True,
) -> None:
    """What ``--json`` prints, for every command alike: ``data`` indented by two, ending
    with a line break. The keywords are :func:`json.dumps`'s."""
    text = json.dumps(
        data, indent=2, default=default, sort_keys=sort_keys, ensure_ascii=ensure_ascii
    )
    out.write(text + "\n")


def print_result(
    summary: TransactionSummary, seconds: float, out: TextIO, err: TextIO, *, resumed: int = 0
) -> None:
    """After a run: what was transferred, how much, how fast (standard output); what was
    refused and what failed, grouped by reason (standard error). A run that stopped early
    says why once, not once per file it never tried. ``resumed``: bytes that resumed
    uploads found in the bucket already (said, and left out of the speed)."""
    sent = summary.synced_files
    size = sum(item.get_bytes_transferred() for item in sent)
    verb = "Pushed" if summary.sync_direction == "push" else "Pulled"
    moved = size - resumed
    speed = f", {human_size(moved / seconds)}/s" if seconds > 0 and moved > 0 else ""
    there = f", {human_size(resumed)} of it already there" if resumed else ""
    refused, failed = summary.refused_files, summary.failed_files
    out.write(
        f"{verb} {files_count(len(sent))} ({human_size(size)}{there}) in "
        f"{human_duration(seconds)}{speed}; {len(summary.on_target_eq_md5)} already identical"
    )
    if refused:
        out.write(f"; {len(refused)} refused")
    if failed:
        out.write(f"; {len(failed)} failed")
    one_sided = len(summary.only_on_target)
    if one_sided:
        out.write(f"; {one_sided} only on the target, left alone")
    out.write(".\n")
    if summary.sync_direction == "push":
        _print_bucket_copies(sent, out)
    kept = summary.replaced_copies if summary.sync_direction != "push" else {}
    if kept:
        out.write(f"The replaced local versions of {files_count(len(kept))} were kept:\n")
        for local, where in kept.items():
            out.write(f"  {printable(local)}\n    -> {printable(where)}\n")
    if refused:
        err.write(f"Refused {files_count(len(refused))}, left alone for safety:\n")
        print_by_reason([(item.name, item.reason or "") for item in refused], err)
    _print_failures(summary, err)


def _print_bucket_copies(sent: Sequence[SyncObject], out: TextIO) -> None:
    """After a push: where the bucket kept the versions it replaced (one backup folder per
    run, so usually one line), or that they were not kept."""
    replaced = [item for item in sent if item.state is not None and item.state.replaces]
    kept = [(item.remote_path, item.replaced_copy) for item in replaced if item.replaced_copy]
    if kept:
        count = files_count(len(kept))
        them = "it" if len(kept) == 1 else "them"
        folders = {copy[: -len(name) - 1] for name, copy in kept if copy.endswith("/" + name)}
        if len(folders) == 1 and all(copy.endswith("/" + name) for name, copy in kept):
            folder = folders.pop()
            run = folder.rpartition("/")[2]
            out.write(
                f"The bucket's replaced versions of {count} were kept in {printable(folder)}/ "
                f"in the bucket; `bucketferry undo {printable(run)}` puts {them} back.\n"
            )
        elif all(copy.startswith("version ") for _, copy in kept):
            out.write(
                f"The bucket keeps the replaced versions of {count} as old versions; "
                f"`bucketferry undo RUN_ID` puts {them} back (`bucketferry history` lists "
                "runs).\n"
            )
        else:
            out.write(f"The bucket's replaced versions of {count} were kept:\n")
            for name, copy in kept[:SHOWN_IN_LISTS]:
                out.write(f"  {printable(name)}\n    -> {printable(copy)}\n")
            if len(kept) > SHOWN_IN_LISTS:
                out.write(f"  ... and {len(kept) - SHOWN_IN_LISTS} more (--json lists all)\n")
    lost = len(replaced) - len(kept)
    if lost:
        out.write(
            f"The bucket's replaced versions of {files_count(lost)} were not kept (bucket "
            "backups are off).\n"
        )


def print_by_reason(pairs: Sequence[tuple[str, str]], err: TextIO, noun: str = "file") -> None:
    """(name, reason) pairs as names under their reason, at most SHOWN_IN_LISTS names in
    all, then a count: reasons are few, names can be a hundred thousand."""
    shown = 0
    for reason, names in by_reason(pairs):
        if shown >= SHOWN_IN_LISTS:
            break
        err.write(
            f"  {printable(reason) or 'no reason given'} ({files_count(len(names), noun)}):\n"
        )
        for name in names[: SHOWN_IN_LISTS - shown]:
            err.write(f"    {printable(name)}\n")
        shown += min(len(names), SHOWN_IN_LISTS - shown)
    if len(pairs) > shown:
        err.write(f"  ... and {len(pairs) - shown} more (--json lists all)\n")


def _print_failures(summary: TransactionSummary, err: TextIO) -> None:
    """Failures grouped by reason: one line for a file, a count and a few names for a
    group. The files a stopped run never tried (the engine gives them the reason it
    stopped for) are one count under "Stopped"."""
    stopped = summary.stopped_reason
    failed = [(item.name, item.reason or "unknown reason") for item in summary.failed_files]
    others = [(name, reason) for name, reason in failed if reason != stopped]
    lines, told = 0, 0
    for reason, names in by_reason(others):
        if lines >= SHOWN_IN_LISTS:
            err.write(f"... and {len(others) - told} more failed (--json lists all)\n")
            break
        told += len(names)
        if len(names) == 1:
            err.write(f"failed: {printable(names[0])}: {printable(reason)}\n")
            lines += 1
            continue
        err.write(f"failed: {files_count(len(names))}: {printable(reason)}\n")
        for name in names[:FEW]:
            err.write(f"  {printable(name)}\n")
        if len(names) > FEW:
            err.write(f"  ... and {len(names) - FEW} more\n")
        lines += 1 + min(len(names), FEW)
    if stopped is not None:
        untried = len(failed) - len(others)
        err.write(f"Stopped: {printable(stopped)}\n")
        if untried:  # the files never tried, and the one whose error stopped the run
            were = "was" if untried == 1 else "were"
            err.write(f"{files_count(untried)} {were} not transferred because of this.\n")
    if failed:
        err.write("Run the same command again to retry the failed files.\n")


def local_time(raw: object) -> str | None:
    """A time the engine or a provider gave (ISO 8601 or an HTTP date) in local time,
    ``YYYY-MM-DD HH:MM``; None when there is none. Text that is neither is cut short
    rather than dropped: a provider's odd date still says something."""
    if not raw:
        return None
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


def _when(obj: RemoteObjectProtocol) -> str:
    """Last modification in local time, from the date the provider gave."""
    extra = getattr(obj, "extra", None) or {}
    return local_time(extra.get("last_modified")) or "-"


def print_listing(objects: Sequence[RemoteObjectProtocol], base_path: str, out: TextIO) -> None:
    """One line per object: size, last modified, name relative to the base path; objects
    that pull and rm leave alone (a symbolic link in a folder bucket...) are marked with
    the reason. The total goes to a terminal only, so piped output has one line per
    object."""
    cut = base_length(base_path)
    refused = 0
    for obj in objects:
        refusal = getattr(obj, "refusal", None)
        mark = f"  (refused: {printable(refusal)})" if refusal else ""
        refused += bool(refusal)
        out.write(
            f"{human_size(obj.size):>9}  {_when(obj):16}  {printable(obj.name[cut:])}{mark}\n"
        )
    if out.isatty() and objects:
        total = human_size(sum(obj.size for obj in objects))
        also = f"; {refused} refused" if refused else ""
        out.write(f"{files_count(len(objects), 'object')}, {total}{also}\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Columns as wide as their widest cell; the header underlined on a terminal."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    out.write(paint(line(headers).rstrip(), "4", use_colour(out)) + "\n")
    for row in rows:
        out.write(line(row).rstrip() + "\n")


class StatusLine:
    """The last line of a terminal, shared by the progress bar and the waiting notice.

    Both are written from other threads (the engine's workers, the notice's poller), so
    one lock and one place that draws keep them from overwriting each other. While the
    server keeps a request waiting, the notice takes the place of the current file name:
    the file is not moving anyway, and the notice must not be cut off at the edge.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._lock = threading.Lock()
        self._progress = ""
        self._current = ""
        self._waiting = ""
        self._drawn = False

    def show_progress(self, progress: str, current: str) -> None:
        with self._lock:
            self._progress, self._current = progress, printable(current)
            self._draw()

    def show_waiting(self, words: str) -> None:
        """``words`` while a request waits; "" erases them once answers flow again."""
        with self._lock:
            if words != self._waiting:
                self._waiting = words
                self._draw()

    def say(self, text: str) -> None:
        """A line of its own above the status line (which is drawn again below it)."""
        with self._lock:
            self.stream.write("\r\x1b[K" + text + "\n")
            self._drawn = False
            self._draw()
            self.stream.flush()

    def clear_progress(self) -> None:
        with self._lock:
            self._progress = self._current = ""
            self._draw()

    def _draw(self) -> None:
        text = "  ".join(part for part in (self._progress, self._waiting or self._current) if part)
        if text:
            width = shutil.get_terminal_size().columns - 1
            self.stream.write("\r" + text[:width] + "\x1b[K")
        elif self._drawn:
            self.stream.write("\r\x1b[K")
        else:
            return
        self.stream.flush()
        self._drawn = bool(text)


class ProgressBar:
    """A one-line bar on a terminal: percent, bytes, speed, time left, files, current file.

    Called from the engine's worker threads (at most ten times a second). It appears only
    after half a second, so quick runs do not flicker, and is erased at the end so the
    result line stands alone.

    ``counting`` names what to count instead of bytes (e.g. "object"): deleting moves no
    bytes, so the bar follows the objects done.
    """

    DELAY = 0.5

    def __init__(self, line: StatusLine, counting: str | None = None) -> None:
        self.line = line
        self.counting = counting
        self.started = time.monotonic()

    def __call__(self, report: Progress) -> None:
        if time.monotonic() - self.started < self.DELAY:
            return
        by_files = self.counting is not None
        fraction = report.fraction(by_files=by_files)
        rate = report.rate(by_files=by_files)
        left = report.seconds_left(by_files=by_files)
        if self.counting is None:
            amount = (
                f"{human_size(report.bytes_done)} of {human_size(report.bytes_total)}  "
                f"{human_size(rate)}/s"
            )
            files = f"  {report.files_done}/{report.files_total} files"
        else:
            total = files_count(report.files_total, self.counting)
            amount = f"{report.files_done} of {total}  {rate:.0f}/s"
            files = ""
        bar = "#" * int(fraction * 20)
        self.line.show_progress(
            f"[{bar:<20}] {fraction:4.0%}  {amount}  "
            f"{human_duration(left) if left is not None else '?'} left{files}",
            report.current_file,
        )

    def close(self) -> None:
        self.line.clear_progress()


class ResumeNotes:
    """Says once for each file whose upload resumes where an interrupted one stopped:
    "resuming big.bin: 536.9 MB of 1.1 GB already there", on a terminal as a line above
    the bar, elsewhere as a plain line on standard error. Then hands the report on to
    ``then`` (the bar). The engine's reports carry every resumed file until the run ends
    (:attr:`Progress.resumed`), so none is missed between two reports."""

    def __init__(self, stream: TextIO, line: StatusLine | None, then: ProgressBar | None):
        self.stream = stream
        self.line = line
        self.then = then
        self._said: set[str] = set()
        self._lock = threading.Lock()
        self.bytes_resumed = 0
        """What the resumed uploads found in the bucket, as last reported."""

    def __call__(self, report: Progress) -> None:
        self.bytes_resumed = report.bytes_resumed
        for name, (already, size) in report.resumed.items():
            with self._lock:
                if name in self._said:
                    continue
                self._said.add(name)
            words = resume_words(name, already, size)
            if self.line is not None:
                self.line.say(words)
            else:
                self.stream.write(words + "\n")
                self.stream.flush()
        if self.then is not None:
            self.then(report)


def resume_words(name: str, already: int, size: int) -> str:
    """'resuming big.bin: 536.9 MB of 1.1 GB already there'."""
    return f"resuming {printable(name)}: {human_size(already)} of {human_size(size)} already there"


class WaitNotice:
    """Says on standard error when the server has kept a request waiting for a while.

    A server that accepts connections and then says nothing looks like a frozen command
    until the timeout (30 s by default, then again for each retry). A thread polls
    :data:`bucketferry.core.waiting.server_waits` twice a second; once a request has waited
    ``waiting.WORTH_SAYING`` seconds it says so: on a terminal in the status line, counted
    up in place and erased when answers flow again; elsewhere (a log file, CI) as a plain
    line when the wait becomes worth saying, then at most every ``REPEAT`` seconds, so a
    long wait does not fill the file. Fast runs print nothing. Used as a context manager
    around the calls that reach the server, so it has stopped (and erased its words)
    before the command prints its result.
    """

    POLL = 0.5
    REPEAT = 30.0

    def __init__(self, stream: TextIO, line: StatusLine | None) -> None:
        self.stream = stream
        self.line = line
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="wait-notice", daemon=True)
        self._said_at: float | None = None

    def __enter__(self) -> WaitNotice:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        if self.line is not None:
            self.line.show_waiting("")

    def _poll(self) -> None:
        while not self._stop.wait(self.POLL):
            words = waiting_words(server_waits.longest())
            if self.line is not None:
                self.line.show_waiting(words)
                continue
            now = time.monotonic()
            if words and (self._said_at is None or now - self._said_at >= self.REPEAT):
                self.stream.write(words[0].upper() + words[1:] + "\n")
                self.stream.flush()
                self._said_at = now
