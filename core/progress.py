"""Progress reports and cooperative cancellation shared by the engine's workers."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field

from .errors import CancelledError


class CancelToken:
    """Set once by anyone (GUI, Ctrl-C handler); every worker checks it between chunks.

    Transfers read and send data in chunks of at most 1 MiB and check the token in between,
    so a cancel takes effect well within a second.
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise CancelledError()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; returns True early if cancelled (used for retry backoff)."""
        return self._event.wait(seconds)


@dataclass(frozen=True)
class Progress:
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    current_file: str
    elapsed: float
    bytes_resumed: int = 0
    """Of ``bytes_done``, the bytes an interrupted upload had already put in the bucket:
    not sent by this run, so not counted in the rate."""
    resumed: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """Files whose upload resumed where an earlier one stopped: name -> (bytes already
    there, the file's size). The user interfaces say "resuming: 512 MB of 1 GB already
    there" for them."""

    def _done_total(self, by_files: bool) -> tuple[int, int]:
        if by_files:
            return self.files_done, self.files_total
        return self.bytes_done, self.bytes_total

    def fraction(self, *, by_files: bool = False) -> float:
        """How much is done, 0.0 to 1.0: by bytes, or by files where no bytes move
        (deleting). Nothing to do counts as done."""
        done, total = self._done_total(by_files)
        return min(done / total, 1.0) if total else 1.0

    def rate(self, *, by_files: bool = False) -> float:
        """Bytes (or files) per second so far (bytes sent, not those already there)."""
        done, _ = self._done_total(by_files)
        if not by_files:
            done -= self.bytes_resumed
        return done / self.elapsed if self.elapsed > 0 else 0.0

    def seconds_left(self, *, by_files: bool = False) -> float | None:
        """Time left at the speed so far; None until anything moved (no honest guess)."""
        done, total = self._done_total(by_files)
        rate = self.rate(by_files=by_files)
        return max(total - done, 0) / rate if rate > 0 else None


ProgressCallback = Callable[[Progress], None]

ResumeReport = Callable[[int, int], None]
"""(bytes already in the bucket, the file's size): what an upload that resumes where an
earlier one stopped says; said again with a smaller number if a part turns out to need
sending after all."""

_resume_report: ContextVar[ResumeReport | None] = ContextVar("resume_report", default=None)


@contextlib.contextmanager
def reporting_resumes(report: ResumeReport) -> Iterator[None]:
    """Uploads started in this thread (or context) inside the block tell ``report`` when
    they resume (stores ask :func:`resume_reporter`): the store interface has no place
    for it, and only uploads in parts ever resume."""
    token = _resume_report.set(report)
    try:
        yield
    finally:
        _resume_report.reset(token)


def resume_reporter() -> ResumeReport:
    """Where an upload started here says that it resumes (see :func:`reporting_resumes`);
    taken in the thread the upload started in, for its part workers to call."""
    return _resume_report.get() or _no_report


def _no_report(already: int, size: int) -> None:
    pass


class ProgressTracker:
    """Counts bytes and files from many threads and calls the callback at most ``hz`` times
    a second (plus once at the end), so reporting costs nothing on hot paths."""

    def __init__(
        self,
        callback: ProgressCallback | None,
        files_total: int,
        bytes_total: int,
        hz: float = 10.0,
    ) -> None:
        self._callback = callback
        self._lock = threading.Lock()
        self._interval = 1.0 / hz
        self._start = time.monotonic()
        self._last_report = 0.0
        self.files_total = files_total
        self.bytes_total = bytes_total
        self.files_done = 0
        self.bytes_done = 0
        self.bytes_resumed = 0
        self.resumed: dict[str, tuple[int, int]] = {}
        self.current_file = ""

    def add_bytes(self, count: int, current_file: str | None = None) -> None:
        with self._lock:
            self.bytes_done += count
            if current_file is not None:
                self.current_file = current_file
        self._maybe_report()

    def resume(self, name: str, already: int, size: int) -> None:
        """``name``'s upload resumes with ``already`` bytes of ``size`` in the bucket
        (counted as done); said again, the new number replaces the old; 0 takes it back
        (the upload is tried again from the start)."""
        with self._lock:
            if not already and name not in self.resumed:
                return
            before = self.resumed.pop(name, (0, 0))[0]
            if already:
                self.resumed[name] = (already, size)
            self.bytes_done += already - before
            self.bytes_resumed += already - before
            self.current_file = name
        self._maybe_report()

    def file_done(self, name: str) -> None:
        with self._lock:
            self.files_done += 1
            self.current_file = name
        self._maybe_report()

    def snapshot(self) -> Progress:
        with self._lock:
            return Progress(
                files_done=self.files_done,
                files_total=self.files_total,
                bytes_done=self.bytes_done,
                bytes_total=self.bytes_total,
                current_file=self.current_file,
                elapsed=time.monotonic() - self._start,
                bytes_resumed=self.bytes_resumed,
                resumed=dict(self.resumed),
            )

    def _maybe_report(self) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        with self._lock:
            if now - self._last_report < self._interval:
                return
            self._last_report = now
        self._callback(self.snapshot())

    def finish(self) -> None:
        if self._callback is not None:
            self._callback(self.snapshot())
