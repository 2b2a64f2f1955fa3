"""The log file that the window and the command line share, rotated safely by both.

Both write to ``<user log dir>/bucketferry.log`` (``platformdirs.user_log_dir``; on Linux
``~/.local/state/bucketferry/log``), rotated at 2 MB with 3 old files kept. No Qt here, so
the command line can use it on a machine without a display.

Why not the plain :class:`logging.handlers.RotatingFileHandler`: with two processes (the
window open while a script runs ``bucketferry``), one of them renames the file while the
other keeps writing into the renamed file, rotates *that* one again later and deletes
records the first process wrote. :class:`SharedRotatingFileHandler` rotates under a lock
shared between processes, rechecks the size after taking it (so two processes do not both
rotate), and before every record reopens the file if another process rotated it away.
Where renaming a file another process holds open fails (Windows), it keeps appending to
the current file and tries again later: the log grows past the limit but loses nothing.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import time
from pathlib import Path
from types import TracebackType
from typing import TextIO

import fasteners

from .display import printable
from .locations import log_dir

LOGGER_NAME = "bucketferry"
"""The logger every part of Bucket Ferry logs below (``bucketferry.core...``, ``.gui...``)."""

FILE_NAME = "bucketferry.log"
MAX_BYTES = 2_000_000
BACKUP_COUNT = 3
FILE_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
"""The process id tells the window's lines from the command line's in the shared file."""
STREAM_FORMAT = "%(levelname)s %(name)s: %(message)s"
RETRY_ROTATION_SECONDS = 60.0

log = logging.getLogger(__name__)

_installed: list[logging.Handler] = []
"""Handlers added by :func:`setup_logging`, replaced when it is called again."""


class EscapingFormatter(logging.Formatter):
    """Log lines that a name cannot forge or break.

    Messages carry names from buckets and folders: a line feed in one would start a fake
    record, an escape sequence would recolour the terminal of ``-v`` or of whoever reads
    the file with ``cat``, and a lone surrogate (a file name that is not UTF-8) cannot be
    encoded at all, so the handler printed "--- Logging error ---" instead of the record.
    Here, once for every log call of the engine and the window, the message is escaped
    with :func:`printable`; a traceback keeps its lines, each escaped the same way.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:
        message = record.message
        record.message = printable(message)
        try:
            return super().formatMessage(record)
        finally:
            record.message = message  # other handlers format the record as it came

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        return _escape_lines(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return _escape_lines(super().formatStack(stack_info))


def _escape_lines(text: str) -> str:
    return "\n".join(printable(line) for line in text.split("\n"))


def log_file_path() -> Path:
    """Where the shared log file is (it may not exist yet)."""
    return log_dir() / FILE_NAME


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A size-rotated log file that several processes can write and rotate at once.

    Records are appended (``O_APPEND``), so lines of different processes never overwrite
    each other. Rotation takes an inter-process lock (``<file>.lock``) and checks again
    under it whether rotation is still due, so only one process rotates. Every process
    checks before each record whether the file under the log's name is still the one it
    has open (device and inode) and reopens it if not, so nobody keeps writing into a
    rotated file that a later rotation would delete.
    """

    def __init__(
        self,
        filename: str | os.PathLike[str],
        max_bytes: int = MAX_BYTES,
        backup_count: int = BACKUP_COUNT,
    ) -> None:
        # backslashreplace: whatever a formatter lets through is written, never refused
        super().__init__(
            filename,
            maxBytes=max_bytes,
            backupCount=backup_count,
            encoding="utf-8",
            errors="backslashreplace",
        )
        self._lock_path = self.baseFilename + ".lock"
        self._rotation_blocked_until = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._reopen_if_moved()
            if time.monotonic() >= self._rotation_blocked_until and self.shouldRollover(record):
                with fasteners.InterProcessLock(self._lock_path):
                    self._reopen_if_moved()  # another process may have rotated meanwhile
                    if self.shouldRollover(record):
                        self.doRollover()
            logging.FileHandler.emit(self, record)
        except Exception:
            self.handleError(record)

    def _reopen_if_moved(self) -> None:
        """Point the stream at the file that has the log's name now."""
        try:
            on_disk: os.stat_result | None = os.stat(self.baseFilename)
        except FileNotFoundError:
            on_disk = None
        if self.stream is not None:
            ours = os.fstat(self.stream.fileno())
            if on_disk is not None and (on_disk.st_dev, on_disk.st_ino) == (
                ours.st_dev,
                ours.st_ino,
            ):
                return
            self.stream.close()
        self.stream = self._open()

    def doRollover(self) -> None:
        """Rotate; if a file cannot be renamed (held open elsewhere on Windows), keep
        appending to the current one and retry in a minute rather than losing records."""
        try:
            super().doRollover()
        except OSError as exc:
            self._rotation_blocked_until = time.monotonic() + RETRY_ROTATION_SECONDS
            if self.stream is None:
                self.stream = self._open()
            log.info("Log rotation postponed (%s); still writing to %s", exc, self.baseFilename)


def setup_logging(verbose_stream: TextIO | None = None) -> Path | None:
    """Send Bucket Ferry's log records to the shared log file, and to ``verbose_stream``.

    Returns the log file's path, or ``None`` if it cannot be written (read-only home, full
    disk): the program goes on without it, and a warning saying why goes to the other
    handlers (``verbose_stream``, the window's log view). Calling it again replaces the
    handlers it added before, so nothing is logged twice.
    """
    logger = logging.getLogger(LOGGER_NAME)
    for handler in _installed:
        logger.removeHandler(handler)
        handler.close()
    _installed.clear()
    logger.setLevel(logging.INFO)
    if verbose_stream is not None:
        stream_handler = logging.StreamHandler(verbose_stream)
        stream_handler.setFormatter(EscapingFormatter(STREAM_FORMAT))
        _installed.append(stream_handler)
        logger.addHandler(stream_handler)
    path = log_file_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = SharedRotatingFileHandler(path)
    except OSError as exc:
        log.warning("Cannot write the log file %s (%s); logging there is off.", path, exc)
        return None
    file_handler.setFormatter(EscapingFormatter(FILE_FORMAT))
    _installed.append(file_handler)
    logger.addHandler(file_handler)
    return path
