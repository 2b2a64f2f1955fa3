"""Temporary files beside their target, renamed into place once complete.

Not ``tempfile.mkstemp``: it creates files readable by the owner only (0600), and a pulled
file must get the same permissions as any file the user creates (0666 less the umask).

Temporary names are ``.<target name>.bfpart-<host>-<pid>-<n>``: hidden, recognisable
exactly (a user's own ``thesis.bfpart-3.docx`` is an ordinary file that is pushed like any
other), and saying which process on which machine made them, so that a later run can
remove the ones a killed run left behind without touching another run's work in progress.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_MARKER = ".bfpart-"
_numbers = itertools.count()
_HOST = hashlib.sha1(socket.gethostname().encode(errors="replace")).hexdigest()[:6]
_TEMP_NAME = re.compile(r"\..*\.bfpart-(?:([0-9a-f]{6})-)?(\d+)-\d+", re.DOTALL)
"""Also the names of versions before the host was part of them: never sent, never removed."""


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_FLAGS |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _temp_name(name: str) -> str:
    # The name is shortened: file systems allow 255 bytes, and the target may use them.
    short = name.encode(errors="surrogateescape")[:120].decode(errors="ignore")
    return f".{short}{TEMP_MARKER}{_HOST}-{os.getpid()}-{next(_numbers)}"


def open_temp_beside(target: str) -> tuple[int, str]:
    """Create and open (write-only) a new hidden temporary file in the target's folder."""
    folder, name = os.path.split(target)
    while True:
        path = os.path.join(folder, _temp_name(name))
        try:
            return os.open(path, _FLAGS, 0o666), path
        except FileExistsError:
            continue


@contextlib.contextmanager
def replacing(target: str | Path, *, private: bool = False) -> Iterator[BinaryIO]:
    """Write a whole file beside ``target``, then rename it over ``target``.

    Yields the temporary file open for writing (binary). When the block ends normally the
    data is flushed to disk and renamed into place in one step, so readers see either the
    old file or the complete new one; if the block raises, the temporary file is removed
    and ``target`` is untouched. ``private``: readable by the user only (settings that name
    accounts), where other files get the usual permissions (0666 less the umask).
    """
    fd, temp = open_temp_beside(os.fspath(target))
    try:
        with os.fdopen(fd, "wb") as handle:
            if private and hasattr(os, "fchmod"):  # Windows: the profile folder's ACL rules
                os.fchmod(handle.fileno(), 0o600)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def open_temp_in(dir_fd: int, name: str) -> tuple[int, str]:
    """The same in the folder open as ``dir_fd``; returns the file's name in it."""
    while True:
        temp = _temp_name(name)
        try:
            return os.open(temp, _FLAGS, 0o666, dir_fd=dir_fd), temp
        except FileExistsError:
            continue


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of Bucket Ferry's temporary files (never synced)."""
    return TEMP_MARKER in name and _TEMP_NAME.fullmatch(name) is not None


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


def is_stale_temp(name: str) -> bool:
    """A temporary file whose run is over: made on this machine by a process that no
    longer exists (a run killed with kill -9, a crash, a power cut)."""
    match = _TEMP_NAME.fullmatch(name) if TEMP_MARKER in name else None
    if match is None:
        return False
    host, pid = match.group(1), int(match.group(2))
    if host != _HOST:
        return False  # another machine's run on a shared folder, or of unknown origin
    return pid != os.getpid() and _process_gone(pid)


def copy_bytes(source_fd: int, target_fd: int, size: int) -> None:
    """Copies ``size`` bytes from the start of one open file to another by the kernel
    (``copy_file_range``: no bytes through this process, shared blocks where the file
    system can share them), reading and writing where it cannot."""
    copied = 0
    if hasattr(os, "copy_file_range"):
        try:
            while copied < size:
                done = os.copy_file_range(source_fd, target_fd, size - copied)
                if done == 0:
                    break
                copied += done
        except OSError:
            copied = 0  # not on this file system (or across them): the plain way
            os.lseek(target_fd, 0, os.SEEK_SET)
            os.ftruncate(target_fd, 0)
    if copied:
        return
    os.lseek(source_fd, 0, os.SEEK_SET)
    while chunk := os.read(source_fd, 1024 * 1024):
        write_all(target_fd, chunk)


def write_all(fd: int, data: bytes) -> None:
    """Writes all of ``data`` (``os.write`` may write less than it is given)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
