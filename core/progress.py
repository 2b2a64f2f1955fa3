"""Progress reports and cooperative cancellation shared by the engine's workers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

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
        """Bytes (or files) per second so far."""
        done, _ = self._done_total(by_files)
        return done / self.elapsed if self.elapsed > 0 else 0.0

    def seconds_left(self, *, by_files: bool = False) -> float | None:
        """Time left at the speed so far; None until anything moved (no honest guess)."""
        done, total = self._done_total(by_files)
        rate = self.rate(by_files=by_files)
        return max(total - done, 0) / rate if rate > 0 else None


ProgressCallback = Callable[[Progress], None]


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
        self.current_file = ""

    def add_bytes(self, count: int, current_file: str | None = None) -> None:
        with self._lock:
            self.bytes_done += count
            if current_file is not None:
                self.current_file = current_file
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
